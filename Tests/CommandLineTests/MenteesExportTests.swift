import BailanysCore
import BailanysResources
import BailanysStore
import Foundation
import Testing

/// `bailanys export --where mentor=P…`: a mentor's "my mentees' shared contacts", under the policy (issue 14 item 5).
@Suite(.serialized) struct MenteesExportTests {
    let cli = BinaryRunner()

    @Test func aMentorExportsTheirMenteesSharedContacts() throws {
        let db = try cli.demo()
        let store = try DirectoryStore.open(path: db, gazetteer: try Gazetteer(json: BailanysResources.data(.gazetteer)))
        let mentors = try store.list(filter: { var f = DirectoryFilter(); f.roles = [.mentor]; return f }())
        let (mentor, mentees) = try #require(try mentors.lazy.map { ($0.id, try store.personCard($0.id).mentees.map(\.id)) }
            .first { !$0.1.isEmpty })
        let people = try store.people(ids: mentees, audience: .coordinator)

        let json = try cli.run(["export", "--format", "json", "--kind", "people", "--where", "mentor=\(mentor)",
                                "--as", mentor.description, "--db", db])
        #expect(json.status == 0, "\(json.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let exported = (document["people"] as! [[String: Any]]).map { $0["id"] as! String }
        #expect(Set(exported) == Set(mentees.map(\.description)))

        let file = cli.path("mentees.csv")
        let csv = try cli.run(["export", "--format", "csv", "--where", "mentor=\(mentor)", "--as", mentor.description,
                               "-o", file, "--db", db])
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as! Int == 0o600)
        let rows = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.count == mentees.count + 1)
        let header = rows[0].map(String.init)
        let gender = try #require(header.firstIndex(of: "gender")), birth = try #require(header.firstIndex(of: "birth_year"))
        #expect(rows.dropFirst().allSatisfy { $0[gender].isEmpty && $0[birth].isEmpty }, "no gender or birth year")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(!people.flatMap { $0.contacts.filter { !$0.shared }.map(\.value) }.contains { text.contains($0) }, "only shared contacts")

        // Narrowed further by the other conditions; a mentor id must be a person's.
        let narrowed = try cli.run(["export", "--format", "json", "--kind", "people", "--where", "mentor=\(mentor)",
                                    "--where", "role=mentor", "--db", db])
        let none = try JSONSerialization.jsonObject(with: Data(narrowed.stdout.utf8)) as! [String: Any]
        #expect(Set((none["people"] as! [[String: Any]]).map { $0["id"] as! String }).isSubset(of: Set(mentees.map(\.description))))
        let wrong = try cli.run(["export", "--format", "csv", "--where", "mentor=R1", "--db", db])
        #expect(wrong.status == 2 && wrong.stderr.contains("mentor"), "\(wrong.stderr)")
    }

    /// The meetup invite list holds names and shared contacts only, as the guide promises: no gender, no birth year.
    @Test func inviteListHoldsNoGenderOrBirthYear() throws {
        let db = try cli.demo()
        _ = try MeetupExportCommandTests.save(cli, db, date: "2026-11-20T18:30")
        let csv = try cli.run(["meetup", "export", "M1", "--format", "csv", "--db", db, "--as", try cli.coordinatorID(db)])
        #expect(csv.status == 0, "\(csv.stderr)")
        let rows = csv.stdout.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = rows[0].map(String.init)
        let gender = try #require(header.firstIndex(of: "gender")), birth = try #require(header.firstIndex(of: "birth_year"))
        #expect(rows.count > 1 && rows.dropFirst().allSatisfy { $0[gender].isEmpty && $0[birth].isEmpty }, "\(csv.stdout.prefix(400))")
    }
}
