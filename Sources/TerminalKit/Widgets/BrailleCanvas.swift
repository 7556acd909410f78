/// A drawing surface of Braille dots, 2 wide × 4 tall per terminal cell, for maps and plots.
///
/// Dot coordinates have their origin at the top-left. For real-world data set `xRange`/`yRange`
/// and use `plot`/`drawLine(fromX:…)`, where y grows upward (like latitude).
public struct BrailleCanvas: Widget, Hashable, Sendable {
    public let columns: Int
    public let rows: Int
    /// World coordinates mapped onto the full dot grid.
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>
    private var dots: [UInt8]
    private var styles: [Style]

    public init(
        columns: Int, rows: Int, xRange: ClosedRange<Double> = 0...1, yRange: ClosedRange<Double> = 0...1
    ) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        self.xRange = xRange
        self.yRange = yRange
        self.dots = Array(repeating: 0, count: self.columns * self.rows)
        self.styles = Array(repeating: .plain, count: self.columns * self.rows)
    }

    public var dotWidth: Int { columns * 2 }
    public var dotHeight: Int { rows * 4 }

    /// Braille bit for dot (column 0–1, row 0–3) within a cell, per the Unicode Braille Patterns layout.
    private static let bits: [[UInt8]] = [
        [0x01, 0x08],
        [0x02, 0x10],
        [0x04, 0x20],
        [0x40, 0x80],
    ]

    /// Sets a dot; points outside the canvas are ignored. The cell takes the latest style.
    public mutating func setDot(x: Int, y: Int, style: Style = .plain) {
        guard x >= 0, x < dotWidth, y >= 0, y < dotHeight else { return }
        let index = (y / 4) * columns + x / 2
        dots[index] |= Self.bits[y % 4][x % 2]
        styles[index] = style
    }

    public func isSet(x: Int, y: Int) -> Bool {
        guard x >= 0, x < dotWidth, y >= 0, y < dotHeight else { return false }
        return dots[(y / 4) * columns + x / 2] & Self.bits[y % 4][x % 2] != 0
    }

    /// Straight line between two dots (inclusive), Bresenham.
    public mutating func drawLine(from start: Point, to end: Point, style: Style = .plain) {
        let dx = abs(end.x - start.x)
        let dy = -abs(end.y - start.y)
        let stepX = start.x < end.x ? 1 : -1
        let stepY = start.y < end.y ? 1 : -1
        var error = dx + dy
        var x = start.x
        var y = start.y
        while true {
            setDot(x: x, y: y, style: style)
            if x == end.x && y == end.y { break }
            let doubled = 2 * error
            if doubled >= dy {
                error += dy
                x += stepX
            }
            if doubled <= dx {
                error += dx
                y += stepY
            }
        }
    }

    /// The dot nearest to a world coordinate (y up), possibly outside the canvas.
    public func dot(x: Double, y: Double) -> Point {
        let xSpan = xRange.upperBound - xRange.lowerBound
        let ySpan = yRange.upperBound - yRange.lowerBound
        let column = xSpan == 0 ? 0 : (x - xRange.lowerBound) / xSpan * Double(dotWidth - 1)
        let row = ySpan == 0 ? 0 : (yRange.upperBound - y) / ySpan * Double(dotHeight - 1)
        guard column.isFinite, row.isFinite, abs(column) < 1e9, abs(row) < 1e9 else { return Point(x: -1, y: -1) }
        return Point(x: Int(column.rounded()), y: Int(row.rounded()))
    }

    public mutating func plot(x: Double, y: Double, style: Style = .plain) {
        let point = dot(x: x, y: y)
        setDot(x: point.x, y: point.y, style: style)
    }

    public mutating func drawLine(fromX: Double, fromY: Double, toX: Double, toY: Double, style: Style = .plain) {
        drawLine(from: dot(x: fromX, y: fromY), to: dot(x: toX, y: toY), style: style)
    }

    /// The Braille character for a cell, nil when it has no dots.
    public func character(column: Int, row: Int) -> Character? {
        guard column >= 0, column < columns, row >= 0, row < rows else { return nil }
        let bits = dots[row * columns + column]
        guard bits != 0 else { return nil }
        return Character(Unicode.Scalar(0x2800 + UInt32(bits))!)
    }

    /// Draws cells that have dots; empty cells are left as they are, so the canvas can overlay text.
    public func render(in area: Rect, buffer: inout Buffer) {
        for row in 0..<min(rows, area.height) {
            for column in 0..<min(columns, area.width) {
                guard let character = character(column: column, row: row) else { continue }
                buffer.set(Cell(character, style: styles[row * columns + column]), x: area.minX + column, y: area.minY + row)
            }
        }
    }
}
