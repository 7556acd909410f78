import BailanysCore
import BailanysGraph
import Foundation

/// Plans a meetup whose radius takes in `candidates` alumni of the synthetic directory, and times the planner.
func runMeetupBenchmarks(people: Int, events: Int, candidates: Int, seed: UInt64) -> [(name: String, value: Double, unit: String)] {
    let (nodes, tieEvents) = syntheticGraph(people: people, events: events, seed: seed)
    guard let snapshot = try? GraphSnapshot.build(nodes: nodes, events: tieEvents) else { return [("meetup.build.failed", 1, "flag")] }
    let now = Day(iso: "2026-01-01")!
    // Host: the settlement of the middle person; radius: the distance that reaches `candidates` consenting alumni.
    let centre = snapshot.nodes[snapshot.nodeCount / 2]
    let distances = snapshot.nodes.filter { $0.isPerson && $0.role == .alumnus && !$0.suggestionsOptOut }
        .map { greatCircleKm(lat1: centre.latitude, lon1: centre.longitude, lat2: $0.latitude, lon2: $0.longitude) }.sorted()
    let radius = distances[min(candidates, distances.count) - 1]
    let request = MeetupRequest(host: MeetupHost(settlement: centre.settlement, latitude: centre.latitude, longitude: centre.longitude),
                                capacity: 100, radiusKm: radius, now: now)
    let clock = ContinuousClock()
    func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
    var plan: MeetupPlan?
    var times: [Double] = []
    for _ in 0..<5 { times.append(seconds(clock.measure { plan = MeetupPlanner.plan(snapshot: snapshot, request: request) })) }
    times.sort()
    return [
        ("meetup.candidates", Double(plan?.candidateCount ?? 0), "people"),
        ("meetup.radius", radius, "km"),
        ("meetup.invitees", Double(plan?.invitees.count ?? 0), "people"),
        ("meetup.plan.median", times[times.count / 2] * 1000, "ms"),
        ("meetup.plan.max", times.last! * 1000, "ms"),
        ("meetup.plan.objective", plan?.objective ?? 0, "F"),
        ("meetup.plan.bound", plan?.upperBound ?? 0, "F"),
        ("meetup.tables.modularity", plan?.tableModularity ?? 0, "Q"),
        ("meetup.communities.modularity", plan?.communityModularity ?? 0, "Q"),
    ]
}
