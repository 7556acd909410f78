import Foundation
import Testing

/// `graph evaluate` on real temporal networks nobody here generated, imported through the public CSV path by
/// scripts/temporal-to-csv.py: SNAP email-Eu-core (first 150 days; ../shared/data/temporal/README.md), on which the
/// rankings were developed, and two on which they were never tuned: the UC Irvine messages
/// (Tests/Data/uci-messages/README.md) and a company's e-mails (Tests/Data/manufacturing-email/README.md). The figures
/// in docs/algorithms.md come from the same commands; these floors keep them from sliding back.
@Suite(.serialized) struct RealNetworkEvaluationTests {
    /// The package root is three levels above this file; the e-mail data sit in ../shared beside it (as in CI).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let emails = packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/data/temporal/email-eu-core-temporal-first150days.txt")
    static var emailsAvailable: Bool { FileManager.default.fileExists(atPath: emails.path) }
    static let messages = packageRoot.appendingPathComponent("Tests/Data/uci-messages/out.opsahl-ucsocial.gz")
    static let companyEmails = packageRoot.appendingPathComponent("Tests/Data/manufacturing-email/out.radoslaw_email.gz")

    @Test(.enabled(if: emailsAvailable, "../shared/data/temporal is absent beside the package root: e-mail floors skipped"))
    func emailNetworkFloors() throws {
        // The script puts second 0 on 2020-01-06; the last e-mail day is 2020-06-03.
        let cuts = try Self.evaluate(Self.emails, converting: [], today: "2020-06-04", name: "email")
        #expect(cuts.count == 2)
        for cut in cuts {
            let (reconnect, meet) = try Self.sharedFloors(cut, fadingTies: 500, reconnectAUC: 0.63, meetAUC: 0.83)
            let learnedReconnect = try #require(Self.ranking(reconnect, "reconnect (learned)"))
            // precision@10 only over people with more than ten fading ties: a few of the evaluated.
            let precisionPeople = try #require(reconnect["precisionPeople"] as? Int)
            #expect(precisionPeople >= 10 && precisionPeople < (reconnect["evaluatedPeople"] as? Int ?? 0))
            #expect(try #require(learnedReconnect["precisionAtK"] as? Double) >= 0.2)

            #expect(try #require(Self.ranking(meet, "meet (learned)")?["precisionAtK"] as? Double) >= 0.04)
            try Self.beatsEveryBaseline(meet, "meet (learned)", "precisionAtK")
            try Self.notClearlyBehind(reconnect, "reconnect (learned)")
        }
    }

    /// The network the rankings never saw while they were built: they must stay ahead of every baseline on AUC.
    @Test func messageNetworkFloors() throws {
        // KONECT's times are Unix seconds, so the days are real: the last message is of 2004-10-26.
        let cuts = try Self.evaluate(Self.messages, converting: ["--konect", "--channel", "message"], today: "2004-10-27",
                                     name: "messages")
        #expect(cuts.count == 2)
        for cut in cuts {
            let (reconnect, meet) = try Self.sharedFloors(cut, fadingTies: 1000, reconnectAUC: 0.8, meetAUC: 0.65)
            #expect(meet["weightsSource"] as? String == "learned")
            // precision@10 over 7–15 (reconnect) and 78–114 (meet) people: a baseline may be a hit ahead, but
            // never beyond the paired 95 % interval.
            try Self.notClearlyBehind(reconnect, "reconnect (learned)")
            try Self.notClearlyBehind(meet, "meet (learned)")
            // Meet's AUC lead over the best baseline holds under resampling of the people.
            #expect(try Self.interval(meet, "meet (learned)", "aucVersusBestBaseline").low > 0)
            // The hand-set meet, with its activity tie-break, is not clearly behind here (without it: at 10 of 11 cuts).
            #expect(try Self.interval(meet, "meet (hand-set)", "aucVersusBestBaseline").high >= 0)
        }
    }

    /// The third network, added after every change to the rankings and evaluated once (2026-12-07): here the learned
    /// rankings are level with the best baseline, not ahead of it. At 2010-09-17 common neighbours is clearly ahead of
    /// meet on AUC and Adamic–Adar on precision@10, so these floors hold the figures of that first run and no lead.
    @Test func companyEmailFloors() throws {
        // The last e-mail is of 2010-09-30.
        let cuts = try Self.evaluate(Self.companyEmails, converting: ["--konect", "--channel", "email"], today: "2010-10-01",
                                     name: "company")
        #expect(cuts.count == 2)
        for cut in cuts {
            let (reconnect, meet) = try Self.sharedFloors(cut, fadingTies: 800, reconnectAUC: 0.68, meetAUC: 0.75,
                                                          aboveEveryBaseline: false)
            #expect(meet["weightsSource"] as? String == "learned")
            try Self.notClearlyBehind(reconnect, "reconnect (learned)")
        }
    }

