import BailanysCore
import BailanysPolicy
import BailanysStore
import Foundation
import GRDB
import TerminalKit
import Testing
@testable import BailanysTUI

/// A small directory with Kazakh, Russian and Latin names, in a fresh temporary store per test.
enum Fixtures {
    static let gazetteer: Gazetteer = {
        func names(_ kk: String, _ latn: String, _ ru: String, _ en: String) -> PlaceNames {
            PlaceNames(kk: kk, kkLatn: latn, ru: ru, en: en)
        }
        return try! Gazetteer(
            source: "tui-test",
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
    static let today = Day(iso: "2026-11-25")!
}

extension Fixtures {
    static let hostileName = "\u{1b}]52;c;ZXZpbA==\u{07}Ali\u{1b}[2J"

    static var directory: DirectoryData {
        let round = Round(id: EntityID(.round, 1), year: 2023, number: 5, format: .online, start: Day(iso: "2023-03-01")!)
        let people = [
            Person(id: p(1), fullName: "Айгерім Сапарова", gender: .female, roles: [.alumnus], settlement: "aktau",
                   contacts: [Contact(kind: .phone, value: "+7 701 111 22 33", shared: true),
                              Contact(kind: .email, value: "aigerim@mail.kz", shared: false)],
                   sensitive: SensitiveCategories(neet: true)),
            Person(id: p(2), fullName: "Ерлан Жақсылықов", gender: .male, roles: [.alumnus], settlement: "shetpe"),
            Person(id: p(3), fullName: "Dana Bekova", gender: .female, roles: [.alumnus], settlement: "aktau",
                   sensitive: SensitiveCategories(vulnerable: true, disabilityGroup: 2)),
            Person(id: p(4), fullName: "Ғалым Нұрланұлы", gender: .male, roles: [.mentor], settlement: "astana"),
            Person(id: p(5), fullName: "Әсел Оспанова", gender: .female, roles: [.coordinator], settlement: "astana"),
            Person(id: p(6), fullName: "Бауыржан Әлиев", gender: .male, roles: [.alumnus], settlement: "astana"),
            Person(id: p(7), fullName: hostileName, roles: [.alumnus], settlement: "shetpe"),
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
                             interactions: interactions)
    }

    /// A path that is the same on every run (for goldens that show it), its folder created and emptied.
    static func fixedPath(_ name: String) -> String {
        let folder = "/tmp/bailanys-goldens/\(name)"
        try? FileManager.default.removeItem(atPath: folder)
        try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder + "/d.sqlite"
    }

    /// Screen text without spaces or box sides, to find a wrapped message in it whatever its line breaks.
    static func squeezed(_ text: String) -> String { String(text.filter { !$0.isWhitespace && $0 != "│" }) }

    static let newerSchema = "v99-from-the-future"

    /// What a newer Bailanys leaves in a file it migrates, done from another connection as another process would.
    static func migrateAsANewerBailanys(_ path: String) throws {
        let newer = try DatabaseQueue(path: path)
        try newer.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [newerSchema]) }
        try newer.close()
    }

    static func temporaryFolder() -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bailanys-tui-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The fixture directory; its coordinator P5 (in Astana) reaches the whole country unless `nationalCoordinator` is false.
    /// `path` fixes where (for goldens that show it); by default a fresh temporary folder.
    static func store(nationalCoordinator: Bool = true, path: String? = nil) throws -> DirectoryStore {
        let store = try DirectoryStore.create(path: path ?? temporaryFolder().appendingPathComponent("d.sqlite").path, gazetteer: gazetteer)
        try store.insert(directory)
        if nationalCoordinator { try store.setNationalReach(p(5), true, by: Actor(id: nil, roles: [.coordinator], reach: .country)) }
        return store
    }
}

/// Fixed tie strengths, standing in for the graph module.
struct FixedTies: TieStrengthProvider {
    var table: [EntityID: [EntityID: TieSummary]]
    func ties(of person: EntityID, at day: Day) -> [EntityID: TieSummary] { table[person] ?? [:] }
}

/// Saved configs, for checking what the app asked to remember.
final class ConfigLog: @unchecked Sendable {
    private let lock = NSLock()
    private var saved: [ConfigChange] = []
    func append(_ config: ConfigChange) { lock.withLock { saved.append(config) } }
    var all: [ConfigChange] { lock.withLock { saved } }
}

