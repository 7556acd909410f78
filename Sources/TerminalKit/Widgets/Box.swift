/// Characters for drawing a border.
public struct BorderSet: Hashable, Sendable {
    public var topLeft, topRight, bottomLeft, bottomRight, horizontal, vertical: Character

    public init(
        topLeft: Character, topRight: Character, bottomLeft: Character, bottomRight: Character,
        horizontal: Character, vertical: Character
    ) {
        self.topLeft = topLeft
        self.topRight = topRight
        self.bottomLeft = bottomLeft
        self.bottomRight = bottomRight
        self.horizontal = horizontal
        self.vertical = vertical
    }

    public static let single = BorderSet(
        topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘", horizontal: "─", vertical: "│")
    public static let rounded = BorderSet(
        topLeft: "╭", topRight: "╮", bottomLeft: "╰", bottomRight: "╯", horizontal: "─", vertical: "│")
    public static let double = BorderSet(
        topLeft: "╔", topRight: "╗", bottomLeft: "╚", bottomRight: "╝", horizontal: "═", vertical: "║")
    public static let heavy = BorderSet(
        topLeft: "┏", topRight: "┓", bottomLeft: "┗", bottomRight: "┛", horizontal: "━", vertical: "┃")
    /// For terminals or fonts without box drawing.
    public static let ascii = BorderSet(
        topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+", horizontal: "-", vertical: "|")
}

/// A border around an area, with an optional title set into the top edge: `╭─ Title ─────╮`.
public struct Box: Widget {
    public var title: String?
    public var border: BorderSet
    public var style: Style
    public var titleStyle: Style

    /// `ascii: true` swaps any border for `.ascii`, for terminals without Unicode box drawing.
    public init(
        title: String? = nil, border: BorderSet = .rounded, style: Style = .plain, titleStyle: Style? = nil,
        ascii: Bool = false
    ) {
        self.title = title
        self.border = ascii ? .ascii : border
        self.style = style
        self.titleStyle = titleStyle ?? style.adding(.bold)
    }

    /// The area inside the border.
    public static func inner(of area: Rect) -> Rect { area.inset(by: 1) }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard area.width >= 2, area.height >= 2 else { return }
        let right = area.maxX - 1
        let bottom = area.maxY - 1
        for column in (area.minX + 1)..<right {
            buffer.set(Cell(border.horizontal, style: style), x: column, y: area.minY)
            buffer.set(Cell(border.horizontal, style: style), x: column, y: bottom)
        }
        for row in (area.minY + 1)..<bottom {
            buffer.set(Cell(border.vertical, style: style), x: area.minX, y: row)
            buffer.set(Cell(border.vertical, style: style), x: right, y: row)
        }
        buffer.set(Cell(border.topLeft, style: style), x: area.minX, y: area.minY)
        buffer.set(Cell(border.topRight, style: style), x: right, y: area.minY)
        buffer.set(Cell(border.bottomLeft, style: style), x: area.minX, y: bottom)
        buffer.set(Cell(border.bottomRight, style: style), x: right, y: bottom)
        if let title, !title.isEmpty, area.width >= 6 {
            buffer.put(" \(title) ", x: area.minX + 2, y: area.minY, style: titleStyle, maxWidth: area.width - 4)
        }
    }
}

/// A centred dialog: clears what is beneath, draws a titled border; callers draw the
/// content into `contentArea(in:)`.
public struct Popup: Widget {
    public var title: String?
    public var width: Int
    public var height: Int
    public var style: Style
    public var borderStyle: Style
    public var border: BorderSet

    public init(
        title: String? = nil, width: Int, height: Int, style: Style = .plain, borderStyle: Style? = nil,
        border: BorderSet = .rounded
    ) {
        self.title = title
        self.width = width
        self.height = height
        self.style = style
        self.borderStyle = borderStyle ?? style
        self.border = border
    }

    /// Where the popup sits when shown over `area` (shrunk to fit if `area` is small).
    public func frame(in area: Rect) -> Rect { area.centered(width: width, height: height) }

    public func contentArea(in area: Rect) -> Rect { Box.inner(of: frame(in: area)) }

    public func render(in area: Rect, buffer: inout Buffer) {
        let frame = frame(in: area)
        buffer.fill(frame, style: style)
        Box(title: title, border: border, style: borderStyle).render(in: frame, buffer: &buffer)
    }
}
