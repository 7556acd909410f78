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

    @discardableResult
    func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        var environment = ["HOME": home.path, "XDG_DATA_HOME": path("data"), "XDG_CONFIG_HOME": path("config"),
                           "BAILANYS_TODAY": today, "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"]
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read before waiting so a large output cannot fill the pipe and stall the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
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
