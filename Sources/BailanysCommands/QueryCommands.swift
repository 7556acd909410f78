import ArgumentParser
import BailanysCore
import BailanysResources
import BailanysGraph
import BailanysStore
import Foundation

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search people and organisations by name, place, initiative or interest, in any spelling.",
        discussion: """
            "aigerim" and "Ajgerim" find Айгерім. Words are prefixes and all must match; results are ranked; one or \
            two letters list the names with a word starting so, alphabetically. A whole place name in any spelling or former name \
            ("Орал", "Уральск", "Uralsk") lists that settlement's people and organisations; a region's name ("ЗКО") \
            the whole region. With filters and no words, lists what the filters admit, alphabetically.
            """)

    @OptionGroup var directory: DirectoryOptions

    @Argument(help: "Words to search for.")
    var query: [String] = []

    @Option(help: "Only people with this role (alumnus, mentor, coordinator); repeatable.")
    var role: [Role] = []

    @Option(help: "Only this region, in any spelling (Mangystau, Маңғыстау, South Kazakhstan …).")
    var region: String?

    @Option(name: .customLong("settlement-type"), help: "Only city, town or village.")
    var settlementType: SettlementType?

    @Option(help: "Only people of this round (id like R3).")
    var round: String?

    @Option(help: "Only people of rounds with this training format (offline, online, hybrid).")
    var format: TrainingFormat?

    @Option(help: "Only people with an initiative of this status (completed, continuing, stopped).")
    var status: InitiativeStatus?

    @Option(help: "Only people with an initiative of this theme.")
    var theme: String?

    @Option(help: "At most this many results.")
    var limit: Int = 20

    @OptionGroup var output: OutputOptions
    var json: Bool { output.json }

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1.") }
    }

    func run() throws {
        let text = query.joined(separator: " ")
        var filter = DirectoryFilter()
        filter.roles = Set(role)
        filter.region = try region.map(resolveRegion)
        filter.settlementType = settlementType
        filter.round = try round.map { try parseID($0, as: [.round], what: "a round id like R3") }
        filter.format = format
        filter.status = status
        // Punctuation alone folds to no word at all: as empty as an empty query. Filters alone list what they admit.
        let hasWords = !TextFold.words(text).allSatisfy(\.isEmpty)
        guard hasWords || filter != DirectoryFilter() || theme != nil else {
            throw CommandError.user("Search needs a word or a filter, e.g. `bailanys search aigerim` or `bailanys search --role mentor`; to browse everyone, run `bailanys`.")
        }
        let store = try directory.open()
        filter.theme = try theme.map { try resolveTheme($0, in: store) }
        let rows = try translatingErrors {
            hasWords ? try store.search(text, filter: filter, limit: limit) : try store.list(filter: filter, limit: limit)
        }
        let gazetteer = store.gazetteer
        let results = rows.map { SearchResult(row: $0, gazetteer: gazetteer) }
        if json {
            try Output.json(results)
            return
        }
        guard !results.isEmpty else {
            Output.line(hasWords ? "Nothing matches \"\(text)\"\(filter == DirectoryFilter() ? "" : " with these filters")."
                                 : "Nobody matches these filters.")
            return
        }
        Output.table(results.map { [$0.id, $0.name, $0.kind, $0.settlement, $0.region, $0.round ?? ""] },
                     widths: [6, 32, 12, 16, 22, 14], whole: [0])
        Output.line("\(results.count) result\(results.count == 1 ? "" : "s")\(results.count == limit ? " (more with --limit)" : "")")
    }

    struct SearchResult: Encodable {
        var id: String, name: String, kind: String, roles: [String], settlement: String, region: String, round: String?

        init(row: DirectoryRow, gazetteer: Gazetteer) {
            id = row.id.description
            name = row.name
            kind = row.organizationKind?.rawValue ?? row.roles.sorted().last?.rawValue ?? ""
            roles = row.roles.sorted().map(\.rawValue)
            settlement = gazetteer.settlement(row.settlement)?.names.en ?? row.settlement
            region = gazetteer.region(row.region)?.names.en ?? row.region
            round = row.latestRound.map { "\($0.year)/\($0.number) \($0.format.rawValue)" }
        }
    }
}

