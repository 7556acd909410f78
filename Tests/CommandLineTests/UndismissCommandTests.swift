import BailanysCore
import Foundation
import Testing

/// `bailanys undismiss`: the way back from `bailanys dismiss`, on the built binary.
@Suite(.serialized) struct UndismissCommandTests {
    let cli = BinaryRunner()

    func keys(_ db: String, as me: String) throws -> [String] {
        let result = try cli.run(["suggest", "--as", me, "--db", db, "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return ["reconnect", "meet", "partners"].flatMap { (report[$0] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String } }
    }

    @Test func listsAndRestoresADismissedSuggestion() throws {
        let db = try cli.demo()
        let me = try #require((1...40).map { "P\($0)" }.first { try! !keys(db, as: $0).isEmpty })
        let key = try #require(try keys(db, as: me).first)
        #expect(try cli.run(["dismiss", key, "--db", db, "--as", me]).status == 0)
        #expect(!(try keys(db, as: me)).contains(key))

        let listed = try cli.run(["undismiss", "--list", "--json", "--db", db, "--as", me])
        #expect(listed.status == 0, "stderr: \(listed.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: String]])
        // Named as the app's Dismissed tab names them (the list gave keys alone; review).
        let name = try cli.open(db).displayName(try #require(EntityID(String(key.split(separator: ":").last!))))
        #expect(rows == [["key": key, "name": name, "dismissed": "2026-11-25"]])
        let text = try cli.run(["undismiss", "--list", "--db", db, "--as", me]).stdout
        #expect(text.contains(key) && text.contains(name), "\(text)")

        let restored = try cli.run(["undismiss", key, "--json", "--db", db, "--as", me])
        #expect(restored.status == 0, "stderr: \(restored.stderr)")
        #expect(restored.stdout.contains("\"undismissed\" : \"\(key)\""))
        #expect(try keys(db, as: me).contains(key), "suggested again")
        #expect(try cli.run(["undismiss", "--list", "--db", db, "--as", me]).stdout.contains("No dismissed suggestions."))

        let again = try cli.run(["undismiss", key, "--db", db, "--as", me])
        #expect(again.status != 0 && again.stderr.contains(key), "a key not dismissed is told, not ignored: \(again.stderr)")
        let typo = try cli.run(["undismiss", "reconnect:P1", "--db", db, "--as", me])
        #expect(typo.status == 2 && typo.stderr.contains("not a suggestion key"))
        #expect(try cli.run(["undismiss", "--db", db]).status == 2, "a key or --list")
    }

    /// A snoozed suggestion is listed with its day until it ends, and comes back at once when restored (review: a
    /// snooze could be neither seen nor undone).
    @Test func listsAndRestoresASnoozedSuggestion() throws {
        let db = try cli.demo()
        let me = try #require((1...40).map { "P\($0)" }.first { try! !keys(db, as: $0).isEmpty })
        let key = try #require(try keys(db, as: me).first)
        #expect(try cli.run(["snooze", key, "--until", "2027-01-10", "--db", db, "--as", me]).status == 0)
        #expect(!(try keys(db, as: me)).contains(key))
        let listed = try cli.run(["undismiss", "--list", "--json", "--db", db, "--as", me])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: String]])
        let name = try cli.open(db).displayName(try #require(EntityID(String(key.split(separator: ":").last!))))
        #expect(rows == [["key": key, "name": name, "snoozed": "2026-11-25", "until": "2027-01-10"]], "\(listed.stdout)")
        #expect(try cli.run(["undismiss", "--list", "--db", db, "--as", me]).stdout.contains("until 2027-01-10"))
        #expect(try cli.run(["undismiss", key, "--db", db, "--as", me]).status == 0)
        #expect(try keys(db, as: me).contains(key), "suggested again before its day")
        // A snooze whose day has come hides nothing, so it is not listed.
        #expect(try cli.run(["snooze", key, "--until", "2027-01-10", "--db", db, "--as", me]).status == 0)
        let later = try cli.run(["undismiss", "--list", "--db", db, "--as", me], environment: ["BAILANYS_TODAY": "2027-01-10"])
        #expect(later.stdout.contains("No dismissed suggestions."), "\(later.stdout)")
    }
}
