import Foundation

/// Drives the real binary in a detached tmux session on a private socket, as a person at a
/// terminal would: keys in, screen text out.
final class TmuxSession {
    enum Failure: Error, CustomStringConvertible {
        case tmuxMissing
        case timedOut(waitingFor: String, screen: String)
        case tmuxFailed(arguments: [String], status: Int32)
        var description: String {
            switch self {
            case .tmuxMissing: "tmux is not installed; .ci/run installs it (apt-get install tmux)"
            case .timedOut(let text, let screen): "timed out waiting for \"\(text)\"; the screen was:\n\(screen)"
            case .tmuxFailed(let arguments, let status): "tmux \(arguments.joined(separator: " ")) failed with status \(status)"
            }
        }
    }

    private let socket = "bailanys-e2e-\(UUID().uuidString.prefix(8))"
    let name = "e2e"

    /// Starts `command` in a width×height window; the shell line prints the exit status when it ends.
    init(command: String, width: Int = 120, height: Int = 40) throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else { throw Failure.tmuxMissing }
        try tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
                  "\(command); echo EXITED $?; sleep 600"])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    /// Named keys (Enter, Tab, Escape, Up …) as tmux knows them.
    func press(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

    /// Literal text, typed character by character (Unicode included).
    func type(_ text: String) throws { try tmux(["send-keys", "-t", name, "-l", text]) }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", name]) }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// A server option, such as `set-clipboard on`.
    func setServerOption(_ name: String, _ value: String) throws { try tmux(["set-option", "-s", name, value]) }

    /// The newest paste buffer, where tmux keeps what an application copied with OSC 52 (under `set-clipboard on`);
    /// nil when there is none.
    func pasteBuffer() -> String? { try? tmux(["show-buffer"]) }

    /// A pane variable such as `alternate_on` or `cursor_flag`.
    func paneFlag(_ variable: String) throws -> String {
        try tmux(["display-message", "-p", "-t", name, "#{\(variable)}"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func panePID() throws -> Int32 { Int32(try paneFlag("pane_pid")) ?? 0 }

    /// Polls the screen until `condition` holds, for up to `seconds`.
    @discardableResult
    func waitFor(_ description: String, seconds: Double = 20, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw Failure.timedOut(waitingFor: description, screen: last)
    }

    @discardableResult
    func waitFor(text: String, seconds: Double = 20) throws -> String {
        try waitFor(text, seconds: seconds) { $0.contains(text) }
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let status = try Self.spawnAndWait(["/usr/bin/tmux", "-L", socket, "-f", "/dev/null"] + arguments, stdout: output)
        guard status == 0 else { throw Failure.tmuxFailed(arguments: arguments, status: status) }
        return String(decoding: FileManager.default.contents(atPath: output) ?? Data(), as: UTF8.self)
    }

    /// posix_spawn and waitpid, not Foundation's Process: the tmux server forked by `new-session`
    /// inherits the descriptors Process uses to notice that its child ended, so Process would wait
    /// for the server to exit, that is forever.
    private static func spawnAndWait(_ argv: [String], stdout path: String) throws -> Int32 {
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "C.UTF-8"
        environment.removeValue(forKey: "TMUX")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (cArguments + cEnvironment).forEach { free($0) } }
        // The test runner's threads block most signals, and a spawned process inherits the mask: a tmux server
        // with SIGTERM blocked ignores its own `kill-server` and outlives the test, app and all. Start it clean.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), everySignal = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&everySignal)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &everySignal)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, &attributes, cArguments, cEnvironment)
        guard spawned == 0 else { throw Failure.tmuxFailed(arguments: argv, status: spawned) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, which Swift does not import.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
