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
}
