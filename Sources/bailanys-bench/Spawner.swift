import Foundation

/// One run of a command as a person runs it: wall time, peak RSS (its own `ru_maxrss`) and exit status.
struct SpawnFigures: Codable {
    var milliseconds: Double
    var peakMiB: Double
    var status: Int32

    var seconds: Double { milliseconds / 1000 }
}

/// The release `bailanys` binary beside this one (`swift build -c release` builds both).
func releaseBinary() throws -> String {
    let binary = Bundle.main.executableURL!.deletingLastPathComponent().appendingPathComponent("bailanys").path
    guard FileManager.default.isExecutableFile(atPath: binary) else {
        throw BenchFailure("\(binary) is missing: run `swift build -c release` first")
    }
    return binary
}

/// Runs the commands the benchmarks time from a small helper process, started before the benchmarks load anything.
///
/// Why a helper: Linux sets a new program's peak RSS at `execve` from the memory of the process it replaces, and a
/// child made by `posix_spawn` (vfork) or `fork` starts from its parent's memory. So a command spawned by the bench
/// after it had held a 100k-person graph reported the bench's peak as its own (`ties.8900.*.peakRSS` after the demo
/// section: hundreds of MiB for a 40 MiB command). The helper is this binary run again with `environmentKey` set;
/// it never loads anything, so what it passes on stays at a few MiB.
enum Spawner {
    static let environmentKey = "BAILANYS_BENCH_SPAWNER"

    struct Request: Codable {
        var binary: String
        var arguments: [String]
        var environment: [String: String]
        /// Where the command's standard error goes (nil: discarded). Its output is always discarded.
        var errors: String?
    }

    struct Response: Codable {
        var figures: SpawnFigures?
        var failure: String?
    }

    /// The helper's side: one JSON request per line on standard input, one JSON response per line on standard output,
    /// until standard input ends.
    static func serve() -> Never {
        while let line = readLine() {
            var response = Response()
            do {
                response.figures = try run(try JSONDecoder().decode(Request.self, from: Data(line.utf8)))
            } catch {
                response.failure = "\(error)"
            }
            let data = (try? JSONEncoder().encode(response)) ?? Data(#"{"failure":"unencodable response"}"#.utf8)
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }
        exit(0)
    }

    /// Spawns the request's command and waits for it with `wait4`: its own `ru_maxrss`, not the largest of all
    /// children as `RUSAGE_CHILDREN` gives.
    private static func run(_ request: Request) throws -> SpawnFigures {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, request.errors ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([request.binary] + request.arguments).map { strdup($0) } + [nil]
        let envp = request.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let start = ContinuousClock.now
        guard posix_spawn(&pid, request.binary, &actions, nil, argv, envp) == 0 else {
            throw BenchFailure("could not start \(request.binary) \(request.arguments.joined(separator: " "))")
        }
        var status: Int32 = 0
        var usage = rusage()
        guard wait4(pid, &status, 0, &usage) == pid else {
            throw BenchFailure("wait4 failed for \(request.arguments.joined(separator: " "))")
        }
        let elapsed = ContinuousClock.now - start
        // The exit code of a normal exit (WEXITSTATUS), else the raw status (killed by a signal).
        let exitCode = status & 0x7f == 0 ? (status >> 8) & 0xff : status
        return SpawnFigures(milliseconds: milliseconds(elapsed), peakMiB: Double(usage.ru_maxrss) / 1024, status: exitCode)
    }

    /// The bench's side: the helper, started at the beginning (`main.swift`). Used from the main thread only.
    final class Client: @unchecked Sendable {
        private let process = Process()
        private let requests = Pipe(), responses = Pipe()

        init() throws {
            process.executableURL = Bundle.main.executableURL
            process.arguments = []
            process.environment = [Spawner.environmentKey: "1"]
            process.standardInput = requests
            process.standardOutput = responses
            try process.run()
        }

        func run(_ request: Request) throws -> SpawnFigures {
            requests.fileHandleForWriting.write(try JSONEncoder().encode(request) + Data("\n".utf8))
            var line = Data()
            while true {
                let byte = responses.fileHandleForReading.readData(ofLength: 1)
                guard let first = byte.first else { throw BenchFailure("the spawning helper stopped") }
                if first == UInt8(ascii: "\n") { break }
                line.append(first)
            }
            let response = try JSONDecoder().decode(Response.self, from: line)
            guard let figures = response.figures else { throw BenchFailure(response.failure ?? "the spawning helper failed") }
            return figures
        }
    }
}

/// Runs `binary ARGS` through the helper with its output discarded; an exit status other than `expect` is an error
/// that quotes the end of what the command wrote to standard error.
func spawnMeasured(_ binary: String, _ arguments: [String], environment: [String: String], expect: Int32 = 0) throws -> SpawnFigures {
    let errors = FileManager.default.temporaryDirectory.appendingPathComponent("bailanys-bench-errors-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: errors) }
    let figures = try spawner.run(.init(binary: binary, arguments: arguments, environment: environment, errors: errors))
    guard figures.status == expect else {
        let report = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        throw BenchFailure("bailanys \(arguments.joined(separator: " ")) exited \(figures.status), expected \(expect): \(report.suffix(2000))")
    }
    return figures
}
