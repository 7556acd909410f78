import ArgumentParser
import BailanysCore
import BailanysInterchange
import BailanysStore
import Foundation

extension RecordKind: ExpressibleByArgument {}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import people, organisations, initiatives or interactions from CSV, or people from vCard.",
        discussion: """
            All or nothing: every row is checked first, and any problem aborts the import with each one listed as
            FILE:LINE:COLUMN; the directory is then unchanged. Re-importing updates entries by external id.
            Columns, header names (kk/ru/en) and vCard properties: docs/formats.md.
            """)

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var identity: IdentityOptions

    @Argument(help: "A .csv or .vcf file.")
    var file: String

    @Option(help: "people, organizations, initiatives or interactions (default: guessed from the headers).")
    var kind: RecordKind?

    @Flag(name: .customLong("dry-run"), help: "Check everything and report what would change; change nothing.")
    var dryRun = false

    @Option(name: .customLong("map"), help: ArgumentHelp("Feed COLUMN into FIELD (FIELD - ignores the column); repeatable.", valueName: "COLUMN=FIELD"))
    var mappings: [String] = []

    @Option(help: ArgumentHelp("Settlement (any spelling) for new entries that name none.", valueName: "place"))
    var settlement: String?

    @Flag(name: .customLong("contacts-shared"), help: "vCard: the people agreed to show these contacts to other alumni.")
    var contactsShared = false

    func run() throws {
        var map: [String: String] = [:]
        for pair in mappings {
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                throw CommandError.usage("--map \(pair): expected COLUMN=FIELD, e.g. --map \"Аты-жөні=full_name\".")
            }
            map[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CommandError.user("Cannot read \(file); check the path and permissions.")
        }
        let store = try directory.open()
        let environment = directory.environment
        let actor = try identity.actor(in: store, environment: environment)
        var options = ImportOptions(today: try environment.today(), audience: actor.isCoordinator ? .coordinator : .member)
        options.kind = kind
        options.mappings = map
        options.defaultSettlement = try settlement.map(resolveSettlement)
        options.contactsShared = contactsShared
        let plan: ImportPlan
        do {
            plan = try translatingErrors { try Importer.plan(file: file, data: data, store: store, options: options) }
        } catch let failure as ImportFailure {
            for issue in failure.issues { Output.error(issue.description) }
            throw CommandError.user("\(failure.issues.count) problem\(failure.issues.count == 1 ? "" : "s") in \(file); nothing was imported. Fix them and run the import again.")
        }
        if dryRun {
            _ = try translatingErrors { try store.authorize(plan.batch, by: actor) }
            for line in plan.summary.lines { Output.line(line) }
            Output.line("Dry run: nothing was changed.")
            return
        }
        let progress = ProgressBar(total: plan.batch.rowCount)
        try translatingErrors { try store.apply(plan.batch, by: actor, progress: progress.map { bar in { bar.show($0, $1) } }) }
        progress?.finish()
        for line in plan.summary.lines { Output.line(line) }
    }
}

/// A one-line bar on stderr, for big imports on a terminal only (never in pipes or logs).
struct ProgressBar {
    static let minimumRows = 5_000
    let total: Int

    init?(total: Int) {
        guard total >= Self.minimumRows, isatty(STDERR_FILENO) == 1 else { return nil }
        self.total = total
    }

    func show(_ done: Int, _ total: Int) {
        let width = 30
        let filled = total == 0 ? width : width * done / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\(bar) \(done)/\(total)".utf8))
    }

    func finish() { FileHandle.standardError.write(Data("\n".utf8)) }
}
