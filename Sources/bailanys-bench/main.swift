import BailanysCore
import BailanysResources
import Foundation

// The helper that runs the timed commands (Spawner.swift) is this binary run again.
if ProcessInfo.processInfo.environment[Spawner.environmentKey] == "1" { Spawner.serve() }

// Release-build benchmarks. `swift run -c release bailanys-bench [--write docs/benchmarks.md]`
// prints a Markdown table of figures; with --write it replaces the generated section of the file.
let arguments = CommandLine.arguments.dropFirst()
let usage = """
    USAGE: bailanys-bench [--only <words>] [--alumni <counts>] [--sessions <n>] [--write <file>]

    Release-build benchmarks of Bailanys; prints a Markdown table of figures. The full run takes
    many minutes and several GiB of memory: build with `swift build -c release` first.

    OPTIONS:
      --only <words>     Run only the sections whose title contains one of these comma-separated
                         words, e.g. `graph` or `demo,terminal`.
      --alumni <counts>  Demo directory sizes, comma-separated (default: 8900,100000).
      --sessions <n>     Concurrent SSH sessions of the `sessions` section (default 100). That section runs
                         only when asked for (`--only sessions`): it starts a real sshd on localhost.
      --write <file>     Replace the generated section of <file> (docs/benchmarks.md) with the table.
      -h, --help         Show this help.

    """
// Checked before anything runs: a typo must not start a run of many minutes.
let valueOptions: Set<String> = ["--only", "--alumni", "--sessions", "--write"]
var checked = arguments.startIndex
while checked < arguments.endIndex {
    let argument = arguments[checked]
    if argument == "--help" || argument == "-h" {
        print(usage, terminator: "")
        exit(0)
    }
    guard valueOptions.contains(argument), arguments.index(after: checked) < arguments.endIndex else {
        let problem = valueOptions.contains(argument) ? "\(argument) needs a value" : "unknown argument \(argument)"
        FileHandle.standardError.write(Data("bailanys-bench: \(problem)\n\n\(usage)".utf8))
        exit(2)
    }
    checked = arguments.index(checked, offsetBy: 2)
}
/// The value after `name` on the command line, if any.
func option(_ name: String) -> String? {
    arguments.firstIndex(of: name).flatMap { arguments.index(after: $0) < arguments.endIndex ? arguments[arguments.index(after: $0)] : nil }
}
let writeTarget = option("--write")
// Started before any section loads anything, so the commands it runs report their own peak memory.
let spawner = try Spawner.Client()
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bailanys-bench-\(getpid())").path
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: folder) }

typealias Figures = [(name: String, value: Double, unit: String)]
/// `--only WORD[,WORD…]` runs just the sections whose title contains one of the words (e.g. `--only graph`,
/// so that RSS is the graph's alone; `--only demo,terminal` for the directory and the UI on it).
let only = option("--only")?.split(separator: ",").map(String.init)
func section<Result>(_ title: String, skipped: Result, _ body: () throws -> Result) rethrows -> Result {
    if let only, !only.contains(where: title.contains) { return skipped }
    FileHandle.standardError.write(Data("… \(title)\n".utf8))
    return try body()
}
func section(_ title: String, _ body: () throws -> Figures) rethrows -> Figures { try section(title, skipped: [], body) }
// The graph runs first: its peak memory (VmHWM) is then its own, not the store benchmarks'.
let graphRows = section("graph at 100k people / 1M events") { runGraphBenchmarks(people: 100_000, events: 1_000_000, seed: 2021) }
let networkxRows = section("resource allocation: Swift vs networkx at 10k people") { runNetworkxComparison(people: 10_000, seed: 2021) }
let today = Day(iso: "2026-11-25")!
/// `--alumni 8900` (comma-separated) limits the demo directories measured, for quick iterations.
let alumniCounts = option("--alumni")
    .map { $0.split(separator: ",").compactMap { Int($0) } } ?? [8_900, 100_000]
