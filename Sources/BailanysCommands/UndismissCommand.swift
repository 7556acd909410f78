import ArgumentParser
import BailanysCore
import BailanysStore

/// The way back from `bailanys dismiss`: list what was dismissed, and let a suggestion come back.
struct UndismissCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undismiss",
        abstract: "Let a dismissed suggestion come back (its key from `bailanys undismiss --list`).",
        discussion: "With --list, prints the dismissed suggestions, most recent first, instead of restoring one.")

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var identity: IdentityOptions

    @Argument(help: "Suggestion key, e.g. reconnect:P12:P40.")
    var key: String?

    @Flag(help: "List the dismissed suggestions.")
    var list = false

    @OptionGroup var output: OutputOptions
    var json: Bool { output.json }

    struct DismissedJSON: Encodable { var key: String, dismissed: String }
    struct RestoredJSON: Encodable { var undismissed: String }

    func validate() throws {
        if list == (key != nil) { throw ValidationError("Give a suggestion key, or --list (not both).") }
    }

    func run() throws {
        let store = try directory.open()
        let actor = try identity.actor(in: store, environment: directory.environment)
        if list {
            let dismissed = try translatingErrors { try store.dismissedSuggestions(by: actor) }
            if json { return try Output.json(dismissed.map { DismissedJSON(key: $0.key, dismissed: $0.recorded.iso) }) }
            if dismissed.isEmpty { return Output.line("No dismissed suggestions.") }
            Output.table(dismissed.map { [$0.recorded.iso, $0.key] }, widths: [10, 40])
            return
        }
        guard let key else { return }
        try checkSuggestionKey(key)
        try translatingErrors { try store.undismissSuggestion(key, by: actor) }
        if json { return try Output.json(RestoredJSON(undismissed: key)) }
        Output.line("Restored \(key); it may be suggested again.")
    }
}
