import BailanysCore
import BailanysGraph
import BailanysPolicy
import Foundation
import PropertyBased
@testable import BailanysStore
import Testing

/// Whatever a non-coordinator tries, through every write of the store's API, nobody else's consent, roles or
/// sensitive categories change (docs/privacy.md).
@Suite struct PolicyPropertyTests {
    /// What each person holds that only they (consent) or a coordinator (roles, sensitive) may change.
    struct Guarded: Equatable {
        var consent: [String]
        var roles: Set<Role>
        var sensitive: SensitiveCategories
    }

    func guarded(_ store: DirectoryStore) throws -> [EntityID: Guarded] {
        Dictionary(uniqueKeysWithValues: try store.loadDirectory(audience: .coordinator).people.map {
            ($0.id, Guarded(consent: $0.contacts.map { "\($0.kind.rawValue)=\($0.shared)" }.sorted(), roles: $0.roles,
                            sensitive: $0.sensitive))
        })
    }

    /// One random attempt by `actor` against `target`; refusals and invalid input are expected and ignored.
    func attempt(_ step: UInt64, actor: Actor, target: EntityID, other: EntityID, store: DirectoryStore) {
        var person = (try? store.person(target, for: actor)) ?? Person(id: target, fullName: "x", roles: [.alumnus], settlement: "aktau")
        switch step % 9 {
        case 0: person.contacts = person.contacts.map { Contact(kind: $0.kind, value: $0.value, shared: !$0.shared) }
        case 1: person.contacts.append(Contact(kind: .email, value: "taken@mail.kz", shared: true))
        case 2: person.roles = [.coordinator]
        case 3: person.sensitive = SensitiveCategories(neet: true, vulnerable: true, disabilityGroup: 1)
        case 4: person.sensitive = .none
        case 5: person.contacts = []
        default: break
        }
        switch step % 9 {
        case 0...5: _ = try? store.updatePerson(person, by: actor)
        case 6:
            var batch = ImportBatch()
            person.roles = [.coordinator]
            person.contacts = person.contacts.map { Contact(kind: $0.kind, value: $0.value, shared: true) }
            batch.updatedPeople = [person]
            batch.writesSensitive = true
            _ = try? store.apply(batch, by: actor)
        case 7:
            _ = try? store.addPerson(Person(id: target, fullName: "Жаңа", roles: [.coordinator], settlement: "aktau"), by: actor)
        default:
            _ = try? store.logInteraction(Interaction(a: target, b: other, day: Fixtures.today, channel: .call, source: .manual),
                                          by: actor, today: Fixtures.today)
        }
    }

    @Test func nonCoordinatorsNeverChangeOthersConsentRolesOrSensitiveData() async throws {
        let people = (1...5).map(Fixtures.p)
        await propertyCheck(count: 25, input: Gen.int(in: 0...1_000_000)) { seed in
            let store = try! Fixtures.store()
            var random = SeededRandom(seed: UInt64(seed))
            let members: [Actor] = [.nobody] + (try! [1, 2, 3, 4].map { try store.actor(Fixtures.p($0)) })
            var before = try! guarded(store)
            for _ in 0..<12 {
                let actor = members[Int(random.next() % UInt64(members.count))]
                let target = people[Int(random.next() % UInt64(people.count))]
                let other = people[Int(random.next() % UInt64(people.count))]
                attempt(random.next(), actor: actor, target: target, other: other, store: store)
                let after = try! guarded(store)
                for (id, value) in after where id != actor.id {
                    #expect(before[id] == nil || before[id] == value, "\(actor.id?.description ?? "nobody") changed \(id)")
                }
                // One's own roles and sensitive categories are coordinators' too.
                if let me = actor.id, let mine = before[me], let now = after[me] {
                    #expect(mine.roles == now.roles && mine.sensitive == now.sensitive)
                }
                before = after
            }
        }
    }
}

@Suite struct MeetupPolicyTests {
    @Test func onlyCoordinatorsReachingTheHostPlanMeetupsAndRecordWhoCame() throws {
        let store = try Fixtures.store()
        let request = MeetupRequest(host: MeetupHost(settlement: "aktau", latitude: 43.65, longitude: 51.17),
                                    capacity: 10, radiusKm: 150, now: Fixtures.today)
        let plan = MeetupPlanner.plan(snapshot: try store.graphSnapshot(), request: request)
        let draft = MeetupDraft(plan: plan, startsAt: LocalDateTime(iso: "2026-11-20T18:30")!)
        let regional = try store.actor(Fixtures.p(5))  // Astana
        #expect(throws: Refusal.self) { try store.saveMeetup(draft, by: try store.actor(Fixtures.p(1))) }
        #expect(throws: Refusal.self) { try store.saveMeetup(draft, by: regional) }
        let id = try store.saveMeetup(draft, by: Fixtures.national)
        #expect(throws: Refusal.self) { try store.markAttendance(id, people: [Fixtures.p(1)], by: try store.actor(Fixtures.p(1)), today: Fixtures.today) }
        #expect(try store.markAttendance(id, people: [Fixtures.p(1), Fixtures.p(2)], by: Fixtures.national, today: Fixtures.today).count == 1)
    }
}

@Suite struct ImportPolicyTests {
    /// An import by a coordinator of one region checks each contact against the regions of its parties (read raw, per
    /// chunk); a national coordinator's is not looked up at all.
    @Test func aRegionalImportLogsContactsItReachesOnly() throws {
        let store = try Fixtures.store()
        let regional = try store.actor(Fixtures.p(5))  // Astana, as is P4; P1 and P2 are of Mangystau
        func contacts(_ pairs: [(Int, Int)]) -> ImportBatch {
            var batch = ImportBatch()
            batch.interactions = pairs.map {
                Interaction(a: Fixtures.p($0.0), b: Fixtures.p($0.1), day: Fixtures.today, channel: .call, source: .imported)
            }
            return batch
        }
        try store.apply(contacts([(4, 1)]), by: regional)
        #expect(throws: ImportRefusal.self) { try store.apply(contacts([(4, 2), (1, 2)]), by: regional) }
        #expect(try store.interactions(of: Fixtures.p(2)).allSatisfy { $0.day != Fixtures.today }, "a refused import writes nothing")
        try store.apply(contacts([(1, 2)]), by: Fixtures.national)
    }
}
