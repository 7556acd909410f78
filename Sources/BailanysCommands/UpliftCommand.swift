import ArgumentParser
import BailanysCore
import BailanysGraph
import BailanysStore
import Foundation

/// `bailanys uplift`: whether showing suggestions is followed by more contacts than keeping them back.
struct UpliftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uplift",
        abstract: "Do suggestions help? Contacts that followed shown suggestions against kept-back ones (coordinators).",
        discussion: """
            Every suggestion a person is shown in `suggest` or the Suggestions screen is recorded in the directory (its
            key, rank, score and days: no text, nothing leaves the file). With a hold-out share set, that share of
            suggestions is kept back: recorded, never shown. A suggestion is "followed" when a contact between the
            two is logged within the window after it was first recorded. The report compares the two arms by kind
            once each has --minimum matured suggestions, with a 95 % interval (docs/algorithms.md).
            --holdout SHARE (0 to 0.5) sets the share for new suggestions: national coordinators only, audited.
            """)

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var identity: IdentityOptions

    @Option(help: "Days after a suggestion within which a logged contact counts as following it.")
    var window: Int = 90

    @Option(help: "Matured suggestions each arm needs before an uplift is reported.")
    var minimum: Int = 30

    @Option(help: "Set the share of new suggestions kept back (0 to 0.5), then report.")
    var holdout: Double?

    @OptionGroup var output: OutputOptions
    var json: Bool { output.json }

    func run() throws {
        guard window > 0, minimum > 0 else { throw CommandError.usage("--window and --minimum must be at least 1.") }
        let store = try directory.open()
        let actor = try identity.actor(in: store, environment: directory.environment)
        let today = try directory.environment.today()
        if let holdout {
            try translatingErrors { try store.setSuggestionHoldout(holdout, by: actor) }
            if !json { Output.line("From now on \(percent(holdout)) of new suggestions are kept back.") }
        }
        let report = try translatingErrors { try store.suggestionUseReport(windowDays: window, today: today, by: actor, minimumMatured: minimum) }
        if json { return try Output.json(report) }
        Output.line("Suggestion use as of \(today.iso): \(percent(report.holdoutShare)) kept back; a contact within \(window) days counts as following.")
        func arm(_ a: SuggestionUseReport.Arm) -> [String] {
            [String(a.recorded), String(a.matured), a.followedShare.map { "\(a.followed) (\(percent($0)))" } ?? "—"]
        }
        func uplift(_ u: SuggestionUseReport.Uplift?) -> String {
            guard let u else { return "too few to say" }
            return String(format: "%+.1f pp (%+.1f to %+.1f)", u.difference * 100, u.low * 100, u.high * 100)
        }
        let header = ["", "shown", "matured", "followed", "kept back", "matured", "followed", "uplift (95 %)", "acted", "dismissed", "snoozed"]
        let rows = report.kinds.map { k in
            [k.kind.rawValue] + arm(k.shown) + arm(k.heldOut) + [uplift(k.uplift), String(k.actedOn), String(k.dismissed), String(k.snoozed)]
        }
        Output.table([header] + rows, widths: [9, 6, 8, 12, 10, 8, 12, 28, 6, 10, 8])
        if report.kinds.allSatisfy({ $0.uplift == nil }) {
            Output.line()
            Output.line(report.holdoutShare == 0
                ? "Nothing is kept back, so there is nothing to compare with: a national coordinator can set --holdout 0.1."
                : "Each arm needs \(minimum) suggestions recorded at least \(window) days ago before an uplift is shown.")
        }
    }
}
