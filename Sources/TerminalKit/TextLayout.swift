/// Lays sanitised text out in columns, truncating with an ellipsis.
enum TextLayout {
    struct Glyph {
        var character: Character
        var width: Int
        var style: Style
    }

    static let ellipsis: Character = "…"

    /// Glyphs of the spans, sanitised, zero-width clusters dropped (they have nothing to attach to).
    static func glyphs(_ spans: [Span]) -> [Glyph] {
        var glyphs: [Glyph] = []
        for span in spans {
            for character in Sanitizer.sanitize(span.text) {
                let width = DisplayWidth.of(character)
                if width > 0 { glyphs.append(Glyph(character: character, width: width, style: span.style)) }
            }
        }
        return glyphs
    }

    /// Glyphs that fit in `limit` columns. When the text is cut, it ends with `…` and is padded
    /// with spaces to exactly `limit` columns, so no wide character is ever split in half.
    static func fit(_ glyphs: [Glyph], limit: Int) -> [Glyph] {
        guard limit > 0 else { return [] }
        var total = 0
        for glyph in glyphs {
            total += glyph.width
            if total > limit { break }
        }
        if total <= limit { return glyphs }
        var kept: [Glyph] = []
        var used = 0
        var cutStyle = glyphs.first?.style ?? .plain
        for glyph in glyphs {
            cutStyle = glyph.style
            if used + glyph.width > limit - 1 { break }
            kept.append(glyph)
            used += glyph.width
        }
        // A cut at a word's end leaves no space before the `…` ("Дәурен …" read as a whole word cut; review).
        while let last = kept.last, last.character.isWhitespace {
            kept.removeLast()
            used -= last.width
        }
        kept.append(Glyph(character: ellipsis, width: 1, style: cutStyle))
        used += 1
        while used < limit {
            kept.append(Glyph(character: " ", width: 1, style: cutStyle))
            used += 1
        }
        return kept
    }

    static func width(_ glyphs: [Glyph]) -> Int { glyphs.reduce(0) { $0 + $1.width } }
}

extension DisplayWidth {
    /// `text` sanitised and cut to at most `columns` columns, ending in `…` (and padded to exactly
    /// `columns`) when it had to be cut.
    public static func truncate(_ text: String, toColumns columns: Int) -> String {
        String(TextLayout.fit(TextLayout.glyphs([Span(text)]), limit: columns).map(\.character))
    }

    /// `text` cut to at most `columns` columns, ending in `…` when it had to be cut, without the padding: for text
    /// that more text follows on the line (the top bar's name before " · role").
    public static func cut(_ text: String, toColumns columns: Int) -> String {
        var glyphs = TextLayout.fit(TextLayout.glyphs([Span(text)]), limit: columns)
        if glyphs.contains(where: { $0.character == TextLayout.ellipsis }) {
            while glyphs.last?.character == " " { glyphs.removeLast() }
        }
        return String(glyphs.map(\.character))
    }

    /// `text` truncated or padded with spaces to exactly `columns` columns.
    public static func pad(_ text: String, toColumns columns: Int, alignment: Alignment = .left) -> String {
        let fitted = truncate(text, toColumns: columns)
        let gap = max(0, columns - of(fitted))
        let leading = switch alignment {
        case .left: 0
        case .center: gap / 2
        case .right: gap
        }
        return String(repeating: " ", count: leading) + fitted + String(repeating: " ", count: gap - leading)
    }
}
