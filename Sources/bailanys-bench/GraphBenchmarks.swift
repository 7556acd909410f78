import BailanysCore
import BailanysGraph
import Foundation

/// Builds a synthetic directory of `people` people and about `events` tie events, then times the graph engine.
func runGraphBenchmarks(people: Int, events: Int, seed: UInt64) -> [(name: String, value: Double, unit: String)] {
    let (nodes, tieEvents) = syntheticGraph(people: people, events: events, seed: seed)
    let clock = ContinuousClock()
    func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }

    let inputRSS = residentMegabytes("VmRSS:")
    var snapshot: GraphSnapshot?
    let buildTime = clock.measure { snapshot = try? GraphSnapshot.build(nodes: nodes, events: tieEvents) }
    guard let snapshot else { return [("graph.build.failed", 1, "flag")] }
    let now = Day(iso: "2026-01-01")!

    var random = SeededRandom(seed: seed ^ 0xBE7C)
    var suggestionTimes: [Double] = []
    for _ in 0..<101 {
        let me = EntityID(.person, Int(random.next() % UInt64(people)) + 1)
        suggestionTimes.append(seconds(clock.measure { _ = try? Suggestions.compute(snapshot: snapshot, me: me, now: now) }))
    }
    suggestionTimes.sort()

    var fadingCount = 0
    let scanTime = clock.measure { fadingCount = GraphViews.allFadingTies(snapshot: snapshot, now: now).count }

    return [
        ("graph.events", Double(snapshot.eventCount), "events"),
        ("graph.edges", Double(snapshot.edgeCount), "edges"),
        ("graph.build", seconds(buildTime) * 1000, "ms"),
        ("graph.suggestions.median", suggestionTimes[suggestionTimes.count / 2] * 1000, "ms"),
        ("graph.suggestions.p90", suggestionTimes[suggestionTimes.count * 9 / 10] * 1000, "ms"),
        ("graph.fadingScan", seconds(scanTime) * 1000, "ms"),
        ("graph.fadingTies", Double(fadingCount), "ties"),
        ("graph.rss.inputOnly", inputRSS, "MB"),
        ("graph.rss.peak", residentMegabytes("VmHWM:"), "MB"),
        // Upper bound on what building and querying the snapshot added on top of the synthetic input.
        ("graph.rss.peakAboveInput", residentMegabytes("VmHWM:") - inputRSS, "MB"),
    ]
}

/// A field of /proc/self/status (Linux): VmRSS now, VmHWM the peak; 0 where unavailable.
private func residentMegabytes(_ field: String) -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) }),
          let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kilobytes / 1024
}

/// Teams of 3–5 in four yearly rounds (the last online), a mentor per team, organisations per settlement,
/// and the remaining events as meetups, contacts and organisation ties, mostly among nearby people.
func syntheticGraph(people: Int, events: Int, seed: UInt64) -> ([GraphNode], [TieEvent]) {
    var random = SeededRandom(seed: seed)
    func pick(_ n: Int) -> Int { Int(random.next() % UInt64(max(n, 1))) }
    let rounds = (0..<4).map { k in
        RoundRef(id: EntityID(.round, k + 1), year: 2022 + k, number: k + 1, format: k == 3 ? .online : .offline,
                 start: Day(year: 2022 + k, month: 3, day: 1)!)
    }
    let themes = ["ecology", "sport", "culture", "education", "health", "digital", "tourism", "social"]
    let settlements = 200
    func place(_ s: Int) -> (key: String, region: String, lat: Double, lon: Double) {
        ("s\(s)", "r\(s % 17)", 41 + Double(s % 20) * 0.5, 50 + Double(s / 20) * 3)
    }

    var nodes: [GraphNode] = []
    var tieEvents: [TieEvent] = []
    tieEvents.reserveCapacity(events)
    let mentors = max(1, people / 50)
    var n = 1, initiative = 1
    while n <= people {
        let size = min(3 + pick(3), people - n + 1)
        let round = rounds[pick(4)]
        let s = pick(settlements), p = place(s)
        let theme = themes[pick(themes.count)]
        let status: InitiativeStatus = random.chance(0.35) ? .continuing : (random.chance(0.7) ? .completed : .stopped)
        let id = EntityID(.initiative, initiative)
        let mentor = EntityID(.person, people - pick(mentors))
        let context = TieContext(initiative: id, round: round.id)
        for k in 0..<size {
            let member = InitiativeMembership(initiative: id, title: "Initiative \(initiative)", theme: theme, status: status,
                                              teamRole: k == 0 ? .leader : .member, round: round.id, settlement: p.key)
            let isMentor = n + k > people - mentors
            nodes.append(.person(EntityID(.person, n + k), name: "Person \(n + k)", role: isMentor ? .mentor : .alumnus,
                                 settlement: p.key, region: p.region, latitude: p.lat, longitude: p.lon,
                                 rounds: isMentor ? [] : [round], initiatives: isMentor ? [] : [member],
                                 suggestionsOptOut: random.chance(0.03)))
            for j in 0..<k {
                tieEvents.append(TieEvent(EntityID(.person, n + j), EntityID(.person, n + k), day: round.start, kind: .team,
                                          context: context))
            }
            tieEvents.append(TieEvent(mentor, EntityID(.person, n + k), day: round.start, kind: .mentorship, context: context))
        }
        n += size
        initiative += 1
    }
    let organizations = max(1, people / 100)
    for o in 1...organizations {
        let p = place(o % settlements)
        nodes.append(.organization(EntityID(.organization, o), name: "Org \(o)", kind: OrganizationKind.allCases[o % 5],
                                   settlement: p.key, region: p.region, latitude: p.lat, longitude: p.lon))
    }
    let firstDay = rounds[0].start.ordinal, span = Day(iso: "2026-01-01")!.ordinal - firstDay
    while tieEvents.count < events {
        let a = 1 + pick(people)
        let day = Day(ordinal: firstDay + pick(span))
        switch pick(10) {
        case 0:
            tieEvents.append(TieEvent(EntityID(.person, a), EntityID(.organization, 1 + pick(organizations)), day: day,
                                      kind: .organization))
        case 1, 2:
            let b = 1 + (a + pick(400)) % people
            tieEvents.append(TieEvent(EntityID(.person, a), EntityID(.person, b), day: day, kind: .meetup,
                                      context: TieContext(meetup: EntityID(.meetup, 1 + pick(2000)))))
        default:
            // Mostly near neighbours in id order (same teams and settlements), sometimes anyone.
            let b = random.chance(0.8) ? 1 + (a + pick(60)) % people : 1 + pick(people)
            tieEvents.append(TieEvent(EntityID(.person, a), EntityID(.person, b), day: day, kind: .interaction))
        }
    }
    return (nodes, tieEvents)
}
