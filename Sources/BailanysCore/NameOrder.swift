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

    /// Weights of a skeleton: word breaks, then digits, then letters in Kazakh Cyrillic order. All above 0,
    /// which ends the primary part of a key.
    static func primary(_ skeleton: String) -> [UInt32] {
        let bytes = Array(skeleton.utf8)
        var weights: [UInt32] = []
        weights.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            let wordStart = index == 0 || bytes[index - 1] == space
            if let letter = digraphs[[byte, next]], wordStart || !wordInitialOnly.contains(letter) {
                weights.append(letterWeight(letter))
                index += 2
                continue
            }
            switch byte {
            case space: weights.append(1)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): weights.append(2 + UInt32(byte - UInt8(ascii: "0")))
            default: weights.append(singles[byte].map(letterWeight) ?? 0x100 + UInt32(byte))
            }
            index += 1
        }
        return weights
    }

    private static let space = UInt8(ascii: " ")

    private static func letterWeight(_ letter: Character) -> UInt32 {
        0x20 + UInt32(KazakhCollation.alphabet.firstIndex(of: letter)!)
    }

    private static let singles: [UInt8: Character] = {
        let pairs: [(Character, Character)] = [
            ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("j", "ж"), ("z", "з"), ("i", "и"),
            ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"),
            ("u", "у"), ("f", "ф"), ("h", "х"), ("c", "ц"),
        ]
        return Dictionary(uniqueKeysWithValues: pairs.map { ($0.0.asciiValue!, $0.1) })
    }()

    private static let digraphs: [[UInt8]: Character] = [
        Array("ts".utf8): "ц", Array("ch".utf8): "ч", Array("sh".utf8): "ш", Array("ia".utf8): "я", Array("iu".utf8): "ю",
    ]

    /// я and ю only begin words: inside one, `ia` is as often и + а (Диана) as я (Мария).
    private static let wordInitialOnly: Set<Character> = ["я", "ю"]
}
