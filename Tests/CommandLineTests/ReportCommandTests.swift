import Foundation
import Testing

/// `bailanys report` on the full demo directory, run as the built binary: the store-level path
/// reproduces the PaperLab study, and NEET/vulnerable rows reach coordinators only.
@Suite(.serialized) struct ReportCommandTests {
    let cli = BinaryRunner()

    private struct Entry: Decodable, Equatable {
        var section: String, group: String, label: String, measure: String, count: Int, total: Int, share: Double
        /// The study's published percentage, where it gave one.
        var study: Double?
        var percent: Double { share * 100 }
    }

    private struct Fact: Decodable {
        var key: String, label: String, measure: String, count: Int?, total: Int?, share: Double?, study: Double
    }

    private struct Report: Decodable {
        var asOf: String, alumni: Int, oftenThreshold: Int, windowDays: Int, includesSensitive: Bool
        var programme: [Fact]
        var rows: [Entry]

        func value(_ group: String, _ measure: String = "share") throws -> Entry {
            try #require(rows.first { $0.group == group && $0.measure == measure }, "\(group) \(measure)")
        }
    }

    private func report(_ arguments: [String]) throws -> Report {
        let result = try cli.run(["report", "--json"] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
    }

    @Test func demoDirectoryMatchesTheStudy() throws {
        let db = try cli.demo(alumni: 8_900, name: "full.sqlite")
        let figures = try report(["--db", db, "--as", try cli.coordinatorID(db)])
        #expect(figures.includesSensitive)
        #expect(figures.alumni == 8_900)
        #expect(figures.asOf == "2026-11-25")
        func near(_ group: String, _ measure: String, _ target: Double) throws {
            let entry = try figures.value(group, measure)
            #expect(abs(entry.percent - target) <= 3, "\(group) \(measure): \(entry.percent) % vs the study's \(target) %")
        }
        try near("neet", "often-own-team", 73)
        try near("neet", "often-other-participants", 30.3)
        try near("vulnerable", "often-own-team", 71)
        try near("vulnerable", "often-other-participants", 28.5)
        try near("activity.charity", "share", 30)
        try near("activity.clean-up", "share", 30)
        try near("activity.sport", "share", 28)
        #expect((10...20).contains(try figures.value("partner-contact").percent))
        #expect(try figures.value("rural").share > figures.value("urban").share)
        // The online round is the most isolated from other participants; leaders and continuing
        // initiatives keep the closest teams.
        let online = try figures.value("format.online", "often-other-participants").share
        for format in ["format.offline", "format.hybrid"] {
            #expect(online < (try figures.value(format, "often-other-participants").share), "\(format)")
        }
        #expect(try figures.value("role.leader", "often-own-team").share > figures.value("role.member", "often-own-team").share)
        for status in ["status.completed", "status.stopped"] {
            #expect(try figures.value("status.continuing", "often-own-team").share
                    > figures.value(status, "often-own-team").share, "\(status)")
        }
    }

    @Test func sensitiveRowsOnlyForCoordinators() throws {
        let db = try cli.demo()
        let member = try report(["--db", db])
        #expect(!member.includesSensitive)
        #expect(!member.rows.contains { ["neet", "vulnerable"].contains($0.group) })
        let asAlumnus = try report(["--db", db, "--as", "P1"])
        #expect(asAlumnus.rows == member.rows)
        let coordinator = try report(["--db", db, "--as", try cli.coordinatorID(db)])
        #expect(coordinator.rows.filter { ["neet", "vulnerable"].contains($0.group) }.count == 4)
        #expect(coordinator.rows.filter { !["neet", "vulnerable"].contains($0.group) } == member.rows)

        for csv in [try cli.run(["report", "--csv", "--db", db]), try cli.run(["report", "--db", db])] {
            #expect(csv.status == 0)
            #expect(!csv.stdout.contains("neet") && !csv.stdout.contains("NEET") && !csv.stdout.contains("ulnerable"))
        }
        let human = try cli.run(["report", "--db", db, "--as", try cli.coordinatorID(db)])
        #expect(human.stdout.contains("NEET"))
        #expect(human.stdout.contains("Interact often with their own team and with other participants"))
    }