let (storeRows, directories) = try section("demo directory and search", skipped: ([], [])) {
    try runStoreBenchmarks(alumniCounts: alumniCounts, folder: folder, today: today)
}
let tuiRows = try section("terminal UI: cold start and keystrokes") { try runTUIBenchmarks(directories: directories, today: today) }
let processRows = try section("cold start of the release binary on a pseudo-terminal") { () throws -> Figures in
    guard let demo = directories.first else { return [] }
    let binary = try releaseBinary()
    let home = "\(folder)/home"
    let times = try measureProcessColdStart(
        binary: binary, arguments: ["--db", demo.path, "--as", "P1", "--lang", "kk"],
        environment: ["HOME": home, "XDG_CONFIG_HOME": "\(home)/config", "LANG": "C.UTF-8", "TERM": "xterm-256color",
                      "BAILANYS_TODAY": today.iso],
        marker: try countMarker(), runs: 11).sorted()
    return [("process.\(demo.alumni).coldStartToDirectory.median", times[times.count / 2], "ms"),
            ("process.\(demo.alumni).coldStartToDirectory.max", times.last!, "ms")]
}
let tieRows = try section("ties at scale: graph commands as a person runs them") {
    try runTieBenchmarks(alumniCounts: alumniCounts, folder: folder, today: today)
}
let coordinatorRows = try section("map and report figures") { try runCoordinatorBenchmarks(alumni: 8_900, folder: folder) }
let meetupRows = section("meetup plan over 10k candidates") {
    runMeetupBenchmarks(people: 100_000, events: 1_000_000, candidates: 10_000, seed: 2021)
}
let importRows = try section("CSV import of 100k people and 1M interactions") {
    try runInterchangeBenchmarks(people: 100_000, interactions: 1_000_000, seed: 2021, folder: folder)
}
// Opt-in: many SSH sessions against a real sshd (scripts/session-capacity.py); its figures have their own table.
let (sessionRows, sessionNote): (Figures, String) = try {
    guard let only, only.contains(where: "sessions over real sshd".contains) else { return ([], "") }
    return try section("sessions over real sshd", skipped: ([], "")) {
        return try runSessionBenchmarks(binary: try releaseBinary(), sessions: option("--sessions").flatMap { Int($0) } ?? 100, seconds: 60)
    }
}()
let rows = graphRows + networkxRows + storeRows + tuiRows + processRows + tieRows + coordinatorRows + meetupRows + importRows

let machine = "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory / 1_073_741_824) GiB"
func table(_ rows: Figures) -> String {
    var text = "| figure | value | unit |\n|---|---:|---|\n"
    for row in rows { text += "| `\(row.name)` | \(String(format: row.value >= 100 ? "%.0f" : "%.2f", row.value)) | \(row.unit) |\n" }
    return text
}
var report = table(rows) + "\nMeasured on \(machine), release build, by `swift run -c release bailanys-bench --write docs/benchmarks.md`.\n"
let sessionReport = table(sessionRows) + "\n\(sessionNote) Measured on \(machine), release build, by "
    + "`swift run -c release bailanys-bench --only sessions --sessions \(option("--sessions") ?? "100") --write docs/benchmarks.md`.\n"
if !rows.isEmpty { print(report) }
if !sessionRows.isEmpty { print(sessionReport) }

/// Replaces what lies between `<!-- NAME:begin -->` and `<!-- NAME:end -->` in `text`.
func replacing(_ name: String, in text: String, with body: String, file: String) -> String {
    let begin = "<!-- \(name):begin -->", end = "<!-- \(name):end -->"
    guard let start = text.range(of: begin), let stop = text.range(of: end) else {
        FileHandle.standardError.write(Data("\(file) lacks the \(begin) … \(end) markers\n".utf8))
        exit(1)
    }
    return String(text[..<start.upperBound] + "\n" + body + text[stop.lowerBound...])
}
if let writeTarget {
    var text = (try? String(contentsOfFile: writeTarget, encoding: .utf8))
        ?? "# Benchmarks\n\n<!-- bench:begin -->\n<!-- bench:end -->\n\n<!-- bench-sessions:begin -->\n<!-- bench-sessions:end -->\n"
    // Each table only when its sections ran: `--only sessions` leaves the main table as it was, and the reverse.
    if !rows.isEmpty { text = replacing("bench", in: text, with: report, file: writeTarget) }
    if !sessionRows.isEmpty { text = replacing("bench-sessions", in: text, with: sessionReport, file: writeTarget) }
    try text.write(toFile: writeTarget, atomically: true, encoding: .utf8)
}
