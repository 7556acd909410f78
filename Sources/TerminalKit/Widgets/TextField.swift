/// Editable single-line text with a cursor counted in grapheme clusters (what the user sees as
/// characters), with readline-style editing.
public struct TextInput: Hashable, Sendable {
    public private(set) var characters: [Character]
    /// Position between characters: 0 is before the first, `characters.count` after the last.
    public private(set) var cursor: Int

    /// Cursor defaults to the end of the text.
    public init(_ text: String = "", cursor: Int? = nil) {
        self.characters = Array(text)
        self.cursor = min(max(0, cursor ?? characters.count), characters.count)
    }

    public var text: String { String(characters) }
    public var isEmpty: Bool { characters.isEmpty }

    /// Inserts at the cursor. Text that combines with its neighbour (e.g. an accent) joins that
    /// character, so the cursor never sits inside a cluster.
    public mutating func insert(_ text: String) {
        let before = String(characters[..<cursor]) + text
        let after = characters[cursor...]
        characters = Array(before + String(after))
        cursor = min(before.count, characters.count)
    }

    public mutating func backspace() {
        guard cursor > 0 else { return }
        characters.remove(at: cursor - 1)
        cursor -= 1
    }

    public mutating func deleteForward() {
        guard cursor < characters.count else { return }
        characters.remove(at: cursor)
    }

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(characters.count, cursor + 1) }
    public mutating func moveToStart() { cursor = 0 }
    public mutating func moveToEnd() { cursor = characters.count }

    /// Ctrl-U: deletes everything before the cursor.
    public mutating func deleteToStart() {
        characters.removeSubrange(0..<cursor)
        cursor = 0
    }

    /// Ctrl-K: deletes everything after the cursor.
    public mutating func deleteToEnd() {
        characters.removeSubrange(cursor...)
    }

    /// Ctrl-W: deletes the word before the cursor and the spaces between it and the cursor.
    public mutating func deleteWordBackward() {
        var start = cursor
        while start > 0, characters[start - 1].isWhitespace { start -= 1 }
        while start > 0, !characters[start - 1].isWhitespace { start -= 1 }
        characters.removeSubrange(start..<cursor)
        cursor = start
    }

    /// Applies an editing key. Returns false for keys that are not editing keys, so the caller
    /// can handle them (Enter, Esc, arrows up/down, …).
    @discardableResult
    public mutating func handle(_ key: KeyEvent) -> Bool {
        switch key {
        case .character(let character):
            guard !character.unicodeScalars.contains(where: Sanitizer.isForbidden) else { return false }
            insert(String(character))
        case .backspace, .control("h"): backspace()
        case .delete, .control("d"): deleteForward()
        case .left, .control("b"): moveLeft()
        case .right, .control("f"): moveRight()
        case .home, .control("a"): moveToStart()
        case .end, .control("e"): moveToEnd()
        case .control("u"): deleteToStart()
        case .control("k"): deleteToEnd()
        case .control("w"): deleteWordBackward()
        default: return false
        }
        return true
    }
}

/// A one-line text field that scrolls horizontally to keep the cursor in view.
public struct TextField: Widget {
    public var input: TextInput
    public var placeholder: String
    /// First visible character in the previous frame; store `firstVisible(width:)` back after drawing.
    public var scrollOffset: Int
    public var style: Style
    public var placeholderStyle: Style
    /// When focused, the buffer's cursor is placed at the insertion point.
    public var isFocused: Bool

    public init(
        input: TextInput, placeholder: String = "", scrollOffset: Int = 0, style: Style = .plain,
        placeholderStyle: Style = Style(attributes: .dim), isFocused: Bool = true
    ) {
        self.input = input
        self.placeholder = placeholder
        self.scrollOffset = scrollOffset
        self.style = style
        self.placeholderStyle = placeholderStyle
        self.isFocused = isFocused
    }

    /// Index of the first character shown in `width` columns, moving from the previous offset only
    /// as far as needed to keep the cursor (which needs one column of its own) visible.
    public func firstVisible(width: Int) -> Int {
        let characters = input.characters
        var start = min(max(0, scrollOffset), input.cursor)
        guard width > 1 else { return input.cursor }
        var columns = characters[start..<input.cursor].reduce(0) { $0 + Self.width(of: $1) }
        while columns > width - 1, start < input.cursor {
            columns -= Self.width(of: characters[start])
            start += 1
        }
        return start
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let y = area.minY
        buffer.fill(Rect(x: area.minX, y: y, width: area.width, height: 1), style: style)
        if input.isEmpty {
            buffer.put(placeholder, x: area.minX, y: y, style: style.overlaid(with: placeholderStyle), maxWidth: area.width)
            if isFocused { buffer.cursor = Point(x: area.minX, y: y) }
            return
        }
        let start = firstVisible(width: area.width)
        var x = area.minX
        var cursorX = area.minX
        for (index, character) in input.characters.enumerated().dropFirst(start) {
            if index == input.cursor { cursorX = x }
            let width = Self.width(of: character)
            guard x + width <= area.maxX else { break }
            buffer.put(String(character), x: x, y: y, style: style)
            x += width
        }
        if input.cursor == input.characters.count { cursorX = x }
        if isFocused { buffer.cursor = Point(x: min(cursorX, area.maxX - 1), y: y) }
    }

    /// Columns a character takes when drawn (controls show as one-column placeholders).
    private static func width(of character: Character) -> Int {
        DisplayWidth.of(String(character))
    }
}
