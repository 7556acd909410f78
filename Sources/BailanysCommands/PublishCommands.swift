import ArgumentParser
import BailanysCore
import BailanysInterchange
import BailanysPolicy
import BailanysStore
import Foundation

extension MemberAudience: ExpressibleByArgument {}

/// `bailanys publish`: a coordinator writes a member copy holding only what members may see.
struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Write a member copy of the directory: only what alumni or mentors may see.",
        discussion: """
            Coordinators only (a regional coordinator publishes their region; the whole country needs a national
            coordinator). The copy has no sensitive categories (not even their table), no unshared contacts, no
            private fields or notes, no interaction notes, meetups, suggestion feedback or audit log; it says what
            it is (see `bailanys stats`). In a copy nobody acts as a coordinator. Members take a newer copy with
            `bailanys take-copy` and send their own log with `bailanys export-log`. See docs/privacy.md.
            """)

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var identity: IdentityOptions

    @Option(name: .customLong("for"), help: "alumni or mentors.")
    var audience: MemberAudience

    @Option(help: "Only this region, in any spelling.")
    var region: String?

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("The copy to write (mode 0600).", valueName: "file"))
    var output: String

    @Flag(help: "Replace an existing file at the output path.")
    var force = false

    func run() throws {
        let store = try directory.open()
        let environment = directory.environment
        let actor = try identity.actor(in: store, environment: environment)
        let regionKey = try region.map(resolveRegion)
        let summary = try translatingErrors {
            try store.publishMemberCopy(to: output, for: audience, region: regionKey, by: actor, today: try environment.today(),
                                        overwrite: force)
        }
        Output.line("Member copy for \(audience.rawValue)\(regionKey.map { " of \(store.gazetteer.region($0)?.names.en ?? $0)" } ?? "") written to \(output): \(summary.people) people, \(summary.organizations) organisations, \(summary.interactions) contacts. Recorded in the audit log.")
    }
}

/// `bailanys take-copy`: a member replaces their copy with a newer one, keeping their own log and feedback.
struct TakeCopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "take-copy",
        abstract: "Replace this member copy with a newer one, keeping the contacts you logged and your suggestion feedback.",
        discussion: "Only a member copy is replaced, and only by a member copy; entries merge by their stable ids.")

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var identity: IdentityOptions

    @Argument(help: "The newer copy from your coordinator.")
    var newer: String

    @Flag(help: "Take the copy even though it lacks people you logged contacts with: those contacts are dropped (send them first with `bailanys export-log`).")
    var dropMissing = false

    /// A newer copy that cannot be read is the argument's fault, not --db's: the store's words for an unreadable
    /// directory sent the person to --db or to `bailanys sample` (review).
    static func aboutTheCopy(_ error: StoreError, _ newer: String) -> Error {
        switch error {
        case .missing(newer), .notADatabase(newer), .notAFile(newer), .emptyFile(newer):
            let what = FileManager.default.fileExists(atPath: newer) ? "is not a copy Bailanys can read" : "does not exist"
            return CommandError(message: "\(newer) \(what); this member copy was left as it was. Check the name of the newer copy "
                                         + "your coordinator sent.", exitCode: error.exitCode)
        default:
            return error
        }
    }

    func run() throws {
        let store = try directory.open()
        let me = try identity.claimedID(environment: directory.environment)
        let taken = try translatingErrors {
            do {
                return try store.takeNewerCopy(from: newer, me: me, droppingMissing: dropMissing)
            } catch let error as StoreError {
                throw Self.aboutTheCopy(error, newer)
            }
        }
        let dropped = taken.droppedContacts == 0 ? "" : "; dropped \(taken.droppedContacts) with people it does not hold"
        Output.line("Took the copy published \(taken.kind.published ?? "?") from \(taken.kind.source ?? "?"); kept \(taken.keptContacts) contact\(taken.keptContacts == 1 ? "" : "s") you logged\(dropped) and \(taken.keptFeedback) suggestion choice\(taken.keptFeedback == 1 ? "" : "s").")
    }
}

/// `bailanys export-log`: the contacts I logged, as an interactions CSV the coordinator imports (idempotently).
struct ExportLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-log",
        abstract: "Write the contacts you logged as CSV for your coordinator's `bailanys import` (importing twice adds nothing).")

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var identity: IdentityOptions

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write to this file (mode 0600) instead of standard output.", valueName: "file"))
    var output: String?

    @Flag(help: "Replace the -o file if it exists (a regular file only: never a link, device or folder).")
    var force = false

    func run() throws {
        let store = try directory.open()
        guard let me = try identity.claimedID(environment: directory.environment) else {
            throw CommandError.user("Whose log? Add --as ID, or set `me` in config.toml.")
        }
        let log = try translatingErrors { try store.ownLog(of: me) }
        try ExportCommand.write(CSVWriter(includeSensitive: false).interactions(log), to: output, force: force)
        // Imported as the member, every row must be a contact they took part in: a row about two others, added to the
        // file on its way, is refused instead of entering under the coordinator's authority (review).
        if let output {
            Output.line("Wrote \(log.count) contact\(log.count == 1 ? "" : "s") logged by \(me). Your coordinator adds them with "
                        + "`bailanys import \(output) --as \(me)`, which refuses any row \(me) took no part in.")
        }
    }
}
