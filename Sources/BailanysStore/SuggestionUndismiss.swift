import BailanysCore
import BailanysPolicy
import GRDB

/// A suggestion hidden for good, or snoozed until a day, as listed for restoring.
public struct DismissedSuggestion: Hashable, Sendable {
    public var key: String
    public var recorded: Day
    /// The day a snoozed suggestion comes back; nil when it was dismissed for good.
    public var snoozedUntil: Day?

    public init(key: String, recorded: Day, snoozedUntil: Day? = nil) {
        self.key = key
        self.recorded = recorded
        self.snoozedUntil = snoozedUntil
    }
}

extension DirectoryStore {
    /// The suggestions hidden today that `actor` manages (their own; a coordinator's reach): dismissed, and snoozed until
    /// a later day; most recent first.
    public func dismissedSuggestions(by actor: Actor, today: Day) throws -> [DismissedSuggestion] {
        try dismissedSuggestions(today: today).filter { item in
            Self.suggestionOwner(item.key).map { Policy.decide(.manageSuggestions(owner: $0), by: actor) == nil } ?? false
        }
    }

    /// Every suggestion hidden today, most recent first (then by key, so the order is stable).
    func dismissedSuggestions(today: Day) throws -> [DismissedSuggestion] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT key, recorded_day, until_day FROM suggestion_feedback
                WHERE state = 'dismissed' OR (state = 'snoozed' AND until_day > ?)
                ORDER BY recorded_day DESC, key
                """, arguments: [today.iso]).compactMap { row in
                Day(iso: row["recorded_day"] as String).map {
                    DismissedSuggestion(key: row["key"], recorded: $0, snoozedUntil: (row["until_day"] as String?).flatMap { Day(iso: $0) })
                }
            }
        }
    }

    /// Undoes `dismissSuggestion` or `snoozeSuggestion`, under the same rule: the suggestion may come back. Throws when
    /// `key` is not hidden, so a typo is told rather than silently ignored.
    public func undismissSuggestion(_ key: String, by actor: Actor) throws {
        guard let owner = Self.suggestionOwner(key) else {
            throw StoreError.invalidField(field: "suggestion key", value: key, expected: "kind:P12:P40")
        }
        try Policy.check([.manageSuggestions(owner: owner)], by: actor)
        try write { db in
            try db.execute(sql: "DELETE FROM suggestion_feedback WHERE key = ? AND state IN ('dismissed', 'snoozed')", arguments: [key])
            guard db.changesCount > 0 else {
                throw StoreError.invalidField(field: "key", value: key, expected: "a dismissed or snoozed suggestion (see `bailanys undismiss --list`)")
            }
        }
    }
}
