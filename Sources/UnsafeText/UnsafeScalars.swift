/// The characters no untrusted text may carry to a terminal or into a file someone will view: C0 controls,
/// DEL, C1 controls, the line and paragraph separators, and the bidi embeddings, overrides, isolates and
/// marks that reorder what a reader sees. One list, so the screen (TerminalKit's `Sanitizer`) and the files
/// (BailanysInterchange's `ExportText`) can never disagree about what is unsafe.
public enum UnsafeScalars {
    /// True for every unsafe scalar; with `allowingLineBreaks`, TAB, LF and CR pass (multi-line text
    /// whose writer encodes line breaks its own way).
    @inlinable
    public static func isUnsafe(_ scalar: Unicode.Scalar, allowingLineBreaks: Bool = false) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: !allowingLineBreaks
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: true
        default: isBidiControl(scalar.value)
        }
    }

    /// `text` without its unsafe scalars; `text` itself when it has none (the usual case). With `allowingLineBreaks`,
    /// TAB, LF and CR stay.
    public static func removingUnsafe(from text: String, allowingLineBreaks: Bool = false) -> String {
        guard containsUnsafe(text.utf8, allowingLineBreaks: allowingLineBreaks) else { return text }
        var kept = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !isUnsafe(scalar, allowingLineBreaks: allowingLineBreaks) { kept.append(scalar) }
        return String(kept)
    }

    /// The first unsafe scalar of `text`, if any.
    public static func firstUnsafe(in text: String, allowingLineBreaks: Bool = false) -> Unicode.Scalar? {
        guard containsUnsafe(text.utf8, allowingLineBreaks: allowingLineBreaks) else { return nil }
        return text.unicodeScalars.first { isUnsafe($0, allowingLineBreaks: allowingLineBreaks) }
    }

    /// An unsafe scalar named for a message, since it is invisible or acts on the terminal: "U+001B (ESC)".
    public static func name(_ scalar: Unicode.Scalar) -> String {
        let names: [UInt32: String] = [0x00: "NUL", 0x07: "BEL", 0x08: "backspace", 0x09: "tab", 0x1B: "ESC", 0x7F: "DEL",
                                       0x9B: "CSI", 0x202E: "right-to-left override", 0x202D: "left-to-right override"]
        let name = names[scalar.value] ?? (scalar.value < 0x20 ? "control" : scalar.value <= 0x9F ? "C1 control"
            : (0x2028...0x2029).contains(scalar.value) ? "line separator" : "bidi control")
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex) (\(name))"
    }

    @inlinable
    public static func isBidiControl(_ value: UInt32) -> Bool {
        (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
            || value == 0x200E || value == 0x200F || value == 0x061C
    }

    /// Exact byte scan for the UTF-8 forms of unsafe scalars, so safe text (the common case) is never decoded:
    /// single bytes below 0x20 and 0x7F, C2 80–9F (C1), D8 9C (U+061C), E2 80 8E/8F/A8–AE and
    /// E2 81 A6–A9 (the U+20xx controls).
    @inlinable
    public static func containsUnsafe<Bytes: Sequence>(_ bytes: Bytes, allowingLineBreaks: Bool = false) -> Bool
    where Bytes.Element == UInt8 {
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        for byte in bytes {
            if byte < 0x20 || byte == 0x7F {
                if !(allowingLineBreaks && (byte == 0x09 || byte == 0x0A || byte == 0x0D)) { return true }
            }
            switch previous {
            case 0xC2 where byte <= 0x9F: return true
            case 0xD8 where byte == 0x9C: return true
            case 0x80 where beforePrevious == 0xE2 && (byte == 0x8E || byte == 0x8F || (0xA8...0xAE).contains(byte)):
                return true
            case 0x81 where beforePrevious == 0xE2 && (0xA6...0xA9).contains(byte): return true
            default: break
            }
            beforePrevious = previous
            previous = byte
        }
        return false
    }
}
