import PropertyBased
import Testing

@testable import TerminalKit

@Suite struct DisplayWidthTests {
    @Test func asciiIsOneColumnEach() {
        #expect(DisplayWidth.of("Hello, world!") == 13)
    }

    @Test func kazakhCyrillicIsOneColumnEach() {
        #expect(DisplayWidth.of("ӘҒҚҢӨҰҮҺІ") == 9)
        #expect(DisplayWidth.of("әғқңөұүһі") == 9)
        #expect(DisplayWidth.of("Қазақстан") == 9)
    }

    @Test func cjkAndFullwidthAreTwoColumns() {
        #expect(DisplayWidth.of("中文") == 4)
        #expect(DisplayWidth.of("한국") == 4)
        #expect(DisplayWidth.of("ＡＢ") == 4)
        #expect(DisplayWidth.of(Character("李")) == 2)
    }

    @Test func combiningMarksAddNothing() {
        #expect(DisplayWidth.of("е\u{0301}") == 1)
        #expect(DisplayWidth.of(Character("e\u{0301}\u{0302}")) == 1)
        #expect(DisplayWidth.of(Unicode.Scalar(0x0301)!) == 0)
    }

    @Test func emojiAreTwoColumns() {
        #expect(DisplayWidth.of(Character("😀")) == 2)
        #expect(DisplayWidth.of(Character("❤️")) == 2)
        #expect(DisplayWidth.of(Character("🇰🇿")) == 2)
    }

    @Test func zwjSequenceIsOneTwoColumnCluster() {
        let family = "👨‍👩‍👧"
        #expect(family.count == 1)
        #expect(DisplayWidth.of(family) == 2)
        #expect(DisplayWidth.of(Unicode.Scalar(0x200D)!) == 0)
    }

    @Test func controlsAreMeasuredAsTheirPlaceholders() {
        #expect(DisplayWidth.of("a\u{1B}[2Jb") == 3)  // a ␛ b
    }

    @Test func truncationEndsWithEllipsisAndNeverSplits() {
        #expect(DisplayWidth.truncate("Қазақстан", toColumns: 5) == "Қаза…")
        // Cut just after a word: no space before the ellipsis (review: "Дәурен …"), the width still exact.
        #expect(DisplayWidth.truncate("Дәурен Нұрланұлы", toColumns: 8) == "Дәурен… ")
        #expect(DisplayWidth.truncate("Абай ауданы  қаласы", toColumns: 13) == "Абай ауданы… ")
        // Followed by more text on the line: no padding either.
        #expect(DisplayWidth.cut("Дәурен Нұрланұлы", toColumns: 8) == "Дәурен…" && DisplayWidth.cut("Дана", toColumns: 8) == "Дана")
        #expect(DisplayWidth.truncate("Ұлытау", toColumns: 6) == "Ұлытау")
        #expect(DisplayWidth.truncate("中文字", toColumns: 4) == "中… ")
        #expect(DisplayWidth.truncate("中文字", toColumns: 2) == "… ")
        #expect(DisplayWidth.truncate("Әсел\u{0301}x", toColumns: 4) == "Әсе…")
        #expect(DisplayWidth.truncate("anything", toColumns: 0) == "")
    }

    @Test func padAligns() {
        #expect(DisplayWidth.pad("ab", toColumns: 5, alignment: .right) == "   ab")
        #expect(DisplayWidth.pad("ab", toColumns: 5, alignment: .center) == " ab  ")
        #expect(DisplayWidth.pad("中", toColumns: 3) == "中 ")
    }

    @Test func putNeverExceedsLimitAndReportsVisibleWidth() async {
        await propertyCheck(input: TestStrings.mixed, Gen.int(in: 0...30)) { text, limit in
            var buffer = Buffer(width: 40, height: 1)
            buffer.fill(buffer.bounds, with: ".")
            let used = buffer.put(text, x: 2, y: 0, maxWidth: limit)
            #expect(used <= limit)
            #expect(used == min(DisplayWidth.of(text), limit))
            let row = buffer.text(row: 0)
            let expectedDots = 40 - 2 - used
            #expect(row.hasPrefix(".."))
            #expect(row.hasSuffix(String(repeating: ".", count: expectedDots)))
            #expect(DisplayWidth.of(row) == 40)
            // Every drawn column is accounted for: cells before the trailing dots hold exactly `used` columns.
            let drawnColumns = (2..<(2 + used)).reduce(0) { $0 + buffer[$1, 0].width }
            #expect(drawnColumns == used)
            #expect((2..<(2 + used)).allSatisfy { !(buffer[$0, 0].isContinuation && buffer[$0 - 1, 0].width != 2) })
        }
    }

    /// The shortcut for Greek and Cyrillic answers what the general rule would: no scalar there is a mark, a format
    /// character or wide, outside the combining marks U+0483…U+0489 it leaves to the rule.
    @Test func greekAndCyrillicShortcutAgreesWithTheRule() {
        for value in UInt32(0x370)..<0x530 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let category = scalar.properties.generalCategory
            let isMark = [.nonspacingMark, .enclosingMark, .format].contains(category)
            #expect(DisplayWidth.of(scalar) == (isMark ? 0 : 1), "U+\(String(value, radix: 16))")
        }
    }

    /// A table cell laid out once draws exactly what the padded text drew before.
    @Test func cellInColumnsDrawsWhatPaddedTextDrew() async {
        await propertyCheck(input: TestStrings.mixed, Gen.int(in: 0...30)) { text, columns in
            for alignment in [Alignment.left, .center, .right] {
                var once = Buffer(width: 40, height: 1), padded = Buffer(width: 40, height: 1)
                let style = Style(attributes: .bold)
                once.put(text, x: 3, y: 0, columns: columns, alignment: alignment, style: style)
                padded.put(DisplayWidth.pad(text, toColumns: columns, alignment: alignment), x: 3, y: 0, style: style, maxWidth: columns)
                #expect(once == padded, "\(text.debugDescription) in \(columns), \(alignment)")
            }
        }
    }
}
