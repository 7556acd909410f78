import Testing

@testable import TerminalKit

@Suite struct BufferTests {
    @Test func putReturnsColumnsAndWritesText() {
        var buffer = Buffer(width: 10, height: 2)
        #expect(buffer.put("Әсел", x: 1, y: 0) == 4)
        #expect(buffer.put("李娜", x: 0, y: 1) == 4)
        #expect(buffer.lines == [" Әсел     ", "李娜      "])
        #expect(buffer[1, 1].isContinuation)
    }

    @Test func putTruncatesAtClipEdgeWithEllipsis() {
        var buffer = Buffer(width: 6, height: 1)
        #expect(buffer.put("Қазақстан", x: 0, y: 0) == 6)
        #expect(buffer.text(row: 0) == "Қазақ…")
    }

    @Test func wideCharacterAtEdgeBecomesSpace() {
        var buffer = Buffer(width: 5, height: 1)
        buffer.fill(buffer.bounds, with: ".")
        buffer.clipped(to: Rect(x: 0, y: 0, width: 3, height: 1)) { $0.set(Cell("中"), x: 2, y: 0) }
        #expect(buffer.text(row: 0) == ".. ..")
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var buffer = Buffer(width: 4, height: 1)
        buffer.put("中文", x: 0, y: 0)
        buffer.set(Cell("x"), x: 1, y: 0)
        #expect(buffer.text(row: 0) == " x文")
        buffer.set(Cell("y"), x: 2, y: 0)
        #expect(buffer.text(row: 0) == " xy ")
        #expect(!buffer[3, 0].isContinuation)
    }

    @Test func clippingDropsWritesOutside() {
        var buffer = Buffer(width: 6, height: 2)
        buffer.clipped(to: Rect(x: 1, y: 0, width: 3, height: 1)) { inner in
            inner.fill(inner.bounds, with: "#")
            inner.put("abcdef", x: 0, y: 0)
            inner.put("zz", x: 0, y: 1)
        }
        #expect(buffer.lines == [" bc…  ", "      "])
        #expect(buffer.clip == buffer.bounds)
    }

    @Test func styleAtReadsBack() {
        var buffer = Buffer(width: 4, height: 1)
        let red = Style(foreground: .red, attributes: .bold)
        buffer.put("ab", x: 1, y: 0, style: red)
        #expect(buffer.style(at: 1, y: 0) == red)
        #expect(buffer.style(at: 0, y: 0) == .plain)
    }

    @Test func diffReportsOnlyChangedRuns() {
        var before = Buffer(width: 8, height: 3)
        before.put("hello", x: 0, y: 0)
        var after = before
        after.put("J", x: 0, y: 0)
        after.put("xy", x: 5, y: 2)
        let runs = after.changes(since: before)
        #expect(runs.map { Point(x: $0.x, y: $0.y) } == [Point(x: 0, y: 0), Point(x: 5, y: 2)])
        #expect(runs.map { $0.cells.map(\.text).joined() } == ["J", "xy"])
        #expect(after.changes(since: after).isEmpty)
    }

    @Test func diffNeverStartsInsideWideCharacter() {
        var before = Buffer(width: 4, height: 1)
        before.put("中", x: 0, y: 0)
        var after = Buffer(width: 4, height: 1)
        after.put("中", x: 0, y: 0, style: Style(attributes: .bold))
        after.put("ab", x: 2, y: 0)
        let runs = after.changes(since: before)
        #expect(runs.count == 1)
        #expect(runs[0].x == 0)
    }

    @Test func diffWithoutPreviousOrAfterResizeRepaintsEverything() {
        let frame = Buffer(width: 3, height: 2)
        #expect(frame.changes(since: nil).count == 2)
        #expect(frame.changes(since: Buffer(width: 4, height: 2)).count == 2)
    }

    @Test func cellRefusesControls() {
        #expect(Cell("\u{1B}").text == "␛")
        #expect(Cell("\u{202E}").text == "�")
        #expect(Cell("\u{0301}").text == " ")
    }
}

@Suite struct RectTests {
    let area = Rect(x: 0, y: 0, width: 100, height: 30)

    @Test func splitRowsFixedAndFill() {
        let parts = area.splitRows([.fixed(1), .fill, .fixed(1)])
        #expect(parts.map(\.height) == [1, 28, 1])
        #expect(parts.map(\.y) == [0, 1, 29])
    }

    @Test func splitColumnsPercentAndWeightedFill() {
        let parts = area.splitColumns([.percent(30), .fill(weight: 2), .fill(weight: 1)])
        #expect(parts.map(\.width) == [30, 47, 23])
        #expect(parts.map(\.x) == [0, 30, 77])
    }

    @Test func overfullSplitNeverExceedsTotal() {
        let parts = Rect(x: 5, y: 0, width: 10, height: 1).splitColumns([.fixed(8), .fixed(8), .fill])
        #expect(parts.map(\.width) == [8, 2, 0])
        #expect(parts.last?.x == 15)
    }

    @Test func insetAndIntersection() {
        #expect(area.inset(by: 1) == Rect(x: 1, y: 1, width: 98, height: 28))
        #expect(Rect(x: 0, y: 0, width: 1, height: 1).inset(by: 2).isEmpty)
        let overlap = Rect(x: 10, y: 10, width: 20, height: 20).intersection(Rect(x: 25, y: 5, width: 10, height: 10))
        #expect(overlap == Rect(x: 25, y: 10, width: 5, height: 5))
        #expect(Rect(x: 0, y: 0, width: 2, height: 2).intersection(Rect(x: 5, y: 5, width: 1, height: 1)).isEmpty)
    }

    @Test func centered() {
        #expect(area.centered(width: 40, height: 10) == Rect(x: 30, y: 10, width: 40, height: 10))
        #expect(area.centered(width: 400, height: 10).width == 100)
    }
}

@Suite struct ColorTests {
    @Test func noColorForcesMonochrome() {
        #expect(ColorDepth.resolve(colorCount: 256, environment: ["NO_COLOR": "1"]) == .monochrome)
        #expect(ColorDepth.resolve(colorCount: 256, environment: ["NO_COLOR": ""]) == .colors256)
        #expect(ColorDepth.resolve(colorCount: 8, environment: [:]) == .colors8)
        #expect(ColorDepth.resolve(colorCount: 0, environment: [:]) == .monochrome)
    }

    @Test func colorsDegradeStepByStep() {
        #expect(Color.indexed(196).degraded(to: .colors256) == .indexed(196))
        #expect(Color.indexed(196).degraded(to: .colors16) == .brightRed)
        #expect(Color.indexed(196).degraded(to: .colors8) == .red)
        #expect(Color.indexed(21).degraded(to: .colors8) == .blue)
        #expect(Color.brightGreen.degraded(to: .colors8) == .green)
        #expect(Color.indexed(2).degraded(to: .colors8) == .green)
        #expect(Color.red.degraded(to: .monochrome) == .default)
    }

    @Test func monochromeTurnsHighlightBackgroundsIntoReverse() {
        let selected = Style(foreground: .white, background: .blue, attributes: .bold)
        #expect(selected.degraded(to: .monochrome) == Style(attributes: [.bold, .reverse]))
        #expect(Style(foreground: .red).degraded(to: .monochrome) == .plain)
    }
}
