import ArgumentParser
import BailanysCore
import BailanysStore
import BailanysTUI
import Foundation

/// `bailanys report`: the study's indicators recomputed from the directory, as the Report screen shows them.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The study's indicators recomputed from the directory (definitions in docs/algorithms.md).",
        discussion: """
            Shares of alumni who interact often with their own team and with other participants (all, by round \
            format, team role and initiative status; NEET and vulnerable youth for coordinators only), urban and \
            rural participation in local problem-solving, community activity and contact with partner bodies.
            """)

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var identity: IdentityOptions
    @OptionGroup var language: LanguageOptions

    @OptionGroup var output: OutputOptions
    var json: Bool { output.json }

    @Flag(help: "Print CSV: section,group,label,measure,count,total,percent,study (the programme's figures first).")
    var csv = false

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Write the CSV or JSON to this file (mode 0600) instead of standard output.", valueName: "file"))
    var outputFile: String?

    @Flag(help: "Replace the -o file if it exists (a regular file only: never a link, device or folder).")
    var force = false

    func validate() throws {
        if json && csv { throw ValidationError("Choose one of --json and --csv.") }
        if outputFile != nil && !json && !csv { throw ValidationError("-o writes CSV or JSON: add --csv or --json.") }
    }

    func run() throws {
        let store = try directory.open()
        let environment = directory.environment
        let audience = try identity.resolve(in: store, environment: environment).audience
        let indicators = try translatingErrors { try store.studyIndicators(audience: audience, now: try environment.today()) }
        let includeSensitive = audience == .coordinator
        // The same files as the Report screen's `x` in the same language (`--lang`, else config, else LANG): its labels
        // were always English, so a kk session's file could not be made from a script (review).
        let export = ReportExport(indicators, includeSensitive: includeSensitive, language: try language.language(environment))
        if json { return try ExportCommand.write(try export.json(), to: outputFile, force: force) }
        if csv { return try ExportCommand.write(export.csv(), to: outputFile, force: force) }
        let rows = indicators.rows(includeSensitive: includeSensitive)
        func percent(_ share: Share) -> String { share.total == 0 ? "—" : String(format: "%.1f%%", share.percent) }
        func study(_ value: Double?) -> String { value.map { String(format: "(study %g%%)", $0) } ?? "" }
        Output.line("Study indicators as of \(indicators.now.iso): \(indicators.alumni) alumni; \"often\" = at least "
                    + "\(indicators.parameters.oftenThreshold) interactions in the last \(indicators.parameters.windowDays) days.")
        Output.line("Figures in brackets are the study's (PaperLab on ZhasProject).")
        Output.line()
        Output.line("The programme: this directory beside the study")
        Output.table(indicators.programmeFacts.map { fact in
            let directory = switch fact.directory {
            case .count(let count): String(count)
            case .share(let share): percent(share)
            case .notRecorded: "not recorded"
            }
            let study = switch fact.study {
            case .thousands(let value): String(format: "(study %.1f thousand)", value)
            case .percent(let value): study(value)
            case .everySecond: "(study: every second person)"
            }
            return ["  " + ReportText.fact(fact.key, language: .en), directory, study]
        }, widths: [34, 14, 30])
        var section: IndicatorRow.Section?
        var table: [[String]] = []
        func flush() {
            Output.table(table, widths: [34, 7, 20, 20])
            table = []
        }
        for row in rows {
            if row.section != section {
                if section != nil { flush() }
                section = row.section
                Output.line()
                Output.line(ReportText.section(row.section, language: .en))
                table.append(["", "alumni"] + row.values.map { ReportText.measure($0.measure, language: .en) })
            }
            table.append(["  " + ReportText.group(row, language: .en), row.values[0].share.total == 0 ? "—" : "\(row.values[0].share.total)"]
                         + row.values.map { "\(percent($0.share)) \(study($0.published))" })
        }
        flush()
    }
}
