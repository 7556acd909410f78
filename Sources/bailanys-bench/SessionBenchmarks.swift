import Foundation

/// Issue 16's capacity figures: `scripts/session-capacity.py` run against the release binary — N concurrent sessions over
/// a real sshd on localhost, keystroke→frame, memory per session and in total, writes per second and lost writes.
/// Returns the figures and a line saying under what load they were taken (the machine may be shared).
func runSessionBenchmarks(binary: String, sessions: Int, seconds: Int) throws -> (Figures, String) {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/session-capacity.py").path
    guard FileManager.default.isReadableFile(atPath: script) else { throw BenchFailure("\(script) is missing") }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script, "--binary", binary, "--sessions", "\(sessions)", "--seconds", "\(seconds)", "--json"]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.standardError
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0,
          let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw BenchFailure("session-capacity.py failed (status \(process.terminationStatus))")
    }
    func number(_ path: String...) -> Double {
        var value: Any? = object
        for key in path { value = (value as? [String: Any])?[key] }
        return (value as? NSNumber)?.doubleValue ?? .nan
    }
    let rows: Figures = [
        ("sessions.connected", number("connected"), "of \(sessions)"),
        ("sessions.keystrokeToFrame.p50", number("keystrokeToFrameMs", "p50"), "ms"),
        ("sessions.keystrokeToFrame.p90", number("keystrokeToFrameMs", "p90"), "ms"),
        ("sessions.keystrokeToFrame.p99", number("keystrokeToFrameMs", "p99"), "ms"),
        ("sessions.keystrokeToFrame.max", number("keystrokeToFrameMs", "max"), "ms"),
        ("sessions.keystrokes", number("keystrokes"), "keys measured"),
        ("sessions.keystrokeTimeouts", number("keystrokeTimeouts"), "keys unanswered in 10 s"),
        ("sessions.rss.perSession.mean", number("rssMiB", "mean"), "MiB"),
        ("sessions.rss.perSession.p90", number("rssMiB", "p90"), "MiB"),
        ("sessions.rss.perSession.max", number("rssMiB", "max"), "MiB"),
        ("sessions.rss.afterKeys.mean", number("rssAfterKeysMiB", "mean"), "MiB (after the minute of keys)"),
        ("sessions.rss.afterKeys.max", number("rssAfterKeysMiB", "max"), "MiB (after the minute of keys)"),
        ("sessions.pss.perSession.mean", number("pssMiB", "mean"), "MiB"),
        ("sessions.pss.total", number("pssMiB", "total"), "MiB"),
        ("sessions.sshd.pss.total", number("sshdPssMiB", "total"), "MiB"),
        ("sessions.writes.perSecond", number("writes", "perSecond"), "acknowledged/s"),
        ("sessions.writes.acknowledged", number("writes", "acknowledged"), "writes"),
        ("sessions.writes.p99", number("writes", "p99Ms"), "ms (ssh connect to acknowledgement)"),
        ("sessions.writes.busyRefusals", number("writes", "busyRefusals"), "writes"),
        ("sessions.writes.failed", number("writes", "failed"), "writes"),
        ("sessions.writes.lost", number("writes", "lost"), "writes"),
    ]
    let before = (object["loadAverageBefore"] as? [NSNumber] ?? []).map(\.stringValue).joined(separator: " / ")
    let after = (object["loadAverageAfter"] as? [NSNumber] ?? []).map(\.stringValue).joined(separator: " / ")
    let note = "\(Int(number("connected"))) sessions on \(Int(number("cores"))) cores, \(Int(number("alumni"))) alumni, "
        + "\(Int(number("seconds"))) s of keys (one per session about every \(number("interval")) s) and \(Int(number("writers"))) writers; "
        + "load average (1 / 5 / 15 min) \(before) before, \(after) after."
    return (rows, note)
}
