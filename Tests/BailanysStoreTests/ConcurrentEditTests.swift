import BailanysCore
import BailanysPolicy
@testable import BailanysStore
import Foundation
import Testing

/// Two writers on one directory: an edit begun from an older read writes only what it changed (review: a form that
/// changed only a name reverted a command-line edit's phone, note, interests and NEET flag; parallel `edit`s lost
/// some of each other's).
@Suite struct ConcurrentEditTests {
    let me = Actor(id: Fixtures.p(1), roles: [.alumnus])

    @Test func anEditFromAnOlderReadKeepsWhatAnotherProcessWroteMeanwhile() throws {
        let store = try Fixtures.store()
        let base = try store.person(Fixtures.p(1), for: me)
        // Another process (its own connection) changes the phone, note, interests and NEET flag meanwhile.
        let other = try DirectoryStore.open(path: store.path, gazetteer: Fixtures.gazetteer)
        var theirs = try other.person(Fixtures.p(1), audience: .coordinator)
        theirs.contacts[0].value = "+7 702 000 00 01"
        theirs.note = "met at the forum"
        theirs.interests = ["sport"]
        theirs.sensitive = .none
        try other.updatePerson(theirs, by: Fixtures.national)
        // The form opened before saves a new name.
        var mine = base
        mine.fullName = "Айгерім Сапарова-Нұр"
        try store.updatePerson(mine, base: base, by: me)
        let stored = try store.person(Fixtures.p(1), audience: .coordinator)
        #expect(stored.fullName == "Айгерім Сапарова-Нұр")
        #expect(stored.contacts[0].value == "+7 702 000 00 01" && stored.note == "met at the forum" && stored.interests == ["sport"])
        #expect(stored.sensitive == .none, "the person cannot see the flag; the coordinator's change stands")
    }

