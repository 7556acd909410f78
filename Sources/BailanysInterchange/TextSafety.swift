import UnsafeText

/// Which characters may travel through a file. Imports refuse the unsafe ones with a named error;
/// exports drop them (JSON escapes them instead), so nothing that `cat` or a terminal would obey
/// (ESC sequences, BEL, C1 controls, bidi overrides) leaves or enters the directory.
public enum ExportText {
    /// The unsafe characters (`UnsafeScalars`) except TAB, LF and CR: multi-line notes are allowed, and each
    /// writer encodes line breaks its own way.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool { UnsafeScalars.isUnsafe(scalar, allowingLineBreaks: true) }

    /// Exact byte test for the UTF-8 forms of unsafe scalars, for a fast "is there any" scan of a file.
    static func hasUnsafe<S: Sequence>(_ bytes: S) -> Bool where S.Element == UInt8 {
        UnsafeScalars.containsUnsafe(bytes, allowingLineBreaks: true)
    }

    /// `text` without unsafe scalars; `text` itself when it has none (the usual case).
    public static func clean(_ text: String) -> String { UnsafeScalars.removingUnsafe(from: text, allowingLineBreaks: true) }

    /// The first unsafe scalar of `text`, named for an error message ("U+001B (ESC)").
    static func firstUnsafe(_ text: String) -> String? {
        UnsafeScalars.firstUnsafe(in: text, allowingLineBreaks: true).map(UnsafeScalars.name)
    }

    /// The message of an import issue for a value holding an unsafe character.
    static func refusal(_ what: String, _ character: String) -> String {
        "\(what) holds the control character \(character) (expected plain text; terminal controls and bidi overrides are refused so that nobody viewing the directory or an export can be tricked by them)"
    }

    /// JSON text with C1 controls, DEL, line separators and bidi controls as `\uXXXX` escapes: the data
    /// survives for a JSON reader, and nothing reaches a terminal that shows the file.
    /// `\uXXXX` for a scalar of the Basic Multilingual Plane (every character escaped here is one).
    static func jsonEscape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    public static func jsonSafe(_ json: String) -> String {
        guard hasUnsafe(json.utf8) else { return json }
        var out = ""
        for scalar in json.unicodeScalars {
            if isUnsafe(scalar) {
                out += jsonEscape(scalar)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// Spreadsheet formula injection (OWASP "CSV Injection"): a cell that starts with = + - @ TAB or CR is
/// run as a formula by Excel and LibreOffice. Exports prefix such a cell with an apostrophe, which
/// spreadsheets read as "text follows"; imports drop exactly that apostrophe again, so `+7 701 …`
/// and `-` round-trip unchanged.
public enum SpreadsheetCell {
    static func isTrigger(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return "=+-@\t\r".unicodeScalars.contains(scalar)
    }

    /// Whether the writer must prefix `text`: it starts with a trigger, or with an apostrophe the reader would drop.
    static func needsPrefix(_ text: Substring.UnicodeScalarView) -> Bool {
        guard let first = text.first else { return false }
        return isTrigger(first) || (first == "'" && needsPrefix(text.dropFirst()))
    }

    public static func neutralised(_ text: String) -> String {
        needsPrefix(Substring(text).unicodeScalars) ? "'" + text : text
    }

    /// The inverse of `neutralised`: a leading apostrophe is dropped only where the writer would have added it.
    public static func restored(_ text: String) -> String {
        let scalars = Substring(text).unicodeScalars
        guard scalars.first == "'", needsPrefix(scalars.dropFirst()) else { return text }
        return String(text.unicodeScalars.dropFirst())
    }
}
