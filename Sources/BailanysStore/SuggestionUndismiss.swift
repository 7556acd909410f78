import BailanysCore
import BailanysPolicy
import GRDB

/// A suggestion hidden for good, as listed for restoring.
public struct DismissedSuggestion: Hashable, Sendable {
    public var key: String
    public var recorded: Day

    public init(key: String, recorded: Day) {
        self.key = key
        self.recorded = recorded
    }
}

extension DirectoryStore {
    /// Dismissed suggestions that `actor` manages (their own; a coordinator's reach), most recent first.
    public func dismissedSuggestions(by actor: Actor) throws -> [DismissedSuggestion] {
        try dismissedSuggestions().filter { item in
            Self.suggestionOwner(item.key).map { Policy.decide(.manageSuggestions(owner: $0), by: actor) == nil } ?? false
        }
    }

    /// Every dismissed suggestion, most recent first (then by key, so the order is stable).
    func dismissedSuggestions() throws -> [DismissedSuggestion] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT key, recorded_day FROM suggestion_feedback WHERE state = 'dismissed'
                ORDER BY recorded_day DESC, key
                """).compactMap { row in
                Day(iso: row["recorded_day"] as String).map { DismissedSuggestion(key: row["key"], recorded: $0) }
            }
        }
    }

    /// Undoes `dismissSuggestion`, under the same rule: the suggestion may come back. Throws when `key` is not
    /// dismissed, so a typo is told rather than silently ignored.
    public func undismissSuggestion(_ key: String, by actor: Actor) throws {
        guard let owner = Self.suggestionOwner(key) else {
            throw StoreError.invalidField(field: "suggestion key", value: key, expected: "kind:P12:P40")
        }
        try Policy.check([.manageSuggestions(owner: owner)], by: actor)
        try write { db in
            try db.execute(sql: "DELETE FROM suggestion_feedback WHERE key = ? AND state = 'dismissed'", arguments: [key])
            guard db.changesCount > 0 else {
                throw StoreError.invalidField(field: "key", value: key, expected: "a dismissed suggestion (see `bailanys undismiss --list`)")
            }
        }
    }
}