    /// What every network must show at every cut: a fitted tempo of weeks, not years, so fading ties exist (the fixed
    /// model had none); more than `fadingTies` of them, ranked by learned weights; each learned ranking's AUC at
    /// least its floor and, unless told otherwise, above every baseline's; the hand-set reconnect ranking, a young
    /// directory's, within 0.05 of the best baseline's AUC (ranked by lost strength it was 0.04–0.48 behind). Returns
    /// the two tasks for the network's own checks.
    static func sharedFloors(_ cut: [String: Any], fadingTies: Int, reconnectAUC: Double, meetAUC: Double,
                             aboveEveryBaseline: Bool = true) throws -> (reconnect: [String: Any], meet: [String: Any]) {
        let tempo = try #require(cut["tempo"] as? [String: Any])
        #expect(try #require(tempo["interactionHalfLifeDays"] as? Double) < 30)
        let reconnect = try #require(cut["reconnect"] as? [String: Any])
        #expect(try #require(reconnect["candidates"] as? Int) > fadingTies)
        #expect(reconnect["weightsSource"] as? String == "learned")
        let meet = try #require(cut["meet"] as? [String: Any])
        for (task, name, floor) in [(reconnect, "reconnect (learned)", reconnectAUC), (meet, "meet (learned)", meetAUC)] {
            #expect(try #require(ranking(task, name)?["auc"] as? Double) >= floor, "\(name)")
            if aboveEveryBaseline { try beatsEveryBaseline(task, name, "auc") }
        }
        let bestBaselineAUC = (reconnect["rankings"] as? [[String: Any]] ?? [])
            .filter { $0["isBaseline"] as? Bool == true }.compactMap { $0["auc"] as? Double }.max() ?? 1
        #expect(try #require(ranking(reconnect, "reconnect (hand-set)")?["auc"] as? Double) >= bestBaselineAUC - 0.05)
        return (reconnect, meet)
    }

    /// Converts `edges` with the script, imports the two CSV files into a new directory and returns the cuts of
    /// `graph evaluate --days 14 --cuts 2 --json` as of `today`.
    static func evaluate(_ edges: URL, converting: [String], today: String, name: String) throws -> [[String: Any]] {
        var cli = BinaryRunner()
        cli.today = today
        let csv = cli.path("csv")
        let convert = Process()
        convert.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        convert.arguments = ["python3", packageRoot.appendingPathComponent("scripts/temporal-to-csv.py").path, edges.path, csv]
            + converting
        try convert.run()
        convert.waitUntilExit()
        #expect(convert.terminationStatus == 0)
        let db = cli.path(name + ".sqlite")
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
        evaluate.environment = cli.environment
        evaluate.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        evaluate.standardError = FileHandle.nullDevice
        evaluate.standardInput = FileHandle.nullDevice
        try evaluate.run()
        evaluate.waitUntilExit()
        #expect(evaluate.terminationStatus == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any])
        return try #require(report["cuts"] as? [[String: Any]])
    }

    static func ranking(_ task: [String: Any], _ name: String) -> [String: Any]? {
        (task["rankings"] as? [[String: Any]])?.first { $0["name"] as? String == name }
    }

    /// The 95 % interval of `name`'s difference from the best baseline (`versusBestBaseline` for precision@k,
    /// `aucVersusBestBaseline` for AUC).
    static func interval(_ task: [String: Any], _ name: String, _ key: String) throws -> (low: Double, high: Double) {
        let versus = try #require(ranking(task, name)?[key] as? [String: Any])
        return (try #require(versus["low"] as? Double), try #require(versus["high"] as? Double))
    }

    /// The best baseline is not ahead beyond the 95 % interval, on precision@k and on AUC.
    static func notClearlyBehind(_ task: [String: Any], _ name: String) throws {
        for key in ["versusBestBaseline", "aucVersusBestBaseline"] {
            #expect(try interval(task, name, key).high >= 0, "\(name) \(key)")
        }
    }

    static func beatsEveryBaseline(_ task: [String: Any], _ name: String, _ key: String) throws {
        let mine = try #require(ranking(task, name)?[key] as? Double)
        for baseline in (task["rankings"] as? [[String: Any]] ?? []) where baseline["isBaseline"] as? Bool == true {
            #expect(mine > (baseline[key] as? Double ?? 0), "\(name) \(key) beats \(baseline["name"] ?? "?")")
        }
    }
}
