import Foundation

/// Folds any spelling of a Kazakh, Russian or Latin-script name to one lowercase ASCII skeleton,
/// so that "Ақтау", "Актау", "Aqtaý" and "Aktau" all become `aktau`.
///
/// The skeleton is a search key, not a transliteration: it is lossy on purpose.
///
/// | Skeleton | Kazakh / Russian Cyrillic | Latin (2021 Kazakh, Turkic, informal)      |
/// |----------|---------------------------|--------------------------------------------|
/// | a        | а ә                       | a á ä                                      |
/// | o        | о ө                       | o ó ö                                      |
/// | u        | у ұ ү ў                   | u ú ū ü ý w                                |
/// | i        | и й ы і ї                 | i ı y í ï                                  |
/// | e        | е э ё є                   | e é ë                                      |
/// | ia / iu  | я / ю                     | ya ia / yu iu                              |
/// | g        | г ғ ґ                     | g ǵ ğ, gh                                  |
/// | k        | к қ                       | k q                                        |
/// | n        | н ң                       | n ń ñ, ng                                  |
/// | j        | ж                         | j, zh                                      |
/// | h        | х һ                       | h x, kh                                    |
/// | sh       | ш щ                       | sh ş                                       |
/// | ch       | ч                         | ch ç                                       |
/// | ts       | ц                         | ts                                         |
/// | (none)   | ъ ь, combining marks      | apostrophes are word separators            |
///
/// Then, within a word: a repeated letter counts once (`Ассель` = `Asel`), `ie` becomes `e`
/// (`Yerlan` = `Ерлан`), `ng` becomes `n`, `gh` becomes `g`, `shch` becomes `sh`, and a `j` after a vowel and
/// before a consonant or the end of the word reads as й (`Ajgerim` = `Айгерім`). Digits are kept as they are.
/// Every other character separates words. See `docs/text-folding.md` for the reasons.
public enum TextFold {
    /// The folded skeleton of `text`: lowercase ASCII letters and digits, words separated by single spaces.
    public static func fold(_ text: some StringProtocol) -> String {
        var skeleton = Skeleton(capacity: text.utf8.count)
        for scalar in text.unicodeScalars {
            let entry = FoldTable.entry(for: scalar)
            switch entry {
            case FoldTable.separator: skeleton.separate()
            case FoldTable.ignored: continue
            default:
                var bytes = entry
                while bytes != 0 {
                    skeleton.append(UInt8(truncatingIfNeeded: bytes))
                    bytes >>= 8
                }
            }
        }
        skeleton.endWord()
        return skeleton.string
    }

    /// The folded words of `text`, in order.
    public static func words(_ text: some StringProtocol) -> [String] {
        fold(text).split(separator: " ").map(String.init)
    }
}

/// The output buffer; `append` keeps it in normal form so that folding a skeleton again changes nothing.
private struct Skeleton {
    private var bytes: [UInt8]

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    var string: String {
        let end = bytes.last == ASCII.space ? bytes.count - 1 : bytes.count
        return String(decoding: bytes[..<end], as: UTF8.self)
    }

    mutating func separate() {
        endWord()
        if let last = bytes.last, last != ASCII.space { bytes.append(ASCII.space) }
    }

    /// Called where a word ends: a final `j` after a vowel is й (`Nurbaj` = `Нұрбай`).
    mutating func endWord() { readTrailingJAsYot() }

    /// A `j` between a vowel and a consonant (or the end of the word) is й written the Polish or older Kazakh
    /// Latin way, never ж (which Latin writes before vowels: `Jansaia`, `Ajar`), so it becomes `i`, or merges
    /// into an `i` before it like any repeated letter.
    private mutating func readTrailingJAsYot() {
        let count = bytes.count
        guard count >= 2, bytes[count - 1] == ASCII.j, ASCII.isVowel(bytes[count - 2]) else { return }
        if bytes[count - 2] == ASCII.i { bytes.removeLast() } else { bytes[count - 1] = ASCII.i }
    }

    /// Appends one letter or digit, merging it with the previous letter where two spellings meet.
    mutating func append(_ byte: UInt8) {
        guard let last = bytes.last, ASCII.isLetter(last), ASCII.isLetter(byte) else {
            bytes.append(byte)
            return
        }
        if last != byte && !ASCII.isVowel(byte) && last == ASCII.j {
            readTrailingJAsYot()
            if bytes.last != ASCII.j { return append(byte) }
        }
        switch (last, byte) {
        case _ where last == byte: return
        case (ASCII.g, ASCII.h), (ASCII.n, ASCII.g): return
        case (ASCII.z, ASCII.h): replaceLast(with: ASCII.j)
        case (ASCII.k, ASCII.h): replaceLast(with: ASCII.h)
        case (ASCII.i, ASCII.e): replaceLast(with: ASCII.e)
        case (ASCII.c, ASCII.h) where bytes.count >= 3 && bytes[bytes.count - 3] == ASCII.s && bytes[bytes.count - 2] == ASCII.h:
            // Informal "shch" is one щ, which folds to "sh".
            bytes.removeLast()
        default: bytes.append(byte)
        }
    }

