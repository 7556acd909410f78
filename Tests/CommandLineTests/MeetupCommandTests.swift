import Foundation
import Testing

@Suite struct MeetupCommandTests {
    struct PlanJSON: Decodable {
        struct Invitee: Decodable {
            struct Reason: Decodable { var kind: String; var text: String }
            var id: String, distanceKm: Double?, mentor: Bool, table: Int?, reasons: [Reason]
        }
        var candidates: Int, invitees: [Invitee], tables: [[String]], saved: String?, communityModularity: Double
    }

    struct MeetupJSON: Decodable {
        struct Invitee: Decodable { var id: String; var attended: Bool? }
        var id: String, status: String, invitees: [Invitee], attendees: [String]
    }

    static let plan = ["meetup", "plan", "--host", "Астана", "--date", "2026-11-20T18:30", "--capacity", "12", "--radius", "3000"]

    @Test func planRespectsCapacityAndIsRepeatable() throws {
        let cli = BinaryRunner()
        let db = try cli.demo()
        let first = try cli.run(Self.plan + ["--db", db, "--json", "--seed", "7"])
        #expect(first.status == 0, "\(first.stderr)")
        let plan = try JSONDecoder().decode(PlanJSON.self, from: Data(first.stdout.utf8))
        #expect(!plan.invitees.isEmpty && plan.invitees.count <= 12)
        #expect(plan.invitees.allSatisfy { ($0.distanceKm ?? .infinity) <= 3000 && !$0.reasons.isEmpty && $0.table != nil })
        #expect(plan.tables.flatMap { $0 }.sorted() == plan.invitees.map(\.id).sorted())
        #expect(plan.saved == nil)
        #expect(try cli.run(Self.plan + ["--db", db, "--json", "--seed", "7"]).stdout == first.stdout)
        #expect(try cli.run(["meetup", "list", "--db", db]).stdout.contains("No meetups yet"), "plan alone saves nothing")
        let text = try cli.run(Self.plan + ["--db", db, "--lang", "en"])
        #expect(text.status == 0 && text.stdout.contains("Tables (Louvain modularity") && text.stdout.contains("Not saved"))
    }

    @Test func saveAttendShowAndExport() throws {
        let cli = BinaryRunner()
        let db = try cli.demo()
        let ics = cli.path("meetup.ics")
        let saved = try cli.run(Self.plan + ["--db", db, "--json", "--ics", ics])
        let plan = try JSONDecoder().decode(PlanJSON.self, from: Data(saved.stdout.utf8))
        #expect(plan.saved == "M1")
        let calendar = try String(contentsOfFile: ics, encoding: .utf8)
        #expect(calendar.hasPrefix("BEGIN:VCALENDAR\r\n") && calendar.contains("DTSTART;TZID=Asia/Almaty:20261120T183000\r\n"))
        #expect(calendar.contains("UID:M1-"))

        let list = try cli.run(["meetup", "list", "--db", db])
        #expect(list.stdout.contains("M1") && list.stdout.contains("planned"))

        let came = Array(plan.invitees.prefix(3).map(\.id))
        let attend = try cli.run(["meetup", "attend", "M1"] + came + ["--db", db])
        #expect(attend.status == 0, "\(attend.stderr)")
        #expect(attend.stdout.contains("M1 held: 3 came"))
        let shown = try JSONDecoder().decode(MeetupJSON.self, from: Data(try cli.run(["meetup", "show", "M1", "--db", db, "--json"]).stdout.utf8))
        #expect(shown.status == "held" && shown.attendees == came.sorted { Int($0.dropFirst())! < Int($1.dropFirst())! })
        #expect(shown.invitees.filter { $0.attended == true }.count == 3)
        #expect(try cli.run(["show", "M1", "--db", db]).stdout.contains("3 came"), "show knows meetup ids")

        let text = try cli.run(["meetup", "export", "M1", "--format", "text", "--lang", "kk", "--db", db])
        #expect(text.status == 0 && text.stdout.contains("Қашан: 20 қар. 2026, 18:30"))
        let ru = try cli.run(["meetup", "export", "M1", "--format", "text", "--lang", "ru", "--db", db])
        #expect(ru.stdout.contains("Когда:"))
        let file = cli.path("m1.ics")
        #expect(try cli.run(["meetup", "export", "M1", "--format", "ics", "-o", file, "--db", db]).status == 0)
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("END:VEVENT\r\n"))
    }

    @Test func badInputIsOneClearSentenceAndChangesNothing() throws {
        let cli = BinaryRunner()
        let db = try cli.demo()
        func failure(_ arguments: [String]) throws -> BinaryRunner.Result { try cli.run(arguments + ["--db", db]) }
        var swapped = Self.plan
        swapped[5] = "2026-13-01T10:00"
        let badDate = try failure(swapped + ["--save"])
        #expect(badDate.status == 2 && badDate.stderr.contains("--date 2026-13-01T10:00"))
        swapped = Self.plan
        swapped[3] = "Atlantis"
        #expect(try failure(swapped + ["--save"]).status == 1)
        #expect(try failure(Self.plan + ["--focus", "planet:mars", "--save"]).stderr.contains("--focus planet:mars"))
        #expect(try failure(Self.plan + ["--focus", "round:R99", "--save"]).status == 1)
        swapped = Self.plan
        swapped[7] = "0"
        #expect(try failure(swapped + ["--save"]).status == 2)
        #expect(try failure(["meetup", "show", "X1"]).status == 2)
        #expect(try failure(["meetup", "show", "M9"]).status == 1)
        #expect(try cli.run(["meetup", "list", "--db", db]).stdout.contains("No meetups yet"))
        // Attendance before the day is refused.
        var future = Self.plan
        future[5] = "2027-01-15T18:00"
        #expect(try failure(future + ["--save"]).status == 0)
        let early = try failure(["meetup", "attend", "M1", "P1"])
        #expect(early.status == 1 && early.stderr.contains("mark attendance after it is held"))
        #expect(try cli.run(["meetup", "list", "--db", db]).stdout.contains("planned"))
    }
}