    @Test func csvMatchesTheJSON() throws {
        let db = try cli.demo()
        let coordinator = try cli.coordinatorID(db)
        let json = try report(["--db", db, "--as", coordinator])
        let csv = try cli.run(["report", "--csv", "--db", db, "--as", coordinator])
        #expect(csv.status == 0)
        let lines = Array(csv.stdout.components(separatedBy: "\r\n").dropLast())
        #expect(lines.first == "section,group,label,measure,count,total,percent,study")
        #expect(lines.count == json.programme.count + json.rows.count + 1)
        for (line, entry) in zip(lines.dropFirst(json.programme.count + 1), json.rows) {
            let label = entry.label.contains(",") ? "\"\(entry.label)\"" : entry.label
            let expected = [entry.section, entry.group, label, entry.measure, "\(entry.count)", "\(entry.total)",
                            String(format: "%.1f", entry.percent), entry.study.map { String(format: "%.1f", $0) } ?? ""]
                .joined(separator: ",")
            #expect(line == expected)
        }
        #expect(lines.contains { $0.hasPrefix("partners,partner-contact,\"Akimat, Atameken, youth centre\",share,") })
        #expect(lines.first { $0.hasPrefix("ties,neet,NEET,often-other-participants,") }?.hasSuffix(",30.3") == true)
        #expect(lines[1] == "programme,graduates,Graduates,count,\(json.alumni),,,8900")
    }

    /// Each row carries the study's published figure beside the directory's, and the programme's figures come
    /// first: 8.9 thousand graduates, 2.7 thousand initiatives, every second person active, 91 % and 58 %.
    @Test func studyFiguresBesideTheDirectorys() throws {
        let db = try cli.demo()
        let figures = try report(["--db", db, "--as", try cli.coordinatorID(db)])
        let published: [String: Double] = ["neet often-own-team": 73, "neet often-other-participants": 30.3,
                                           "vulnerable often-own-team": 71, "vulnerable often-other-participants": 28.5,
                                           "activity.charity share": 30, "activity.clean-up share": 30, "activity.sport share": 28]
        for entry in figures.rows { #expect(entry.study == published["\(entry.group) \(entry.measure)"], "\(entry.group)") }
        let facts = Dictionary(uniqueKeysWithValues: figures.programme.map { ($0.key, $0) })
        #expect(facts["graduates"]?.study == 8_900 && facts["graduates"]?.count == figures.alumni)
        #expect(facts["initiatives"]?.study == 2_700 && (facts["initiatives"]?.count ?? 0) > 0)
        #expect(facts["active-participation"]?.study == 50 && facts["active-participation"]?.share != nil)
        #expect(facts["understand-local-problems"]?.study == 91 && facts["understand-local-problems"]?.count == nil)
        #expect(facts["able-to-influence"]?.study == 58 && facts["able-to-influence"]?.share == nil)
        let human = try cli.run(["report", "--db", db, "--as", try cli.coordinatorID(db)])
        #expect(human.stdout.contains("(study 73%)") && human.stdout.contains("(study 30.3%)"))
        #expect(human.stdout.contains("(study 8.9 thousand)") && human.stdout.contains("not recorded"))
    }

    /// `-o` writes the same CSV or JSON as standard output, mode 0600, an existing file only with `--force`.
    @Test func writesAFileWithOutput() throws {
        let db = try cli.demo()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for format in ["--csv", "--json"] {
            let file = folder.appendingPathComponent("r\(format)").path
            let written = try cli.run(["report", format, "-o", file, "--db", db])
            #expect(written.status == 0, "\(written.stderr)")
            let printed = try cli.run(["report", format, "--db", db])
            #expect(try String(contentsOfFile: file, encoding: .utf8) == printed.stdout)
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            #expect(try cli.run(["report", format, "-o", file, "--db", db]).status == 1)
            #expect(try cli.run(["report", format, "-o", file, "--force", "--db", db]).status == 0)
        }
        #expect(try cli.run(["report", "-o", folder.appendingPathComponent("plain").path, "--db", db]).status == 2)
    }

    /// The CSV and JSON are the Report screen's `x` files in the same language: `--lang kk` gave English labels, so a
    /// Kazakh session's file could not be made from a script (review).
    @Test func theFilesAreInTheChosenLanguage() throws {
        let db = try cli.demo()
        for (language, graduates) in [("kk", "Түлектер"), ("ru", "Выпускники"), ("en", "Graduates")] {
            let csv = try cli.run(["report", "--csv", "--lang", language, "--db", db])
            #expect(csv.status == 0 && csv.stdout.contains("programme,graduates,\(graduates),count,"), "\(language): \(csv.stdout.prefix(200))")
        }
    }

    @Test func badUsage() throws {
        let db = try cli.demo()
        let both = try cli.run(["report", "--json", "--csv", "--db", db])
        #expect(both.status == 2)
        #expect(both.stderr.contains("Choose one of --json and --csv"))
        #expect(try cli.run(["report", "--db", db, "--as", "nonsense"]).status == 2)
        let unknown = try cli.run(["report", "--db", db, "--as", "P999999"])
        #expect(unknown.status == 1)
        #expect(unknown.stdout.isEmpty)
    }
}
