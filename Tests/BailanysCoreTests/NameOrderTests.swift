import BailanysCore
import Testing

@Suite("NameOrder")
struct NameOrderTests {
    /// Every spelling of a name sorts next to the others; Cyrillic first among equals.
    @Test func twinsInAnyScriptSortTogether() {
        let names = ["Yasmina", "Борис", "Aigerim", "Ясмина", "Айгерім", "Shynar", "Шынар", "Chyngys", "Чыңғыс", "Ajgerim", "Ерлан", "Yerlan"]
        let sorted = names.sorted(by: NameOrder.areInIncreasingOrder)
        #expect(sorted == ["Айгерім", "Aigerim", "Ajgerim", "Борис", "Ерлан", "Yerlan", "Чыңғыс", "Chyngys", "Шынар", "Shynar", "Ясмина", "Yasmina"])
    }

    /// Kazakh letters keep their place among names that differ only in them; digits and separators come first.
    @Test func kazakhOrderBreaksTies() {
        #expect(NameOrder.areInIncreasingOrder("Асел", "Әсел"))
        #expect(NameOrder.areInIncreasingOrder("Ақ", "Ақ тау"))
        #expect(NameOrder.areInIncreasingOrder("Ақ тау", "Ақа"))
        #expect(NameOrder.areInIncreasingOrder("7 Ақ", "Ақ"))
        #expect(NameOrder.key("Әсел") == NameOrder.key("әсел"))
    }

    /// Keys compare like the predicate, so SQLite's byte order on stored keys matches it.
    @Test func keysAgreeWithThePredicate() {
        let names = ["Айгерім", "Aigerim", "Әсел", "Asel", "Ассель", "Ерлан", "Юлия", "Yulia", "Целиноград", "Tselinograd", "Ақтау", "Aqtau", "Zoe", "", "12"]
        for a in names {
            for b in names {
                #expect(NameOrder.areInIncreasingOrder(a, b) == NameOrder.key(a).lexicographicallyPrecedes(NameOrder.key(b)) || a == b, "\(a) \(b)")
            }
        }
    }

    /// Every name whose skeleton starts with a prefix has its key in one of the prefix's ranges, digraphs that the
    /// prefix's last letter begins (`t`+`s` ц, `c`+`h` ч, `s`+`h` ш, a word-initial `i`+`a` я) included.
    @Test func prefixRangesHoldEveryNameWithThePrefix() {
        var random = SeededRandom(seed: 12)
        let letters = Array("atschiueko j")
        var names = ["Цой", "Tsoy", "Айтсана", "Aitsana", "Ащы", "Ашат", "Ashat", "Асхат", "Яна", "Iana", "Ия", "Юлия", "Iulia",
                     "Айгерім Иасауи", "Ерлан Шынар", "Чингиз", "Chingiz", "Cingiz", "Ким", "Кхан"]
        for _ in 0..<400 {
            names.append(String((0..<Int.random(in: 1...9, using: &random)).map { _ in letters.randomElement(using: &random)! }))
        }
        for name in names {
            let skeleton = TextFold.fold(name)
            let key = NameOrder.key(name)
            for length in 1...max(1, skeleton.count) where length <= skeleton.count {
                let prefix = String(skeleton.prefix(length))
                guard prefix.last != " " else { continue }
                let ranges = NameOrder.prefixRanges(ofFolded: prefix)
                #expect(ranges.contains { !key.lexicographicallyPrecedes($0.lower) && key.lexicographicallyPrecedes($0.upper) },
                        "\(name) (\(skeleton)) is outside the ranges of \(prefix)")
            }
        }
        // "at" must reach "Atsana" (a ц …) as well as "Atyrau" (a т …).
        #expect(NameOrder.prefixRanges(ofFolded: "at").count == 2)
        #expect(NameOrder.prefixRanges(ofFolded: "ab").count == 1)
    }
}
