import BailanysCore
import BailanysPolicy
@testable import BailanysStore
import Foundation
import GRDB
import Testing

@Suite struct StoreOpeningTests {
    @Test func createdFileIsPrivateAndCurrent() throws {
        let store = try Fixtures.store(filled: false)
        let mode = try FileManager.default.attributesOfItem(atPath: store.path)[.posixPermissions] as! Int
        #expect(mode & 0o777 == 0o600)
        #expect(try store.schemaVersions() == Schema.versions)
        #expect(try store.doctor().healthy)
    }

    @Test func refusesFileThatIsNotSQLite() throws {
        let path = Fixtures.temporaryPath("notes.sqlite")
        FileManager.default.createFile(atPath: path, contents: Data("name,phone\nAli,123\n".utf8))
        #expect(throws: StoreError.notADatabase(path: path)) { try DirectoryStore.open(path: path, gazetteer: Fixtures.gazetteer) }
        #expect(String(decoding: Fixtures.bytes(path), as: UTF8.self) == "name,phone\nAli,123\n")
    }

    @Test func refusesForeignSQLiteDatabase() throws {
        let path = Fixtures.temporaryPath("other.sqlite")
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "CREATE TABLE invoices (id INTEGER)") }
        try queue.close()
        let before = Fixtures.bytes(path)
        #expect(throws: StoreError.notADatabase(path: path)) { try DirectoryStore.open(path: path, gazetteer: Fixtures.gazetteer) }
        #expect(Fixtures.bytes(path) == before)
    }

    @Test func refusesNewerSchemaAndLeavesFileUntouched() throws {
        let store = try Fixtures.store()
        try store.queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        try store.queue.close()
        let before = Fixtures.bytes(store.path)
        #expect(throws: StoreError.newerSchema(path: store.path, version: "v99-from-the-future")) {
            try DirectoryStore.open(path: store.path, gazetteer: Fixtures.gazetteer)
        }
        #expect(Fixtures.bytes(store.path) == before)
    }

    @Test func upgradesOlderSchemaAfterWritingBackup() throws {
        let path = Fixtures.temporaryPath()
        try DirectoryStore.createFile(path: path)
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v1-directory")
        try queue.close()
        let store = try DirectoryStore.open(path: path, gazetteer: Fixtures.gazetteer, now: Date(timeIntervalSince1970: 1_700_000_000))
        #expect(try store.schemaVersions() == Schema.versions)
        let backup = path + ".backup-v1-directory-1700000000"
        let old = try DatabaseQueue(path: backup)
        #expect(try old.read { try Schema.migrator.completedMigrations($0) } == ["v1-directory"])
    }

    @Test func replaceRefusesExistingDirectoryWithoutForce() throws {
        let store = try Fixtures.store()
        try store.queue.close()
        let before = Fixtures.bytes(store.path)
        #expect(throws: StoreError.alreadyExists(path: store.path)) {
            try DirectoryStore.replace(path: store.path, gazetteer: Fixtures.gazetteer, overwrite: false) { _ in }
        }
        #expect(Fixtures.bytes(store.path) == before)
    }

    @Test func failedReplaceKeepsOldDirectory() throws {
        let store = try Fixtures.store()
        struct Interrupted: Error {}
        #expect(throws: Interrupted.self) {
            try DirectoryStore.replace(path: store.path, gazetteer: Fixtures.gazetteer, overwrite: true) { fresh in
                try fresh.insert(DirectoryData(people: [Fixtures.directory.people[0]]))
                throw Interrupted()
            }
        }
        let reopened = try DirectoryStore.open(path: store.path, gazetteer: Fixtures.gazetteer)
        #expect(try reopened.stats().people == 5)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (store.path as NSString).deletingLastPathComponent)
        #expect(!leftovers.contains { $0.contains(".partial-") })
    }

    @Test func replaceWithForceSwapsInNewDirectory() throws {
        let store = try Fixtures.store()
        let replaced = try DirectoryStore.replace(path: store.path, gazetteer: Fixtures.gazetteer, overwrite: true) { fresh in
            try fresh.insert(DirectoryData(people: [Fixtures.directory.people[1]]))
        }
        #expect(try replaced.stats().people == 1)
        #expect(try replaced.doctor().healthy)
    }

    /// New directories have 16 KiB pages. An older directory of smaller pages in WAL mode, which SQLite's backup cannot
    /// resize, keeps its page size when it is overwritten, and the staged contacts are copied into it all the same.
    @Test func replacingAnOlderDirectoryKeepsItsPageSize() throws {
        func pageSize(_ store: DirectoryStore) throws -> Int? { try store.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } }
        #expect(try pageSize(Fixtures.store()) == DirectoryStore.newPageSize)
        let path = Fixtures.temporaryPath("old-pages.sqlite")
        try FileManager.default.copyItem(at: try SchemaFixtureTests.fixture("v11-suggestion-use"), to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        let old = try DirectoryStore.open(path: path, gazetteer: Fixtures.gazetteer)
        try old.queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = WAL") }
        let oldPageSize = try pageSize(old)
        #expect(oldPageSize != DirectoryStore.newPageSize)
        var rest = Fixtures.directory
        let contacts = rest.interactions
        rest.interactions = []
        let replaced = try DirectoryStore.replace(path: path, gazetteer: Fixtures.gazetteer, overwrite: true) { new in
            try new.insert(rest) { contacts }
        }
        #expect(try pageSize(replaced) == oldPageSize)
        #expect(try replaced.stats().interactions == contacts.count)
        #expect(try replaced.doctor().healthy)
    }

    @Test func lockedDirectoryGivesClearError() throws {
        let store = try Fixtures.store()
        var config = Configuration()
        config.allowsUnsafeTransactions = true
        let other = try DatabaseQueue(path: store.path, configuration: config)
        try other.writeWithoutTransaction { try $0.execute(sql: "BEGIN EXCLUSIVE") }
        defer { try? other.writeWithoutTransaction { try $0.execute(sql: "ROLLBACK") } }
        #expect(throws: StoreError.locked(path: store.path)) {
            try store.logInteraction(Interaction(a: Fixtures.p(1), b: Fixtures.p(3), day: Fixtures.today, channel: .call, source: .manual),
                                     by: Actor(id: Fixtures.p(1), roles: [.alumnus]), today: Fixtures.today)
        }
    }

    @Test func readOnlyFileOpensForReadingOnly() throws {
        let store = try Fixtures.store()
        try store.queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = DELETE") }
        try store.queue.close()
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: store.path)
        // root ignores file permissions, so only check the refusal where the OS enforces it.
        guard geteuid() != 0 else { return }
        let reopened = try DirectoryStore.open(path: store.path, gazetteer: Fixtures.gazetteer)
        #expect(reopened.isReadOnly)
        #expect(try reopened.stats().people == 5)
        #expect(throws: StoreError.readOnly(path: store.path)) {
            try reopened.logInteraction(Interaction(a: Fixtures.p(1), b: Fixtures.p(3), day: Fixtures.today, channel: .call, source: .manual),
                                        by: Actor(id: Fixtures.p(1), roles: [.alumnus]), today: Fixtures.today)
        }
    }
}

