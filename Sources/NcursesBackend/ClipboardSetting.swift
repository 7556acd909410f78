import TerminalKit

/// Whether the app sends copies to the terminal's clipboard (OSC 52): `clipboard` in config.toml. Nothing tells an
/// application whether its terminal took a copy, so `auto` sends one only where the terminal says it takes them.
public enum ClipboardSetting: String, Sendable, CaseIterable {
    /// When the terminal's terminfo entry has `Ms`, the capability tmux itself reads for this (xterm, VTE, Alacritty,
    /// st, tmux's own entries), or the app runs inside tmux, whose panes often say `TERM=screen`: tmux takes copies
    /// from applications when its `set-clipboard` option is `on`.
    case auto
    /// Always, for a terminal that takes OSC 52 although its terminfo entry does not say so.
    case on
    /// Never.
    case off

    /// How a sent copy ends, or nil when none is sent. `ms` is the terminfo entry's `Ms` string, if it has one;
    /// `insideTmux` whether `TMUX` is set.
    func terminator(ms: String?, insideTmux: Bool) -> OSC52.Terminator? {
        // The entry's own ending where it has one (xterm's is BEL); BEL otherwise, which every such terminal takes.
        let terminator: OSC52.Terminator = ms?.hasSuffix("\u{1B}\\") == true ? .stringTerminator : .bell
        switch self {
        case .auto: return ms != nil || insideTmux ? terminator : nil
        case .on: return terminator
        case .off: return nil
        }
    }
}
