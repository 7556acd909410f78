import PropertyBased
import Testing

@testable import TerminalKit

@Suite struct SanitizerTests {
    /// A corpus entry whose test name is shown escaped, so running the tests cannot attack the terminal.
    struct Example: Sendable, CustomTestStringConvertible {
        var input: String
        var expected: String
        var testDescription: String { input.unicodeScalars.map { $0.escaped(asASCII: true) }.joined() }
    }

    static let hostile: [Example] = [
        Example(input: "a\u{1B}[2Jb", expected: "a␛b"),  // clear screen
        Example(input: "\u{1B}[10;20Hmoved", expected: "␛moved"),  // cursor move
        Example(input: "\u{1B}[1;31mred\u{1B}[0m", expected: "␛red␛"),  // SGR
        Example(input: "\u{1B}]52;c;ZXZpbA==\u{07}Ali\u{1B}[2J", expected: "␛Ali␛"),  // OSC 52 clipboard, BEL
        Example(input: "x\u{1B}]52;c;ZXZpbA==\u{1B}\\y", expected: "x␛y"),  // OSC 52 clipboard, ST
        Example(input: "\u{1B}]8;;https://evil.example\u{1B}\\click\u{1B}]8;;\u{1B}\\", expected: "␛click␛"),  // OSC 8 hyperlink
        Example(input: "\u{1B}]0;pwned\u{07}title", expected: "␛title"),  // OSC 0 title
        Example(input: "\u{1B}]2;pwned\u{1B}\\title", expected: "␛title"),  // OSC 2 title
        Example(input: "\u{1B}P+q544e\u{1B}\\after", expected: "␛after"),  // DCS
        Example(input: "\u{1B}_apc\u{1B}\\k", expected: "␛k"),  // APC
        Example(input: "\u{1B}^pm\u{9C}k", expected: "␛k"),  // PM with 8-bit ST
        Example(input: "\u{1B}Xsos\u{07}k", expected: "␛k"),  // SOS
        Example(input: "\u{9B}2Jtext", expected: "␛text"),  // 8-bit CSI
        Example(input: "\u{9D}0;t\u{9C}ok", expected: "␛ok"),  // 8-bit OSC
        Example(input: "\u{1B}7save\u{1B}8", expected: "␛save␛"),  // two-character sequences
        Example(input: "\u{1B}(Bcharset", expected: "␛charset"),
        Example(input: "safe\rEVIL", expected: "safe␍EVIL"),  // bare CR
        Example(input: "ab\u{08}\u{08}xy", expected: "ab␈␈xy"),  // BS
        Example(input: "col\tcol", expected: "col␉col"),  // TAB
        Example(input: "nul\u{00}byte", expected: "nul␀byte"),
        Example(input: "del\u{7F}ete", expected: "del␡ete"),
        Example(input: "line\nnext", expected: "line␊next"),
        Example(input: "line\r\nnext", expected: "line␊next"),
        Example(input: "para\u{2029}graph", expected: "para␤graph"),
        Example(input: "abc\u{202E}fed", expected: "abc�fed"),  // RLO
        Example(input: "\u{2066}iso\u{2069}late", expected: "�iso�late"),  // LRI / PDI
        Example(input: "\u{200F}rlm\u{061C}alm", expected: "�rlm�alm"),
        Example(input: "nel\u{85}c1", expected: "nel�c1"),
        Example(input: "visible\u{1B}]52;c;unterminated", expected: "visible␛"),  // unterminated OSC swallows the rest
        Example(input: "end\u{1B}", expected: "end␛"),
        Example(input: "\u{1B}\u{1B}[Ax", expected: "␛␛x"),
        Example(input: "Әсел 中文 😀", expected: "Әсел 中文 😀"),  // harmless text untouched
    ]

    @Test(arguments: hostile)
    func neutralisesHostileInput(_ example: Example) {
        let output = Sanitizer.sanitize(example.input)
        #expect(output == example.expected)
        #expect(!output.unicodeScalars.contains(where: Sanitizer.isForbidden))
        #expect(!output.unicodeScalars.contains("\u{1B}"))
    }

    @Test func forbiddenSetCoversControlsAndBidi() {
        for value: UInt32 in [0x00, 0x07, 0x1B, 0x1F, 0x7F, 0x80, 0x9B, 0x9F, 0x202A, 0x202E, 0x2066, 0x2069, 0x200E, 0x200F, 0x061C, 0x2028, 0x2029] {
            #expect(Sanitizer.isForbidden(Unicode.Scalar(value)!))
        }
        for value: UInt32 in [0x20, 0x41, 0xA0, 0x4E2D, 0x2026, 0x2500, 0x200D, 0x2400] {
            #expect(!Sanitizer.isForbidden(Unicode.Scalar(value)!))
        }
    }

    @Test func safeTextIsReturnedUnchanged() {
        let text = "╭─ Бағдарлама … ⠁⢀ ─╮"
        #expect(Sanitizer.sanitize(text) == text)
    }

    @Test func sanitisingIsIdempotent() async {
        await propertyCheck(input: TestStrings.mixed) { text in
            let once = Sanitizer.sanitize(text)
            #expect(Sanitizer.sanitize(once) == once)
        }
    }

    @Test func noForbiddenScalarSurvives() async {
        await propertyCheck(count: 500, input: TestStrings.anyScalars) { text in
            #expect(!Sanitizer.sanitize(text).unicodeScalars.contains(where: Sanitizer.isForbidden))
        }
        await propertyCheck(count: 500, input: TestStrings.mixed) { text in
            #expect(!Sanitizer.sanitize(text).unicodeScalars.contains(where: Sanitizer.isForbidden))
        }
    }

    @Test func bufferCellsNeverHoldControls() async {
        await propertyCheck(input: TestStrings.mixed) { text in
            var buffer = Buffer(width: 30, height: 1)
            buffer.put(text, x: 0, y: 0)
            buffer.set(Cell(Character("\u{1B}")), x: 29, y: 0)
            #expect(!buffer.text(row: 0).unicodeScalars.contains(where: Sanitizer.isForbidden))
        }
    }

    @Test func linesSplitsMultilineText() {
        #expect(Sanitizer.lines("one\ntwo\r\nthree\u{2028}fo\u{1B}[1mur") == ["one", "two", "three", "fo␛ur"])
    }
}