@Suite struct StoreContentTests {
    @Test func directoryRoundTripsAndHidesSensitiveFromMembers() throws {
        let store = try Fixtures.store()
        let asCoordinator = try store.loadDirectory(audience: .coordinator)
        #expect(asCoordinator == Fixtures.directory)
        let asMember = try store.loadDirectory(audience: .member)
        #expect(asMember.people.allSatisfy { $0.sensitive.isEmpty })
        #expect(try store.person(Fixtures.p(1)).sensitive.isEmpty)
        #expect(try store.person(Fixtures.p(1), audience: .coordinator).sensitive.neet)
    }

    @Test func personCardShowsTeamMentorsAndContacts() throws {
        let store = try Fixtures.store()
        let card = try store.personCard(Fixtures.p(1))
        #expect(card.memberships.count == 1)
        #expect(card.memberships[0].role == .leader)
        #expect(card.memberships[0].team.map(\.person.name) == ["Айгерім Сапарова", "Ерлан Жақсылықов", "Dana Bekova"])
        #expect(card.mentors.map(\.id) == [Fixtures.p(4)])
        #expect(card.people.map(\.party.id) == [Fixtures.p(4), Fixtures.p(2)])
        #expect(card.person.visibleContacts(to: Fixtures.p(2), audience: .member).map(\.kind) == [.phone])
        #expect(card.person.visibleContacts(to: Fixtures.p(1), audience: .member).count == 2)
        let mentor = try store.personCard(Fixtures.p(4))
        #expect(mentor.mentees.map(\.id) == [Fixtures.p(1), Fixtures.p(2), Fixtures.p(3)])
        #expect(mentor.memberships[0].role == nil)
    }