/// Remembered views, for checking what the app asked to keep for the next run.
final class ViewLog: @unchecked Sendable {
    private let lock = NSLock()
    private var saved: [ViewMemory] = []
    func append(_ view: ViewMemory) { lock.withLock { saved.append(view) } }
    var last: ViewMemory? { lock.withLock { saved.last } }
}

/// Drives the app headlessly: keys in, whole frames out.
final class Harness {
    let store: DirectoryStore
    let session: AppSession
    /// The terminal `c` copies to: its `clipboard`; `acceptsClipboard = false` plays one that takes no copies.
    let terminal: MemoryBackend
    let configs = ConfigLog()
    let views = ViewLog()

    /// `graph: true` plugs in the real graph module over the fixture store instead of `ties`;
    /// `contacts` are logged before the app (and its graph) starts. `inBackground` runs reads on the interactive app's
    /// lanes: their results wait until `settle` applies them.
    init(me: EntityID? = Fixtures.p(1), language: Language = .en, width: Int = 120, height: Int = 40,
         ties fixed: any TieStrengthProvider = NoTieStrength(), graph: Bool = false, contacts: [Interaction] = [],
         environment: [String: String] = [:], store: DirectoryStore? = nil,
         exportFolder: String = Fixtures.temporaryFolder().path, view: ViewMemory? = nil, createdDemo: Bool = false,
         serverSession: Bool = false, inBackground: Bool = false) throws {
        self.store = try store ?? Fixtures.store()
        for contact in contacts { try self.store.logInteraction(contact, by: try self.store.actor(contact.a), today: Fixtures.today) }
        let ties = graph ? try GraphTieStrength(store: self.store) : fixed
        let configs = configs, views = views
        let context = AppContext(store: self.store, me: me, language: language, today: Fixtures.today, ties: ties,
                                 saveConfig: { configs.append($0) }, environment: environment, exportFolder: exportFolder,
                                 loadsInBackground: inBackground, isServerSession: serverSession, createdDemo: createdDemo,
                                 view: view, saveView: { views.append($0) })
        terminal = MemoryBackend(width: width, height: height)
        // Headless, every effect runs on the test's thread, as copies do on the app's.
        nonisolated(unsafe) let clipboardTerminal = terminal
        session = AppSession(context: context, size: Size(width: width, height: height),
                             clipboard: { clipboardTerminal.copyToClipboard($0) })
    }

    var state: AppState { session.state }
    var frame: Buffer { session.frame }
    var screen: String { frame.lines.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }.joined(separator: "\n") }

    func keys(_ keys: KeyEvent...) { self.keys(keys) }
    func keys(_ keys: [KeyEvent]) { keys.forEach { session.send(.key($0)) } }
    func type(_ text: String) { text.forEach { session.send(.key(.character($0))) } }
    func resize(_ width: Int, _ height: Int) { session.send(.resize(Size(width: width, height: height))) }

    /// Applies background results until `done` holds; the bound only turns a hang into a failure.
    func settle(until done: (AppState) -> Bool) throws {
        let deadline = Date().addingTimeInterval(60)
        while !done(state) {
            try #require(Date() < deadline, "background work never finished")
            session.waitForBackgroundWork(upTo: .milliseconds(20))
            session.applyFinishedWork()
        }
    }

    /// Row of the frame containing `text`, if any.
    func row(containing text: String) -> Int? { frame.lines.firstIndex { $0.contains(text) } }

    var tableNames: [String] { state.directory.window.map(\.name) }
}

extension Harness {
    /// Opens the planner (unless `opening` is false: it is open) and plans a meetup in `place`, on `date`
    /// (`YYYY-MM-DD HH:MM`) or the form's default day, which is still ahead (no attendance is taken before a meetup's day).
    func planMeetup(in place: String = "Aqtau", on date: String? = nil, opening: Bool = true) {
        if opening { keys(.character("4")) }
        type(place)
        if let date {
            keys(.tab)
            keys(Array(repeating: KeyEvent.backspace, count: 16))
            type(date)
        }
        keys(.enter)
    }

    /// Today at 18:30, for a meetup that takes attendance.
    static let meetupToday = "\(Fixtures.today.iso) 18:30"
}
