import Foundation
import Testing

/// `graph evaluate` on a real temporal network nobody here generated (SNAP email-Eu-core, first 150 days; see
/// ../shared/data/temporal/README.md), imported through the public CSV path by scripts/temporal-to-csv.py.
/// The figures in docs/algorithms.md come from the same commands; these floors keep them from sliding back.
@Suite(.serialized) struct RealNetworkEvaluationTests {
    /// The package root is three levels above this file; the data sit in ../shared beside it (as in CI).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let edges = packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/data/temporal/email-eu-core-temporal-first150days.txt")
    static var available: Bool { FileManager.default.fileExists(atPath: edges.path) }

    @Test(.enabled(if: available, "../shared/data/temporal is absent beside the package root: real-network floors skipped"))
    func realNetworkFloors() throws {
        var cli = BinaryRunner()
        cli.today = "2020-06-04"   // the script puts second 0 on 2020-01-06; the last e-mail day is 2020-06-03
        let csv = cli.path("csv")
        let convert = Process()
        convert.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        convert.arguments = ["python3", Self.packageRoot.appendingPathComponent("scripts/temporal-to-csv.py").path, Self.edges.path, csv]
        try convert.run()
        convert.waitUntilExit()
        #expect(convert.terminationStatus == 0)
        let db = cli.path("email.sqlite")
        for arguments in [["init", "--empty"], ["import", csv + "/people.csv", "--settlement", "Astana"],
                          ["import", csv + "/interactions.csv"]] {
            let result = try cli.run(arguments + ["--db", db])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        // The evaluation runs for a while: its output goes to a file rather than a pipe, so no blocking read is
        // left open for a signal from a concurrent test to interrupt.
        let output = cli.path("evaluate.json")
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let evaluate = Process()
        evaluate.executableURL = BinaryRunner.binary
        evaluate.arguments = ["graph", "evaluate", "--days", "14", "--cuts", "2", "--json", "--db", db]
        evaluate.environment = ["HOME": cli.home.path, "BAILANYS_TODAY": cli.today, "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin",
                                "XDG_DATA_HOME": cli.path("data"), "XDG_CONFIG_HOME": cli.path("config")]
        evaluate.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        evaluate.standardError = FileHandle.nullDevice
        evaluate.standardInput = FileHandle.nullDevice
        try evaluate.run()
        evaluate.waitUntilExit()
        #expect(evaluate.terminationStatus == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any])
        let cuts = try #require(report["cuts"] as? [[String: Any]])
        #expect(cuts.count == 2)
        func ranking(_ task: [String: Any], _ name: String) -> [String: Any]? {
            (task["rankings"] as? [[String: Any]])?.first { $0["name"] as? String == name }
        }
        func beatsEveryBaseline(_ task: [String: Any], _ name: String, _ key: String) throws {
            let mine = try #require(ranking(task, name)?[key] as? Double)
            for baseline in (task["rankings"] as? [[String: Any]] ?? []) where baseline["isBaseline"] as? Bool == true {
                #expect(mine > (baseline[key] as? Double ?? 0), "\(name) \(key) beats \(baseline["name"] ?? "?")")
            }
        }
        for cut in cuts {
            // The fitted tempo: weeks, not years, so fading ties exist (the fixed model had none).
            let tempo = try #require(cut["tempo"] as? [String: Any])
            #expect(try #require(tempo["interactionHalfLifeDays"] as? Double) < 30)
            let reconnect = try #require(cut["reconnect"] as? [String: Any])
            #expect(try #require(reconnect["candidates"] as? Int) > 500)
            #expect(reconnect["weightsSource"] as? String == "learned")
            let learnedReconnect = try #require(ranking(reconnect, "reconnect (learned)"))
            #expect(try #require(learnedReconnect["auc"] as? Double) >= 0.63)
            try beatsEveryBaseline(reconnect, "reconnect (learned)", "auc")
            // precision@10 only over people with more than ten fading ties: a few of the evaluated.
            let precisionPeople = try #require(reconnect["precisionPeople"] as? Int)
            #expect(precisionPeople >= 10 && precisionPeople < (reconnect["evaluatedPeople"] as? Int ?? 0))
            #expect(try #require(learnedReconnect["precisionAtK"] as? Double) >= 0.2)

            let meet = try #require(cut["meet"] as? [String: Any])
            let learnedMeet = try #require(ranking(meet, "meet (learned)"))
            #expect(try #require(learnedMeet["auc"] as? Double) >= 0.83)
            #expect(try #require(learnedMeet["precisionAtK"] as? Double) >= 0.04)
            try beatsEveryBaseline(meet, "meet (learned)", "auc")
            try beatsEveryBaseline(meet, "meet (learned)", "precisionAtK")
        }
    }
}
