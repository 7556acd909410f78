import Foundation
import Testing

/// `bailanys suggest`, run as the built binary on a small demo directory.
@Suite(.serialized) struct SuggestCommandTests {
    let cli = BinaryRunner()

    func json(_ result: BinaryRunner.Result) throws -> [String: Any] {
        #expect(result.status == 0, "stderr: \(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    func suggestions(_ report: [String: Any], _ kind: String) -> [[String: Any]] {
        report[kind] as? [[String: Any]] ?? []
    }

    /// The first person with suggestions of every kind, so each test checks real lists.
    func personWithAllKinds(db: String) throws -> String {
        for n in 1...60 {
            let report = try json(try cli.run(["suggest", "--as", "P\(n)", "--db", db, "--json"]))
            if ["reconnect", "meet", "partners"].allSatisfy({ !suggestions(report, $0).isEmpty }) { return "P\(n)" }
        }
        Issue.record("no one among P1…P60 has suggestions of all three kinds")
        return "P1"
    }

    @Test func jsonShapeSharesAndLanguages() throws {
        let db = try cli.demo()
        let me = try personWithAllKinds(db: db)
        let report = try json(try cli.run(["suggest", "--as", me, "--db", db, "--json", "--top", "3"]))
        #expect(Set(report.keys) == ["person", "name", "today", "language", "reconnect", "meet", "partners"])
        #expect(report["person"] as? String == me)
        #expect(report["today"] as? String == "2026-11-25")
        for kind in ["reconnect", "meet", "partners"] {
            let list = suggestions(report, kind)
            #expect(list.count <= 3)
            let scores = list.compactMap { $0["score"] as? Double }
            #expect(scores == scores.sorted(by: >), "\(kind) is ordered by score")
            for s in list {
                #expect(Set(s.keys).isSuperset(of: ["key", "id", "name", "score", "reasons"]))
                let key = try #require(s["key"] as? String)
                #expect(key.hasPrefix((kind == "partners" ? "partner" : kind) + ":\(me):"))
                let reasons = try #require(s["reasons"] as? [[String: Any]])
                #expect(!reasons.isEmpty)
                let shares = reasons.compactMap { $0["share"] as? Double }
                #expect(abs(shares.reduce(0, +) - 1) < 1e-9, "shares of \(key) sum to 1")
                #expect(shares == shares.sorted(by: >))
                #expect(reasons.allSatisfy { !($0["code"] as? String ?? "").isEmpty && !($0["text"] as? String ?? "").isEmpty })
            }
        }
        #expect(suggestions(report, "reconnect").allSatisfy { ($0["tie"] as? [String: Any])?["fading"] as? Bool == true })

        // One wording, three languages: same reasons and codes, different words.
        let ru = try json(try cli.run(["suggest", "--as", me, "--db", db, "--json", "--top", "3", "--lang", "ru"]))
        #expect(ru["language"] as? String == "ru")
        let codes = { (r: [String: Any]) in self.suggestions(r, "reconnect").flatMap { ($0["reasons"] as! [[String: Any]]).map { $0["code"] as! String } } }
        let texts = { (r: [String: Any]) in self.suggestions(r, "reconnect").flatMap { ($0["reasons"] as! [[String: Any]]).map { $0["text"] as! String } } }
        #expect(codes(ru) == codes(report))
        #expect(Set(texts(ru)).isDisjoint(with: texts(report)))
        let kk = try cli.run(["suggest", "--as", me, "--db", db, "--top", "2", "--lang", "kk"])
        #expect(kk.status == 0)
        #expect(kk.stdout.contains("Қайта табысу") && kk.stdout.contains("Танысу") && kk.stdout.contains("Серіктестер"))
        #expect(kk.stdout.contains("%"))
    }

    @Test func kindAndTopNarrowTheReport() throws {
        let db = try cli.demo()
        let me = try personWithAllKinds(db: db)
        let meet = try json(try cli.run(["suggest", "--as", me, "--db", db, "--json", "--kind", "meet", "--top", "1"]))
        #expect(meet["reconnect"] == nil && meet["partners"] == nil)
        #expect(suggestions(meet, "meet").count == 1)
        let text = try cli.run(["suggest", "--as", me, "--db", db, "--kind", "partners"])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("Partners ("))
        #expect(!text.stdout.contains("Reconnect"))
    }

    @Test func dismissedSnoozedAndOptedOutAreHidden() throws {
        let db = try cli.demo()
        let me = try personWithAllKinds(db: db)
        let before = try json(try cli.run(["suggest", "--as", me, "--db", db, "--json"]))
        let reconnectKey = try #require(suggestions(before, "reconnect").first?["key"] as? String)
        let meetKey = try #require(suggestions(before, "meet").first?["key"] as? String)
        #expect(try cli.run(["dismiss", reconnectKey, "--as", me, "--db", db]).status == 0)
        #expect(try cli.run(["snooze", meetKey, "--until", "2027-01-01", "--as", me, "--db", db]).status == 0)
        let after = try json(try cli.run(["suggest", "--as", me, "--db", db, "--json"]))
        let keys = Set(["reconnect", "meet", "partners"].flatMap { suggestions(after, $0).compactMap { $0["key"] as? String } })
        #expect(!keys.contains(reconnectKey) && !keys.contains(meetKey))
        // The snooze ends on its day.
        let later = try json(try cli.run(["suggest", "--as", me, "--db", db, "--json"], environment: ["BAILANYS_TODAY": "2027-01-01"]))
        #expect(suggestions(later, "meet").contains { $0["key"] as? String == meetKey })

        // Someone who opts out disappears from the suggestions.
        let subject = try #require(suggestions(after, "meet").first?["id"] as? String)
        #expect(try cli.run(["edit", subject, "--suggestions", "no", "--as", subject, "--db", db]).status == 0)
        let optedOut = try cli.run(["suggest", "--as", me, "--db", db, "--json"])
        #expect(optedOut.status == 0)
        let report = try json(optedOut)
        #expect(!["reconnect", "meet"].flatMap { suggestions(report, $0) }.contains { $0["id"] as? String == subject })
    }

    @Test func badIdentitiesAndOptionsExitWithTheRightCode() throws {
        let db = try cli.demo()
        let unknown = try cli.run(["suggest", "--as", "P999999", "--db", db])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("P999999"))
        #expect(unknown.stdout.isEmpty)
        for bad in [["--as", "X12"], ["--as", "O1"], ["--as", "P1", "--top", "0"], ["--as", "P1", "--kind", "friends"],
                    ["--as", "P1", "--lang", "de"]] {
            let result = try cli.run(["suggest", "--db", db] + bad)
            #expect(result.status == 2, "\(bad) is a usage error: \(result.stderr)")
            #expect(!result.stderr.isEmpty)
        }
        let nobody = try cli.run(["suggest", "--db", db])
        #expect(nobody.status == 1)
        #expect(nobody.stderr.contains("--as"))
    }
}