    /// Re-appends through `append`, so the merged letter can merge again with what precedes it.
    private mutating func replaceLast(with byte: UInt8) {
        bytes.removeLast()
        append(byte)
    }
}

private enum ASCII {
    static let space = UInt8(ascii: " ")
    static let c = UInt8(ascii: "c"), s = UInt8(ascii: "s")
    static let e = UInt8(ascii: "e"), g = UInt8(ascii: "g"), h = UInt8(ascii: "h"), i = UInt8(ascii: "i")
    static let j = UInt8(ascii: "j"), k = UInt8(ascii: "k"), n = UInt8(ascii: "n"), z = UInt8(ascii: "z")

    static func isLetter(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }
    static func isVowel(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "a") || byte == e || byte == i || byte == UInt8(ascii: "o") || byte == UInt8(ascii: "u")
    }
}

/// One immutable lookup table from scalar to skeleton bytes, built once.
/// An entry packs up to three ASCII bytes, lowest first; two values are reserved as markers.
private enum FoldTable {
    static let separator: UInt32 = 0
    static let ignored: UInt32 = 1

    /// Covers Latin, Cyrillic and Latin Extended Additional; everything above is looked up slowly.
    private static let size = 0x1F00
    private static let entries: [UInt32] = build()

    static func entry(for scalar: Unicode.Scalar) -> UInt32 {
        let value = Int(scalar.value)
        if value < size { return entries[value] }
        return isIgnorable(scalar) ? ignored : separator
    }

    private static func isIgnorable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark, .format: true
        default: false
        }
    }

    private static func pack(_ skeleton: String) -> UInt32 {
        skeleton.utf8.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    private static func build() -> [UInt32] {
        var table = [UInt32](repeating: separator, count: size)
        for value in 0..<size {
            if let scalar = Unicode.Scalar(value), isIgnorable(scalar) { table[value] = ignored }
        }
        for digit in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(digit)] = UInt32(digit) }
        // Informal Latin: q is қ, x is х, w is у, y is ы/й.
        let latinRemap: [Character: String] = ["q": "k", "x": "h", "w": "u", "y": "i"]
        for letter in UInt8(ascii: "a")...UInt8(ascii: "z") {
            let character = Character(Unicode.Scalar(letter))
            let skeleton = pack(latinRemap[character] ?? String(character))
            table[Int(letter)] = skeleton
            table[Int(letter) - 0x20] = skeleton
        }
        // Accented Latin letters fold to their base letter (NFD), then through the ASCII entries above.
        for value in Array(0x00C0..<0x0250) + Array(0x1E00..<0x1F00) {
            guard let scalar = Unicode.Scalar(value),
                  let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first,
                  base.isASCII, base.properties.isAlphabetic else { continue }
            table[value] = table[Int(base.value)]
        }
        for (letters, skeleton) in deliberateLetters {
            for scalar in letters.unicodeScalars { table[Int(scalar.value)] = skeleton.isEmpty ? ignored : pack(skeleton) }
        }
        return table
    }

    /// Letters whose fold is a decision rather than a decomposition, both cases listed.
    private static let deliberateLetters: [(String, String)] = [
        // Kazakh 2021 Latin and Turkic letters that NFD would get wrong or cannot decompose.
        ("ı", "i"), ("ýÝ", "u"), ("şŞ", "sh"), ("çÇ", "ch"), ("łŁ", "l"), ("đĐðÐ", "d"), ("øØ", "o"),
        ("æÆ", "ae"), ("œŒ", "oe"), ("ß", "ss"), ("þÞ", "th"), ("ħĦ", "h"),
        ("\u{00AD}", ""),
        // Cyrillic: Kazakh, Russian, and the Ukrainian/Belarusian letters people paste in.
        ("аАәӘ", "a"), ("бБ", "b"), ("вВ", "v"), ("гГғҒґҐ", "g"), ("дД", "d"), ("еЕэЭёЁєЄ", "e"),
        ("жЖ", "j"), ("зЗ", "z"), ("иИйЙыЫіІїЇ", "i"), ("кКқҚ", "k"), ("лЛ", "l"), ("мМ", "m"),
        ("нНңҢ", "n"), ("оОөӨ", "o"), ("пП", "p"), ("рР", "r"), ("сС", "s"), ("тТ", "t"),
        ("уУұҰүҮўЎ", "u"), ("фФ", "f"), ("хХһҺ", "h"), ("цЦ", "ts"), ("чЧ", "ch"), ("шШщЩ", "sh"),
        ("ъЪьЬ", ""), ("юЮ", "iu"), ("яЯ", "ia"),
    ]
}
