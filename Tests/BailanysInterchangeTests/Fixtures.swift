import BailanysCore
import BailanysInterchange
import BailanysPolicy
import BailanysResources
import BailanysStore
import Foundation
import Testing

/// A small directory on the bundled gazetteer: sensitive categories, shared and private contacts, an
/// organisation, a round, an initiative and interactions.
enum Fixtures {
    static let gazetteer = try! Gazetteer(json: BailanysResources.data(.gazetteer))
    static let today = Day(iso: "2026-11-25")!
    static func p(_ n: Int) -> EntityID { EntityID(.person, n) }

    static var directory: DirectoryData {
        let round = Round(id: EntityID(.round, 1), year: 2023, number: 5, format: .online, start: Day(iso: "2023-03-01")!)
        let people = [
            Person(id: p(1), externalID: "zp-001", fullName: "Айгерім Сапарова", gender: .female, birthYear: 2001, roles: [.alumnus],
                   settlement: "aktau",
                   contacts: [Contact(kind: .phone, value: "+7 701 111 22 33", shared: true),
                              Contact(kind: .email, value: "aigerim@mail.kz", shared: false)],
                   languages: ["kk", "ru"], interests: ["экология", "спорт"], sensitive: SensitiveCategories(neet: true),
                   note: "Жоба, \"Таза Каспий\"\nекінші жол"),
            Person(id: p(2), externalID: "zp-002", fullName: "Ерлан Жақсылықов", gender: .male, roles: [.alumnus], settlement: "shetpe",
                   contacts: [Contact(kind: .telegram, value: "@erlan_zh", shared: true)]),
            Person(id: p(3), externalID: "zp-003", fullName: "Dana Bekova", gender: .female, roles: [.alumnus, .mentor], settlement: "aktau",
                   contacts: [Contact(kind: .phone, value: "+7 702 555 44 33", shared: false)],
                   sensitive: SensitiveCategories(vulnerable: true, disabilityGroup: 2), suggestionsOptOut: true),
            Person(id: p(4), externalID: "zp-004", fullName: "Ғалым Нұрланұлы", gender: .male, roles: [.mentor], settlement: "astana"),
            Person(id: p(5), externalID: "zp-005", fullName: "Әсел Оспанова", gender: .female, roles: [.coordinator], settlement: "astana"),
        ]
        let akimat = Organization(id: EntityID(.organization, 1), externalID: "org-1", name: "Ақтау қаласының әкімдігі", kind: .akimat,
                                  settlement: "aktau", contacts: [Contact(kind: .phone, value: "+7 7292 50 50 50", shared: true)])
        let initiative = Initiative(id: EntityID(.initiative, 1), externalID: "init-1", title: "Таза Каспий", theme: "ecology", round: round.id,
                                    settlement: "aktau", status: .continuing,
                                    team: [TeamMember(person: p(1), role: .leader), TeamMember(person: p(2), role: .member),
                                           TeamMember(person: p(3), role: .member)],
                                    mentors: [p(4)], partners: [akimat.id])
        let interactions = [
            Interaction(a: p(1), b: p(2), day: Day(iso: "2024-05-01")!, channel: .meeting, note: "кездесу, Ақтау", source: .imported),
            Interaction(a: p(1), b: p(4), day: Day(iso: "2025-01-10")!, channel: .call, source: .imported),
            Interaction(a: p(3), b: akimat.id, day: Day(iso: "2025-06-15")!, channel: .meeting, source: .imported),
        ]
        return DirectoryData(people: people, organizations: [akimat], rounds: [round], initiatives: [initiative],
                             interactions: interactions)
    }

    static func store(filled: Bool = true) throws -> DirectoryStore {
        let store = try DirectoryStore.create(path: temporaryPath(), gazetteer: gazetteer)
        if filled { try store.insert(directory) }
        return store
    }

    static func temporaryPath(_ name: String = "directory.sqlite") -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bailanys-interchange-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name).path
    }

    /// The database's bytes, its write-ahead log included: what "unchanged" means for a live directory.
    static func bytes(_ store: DirectoryStore) -> Data {
        let fm = FileManager.default
        return (fm.contents(atPath: store.path) ?? Data()) + (fm.contents(atPath: store.path + "-wal") ?? Data())
    }

    static func options(_ audience: Audience = .coordinator) -> ImportOptions { ImportOptions(today: today, audience: audience) }

    @discardableResult
    static func importText(_ text: String, into store: DirectoryStore, file: String = "input.csv",
                           options: ImportOptions = options()) throws -> ImportSummary {
        try importData(Data(text.utf8), into: store, file: file, options: options)
    }

    @discardableResult
    static func importData(_ data: Data, into store: DirectoryStore, file: String = "input.csv",
                           options: ImportOptions = options()) throws -> ImportSummary {
        let plan = try Importer.plan(file: file, data: data, store: store, options: options)
        // A coordinator's import as a national coordinator; a member's as whoever holds the file.
        let actor = options.audience == .coordinator ? Actor(id: nil, roles: [.coordinator], reach: .country) : try store.actor(nil)
        try store.apply(plan.batch, by: actor)
        return plan.summary
    }

    /// The issues an import reports; records a test failure when it succeeds instead.
    static func issues(_ data: Data, into store: DirectoryStore, file: String = "bad.csv",
                       options: ImportOptions = options(), sourceLocation: SourceLocation = #_sourceLocation) -> [ImportIssue] {
        do {
            _ = try Importer.plan(file: file, data: data, store: store, options: options)
            Issue.record("the import of \(file) was accepted", sourceLocation: sourceLocation)
            return []
        } catch let failure as ImportFailure {
            return failure.issues
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
            return []
        }
    }
}
