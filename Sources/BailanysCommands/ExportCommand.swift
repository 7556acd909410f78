import ArgumentParser
import BailanysCore
import BailanysInterchange
import BailanysPolicy
import BailanysStore
import Foundation

extension ExportFormat: ExpressibleByArgument {}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the directory as CSV, vCard, GraphML, DOT or JSON, or the saved meetups as iCalendar.",
        discussion: """
            Sensitive categories (NEET, vulnerability, disability) and contacts a person did not agree to share are
            left out unless --include-sensitive is given in coordinator mode; that use is recorded in the audit log.
            --public writes the directory alumni may see: names, roles, places, interests and shared contacts.
            --where FIELD=VALUE (repeatable): role, region, settlement-type, round, format, status, theme, search.
            --format ics writes every saved meetup as one calendar event each, in the --lang language; there --where
            takes status=planned|held and region=NAME (the host's region).
            """)

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var identity: IdentityOptions
    @OptionGroup var language: LanguageOptions

    @Option(help: "csv, vcard (4.0), vcard3, ics (saved meetups), graphml, dot or json.")
    var format: ExportFormat

    @Option(help: "people, organizations, initiatives or interactions (csv: default people; json: default all).")
    var kind: RecordKind?

    @Option(name: .customLong("where"), help: ArgumentHelp("Only entries matching FIELD=VALUE; repeatable.", valueName: "FIELD=VALUE"))
    var conditions: [String] = []

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write to this file (mode 0600) instead of standard output.", valueName: "file"))
    var output: String?

    @Flag(name: .customLong("include-sensitive"), help: "Coordinators only: include sensitive categories and private contacts.")
    var includeSensitive = false

    @Flag(name: .customLong("public"), help: "The public directory: only what each person agreed to show.")
    var publicDirectory = false

    func run() throws {
        if includeSensitive && publicDirectory {
            throw CommandError.usage("--include-sensitive and --public contradict each other; choose one.")
        }
        let store = try directory.open()
        if format == .ics { return try Self.write(try calendar(store), to: output) }
        let environment = directory.environment
        let actor = try identity.actor(in: store, environment: environment)
        if includeSensitive { try translatingErrors { try Policy.check([.exportSensitive], by: actor) } }
        // Others' gender, birth year and notes are for coordinators (docs/privacy.md): anyone else exports the public directory.
        let privacy: ExportPrivacy = includeSensitive ? .includeSensitive
            : publicDirectory || !actor.isCoordinator ? .publicDirectory : .standard
        let only = try selection(store)
        let exporter = DirectoryExporter(store: store, privacy: privacy)
        let text: String
        do {
            text = try translatingErrors {
                try exporter.export(format, kind: kind, only: only, now: try environment.today(),
                                    model: try ConfigFile.tieModel(path: environment.configPath))
            }
        } catch let error as ExportError {
            throw CommandError.usage(error.description)
        }
        if includeSensitive {
            try translatingErrors {
                try store.recordAudit(actor: actor.id, action: "export-include-sensitive",
                                      detail: "format=\(format.rawValue) kind=\(kind?.rawValue ?? "default") where=\(conditions.joined(separator: " ")) to=\(output ?? "stdout")")
            }
            Output.error("bailanys: warning: this export holds sensitive categories and private contacts; keep it safe and delete it when done. Recorded in the audit log.")
        }
        try Self.write(text, to: output)
    }

    /// The saved meetups as one calendar, each event worded as `bailanys meetup export --format ics` words it.
    func calendar(_ store: DirectoryStore) throws -> String {
        if kind != nil || includeSensitive || publicDirectory {
            throw CommandError.usage("--format ics exports saved meetups, which hold no personal fields; drop --kind, --include-sensitive and --public.")
        }
        var status: MeetupStatus?, region: String?
        for (condition, field, value) in try splitConditions() {
            switch field {
            case "status":
                guard let parsed = MeetupStatus(rawValue: value) else {
                    throw CommandError.usage("--where \(condition): a meetup's status is planned or held.")
                }
                status = parsed
            case "region": region = try resolveRegion(value)
            default: throw CommandError.usage("--where \(field): with --format ics, expected status (planned or held) or region.")
            }
        }
        let wording = try MeetupCommand.wording(lang: language.lang, directory.environment)
        return try translatingErrors {
            try DirectoryExporter(store: store, privacy: .standard)
                .calendar(status: status, region: region, stamp: Date(), event: wording.calendarEvent)
        }
    }

    /// The --where conditions split at their first `=`.
    func splitConditions() throws -> [(condition: String, field: String, value: String)] {
        try conditions.map { condition in
            guard let eq = condition.firstIndex(of: "=") else {
                throw CommandError.usage("--where \(condition): expected FIELD=VALUE, e.g. --where region=Mangystau.")
            }
            return (condition, String(condition[..<eq]), String(condition[condition.index(after: eq)...]))
        }
    }

    /// The ids the --where conditions select, or nil for everything.
    func selection(_ store: DirectoryStore) throws -> Set<EntityID>? {
        guard !conditions.isEmpty else { return nil }
        var filter = DirectoryFilter()
        var search: String?
        for (condition, field, value) in try splitConditions() {
            func parse<T: ExpressibleByArgument>(_: T.Type) throws -> T {
                guard let parsed = T(argument: value) else { throw CommandError.usage("--where \(condition): \"\(value)\" is not a valid \(field).") }
                return parsed
            }
            switch field {
            case "role": filter.roles.insert(try parse(Role.self))
            case "region": filter.region = try resolveRegion(value)
            case "settlement-type": filter.settlementType = try parse(SettlementType.self)
            case "round": filter.round = try parseID(value, as: [.round], what: "a round id like R3")
            case "format": filter.format = try parse(TrainingFormat.self)
            case "status": filter.status = try parse(InitiativeStatus.self)
            case "theme": filter.theme = value
            case "search": search = value
            default:
                throw CommandError.usage("--where \(field): expected role, region, settlement-type, round, format, status, theme or search.")
            }
        }
        return try translatingErrors {
            let rows = try search.map { try store.search($0, filter: filter, limit: Int(Int32.max)) } ?? store.list(filter: filter)
            return Set(rows.map(\.id))
        }
    }

    /// Writes to `output` (mode 0600, whole or not at all), or to standard output when there is none.
    static func write(_ text: String, to output: String?) throws {
        guard let output else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        let temporary = output + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]),
              rename(temporary, output) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw CommandError.user("Cannot write \(output); check the folder exists and is writable.")
        }
    }
}