    /// The same field changed there to another value: nothing is written, and the refusal says to look again.
    @Test func theSameFieldChangedMeanwhileRefusesTheEdit() throws {
        let store = try Fixtures.store()
        let base = try store.person(Fixtures.p(1), for: me)
        var theirs = try store.person(Fixtures.p(1), audience: .coordinator)
        theirs.note = "theirs"
        try store.updatePerson(theirs, by: Fixtures.national)
        var mine = base
        mine.note = "mine"
        mine.fullName = "Renamed"
        var current = base
        current.note = "theirs"
        var rebased = current
        rebased.note = "mine"
        rebased.fullName = "Renamed"
        #expect(throws: StoreError.changedMeanwhile(Fixtures.p(1), fields: ["note"], current: current, rebased: rebased)) {
            try store.updatePerson(mine, base: base, by: me)
        }
        #expect(try store.person(Fixtures.p(1), audience: .coordinator).fullName == "Айгерім Сапарова")
        // The same value both ways is no conflict.
        mine.note = "theirs"
        try store.updatePerson(mine, base: base, by: me)
        #expect(try store.person(Fixtures.p(1), audience: .coordinator).fullName == "Renamed")
    }

    /// A hidden field changed meanwhile never shows through a conflict: the person's own edit of what they see
    /// succeeds whatever a coordinator set in their sensitive categories.
    @Test func aHiddenChangeIsNoConflict() throws {
        let store = try Fixtures.store()
        let base = try store.person(Fixtures.p(1), for: me)
        var theirs = try store.person(Fixtures.p(1), audience: .coordinator)
        theirs.sensitive = SensitiveCategories(vulnerable: true)
        try store.updatePerson(theirs, by: Fixtures.national)
        var mine = base
        mine.note = "mine"
        try store.updatePerson(mine, base: base, by: me)
        let stored = try store.person(Fixtures.p(1), audience: .coordinator)
        #expect(stored.note == "mine" && stored.sensitive == SensitiveCategories(vulnerable: true))
    }

    /// The merge knows every field of a person: an edit of all of them onto an unchanged record is the edit.
    @Test func theMergeKnowsEveryField() {
        let base = Person(id: Fixtures.p(1), fullName: "A", roles: [.alumnus], settlement: "aktau")
        let edited = Person(id: Fixtures.p(1), externalID: "x", fullName: "B", gender: .female, birthYear: 1999, roles: [.mentor],
                            settlement: "shetpe", contacts: [Contact(kind: .phone, value: "+7 701 000 00 00", shared: true)],
                            languages: ["kk"], interests: ["sport"], sensitive: SensitiveCategories(neet: true),
                            suggestionsOptOut: true, note: "n")
        #expect(EditMerge.person.merge(edited, base: base, onto: base, shown: base) == (edited, []) as (Person, [String]))
        // Every field but the id; the contacts are three fields (one per kind), the sensitive categories three too.
        #expect(EditMerge.person.fields.count == Mirror(reflecting: base).children.count - 1 - 2 + ContactKind.allCases.count
            + Mirror(reflecting: base.sensitive).children.count)
    }

    /// Contacts merge kind by kind: a phone edited from an older read is no conflict with an e-mail changed meanwhile
    /// (the whole list was one field, and the edit was refused; review), and each keeps its place in the list.
    @Test func contactsOfDifferentKindsMergeWithoutConflict() throws {
        let store = try Fixtures.store()
        let base = try store.person(Fixtures.p(1), audience: .coordinator)
        #expect(base.contacts.map(\.kind) == [.phone, .email])
        var theirs = base
        theirs.contacts[1].value = "theirs@example.kz"
        try store.updatePerson(theirs, by: Fixtures.national)
        var mine = base
        mine.contacts[0].value = "+7 702 000 00 09"
        mine.contacts.append(Contact(kind: .telegram, value: "@mine_handle", shared: true))
        try store.updatePerson(mine, base: base, by: Fixtures.national)
        let written = try store.person(Fixtures.p(1), audience: .coordinator)
        #expect(written.contacts.map(\.value) == ["+7 702 000 00 09", "theirs@example.kz", "@mine_handle"])
        // The same kind changed both ways still conflicts.
        var again = written
        again.contacts[1].value = "mine@example.kz"
        var other = written
        other.contacts[1].value = "other@example.kz"
        try store.updatePerson(other, by: Fixtures.national)
        #expect(throws: StoreError.self) { try store.updatePerson(again, base: written, by: Fixtures.national) }
    }

    /// Contacts of one kind merge contact by contact: each side's removals and additions both apply; only the same
    /// contact replaced by different ones on both sides conflicts (then the edit's list is what "yours" writes).
    @Test(arguments: [
        // base, mine, theirs, merged, conflict
        (["a", "b"], ["c", "b"], ["a", "d"], ["c", "d"], false),   // first changed here, second there
        (["a", "b"], ["c", "b"], ["b"], ["c", "b"], false),        // the one changed here removed there: yours
        (["a", "b"], ["b"], ["b", "w"], ["b", "w"], false),        // removed both ways, one added another (review I)
        (["a"], ["c"], ["e"], ["c"], true),                        // the same one replaced both ways
        (["a", "b"], ["b", "a"], ["a", "b"], ["b", "a"], false),   // reordered here only
        ([], ["c"], ["c"], ["c"], false),                          // the same added both ways
        ([], ["c"], ["e"], ["c", "e"], false),                     // different ones added both ways: both stay
    ])
    func phonesMergeOneByOne(base: [String], mine: [String], theirs: [String], merged: [String], conflict: Bool) {
        func person(_ phones: [String]) -> Person {
            Person(id: Fixtures.p(1), fullName: "A", roles: [.alumnus], settlement: "aktau",
                   contacts: phones.map { Contact(kind: .phone, value: $0, shared: true) } + [Contact(kind: .email, value: "a@b.kz", shared: true)])
        }
        let result = EditMerge.person.merge(person(mine), base: person(base), onto: person(theirs), shown: person(theirs))
        #expect(result.merged == person(merged) && result.conflicts == (conflict ? ["phone"] : []))
    }

    /// Consent merges with its contact: a contact removed there never comes back because its flag changed here (a
    /// deleted private phone came back shared; review H), and the same contact added both ways with different consent
    /// is a conflict, stored once (it was stored twice, shown to members).
    @Test func aContactRemovedElsewhereNeverComesBackAndConsentConflictsOnce() {
        func person(_ phones: [(String, Bool)]) -> Person {
            Person(id: Fixtures.p(1), fullName: "A", roles: [.alumnus], settlement: "aktau",
                   contacts: phones.map { Contact(kind: .phone, value: $0.0, shared: $0.1) })
        }
        let reflagged = EditMerge.person.merge(person([("a", true)]), base: person([("a", false)]), onto: person([]), shown: person([]))
        #expect(reflagged.merged == person([]) && reflagged.conflicts == ["phone"])
        let twice = EditMerge.person.merge(person([("a", true), ("n", false)]), base: person([("a", true)]),
                                           onto: person([("n", true)]), shown: person([("n", true)]))
        #expect(twice.merged == person([("n", false)]) && twice.conflicts == ["phone"])
        // Review J: where the edit only removed and re-flagged, what they added stays through the conflict (it was
        // dropped as if it replaced the same contact), and the same replacement both ways with another contact added
        // beside is no conflict.
        let onlyRemoved = EditMerge.person.merge(person([("x", false)]), base: person([("a", true), ("x", true)]),
                                                 onto: person([("c", true)]), shown: person([("c", true)]))
        #expect(onlyRemoved.merged == person([("c", true)]) && onlyRemoved.conflicts == ["phone"])
        let sameReplacement = EditMerge.person.merge(person([("b", true), ("p", false)]), base: person([("a", true)]),
                                                     onto: person([("b", true)]), shown: person([("b", true)]))
        #expect(sameReplacement.merged == person([("b", true), ("p", false)]) && sameReplacement.conflicts.isEmpty)
    }

    /// `updatePerson(_:by:_:)` reads and writes in one transaction: edits of different fields from many writers at
    /// once all stay.
    @Test func readChangeWriteInOneTransactionLosesNothing() async throws {
        let store = try Fixtures.store()
        let path = store.path
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<3 {
                group.addTask {
                    let mine = try! DirectoryStore.open(path: path, gazetteer: Fixtures.gazetteer)
                    for round in 1...15 {
                        try! mine.updatePerson(Fixtures.p(1), by: Fixtures.national) { person in
                            switch writer {
                            case 0: person.note = "note \(round)"
                            case 1: person.interests = ["sport", "x\(round)"]
                            default: person.languages = ["kk", "l\(round)"]
                            }
                        }
                    }
                }
            }
        }
        let stored = try store.person(Fixtures.p(1), audience: .coordinator)
        #expect(stored.note == "note 15" && stored.interests == ["sport", "x15"] && stored.languages == ["kk", "l15"])
    }
}
