import BailanysCore
import BailanysPolicy
import BailanysResources
import BailanysSample
import BailanysStore
import Foundation

/// A tiny world: two regions, three settlements, a team of three with a mentor, one akimat.
enum Fixtures {
    static let gazetteer: Gazetteer = {
        func names(_ kk: String, _ latn: String, _ ru: String, _ en: String) -> PlaceNames {
            PlaceNames(kk: kk, kkLatn: latn, ru: ru, en: en)
        }
        return try! Gazetteer(
            source: "test",
            regions: [
                Region(key: "mangystau", kind: .region, names: names("Маңғыстау облысы", "Mańǵystaý oblysy", "Мангистауская область", "Mangystau Region"), centre: "aktau", aliases: []),
                Region(key: "astana", kind: .city, names: names("Астана", "Astana", "Астана", "Astana"), centre: "astana", aliases: ["Nur-Sultan"]),
            ],
            settlements: [
                Settlement(key: "aktau", region: "mangystau", type: .city, names: names("Ақтау", "Aqtaý", "Актау", "Aktau"), latitude: 43.65, longitude: 51.17, population: 263_000, aliases: ["Shevchenko"]),
                Settlement(key: "shetpe", region: "mangystau", type: .village, names: names("Шетпе", "Shetpe", "Шетпе", "Shetpe"), latitude: 44.16, longitude: 52.12, population: 14_000, aliases: []),
                Settlement(key: "astana", region: "astana", type: .city, names: names("Астана", "Astana", "Астана", "Astana"), latitude: 51.17, longitude: 71.45, population: 1_350_000, aliases: ["Nur-Sultan"]),
            ])
    }()

    static func p(_ n: Int) -> EntityID { EntityID(.person, n) }
    /// P5 as a national coordinator (the fixture's P5 is a coordinator in Astana).
    static let national = Actor(id: p(5), roles: [.coordinator], reach: .country)
    static let today = Day(iso: "2026-11-25")!

    static var directory: DirectoryData {
        let round = Round(id: EntityID(.round, 1), year: 2023, number: 5, format: .online, start: Day(iso: "2023-03-01")!)
        let people = [
            Person(id: p(1), fullName: "Айгерім Сапарова", gender: .female, roles: [.alumnus], settlement: "aktau",
                   contacts: [Contact(kind: .phone, value: "+7 701 111 22 33", shared: true),
                              Contact(kind: .email, value: "aigerim@mail.kz", shared: false)],
                   interests: ["экология"], sensitive: SensitiveCategories(neet: true)),
            Person(id: p(2), fullName: "Ерлан Жақсылықов", gender: .male, roles: [.alumnus], settlement: "shetpe"),
            Person(id: p(3), fullName: "Dana Bekova", gender: .female, roles: [.alumnus], settlement: "aktau",
                   sensitive: SensitiveCategories(vulnerable: true, disabilityGroup: 2)),
            Person(id: p(4), fullName: "Ғалым Нұрланұлы", gender: .male, roles: [.mentor], settlement: "astana"),
            Person(id: p(5), fullName: "Әсел Оспанова", gender: .female, roles: [.coordinator], settlement: "astana"),
        ]
        let akimat = Organization(id: EntityID(.organization, 1), name: "Ақтау қаласының әкімдігі", kind: .akimat, settlement: "aktau")
        let initiative = Initiative(id: EntityID(.initiative, 1), title: "Таза Каспий", theme: "ecology", round: round.id,
                                    settlement: "aktau", status: .continuing,
                                    team: [TeamMember(person: p(1), role: .leader), TeamMember(person: p(2), role: .member),
                                           TeamMember(person: p(3), role: .member)],
                                    mentors: [p(4)], partners: [akimat.id])
        let interactions = [
            Interaction(a: p(1), b: p(2), day: Day(iso: "2024-05-01")!, channel: .meeting, source: .sample),
            Interaction(a: p(1), b: p(4), day: Day(iso: "2025-01-10")!, channel: .call, source: .sample),
            Interaction(a: p(3), b: akimat.id, day: Day(iso: "2025-06-15")!, channel: .meeting, source: .sample),
        ]
        return DirectoryData(people: people, organizations: [akimat], rounds: [round], initiatives: [initiative],
                             interactions: interactions,
                             activities: [CommunityActivity(person: p(1), kind: .cleanup, day: Day(iso: "2024-04-20")!)])
    }

    /// A fresh directory file in its own temporary folder.
    static func store(filled: Bool = true) throws -> DirectoryStore {
        let path = temporaryPath()
        let store = try DirectoryStore.create(path: path, gazetteer: gazetteer)
        if filled { try store.insert(directory) }
        return store
    }

    /// A small demo directory written by the sample generator, with the data it was written from.
    static func sampleStore(alumni: Int = 400, seed: UInt64 = 11) throws -> (DirectoryStore, DirectoryData) {
        let data = try SampleGenerator.generateBundled(SampleParameters(alumni: alumni, seed: seed, today: today))
        // The generator places people across the whole bundled gazetteer, not the fixture's.
        let store = try DirectoryStore.create(path: temporaryPath(), gazetteer: try Gazetteer(json: BailanysResources.data(.gazetteer)))
        try store.insert(data)
        return (store, data)
    }

    static func temporaryPath(_ name: String = "directory.sqlite") -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bailanys-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name).path
    }

    static func bytes(_ path: String) -> Data { FileManager.default.contents(atPath: path) ?? Data() }
}
