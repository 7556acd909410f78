import BailanysCore
import BailanysResources
import BailanysStore
import Foundation
import PythonCrossCheck
import Testing

@Suite struct MeetupCommandTests {
    struct PlanJSON: Decodable {
        struct Invitee: Decodable {
            struct Reason: Decodable { var kind: String; var text: String }
            var id: String, distanceKm: Double?, mentor: Bool, table: Int?, reasons: [Reason]
        }
        var candidates: Int, invitees: [Invitee], tables: [[String]], saved: String?, communityModularity: Double
        var objective: Double, upperBound: Double
    }

    struct MeetupJSON: Decodable {
        struct Invitee: Decodable { var id: String; var attended: Bool? }
        var id: String, status: String, invitees: [Invitee], attendees: [String]
    }

    static let plan = ["meetup", "plan", "--host", "Астана", "--date", "2026-11-20T18:30", "--capacity", "12", "--radius", "3000"]

    /// A radius out of range is refused with the range, whatever its sign or size: "-5" was read as an unknown option
    /// ("Missing value for '--radius'") and "1e308" was planned and printed back as a 300-digit number (review D).
    @Test func aRadiusOutOfRangeIsRefusedWithTheRange() throws {
        let cli = BinaryRunner()
        let db = try cli.demo()
        let me = try cli.coordinatorID(db)
        for radius in ["-5", "1e308", "nan", "5001", "0x10", "-0", "1e3"] {
            let plan = Array(Self.plan.dropLast()) + [radius, "--db", db, "--as", me]
            let refused = try cli.run(plan)
            #expect(refused.status == 2 && refused.stderr.contains("expected kilometres from 0 to 5000") && refused.stdout.isEmpty,
                    "\(radius): \(refused.stderr)")
        }
        // A decimal comma reads as in the app's planner form.
        #expect(try cli.run(Array(Self.plan.dropLast()) + ["99,5", "--db", db, "--as", me]).status == 0)
    }

    @Test func planRespectsCapacityAndIsRepeatable() throws {
        let cli = BinaryRunner()
        let db = try cli.demo()
        let me = try cli.coordinatorID(db)
        let first = try cli.run(Self.plan + ["--db", db, "--as", me, "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        let plan = try JSONDecoder().decode(PlanJSON.self, from: Data(first.stdout.utf8))
        #expect(!plan.invitees.isEmpty && plan.invitees.count <= 12)
        #expect(plan.invitees.allSatisfy { ($0.distanceKm ?? .infinity) <= 3000 && !$0.reasons.isEmpty && $0.table != nil })
        #expect(plan.tables.flatMap { $0 }.sorted() == plan.invitees.map(\.id).sorted())
        #expect(plan.saved == nil)
        #expect(try cli.run(Self.plan + ["--db", db, "--as", me, "--json"]).stdout == first.stdout)
        #expect(plan.objective > 0 && plan.objective <= plan.upperBound)
        let seeded = try cli.run(Self.plan + ["--db", db, "--as", me, "--json", "--seed", "7"])
        #expect(seeded.status == 2 && seeded.stderr.contains("--seed was removed") && seeded.stdout.isEmpty)
        #expect(try cli.run(["meetup", "list", "--db", db, "--as", me]).stdout.contains("No meetups yet"), "plan alone saves nothing")
        let text = try cli.run(Self.plan + ["--db", db, "--as", me, "--lang", "en"])
        #expect(text.status == 0 && text.stdout.contains("Tables (Louvain modularity") && text.stdout.contains("Not saved"))
        // The alumni invited are counted against the alumni candidates, the mentors added beside them, as in the app
        // (it read "20 invited of 19 candidates"; review).
        let mentors = plan.invitees.filter(\.mentor).count
        #expect(text.stdout.contains("Invited \(plan.invitees.count - mentors) of \(plan.candidates) alumni, mentors: \(mentors) · "),
                "\(text.stdout.prefix(300))")
    }

    @Test func saveAttendShowAndExport() throws {
        let cli = BinaryRunner()
        let db = try cli.demo()
        let me = try cli.coordinatorID(db)
        let ics = cli.path("meetup.ics")
        let saved = try cli.run(Self.plan + ["--db", db, "--json", "--ics", ics, "--as", try cli.coordinatorID(db)])
        let plan = try JSONDecoder().decode(PlanJSON.self, from: Data(saved.stdout.utf8))
        #expect(plan.saved == "M1")
        let calendar = try String(contentsOfFile: ics, encoding: .utf8)
        #expect(calendar.hasPrefix("BEGIN:VCALENDAR\r\n") && calendar.contains("DTSTART;TZID=Asia/Almaty:20261120T183000\r\n"))
        #expect(calendar.contains("UID:M1-"))

        let list = try cli.run(["meetup", "list", "--db", db, "--as", me])
        #expect(list.stdout.contains("M1") && list.stdout.contains("planned"))

        let came = Array(plan.invitees.prefix(3).map(\.id))
        let attend = try cli.run(["meetup", "attend", "M1"] + came + ["--db", db, "--as", try cli.coordinatorID(db)])
        #expect(attend.status == 0, "\(attend.stderr)")
        #expect(attend.stdout.contains("M1 held: 3 came"))
        let shown = try JSONDecoder().decode(MeetupJSON.self, from: Data(try cli.run(["meetup", "show", "M1", "--db", db, "--as", me, "--json"]).stdout.utf8))
        #expect(shown.status == "held" && shown.attendees == came.sorted { Int($0.dropFirst())! < Int($1.dropFirst())! })
        #expect(shown.invitees.filter { $0.attended == true }.count == 3)
        #expect(try cli.run(["show", "M1", "--db", db]).stdout.contains("3 came"), "show knows meetup ids")

        let text = try cli.run(["meetup", "export", "M1", "--format", "text", "--lang", "kk", "--db", db, "--as", me])
        #expect(text.status == 0 && text.stdout.contains("Қашан: 20 қар. 2026, 18:30"))
        let ru = try cli.run(["meetup", "export", "M1", "--format", "text", "--lang", "ru", "--db", db, "--as", me])
        #expect(ru.stdout.contains("Когда:"))
        let file = cli.path("m1.ics")
        #expect(try cli.run(["meetup", "export", "M1", "--format", "ics", "-o", file, "--db", db, "--as", me]).status == 0)
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("END:VEVENT\r\n"))
    }

    @Test func badInputIsOneClearSentenceAndChangesNothing() throws {
        let cli = BinaryRunner()
        let db = try cli.demo()
        let me = try cli.coordinatorID(db)
        func failure(_ arguments: [String]) throws -> BinaryRunner.Result { try cli.run(arguments + ["--db", db, "--as", me]) }
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
        #expect(try cli.run(["meetup", "list", "--db", db, "--as", me]).stdout.contains("No meetups yet"))
        // Attendance before the day is refused.
        var future = Self.plan
        future[5] = "2027-01-15T18:00"
        #expect(try failure(future + ["--save", "--as", try cli.coordinatorID(db)]).status == 0)
        let early = try failure(["meetup", "attend", "M1", "P1"])
        #expect(early.status == 1 && early.stderr.contains("mark attendance after it is held"))
        #expect(try cli.run(["meetup", "list", "--db", db, "--as", me]).stdout.contains("planned"))
    }
}

