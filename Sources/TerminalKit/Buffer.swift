/// A width × height grid of cells: what one frame looks like.
///
/// Text enters only through `put`, which sanitises it, so nothing drawn can reach the terminal
/// as a control. Writes outside `clip` are dropped; widgets draw inside `clipped(to:)`.
public struct Buffer: Sendable, Equatable {
    public let width: Int
    public let height: Int
    private var cells: [Cell]
    /// Writes outside this rectangle are ignored. Starts as the whole buffer.
    public private(set) var clip: Rect
    /// Where the terminal cursor should be shown (e.g. in a focused text field); nil hides it.
    public var cursor: Point?

    public init(width: Int, height: Int, style: Style = .plain) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: Cell(style: style), count: self.width * self.height)
        self.clip = Rect(x: 0, y: 0, width: self.width, height: self.height)
    }

    public init(size: Size, style: Style = .plain) {
        self.init(width: size.width, height: size.height, style: style)
    }

    public var size: Size { Size(width: width, height: height) }
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// Equal when they look the same; the clip is drawing state, not content.
    public static func == (lhs: Buffer, rhs: Buffer) -> Bool {
        lhs.width == rhs.width && lhs.height == rhs.height && lhs.cursor == rhs.cursor && lhs.cells == rhs.cells
    }

    public subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, x < width, y >= 0, y < height else { return .blank }
        return cells[y * width + x]
    }

    public func style(at x: Int, y: Int) -> Style { self[x, y].style }

    /// Runs `body` with drawing restricted to `rect` (within the current clip).
    public mutating func clipped(to rect: Rect, _ body: (inout Buffer) -> Void) {
        let saved = clip
        clip = clip.intersection(rect)
        body(&self)
        clip = saved
    }

    // MARK: Drawing

    /// Draws `text` on row `y` from column `x`, sanitised, using at most `maxWidth` columns and never
    /// past the clip's right edge. When cut, it ends with `…` (space-padded if a wide character
    /// would have been split). Returns the columns used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int? = nil) -> Int {
        put([Span(text, style: style)], x: x, y: y, maxWidth: maxWidth)
    }

    /// Draws styled spans as one line; truncation works as for a single string.
    @discardableResult
    public mutating func put(_ spans: [Span], x: Int, y: Int, maxWidth: Int? = nil) -> Int {
        var limit = clip.maxX - x
        if let maxWidth { limit = min(limit, maxWidth) }
        return place(TextLayout.fit(TextLayout.glyphs(spans), limit: limit), x: x, y: y)
    }

    /// Draws `text` in exactly `columns` columns: cut with `…` when longer, aligned and padded with spaces
    /// when shorter (what `put(DisplayWidth.pad(…))` draws, with the text laid out once instead of three times:
    /// a table draws some two hundred cells a frame).
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, columns: Int, alignment: Alignment, style: Style) -> Int {
        let limit = min(columns, clip.maxX - x)
        guard limit > 0 else { return 0 }
        let space = TextLayout.Glyph(character: " ", width: 1, style: style)
        let fitted = TextLayout.fit(TextLayout.glyphs([Span(text, style: style)]), limit: limit)
        let gap = max(0, limit - TextLayout.width(fitted))
        let leading = switch alignment {
        case .left: 0
        case .center: gap / 2
        case .right: gap
        }
        return place(Array(repeating: space, count: leading) + fitted + Array(repeating: space, count: gap - leading), x: x, y: y)
    }

    private mutating func place(_ glyphs: [TextLayout.Glyph], x: Int, y: Int) -> Int {
        var column = x
        for glyph in glyphs {
            place(Cell(checked: glyph.character, width: glyph.width, style: glyph.style), x: column, y: y)
            column += glyph.width
        }
        return column - x
    }

    /// Sets one cell (a single character, sanitised by `Cell.init`).
    public mutating func set(_ cell: Cell, x: Int, y: Int) {
        guard !cell.isContinuation else { return }
        place(cell, x: x, y: y)
    }

    /// Fills `rect` (within the clip) with a character.
    public mutating func fill(_ rect: Rect, with character: Character = " ", style: Style = .plain) {
        let area = rect.intersection(clip)
        let cell = Cell(character, style: style)
        for row in area.minY..<area.maxY {
            var column = area.minX
            while column < area.maxX {
                place(cell, x: column, y: row)
                column += cell.width
            }
        }
    }

    /// Changes only the style of cells in `rect`, keeping their text (e.g. highlighting a row).
    public mutating func restyle(_ rect: Rect, _ change: (inout Style) -> Void) {
        let area = rect.intersection(clip)
        for row in area.minY..<area.maxY {
            for column in area.minX..<area.maxX {
                change(&cells[row * width + column].style)
            }
        }
    }

    /// Writes a cell, keeping wide characters whole: a wide character that does not fit becomes
    /// a space, and overwriting either half of an existing wide character blanks the other half.
    private mutating func place(_ cell: Cell, x: Int, y: Int) {
        guard y >= clip.minY, y < clip.maxY else { return }
        let startsInside = x >= clip.minX && x < clip.maxX
        if cell.width == 2 {
            let endsInside = x + 1 >= clip.minX && x + 1 < clip.maxX
            if startsInside && endsInside {
                release(x: x, y: y)
                release(x: x + 1, y: y)
                cells[y * width + x] = cell
                cells[y * width + x + 1] = .continuation(style: cell.style)
            } else if startsInside || endsInside {
                place(Cell(style: cell.style), x: startsInside ? x : x + 1, y: y)
            }
        } else if startsInside {
            release(x: x, y: y)
            cells[y * width + x] = cell
        }
    }

    /// Before (x, y) is overwritten, blanks the other half of any wide character covering it.
    private mutating func release(x: Int, y: Int) {
        let index = y * width + x
        let current = cells[index]
        if current.isContinuation, x > 0 {
            cells[index - 1] = Cell(style: cells[index - 1].style)
            cells[index] = Cell(style: current.style)
        } else if current.width == 2, x + 1 < width {
            cells[index + 1] = Cell(style: cells[index + 1].style)
        }
    }

    // MARK: Reading back (tests, diffing)

    /// The characters on a row, continuation cells omitted, so wide text reads naturally.
    public func text(row: Int) -> String {
        guard row >= 0, row < height else { return "" }
        return cells[(row * width)..<((row + 1) * width)].reduce(into: "") { $0 += $1.text }
    }

    public var lines: [String] { (0..<height).map { text(row: $0) } }

    /// A horizontal stretch of cells that differ from the previous frame.
    public struct Run: Hashable, Sendable {
        public var x: Int
        public var y: Int
        public var cells: [Cell]
    }

    /// What must be repainted to turn `previous` into this buffer: whole rows when there is
    /// no previous frame or its size differs. A run never starts on the right half of a wide character.
    public func changes(since previous: Buffer?) -> [Run] {
        guard let previous, previous.width == width, previous.height == height else {
            return (0..<height).map { row in
                Run(x: 0, y: row, cells: Array(cells[(row * width)..<((row + 1) * width)]))
            }
        }
        var runs: [Run] = []
        for row in 0..<height {
            let rowStart = row * width
            var column = 0
            while column < width {
                guard cells[rowStart + column] != previous.cells[rowStart + column] else {
                    column += 1
                    continue
                }
                var start = column
                if cells[rowStart + start].isContinuation, start > 0 { start -= 1 }
                var end = column + 1
                while end < width, cells[rowStart + end] != previous.cells[rowStart + end] { end += 1 }
                runs.append(Run(x: start, y: row, cells: Array(cells[(rowStart + start)..<(rowStart + end)])))
                column = end
            }
        }
        return runs
    }
}
