import Foundation
import Testing

/// The runner every command-line test goes through must never stall on a talkative child.
@Suite struct BinaryRunnerTests {
    /// A child writing 200 KB to stderr before anything to stdout blocks once the stderr pipe (64 KiB) is
    /// full; a runner that reads stdout to its end first would wait forever, so `timeout` ends the child
    /// after a while and the output then comes back cut short.
    @Test func childFillingStderrBeforeStdoutIsReadInFull() throws {
        let script = "head -c 200000 /dev/zero | tr '\\000' e >&2; echo done"
        let result = try BinaryRunner().run(["30", "/bin/sh", "-c", script], executable: URL(fileURLWithPath: "/usr/bin/timeout"))
        #expect(result.status == 0)
        #expect(result.stdout == "done\n")
        #expect(result.stderr.utf8.count == 200_000)
        #expect(result.stderr.allSatisfy { $0 == "e" })
    }

    @Test func childFillingStdoutIsReadInFull() throws {
        let script = "head -c 200000 /dev/zero | tr '\\000' o; echo done >&2"
        let result = try BinaryRunner().run(["30", "/bin/sh", "-c", script], executable: URL(fileURLWithPath: "/usr/bin/timeout"))
        #expect(result.status == 0)
        #expect(result.stdout.utf8.count == 200_000)
        #expect(result.stderr == "done\n")
    }
}
