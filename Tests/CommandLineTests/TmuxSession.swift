import Foundation

/// Drives the real binary in a detached tmux session on a private socket, as a person at a
/// terminal would: keys in, screen text out.
final class TmuxSession {
    enum Failure: Error, CustomStringConvertible {
        case tmuxMissing
        case timedOut(waitingFor: String, screen: String)
        var description: String {
            switch self {
            case .tmuxMissing: "tmux is not installed; .ci/run installs it (apt-get install tmux)"
            case .timedOut(let text, let screen): "timed out waiting for \"\(text)\"; the screen was:\n\(screen)"
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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tmux")
        process.arguments = ["-L", socket, "-f", "/dev/null"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "C.UTF-8"
        environment.removeValue(forKey: "TMUX")
        process.environment = environment
        // A file, not a pipe: the tmux server started by new-session inherits stdout and would
        // keep a pipe open forever.
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return String(decoding: try Data(contentsOf: output), as: UTF8.self)
    }
}
