import BailanysCore
import BailanysStore
import TerminalKit

struct ReportState: Equatable, Sendable {
    var indicators: StudyIndicators?
    /// First line shown.
    var scroll = 0
}

/// Names of the report's sections, groups and measures in a UI language; `bailanys report`
/// prints the English ones, so the screen and the command say the same.
public enum ReportText {
    public static func section(_ section: IndicatorRow.Section, language: Language) -> String {
        Strings(language: language)("report.section.\(section.rawValue)")
    }

    public static func group(_ row: IndicatorRow, language: Language) -> String {
        Strings(language: language)("report.group.\(row.group)")
    }

    public static func measure(_ measure: IndicatorRow.Measure, language: Language) -> String {
        Strings(language: language)("report.measure.\(measure.rawValue)")
    }

    public static func fact(_ key: ProgrammeFact.Key, language: Language) -> String {
        Strings(language: language)("report.fact.\(key.rawValue)")
    }
}

/// The study's figures recomputed from the directory: a table with a bar per share, each beside the study's
/// published figure (grey). NEET and vulnerable rows appear for coordinators only (for anyone else the store
/// does not even read them). `x` writes the table as CSV and JSON (`ReportExport`).
enum ReportScreen {
    private enum Content {
        case text([Span])
        /// Names the columns of the rows below (sections with two measures, and the programme's).
        /// Column titles; `study[i]`: the rows under them carry the study's figure at that column's right end.
        case columns([String], study: [Bool])
        /// A row or fact with the first line of its label; the label's further lines follow as `labelRest`.
        case row(IndicatorRow, label: String)
        case fact(ProgrammeFact, label: String)
        /// The rest of a label too long for its column, one line each, under the row's figures.
        case labelRest(String, style: Style)
    }

    private static func lines(_ indicators: StudyIndicators, state: AppState, theme: Theme) -> [Content] {
        let strings = state.strings
        let language = state.language
        // Notes wrap rather than lose their ends in a narrow terminal.
        let width = max(1, ScreenLayout(size: state.size).body.width - 2)
        func note(_ text: String, _ style: Style) -> [Content] { Render.wrap(text, width: width).map { .text([Span($0, style: style)]) } }
        // Labels wrap within their column too (review: "Understand local proble…" at 80 columns), the figures on
        // the first line.
        let labelWidth = Columns(ScreenLayout(size: state.size).body).labelWidth - 2
        func labelled(_ label: String, style: Style, _ first: (String) -> Content) -> [Content] {
            let parts = Render.wrap(label, width: max(1, labelWidth))
            return [first(parts.first ?? "")] + parts.dropFirst().map { .labelRest($0, style: style) }
        }
        var lines = note(strings("report.summary", [
            "alumni": strings.number(indicators.alumni), "often": String(indicators.parameters.oftenThreshold),
            "days": String(indicators.parameters.windowDays), "date": strings.date(indicators.now),
        ]), theme.dim)
        lines += note(strings("report.legend"), theme.dim)
        let sensitive = state.audience == .coordinator
        if sensitive { lines += note(strings("report.sensitiveNote"), theme.sensitive) }
        lines += [.text([])] + note(strings("report.section.programme"), theme.heading) + [
                  .columns([strings("report.column.directory"), strings("report.column.study")], study: [false, false])]
        lines += indicators.programmeFacts.flatMap { fact in
            labelled(ReportText.fact(fact.key, language: language), style: .plain) { .fact(fact, label: $0) }
        }
        let rows = indicators.rows(includeSensitive: sensitive)
        var section: IndicatorRow.Section?
        for row in rows {
            if row.section != section {
                section = row.section
                lines += [.text([])] + note(ReportText.section(row.section, language: language), theme.heading)
                // Which columns of this section hold the study's figures, so their grey figures have a heading.
                let study = row.values.indices.map { index in
                    rows.contains { $0.section == row.section && $0.values.indices.contains(index) && $0.values[index].published != nil }
                }
                if row.values.count > 1 || study.contains(true) {
                    lines.append(.columns(row.values.map { ReportText.measure($0.measure, language: language) }, study: study))
                }
            }
            let label = ReportText.group(row, language: language) + (row.isSensitive ? " ◆" : "")
            lines += labelled(label, style: labelStyle(row, theme)) { .row(row, label: $0) }
        }
        return lines
    }

