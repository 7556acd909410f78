import Foundation
import Testing

/// Whole-screen text compared against `Golden/<name>.txt`. With `BAILANYS_RECORD_GOLDEN=1` the file
/// is rewritten instead; review the diff before committing it.
enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ screen: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = folder.appendingPathComponent("\(name).txt")
        if ProcessInfo.processInfo.environment["BAILANYS_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data((screen + "\n").utf8).write(to: file)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("missing golden \(name).txt; run with BAILANYS_RECORD_GOLDEN=1", sourceLocation: sourceLocation)
            return
        }
        #expect(screen + "\n" == expected, "screen \(name) differs from its golden file", sourceLocation: sourceLocation)
    }
}
