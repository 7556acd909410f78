import BailanysCore
import BailanysResources
import BailanysStore
import Foundation

/// Runs the built `bailanys` binary with a private HOME and a fixed day, as a user's shell would.
struct BinaryRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    let home: URL
    var today = "2026-11-25"

    init() {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("bailanys-cli-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    /// The binary sits next to the test bundle in SwiftPM's build folder.
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("bailanys")
    }

    func path(_ name: String) -> String { home.appendingPathComponent(name).path }

    /// What the binary sees: a private HOME and XDG folders, the fixed day, a UTF-8 locale.
    var environment: [String: String] {
        ["HOME": home.path, "XDG_DATA_HOME": path("data"), "XDG_CONFIG_HOME": path("config"),
         "BAILANYS_TODAY": today, "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"]
    }

    /// The shell command tmux runs: the binary with this runner's environment (plus `extra`, as `NAME=value` words).
    func terminalCommand(_ arguments: String, environment extra: String = "") -> String {
        let words = environment.filter { $0.key != "PATH" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return "env \(extra) \(words.joined(separator: " ")) \(Self.binary.path) \(arguments)"
    }

    /// Starts the binary without waiting for it, for tests that kill it midway.
    func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs the binary (or, to test this runner itself, another `executable`) to its end, in `directory` when given.
    @discardableResult
    func run(_ arguments: [String], environment extra: [String: String] = [:], executable: URL = binary,
             directory: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.arguments = arguments
        process.environment = environment.merging(extra) { _, new in new }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Both pipes are drained at once, before waiting: a child that fills either pipe (64 KiB)
        // stalls until it is read, so reading one to its end before the other could wait forever.
        let stderr = PipeDrain(err.fileHandleForReading)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = stderr.data()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
    }

    /// A small demo directory, made once per runner.
    func demo(alumni: Int = 300, name: String = "demo.sqlite") throws -> String {
        let db = path(name)
        let result = try run(["sample", "--alumni", "\(alumni)", "--db", db])
        precondition(result.status == 0, "sample failed: \(result.stderr)")
        return db
    }

    /// The id of the demo's national coordinator in the directory at `db`, for `--as`.
    func coordinatorID(_ db: String) throws -> String {
        try coordinators(db).first { $0.national }!.id.description
    }

    /// A regional coordinator and their region's key.
    func regionalCoordinator(_ db: String) throws -> (id: String, region: String) {
        let store = try open(db)
        let regional = try coordinators(db).first { !$0.national }!.id
        return (regional.description, try store.subject(regional).region)
    }

    func open(_ db: String) throws -> DirectoryStore {
        try DirectoryStore.open(path: db, gazetteer: try Gazetteer(json: BailanysResources.data(.gazetteer)))
    }

    private func coordinators(_ db: String) throws -> [(id: EntityID, national: Bool)] {
        let store = try open(db)
        var filter = DirectoryFilter()
        filter.roles = [.coordinator]
        return try store.list(filter: filter, limit: 100).map { ($0.id, try store.isNationalCoordinator($0.id)) }
    }
}

/// Reads a pipe to its end on a thread of its own.
private final class PipeDrain: @unchecked Sendable {
    // Written once by the reading thread, read after `done` is signalled.
    private var collected = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            collected = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    /// Everything the pipe carried, once the writer closed it.
    func data() -> Data {
        done.wait()
        return collected
    }
}
