import Foundation

// Release-build benchmarks. `swift run -c release bailanys-bench [--write docs/benchmarks.md]`
// prints a Markdown table of figures; with --write it replaces the generated section of the file.
let arguments = CommandLine.arguments.dropFirst()
let writeTarget = arguments.firstIndex(of: "--write").flatMap { arguments.index(after: $0) < arguments.endIndex ? arguments[arguments.index(after: $0)] : nil }
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bailanys-bench-\(getpid())").path
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: folder) }

typealias Figures = [(name: String, value: Double, unit: String)]
func section(_ title: String, _ body: () throws -> Figures) rethrows -> Figures {
    FileHandle.standardError.write(Data("… \(title)\n".utf8))
    return try body()
}
let rows: Figures = try section("demo directory and search") { try runStoreBenchmarks(alumniCounts: [8_900, 100_000], folder: folder) }
    + section("graph at 100k people / 1M events") { runGraphBenchmarks(people: 100_000, events: 1_000_000, seed: 2021) }
    + section("CSV import of 100k people and 1M interactions") { try runInterchangeBenchmarks(people: 100_000, interactions: 1_000_000, seed: 2021, folder: folder) }

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