/// `export --format ics` for every saved meetup, and a meetup's invite list as CSV and vCard.
@Suite struct MeetupExportCommandTests {
    static func save(_ cli: BinaryRunner, _ db: String, date: String) throws -> MeetupCommandTests.PlanJSON {
        var plan = MeetupCommandTests.plan
        plan[5] = date
        let saved = try cli.run(plan + ["--db", db, "--json", "--save", "--as", try cli.coordinatorID(db)])
        #expect(saved.status == 0, "\(saved.stderr)")
        return try JSONDecoder().decode(MeetupCommandTests.PlanJSON.self, from: Data(saved.stdout.utf8))
    }

    @Test func exportICSHasEverySavedMeetupWordedAsMeetupExport() throws {
        let cli = BinaryRunner()
        let db = try cli.demo()
        let me = try cli.coordinatorID(db)
        let first = try Self.save(cli, db, date: "2026-11-20T18:30")
        _ = try Self.save(cli, db, date: "2026-12-18T17:00")
        #expect(try cli.run(["meetup", "attend", "M1", first.invitees[0].id, "--db", db, "--as", try cli.coordinatorID(db)]).status == 0)

        let file = cli.path("meetups.ics")
        let exported = try cli.run(["export", "--format", "ics", "--lang", "en", "-o", file, "--db", db])
        #expect(exported.status == 0, "\(exported.stderr)")
        let all = try PythonICalendar.parse(try String(contentsOfFile: file, encoding: .utf8))
        #expect(all.timezones == ["Asia/Almaty"])
        #expect(all.events.map { String($0.uid.prefix(3)) } == ["M1-", "M2-"])
        #expect(all.events.map(\.startUTC) == ["2026-11-20T13:30:00+00:00", "2026-12-18T12:00:00+00:00"])
        for (n, event) in all.events.enumerated() {
            let one = try cli.run(["meetup", "export", "M\(n + 1)", "--format", "ics", "--lang", "en", "--db", db, "--as", me])
            let single = try #require(try PythonICalendar.parse(one.stdout).events.first)
            #expect([event.uid, event.summary, event.location, event.description, event.start, event.end]
                    == [single.uid, single.summary, single.location, single.description, single.start, single.end])
        }
        #expect(all.events[0].description.contains("\(first.invitees.count) people are invited"))