    /// A group's label, on every line it wraps to: the sensitive groups in their own colour.
    private static func labelStyle(_ row: IndicatorRow, _ theme: Theme) -> Style { row.isSensitive ? theme.sensitive : theme.text }

    private static func visibleRows(_ state: AppState) -> Int { max(1, ScreenLayout(size: state.size).body.height) }

    /// The column headings of the section whose rows start the view, when they have scrolled above it: they stay on
    /// the top row while the rows scroll under them (review: after PgDn the figures had no headings).
    private static func pinnedHeadings(_ all: [Content], from scroll: Int) -> Content? {
        func isFigure(_ line: Content) -> Bool {
            switch line {
            case .row, .fact, .labelRest: true
            case .text, .columns: false
            }
        }
        guard all.indices.contains(scroll), isFigure(all[scroll]) else { return nil }
        var above = scroll - 1
        while above >= 0, isFigure(all[above]) { above -= 1 }
        guard above >= 0, case .columns = all[above] else { return nil }
        return all[above]
    }

    /// What `rows` rows show from `scroll` on: the pinned headings, if any, then as many lines as fit (a slice of `all`,
    /// with its indices).
    private static func window(_ all: [Content], from scroll: Int, rows: Int) -> (headings: Content?, lines: ArraySlice<Content>) {
        let start = min(scroll, max(0, all.count - 1))
        let headings = pinnedHeadings(all, from: start)
        return (headings, all.dropFirst(start).prefix(max(1, rows - (headings == nil ? 0 : 1))))
    }

    /// The last scroll position: the first from which the last line is in view (one further when headings are pinned).
    private static func lastScroll(_ all: [Content], rows: Int) -> Int {
        var scroll = max(0, all.count - rows)
        while scroll < all.count - 1, window(all, from: scroll, rows: rows).lines.endIndex < all.count { scroll += 1 }
        return scroll
    }

    static func handle(_ key: KeyEvent, _ state: inout AppState) -> [Effect] {
        guard let indicators = state.report.indicators, let action = KeyMap.action(for: key, in: .report) else { return [] }
        if action == .export {
            return [.exportReport(ReportExport(indicators, includeSensitive: state.audience == .coordinator, language: state.language))]
        }
        let page = visibleRows(state)
        let last = lastScroll(lines(indicators, state: state, theme: .standard), rows: page)
        // Scroll positions 0…last are the rows the cursor moves over.
        if let moved = action.movedIndex(from: state.report.scroll, count: last + 1, page: page) { state.report.scroll = moved }
        return []
    }

    static func handleMouse(_ mouse: MouseEvent, _ state: inout AppState) -> [Effect] {
        switch mouse.kind {
        case .wheelUp: handle(.up, &state)
        case .wheelDown: handle(.down, &state)
        default: []
        }
    }

    // MARK: Drawing

    /// Where the columns go: the group label, the alumni in the group, then one column per measure holding the
    /// directory's percentage, a bar and the study's figure.
    private struct Columns {
        var labelWidth: Int, countX: Int, valueWidth: Int, valueX: [Int]
        static let countWidth = 7, percentWidth = 4, studyWidth = 6

        init(_ body: Rect) {
            labelWidth = min(36, max(16, body.width / 3))
            countX = body.minX + labelWidth + 2
            valueWidth = min(40, max(12, (body.width - labelWidth - Self.countWidth - 4) / 2))
            valueX = [countX + Self.countWidth + 1, countX + Self.countWidth + 2 + valueWidth]
        }
        var barWidth: Int { max(0, valueWidth - Self.percentWidth - Self.studyWidth - 2) }
    }

    /// `73%`, or `30,3%` where the study gave a decimal.
    private static func studyPercent(_ percent: Double, _ strings: Strings) -> String {
        strings.percent(percent / 100, decimals: percent.rounded() == percent ? 0 : 1)
    }

