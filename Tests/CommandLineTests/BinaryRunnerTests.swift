import Foundation
import Testing

/// The runner every command-line test goes through must never stall on a talkative child.
@Suite struct BinaryRunnerTests {
    /// Runs `script` through the runner on a thread of its own, so that a runner that hangs fails the
    /// test (after a minute) instead of stopping the whole run.
    private func run(_ script: String) throws -> BinaryRunner.Result {
        let finished = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        Thread.detachNewThread {
            outcome.set(Result { try BinaryRunner().run(["-c", script], executable: URL(fileURLWithPath: "/bin/sh")) })
            finished.signal()
        }
        try #require(finished.wait(timeout: .now() + 60) == .success, "the runner is stuck")
        return try outcome.get()
    }

    /// A child writing 200 KB to stderr before anything to stdout blocks once the stderr pipe (64 KiB) is
    /// full; a runner reading stdout to its end first would wait for it forever.
    @Test func childFillingStderrBeforeStdoutIsReadInFull() throws {
        let result = try run("head -c 200000 /dev/zero | tr '\\000' e >&2; echo done")
        #expect(result.status == 0)
        #expect(result.stdout == "done\n")
        #expect(result.stderr.utf8.count == 200_000)
        #expect(result.stderr.allSatisfy { $0 == "e" })
    }

    @Test func childFillingStdoutIsReadInFull() throws {
        let result = try run("head -c 200000 /dev/zero | tr '\\000' o; echo done >&2")
        #expect(result.status == 0)
        #expect(result.stdout.utf8.count == 200_000)
        #expect(result.stderr == "done\n")
    }
}

/// The runner's result, handed from its thread to the test's.
private final class Outcome: @unchecked Sendable {
    // Guarded by `lock`.
    private var result: Result<BinaryRunner.Result, any Error>?
    private let lock = NSLock()
    func set(_ result: Result<BinaryRunner.Result, any Error>) { lock.withLock { self.result = result } }
    func get() throws -> BinaryRunner.Result { try lock.withLock { result }!.get() }
}
