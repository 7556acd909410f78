import Foundation
import TerminalKit
import Testing

/// Whole-screen goldens. `check(_:_:)` compares text against `Golden/<name>.txt`; `check(frame:_:)`
/// compares the text and, as ratatui's `assert_buffer` does, the styles too: `Golden/<name>.styles.txt`
/// holds one character per cell, line for line under the text file, and a legend naming each style.
/// With `BAILANYS_RECORD_GOLDEN=1` the files are rewritten instead; review the diff before committing it.
enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static var recording: Bool { ProcessInfo.processInfo.environment["BAILANYS_RECORD_GOLDEN"] == "1" }

    static func check(_ screen: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try compare(screen + "\n", file: "\(name).txt", what: "screen \(name)", sourceLocation: sourceLocation)
    }

    /// Text and styles of a whole frame.
    static func check(frame: Buffer, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try compare(text(of: frame), file: "\(name).txt", what: "screen \(name)", sourceLocation: sourceLocation)
        try compare(styles(of: frame), file: "\(name).styles.txt", what: "styles of \(name)", sourceLocation: sourceLocation)
    }

    private static func compare(_ actual: String, file name: String, what: String, sourceLocation: SourceLocation) throws {
        let file = folder.appendingPathComponent(name)
        if recording {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: file)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("missing golden \(name); run with BAILANYS_RECORD_GOLDEN=1", sourceLocation: sourceLocation)
            return
        }
        if actual != expected {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let row = Array(zip(a, e)).firstIndex { $0.0 != $0.1 } ?? min(a.count, e.count)
            let got = row < a.count ? String(a[row]) : "(none)", want = row < e.count ? String(e[row]) : "(none)"
            Issue.record("\(what) differs from its golden file at line \(row + 1):\n  got  \(got)\n  want \(want)",
                         sourceLocation: sourceLocation)
        }
    }

    /// The frame's text, trailing blanks of each row trimmed.
    static func text(of frame: Buffer) -> String {
        frame.lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n") + "\n"
    }

    /// One character per column for each row (`.` the plain style, then `a`, `b`, … in order of first
    /// appearance; the right half of a wide character repeats its left half), trailing `.` trimmed,
    /// then a legend of the letters.
    static func styles(of frame: Buffer) -> String {
        let marks = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var legend: [Style] = []
        var rows: [String] = []
        for y in 0..<frame.height {
            var row = ""
            for x in 0..<frame.width {
                let style = frame.style(at: x, y: y)
                if style == .plain { row.append("."); continue }
                let index = legend.firstIndex(of: style) ?? { legend.append(style); return legend.count - 1 }()
                row.append(index < marks.count ? marks[index] : "?")
            }
            rows.append(String(row.reversed().drop { $0 == "." }.reversed()))
        }
        let names = legend.enumerated().map { index, style in
            "\(index < marks.count ? marks[index] : "?") = \(describe(style))"
        }
        return (rows + ["", "styles:", ". = plain"] + names).joined(separator: "\n") + "\n"
    }

    static func describe(_ style: Style) -> String {
        var parts: [String] = []
        if style.foreground != .default { parts.append("fg \(style.foreground)") }
        if style.background != .default { parts.append("bg \(style.background)") }
        let attributes: [(TextAttributes, String)] = [(.bold, "bold"), (.dim, "dim"), (.underline, "underline"),
                                                      (.reverse, "reverse"), (.italic, "italic")]
        parts += attributes.filter { style.attributes.contains($0.0) }.map(\.1)
        return parts.isEmpty ? "plain" : parts.joined(separator: ", ")
    }
}
