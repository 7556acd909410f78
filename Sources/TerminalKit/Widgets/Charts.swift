private let eighthBlocksUpward: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
private let eighthBlocksLeftward: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]

/// A small chart of values as columns of ▁▂▃▄▅▆▇█, newest value on the right.
/// Shows the last `area.width` values; taller areas stack blocks.
public struct Sparkline: Widget {
    public var values: [Double]
    /// The value that fills the whole height; defaults to the largest shown value.
    public var maximum: Double?
    public var style: Style

    public init(values: [Double], maximum: Double? = nil, style: Style = .plain) {
        self.values = values
        self.maximum = maximum
        self.style = style
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let shown = values.suffix(area.width)
        let top = maximum ?? shown.max() ?? 0
        guard top > 0 else { return }
        for (offset, value) in shown.enumerated() {
            let clamped = min(max(value, 0), top)
            var eighths = Int((clamped / top * Double(area.height * 8)).rounded())
            if clamped > 0 { eighths = max(eighths, 1) }  // any positive value stays visible
            let x = area.minX + offset
            for row in 0..<area.height where eighths > 0 {
                let level = min(eighths, 8)
                buffer.set(Cell(eighthBlocksUpward[level - 1], style: style), x: x, y: area.maxY - 1 - row)
                eighths -= level
            }
        }
    }
}

/// A horizontal strength bar drawn with eighth blocks, e.g. `█████▍   ` for 0.6 over 9 columns. Any value above zero
/// shows at least one eighth, so a small value is never drawn as nothing.
public struct Bar: Widget {
    /// 0…1; values outside are clamped.
    public var fraction: Double
    public var style: Style
    /// Style for the unfilled remainder (spaces), e.g. a dim background.
    public var trackStyle: Style

    public init(fraction: Double, style: Style = .plain, trackStyle: Style = .plain) {
        self.fraction = fraction
        self.style = style
        self.trackStyle = trackStyle
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let clamped = fraction.isNaN ? 0 : min(max(fraction, 0), 1)
        let eighths = clamped > 0 ? max(1, Int((clamped * Double(area.width * 8)).rounded())) : 0
        for column in 0..<area.width {
            let filled = min(max(eighths - column * 8, 0), 8)
            let cell = filled == 0 ? Cell(style: trackStyle) : Cell(eighthBlocksLeftward[filled - 1], style: style)
            buffer.set(cell, x: area.minX + column, y: area.minY)
        }
    }
}