    @Test func organizationAndInitiativeCards() throws {
        let store = try Fixtures.store()
        let org = try store.organizationCard(EntityID(.organization, 1))
        #expect(org.initiatives.map(\.initiative.title) == ["Таза Каспий"])
        #expect(org.people.map(\.party.id) == [Fixtures.p(3)])
        let initiative = try store.initiativeCard(EntityID(.initiative, 1))
        #expect(initiative.membership.partners.map(\.name) == ["Ақтау қаласының әкімдігі"])
        #expect(initiative.membership.round?.format == .online)
    }

    @Test func unknownAndWrongKindIDs() throws {
        let store = try Fixtures.store()
        #expect(throws: StoreError.unknownID(Fixtures.p(99))) { try store.personCard(Fixtures.p(99)) }
        #expect(throws: StoreError.wrongKind(EntityID(.organization, 1), expected: "a person")) { try store.person(EntityID(.organization, 1)) }
    }

    @Test func loggingValidatesPartiesAndDates() throws {
        let store = try Fixtures.store()
        let today = Fixtures.today
        func log(_ a: EntityID, _ b: EntityID, _ day: Day) throws {
            try store.logInteraction(Interaction(a: a, b: b, day: day, channel: .call, source: .manual),
                                     by: Actor(id: a, roles: [.alumnus]), today: today)
        }
        #expect(throws: StoreError.sameParty(Fixtures.p(1))) { try log(Fixtures.p(1), Fixtures.p(1), today) }
        #expect(throws: StoreError.futureDate(today.adding(days: 1), today: today)) { try log(Fixtures.p(1), Fixtures.p(2), today.adding(days: 1)) }
        #expect(throws: StoreError.unknownID(Fixtures.p(42))) { try log(Fixtures.p(1), Fixtures.p(42), today) }
        let before = try store.stats().interactions
        try log(Fixtures.p(2), Fixtures.p(3), today)
        #expect(try store.stats().interactions == before + 1)
        #expect(try store.lastContacts(with: Fixtures.p(3))[Fixtures.p(2)] == today)
    }

    /// Terminal controls and bidi overrides never enter the directory, whichever way a record is written: `add`,
    /// `edit` and `log` stored ESC, OSC, BEL and RLO that `import` refuses (review), and an export then mangled them.
    @Test func controlCharactersAreRefusedOnEveryWritePath() throws {
        let store = try Fixtures.store()
        let hostile = ["Evil \u{1B}]0;pwned\u{07}", "RLO \u{202E} txt.exe", "Aida\u{1B}[2J", "x\u{9B}31m"]
        for text in hostile {
            let draft = Person(id: Fixtures.p(1), fullName: text, roles: [.alumnus], settlement: "shetpe")
            #expect(throws: StoreError.self) { try store.addPerson(draft, by: Fixtures.national) }
            var edited = try store.person(Fixtures.p(2), audience: .coordinator)
            edited.note = "fine\n" + text
            #expect(throws: StoreError.self) { try store.updatePerson(edited, by: Fixtures.national) }
            edited.note = ""
            edited.interests = ["ok", text]
            #expect(throws: StoreError.self) { try store.updatePerson(edited, by: Fixtures.national) }
            let org = Organization(id: EntityID(.organization, 1), name: text, kind: .ngo, settlement: "aktau")
            #expect(throws: StoreError.self) { try store.addOrganization(org, by: Fixtures.national) }
            let contact = Interaction(a: Fixtures.p(1), b: Fixtures.p(2), day: Fixtures.today, channel: .call, note: text, source: .manual)
            #expect(throws: StoreError.self) { try store.logInteraction(contact, by: Fixtures.national, today: Fixtures.today) }
        }
        #expect(try store.stats().people == 5 && store.stats().interactions == 3)
        // A note keeps its line breaks and tabs.
        var noted = try store.person(Fixtures.p(2), audience: .coordinator)
        noted.note = "two\nlines\tand a tab"
        try store.updatePerson(noted, by: Fixtures.national)
        #expect(try store.person(Fixtures.p(2), audience: .coordinator).note == "two\nlines\tand a tab")
    }

