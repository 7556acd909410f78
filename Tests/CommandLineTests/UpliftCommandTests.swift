import Foundation
import Testing

/// `bailanys uplift`, `log --suggestion` and what `suggest` records, on the built binary.
@Suite(.serialized) struct UpliftCommandTests {
    let cli = BinaryRunner()

    func json(_ result: BinaryRunner.Result) throws -> [String: Any] {
        #expect(result.status == 0, "stderr: \(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    func reconnect(_ report: [String: Any]) throws -> [String: Any] {
        let kinds = try #require(report["kinds"] as? [[String: Any]])
        return try #require(kinds.first { $0["kind"] as? String == "reconnect" })
    }

    @Test func suggestionsShownAndActedOnAreCountedForCoordinatorsOnly() throws {
        let db = try cli.demo()
        let national = try cli.coordinatorID(db)
        #expect(try cli.run(["uplift", "--holdout", "0.5", "--db", db, "--as", national]).status == 0)
        let me = try #require((1...60).map { "P\($0)" }.first { id in
            let report = try! json(try! cli.run(["suggest", "--as", id, "--db", db, "--json", "--kind", "reconnect"]))
            return !(report["reconnect"] as? [[String: Any]] ?? []).isEmpty
        })
        let shown = try json(try cli.run(["suggest", "--as", me, "--db", db, "--json", "--kind", "reconnect"]))
        let first = try #require((shown["reconnect"] as? [[String: Any]])?.first)
        let key = try #require(first["key"] as? String), subject = try #require(first["id"] as? String)

        let report = try json(try cli.run(["uplift", "--json", "--db", db, "--as", national]))
        let before = try reconnect(report)
        let recorded = try #require((before["shown"] as? [String: Any])?["recorded"] as? Int)
        #expect(recorded >= 1)
        let heldOut = (report["kinds"] as? [[String: Any]] ?? []).compactMap { ($0["heldOut"] as? [String: Any])?["recorded"] as? Int }
        #expect(heldOut.reduce(0, +) >= 1, "with half kept back, some suggestions were kept back")
        #expect(before["actedOn"] as? Int == 0)

        let wrong = try cli.run(["log", me, national, "--suggestion", key, "--db", db, "--as", me])
        #expect(wrong.status != 0 && wrong.stderr.contains("suggestion"), "the key must be about these two: \(wrong.stderr)")
        let logged = try cli.run(["log", me, subject, "--suggestion", key, "--db", db, "--as", me])
        #expect(logged.status == 0, "stderr: \(logged.stderr)")
        let after = try reconnect(try json(try cli.run(["uplift", "--json", "--db", db, "--as", national])))
        #expect(after["actedOn"] as? Int == 1)

        let text = try cli.run(["uplift", "--db", db, "--as", national])
        #expect(text.status == 0 && text.stdout.contains("50% kept back") && text.stdout.contains("too few to say"), "\(text.stdout)")
        let refused = try cli.run(["uplift", "--db", db, "--as", me])
        #expect(refused.status == 4 && refused.stderr.contains("only a coordinator"), "\(refused.stderr)")
        #expect(try cli.run(["uplift", "--holdout", "0.9", "--db", db, "--as", national]).status != 0)
    }

    @Test func statsJSONShowsTheFittedTempo() throws {
        let db = try cli.demo()
        let stats = try json(try cli.run(["stats", "--json", "--db", db]))
        #expect(stats["people"] != nil)
        let tempo = try #require(stats["tempo"] as? [String: Any])
        #expect((tempo["fadingMinQuietDays"] as? Int ?? 0) > 0)
        #expect(tempo["interactionHalfLifeDays"] is Double)
    }
}
