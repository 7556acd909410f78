/// One terminal cell: a grapheme cluster one or two columns wide, or the right half of a wide one.
public struct Cell: Hashable, Sendable {
    public enum Content: Hashable, Sendable {
        case grapheme(Character)
        /// Right half of the wide character in the cell to the left; terminals draw nothing here.
        case continuation
    }

    public private(set) var content: Content
    public var style: Style
    /// Columns the content covers: 1 or 2, and 0 for a continuation.
    public private(set) var width: Int

    /// A cell showing `character`. Unsafe characters become their sanitised placeholder and
    /// zero-width ones a space, so a Cell can never carry a control to the terminal.
    public init(_ character: Character = " ", style: Style = .plain) {
        var safe = character
        if character.unicodeScalars.contains(where: Sanitizer.isForbidden) {
            safe = Sanitizer.sanitize(String(character)).first ?? " "
        }
        let width = DisplayWidth.of(safe)
        self.content = .grapheme(width == 0 ? " " : safe)
        self.width = width == 0 ? 1 : width
        self.style = style
    }

    /// Built only from already-safe characters with a known width.
    init(checked character: Character, width: Int, style: Style) {
        self.content = .grapheme(character)
        self.width = width
        self.style = style
    }

    static func continuation(style: Style) -> Cell {
        var cell = Cell(style: style)
        cell.content = .continuation
        cell.width = 0
        return cell
    }

    public static let blank = Cell()

    public var isContinuation: Bool { content == .continuation }

    /// The text this cell shows; empty for a continuation.
    public var text: String {
        switch content {
        case .grapheme(let character): String(character)
        case .continuation: ""
        }
    }
}

/// A run of text in one style, for drawing mixed-style lines.
public struct Span: Hashable, Sendable {
    public var text: String
    public var style: Style

    public init(_ text: String, style: Style = .plain) {
        self.text = text
        self.style = style
    }
}

/// Horizontal placement of text inside a wider space.
public enum Alignment: Hashable, Sendable {
    case left, center, right
}
