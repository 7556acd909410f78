import BailanysCore
import BailanysGraph
import BailanysResources
import BailanysStore
import Foundation

/// Issue 12, ties at scale: every graph-backed command as a person runs it (the release binary spawned, its wall
/// time and peak RSS from `wait4`), on demo directories written by `bailanys sample`; then, in process, loading the
/// snapshot from the maintained tie state and folding a 100-person meetup or a batch of logs into the live graph.
/// Each command runs `runs` times; the figure is the median wall time and the largest peak RSS. The first run of
/// `suggest` fits and caches the tempo and weights (`…suggest.firstRun`); the median is over cached runs.
func runTieBenchmarks(alumniCounts: [Int], folder: String, today: Day, runs: Int = 5) throws -> Figures {
    let binary = try releaseBinary()
    let environment = ["HOME": "\(folder)/home", "XDG_CONFIG_HOME": "\(folder)/home/config", "LANG": "C.UTF-8",
                       "BAILANYS_TODAY": today.iso]
    var figures: Figures = []
    for alumni in alumniCounts {
        let db = "\(folder)/ties-\(alumni).sqlite"
        let written = try spawnMeasured(binary, ["sample", "--alumni", "\(alumni)", "--db", db, "--force"], environment: environment)
        let size = Double((try FileManager.default.attributesOfItem(atPath: db)[.size] as? Int) ?? 0) / 1_048_576
        figures += [("ties.\(alumni).sample.wall", written.milliseconds, "ms"), ("ties.\(alumni).sample.peakRSS", written.peakMiB, "MiB"),
                    ("ties.\(alumni).fileSize", size, "MiB")]

        let store = try DirectoryStore.open(path: db, gazetteer: BailanysResources.gazetteer)
        // The commands are spawned before this process loads anything big: Linux keeps a task's peak RSS across
        // execve, so a child spawned by a bench holding the 100k graph would report the bench's peak as its own.
        // Up to the last person: at 100k alumni the coordinators come after P100000, and a cap there handed the meetup
        // plan a person who may not plan one (the section stopped with exit 4).
        func firstPerson(_ matches: (Person) -> Bool) -> String {
            var number = 1
            while let person = try? store.person(EntityID(.person, number)), !matches(person) { number += 1 }
            return "P\(number)"
        }
        let mentor = firstPerson { $0.roles.contains(.mentor) && !$0.roles.contains(.coordinator) }
        // Planning a meetup is a coordinator's (any region's).
        let coordinator = firstPerson { $0.roles.contains(.coordinator) }
        let host = (try? store.person(EntityID(.person, 1)).settlement) ?? "aktau"
        let commands: [(name: String, arguments: [String])] = [
            ("suggest", ["suggest", "--as", "P1"]),
            ("mentees", ["mentees", "--as", mentor]),
            ("fading", ["fading", "--as", "P1"]),
            ("meetupPlan", ["meetup", "plan", "--host", host, "--date", "\(today.adding(days: 30).iso)T18:00",
                            "--capacity", "40", "--radius", "100", "--as", coordinator]),
            ("graphIndex", ["graph", "index", "--index", "adamic-adar", "--person", "P1"]),
            ("report", ["report"]),
            ("exportGraphML", ["export", "--format", "graphml", "-o", "\(folder)/ties.graphml"]),
            // Not a graph command, but the other whole-file read a person waits for (review: 31–47 s at 100k).
            ("doctor", ["doctor"]),
        ]
        // A fresh cache: the first suggest fits and learns, as on the first run of a day or after a write.
        try store.clearTieFitCache()
        for command in commands {
            var times: [Double] = [], peak = 0.0
            for run in 0..<runs {
                try? FileManager.default.removeItem(atPath: "\(folder)/ties.graphml")
                let measured = try spawnMeasured(binary, command.arguments + ["--db", db], environment: environment)
                if command.name == "suggest" && run == 0 {
                    figures.append(("ties.\(alumni).suggest.firstRun", measured.milliseconds, "ms"))
                    continue
                }
                times.append(measured.milliseconds)
                peak = max(peak, measured.peakMiB)
            }
            times.sort()
            figures += [("ties.\(alumni).\(command.name).wall", times[times.count / 2], "ms"),
                        ("ties.\(alumni).\(command.name).peakRSS", peak, "MiB")]
        }
        try? FileManager.default.removeItem(atPath: "\(folder)/ties.graphml")

        let clock = ContinuousClock()
        var snapshot: GraphSnapshot?
        let load = clock.measure { snapshot = try? store.graphSnapshot() }
        guard var live = snapshot else { throw BenchFailure("the \(alumni)-alumni directory's graph did not load") }
        // What the app's Report screen waits for (EffectRunner's `.loadReport`): the indicators read from the store.
        var indicatorTimes: [Double] = []
        for _ in 0..<3 {
            indicatorTimes.append(milliseconds(try clock.measure { _ = try store.studyIndicators(audience: .coordinator, now: today) }))
        }
        figures += [("ties.\(alumni).inProcess.studyIndicators", indicatorTimes.sorted()[1], "ms")]
        figures += [("ties.\(alumni).inProcess.loadSnapshot", milliseconds(load), "ms"),
                    ("ties.\(alumni).events", Double(live.eventCount), "events"),
                    ("ties.\(alumni).edges", Double(live.edgeCount), "edges")]

        // Live updates: a 100-person meetup (4,950 pairs) and a batch of 100 logged contacts, into the loaded graph.
        let people = live.nodes.filter(\.isPerson).map(\.id)
        let day = today
        let attendees = stride(from: 0, to: min(people.count, 100 * 37), by: 37).map { people[$0] }
        var meetup: [TieEvent] = []
        for (i, a) in attendees.enumerated() {
            for b in attendees[(i + 1)...] { meetup.append(TieEvent(a, b, day: day, kind: .meetup, context: TieContext(meetup: EntityID(.meetup, 999_999)))) }
        }
        let logs = (0..<100).map { k in TieEvent.contact(people[(k * 7_919) % people.count], people[(k * 104_729 + 1) % people.count], day: day) }
        let meetupTime = clock.measure { live.add(events: meetup) }
        let logsTime = clock.measure { live.add(events: logs) }
        figures += [("ties.\(alumni).live.meetup100", milliseconds(meetupTime), "ms"),
                    ("ties.\(alumni).live.logs100", milliseconds(logsTime), "ms")]
    }
    return figures
}
