/// A terminal size in columns and rows.
public struct Size: Hashable, Sendable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
    }
}

/// A cell position; `x` is the column, `y` the row, both from the top-left corner.
public struct Point: Hashable, Sendable {
    public var x: Int
    public var y: Int

    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

/// How one part of a split is sized.
public enum LayoutSize: Hashable, Sendable {
    /// Exactly this many cells.
    case fixed(Int)
    /// This percentage of the whole length being split.
    case percent(Int)
    /// A share of what remains after fixed and percentage parts, in proportion to the weight.
    case fill(weight: Int = 1)

    public static let fill = LayoutSize.fill(weight: 1)
}

/// A rectangle of cells. Width and height are never negative.
public struct Rect: Hashable, Sendable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public init(size: Size) {
        self.init(x: 0, y: 0, width: size.width, height: size.height)
    }

    public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

    public var minX: Int { x }
    public var minY: Int { y }
    /// One past the last column.
    public var maxX: Int { x + width }
    /// One past the last row.
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width == 0 || height == 0 }
    public var size: Size { Size(width: width, height: height) }
    public var description: String { "Rect(x: \(x), y: \(y), width: \(width), height: \(height))" }

    public func contains(x column: Int, y row: Int) -> Bool {
        column >= x && column < maxX && row >= y && row < maxY
    }

    public func contains(_ point: Point) -> Bool { contains(x: point.x, y: point.y) }

    /// The overlap of two rectangles; empty (at the origin of `self`) when they do not meet.
    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x)
        let top = max(y, other.y)
        let right = min(maxX, other.maxX)
        let bottom = min(maxY, other.maxY)
        guard right > left, bottom > top else { return Rect(x: x, y: y, width: 0, height: 0) }
        return Rect(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// Shrinks each side; never produces a negative size.
    public func inset(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) -> Rect {
        let insetWidth = min(width, left + right)
        let insetHeight = min(height, top + bottom)
        return Rect(
            x: x + min(left, width), y: y + min(top, height),
            width: width - insetWidth, height: height - insetHeight)
    }

    public func inset(by amount: Int) -> Rect {
        inset(top: amount, left: amount, bottom: amount, right: amount)
    }

    /// A rectangle of at most the given size, centred inside this one.
    public func centered(width innerWidth: Int, height innerHeight: Int) -> Rect {
        let w = min(max(0, innerWidth), width)
        let h = min(max(0, innerHeight), height)
        return Rect(x: x + (width - w) / 2, y: y + (height - h) / 2, width: w, height: h)
    }

    /// Stacks parts from top to bottom.
    public func splitRows(_ sizes: [LayoutSize]) -> [Rect] {
        Self.lengths(sizes, total: height).reduce(into: (rects: [Rect](), offset: y)) { state, length in
            state.rects.append(Rect(x: x, y: state.offset, width: width, height: length))
            state.offset += length
        }.rects
    }

    /// Places parts from left to right.
    public func splitColumns(_ sizes: [LayoutSize]) -> [Rect] {
        Self.lengths(sizes, total: width).reduce(into: (rects: [Rect](), offset: x)) { state, length in
            state.rects.append(Rect(x: state.offset, y: y, width: length, height: height))
            state.offset += length
        }.rects
    }

    /// Fixed and percentage parts are served first, in order, until space runs out; fills share
    /// the rest by weight, earlier fills taking the rounding remainder. Lengths always sum to ≤ total.
    static func lengths(_ sizes: [LayoutSize], total: Int) -> [Int] {
        var remaining = total
        var lengths = sizes.map { size -> Int in
            let wanted: Int
            switch size {
            case .fixed(let cells): wanted = max(0, cells)
            case .percent(let percent): wanted = total * min(max(0, percent), 100) / 100
            case .fill: return 0
            }
            let granted = min(wanted, remaining)
            remaining -= granted
            return granted
        }
        let weights = sizes.map { size -> Int in
            if case .fill(let weight) = size { return max(0, weight) }
            return 0
        }
        let totalWeight = weights.reduce(0, +)
        guard totalWeight > 0 else { return lengths }
        var leftover = remaining
        for index in lengths.indices where weights[index] > 0 {
            let share = remaining * weights[index] / totalWeight
            lengths[index] = share
            leftover -= share
        }
        for index in lengths.indices where weights[index] > 0 && leftover > 0 {
            lengths[index] += 1
            leftover -= 1
        }
        return lengths
    }
}
