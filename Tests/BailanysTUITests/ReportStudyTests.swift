import BailanysCore
import BailanysPolicy
import BailanysStore
import Foundation
import TerminalKit
import Testing
@testable import BailanysTUI

/// The report speaks the study's language (issue 14, item 7): the study's figures beside the directory's, `◆`
/// explained, scrolling in a small terminal, "—" for an empty group, decimal commas in kk and ru, and `x` export.
@Suite struct ReportStudyTests {
    @Test func everyPublishedFigureStandsBesideTheDirectorys() throws {
        let app = try CoordinatorFixtures.harness(width: 120, height: 60)
        app.keys(.character("6"))
        let screen = app.screen
        for figure in ["73%", "30.3%", "71%", "28.5%", "30%", "28%", "91%", "58%", "every second",
                       "2.7 thousand", "8.9 thousand"] {
            #expect(screen.contains(figure), "\(figure)")
        }
        let neet = try #require(app.frame.lines.first { $0.contains("NEET ◆") })
        #expect(neet.contains("73%") && neet.contains("30.3%"))
        let sport = try #require(app.frame.lines.first { $0.contains("Sport") })
        #expect(sport.hasSuffix("28%") || sport.trimmingCharacters(in: .whitespaces).hasSuffix("28%"))
        #expect(screen.contains("◆ NEET and vulnerable youth: sensitive categories, shown to coordinators only."))
        #expect(screen.contains("Grey figures beside the directory\u{2019}s are the study\u{2019}s"))
        // The grey figures have a heading over them (review: "73%" and "30.3%" stood under no column).
        let heading = try #require(app.frame.lines.first { $0.contains("Own team") })
        #expect(heading.components(separatedBy: "The study").count == 3, "\(heading)")
    }

    /// At 120 columns, in every language, both columns of grey figures have a heading: in ru and kk the long heading
    /// of the second ("С другими участниками") left no room for "В исследовании", and its figures had none (review).
    @Test(arguments: Language.allCases)
    func theStudysFiguresHaveAHeadingAt120Columns(_ language: Language) throws {
        let app = try CoordinatorFixtures.harness(language: language, width: 120, height: 60)
        app.keys(.character("6"))
        let ownTeam = ReportText.measure(.oftenOwnTeam, language: language).capitalizedFirst
        let alumni = app.state.strings("report.alumni")
        let heading = try #require(app.frame.lines.first { $0.contains(ownTeam) && $0.contains(alumni) }, "\(app.screen)")
        let names = [app.state.strings("report.column.study").capitalizedFirst, app.state.strings("report.column.studyShort")]
        let long = heading.components(separatedBy: names[0]).count - 1
        let short = heading.replacingOccurrences(of: names[0], with: "").components(separatedBy: names[1]).count - 1
        let labels = long + short
        #expect(labels == 2, "\(heading)\n\(app.screen)")
    }

    /// At 80 columns a label longer than its column wraps under itself, with the figures on its first line
    /// (review: "Understand local proble…" and "Feel able to influence …" were cut).
    @Test func longLabelsWrapAt80Columns() throws {
        let app = try CoordinatorFixtures.harness(width: 80, height: 60)
        app.keys(.character("6"))
        let screen = app.screen
        #expect(!screen.contains("…"), "\(screen)")
        let lines = app.frame.lines
        let understand = try #require(lines.firstIndex { $0.contains("Understand local") })
        #expect(lines[understand].contains("91%"), "the figures stay on the label's first line")
        #expect(lines[understand + 1].trimmingCharacters(in: .whitespaces) == "problems")
        let able = try #require(lines.firstIndex { $0.contains("Feel able to") })
        #expect(lines[able].contains("58%") && lines[able + 1].contains("them"))
    }

    @Test func membersSeeNoDiamondNote() throws {
        let app = try CoordinatorFixtures.harness(me: CoordinatorFixtures.alumnus, width: 120, height: 40)
        app.keys(.character("6"))
        #expect(!app.screen.contains("◆"))
        #expect(app.screen.contains("8.9 thousand"))
    }

