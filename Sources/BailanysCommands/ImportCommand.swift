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
            All or nothing: any problem aborts the import with each one listed as FILE:LINE:COLUMN; the directory is
            then unchanged. Re-importing updates entries by external id; an empty cell (or a missing vCard property)
            keeps the stored value, and only #delete in a cell (X-BAILANYS-DELETE in a vCard) deletes one, which
            --dry-run lists. Columns, header names (kk/ru/en) and vCard properties: docs/formats.md.
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

    @Option(help: ArgumentHelp("Settlement (any spelling) for new entries that name no place at all (an unknown place they name is an error).", valueName: "place"))
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
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: file, isDirectory: &isFolder), isFolder.boolValue {
            throw CommandError.user("\(file) is a folder (expected a .csv or .vcf file in it).")
        }
        guard let handle = FileHandle(forReadingAtPath: file), var data = try? handle.readToEnd() ?? Data() else {
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
        // The bytes are moved out of `data`, so the file is held once while it is imported.
        let bytes = [UInt8](data)
        data = Data()
        let progress = ProgressBar(total: bytes.count)
        let summary: ImportSummary
        do {
            summary = try translatingErrors {
                try Importer.run(file: file, bytes: bytes, store: store, options: options, by: actor, dryRun: dryRun,
                                 progress: progress.map { bar in { bar.show($0, $1) } })
            }
        } catch let failure as ImportFailure {
            progress?.finish()
            for issue in failure.issues { Output.error(issue.description) }
            if failure.isRefusal {
                throw CommandError.refused("Not allowed to import what \(file) holds (above); nothing was imported.")
            }
            throw CommandError.user("\(failure.issues.count) problem\(failure.issues.count == 1 ? "" : "s") in \(file); nothing was imported. Fix them and run the import again.")
        }
        progress?.finish()
        for line in summary.lines { Output.line(line) }
        if dryRun { Output.line("Dry run: nothing was changed.") }
    }
}

/// A one-line bar on stderr for big files (by bytes planned and written), on a terminal only (never in pipes or logs).
struct ProgressBar {
    static let minimumBytes = 512 * 1024
    let total: Int

    init?(total: Int) {
        guard total >= Self.minimumBytes, isatty(STDERR_FILENO) == 1 else { return nil }
        self.total = total
    }

    func show(_ done: Int, _ total: Int) {
        let width = 30
        let filled = total == 0 ? width : width * min(done, total) / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\(bar) \(total == 0 ? 100 : 100 * min(done, total) / total)%".utf8))
    }

    func finish() { FileHandle.standardError.write(Data("\n".utf8)) }
}
