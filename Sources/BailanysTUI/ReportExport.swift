import BailanysCore
import BailanysInterchange
import Foundation

/// The report as files: the same rows, labels and study figures as the Report screen, as CSV and JSON. The
/// screen's `x` and `bailanys report --csv/--json` both write these, so a spreadsheet sees what a person saw.
public struct ReportExport: Encodable, Sendable, Equatable {
    /// One measure of one report row. `share` is absent (and the CSV's percent empty) when the group is empty.
    public struct Entry: Encodable, Sendable, Equatable {
        public var section: String, group: String, label: String, measure: String
        public var count: Int, total: Int
        public var share: Double?
        /// The study's published percentage, when it gave one.
        public var study: Double?
    }

    /// A figure about the programme: the directory's (absent when it does not record it) beside the study's.
    public struct Fact: Encodable, Sendable, Equatable {
        public var key: String, label: String
        /// `count` or `share`.
        public var measure: String
        public var count: Int?, total: Int?
        public var share: Double?
        /// The study's figure: a count for `count`, a percentage for `share`.
        public var study: Double
    }

    public var asOf: String, alumni: Int, oftenThreshold: Int, windowDays: Int
    /// True when the NEET and vulnerable rows are included (a coordinator asked).
    public var includesSensitive: Bool
    public var programme: [Fact]
    public var rows: [Entry]

    public init(_ indicators: StudyIndicators, includeSensitive: Bool, language: Language) {
        asOf = indicators.now.iso
        alumni = indicators.alumni
        oftenThreshold = indicators.parameters.oftenThreshold
        windowDays = indicators.parameters.windowDays
        includesSensitive = includeSensitive
        programme = indicators.programmeFacts.map { fact in
            var entry = Fact(key: fact.key.rawValue, label: ReportText.fact(fact.key, language: language), measure: "share",
                             count: nil, total: nil, share: nil, study: 0)
            switch fact.study {
            case .thousands(let thousands): entry.study = thousands * 1000; entry.measure = "count"
            case .percent(let percent): entry.study = percent
            case .everySecond: entry.study = 50
            }
            switch fact.directory {
            case .count(let count): entry.count = count
            case .share(let share): (entry.count, entry.total, entry.share) = (share.count, share.total, share.total == 0 ? nil : share.fraction)
            case .notRecorded: break
            }
            return entry
        }
        rows = indicators.rows(includeSensitive: includeSensitive).flatMap { row in
            row.values.map { value in
                Entry(section: row.section.rawValue, group: row.group, label: ReportText.group(row, language: language),
                      measure: value.measure.rawValue, count: value.share.count, total: value.share.total,
                      share: value.share.total == 0 ? nil : value.share.fraction, study: value.published)
            }
        }
    }

    /// Pretty JSON with sorted keys; no character a terminal would obey.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ExportText.jsonSafe(String(decoding: try encoder.encode(self), as: UTF8.self)) + "\n"
    }

    public static let csvHeader = ["section", "group", "label", "measure", "count", "total", "percent", "study"]

    /// RFC 4180 CSV: the programme's facts (section `programme`), then every row's measures; percentages with one
    /// decimal and a point; an empty cell where the directory has no figure.
    public func csv() -> String {
        func number(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "" }
        func count(_ value: Int?) -> String { value.map(String.init) ?? "" }
        var lines = [CSVWriter.row(Self.csvHeader)]
        lines += programme.map { fact in
            CSVWriter.row(["programme", fact.key, fact.label, fact.measure, count(fact.count), count(fact.total),
                           number(fact.share.map { $0 * 100 }),
                           fact.measure == "count" ? String(Int(fact.study.rounded())) : number(fact.study)])
        }
        lines += rows.map { entry in
            CSVWriter.row([entry.section, entry.group, entry.label, entry.measure, String(entry.count), String(entry.total),
                           number(entry.share.map { $0 * 100 }), number(entry.study)])
        }
        return lines.joined()
    }
}
