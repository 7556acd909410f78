/// A terminal colour: the terminal's default, one of the 16 ANSI colours, or an xterm 256-colour index.
public enum Color: Hashable, Sendable {
    case `default`
    case black, red, green, yellow, blue, magenta, cyan, white
    case brightBlack, brightRed, brightGreen, brightYellow, brightBlue, brightMagenta, brightCyan, brightWhite
    case indexed(UInt8)

    private static let ansiOrder: [Color] = [
        .black, .red, .green, .yellow, .blue, .magenta, .cyan, .white,
        .brightBlack, .brightRed, .brightGreen, .brightYellow, .brightBlue, .brightMagenta, .brightCyan,
        .brightWhite,
    ]

    /// The ANSI colour with palette number 0–15.
    public static func ansi(_ number: Int) -> Color {
        ansiOrder[min(max(number, 0), 15)]
    }

    /// Palette number the terminal understands (0–255), or nil for `.default`.
    public var paletteIndex: Int? {
        switch self {
        case .default: nil
        case .indexed(let index): Int(index)
        default: Self.ansiOrder.firstIndex(of: self)
        }
    }

    /// The closest colour a terminal of the given depth can show.
    /// 256-colour indices go to the nearest of the 16 (or 8) ANSI colours by RGB distance;
    /// bright colours lose their brightness on 8-colour terminals; monochrome has only `.default`.
    public func degraded(to depth: ColorDepth) -> Color {
        guard let index = paletteIndex else { return .default }
        switch depth {
        case .monochrome: return .default
        case .colors256: return self
        case .colors16: return .ansi(index < 16 ? index : Self.nearestANSI(to: index, among: 16))
        case .colors8: return .ansi(index < 16 ? index % 8 : Self.nearestANSI(to: index, among: 8))
        }
    }

    private static let ansiRGB: [(r: Int, g: Int, b: Int)] = [
        (0, 0, 0), (0xCD, 0, 0), (0, 0xCD, 0), (0xCD, 0xCD, 0), (0, 0, 0xEE), (0xCD, 0, 0xCD), (0, 0xCD, 0xCD),
        (0xE5, 0xE5, 0xE5), (0x7F, 0x7F, 0x7F), (0xFF, 0, 0), (0, 0xFF, 0), (0xFF, 0xFF, 0), (0x5C, 0x5C, 0xFF),
        (0xFF, 0, 0xFF), (0, 0xFF, 0xFF), (0xFF, 0xFF, 0xFF),
    ]

    /// Approximate xterm RGB values, used only for choosing a fallback.
    static func rgb(ofPaletteIndex index: Int) -> (r: Int, g: Int, b: Int) {
        switch index {
        case 0..<16:
            return ansiRGB[index]
        case 16..<232:
            let levels = [0, 0x5F, 0x87, 0xAF, 0xD7, 0xFF]
            let cube = index - 16
            return (levels[cube / 36], levels[(cube / 6) % 6], levels[cube % 6])
        default:
            let grey = 8 + (index - 232) * 10
            return (grey, grey, grey)
        }
    }

    private static func nearestANSI(to index: Int, among count: Int) -> Int {
        let target = rgb(ofPaletteIndex: index)
        func distance(_ candidate: Int) -> Int {
            let c = rgb(ofPaletteIndex: candidate)
            let dr = c.r - target.r, dg = c.g - target.g, db = c.b - target.b
            return dr * dr + dg * dg + db * db
        }
        return (0..<count).min { distance($0) < distance($1) } ?? 7
    }
}

/// How many colours the terminal can show. Ordered from poorest to richest.
public enum ColorDepth: Int, Comparable, Hashable, Sendable, CaseIterable {
    case monochrome, colors8, colors16, colors256

    public static func < (lhs: ColorDepth, rhs: ColorDepth) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Depth for a terminal reporting `colorCount` colours (ncurses `COLORS`, 0 when it has none).
    /// A non-empty `NO_COLOR` forces monochrome (https://no-color.org).
    public static func resolve(colorCount: Int, environment: [String: String]) -> ColorDepth {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .monochrome }
        switch colorCount {
        case 256...: return .colors256
        case 16...: return .colors16
        case 8...: return .colors8
        default: return .monochrome
        }
    }
}

/// Text attributes that work without colour.
public struct TextAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let dim = TextAttributes(rawValue: 1 << 1)
    public static let underline = TextAttributes(rawValue: 1 << 2)
    public static let reverse = TextAttributes(rawValue: 1 << 3)
    public static let italic = TextAttributes(rawValue: 1 << 4)
}

/// How a cell is drawn: colours plus attributes.
public struct Style: Hashable, Sendable {
    public var foreground: Color
    public var background: Color
    public var attributes: TextAttributes

    public init(foreground: Color = .default, background: Color = .default, attributes: TextAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    public static let plain = Style()

    public static func fg(_ color: Color) -> Style { Style(foreground: color) }

    /// A copy with extra attributes added.
    public func adding(_ extra: TextAttributes) -> Style {
        var copy = self
        copy.attributes.formUnion(extra)
        return copy
    }

    public var isBold: Bool { attributes.contains(.bold) }
    public var isReverse: Bool { attributes.contains(.reverse) }
    public var isUnderlined: Bool { attributes.contains(.underline) }

    /// The style as a terminal of `depth` can show it. In monochrome a coloured background
    /// (a highlighted row, a selected tab) turns into reverse video so it stays visible.
    public func degraded(to depth: ColorDepth) -> Style {
        guard depth == .monochrome else {
            return Style(
                foreground: foreground.degraded(to: depth), background: background.degraded(to: depth),
                attributes: attributes)
        }
        var attributes = attributes
        if background != .default { attributes.insert(.reverse) }
        return Style(attributes: attributes)
    }
}

extension Style {
    /// This style with `overlay` laid on top: the overlay's non-default colours win and its
    /// attributes are added. Used to highlight a selected row without losing per-span styling.
    public func overlaid(with overlay: Style) -> Style {
        Style(
            foreground: overlay.foreground == .default ? foreground : overlay.foreground,
            background: overlay.background == .default ? background : overlay.background,
            attributes: attributes.union(overlay.attributes))
    }
}