        let held = try cli.run(["export", "--format", "ics", "--where", "status=held", "--db", db])
        #expect(try PythonICalendar.parse(held.stdout).events.map { String($0.uid.prefix(3)) } == ["M1-"])
        let elsewhere = try cli.run(["export", "--format", "ics", "--where", "region=Mangystau", "--db", db])
        #expect(elsewhere.status == 0)
        #expect(try PythonICalendar.parse(elsewhere.stdout).events.isEmpty, "both meetups are in Astana")
        for wrong in [["--where", "role=mentor"], ["--where", "status=cancelled"], ["--kind", "people"], ["--public"]] {
            let refused = try cli.run(["export", "--format", "ics"] + wrong + ["--db", db])
            #expect(refused.status == 2 && refused.stdout.isEmpty, "\(wrong)")
            #expect(refused.stderr.split(separator: "\n").count == 1, "\(wrong): \(refused.stderr)")
        }
    }

    @Test func inviteListAsCSVReimportsAndAsVCardsKeepsPrivateThingsOut() throws {
        let cli = BinaryRunner()
        let db = try cli.demo()
        let me = try cli.coordinatorID(db)
        let plan = try Self.save(cli, db, date: "2026-11-20T18:30")
        let store = try DirectoryStore.open(path: db, gazetteer: try Gazetteer(json: BailanysResources.data(.gazetteer)))
        let ids = plan.invitees.map { EntityID($0.id)! }
        let invitees = try store.people(ids: ids, audience: .coordinator)
        #expect(invitees.count == ids.count)
        let privateValues = invitees.flatMap { $0.contacts.filter { !$0.shared }.map(\.value) }
        let sharedValues = Set(invitees.flatMap { $0.contacts.filter(\.shared).map(\.value) })
        #expect(!privateValues.isEmpty && invitees.contains { !$0.sensitive.isEmpty }, "the demo invitees have private things to leave out")

        let csvFile = cli.path("invitees.csv")
        #expect(try cli.run(["meetup", "export", "M1", "--format", "csv", "-o", csvFile, "--db", db, "--as", me]).status == 0)
        let csv = try String(contentsOfFile: csvFile, encoding: .utf8)
        #expect(csv.hasPrefix("external_id,full_name,") && !csv.contains("neet") && !csv.contains("disability"))
        #expect(csv.split(separator: "\r\n").count == ids.count + 1)
        #expect(try FileManager.default.attributesOfItem(atPath: csvFile)[.posixPermissions] as! Int == 0o600)
        let dryRun = try cli.run(["import", csvFile, "--dry-run", "--db", db, "--as", try cli.coordinatorID(db)])
        #expect(dryRun.status == 0 && dryRun.stdout.contains("0 new, ") && dryRun.stdout.contains("Dry run: nothing was changed."),
                "\(dryRun.stdout)\(dryRun.stderr)")

        for (format, version) in [("vcard", "4.0"), ("vcard3", "3.0")] {
            let result = try cli.run(["meetup", "export", "M1", "--format", format, "--db", db, "--as", me])
            #expect(result.status == 0, "\(result.stderr)")
            let cards = try PythonVCard.parse(result.stdout)
            #expect(cards.map(\.name) == invitees.map(\.fullName))
            #expect(cards.allSatisfy { $0.version == version })
            #expect(cards.allSatisfy { Set($0.phones + $0.emails).isSubset(of: sharedValues) })
            for value in privateValues { #expect(!result.stdout.contains(value), "\(format): \(value)") }
            #expect(!result.stdout.lowercased().contains("neet") && !result.stdout.lowercased().contains("vulnerable"))
        }
        let unknown = try cli.run(["meetup", "export", "M7", "--format", "csv", "--db", db, "--as", me])
        #expect(unknown.status == 1 && unknown.stdout.isEmpty)
    }

    /// The planner against the exact optimum of its own problem (scripts/meetup-optimum.py, scipy's MILP), on a
    /// few small plans of the demo directory; the 40-plan comparison is in docs/algorithms.md.
    @Test func planIsNearTheExactOptimum() throws {
        let cli = BinaryRunner()
        let db = try cli.demo()
        for (host, capacity, radius) in [("Aktau", 12, 300), ("Shymkent", 24, 150), ("Almaty", 16, 100)] {
            try expectNearOptimum(cli, db: db, host: host, capacity: capacity, radius: radius, date: "2026-11-20T18:30")
        }
    }

    /// The 8,900-alumni demo's Almaty plan (24 seats, 100 km, as `scripts/meetup-compare.sh` makes it on 2026-12-06):
    /// its optimum invites one mentor with two teams and a pair they mentored, whose ties faded together. The search
    /// reached 92.4 % of it until it also started from the mentors whose fading ties are worth most together.
    @Test func planGathersAMentorWithTheirFadedTeams() throws {
        let cli = BinaryRunner()
        let day = ["BAILANYS_TODAY": "2026-12-06"]
        let db = cli.path("programme.sqlite")
        #expect(try cli.run(["sample", "--db", db], environment: day).status == 0)
        try expectNearOptimum(cli, db: db, host: "Almaty", capacity: 24, radius: 100, date: "2026-12-10T18:30", environment: day)
    }

    private func expectNearOptimum(_ cli: BinaryRunner, db: String, host: String, capacity: Int, radius: Int, date: String,
                                   environment: [String: String] = [:]) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = try String(contentsOf: root.appendingPathComponent("scripts/meetup-optimum.py"), encoding: .utf8)
        struct Check: Decodable { var objective: Double, optimum: Double, ratio: Double, upperBound: Double, proven: Bool }
        let run = try cli.run(["meetup", "plan", "--host", host, "--date", date, "--capacity", "\(capacity)",
                               "--radius", "\(radius)", "--db", db, "--as", try cli.coordinatorID(db), "--json", "--problem"], environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        let out = try Python.run(script, text: run.stdout, fileExtension: "json", modules: ["numpy", "scipy"])
        let check = try JSONDecoder().decode(Check.self, from: Data(out.utf8))
        #expect(check.proven && check.optimum > 0)
        #expect(check.ratio >= 0.95, "\(host) \(capacity)/\(radius) km: \(check.objective) of \(check.optimum)")
        #expect(check.upperBound >= check.optimum - 1e-6)
    }
}