    /// A suggestion key names a suggestion that could be made: a known kind, the owner and someone else who is in the
    /// directory. `dismiss reconnect:P12:P99999` and `reconnect:P12:P12` were recorded (review).
    @Test func feedbackIsRefusedForKeysNoSuggestionCouldHave() throws {
        let store = try Fixtures.store()
        let me = try store.actor(Fixtures.p(1))
        #expect(throws: StoreError.unknownID(EntityID(.person, 99_999))) {
            try store.dismissSuggestion("reconnect:P1:P99999", by: me, today: Fixtures.today)
        }
        for key in ["reconnect:P1:P1", "hug:P1:P2", "meet:P1:I1", "reconnect:P1"] {
            #expect(throws: StoreError.self, "\(key)") { try store.dismissSuggestion(key, by: me, today: Fixtures.today) }
            #expect(throws: StoreError.self, "\(key)") {
                try store.snoozeSuggestion(key, until: Day(iso: "2026-12-25")!, by: me, today: Fixtures.today)
            }
        }
        #expect(try store.suggestionFeedback().dismissed.isEmpty)
        try store.dismissSuggestion("partner:P1:O1", by: me, today: Fixtures.today)
        #expect(try store.suggestionFeedback().dismissed == ["partner:P1:O1"])
    }

    /// A new directory's first coordinator, added by its owner, reaches the whole country, so someone can give
    /// national reach, publish the country's copy and set the hold-out; `init --empty` had no way to get one (review).
    @Test func theFirstCoordinatorOfANewDirectoryIsNational() throws {
        let store = try Fixtures.store(filled: false)
        let owner = try store.actor(nil)
        #expect(owner.isOwner)
        let first = try store.addPerson(Person(id: Fixtures.p(1), fullName: "Coord A", roles: [.coordinator], settlement: "aktau"), by: owner)
        #expect(try store.isNationalCoordinator(first))
        let second = try store.addPerson(Person(id: Fixtures.p(1), fullName: "Coord B", roles: [.coordinator], settlement: "astana"),
                                         by: try store.actor(first))
        #expect(try !store.isNationalCoordinator(second), "only the first")
        try store.setNationalReach(second, true, by: try store.actor(first))
        #expect(try store.isNationalCoordinator(second))
    }

    @Test func addAndEditValidateFields() throws {
        let store = try Fixtures.store()
        var draft = Person(id: EntityID(.person, 1), fullName: "Нұрлан Әбенов", roles: [.alumnus], settlement: "shetpe",
                           contacts: [Contact(kind: .phone, value: "+7 777 123 45 67", shared: true)])
        let id = try store.addPerson(draft, by: Fixtures.national)
        #expect(id == Fixtures.p(6))
        draft.id = id
        draft.contacts = [Contact(kind: .email, value: "not-an-email", shared: true)]
        #expect(throws: StoreError.invalidField(field: "email", value: "not-an-email", expected: ContactValidation.expected(.email))) {
            try store.updatePerson(draft, by: try store.actor(id))
        }
        draft.settlement = "atlantis"
        draft.contacts = []
        #expect(throws: StoreError.invalidField(field: "settlement", value: "atlantis", expected: "a settlement in the gazetteer")) {
            try store.updatePerson(draft, by: try store.actor(id))
        }
        #expect(try store.person(id).settlement == "shetpe")
    }

    @Test func memberEditCannotClearSensitiveCategories() throws {
        let store = try Fixtures.store()
        var person = try store.person(Fixtures.p(1))
        person.note = "edited"
        try store.updatePerson(person, by: try store.actor(Fixtures.p(1)))
        let seen = try store.person(Fixtures.p(1), audience: .coordinator)
        #expect(seen.note == "edited")
        #expect(seen.sensitive.neet)
    }
}

