import Foundation
import Testing

/// `bailanys report` on the full demo directory, run as the built binary: the store-level path
/// reproduces the PaperLab study, and NEET/vulnerable rows reach coordinators only.
@Suite(.serialized) struct ReportCommandTests {
    let cli = BinaryRunner()

    private struct Entry: Decodable, Equatable {
        var section: String, group: String, label: String, measure: String, count: Int, total: Int, share: Double
        var percent: Double { share * 100 }
    }

    private struct Report: Decodable {
        var asOf: String, alumni: Int, oftenThreshold: Int, windowDays: Int, includesSensitive: Bool
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
        let lines = csv.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "section,group,label,measure,count,total,percent")
        #expect(lines.count == json.rows.count + 1)
        for (line, entry) in zip(lines.dropFirst(), json.rows) {
            let label = entry.label.contains(",") ? "\"\(entry.label)\"" : entry.label
            let expected = [entry.section, entry.group, label, entry.measure, "\(entry.count)", "\(entry.total)",
                            String(format: "%.1f", entry.percent)].joined(separator: ",")
            #expect(line == expected)
        }
        #expect(lines.contains { $0.hasPrefix("partners,partner-contact,\"Akimat, Atameken, youth centre\",share,") })
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
