import ArgumentParser
import BailanysCore
import BailanysInterchange
import Foundation
import TerminalKit

/// Printing for people and for scripts. Human output passes through the same sanitiser as the
/// terminal UI, because names come from untrusted imports.
enum Output {
    static func line(_ text: String = "") {
        print(Sanitizer.sanitize(text))
    }

    /// `text` on standard error, each of its lines sanitised: a usage message keeps its lines (they came out as one,
    /// joined by "␊").
    static func error(_ text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Sanitizer.sanitize(String($0)) }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    /// Stable, pretty JSON with sorted keys, so scripts and diffs see the same bytes each run.
    static func json(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // JSONEncoder leaves C1 controls and bidi overrides raw; a name from an old file must not reach a terminal.
        print(ExportText.jsonSafe(String(decoding: try encoder.encode(value), as: UTF8.self)))
    }

    /// Columns padded by display width (Cyrillic 1, CJK 2), truncated with … where needed; the columns in `whole`
    /// (ids: "P103345" must never become "P1033…") widen to their widest cell instead.
    static func table(_ rows: [[String]], widths: [Int], whole: Set<Int> = []) {
        var widths = widths
        for column in whole where column < widths.count {
            widths[column] = rows.reduce(widths[column]) { column < $1.count ? max($0, DisplayWidth.of($1[column])) : $0 }
        }
        for row in rows {
            let cells = zip(row, widths).map { text, width in DisplayWidth.pad(text, toColumns: width) }
            print(cells.joined(separator: "  ").trimmingTrailingSpaces())
        }
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}

/// `--json`, shared by every command that can print for scripts, so the flag reads the same everywhere.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON for scripts (pretty, sorted keys) instead of text.")
    var json = false
}
