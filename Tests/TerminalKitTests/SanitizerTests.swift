import PropertyBased
import Testing

@testable import TerminalKit

@Suite struct SanitizerTests {
    static let hostile: [(input: String, expected: String)] = [
        ("a\u{1B}[2Jb", "a␛b"),  // clear screen
        ("\u{1B}[10;20Hmoved", "␛moved"),  // cursor move
        ("\u{1B}[1;31mred\u{1B}[0m", "␛red␛"),  // SGR
        ("\u{1B}]52;c;ZXZpbA==\u{07}Ali\u{1B}[2J", "␛Ali␛"),  // OSC 52 clipboard, BEL
        ("x\u{1B}]52;c;ZXZpbA==\u{1B}\\y", "x␛y"),  // OSC 52 clipboard, ST
        ("\u{1B}]8;;https://evil.example\u{1B}\\click\u{1B}]8;;\u{1B}\\", "␛click␛"),  // OSC 8 hyperlink
        ("\u{1B}]0;pwned\u{07}title", "␛title"),  // OSC 0 title
        ("\u{1B}]2;pwned\u{1B}\\title", "␛title"),  // OSC 2 title
        ("\u{1B}P+q544e\u{1B}\\after", "␛after"),  // DCS
        ("\u{1B}_apc\u{1B}\\k", "␛k"),  // APC
        ("\u{1B}^pm\u{9C}k", "␛k"),  // PM with 8-bit ST
        ("\u{1B}Xsos\u{07}k", "␛k"),  // SOS
        ("\u{9B}2Jtext", "␛text"),  // 8-bit CSI
        ("\u{9D}0;t\u{9C}ok", "␛ok"),  // 8-bit OSC
        ("\u{1B}7save\u{1B}8", "␛save␛"),  // two-character sequences
        ("\u{1B}(Bcharset", "␛charset"),
        ("safe\rEVIL", "safe␍EVIL"),  // bare CR
        ("ab\u{08}\u{08}xy", "ab␈␈xy"),  // BS
        ("col\tcol", "col␉col"),  // TAB
        ("nul\u{00}byte", "nul␀byte"),
        ("del\u{7F}ete", "del␡ete"),
        ("line\nnext", "line␊next"),
        ("line\r\nnext", "line␊next"),
        ("para\u{2029}graph", "para␤graph"),
        ("abc\u{202E}fed", "abc�fed"),  // RLO
        ("\u{2066}iso\u{2069}late", "�iso�late"),  // LRI / PDI
        ("\u{200F}rlm\u{061C}alm", "�rlm�alm"),
        ("nel\u{85}c1", "nel�c1"),
        ("visible\u{1B}]52;c;unterminated", "visible␛"),  // unterminated OSC swallows the rest
        ("end\u{1B}", "end␛"),
        ("\u{1B}\u{1B}[Ax", "␛␛x"),
        ("Әсел 中文 😀", "Әсел 中文 😀"),  // harmless text untouched
    ]

    @Test(arguments: hostile)
    func neutralisesHostileInput(_ example: (input: String, expected: String)) {
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
