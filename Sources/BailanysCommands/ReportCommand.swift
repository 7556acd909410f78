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

    @OptionGroup var output: OutputOptions
    var json: Bool { output.json }

    @Flag(help: "Print CSV: section,group,label,measure,count,total,percent.")
    var csv = false

    func validate() throws {
        if json && csv { throw ValidationError("Choose one of --json and --csv.") }
    }

    struct Entry: Encodable {
        var section: String, group: String, label: String, measure: String
        var count: Int, total: Int, share: Double
    }

    struct ReportJSON: Encodable {
        var asOf: String, alumni: Int, oftenThreshold: Int, windowDays: Int
        /// True when the NEET and vulnerable rows are included (a coordinator asked).
        var includesSensitive: Bool
        var rows: [Entry]
    }

    func run() throws {
        let store = try directory.open()
        let environment = directory.environment
        let audience = try identity.resolve(in: store, environment: environment).audience
        let indicators = try translatingErrors { try store.studyIndicators(audience: audience, now: try environment.today()) }
        let rows = indicators.rows(includeSensitive: audience == .coordinator)
        let entries = rows.flatMap { row in
            row.values.map { value in
                Entry(section: row.section.rawValue, group: row.group, label: ReportText.group(row, language: .en),
                      measure: value.measure.rawValue, count: value.share.count, total: value.share.total,
                      share: value.share.fraction)
            }
        }
        if json {
            return try Output.json(ReportJSON(asOf: indicators.now.iso, alumni: indicators.alumni,
                                              oftenThreshold: indicators.parameters.oftenThreshold,
                                              windowDays: indicators.parameters.windowDays,
                                              includesSensitive: audience == .coordinator, rows: entries))
        }
        if csv {
            print("section,group,label,measure,count,total,percent")
            for e in entries {
                print([e.section, e.group, csvField(e.label), e.measure, "\(e.count)", "\(e.total)",
                       String(format: "%.1f", e.share * 100)].joined(separator: ","))
            }
            return
        }
        Output.line("Study indicators as of \(indicators.now.iso): \(indicators.alumni) alumni; \"often\" = at least "
                    + "\(indicators.parameters.oftenThreshold) interactions in the last \(indicators.parameters.windowDays) days.")
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
            table.append(["  " + ReportText.group(row, language: .en), "\(row.values[0].share.total)"]
                         + row.values.map { String(format: "%.1f%%", $0.share.percent) })
        }
        flush()
    }

    /// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
    private func csvField(_ text: String) -> String {
        guard text.contains(where: { ",\"\n\r".contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
