import BailanysCore
import Foundation
import PropertyBased
import Testing

@Suite("KazakhCollation")
struct KazakhCollationTests {
    /// One word for every letter of the Kazakh alphabet, in alphabet order.
    static let wordPerLetter = [
        "ата", "әке", "бала", "вагон", "гүл", "ғалым", "дала", "ел", "ёлка", "жер", "зат", "ине", "йод",
        "кітап", "қала", "лақ", "мал", "нан", "ңғ", "орын", "өзен", "пана", "рақмет", "сөз", "тау", "уақыт",
        "ұлт", "үй", "фильм", "хат", "һәм", "цирк", "шай", "шаш", "щётка", "ъ", "ыдыс", "іні", "ь", "экран",
        "юбка", "ян",
    ]

    @Test func alphabetHasFortyTwoLetters() {
        #expect(KazakhCollation.alphabet.count == 42)
    }

    @Test func shuffledAlphabetSortsBack() async {
        let expected = KazakhCollation.alphabet.map { String($0) + "а" }
        await propertyCheck(count: 50, input: Gen<[String]>.shuffled(expected)) { shuffled in
            #expect(shuffled.sorted(by: KazakhCollation.areInIncreasingOrder) == expected)
        }
    }

    @Test func wordsSortInAlphabetOrder() {
        var generator = SeededRandom(seed: 7)
        let shuffled = Self.wordPerLetter.shuffled(using: &generator)
        #expect(shuffled.sorted(by: KazakhCollation.areInIncreasingOrder) == Self.wordPerLetter)
    }

    @Test("Kazakh letters follow their Russian neighbours", arguments: [
        ("а", "ә"), ("ә", "б"), ("г", "ғ"), ("ғ", "д"), ("к", "қ"), ("қ", "л"), ("н", "ң"), ("ң", "о"),
        ("о", "ө"), ("ө", "п"), ("у", "ұ"), ("у", "ү"), ("ұ", "ү"), ("ү", "ф"), ("х", "һ"), ("һ", "ц"),
        ("ы", "і"), ("і", "ь"), ("е", "ё"), ("и", "й"),
    ])
    func letterPairs(_ pair: (String, String)) {
        #expect(KazakhCollation.areInIncreasingOrder(pair.0, pair.1))
        #expect(!KazakhCollation.areInIncreasingOrder(pair.1, pair.0))
    }

    @Test func caseInsensitiveWithDeterministicTies() {
        #expect(KazakhCollation.key("Әсел") == KazakhCollation.key("әсел"))
        #expect(KazakhCollation.areInIncreasingOrder("Ақтау", "ақтөбе"))
        #expect(KazakhCollation.areInIncreasingOrder("ақтау", "Ақтөбе"))
        #expect(KazakhCollation.compare("Әсел", "әсел") != .orderedSame)
        #expect(KazakhCollation.compare("Әсел", "Әсел") == .orderedSame)
    }

    @Test func digitsThenCyrillicThenLatin() {
        let names = ["Zarina", "Айгерім", "2-мектеп", "Aigerim", "Ясмин", "Ásel", "Bolat"]
        #expect(names.sorted(by: KazakhCollation.areInIncreasingOrder)
            == ["2-мектеп", "Айгерім", "Ясмин", "Aigerim", "Ásel", "Bolat", "Zarina"])
    }

    @Test func shorterNameAndWordBoundariesFirst() {
        let names = ["Ақтау", "Ақ тау", "Ақ", "Ақа"]
        #expect(names.sorted(by: KazakhCollation.areInIncreasingOrder) == ["Ақ", "Ақ тау", "Ақа", "Ақтау"])
        #expect(KazakhCollation.key("  Ақ  тау ") == KazakhCollation.key("Ақ-тау"))
    }

    static let names = Gen<Character?>
        .element(of: Array("аәбгғеқңөұүһіыАӘҚЁabcáıAZ09 -"))
        .map { $0! }
        .string(of: 0...8)

    @Test func compareIsATotalOrder() async {
        await propertyCheck(count: 300, input: Self.names, Self.names) { a, b in
            let forward = KazakhCollation.compare(a, b), backward = KazakhCollation.compare(b, a)
            #expect(forward.rawValue == -backward.rawValue)
            #expect((forward == .orderedSame) == (Array(a.utf8) == Array(b.utf8)))
        }
    }

    @Test func compareAgreesWithKeys() async {
        await propertyCheck(count: 300, input: Self.names, Self.names) { a, b in
            let (ka, kb) = (KazakhCollation.key(a), KazakhCollation.key(b))
            if ka != kb {
                #expect(KazakhCollation.areInIncreasingOrder(a, b) == ka.lexicographicallyPrecedes(kb))
            }
        }
    }
}
