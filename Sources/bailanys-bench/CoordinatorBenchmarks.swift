import BailanysCore
import BailanysGraph
import BailanysResources
import BailanysSample
import BailanysStore
import Foundation

/// What opening the Map and Report screens costs on the demo directory: the store's alumni per region,
/// the graph's network health by region, and the study indicators read from the store.
func runCoordinatorBenchmarks(alumni: Int, folder: String) throws -> [(name: String, value: Double, unit: String)] {
    let gazetteer = BailanysResources.gazetteer
    let today = Day(iso: "2026-11-25")!
    let data = SampleGenerator.generate(SampleParameters(alumni: alumni, today: today), gazetteer: gazetteer,
                                        names: try NameLists.bundled())
    let store = try DirectoryStore.replace(path: "\(folder)/coordinator-\(alumni).sqlite", gazetteer: gazetteer,
                                           overwrite: true) { try $0.insert(data) }
    let clock = ContinuousClock()
    /// Median of five runs, in milliseconds.
    func median(_ body: () throws -> Void) rethrows -> Double {
        var times: [Double] = []
        for _ in 0..<5 { times.append(milliseconds(try clock.measure(body))) }
        return times.sorted()[2]
    }
    let snapshot = try store.graphSnapshot()
    return [
        ("coordinator.\(alumni).alumniByRegion", try median { _ = try store.alumniByRegion() }, "ms"),
        ("coordinator.\(alumni).networkHealth", median { _ = GraphViews.networkHealth(snapshot: snapshot, now: today) }, "ms"),
        ("coordinator.\(alumni).studyIndicators", try median { _ = try store.studyIndicators(audience: .coordinator, now: today) },
         "ms"),
        ("coordinator.\(alumni).studyIndicators.computeOnly",
         median { _ = StudyIndicators.compute(data, gazetteer: gazetteer, now: today) }, "ms"),
    ]
}
