import BailanysCore
import BailanysResources
import BailanysSample
import BailanysStore
import Foundation

/// Demo generation and writing to SQLite, and search latency, at the programme's scale and at 100k.
/// The directories stay in `folder` for the benchmarks that follow.
func runStoreBenchmarks(alumniCounts: [Int], folder: String, today: Day) throws -> (figures: Figures, directories: [(alumni: Int, path: String)]) {
    let gazetteer = BailanysResources.gazetteer
    let names = try JSONDecoder().decode(NameLists.self, from: BailanysResources.data(.names))
    let clock = ContinuousClock()
    var results: Figures = []
    var directories: [(alumni: Int, path: String)] = []
    for alumni in alumniCounts {
        let path = "\(folder)/bench-\(alumni).sqlite"
        var data: DirectoryData?
        let generation = clock.measure { data = SampleGenerator.generate(SampleParameters(alumni: alumni, today: today), gazetteer: gazetteer, names: names) }
        var store: DirectoryStore?
        let writing = clock.measure {
            store = try? DirectoryStore.replace(path: path, gazetteer: gazetteer, overwrite: true) { try $0.insert(data!) }
        }
        guard let store else { throw BenchFailure("could not write the \(alumni)-alumni demo directory to \(path)") }
        directories.append((alumni, path))
        let stats = try store.stats()
        results.append(("store.\(alumni).generate", milliseconds(generation), "ms"))
        results.append(("store.\(alumni).write", milliseconds(writing), "ms"))
        results.append(("store.\(alumni).generateAndWrite", milliseconds(generation + writing), "ms"))
        results.append(("store.\(alumni).interactions", Double(stats.interactions), "rows"))
        results.append(("store.\(alumni).fileSize", Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 1_048_576, "MB"))
        // Queries a person types: prefixes of growing length, Cyrillic and Latin, a place.
        let queries = ["а", "ай", "айг", "айгер", "aigerim", "сап", "ерлан", "aqtau", "шымкент", "нұр", "dana", "zhanaozen",
                       "әсел", "бекз", "кызылорда", "oskemen"]
        var times: [Double] = []
        for _ in 0..<20 {
            for query in queries {
                times.append(milliseconds(clock.measure { _ = try? store.search(query, limit: 200) }))
            }
        }
        times.sort()
        results.append(("store.\(alumni).search.median", times[times.count / 2], "ms"))
        results.append(("store.\(alumni).search.p99", times[times.count * 99 / 100], "ms"))
        let page = clock.measure { _ = try? store.list(limit: 60, offset: alumni / 2) }
        results.append(("store.\(alumni).listPageMiddle", milliseconds(page), "ms"))
    }
    return (results, directories)
}

func milliseconds(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) * 1e-15
}
