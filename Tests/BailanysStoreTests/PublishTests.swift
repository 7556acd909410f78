import BailanysCore
import BailanysPolicy
import Foundation
import GRDB
@testable import BailanysStore
import Testing

/// A member copy holds nothing members may not see: every table of it is read back and searched.
@Suite struct PublishTests {
    func published(region: String? = nil) throws -> (master: DirectoryStore, copy: DirectoryStore) {
        let master = try Fixtures.store()
        var person = try master.person(Fixtures.p(2), audience: .coordinator)
        person.note = "lives with an aunt since 2022"
        person.birthYear = 2003
        person.contacts = [Contact(kind: .telegram, value: "erlan_private", shared: false)]
        try master.updatePerson(person, by: Fixtures.national)
        try master.logInteraction(Interaction(a: Fixtures.p(1), b: Fixtures.p(3), day: Fixtures.today, channel: .call,
                                              note: "talked about her debts", source: .manual), by: Fixtures.national, today: Fixtures.today)
        let path = Fixtures.temporaryPath()
        try master.publishMemberCopy(to: path, for: .alumni, region: region, by: Fixtures.national, today: Fixtures.today, overwrite: false)
        return (master, try DirectoryStore.open(path: path, gazetteer: Fixtures.gazetteer))
    }

    @Test func everyTableOfACopyIsFreeOfPrivateData() throws {
        let (master, copy) = try published()
        let secrets = ["aigerim@mail.kz", "erlan_private", "lives with an aunt", "talked about her debts"]
        #expect(try master.loadDirectory(audience: .coordinator).people.contains { !$0.sensitive.isEmpty }, "the master has secrets")
        try copy.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_%'")
            #expect(!tables.contains("person_sensitive"))
            for table in tables {
                let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { $0["name"] as String }
                #expect(columns.allSatisfy { !["neet", "vulnerable", "disability_group"].contains($0) }, "\(table) has a sensitive column")
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table)") {
                    for (column, value) in row {
                        let text = String(describing: value)
                        #expect(!secrets.contains { text.contains($0) }, "\(table).\(column) holds a secret")
                        if ["gender", "birth_year", "external_id"].contains(column) && table != "meta" {
                            #expect(value.isNull, "\(table).\(column) is private")
                        }
                    }
                }
            }
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log") == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contact WHERE NOT shared") == 0)
        }
        #expect(try copy.fileKind() == FileKind(kind: "member", audience: "alumni", region: nil, published: Fixtures.today.iso,
                                                source: (master.path as NSString).lastPathComponent))
        #expect(try copy.doctor().healthy)
        #expect(try master.auditLog().contains { $0.action == "publish" && $0.actor == "P5" })
        let mode = try FileManager.default.attributesOfItem(atPath: copy.path)[.posixPermissions] as! Int
        #expect(mode & 0o077 == 0)
    }

    @Test func aRegionalCopyHoldsItsRegionAndTheCoordinators() throws {
        let (_, copy) = try published(region: "mangystau")
        let people = Set(try copy.loadDirectory().people.map(\.id))
        // Mangystau's alumni, their mentor (in Astana) and the coordinator; not Бауыржан of Astana.
        #expect(people == Set([1, 2, 3, 4, 5].map(Fixtures.p)))
    }

    @Test func nobodyIsACoordinatorInACopyAndItsRefusalsSaySo() throws {
        let (_, copy) = try published()
        let claimed = try copy.actor(Fixtures.p(5))
        #expect(!claimed.isCoordinator)
        var person = try copy.person(Fixtures.p(1), for: claimed)
        person.roles = [.coordinator]
        #expect(throws: Refusal.self) { try copy.updatePerson(person, by: claimed) }
        #expect(try copy.actor(nil).isOwner == false, "a copy has no owner either")
        #expect(throws: Refusal.self) {
            try copy.publishMemberCopy(to: Fixtures.temporaryPath(), for: .alumni, region: nil, by: claimed, today: Fixtures.today, overwrite: false)
        }
    }

    @Test func onlyCoordinatorsPublishAndOnlyWithinTheirReach() throws {
        let master = try Fixtures.store()
        let regional = try master.actor(Fixtures.p(5))  // Astana
        for (actor, region) in [(try master.actor(Fixtures.p(1)), "mangystau"), (regional, "mangystau"), (regional, nil as String?)] {
            #expect(throws: Refusal.self) {
                try master.publishMemberCopy(to: Fixtures.temporaryPath(), for: .mentors, region: region, by: actor,
                                             today: Fixtures.today, overwrite: false)
            }
        }
        try master.publishMemberCopy(to: Fixtures.temporaryPath(), for: .mentors, region: "astana", by: regional,
                                     today: Fixtures.today, overwrite: false)
    }

    /// A copy for another region or audience, or an older one, replaced the member's copy and dropped the contacts they
    /// had logged with people it did not hold, while saying it kept them (review). Now each is refused and nothing is
    /// replaced; a copy that lacks a party of the member's log is taken only when they ask to drop those contacts,
    /// and the count says what was kept.
    @Test func aCopyThatWouldLoseTheMembersLogIsRefused() throws {
        let (master, _) = try published(region: "mangystau")
        // Someone of Mangystau in no team: in the region's copy only while they live there.
        let newcomer = try master.addPerson(Person(id: Fixtures.p(1), fullName: "Нұрлан Әбенов", roles: [.alumnus], settlement: "shetpe"),
                                            by: Fixtures.national)
        func publish(_ audience: MemberAudience, region: String?, day: Day = Fixtures.today) throws -> String {
            let path = Fixtures.temporaryPath()
            try master.publishMemberCopy(to: path, for: audience, region: region, by: Fixtures.national, today: day, overwrite: false)
            return path
        }
        let copy = try DirectoryStore.open(path: try publish(.alumni, region: "mangystau"), gazetteer: Fixtures.gazetteer)
        let tea = Interaction(a: Fixtures.p(1), b: newcomer, day: Fixtures.today, channel: .meeting, note: "tea", source: .manual)
        try copy.logInteraction(tea, by: try copy.actor(Fixtures.p(1)), today: Fixtures.today)
        let before = Fixtures.bytes(copy.path)
        for other in [try publish(.alumni, region: "astana"), try publish(.mentors, region: "mangystau"), try publish(.alumni, region: nil),
                      try publish(.alumni, region: "mangystau", day: Day(iso: "2026-10-01")!)] {
            #expect(throws: StoreError.self) { try copy.takeNewerCopy(from: other, me: Fixtures.p(1)) }
        }
        #expect(Fixtures.bytes(copy.path) == before)
        // The newcomer moves to Astana: the region's next copy does not hold them, nor the member's contact with them.
        var moved = try master.person(newcomer, audience: .coordinator)
        moved.settlement = "astana"
        try master.updatePerson(moved, by: Fixtures.national)
        let without = try publish(.alumni, region: "mangystau")
        #expect(throws: StoreError.self) { try copy.takeNewerCopy(from: without, me: Fixtures.p(1)) }
        #expect(try copy.ownLog(of: Fixtures.p(1)) == [tea])
        let taken = try copy.takeNewerCopy(from: without, me: Fixtures.p(1), droppingMissing: true)
        #expect(taken.keptContacts == 0 && taken.droppedContacts == 1)
    }

    @Test func aNewerCopyKeepsTheMembersLogAndFeedbackAndTheLogMergesBackOnce() throws {
        let (master, copy) = try published()
        let me = try copy.actor(Fixtures.p(1))
        let tea = Interaction(a: Fixtures.p(1), b: Fixtures.p(2), day: Fixtures.today, channel: .meeting, note: "tea in Shetpe", source: .manual)
        try copy.logInteraction(tea, by: me, today: Fixtures.today)
        try copy.dismissSuggestion("meet:P1:P3", by: me, today: Fixtures.today)
        #expect(try copy.ownLog(of: Fixtures.p(1)) == [tea])
        // The coordinator imports the member's log: as a batch of interactions, twice.
        var batch = ImportBatch()
        batch.interactions = try copy.ownLog(of: Fixtures.p(1))
        let before = try master.stats().interactions
        try master.apply(batch, by: Fixtures.national)
        #expect(try master.stats().interactions == before + 1)
        let newerPath = Fixtures.temporaryPath()
        try master.publishMemberCopy(to: newerPath, for: .alumni, region: nil, by: Fixtures.national, today: Fixtures.today, overwrite: false)
        let taken = try copy.takeNewerCopy(from: newerPath, me: Fixtures.p(1))
        #expect(taken.keptContacts == 1 && taken.keptFeedback == 1)
        let refreshed = try DirectoryStore.open(path: copy.path, gazetteer: Fixtures.gazetteer)
        let withErlan = try refreshed.interactions(of: Fixtures.p(1)).filter { $0.other.id == Fixtures.p(2) && $0.day == Fixtures.today }
        #expect(withErlan.count == 1 && withErlan[0].note == "tea in Shetpe", "kept once, as the member wrote it")
        #expect(try refreshed.doctor().checks.first { $0.name == "tie state" }?.ok == true, "the duplicate left the tie state too")
        #expect(try refreshed.suggestionFeedback().dismissed == ["meet:P1:P3"])
        #expect(throws: StoreError.self) { try master.takeNewerCopy(from: newerPath, me: nil) }
    }
}
