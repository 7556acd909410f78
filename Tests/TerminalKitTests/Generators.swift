import PropertyBased

/// Strings from a hostile mixed alphabet: ASCII, Kazakh Cyrillic, CJK, combining marks, emoji,
/// controls, and escape-sequence fragments.
enum TestStrings {
    static let pieces: [String] = [
        "a", "Z", "7", " ", "~", "Ә", "Қ", "ұ", "і", "ң", "Ж", "中", "文", "한", "ｱ", "Ａ", "\u{0301}", "\u{0483}",
        "😀", "👨‍👩‍👧", "❤️", "🇰🇿", "\u{200D}", "\u{1B}", "\u{1B}[2J", "\u{1B}]52;c;", "\u{07}", "\u{9B}", "\u{9D}",
        "\u{9C}", "\r", "\n", "\t", "\u{08}", "\u{00}", "\u{7F}", "\u{202E}", "\u{2066}", "\u{2028}", "[", "\\",
    ]

    static let mixed = Gen<String?>.element(of: pieces).map { $0! }.array(of: 0...24).map { $0.joined() }

    /// Any scalars at all (surrogate code points replaced).
    static let anyScalars = Gen.uint32(in: 0...0x10FFFF)
        .map { Character(Unicode.Scalar($0) ?? "?") }
        .string(of: 0...24)
}
