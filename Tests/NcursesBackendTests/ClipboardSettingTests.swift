@testable import NcursesBackend
import TerminalKit
import Testing

/// When a copy goes to the terminal's clipboard (OSC 52): decided from terminfo's `Ms`, tmux and config.toml.
@Suite struct ClipboardSettingTests {
    static let xtermMs = "\u{1B}]52;%p1%s;%p2%s\u{07}"

    @Test func autoSendsWhereTerminfoSaysOrInsideTmux() {
        #expect(ClipboardSetting.auto.terminator(ms: Self.xtermMs, insideTmux: false) == .bell)
        #expect(ClipboardSetting.auto.terminator(ms: nil, insideTmux: true) == .bell, "TERM=screen inside tmux")
        #expect(ClipboardSetting.auto.terminator(ms: nil, insideTmux: false) == nil, "the Linux console, GNU screen")
    }

    @Test func anEntryEndingInSTGetsST() {
        #expect(ClipboardSetting.auto.terminator(ms: "\u{1B}]52;%p1%s;%p2%s\u{1B}\\", insideTmux: false) == .stringTerminator)
    }

    @Test func onAndOffOverrule() {
        #expect(ClipboardSetting.on.terminator(ms: nil, insideTmux: false) == .bell)
        #expect(ClipboardSetting.off.terminator(ms: Self.xtermMs, insideTmux: true) == nil)
    }
}
