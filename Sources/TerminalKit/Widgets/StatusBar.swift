/// One key hint in a status bar: the key (highlighted) and what it does.
public struct KeyHint: Hashable, Sendable {
    public var key: String
    public var label: String
    /// Shown while there is room for it after the first hint: the hints between give way first (help, quit).
    public var keeps: Bool

    public init(_ key: String, _ label: String, keeps: Bool = false) {
        self.key = key
        self.label = label
        self.keeps = keeps
    }

    /// The columns `key label` takes on a bar.
    public var width: Int { DisplayWidth.of(key) + 1 + DisplayWidth.of(label) }
}

/// A one-line bar like `q Quit  / Search  ? Help` with an optional right-aligned message.
/// Hints that do not fit are dropped whole rather than cut mid-word, the last of those not kept first; the message
/// is shown only where it fits after the hints.
public struct StatusBar: Widget {
    public var hints: [KeyHint]
    public var message: String
    public var style: Style
    public var keyStyle: Style

    public init(
        hints: [KeyHint], message: String = "", style: Style = Style(attributes: .reverse),
        keyStyle: Style = Style(attributes: .bold)
    ) {
        self.hints = hints
        self.message = message
        self.style = style
        self.keyStyle = keyStyle
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let y = area.minY
        buffer.fill(Rect(x: area.minX, y: y, width: area.width, height: 1), style: style)
        let separator = 2
        var shown = hints
        func width(_ hints: [KeyHint]) -> Int { hints.reduce(0) { $0 + $1.width } + separator * max(0, hints.count - 1) }
        while width(shown) > area.width - 2, let drop = shown.indices.dropFirst().last(where: { !shown[$0].keeps }) {
            shown.remove(at: drop)
        }
        var x = area.minX + 1
        for (index, hint) in shown.enumerated() {
            let spans = [Span(hint.key, style: style.overlaid(with: keyStyle)), Span(" " + hint.label, style: style)]
            let start = index == 0 ? x : x + separator
            if start + hint.width > area.maxX {
                if index == 0 { buffer.put(spans, x: start, y: y, maxWidth: area.maxX - start) }
                x = area.maxX
                break
            }
            x = start + buffer.put(spans, x: start, y: y)
        }
        let messageWidth = DisplayWidth.of(message)
        if messageWidth > 0, x + separator + messageWidth + 1 <= area.maxX {
            buffer.put(message, x: area.maxX - 1 - messageWidth, y: y, style: style)
        }
    }
}
