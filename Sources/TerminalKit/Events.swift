/// A key press, already decoded from the terminal's byte sequences.
public enum KeyEvent: Hashable, Sendable, CustomStringConvertible {
    /// Printable text input, including any Unicode character.
    case character(Character)
    /// Ctrl held with a letter, stored lowercase: `.control("c")` is Ctrl-C.
    /// (Ctrl-I, Ctrl-M and Ctrl-H arrive as `.tab`, `.enter` and `.backspace`.)
    case control(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case enter, escape, tab, backTab, backspace, delete, insert
    /// F1–F12.
    case function(Int)

    /// Readable name, e.g. "a", "ctrl-c", "up", "f5", "space" — suitable for key-binding tables.
    public var description: String {
        switch self {
        case .character(" "): "space"
        case .character(let character): String(character)
        case .control(let letter): "ctrl-\(letter)"
        case .up: "up"
        case .down: "down"
        case .left: "left"
        case .right: "right"
        case .home: "home"
        case .end: "end"
        case .pageUp: "pgup"
        case .pageDown: "pgdn"
        case .enter: "enter"
        case .escape: "esc"
        case .tab: "tab"
        case .backTab: "backtab"
        case .backspace: "backspace"
        case .delete: "delete"
        case .insert: "insert"
        case .function(let number): "f\(number)"
        }
    }
}

public enum MouseButton: Hashable, Sendable {
    case left, middle, right
}

/// A mouse action at a cell (0-based column `x`, row `y`).
public struct MouseEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case press(MouseButton)
        case release(MouseButton)
        case wheelUp
        case wheelDown
    }

    public var kind: Kind
    public var x: Int
    public var y: Int

    public init(_ kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }

    public var position: Point { Point(x: x, y: y) }
}

/// Everything a backend can report to the application loop.
public enum Event: Hashable, Sendable {
    case key(KeyEvent)
    case mouse(MouseEvent)
    /// The terminal now has this size; the next frame should be rendered at it.
    /// Also sent after resuming from suspension, since the size may have changed meanwhile.
    case resize(Size)
}