    @Test func kazakhAndRussianUseDecimalCommas() throws {
        for language in [Language.kk, .ru] {
            let app = try CoordinatorFixtures.harness(language: language, width: 120, height: 60)
            app.keys(.character("6"))
            #expect(app.screen.contains("30,3%") && app.screen.contains("8,9"), "\(language)")
            #expect(!app.screen.contains("30.3%") && !app.screen.contains("8.9"), "\(language)")
        }
    }

    @Test func scrollsToTheLastRowAt60x20() throws {
        let app = try CoordinatorFixtures.harness(width: 60, height: 20)
        app.keys(.character("6"))
        #expect(!app.screen.contains("Akimat, Atameken"))
        app.keys(.character("G"))
        #expect(app.screen.contains("Akimat, Atameken"))
        // Every line can be reached a step at a time too.
        app.keys(.character("g"))
        for _ in 0..<60 { app.keys(.down) }
        #expect(app.screen.contains("Akimat, Atameken"))
        // Nothing is cut: each note wraps within the 60 columns.
        app.keys(.character("g"))
        #expect(app.screen.contains("to coordinators only."))
    }

    /// A directory with no alumni (only a coordinator) says "—" rather than "0 0%".
    @Test func anEmptyDirectoryShowsDashes() throws {
        let store = try DirectoryStore.create(path: Fixtures.temporaryFolder().appendingPathComponent("d.sqlite").path,
                                              gazetteer: Fixtures.gazetteer)
        try store.insert(DirectoryData(people: [Person(id: Fixtures.p(5), fullName: "Әсел Оспанова", roles: [.coordinator], settlement: "astana")]))
        let app = try Harness(me: Fixtures.p(5), width: 120, height: 60, store: store)
        app.keys(.character("6"))
        let all = try #require(app.frame.lines.first { $0.contains("All alumni") })
        #expect(all.contains("—") && !all.contains("0%"), "\(all)")
        #expect(!app.screen.contains(" 0%"))
        let sport = try #require(app.frame.lines.first { $0.contains("Sport") })
        #expect(sport.contains("—") && sport.contains("28%"), "the study's figure stays: \(sport)")
    }

    /// `x` writes the report as CSV and JSON beside each other, mode 0600, the same as `bailanys report`.
    @Test func xExportsCSVAndJSON() throws {
        let folder = Fixtures.temporaryFolder().path
        let store = try CoordinatorFixtures.store()
        let app = try Harness(me: CoordinatorFixtures.coordinator, width: 80, height: 24, store: store, exportFolder: folder)
        app.keys(.character("6"))
        #expect(app.frame.text(row: 23).contains("x Export CSV/JSON"))
        app.keys(.character("x"))
        let csv = folder + "/report-2026-11-25.csv", json = folder + "/report-2026-11-25.json"
        for file in [csv, json] {
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file)")
        }
        guard case .message(_, let text)? = app.state.overlay else { Issue.record("no message: \(app.screen)"); return }
        #expect(text == "Report saved: \(csv) and \(json)")
        #expect(FirstRunTests.showsWhole(text, app.screen), "\(app.screen)")
        app.keys(.escape)
        let indicators = try store.studyIndicators(audience: .coordinator, now: Fixtures.today)
        let expected = ReportExport(indicators, includeSensitive: true, language: .en)
        #expect(try String(contentsOfFile: csv, encoding: .utf8) == expected.csv())
        #expect(try String(contentsOfFile: json, encoding: .utf8) == expected.json())
        #expect(try String(contentsOfFile: csv, encoding: .utf8).hasPrefix("section,group,label,measure,count,total,percent,study\r\n"))
        // A second export replaces the first.
        app.keys(.character("x"))
        guard case .message(let title, _)? = app.state.overlay else { Issue.record("no message: \(app.screen)"); return }
        #expect(title == "report.exported.title")
    }
}
