/// Something that draws itself into an area of a buffer. Widgets are plain values: everything
/// they show (selection, scroll position, text) is passed in by the caller.
public protocol Widget {
    func render(in area: Rect, buffer: inout Buffer)
}

extension Buffer {
    /// Draws `widget` clipped to `area`, so it cannot paint outside it.
    public mutating func render(_ widget: some Widget, in area: Rect) {
        clipped(to: area) { buffer in widget.render(in: area, buffer: &buffer) }
    }
}

public enum Scrolling {
    /// First visible index of a scrolling list so that `selected` stays visible, moving as little as
    /// possible from `previous` and never leaving empty rows at the bottom when items could fill them.
    public static func offset(keeping selected: Int?, visible: Int, previous: Int, count: Int) -> Int {
        guard visible > 0, count > visible else { return 0 }
        var offset = min(max(0, previous), count - visible)
        if let selected {
            let clamped = min(max(0, selected), count - 1)
            if clamped < offset { offset = clamped }
            if clamped >= offset + visible { offset = clamped - visible + 1 }
        }
        return offset
    }
}

/// Draws a vertical scrollbar in `column` for a list of `count` rows showing `visible` from `offset`.
func drawScrollbar(
    column: Int, top: Int, visible: Int, count: Int, offset: Int, style: Style, buffer: inout Buffer
) {
    guard visible > 0, count > visible else { return }
    let hidden = count - visible
    let thumbLength = max(1, (visible * visible + count / 2) / count)  // rounded
    let thumbStart = ((visible - thumbLength) * offset * 2 + hidden) / (2 * hidden)  // rounded
    for row in 0..<visible {
        let isThumb = row >= thumbStart && row < thumbStart + thumbLength
        buffer.set(Cell(isThumb ? "┃" : "│", style: isThumb ? style : style.adding(.dim)), x: column, y: top + row)
    }
}