/// A region named in any spelling, or by a settlement in it.
/// The theme a filter names: a bundled theme in kk, ru or en (`экология`), or a free-text theme the directory holds;
/// anything else is an error, not a silent empty result (review: `--theme экология` matched nobody).
func resolveTheme(_ text: String, in store: DirectoryStore) throws -> String {
    let held = try translatingErrors { try store.themes() }
    let folded = TextFold.fold(text)
    if let theme = BailanysResources.themeKey(named: text) ?? held.first(where: { TextFold.fold($0) == folded }),
       held.contains(theme) {
        return theme
    }
    throw CommandError.user("No initiative has the theme \"\(text)\" (expected one of: \(held.joined(separator: ", ")), "
                            + "or its Kazakh or Russian name).")
}

func resolveRegion(_ text: String) throws -> String {
    let gazetteer = BailanysResources.gazetteer
    if let region = PlaceResolver(gazetteer: gazetteer).resolve(text).first?.regionKey { return region }
    throw CommandError.user("No region called \"\(text)\". Try its Kazakh, Russian or English name, e.g. Mangystau.")
}

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Log an interaction between two people or organisations.",
        discussion: "You log contacts you took part in; a coordinator also those of their region's people.")

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var identity: IdentityOptions

    @Argument(help: "First party (P12 or O3).")
    var a: String

    @Argument(help: "Second party.")
    var b: String

    @Option(help: "Day it happened, YYYY-MM-DD (default today).")
    var date: String?

    @Option(help: "meeting, call, message, email or event.")
    var channel: Channel = .message

    @Option(help: "A short note.")
    var note: String = ""

    @Option(help: "The key of the suggestion this contact came from (as `suggest` prints it), to count it as acted on.")
    var suggestion: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        let first = try parseID(a, as: [.person, .organization], what: "a person or organisation id like P12 or O3")
        let second = try parseID(b, as: [.person, .organization], what: "a person or organisation id like P12 or O3")
        let today = try directory.environment.today()
        let day = try date.map { try parseDay($0, option: "--date") } ?? today
        let store = try directory.open()
        let actor = try identity.actor(in: store, environment: directory.environment)
        let id = try translatingErrors {
            try store.logInteraction(Interaction(a: first, b: second, day: day, channel: channel, note: note, source: .manual),
                                     by: actor, today: today, suggestion: suggestion)
        }
        let contact = try LoggedContactJSON(id: id, Interaction(a: first, b: second, day: day, channel: channel, source: .manual),
                                            store: store)
        if output.json { return try Output.json(contact) }
        Output.line("Logged \(contact.sentence).")
    }
}

/// Removes a contact logged by mistake, as `u` does in the app right after `l`.
struct UnlogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlog", abstract: "Remove a logged contact (one logged by mistake).",
        discussion: """
            The id is the one `log` printed (X318641). Whoever may log a contact between its parties may remove one a
            person logged; one the programme recorded (imported, a meetup's attendance) only a coordinator of a
            party's region. Refusals exit with 4.
            """)

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var identity: IdentityOptions

    @Argument(help: "The contact's id, e.g. X318641.")
    var id: String

    @OptionGroup var output: OutputOptions

    func run() throws {
        let contact = try parseID(id, as: [.interaction], what: "a logged contact's id like X12 (`bailanys log` prints it)")
        let store = try directory.open()
        let actor = try identity.actor(in: store, environment: directory.environment)
        let removed = try translatingErrors { try store.removeInteraction(contact, by: actor) }
        let shown = try LoggedContactJSON(id: contact, removed, store: store)
        if output.json { return try Output.json(shown) }
        Output.line("Removed \(shown.sentence).")
    }
}

/// A logged or removed contact, for `log` and `unlog` (`--json`).
struct LoggedContactJSON: Encodable {
    var id: String, a: String, b: String, aName: String, bName: String, day: String, channel: String

    init(id: EntityID, _ interaction: Interaction, store: DirectoryStore) throws {
        self.id = id.description
        a = interaction.a.description
        b = interaction.b.description
        (aName, bName) = try translatingErrors { (try store.displayName(interaction.a), try store.displayName(interaction.b)) }
        day = interaction.day.iso
        channel = interaction.channel.rawValue
    }

