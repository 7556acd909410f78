import Foundation

/// The order of names in every list: each spelling of a name next to the others, whatever its script.
///
/// First the name's folded skeleton (`TextFold`) is compared, letter by letter in the order of the
/// Kazakh Cyrillic letters the skeleton letters stand for (a = а, b = б, v = в … j = ж, i = и … h = х,
/// with `ts` = ц, `ch` = ч, `sh` = ш and a word-initial `ia` = я, `iu` = ю), so "Aigerim", "Ajgerim" and
/// "Айгерім" sort together among the А names and "Shynar" with "Шынар". Names with the same skeleton are then
/// ordered by `KazakhCollation` (Cyrillic before Latin, а before ә), and fully equal ones by their bytes, so
/// the order is total. The skeleton merges ә with а, ө with о, ұ and ү with у, ы and і with и: "Әсел" sorts
/// between "Арман" and "Асыл", as a search for "а" finds both.
public enum NameOrder {
    /// A sort key: comparing keys lexicographically gives the order, up to names that differ only in case.
    public static func key(_ text: some StringProtocol) -> [UInt32] {
        var key = primary(TextFold.fold(text))
        key.append(0)
        key += KazakhCollation.key(text)
        return key
    }

    /// Three-way comparison, total and deterministic.
    public static func compare(_ a: some StringProtocol, _ b: some StringProtocol) -> ComparisonResult {
        let (left, right) = (key(a), key(b))
        if left == right { return KazakhCollation.compare(a, b) }
        return left.lexicographicallyPrecedes(right) ? .orderedAscending : .orderedDescending
    }

    /// `sort(by:)`-ready predicate.
    public static func areInIncreasingOrder(_ a: some StringProtocol, _ b: some StringProtocol) -> Bool {
        compare(a, b) == .orderedAscending
    }

    /// The ranges of sort keys (lower bound included, upper excluded, compared lexicographically) that hold the
    /// key of every name whose folded skeleton starts with `prefix` (itself a folded skeleton, e.g. "aig" or
    /// "aigerim s"): one for the prefix's own weights, and one for each digraph its last letter may begin with
    /// the next (a name "Atsa…" weighs `a ц …`, not `a т …`, so the prefix "at" needs the range of "ats" too).
    /// A range may also hold names that only weigh alike (`c` and `ts` are both ц): callers check the prefix.
    public static func prefixRanges(ofFolded prefix: String) -> [(lower: [UInt32], upper: [UInt32])] {
        guard !prefix.isEmpty else { return [] }
        var starts = [primary(prefix)]
        for next in UInt8(ascii: "!")...UInt8(ascii: "~") {
            let longer = primary(prefix + String(UnicodeScalar(next)))
            if !longer.starts(with: starts[0]), !starts.contains(longer) { starts.append(longer) }
        }
        return starts.map { start in
            var upper = start
            upper[upper.count - 1] += 1
            return (start, upper)
        }
    }

    /// Weights of a skeleton: word breaks, then digits, then letters in Kazakh Cyrillic order. All above 0,
    /// which ends the primary part of a key. One pass over the bytes with lookup tables: a key is made for
    /// every name written (100k at once for the demo at scale).
    static func primary(_ skeleton: String) -> [UInt32] {
        let bytes = Array(skeleton.utf8)
        var weights: [UInt32] = []
        weights.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if index + 1 < bytes.count {
                let wordStart = index == 0 || bytes[index - 1] == space
                if let weight = digraphWeight(byte, bytes[index + 1], wordStart: wordStart) {
                    weights.append(weight)
                    index += 2
                    continue
                }
            }
            weights.append(singleWeights[Int(byte)])
            index += 1
        }
        return weights
    }

    private static let space = UInt8(ascii: " ")

    private static func letterWeight(_ letter: Character) -> UInt32 {
        0x20 + UInt32(KazakhCollation.alphabet.firstIndex(of: letter)!)
    }

    /// Per byte: space 1, digits 2–11, skeleton letters at their Cyrillic letter's place, anything else after.
    private static let singleWeights: [UInt32] = {
        var table = (0..<256).map { 0x100 + UInt32($0) }
        table[Int(space)] = 1
        for digit in 0...9 { table[Int(UInt8(ascii: "0")) + digit] = 2 + UInt32(digit) }
        let pairs: [(Character, Character)] = [
            ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("j", "ж"), ("z", "з"), ("i", "и"),
            ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"),
            ("u", "у"), ("f", "ф"), ("h", "х"), ("c", "ц"),
        ]
        for (latin, cyrillic) in pairs { table[Int(latin.asciiValue!)] = letterWeight(cyrillic) }
        return table
    }()

    private static let ts = letterWeight("ц"), ch = letterWeight("ч"), sh = letterWeight("ш")
    private static let ia = letterWeight("я"), iu = letterWeight("ю")

    /// `ts` ц, `ch` ч, `sh` ш anywhere; я and ю only begin words: inside one, `ia` is as often и + а (Диана) as
    /// я (Мария).
    private static func digraphWeight(_ first: UInt8, _ second: UInt8, wordStart: Bool) -> UInt32? {
        switch (first, second) {
        case (UInt8(ascii: "t"), UInt8(ascii: "s")): ts
        case (UInt8(ascii: "c"), UInt8(ascii: "h")): ch
        case (UInt8(ascii: "s"), UInt8(ascii: "h")): sh
        case (UInt8(ascii: "i"), UInt8(ascii: "a")) where wordStart: ia
        case (UInt8(ascii: "i"), UInt8(ascii: "u")) where wordStart: iu
        default: nil
        }
    }
}
