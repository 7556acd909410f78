import BailanysResources
import Foundation
import Testing

/// What an installed binary relies on: data compiled in and checked at build time, `--version`, one
/// `--json` for every command, and a benchmark that explains itself. The installed binary itself is
/// exercised by `.ci/install-check` (outside the build tree, as a user runs it).
@Suite struct InstallationTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let resources = packageRoot.appendingPathComponent("Resources")

    /// An executable next to `bailanys` in SwiftPM's build folder.
    static func sibling(_ name: String) -> URL {
        BinaryRunner.binary.deletingLastPathComponent().appendingPathComponent(name)
    }

    @Test func embeddedTablesAreTheFilesByteForByte() throws {
        let tables: [(BailanysResources.File, String)] = [(.gazetteer, "gazetteer.json"), (.names, "names.json"),
                                                         (.kazakhstanOutline, "kazakhstan-outline.json")]
        for (file, path) in tables {
            let onDisk = try Data(contentsOf: Self.resources.appendingPathComponent(path))
            #expect(BailanysResources.data(file) == onDisk, "\(path)")
        }
        for language in ["kk", "ru", "en"] {
            let folder = Self.resources.appendingPathComponent("strings/\(language)")
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
            let onDisk = try names.map { try Data(contentsOf: folder.appendingPathComponent($0)) }
            #expect(!onDisk.isEmpty)
            #expect(BailanysResources.strings(language: language) == onDisk, "\(language)")
        }
        #expect(BailanysResources.strings(language: "xx") == [])
    }

    // MARK: The build step refuses a missing or broken table

    /// Runs `embed-resources` on a copy of Resources/ changed by `damage`; returns (status, stderr, output).
    func embed(damage: (URL) throws -> Void) throws -> (status: Int32, stderr: String, output: String) {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("bailanys-embed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let copy = work.appendingPathComponent("Resources")
        try FileManager.default.copyItem(at: Self.resources, to: copy)
        try damage(copy)
        let output = work.appendingPathComponent("EmbeddedTables.swift")
        let process = Process()
        process.executableURL = Self.sibling("embed-resources")
        process.arguments = [copy.path, output.path]
        let err = Pipe()
        process.standardError = err
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stderr, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }

    @Test func intactTablesAreEmbedded() throws {
        let result = try embed { _ in }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.output.contains("enum EmbeddedTables"))
        #expect(result.output.contains("Ақтау"), "Cyrillic stays readable in the generated source")
    }

    @Test func missingTableFailsTheBuild() throws {
        let result = try embed { try FileManager.default.removeItem(at: $0.appendingPathComponent("names.json")) }
        #expect(result.status == 1)
        #expect(result.stderr.contains("Resources/names.json: error: missing"), "\(result.stderr)")
    }

    @Test func corruptGazetteerFailsTheBuild() throws {
        let result = try embed { folder in
            let file = folder.appendingPathComponent("gazetteer.json")
            let text = try String(contentsOf: file, encoding: .utf8)
            try String(text.prefix(text.count / 2)).write(to: file, atomically: true, encoding: .utf8)
        }
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("Resources/gazetteer.json: error:"), "\(result.stderr)")
    }

    @Test func gazetteerOfTheWrongShapeFailsTheBuild() throws {
        let result = try embed { try Data(#"{"regions": 3}"#.utf8).write(to: $0.appendingPathComponent("gazetteer.json")) }
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("Resources/gazetteer.json: error:"), "\(result.stderr)")
    }

    @Test func stringKeyMissingFromOneLanguageFailsTheBuild() throws {
        let result = try embed { folder in
            let file = folder.appendingPathComponent("strings/ru/core.json")
            var table = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: file))
            table["key.quit"] = nil
            try JSONEncoder().encode(table).write(to: file)
        }
        #expect(result.status == 1)
        #expect(result.stderr.contains("Resources/strings/ru/core.json: error: keys differ"), "\(result.stderr)")
        #expect(result.stderr.contains("key.quit"), "\(result.stderr)")
    }

    @Test func keyDefinedInTwoFilesFailsTheBuild() throws {
        let result = try embed { folder in
            try Data(#"{"key.quit": "Quit again"}"#.utf8).write(to: folder.appendingPathComponent("strings/en/zz.json"))
        }
        #expect(result.status == 1)
        #expect(result.stderr.contains("\"key.quit\" is also defined in strings/en/core.json"), "\(result.stderr)")
    }

    @Test func unknownFileFailsTheBuild() throws {
        let result = try embed { try Data("{}".utf8).write(to: $0.appendingPathComponent("regions2.json")) }
        #expect(result.status == 1)
        #expect(result.stderr.contains("Resources/regions2.json: error: not a known table"), "\(result.stderr)")
    }

    // MARK: The command line

    @Test func versionNamesTheVersionFileAndTheCommit() throws {
        let result = try BinaryRunner().run(["--version"])
        #expect(result.status == 0, "\(result.stderr)")
        let version = try String(contentsOf: Self.packageRoot.appendingPathComponent("VERSION"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        git.arguments = ["-C", Self.packageRoot.path, "rev-parse", "--short=12", "HEAD"]
        let out = Pipe()
        git.standardOutput = out
        try git.run()
        let commit = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        git.waitUntilExit()
        // The tree may have changed since the build (then "-dirty"); the commit is the one checked out.
        #expect(result.stdout.hasPrefix("\(version) (commit \(commit)"), "\(result.stdout)")
    }

    @Test func everyJSONFlagIsTheSharedOption() throws {
        let result = try BinaryRunner().run(["--experimental-dump-help"])
        #expect(result.status == 0, "\(result.stderr)")
        let root = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        var helps: [String: String] = [:]  // command path → --json help
        func walk(_ command: [String: Any], path: String) {
            for argument in command["arguments"] as? [[String: Any]] ?? [] {
                let names = (argument["names"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                if names.contains("json") { helps[path] = argument["abstract"] as? String ?? "" }
            }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] {
                walk(sub, path: path + " " + (sub["commandName"] as? String ?? "?"))
            }
        }
        walk(try #require(root["command"] as? [String: Any]), path: "bailanys")
        #expect(helps.count >= 14, "\(helps.keys.sorted())")
        #expect(Set(helps.values).count == 1, "one --json, worded once: \(helps)")
    }

    /// Runs `bailanys-bench`; without its own argument check it would start the whole benchmark, so a
    /// watchdog stops it after a minute rather than let the test wait for the benchmark to end.
    func runBench(_ arguments: [String]) throws -> (exited: Bool, status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = Self.sibling("bailanys-bench")
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let watchdog = DispatchWorkItem { process.terminate() }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        watchdog.cancel()
        return (process.terminationReason == .exit, process.terminationStatus, stdout, stderr)
    }

    @Test func benchHelpPrintsUsageWithoutRunning() throws {
        for flag in ["--help", "-h"] {
            let result = try runBench([flag])
            #expect(result.exited, "\(flag) started the benchmark: \(result.stderr)")
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("USAGE: bailanys-bench"), "\(result.stdout)")
            #expect(result.stdout.contains("--only"), "\(result.stdout)")
            #expect(!result.stderr.contains("…"), "no section ran: \(result.stderr)")
        }
    }

    @Test func benchRejectsAnUnknownOption() throws {
        let result = try runBench(["--hlep"])
        #expect(result.exited, "an unknown option started the benchmark: \(result.stderr)")
        #expect(result.status == 2)
        #expect(result.stderr.contains("--hlep"), "\(result.stderr)")
    }
}
