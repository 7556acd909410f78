import Foundation

/// Sorts names in Kazakh alphabetical order, case-insensitively:
/// separators, then digits, then the Kazakh Cyrillic alphabet
/// а ә б в г ғ д е ё ж з и й к қ л м н ң о ө п р с т у ұ ү ф х һ ц ч ш щ ъ ы і ь э ю я,
/// then other Cyrillic letters, then Latin (the 2021 Kazakh Latin letters right after their base
/// letter, other accented letters with their base), then every other script by code point.
///
/// Latin names are not transliterated into the Cyrillic sequence: a reader scanning a sorted list
/// finds them as a block, and no transliteration guess can misplace them.
/// Leading, trailing and repeated spaces or punctuation count as one separator or none.
/// Names that differ only in case or accent are ordered by their UTF-8 bytes, so the order is total.
public enum KazakhCollation {
    /// A sort key: comparing keys lexicographically gives the primary (case-insensitive) order.
    public static func key(_ text: some StringProtocol) -> [UInt32] {
        Array(Weights(text.unicodeScalars))
    }

    /// Three-way comparison, total and deterministic; usable as a SQLite collation.
    public static func compare(_ a: some StringProtocol, _ b: some StringProtocol) -> ComparisonResult {
        var left = Weights(a.unicodeScalars), right = Weights(b.unicodeScalars)
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil):
                if a.utf8.elementsEqual(b.utf8) { return .orderedSame }
                return a.utf8.lexicographicallyPrecedes(b.utf8) ? .orderedAscending : .orderedDescending
            case (nil, _): return .orderedAscending
            case (_, nil): return .orderedDescending
            case let (l?, r?) where l != r: return l < r ? .orderedAscending : .orderedDescending
            default: continue
            }
        }
    }

    /// `sort(by:)`-ready predicate in Kazakh order.
    public static func areInIncreasingOrder(_ a: some StringProtocol, _ b: some StringProtocol) -> Bool {
        compare(a, b) == .orderedAscending
    }

    /// The Kazakh Cyrillic alphabet in order, lowercase.
    public static let alphabet: [Character] = Array("аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя")
}

/// The primary weights of a string, one per letter or digit, with separators collapsed.
private struct Weights<Scalars: Sequence<Unicode.Scalar>>: Sequence, IteratorProtocol {
    private var scalars: Scalars.Iterator
    private var sawContent = false
    private var sawSeparator = false
    /// A letter read while looking past a separator; returned on the next call.
    private var held: UInt32?

    init(_ scalars: Scalars) { self.scalars = scalars.makeIterator() }

    mutating func next() -> UInt32? {
        if let weight = held {
            held = nil
            return weight
        }
        while let scalar = scalars.next() {
            let weight = CollationTable.weight(of: scalar)
            switch weight {
            case CollationTable.ignored: continue
            case CollationTable.separator: sawSeparator = sawContent
            default:
                sawContent = true
                // A separator counts only between two words, so "Ақ " sorts like "Ақ".
                guard sawSeparator else { return weight }
                sawSeparator = false
                held = weight
                return CollationTable.separator
            }
        }
        return nil
    }
}

private enum CollationTable {
    static let ignored: UInt32 = 0
    static let separator: UInt32 = 1
    private static let digitBase: UInt32 = 0x100
    private static let kazakhBase: UInt32 = 0x200
    private static let otherCyrillicBase: UInt32 = 0x300
    private static let latinBase: UInt32 = 0x500
    private static let otherScriptBase: UInt32 = 0x1_0000

    /// Latin order: ASCII letters with the 2021 Kazakh (and common Turkic) letters after their base.
    private static let latinOrder: [Character] = Array("aáäbcçdefgǵğhiıjklmnńñoóöpqrsştuúūüvwxyýz")
    private static let size = 0x1F00
    private static let weights: [UInt32] = build()

    static func weight(of scalar: Unicode.Scalar) -> UInt32 {
        let value = Int(scalar.value)
        return value < size ? weights[value] : slowWeight(of: scalar)
    }

    private static func slowWeight(of scalar: Unicode.Scalar) -> UInt32 {
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark, .format: return ignored
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            let lower = properties.lowercaseMapping.unicodeScalars
            return otherScriptBase + (lower.count == 1 ? lower.first!.value : scalar.value)
        default: return separator
        }
    }

    private static func build() -> [UInt32] {
        var table = [UInt32](repeating: separator, count: size)
        var explicit: [Unicode.Scalar: UInt32] = [:]
        for (index, letter) in KazakhCollation.alphabet.enumerated() {
            explicit[letter.unicodeScalars.first!] = kazakhBase + UInt32(index)
        }
        for (index, letter) in latinOrder.enumerated() {
            explicit[letter.unicodeScalars.first!] = latinBase + UInt32(index)
        }
        for digit in 0...9 { explicit[Unicode.Scalar(UInt8(ascii: "0") + UInt8(digit))] = digitBase + UInt32(digit) }

        for value in 0..<size {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let lowered = scalar.properties.lowercaseMapping.unicodeScalars
            let lower = lowered.count == 1 ? lowered.first! : scalar
            if let weight = explicit[lower] {
                table[value] = weight
            } else if (0x0400..<0x0530).contains(lower.value) && scalar.properties.isAlphabetic {
                table[value] = otherCyrillicBase + (lower.value - 0x0400)
            } else if let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first,
                      base != scalar, let baseLower = base.properties.lowercaseMapping.unicodeScalars.first,
                      let weight = explicit[baseLower] {
                // é sorts as e; the accent only breaks ties, through the byte comparison.
                table[value] = weight
            } else {
                table[value] = slowWeight(of: scalar)
            }
        }
        return table
    }
}
