import BailanysCore
import Testing

@Suite("PlaceResolver")
struct PlaceResolverTests {
    let resolver: PlaceResolver

    init() throws {
        resolver = PlaceResolver(gazetteer: try bundledGazetteer())
    }

    @Test("any spelling finds the one place", arguments: [
        ("aktau", "aktau"), ("Ақтау", "aktau"), ("Актау", "aktau"), ("Aqtau", "aktau"), ("AQTAÝ", "aktau"),
        ("Shevchenko", "aktau"), ("Шевченко", "aktau"),
        ("Nur-Sultan", "astana"), ("Нур-Султан", "astana"), ("Tselinograd", "astana"), ("Akmolinsk", "astana"),
        ("Astana", "astana"),
        ("Ust-Kamenogorsk", "oskemen"), ("Усть-Каменогорск", "oskemen"), ("Öskemen", "oskemen"),
        ("Semipalatinsk", "semey"), ("Kapchagay", "konaev"), ("Қапшағай", "konaev"), ("Guryev", "atyrau"),
        ("Гурьев", "atyrau"), ("Zhanaozen", "zhanaozen"), ("Jańaózen", "zhanaozen"), ("Alma-Ata", "almaty"),
        ("Uralsk", "oral"), ("Petropavlovsk", "petropavl"), ("Chimkent", "shymkent"), ("Taldykorgan", "taldykorgan"),
        ("Kzyl-Orda", "kyzylorda"), ("Medeu", "almaty-medeu-district"),
    ])
    func uniqueSettlement(_ text: String, _ key: String) {
        let matches = resolver.resolve(text)
        #expect(matches.map(\.key) == [key], "\(text) → \(matches.map(\.key))")
        #expect(matches.first?.quality.isExact == true || text == "Medeu")
    }

    /// Exports, `show --json` and the external editor's file write a settlement's key; a district's key
    /// ("almaty-auezov-district") is no spelling of its name, so `E` on anyone in a city district could not be
    /// saved, even unchanged, and `edit --settlement` refused the key (review).
    @Test func everySettlementsOwnKeyFindsIt() throws {
        let gazetteer = try bundledGazetteer()
        for settlement in gazetteer.settlements {
            #expect(resolver.settlement(settlement.key) == .found(settlement.key), "\(settlement.key)")
        }
    }

    @Test("region names and former region names find the region", arguments: [
        ("South Kazakhstan", "turkistan"), ("Южно-Казахстанская область", "turkistan"),
        ("Оңтүстік Қазақстан облысы", "turkistan"), ("Turkistan Region", "turkistan"), ("Түркістан облысы", "turkistan"),
        ("Mangystau", "mangystau"), ("Маңғыстау облысы", "mangystau"), ("Mangistau oblast", "mangystau"),
        ("Jetisu", "jetisu"), ("Zhetysu Region", "jetisu"), ("Ulytau Region", "ulytau"), ("Abai Region", "abai"),
        ("East Kazakhstan", "east-kazakhstan"), ("Восточно-Казахстанская область", "east-kazakhstan"),
        ("North Kazakhstan Region", "north-kazakhstan"), ("Almaty Region", "almaty-region"),
        ("Алматинская область", "almaty-region"), ("Semirechye", "jetisu"),
    ])
    func region(_ text: String, _ key: String) {
        let matches = resolver.resolve(text)
        guard let first = matches.first, case .region(let region) = first.place else {
            Issue.record("\(text) → \(matches.map(\.key))")
            return
        }
        #expect(region.key == key, "\(text) → \(matches.map(\.key))")
        #expect(first.settlementKey == region.centre)
    }

    @Test func regionCentreIsAvailable() {
        let match = resolver.resolve("Ulytau Region").first
        #expect(match?.settlementKey == "zhezkazgan")
        #expect(resolver.resolve("Abai Region").first?.settlementKey == "semey")
    }

    @Test func sharedNameReturnsEveryCandidate() {
        let matches = resolver.resolve("Karabulak")
        #expect(Set(matches.map(\.key)) == ["karabulak-jetisu", "karabulak-turkistan"])
        #expect(matches.allSatisfy { $0.quality == .exactName })
    }

    @Test func oneSettlementOrWhyNot() {
        // "Алматы" names the city and, by its short name, Almaty Region (centre Qonaev): the city wins.
        #expect(resolver.settlement("Алматы") == .found("almaty"))
        #expect(resolver.settlement("Almaty Region") == .found("konaev"))
        #expect(resolver.settlement("Aqtau") == .found("aktau"))
        #expect(resolver.settlement("Atlantis") == .unknown)
        // A prefix names a place from three letters on: "Zzz" (folded "z") was taken for Zaysan (review).
        #expect(resolver.settlement("Zzz") == .unknown)
        #expect(resolver.settlement("Za") == .unknown)
        #expect(resolver.settlement("Zays") == .found("zaysan"))
        guard case .ambiguous(let matches) = resolver.settlement("Karabulak") else {
            Issue.record("two Karabulaks are ambiguous")
            return
        }
        #expect(Set(matches.map(\.settlementKey)) == ["karabulak-jetisu", "karabulak-turkistan"])
        #expect(resolver.settlement("Karabulak, Turkistan") == .found("karabulak-turkistan"))
    }

    @Test func qualifierNarrowsToTheRegion() {
        #expect(resolver.resolve("Karabulak, Turkistan").map(\.key) == ["karabulak-turkistan"])
        #expect(resolver.resolve("Қарабұлақ, Жетісу облысы").map(\.key) == ["karabulak-jetisu"])
        #expect(resolver.resolve("Zhanaozen, Mangystau").map(\.key) == ["zhanaozen"])
        #expect(resolver.resolve("Zhanaozen, Nowhere").map(\.key) == ["zhanaozen"])
    }

    @Test func cityAndRegionOfTheSameNameAreBothOffered() {
        // The city of Almaty is also a region-level unit; it is listed once, as the settlement.
        #expect(resolver.resolve("Almaty").map(\.key) == ["almaty", "almaty-region"])
        // Akmola is today's region name and Astana's former name.
        #expect(Set(resolver.resolve("Akmola").map(\.key)) == ["akmola", "astana"])
        #expect(resolver.resolve("Akmola").first?.key == "akmola")
    }

    @Test func exactBeatsPrefix() {
        // "Aksu" is a town; "Aksuat"-like longer names must not crowd it out.
        #expect(resolver.resolve("Aksu").map(\.key) == ["aksu"])
        let prefix = resolver.resolve("Kara")
        #expect(prefix.count > 3 && prefix.allSatisfy { !$0.quality.isExact })
        #expect(prefix.first?.key == "karaganda")
    }

    @Test func wordPrefixFindsLaterWords() {
        #expect(resolver.resolve("Sultan").contains { $0.key == "astana" })
        #expect(resolver.resolve("").isEmpty && resolver.resolve(" ,- ").isEmpty)
    }

    @Test func everyNameResolvesToItsPlace() throws {
        let gazetteer = try bundledGazetteer()
        for settlement in gazetteer.settlements {
            for name in settlement.names.all + settlement.aliases {
                #expect(resolver.resolve(name).contains { $0.key == settlement.key && $0.quality.isExact }, "\(name)")
            }
        }
    }
}
