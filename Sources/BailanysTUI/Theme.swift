import TerminalKit

/// Semantic styles. Colour depth is the backend's business: it degrades these (monochrome turns
/// coloured backgrounds into reverse video), so screens only say what a thing *is*.
struct Theme: Sendable {
    var text = Style.plain
    var dim = Style(attributes: .dim)
    var heading = Style(foreground: .cyan, attributes: .bold)
    var topBar = Style(foreground: .white, background: .indexed(24))
    var topBarSelected = Style(foreground: .black, background: .cyan, attributes: .bold)
    var statusBar = Style(foreground: .white, background: .indexed(236))
    var statusKey = Style(foreground: .yellow, attributes: .bold)
    var tableHeader = Style(attributes: [.bold, .underline])
    var selection = Style(foreground: .black, background: .cyan)
    /// The selection when its pane does not have the focus.
    var inactiveSelection = Style(background: .indexed(238))
    var link = Style(foreground: .blue)
    var tieBar = Style(foreground: .green)
    var tieTrack = Style(foreground: .indexed(238))
    var fading = Style(foreground: .yellow, attributes: .bold)
    var error = Style(foreground: .red, attributes: .bold)
    var success = Style(foreground: .green)
    var sensitive = Style(foreground: .magenta, attributes: .bold)
    var readOnlyBadge = Style(foreground: .black, background: .yellow, attributes: .bold)
    var border = Style(foreground: .indexed(244))
    var field = Style(background: .indexed(236))
    var focusedField = Style(foreground: .black, background: .indexed(153))

    static let standard = Theme()
}
