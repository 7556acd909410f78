import BailanysGraph
import TerminalKit

/// What the screens that wait for the tie graph show while it loads (Suggestions, Mentees, the map, the meetup
/// planner): a bar of the whole load, the step under way with its percentage, and what is being worked through.
enum GraphLoadingView {
    static let barWidth = 20

    /// "Reading logged contacts… 42%": the step's words and how much of the whole load is done.
    static func stepText(_ progress: GraphLoadProgress, strings: Strings) -> String {
        strings("graph.progress", ["step": strings("graph.step.\(progress.step)"),
                                   "percent": String(Int(progress.percent))])
    }

    /// The bar, then the step's words wrapped beside it within `area`; returns the rows used.
    @discardableResult
    static func drawProgress(_ progress: GraphLoadProgress, strings: Strings, theme: Theme, in area: Rect,
                             into buffer: inout Buffer) -> Int {
        guard area.height > 0 else { return 0 }
        let bar = min(barWidth, area.width / 3)
        buffer.render(Bar(fraction: progress.percent / 100, style: theme.tieBar, trackStyle: theme.field),
                      in: Rect(x: area.minX, y: area.minY, width: bar, height: 1))
        let textWidth = area.width - bar - 1
        let lines = Render.wrap(stepText(progress, strings: strings), width: textWidth).prefix(area.height)
        for (row, line) in lines.enumerated() {
            buffer.put(line, x: area.minX + bar + 1, y: area.minY + row, style: theme.dim, maxWidth: textWidth)
        }
        return lines.count
    }

    /// The whole message from the top of `area`: the progress once the load has reported any, then a blank row and
    /// the directory's size once it is counted (or "Loading…" while neither is known), wrapped to the area's width.
    static func draw(_ state: AppState, theme: Theme, in area: Rect, into buffer: inout Buffer) {
        var y = area.minY
        if let progress = state.graphProgress {
            y += drawProgress(progress, strings: state.strings, theme: theme, in: area, into: &buffer) + 1
        }
        let size = state.directorySize.map { size in
            state.strings("graph.loading", ["people": state.strings.number(size.people),
                                            "contacts": state.strings.number(size.contacts)])
        }
        guard let about = size ?? (state.graphProgress == nil ? state.strings("card.loading") : nil) else { return }
        for line in Render.wrap(about, width: area.width) where y < area.maxY {
            buffer.put(line, x: area.minX, y: y, style: theme.dim, maxWidth: area.width)
            y += 1
        }
    }
}
