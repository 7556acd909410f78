import BailanysCore
import BailanysResources
import Foundation

// Release-build benchmarks. `swift run -c release bailanys-bench [--write docs/benchmarks.md]`
// prints a Markdown table of figures; with --write it replaces the generated section of the file.
let arguments = CommandLine.arguments.dropFirst()
let usage = """
    USAGE: bailanys-bench [--only <words>] [--alumni <counts>] [--write <file>]

    Release-build benchmarks of Bailanys; prints a Markdown table of figures. The full run takes
    many minutes and several GiB of memory: build with `swift build -c release` first.

    OPTIONS:
      --only <words>     Run only the sections whose title contains one of these comma-separated
                         words, e.g. `graph` or `demo,terminal`.
      --alumni <counts>  Demo directory sizes, comma-separated (default: 8900,100000).
      --write <file>     Replace the generated section of <file> (docs/benchmarks.md) with the table.
      -h, --help         Show this help.

    """
// Checked before anything runs: a typo must not start a run of many minutes.
let valueOptions: Set<String> = ["--only", "--alumni", "--write"]
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
    // The binary sits next to this one: `swift build -c release` builds both.
    let binary = Bundle.main.executableURL!.deletingLastPathComponent().appendingPathComponent("bailanys").path
    guard FileManager.default.isExecutableFile(atPath: binary) else {
        throw BenchFailure("\(binary) is missing: run `swift build -c release` first")
    }
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
let rows = graphRows + networkxRows + storeRows + tuiRows + processRows + tieRows + coordinatorRows + meetupRows + importRows

let machine = "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory / 1_073_741_824) GiB"
var report = "| figure | value | unit |\n|---|---:|---|\n"
for row in rows { report += "| `\(row.name)` | \(String(format: row.value >= 100 ? "%.0f" : "%.2f", row.value)) | \(row.unit) |\n" }
report += "\nMeasured on \(machine), release build, by `swift run -c release bailanys-bench --write docs/benchmarks.md`.\n"
print(report)

if let writeTarget {
    let begin = "<!-- bench:begin -->", end = "<!-- bench:end -->"
    let existing = (try? String(contentsOfFile: writeTarget, encoding: .utf8)) ?? "# Benchmarks\n\n\(begin)\n\(end)\n"
    guard let start = existing.range(of: begin), let stop = existing.range(of: end) else {
        FileHandle.standardError.write(Data("\(writeTarget) lacks the \(begin) … \(end) markers\n".utf8))
        exit(1)
    }
    let updated = existing[..<start.upperBound] + "\n" + report + existing[stop.lowerBound...]
    try String(updated).write(toFile: writeTarget, atomically: true, encoding: .utf8)
}
