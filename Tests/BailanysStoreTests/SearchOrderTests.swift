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
