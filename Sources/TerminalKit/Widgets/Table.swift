/// How wide a table column is.
public enum ColumnWidth: Hashable, Sendable {
    /// Exactly this many columns.
    case fixed(Int)
    /// At least `min` columns, plus a share of the spare width proportional to `weight`.
    case flexible(min: Int = 0, weight: Int = 1)
}

public struct TableColumn: Hashable, Sendable {
    public var title: String
    public var width: ColumnWidth
    public var alignment: Alignment

    public init(_ title: String, width: ColumnWidth = .flexible(), alignment: Alignment = .left) {
        self.title = title
        self.width = width
        self.alignment = alignment
    }
}

public struct TableRow: Hashable, Sendable {
    public var cells: [String]
    public var style: Style?

    public init(_ cells: [String], style: Style? = nil) {
        self.cells = cells
        self.style = style
    }
}

/// Rows under a header, each cell truncated with `…` to its column, the selected row highlighted
/// and kept visible by scrolling.
public struct Table: Widget {
    public var columns: [TableColumn]
    public var rows: [TableRow]
    public var selectedRow: Int?
    /// Offset of the previous frame; store `offset(visibleRows:)` back after drawing.
    public var scrollOffset: Int
    public var style: Style
    public var headerStyle: Style
    public var selectedStyle: Style
    public var columnSpacing: Int
    public var showsHeader: Bool

    public init(
        columns: [TableColumn], rows: [TableRow], selectedRow: Int? = nil, scrollOffset: Int = 0,
        style: Style = .plain, headerStyle: Style = Style(attributes: [.bold, .underline]),
        selectedStyle: Style = Style(attributes: .reverse), columnSpacing: Int = 1, showsHeader: Bool = true
    ) {
        self.columns = columns
        self.rows = rows
        self.selectedRow = selectedRow
        self.scrollOffset = scrollOffset
        self.style = style
        self.headerStyle = headerStyle
        self.selectedStyle = selectedStyle
        self.columnSpacing = columnSpacing
        self.showsHeader = showsHeader
    }

    public init(columns: [TableColumn], rows: [[String]], selectedRow: Int? = nil, scrollOffset: Int = 0) {
        self.init(columns: columns, rows: rows.map { TableRow($0) }, selectedRow: selectedRow, scrollOffset: scrollOffset)
    }

    /// Rows available for data in an area of this height.
    public func visibleRows(inHeight height: Int) -> Int { max(0, height - (showsHeader ? 1 : 0)) }

    public func offset(visibleRows: Int) -> Int {
        Scrolling.offset(keeping: selectedRow, visible: visibleRows, previous: scrollOffset, count: rows.count)
    }

    /// Column widths for `totalWidth`: fixed and minimum widths first, spare space shared by weight.
    /// When too narrow, the rightmost columns shrink first, down to zero (hidden).
    public static func columnWidths(for columns: [TableColumn], totalWidth: Int, spacing: Int) -> [Int] {
        guard !columns.isEmpty else { return [] }
        var widths = columns.map { column -> Int in
            switch column.width {
            case .fixed(let width): max(0, width)
            case .flexible(let minimum, _): max(0, minimum)
            }
        }
        let weights = columns.map { column -> Int in
            if case .flexible(_, let weight) = column.width { return max(0, weight) }
            return 0
        }
        let available = max(0, totalWidth - spacing * (columns.count - 1))
        var spare = available - widths.reduce(0, +)
        if spare >= 0 {
            let totalWeight = weights.reduce(0, +)
            guard totalWeight > 0 else { return widths }
            var leftover = spare
            for index in widths.indices where weights[index] > 0 {
                let share = spare * weights[index] / totalWeight
                widths[index] += share
                leftover -= share
            }
            for index in widths.indices where weights[index] > 0 && leftover > 0 {
                widths[index] += 1
                leftover -= 1
            }
            return widths
        }
        for index in widths.indices.reversed() where spare < 0 {
            let cut = min(widths[index], -spare)
            widths[index] -= cut
            spare += cut
        }
        return widths
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        buffer.fill(area, style: style)
        let widths = Self.columnWidths(for: columns, totalWidth: area.width, spacing: columnSpacing)
        var y = area.minY
        if showsHeader {
            drawLine(columns.map(\.title), widths: widths, y: y, area: area, style: style.overlaid(with: headerStyle), buffer: &buffer)
            y += 1
        }
        let visible = visibleRows(inHeight: area.height)
        let offset = offset(visibleRows: visible)
        for index in offset..<min(rows.count, offset + visible) {
            let row = rows[index]
            var rowStyle = row.style.map { style.overlaid(with: $0) } ?? style
            if index == selectedRow {
                rowStyle = rowStyle.overlaid(with: selectedStyle)
                buffer.fill(Rect(x: area.minX, y: y, width: area.width, height: 1), style: rowStyle)
            }
            drawLine(row.cells, widths: widths, y: y, area: area, style: rowStyle, buffer: &buffer)
            y += 1
        }
    }

    private func drawLine(_ texts: [String], widths: [Int], y: Int, area: Rect, style: Style, buffer: inout Buffer) {
        var x = area.minX
        for (index, column) in columns.enumerated() where widths[index] > 0 {
            let text = index < texts.count ? texts[index] : ""
            buffer.put(text, x: x, y: y, columns: widths[index], alignment: column.alignment, style: style)
            x += widths[index] + columnSpacing
        }
    }
}
