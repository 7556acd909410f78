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
}

/// The study's figures recomputed from the directory: a table with a bar per share. NEET and
/// vulnerable rows appear for coordinators only (for anyone else the store does not even read them).
enum ReportScreen {
    private struct Line {
        var spans: [Span] = []
        var row: IndicatorRow?
        /// Names the measures of the rows below above their columns (sections with two measures).
        var measures: [IndicatorRow.Measure] = []
    }

    private static func lines(_ indicators: StudyIndicators, state: AppState, theme: Theme) -> [Line] {
        let strings = state.strings
        let language = state.language
        var lines = [Line(spans: [Span(strings("report.summary", [
            "alumni": strings.number(indicators.alumni), "often": String(indicators.parameters.oftenThreshold),
            "days": String(indicators.parameters.windowDays), "date": strings.date(indicators.now),
        ]), style: theme.dim)])]
        var section: IndicatorRow.Section?
        for row in indicators.rows(includeSensitive: state.audience == .coordinator) {
            if row.section != section {
                section = row.section
                lines += [Line(), Line(spans: [Span(ReportText.section(row.section, language: language), style: theme.heading)])]
                if row.values.count > 1 { lines.append(Line(measures: row.values.map(\.measure))) }
            }
            lines.append(Line(row: row))
        }
        return lines
    }

    private static func visibleRows(_ state: AppState) -> Int { max(1, ScreenLayout(size: state.size).body.height) }

    static func handle(_ key: KeyEvent, _ state: inout AppState) -> [Effect] {
        guard let indicators = state.report.indicators, let action = KeyMap.action(for: key, in: .report) else { return [] }
        let page = visibleRows(state)
        let last = max(0, lines(indicators, state: state, theme: .standard).count - page)
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

    static func render(_ state: AppState, theme: Theme, into buffer: inout Buffer) {
        let strings = state.strings
        let body = ScreenLayout(size: state.size).body
        guard let indicators = state.report.indicators else {
            buffer.put(strings("report.loading"), x: 1, y: body.minY, style: theme.dim)
            return
        }
        // Columns: group label, alumni in the group, then one bar per measure.
        let labelWidth = min(36, max(16, body.width / 3))
        let countWidth = 7
        let valueWidth = min(40, max(8, (body.width - labelWidth - countWidth - 4) / 2))
        let valueX = [labelWidth + countWidth + 3, labelWidth + countWidth + 4 + valueWidth]
        let all = lines(indicators, state: state, theme: theme)
        let shown = all.dropFirst(min(state.report.scroll, max(0, all.count - 1))).prefix(visibleRows(state))
        for (offset, line) in shown.enumerated() {
            let y = body.minY + offset
            if !line.measures.isEmpty {
                buffer.put(DisplayWidth.pad(strings("report.alumni"), toColumns: countWidth, alignment: .right),
                           x: labelWidth + 2, y: y, style: theme.tableHeader)
            }
            guard let row = line.row else {
                buffer.put(line.spans, x: 1, y: y, maxWidth: body.width - 2)
                for (index, measure) in line.measures.enumerated() where index < valueX.count {
                    buffer.put(ReportText.measure(measure, language: state.language), x: valueX[index], y: y,
                               style: theme.tableHeader, maxWidth: valueWidth)
                }
                continue
            }
            let label = ReportText.group(row, language: state.language) + (row.isSensitive ? " ◆" : "")
            buffer.put("  " + label, x: 1, y: y, style: row.isSensitive ? theme.sensitive : theme.text, maxWidth: labelWidth)
            buffer.put(DisplayWidth.pad(strings.number(row.values[0].share.total), toColumns: countWidth, alignment: .right),
                       x: labelWidth + 2, y: y)
            for (index, value) in row.values.enumerated() where index < valueX.count {
                let percent = DisplayWidth.pad(strings.percent(value.share.fraction), toColumns: 4, alignment: .right)
                buffer.put(percent, x: valueX[index], y: y)
                buffer.render(Bar(fraction: value.share.fraction, style: theme.tieBar, trackStyle: theme.tieTrack),
                              in: Rect(x: valueX[index] + 5, y: y, width: max(0, valueWidth - 6), height: 1))
            }
        }
    }
}
