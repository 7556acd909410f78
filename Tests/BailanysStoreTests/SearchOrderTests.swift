import BailanysCore
import BailanysResources
@testable import BailanysStore
import Foundation
import Testing

/// Issue 12 (search half) and issue 14 item 6: order, spellings and place renamings in search.
@Suite struct SearchOrderTests {
    static let bundled = try! Gazetteer(json: BailanysResources.data(.gazetteer))

    static func store(_ people: [Person], gazetteer: Gazetteer = Fixtures.gazetteer) throws -> DirectoryStore {
        let store = try DirectoryStore.create(path: Fixtures.temporaryPath(), gazetteer: gazetteer)
        try store.insert(DirectoryData(people: people))
        return store
    }

    /// A query of one (or two) letters lists the first names with a word starting so alphabetically, not the lowest ids.
    @Test func oneLetterListsTheFirstNamesAlphabetically() throws {
        let (store, _) = try Fixtures.sampleStore()
        let everyone = try store.list()
        for letter in ["Ә", "a", "С", "k", "ай", "Er"] {
            let initial = TextFold.fold(letter)
            let expected = everyone.filter { TextFold.words($0.name).contains { $0.hasPrefix(initial) } }.prefix(25).map(\.id)
            #expect(expected.count == 25, "\(letter)")
            #expect(try store.search(letter, limit: 25).map(\.id) == Array(expected), "\(letter)")
        }
        var mentors = DirectoryFilter()
        mentors.roles = [.mentor]
        let expected = try store.list(filter: mentors).filter { TextFold.words($0.name).contains { $0.hasPrefix("a") } }.prefix(10)
        #expect(try store.search("а", filter: mentors, limit: 10).map(\.id) == expected.map(\.id))
    }

    /// Three letters or more: names that begin with the query first, alphabetically, then names holding every word
    /// further on, then entries found by their place; bm25 put "Айгерім Ақтаева" above "Ақтоты Бекова".
    /// The id a card, the CLI and every export show finds its entry, in either case, under the filter like any match.
    @Test func anIDFindsItsEntry() throws {
        let (store, _) = try Fixtures.sampleStore()
        let person = try #require(try store.list(limit: 40).last { $0.id.kind == .person })
        let organization = try #require(try store.list(filter: { var f = DirectoryFilter(); f.includePeople = false; return f }(), limit: 1).first)
        #expect(try store.search(person.id.description).map(\.id) == [person.id])
        #expect(try store.search(" " + person.id.description.lowercased()).map(\.id) == [person.id])
        #expect(try store.search(organization.id.description).map(\.id) == [organization.id])
        var people = DirectoryFilter()
        people.includeOrganizations = false
        #expect(try store.search(organization.id.description, filter: people).isEmpty, "the filter still applies")
        #expect(try store.search("P99999999").isEmpty)
    }

    @Test func namesBeginningWithTheQueryComeFirst() throws {
        let names = ["Айгерім Ақтаева", "Ақтоты Бекова", "Aqtoty Serik", "Болат Сейітов", "Ерлан Ақтанов", "Ацтек Тестов", "Батсайхан Ким", "Батыр Ким"]
        let people = names.enumerated().map {
            Person(id: Fixtures.p($0.offset + 1), fullName: $0.element, roles: [.alumnus], settlement: $0.offset == 3 ? "aktau" : "shetpe")
        }
        let store = try Self.store(people)
        #expect(try store.search("Ақт").map(\.name) == ["Ақтоты Бекова", "Aqtoty Serik", "Айгерім Ақтаева", "Ерлан Ақтанов", "Болат Сейітов"])
        #expect(try store.search("akt", limit: 3).map(\.name) == ["Ақтоты Бекова", "Aqtoty Serik", "Айгерім Ақтаева"])
        // Two words: the names that begin with both, then those that hold both elsewhere.
        #expect(try store.search("ақтоты бек").map(\.name) == ["Ақтоты Бекова"])
        #expect(try store.search("бек ақт").map(\.name) == ["Ақтоты Бекова"])
        // "т" + "с" weighs as ц in a sort key: "Батсайхан" sorts among the "бац" names, and "бат" still reaches it.
        #expect(try store.search("бат").map(\.name) == ["Батыр Ким", "Батсайхан Ким"])
        #expect(try store.search("Bats").map(\.name) == ["Батсайхан Ким"])
        #expect(try store.search("ацт").map(\.name) == ["Ацтек Тестов"])
    }