    static func render(_ state: AppState, theme: Theme, into buffer: inout Buffer) {
        let strings = state.strings
        let body = ScreenLayout(size: state.size).body
        guard let indicators = state.report.indicators else {
            buffer.put(strings("report.loading"), x: 1, y: body.minY, style: theme.dim)
            return
        }
        let columns = Columns(body)
        let all = lines(indicators, state: state, theme: theme)
        let (headings, lines) = window(all, from: state.report.scroll, rows: visibleRows(state))
        let shown = (headings.map { [$0] } ?? []) + Array(lines)
        for (offset, line) in shown.enumerated() {
            let y = body.minY + offset
            switch line {
            case .text(let spans):
                buffer.put(spans, x: 1, y: y, maxWidth: body.width - 2)
            case .columns(let titles, let study):
                buffer.put(DisplayWidth.pad(strings("report.alumni"), toColumns: Columns.countWidth, alignment: .right),
                           x: columns.countX, y: y, style: theme.tableHeader)
                for (index, title) in titles.enumerated() where index < columns.valueX.count {
                    let heading = title.capitalizedFirst
                    buffer.put(heading, x: columns.valueX[index], y: y, style: theme.tableHeader, maxWidth: columns.valueWidth)
                    // Over the grey figures at the column's end, where there is room beside the heading: the study's
                    // name, or its short form (at 120 columns ru "С другими участниками" left no room for the long one
                    // and the figures stood under no heading).
                    let names = [strings("report.column.study").capitalizedFirst, strings("report.column.studyShort")]
                    if study[index], let studyHeading = names.first(where: {
                        DisplayWidth.of(heading) + 2 + DisplayWidth.of($0) <= columns.valueWidth
                    }) {
                        buffer.put(studyHeading, x: columns.valueX[index] + columns.valueWidth - DisplayWidth.of(studyHeading), y: y,
                                   style: theme.dim)
                    }
                }
            case .labelRest(let text, let style):
                buffer.put("  " + text, x: 1, y: y, style: style, maxWidth: columns.labelWidth)
            case .row(let row, let label):
                buffer.put("  " + label, x: 1, y: y, style: labelStyle(row, theme), maxWidth: columns.labelWidth)
                let total = row.values[0].share.total
                buffer.put(DisplayWidth.pad(total == 0 ? "—" : strings.number(total), toColumns: Columns.countWidth, alignment: .right),
                           x: columns.countX, y: y)
                for (index, value) in row.values.enumerated() where index < columns.valueX.count {
                    drawShare(value.share, study: value.published.map { studyPercent($0, strings) }, x: columns.valueX[index],
                              y: y, columns: columns, strings: strings, theme: theme, into: &buffer)
                }
            case .fact(let fact, let label):
                buffer.put("  " + label, x: 1, y: y, maxWidth: columns.labelWidth)
                let study: String
                switch fact.study {
                case .thousands(let value): study = strings("report.thousands", ["n": strings.decimal(value, places: 1)])
                case .percent(let value): study = studyPercent(value, strings)
                case .everySecond: study = strings("report.everySecond")
                }
                switch fact.directory {
                case .count(let count):
                    buffer.put(DisplayWidth.pad(strings.number(count), toColumns: Columns.countWidth, alignment: .right),
                               x: columns.countX, y: y)
                case .share(let share):
                    buffer.put(DisplayWidth.pad(share.total == 0 ? "—" : strings.number(share.total), toColumns: Columns.countWidth,
                                                alignment: .right), x: columns.countX, y: y)
                    drawShare(share, study: nil, x: columns.valueX[0], y: y, columns: columns, strings: strings, theme: theme,
                              into: &buffer)
                case .notRecorded:
                    buffer.put(strings("report.notRecorded"), x: columns.valueX[0], y: y, style: theme.dim, maxWidth: columns.valueWidth)
                }
                buffer.put(study, x: columns.valueX[1], y: y, style: theme.dim, maxWidth: max(0, body.maxX - columns.valueX[1]))
            }
        }
    }

    /// The directory's percentage and bar, then the study's figure at the column's right end; an empty group
    /// shows "—" and no bar.
    private static func drawShare(_ share: Share, study: String?, x: Int, y: Int, columns: Columns, strings: Strings,
                                  theme: Theme, into buffer: inout Buffer) {
        let percent = share.total == 0 ? "—" : strings.percent(share.fraction)
        buffer.put(DisplayWidth.pad(percent, toColumns: Columns.percentWidth, alignment: .right), x: x, y: y)
        if share.total > 0 {
            buffer.render(Bar(fraction: share.fraction, style: theme.tieBar, trackStyle: theme.tieTrack),
                          in: Rect(x: x + Columns.percentWidth + 1, y: y, width: columns.barWidth, height: 1))
        }
        if let study {
            buffer.put(DisplayWidth.pad(study, toColumns: Columns.studyWidth, alignment: .right),
                       x: x + columns.valueWidth - Columns.studyWidth, y: y, style: theme.dim)
        }
    }
}