    /// "X12: Айгерім Сапарова — Ерлан Жақсылықов, call on 2026-11-25"
    var sentence: String { "\(id): \(aName) — \(bName), \(channel) on \(day)" }
}

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "What the directory holds.")

    @OptionGroup var directory: DirectoryOptions

    @OptionGroup var output: OutputOptions
    var json: Bool { output.json }

    func run() throws {
        let store = try directory.open()
        let stats = try translatingErrors {
            try store.checkIntegrity()
            return try store.stats()
        }
        let today = try directory.environment.today()
        let snapshot = try translatingErrors { try store.graphSnapshot() }
        let tempo = TieTempo.fit(snapshot: snapshot, before: today, prior: try ConfigFile.tieModel(path: directory.environment.configPath))
        if json { return try Output.json(StatsJSON(stats: stats, tempo: TempoJSON(tempo))) }
        Output.line("Directory: \(store.path)")
        Output.line("File:          \(store.describe(stats.file))")
        Output.line("People:        \(stats.people) (alumni \(stats.alumni), mentors \(stats.mentors), coordinators \(stats.coordinators))")
        Output.line("Organisations: \(stats.organizations.values.reduce(0, +)) (\(grouped(stats.organizations)))")
        Output.line("Rounds:        \(stats.rounds)")
        Output.line("Initiatives:   \(stats.initiatives.values.reduce(0, +)) (\(grouped(stats.initiatives)))")
        Output.line("Interactions:  \(stats.interactions)\(stats.firstInteraction.map { " from \($0) to \(stats.lastInteraction!)" } ?? "")")
        Output.line("Activities:    \(stats.activities)")
        Output.line("Regions:       \(stats.regions)")
        func days(_ value: Double?) -> String { value.map { String(format: "%.0f d", $0) } ?? "—" }
        Output.line("Tie tempo:     median gap \(days(tempo.medianGapDays)), 90th percentile \(days(tempo.p90GapDays)) over "
            + "\(tempo.gaps) gaps (weight \(String(format: "%.2f", tempo.confidence)) against the prior); interaction "
            + "half-life \(days(tempo.model.interaction.halfLifeDays)), fading after \(tempo.model.fadingMinQuietDays) quiet days")
    }

    private func grouped(_ counts: [String: Int]) -> String {
        counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}

/// `stats --json`: the directory's counts as before, with the fitted tie tempo beside them.
struct StatsJSON: Encodable {
    var stats: DirectoryStats
    var tempo: TempoJSON

    private enum Keys: String, CodingKey { case tempo }

    func encode(to encoder: Encoder) throws {
        try stats.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(tempo, forKey: .tempo)
    }
}

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor", abstract: "Check the directory: integrity, schema version, search index, counts.")

    @OptionGroup var directory: DirectoryOptions

    @OptionGroup var output: OutputOptions
    var json: Bool { output.json }

    @Flag(help: "First rebuild the maintained tie state (logged contacts per pair) from the interactions.")
    var repair = false

    func run() throws {
        let store = try directory.open()
        if repair {
            let pairs = try translatingErrors { try store.repairTieState() }
            if !json { Output.line("Rebuilt the tie state: \(pairs) pairs of logged contacts.") }
        }
        let report = try translatingErrors { try store.doctor() }
        if json {
            try Output.json(report)
        } else {
            Output.line("Directory: \(report.path)")
            if let stats = report.stats { Output.line("File: \(store.describe(stats.file))") }
            for check in report.checks { Output.line("\(check.ok ? "ok  " : "FAIL") \(check.name): \(check.detail)") }
            if let stats = report.stats { Output.line("\(stats.people) people, \(stats.interactions) interactions") }
        }
        // The advice fits what failed: only the file's mode wants no backup, just the chmod its line gives (review).
        let failed = report.checks.filter { !$0.ok }.map(\.name)
        if !report.healthy {
            throw CommandError.data(failed == ["permissions"] ? "The directory is sound, but others can read it (see above); run the chmod it gives."
                                    : "The directory has problems (see above); restore a backup or re-import.")
        }
    }
}
