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
            --where FIELD=VALUE (repeatable): role, region, settlement-type, round, format, status, theme, search,
            mentor=P… (that mentor's former mentees: with --as the mentor, "my mentees' shared contacts").
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

    @Flag(help: "Replace the -o file if it exists (a regular file only: never a link, device or folder).")
    var force = false

    @Flag(name: .customLong("include-sensitive"), help: "Coordinators only: include sensitive categories and private contacts.")
    var includeSensitive = false

    @Flag(name: .customLong("public"), help: "The public directory: only what each person agreed to show.")
    var publicDirectory = false

    func run() throws {
        if includeSensitive && publicDirectory {
            throw CommandError.usage("--include-sensitive and --public contradict each other; choose one.")
        }
        let store = try directory.open()
        if format == .ics { return try Self.write(try calendar(store), to: output, force: force) }
        let environment = directory.environment
        let actor = try identity.actor(in: store, environment: environment)
        if includeSensitive { try translatingErrors { try Policy.check([.exportSensitive], by: actor) } }
        // Others' gender, birth year and notes are for coordinators (docs/privacy.md): anyone else exports the public directory.
        let privacy: ExportPrivacy = includeSensitive ? .includeSensitive
            : publicDirectory || !actor.isCoordinator ? .publicDirectory : .standard
        let only = try selection(store)
        let exporter = DirectoryExporter(store: store, privacy: privacy, for: actor)
        let now = try environment.today(), model = try ConfigFile.tieModel(path: environment.configPath)
        if includeSensitive {
            try translatingErrors {
                try store.recordAudit(actor: actor.id, action: "export-include-sensitive",
                                      detail: "format=\(format.rawValue) kind=\(kind?.rawValue ?? "default") where=\(conditions.joined(separator: " ")) to=\(output ?? "stdout")")
            }
            Output.error("bailanys: warning: this export holds sensitive categories and private contacts; keep it safe and delete it when done. Recorded in the audit log.")
        }
        do {
            // Streamed: a 100k-people directory is written a record at a time, never held whole.
            try Self.write(to: output, force: force) { sink in
                try translatingErrors { try exporter.export(format, kind: kind, only: only, now: now, model: model, to: sink) }
            }
        } catch let error as ExportError {
            throw CommandError.usage(error.description)
        }
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
        var mentor: EntityID?
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
            case "theme": filter.theme = try resolveTheme(value, in: store)
            case "search": search = value
            case "mentor": mentor = try parseID(value, as: [.person], what: "a mentor's person id like P12")
            default:
                throw CommandError.usage("--where \(field): expected role, region, settlement-type, round, format, status, theme, search or mentor.")
            }
        }
        return try translatingErrors {
            let mentees = try mentor.map { Set(try store.personCard($0).mentees.map(\.id)) }
            if let mentees, search == nil, filter == DirectoryFilter() { return mentees }
            let rows = try search.map { try store.search($0, filter: filter, limit: Int(Int32.max)) } ?? store.list(filter: filter)
            let chosen = Set(rows.map(\.id))
            return mentees.map { chosen.intersection($0) } ?? chosen
        }
    }

    /// Writes `text` to `output`, or to standard output when there is none (see below).
    static func write(_ text: String, to output: String?, force: Bool) throws {
        try write(to: output, force: force) { sink in try sink(text) }
    }

    /// Writes what `produce` hands its sink, piece by piece, to standard output or to `output` as an `OutputFile`:
    /// mode 0600, renamed into place when all is written (a failure leaves no file), an existing file only with
    /// `force`, never through a link or into a device.
    static func write(to output: String?, force: Bool, _ produce: ((String) throws -> Void) throws -> Void) throws {
        guard let output else {
            let out = FileHandle.standardOutput
            try produce { out.write(Data($0.utf8)) }
            return
        }
        do {
            let file = try OutputFile(path: output, overwrite: force)
            try produce { try file.write($0) }
            try file.commit()
        } catch let failure as OutputFile.Failure {
            throw CommandError.user(failure.description)
        }
    }
}