@Suite struct StoreSearchTests {
    @Test func searchFindsNamesPlacesAndInitiatives() throws {
        let store = try Fixtures.store()
        #expect(try store.search("Сапарова").map(\.id) == [Fixtures.p(1)])
        #expect(try store.search("каспий").map(\.id).sorted() == [Fixtures.p(1), Fixtures.p(2), Fixtures.p(3)])
        #expect(try store.search("").isEmpty)
        #expect(try store.search("  ,, ").isEmpty)
    }

    @Test func aSingleLetterListsNamesWithThatInitialAlphabetically() throws {
        let (store, _) = try Fixtures.sampleStore()
        let results = try store.search("Ә", limit: 40)
        #expect(results.count == 40, "more names than the limit start with a/ә")
        for row in results {
            #expect(TextFold.words(row.name).contains { $0.hasPrefix("a") }, "\(row.name)")
        }
        #expect(results.map(\.sortKey) == results.map(\.sortKey).sorted { $0.lexicographicallyPrecedes($1) })
        #expect(try store.search("a", limit: 40).map(\.id) == results.map(\.id), "Latin and Cyrillic initials meet")
        #expect(try store.search("ай", limit: 40).map(\.id) != results.map(\.id), "two letters narrow the list")
    }

    @Test func searchAcrossSpellings() throws {
        let store = try Fixtures.store()
        let cyrillic = try store.search("Ақтау").map(\.id)
        #expect(cyrillic.contains(Fixtures.p(1)))
        for spelling in ["Актау", "Aktau", "Aqtau", "aqtaý", "Shevchenko"] {
            #expect(try store.search(spelling).map(\.id) == cyrillic, "spelling \(spelling)")
        }
        #expect(try store.search("aigerim").map(\.id) == [Fixtures.p(1)])
        #expect(try store.search("Galym").map(\.id) == [Fixtures.p(4)])
    }

    @Test func filtersNarrowResults() throws {
        let store = try Fixtures.store()
        var filter = DirectoryFilter()
        filter.roles = [.mentor]
        #expect(try store.list(filter: filter).map(\.id) == [Fixtures.p(4)])
        filter = DirectoryFilter()
        filter.settlementType = .village
        #expect(try store.list(filter: filter).map(\.id) == [Fixtures.p(2)])
        filter = DirectoryFilter()
        filter.format = .online
        filter.status = .continuing
        #expect(try store.count(filter: filter) == 4)
        filter.region = "astana"
        #expect(try store.list(filter: filter).map(\.id) == [Fixtures.p(4)])
        #expect(try store.list(filter: filter).first?.latestRound?.number == 5)
    }

    @Test func listSortsInKazakhAlphabet() throws {
        let store = try Fixtures.store()
        let names = try store.list().map(\.name)
        // а(Айгерім) < ә(Әсел) … е(Ерлан) < ғ? no: Kazakh order is а ә б в г ғ д е …
        #expect(names.firstIndex(of: "Айгерім Сапарова")! < names.firstIndex(of: "Әсел Оспанова")!)
        #expect(names.firstIndex(of: "Әсел Оспанова")! < names.firstIndex(of: "Ғалым Нұрланұлы")!)
        #expect(names.firstIndex(of: "Ғалым Нұрланұлы")! < names.firstIndex(of: "Ерлан Жақсылықов")!)
        #expect(try store.list(limit: 2, offset: 1).map(\.name) == Array(names[1...2]))
    }
}
