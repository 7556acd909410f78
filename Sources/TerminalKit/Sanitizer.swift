import UnsafeText

/// Makes untrusted text safe to draw: nothing in the output can move the cursor, change modes,
/// write the clipboard, set the title, reorder text, or otherwise reach the terminal as a control.
///
/// Replacement policy (every placeholder is a printable, single-column character):
/// - a whole escape sequence — `ESC` with its CSI/OSC/DCS/SOS/PM/APC body or two-character form,
///   and the 8-bit introducers U+009B CSI, U+009D OSC, U+0090 DCS, U+0098 SOS, U+009E PM,
///   U+009F APC with their bodies — becomes ONE `␛` (U+241B), so no payload text survives;
///   an unterminated string sequence swallows the rest of the input, as a terminal would;
/// - other C0 controls (NUL, BS, TAB, CR, LF, …) become their Control Pictures (U+2400 + code: `␀ ␈ ␉ ␍ ␊`),
///   a CR LF pair becomes one `␊`, and DEL becomes `␡`;
/// - line and paragraph separators (U+2028, U+2029) become `␤`;
/// - remaining C1 controls (U+0080–U+009F) and bidi overrides/isolates/marks
///   (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) become `�` (U+FFFD).
public enum Sanitizer {
    public static let escapePlaceholder: Unicode.Scalar = "\u{241B}"
    public static let invisibleControlPlaceholder: Unicode.Scalar = "\u{FFFD}"
    public static let lineSeparatorPlaceholder: Unicode.Scalar = "\u{2424}"

    /// The drawable form of `text`. Returns `text` itself when it is already safe (the common case),
    /// found by a single pass over its UTF-8 bytes.
    public static func sanitize(_ text: String) -> String {
        needsWork(text) ? rewrite(text) : text
    }

    /// True when the scalar must never reach the terminal.
    public static func isForbidden(_ scalar: Unicode.Scalar) -> Bool { UnsafeScalars.isUnsafe(scalar) }

    /// Splits multi-line text on LF, CR LF, CR, U+2028 and U+2029 and sanitises each line.
    public static func lines(_ text: String) -> [String] {
        text.split(omittingEmptySubsequences: false) { character in
            character == "\n" || character == "\r\n" || character == "\r"
                || character == "\u{2028}" || character == "\u{2029}"
        }.map { sanitize(String($0)) }
    }

    private static func needsWork(_ text: String) -> Bool { UnsafeScalars.containsUnsafe(text.utf8) }

    private static func rewrite(_ text: String) -> String {
        let input = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < input.count {
            let scalar = input[index]
            let value = scalar.value
            if !isForbidden(scalar) {
                output.append(scalar)
                index += 1
                continue
            }
            switch value {
            case 0x1B:
                index = endOfEscapeSequence(input, from: index + 1)
                output.append(escapePlaceholder)
            case 0x9B:
                index = endOfControlSequence(input, from: index + 1)
                output.append(escapePlaceholder)
            case 0x90, 0x98, 0x9D, 0x9E, 0x9F:
                index = endOfControlString(input, from: index + 1)
                output.append(escapePlaceholder)
            case 0x0D where index + 1 < input.count && input[index + 1].value == 0x0A:
                output.append(Unicode.Scalar(0x240A)!)
                index += 2
            case 0x00...0x1F:
                output.append(Unicode.Scalar(0x2400 + value)!)
                index += 1
            case 0x7F:
                output.append("\u{2421}")
                index += 1
            case 0x2028, 0x2029:
                output.append(lineSeparatorPlaceholder)
                index += 1
            default:
                output.append(invisibleControlPlaceholder)
                index += 1
            }
        }
        return String(output)
    }

    /// `start` is just past an ESC. Returns the index just past the whole sequence.
    private static func endOfEscapeSequence(_ input: [Unicode.Scalar], from start: Int) -> Int {
        guard start < input.count else { return start }
        switch input[start].value {
        case 0x5B: return endOfControlSequence(input, from: start + 1)  // ESC [  CSI
        case 0x5D, 0x50, 0x58, 0x5E, 0x5F: return endOfControlString(input, from: start + 1)  // OSC DCS SOS PM APC
        case 0x20...0x2F:  // intermediates then one final byte, e.g. ESC ( B
            var index = start
            while index < input.count, (0x20...0x2F).contains(input[index].value) { index += 1 }
            if index < input.count, (0x30...0x7E).contains(input[index].value) { index += 1 }
            return index
        case 0x30...0x7E: return start + 1  // two-character form, e.g. ESC 7, ESC c
        default: return start  // lone ESC; whatever follows is judged on its own
        }
    }

    /// CSI body: parameter and intermediate bytes, then a final byte. Stops early at anything
    /// else so a stray character cannot swallow the rest of the text.
    private static func endOfControlSequence(_ input: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        while index < input.count, (0x20...0x3F).contains(input[index].value) { index += 1 }
        if index < input.count, (0x40...0x7E).contains(input[index].value) { index += 1 }
        return index
    }

    /// OSC/DCS/SOS/PM/APC body, ended by BEL, ST (ESC \) or 8-bit ST (U+009C); unterminated runs to the end.
    private static func endOfControlString(_ input: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        while index < input.count {
            switch input[index].value {
            case 0x07, 0x9C: return index + 1
            case 0x1B where index + 1 < input.count && input[index + 1].value == 0x5C: return index + 2
            default: index += 1
            }
        }
        return index
    }
}