    /// On a sample directory every query of three letters or more lists, in order, the names beginning with it (all
    /// of them, as the full alphabetical list has them), then the other names holding every word, then the rest of
    /// the full-text matches alphabetically; as many as there are matches, up to the limit.
    @Test func tiersAreCompleteAndInOrder() throws {
        let (store, _) = try Fixtures.sampleStore()
        let everyone = try store.list()
        for text in ["айг", "Aig", "сап", "ерл", "нұр", "бек", "шым", "aigerim s", "ер нұр", "asta", "tsoy", "шаш", "чин", "яна"] {
            let words = TextFold.words(text)
            let phrase = words.joined(separator: " ")
            let results = try store.search(text, limit: 100_000)
            let matches = try store.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM search WHERE search MATCH ?", arguments: [DirectoryStore.searchQuery(text)!.match])!
            }
            #expect(results.count == matches, "\(text)")
            #expect(Set(results.map(\.id)).count == results.count, "\(text)")
            let begins = everyone.filter { TextFold.fold($0.name).hasPrefix(phrase) }
            let holds = everyone.filter { row in
                !TextFold.fold(row.name).hasPrefix(phrase) && words.allSatisfy { word in TextFold.words(row.name).contains { $0.hasPrefix(word) } }
            }
            #expect(results.prefix(begins.count).map(\.id) == begins.map(\.id), "\(text)")
            #expect(results.dropFirst(begins.count).prefix(holds.count).map(\.id) == holds.map(\.id), "\(text)")
            let rest = results.dropFirst(begins.count + holds.count).map(\.sortKey)
            #expect(rest == rest.sorted { $0.lexicographicallyPrecedes($1) }, "\(text)")
            // Walking the sort-key index (the way of many matches) lists the same, filtered or not.
            #expect(try store.search(text, filter: DirectoryFilter(), limit: 100_000, walkAbove: 0).map(\.id) == results.map(\.id), "\(text)")
            var mentors = DirectoryFilter()
            mentors.roles = [.mentor]
            #expect(try store.search(text, filter: mentors, limit: 30, walkAbove: 0).map(\.id)
                    == store.search(text, filter: mentors, limit: 30, walkAbove: .max).map(\.id), "\(text)")
            let first = try store.search(text, limit: 7)
            #expect(first.map(\.id) == Array(results.prefix(7).map(\.id)), "\(text): a page is the start of the whole list")
        }
    }

    /// Latin-stored names sort with their Cyrillic twins, not after every Cyrillic name.
    @Test func latinNamesSortWithTheirCyrillicTwins() throws {
        let names = ["Айгерім Сапарова", "Aigerim Saparova", "Борис Ким", "Yasmina Ten", "Ясмина Тен", "Әсел Оспанова", "Шынар Ахмет", "Shynar Akhmet"]
        let people = names.enumerated().map { Person(id: Fixtures.p($0.offset + 1), fullName: $0.element, roles: [.alumnus], settlement: "aktau") }
        let store = try Self.store(people)
        let listed = try store.list().map(\.name)
        #expect(listed == ["Айгерім Сапарова", "Aigerim Saparova", "Әсел Оспанова", "Борис Ким", "Шынар Ахмет", "Shynar Akhmet",
                           "Ясмина Тен", "Yasmina Ten"])
        #expect(listed == names.sorted(by: NameOrder.areInIncreasingOrder))
    }

    /// `Ajgerim` (j for й) finds Айгерім, and a Latin-stored `Ajgerim` is found by Айгерім.
    @Test func jForYotFindsTheName() throws {
        let store = try Fixtures.store()
        #expect(try store.search("Ajgerim").map(\.id) == [Fixtures.p(1)])
        #expect(try store.search("Ajgerim Saparova").map(\.id) == [Fixtures.p(1)])
        let latin = try Self.store([Person(id: Fixtures.p(1), fullName: "Ajgerim Kajratqyzy", roles: [.alumnus], settlement: "aktau")])
        #expect(try latin.search("Айгерім").map(\.id) == [Fixtures.p(1)])
        #expect(try latin.search("Қайратқызы").map(\.id) == [Fixtures.p(1)])
    }

    /// Every spelling of a settlement, current or former, finds the same people: that settlement's, not its region's.
    @Test func everySpellingOfAPlaceFindsTheSamePeople() throws {
        let gazetteer = Self.bundled
        var people: [Person] = []
        for (n, settlement) in gazetteer.settlements.enumerated() {
            people.append(Person(id: Fixtures.p(n + 1), fullName: "Адам \(n)", roles: [.alumnus], settlement: settlement.key))
        }
        // A name that starts like a city must not make the city's other spellings disagree.
        people.append(Person(id: Fixtures.p(people.count + 1), fullName: "Оралбек Сейітов", roles: [.alumnus], settlement: "aktau"))
        let store = try Self.store(people, gazetteer: gazetteer)
        let oral = try store.search("Орал", limit: 500).map(\.id)
        #expect(!oral.isEmpty)
        #expect(try store.search("Уральск", limit: 500).map(\.id) == oral)
        #expect(try store.search("Uralsk", limit: 500).map(\.id) == oral)
        #expect(try store.search("Oral", limit: 500).map(\.id) == oral)
        let byID = Dictionary(uniqueKeysWithValues: people.map { ($0.id, $0) })
        #expect(oral.allSatisfy { byID[$0]?.settlement == "oral" })
        for settlement in gazetteer.settlements where !settlement.aliases.isEmpty {
            let official = try store.search(settlement.names.kk, limit: 500).map(\.id)
            #expect(official.contains(people.first { $0.settlement == settlement.key }!.id), "\(settlement.key)")
            for spelling in settlement.names.all + settlement.aliases {
                #expect(try store.search(spelling, limit: 500).map(\.id) == official, "\(settlement.key): \(spelling)")
            }
        }
        // A region's own names, old ones included, still find the whole region.
        let region = try store.search("Уральская область", limit: 500).map(\.id)
        #expect(Set(region) == Set(people.filter { gazetteer.settlement($0.settlement)?.region == "west-kazakhstan" }.map(\.id)))
        #expect(try store.search("ЗКО", limit: 500).map(\.id) == region)
        // A city that is a region of its own (Almaty, Astana, Shymkent) lists its districts too (review: "Алматы" missed
        // the people of Медеуский район and the other districts).
        for city in ["Алматы", "Astana", "Шымкент"] {
            let key = try #require(gazetteer.regions.first { $0.kind == .city && $0.names.all.contains(city) }?.key)
            let expected = Set(people.filter { gazetteer.settlement($0.settlement)?.region == key }.map(\.id))
            #expect(expected.count > 1 || key != "almaty")
            #expect(Set(try store.search(city, limit: 500).map(\.id)) == expected, "\(city)")
        }
    }

    /// The ranked directory ("people I know") is filtered in SQL, in the order asked for.
    @Test func rowsForIdsApplyTheFilterInOrder() throws {
        let store = try Fixtures.store()
        let ids = [Fixtures.p(4), EntityID(.organization, 1), Fixtures.p(2), Fixtures.p(1), Fixtures.p(99)]
        #expect(try store.rows(ids, filter: DirectoryFilter()).map(\.id) == Array(ids.prefix(4)))
        var filter = DirectoryFilter()
        filter.region = "mangystau"
        #expect(try store.rows(ids, filter: filter).map(\.id) == [EntityID(.organization, 1), Fixtures.p(2), Fixtures.p(1)])
        filter.theme = "ecology"
        #expect(try store.rows(ids, filter: filter).map(\.id) == [Fixtures.p(2), Fixtures.p(1)])
        filter = DirectoryFilter()
        filter.settlementType = .village
        #expect(try store.rows(ids, filter: filter).map(\.id) == [Fixtures.p(2)])
        let rows = try store.rows([Fixtures.p(1)], filter: DirectoryFilter())
        #expect(rows.first?.latestRound?.number == 5)
    }
}

