/// A row of tab titles, `│`-separated, with the selected one highlighted.
public struct Tabs: Widget {
    public var titles: [String]
    public var selectedIndex: Int
    public var style: Style
    public var selectedStyle: Style
    public var divider: String

    public init(
        titles: [String], selectedIndex: Int, style: Style = .plain,
        selectedStyle: Style = Style(attributes: [.reverse, .bold]), divider: String = "│"
    ) {
        self.titles = titles
        self.selectedIndex = selectedIndex
        self.style = style
        self.selectedStyle = selectedStyle
        self.divider = divider
    }

    /// Column ranges each title occupies when drawn at `area` (for mouse hit-testing).
    public func titleRanges(in area: Rect) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var x = area.minX
        for title in titles {
            let width = DisplayWidth.of(title) + 2
            let end = min(x + width, area.maxX)
            ranges.append(x..<max(x, end))
            x = end + DisplayWidth.of(divider)
        }
        return ranges
    }

    /// Index of the tab under column `x`, if any.
    public func index(atColumn x: Int, in area: Rect) -> Int? {
        titleRanges(in: area).firstIndex { $0.contains(x) }
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        buffer.fill(Rect(x: area.minX, y: area.minY, width: area.width, height: 1), style: style)
        var x = area.minX
        for (index, title) in titles.enumerated() {
            guard x < area.maxX else { break }
            if index > 0 { x += buffer.put(divider, x: x, y: area.minY, style: style) }
            let titleStyle = index == selectedIndex ? style.overlaid(with: selectedStyle) : style
            x += buffer.put(" \(title) ", x: x, y: area.minY, style: titleStyle)
        }
    }
}
