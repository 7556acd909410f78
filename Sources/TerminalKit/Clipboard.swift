import UnsafeText

/// What became of a copy to the clipboard of the terminal the user sits at. A terminal never answers, so `sent` is
/// all anyone can know: it may still have ignored the sequence.
public enum ClipboardOutcome: Equatable, Sendable {
    case sent
    /// The terminal is not known to take a copy, or copying is turned off: nothing was sent.
    case unsupported
    /// `bytes` of text are more than one copy carries (`limit`): nothing was sent, rather than a clipboard cut short.
    case tooLong(bytes: Int, limit: Int)
}

/// OSC 52, xterm's "manipulate selection data": `ESC ] 52 ; c ; <base64 of the UTF-8 text> BEL` puts the text on
/// the clipboard of the terminal the user sits at. It travels with the screen's output, so it reaches the member's
/// own machine across SSH, where no file the app writes could.
public enum OSC52 {
    /// How the sequence ends: BEL, as terminfo's `Ms` capability writes it, or ST (`ESC \`), the standard's.
    public enum Terminator: Sendable {
        case bell, stringTerminator

        var text: String { self == .bell ? "\u{07}" : "\u{1B}\\" }
    }

    /// The longest sequence sent: hterm (ChromeOS's terminal) drops longer ones, and other terminals stop near it.
    public static let maximumSequenceBytes = 100_000

    /// `c`: the clipboard, as opposed to the primary selection.
    private static let introducer = "\u{1B}]52;c;"

    /// What a paste gives: `text` without the characters no untrusted text may carry (`UnsafeScalars`: controls,
    /// ESC and so whatever escape sequence it began, bidi overrides), as files are cleaned; tabs and line breaks stay.
    /// A pasted ESC could otherwise end a shell's bracketed paste and run what follows.
    public static func clipboardText(_ text: String) -> String {
        UnsafeScalars.removingUnsafe(from: text, allowingLineBreaks: true)
    }

    /// The most text, in UTF-8 bytes, that one sequence carries: base64 spends 4 characters on every 3 bytes.
    public static func maximumTextBytes(_ terminator: Terminator) -> Int {
        (maximumSequenceBytes - introducer.utf8.count - terminator.text.utf8.count) / 4 * 3
    }

    /// Hands `send` the sequence that puts `clipboardText(text)` on the clipboard, unless it is too long.
    public static func copy(_ text: String, terminator: Terminator = .bell, send: (String) -> Void) -> ClipboardOutcome {
        let clean = clipboardText(text)
        let limit = maximumTextBytes(terminator)
        guard clean.utf8.count <= limit else { return .tooLong(bytes: clean.utf8.count, limit: limit) }
        send(introducer + base64(Array(clean.utf8)) + terminator.text)
        return .sent
    }

    /// RFC 4648 base64 with padding (TerminalKit does without Foundation).
    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        for start in stride(from: 0, to: bytes.count, by: 3) {
            let chunk = bytes[start..<min(start + 3, bytes.count)]
            var group = 0
            for (offset, byte) in chunk.enumerated() { group |= Int(byte) << (16 - 8 * offset) }
            for index in 0..<4 {
                out.append(index <= chunk.count ? alphabet[(group >> (18 - 6 * index)) & 0x3F] : UInt8(ascii: "="))
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
