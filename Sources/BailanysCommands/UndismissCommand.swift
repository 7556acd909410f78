import ArgumentParser
import BailanysCore
import BailanysStore

/// The way back from `bailanys dismiss`: list what was dismissed, and let a suggestion come back.
struct UndismissCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undismiss",
        abstract: "Let a dismissed or snoozed suggestion come back (its key from `bailanys undismiss --list`).",
        discussion: "With --list, prints the suggestions dismissed, or snoozed until a day still to come, most recent first, instead of restoring one.")

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var identity: IdentityOptions

    @Argument(help: "Suggestion key, e.g. reconnect:P12:P40.")
    var key: String?

    @Flag(help: "List the dismissed and snoozed suggestions.")
    var list = false

    @OptionGroup var output: OutputOptions
    var json: Bool { output.json }

    /// `dismissed` (the day) for a suggestion hidden for good; `snoozed` and `until` for one hidden until a day; `name`
    /// of whom it is about, as the app's Dismissed tab names them.
    struct DismissedJSON: Encodable {
        var key: String, name: String, dismissed: String?, snoozed: String?, until: String?

        init(_ item: DismissedSuggestion, store: DirectoryStore) {
            key = item.key
            name = DirectoryStore.suggestionParts(item.key).flatMap { try? store.displayName($0.subject) } ?? ""
            dismissed = item.snoozedUntil == nil ? item.recorded.iso : nil
            snoozed = item.snoozedUntil == nil ? nil : item.recorded.iso
            until = item.snoozedUntil?.iso
        }
    }
    struct RestoredJSON: Encodable { var undismissed: String }

    func validate() throws {
        if list == (key != nil) { throw ValidationError("Give a suggestion key, or --list (not both).") }
    }

    func run() throws {
        let store = try directory.open()
        let actor = try identity.actor(in: store, environment: directory.environment)
        if list {
            let today = try directory.environment.today()
            let dismissed = try translatingErrors { try store.dismissedSuggestions(by: actor, today: today) }
            let shown = dismissed.map { DismissedJSON($0, store: store) }
            if json { return try Output.json(shown) }
            if dismissed.isEmpty { return Output.line("No dismissed suggestions.") }
            Output.table(zip(dismissed, shown).map { item, entry in
                [item.recorded.iso, entry.name, item.key, item.snoozedUntil.map { "until \($0.iso)" } ?? ""]
            }, widths: [10, 28, 40, 16])
            return
        }
        guard let key else { return }
        try checkSuggestionKey(key)
        try translatingErrors { try store.undismissSuggestion(key, by: actor) }
        if json { return try Output.json(RestoredJSON(undismissed: key)) }
        Output.line("Restored \(key); it may be suggested again.")
    }
}
