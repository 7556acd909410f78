/// A vertical list with a highlighted selection that scrolls to keep it visible.
public struct ListView: Widget {
    public var items: [[Span]]
    public var selectedIndex: Int?
    /// The offset used for the previous frame; the view moves from it only as needed.
    /// Store `offset(visibleRows:)` back into your state after drawing.
    public var scrollOffset: Int
    public var style: Style
    public var selectedStyle: Style
    public var showsScrollbar: Bool

    public init(
        items: [String], selectedIndex: Int? = nil, scrollOffset: Int = 0, style: Style = .plain,
        selectedStyle: Style = Style(attributes: .reverse), showsScrollbar: Bool = true
    ) {
        self.init(
            lines: items.map { [Span($0)] }, selectedIndex: selectedIndex, scrollOffset: scrollOffset,
            style: style, selectedStyle: selectedStyle, showsScrollbar: showsScrollbar)
    }

    /// Items with their own mixed styles; the selection highlight is laid over them.
    public init(
        lines: [[Span]], selectedIndex: Int? = nil, scrollOffset: Int = 0, style: Style = .plain,
        selectedStyle: Style = Style(attributes: .reverse), showsScrollbar: Bool = true
    ) {
        self.items = lines
        self.selectedIndex = selectedIndex
        self.scrollOffset = scrollOffset
        self.style = style
        self.selectedStyle = selectedStyle
        self.showsScrollbar = showsScrollbar
    }

    /// The first visible item when `visibleRows` rows are available.
    public func offset(visibleRows: Int) -> Int {
        Scrolling.offset(keeping: selectedIndex, visible: visibleRows, previous: scrollOffset, count: items.count)
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let offset = offset(visibleRows: area.height)
        let needsScrollbar = showsScrollbar && items.count > area.height && area.width > 1
        let textWidth = needsScrollbar ? area.width - 1 : area.width
        buffer.fill(area, style: style)
        for row in 0..<area.height {
            let index = offset + row
            guard index < items.count else { break }
            let y = area.minY + row
            let spans = items[index].map { Span($0.text, style: style.overlaid(with: $0.style)) }
            buffer.put(spans, x: area.minX, y: y, maxWidth: textWidth)
            if index == selectedIndex {
                let highlight = selectedStyle
                buffer.restyle(Rect(x: area.minX, y: y, width: textWidth, height: 1)) { $0 = $0.overlaid(with: highlight) }
            }
        }
        if needsScrollbar {
            drawScrollbar(
                column: area.maxX - 1, top: area.minY, visible: area.height, count: items.count, offset: offset,
                style: style, buffer: &buffer)
        }
    }
}