/// `sample --alumni 100000` spent much of its write on SQLite's per-row reference lookups: a bulk insert turns
/// them off, checks the interactions' parties itself and every other reference before the commit.
@Suite struct BulkReferenceTests {
    @Test func aBulkInsertStillRefusesMissingReferences() throws {
        let bulk = try Fixtures.store(filled: false)
        try bulk.insert(Fixtures.directory, bulkFrom: 1)
        let plain = try Fixtures.store()
        #expect(try bulk.loadDirectory(audience: .coordinator) == plain.loadDirectory(audience: .coordinator))
        #expect(try bulk.doctor().healthy)

        for broken in [
            { (data: inout DirectoryData) in data.interactions.append(Interaction(a: Fixtures.p(1), b: Fixtures.p(99), day: Fixtures.today, channel: .call, source: .sample)) },
            { (data: inout DirectoryData) in data.activities.append(CommunityActivity(person: Fixtures.p(98), kind: .cleanup, day: Fixtures.today)) },
        ] {
            var data = Fixtures.directory
            broken(&data)
            let store = try Fixtures.store(filled: false)
            #expect(throws: StoreError.self) { try store.insert(data, bulkFrom: 1) }
            #expect(try store.stats().people == 0, "nothing of the refused write is kept")
        }
    }
}
