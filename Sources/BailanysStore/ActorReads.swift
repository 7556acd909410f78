import BailanysCore
import BailanysPolicy
import GRDB

extension DirectoryStore {
    /// What an actor sees of a person: private fields and sensitive categories as the policy allows.
    public func person(_ id: EntityID, for actor: Actor) throws -> Person {
        let full = try person(id, audience: .coordinator)
        return Policy.visible(full, to: actor, subject: try subject(id))
    }

    /// A person's card as the actor may see it: private fields blanked, and the notes of contacts the actor
    /// is no party to (and reaches no party of) left out.
    public func personCard(_ id: EntityID, for actor: Actor, recentLimit: Int = 20) throws -> PersonCard {
        var card = try personCard(id, audience: .coordinator, recentLimit: recentLimit)
        let target = try subject(id)
        card.person = Policy.visible(card.person, to: actor, subject: target)
        card.recent = try visibleNotes(card.recent, of: target, to: actor)
        return card
    }

    public func organizationCard(_ id: EntityID, for actor: Actor, recentLimit: Int = 20) throws -> OrganizationCard {
        var card = try organizationCard(id, recentLimit: recentLimit)
        card.recent = try visibleNotes(card.recent, of: try subject(id), to: actor)
        return card
    }

    /// Whether the actor sees this person's sensitive categories (a coordinator reaching them).
    public func showsSensitive(_ id: EntityID, to actor: Actor) throws -> Bool {
        Policy.allows(.readSensitive(try subject(id)), by: actor)
    }

    private func visibleNotes(_ entries: [InteractionEntry], of owner: Subject, to actor: Actor) throws -> [InteractionEntry] {
        let regions = try read { try Self.regionsOf($0, Set(entries.filter { !$0.note.isEmpty }.map(\.other.id))) }
        return entries.map { entry in
            guard !entry.note.isEmpty else { return entry }
            let other = subject(entry.other.id, region: regions[entry.other.id] ?? "")
            var shown = entry
            if !Policy.allows(.readContactNote([owner, other]), by: actor) { shown.note = "" }
            return shown
        }
    }
}
