import BailanysCore
import BailanysPolicy
import BailanysGraph
import BailanysStore
import Foundation
import TerminalKit
import Testing
@testable import BailanysTUI

/// The meetup planner, driven by keys as a coordinator (P5) would.
@Suite struct MeetupScreenTests {
    static let coordinator = Fixtures.p(5)

    /// Opens the planner and plans a meetup in Aktau on `date`.
    func planned(_ app: Harness, date: String? = nil, open: Bool = true) { app.planMeetup(on: date, opening: open) }

    @Test func goldenScreens() throws {
        for (width, height) in ScreenTests.sizes {
            let app = try Harness(me: Self.coordinator, width: width, height: height)
            app.keys(.character("4"))
            try Golden.check(app.screen, "meetup-form-en-\(width)x\(height)")
            planned(app, open: false)
            try Golden.check(app.screen, "meetup-plan-en-\(width)x\(height)")
        }
        let kk = try Harness(me: Self.coordinator, language: .kk, width: 80, height: 24)
        planned(kk)
        try Golden.check(kk.screen, "meetup-plan-kk-80x24")
    }

    @Test func planListsEveryInviteeWithTheirReasonsAndTables() throws {
        let app = try Harness(me: Self.coordinator)
        planned(app)
        let plan = try #require(app.state.meetup?.plan)
        #expect(Set(plan.invitees.map(\.id)) == [Fixtures.p(1), Fixtures.p(2), Fixtures.p(3), Fixtures.p(7)],
                "alumni within 100 km of Aktau; the mentor lives in Astana")
        #expect(plan.invitees.allSatisfy { !$0.reasons.isEmpty })
        #expect(plan.tables.flatMap { $0 }.count == plan.invitees.count)
        #expect(plan.venues.first?.id == EntityID(.organization, 1))
        #expect(app.row(containing: "Tables") != nil && app.row(containing: "Louvain modularity") != nil)
        #expect(app.row(containing: "Ақтау қаласының әкімдігі") != nil)
        app.keys(.down)
        #expect(app.screen.contains("· trained in the online round 2023/5"), "the selected invitee's reasons in full")
        #expect(!app.screen.contains("\u{1b}"), "a hostile name is drawn sanitised")
        #expect(app.state.meetup?.isEditing == false)
        #expect(Update.keyContext(app.state) == .meetupPlan)
    }

    /// A meetup still ahead offers no attendance keys (the store records attendance from its day on): Space marks no
    /// one, `a` records nothing, the hints do not name them, and leaving asks nothing. Found at 80×24 on 2026-12-07:
    /// Space marked, `a` was refused with a cut message, and Esc asked whether to discard the marks.
    @Test func anUpcomingMeetupOffersNoAttendance() throws {
        let app = try Harness(me: Self.coordinator, width: 80, height: 24)
        planned(app, date: "2026-12-09 18:30")
        app.keys(.character("s"))
        let id = try #require(app.state.meetup?.saved)
        #expect(Update.keyContext(app.state) == .upcomingMeetup)
        let hints = app.frame.text(row: app.state.size.height - 1)
        #expect(!hints.contains("Space") && !hints.contains("Record attendance") && hints.contains("x "), "\(hints)")
        app.keys(.character(" "), .character("a"))
        #expect(app.state.meetup?.marked.isEmpty == true)
        #expect(try app.store.meetup(id).attendees.isEmpty)
        #expect(app.state.notice == nil, "\(String(describing: app.state.notice))")
        app.keys(.escape)
        #expect(app.state.overlay == nil, "nothing to discard")
        #expect(app.state.meetup?.saved == nil && app.state.meetup?.viewing == nil, "back at the saved meetups")
        // Opened again from the list, it is still ahead. (On its day it takes attendance: `saveMarkAttendanceAndExport`.)
        app.keys(.enter)
        #expect(app.state.meetup?.viewing?.id == id)
        #expect(Update.keyContext(app.state) == .upcomingMeetup)
    }

    /// The plan's figures go on into a second row rather than lose the bound at 80 columns (found on 2026-12-07:
    /// `score 218.3 (at most …`), in every language.
    @Test(arguments: Language.allCases)
    func thePlansFiguresAreWholeAt80Columns(_ language: Language) throws {
        let app = try Harness(me: Self.coordinator, language: language, width: 80, height: 24)
        planned(app)
        let plan = try #require(app.state.meetup?.plan)
        let strings = app.state.strings
        let bound = strings.decimal(plan.upperBound, places: 1), score = strings.decimal(plan.objective, places: 1)
        let rows = app.frame.lines.prefix(8).joined(separator: " ")
        #expect(rows.contains(score) && rows.contains(bound + ")"), "\(app.screen)")
        // The alumni invited are counted against the alumni who could be, the mentors beside them.
        let mentors = plan.invitees.filter(\.isMentor).count
        #expect(plan.invitees.count - mentors <= plan.candidateCount)
        #expect(rows.contains("\(plan.invitees.count - mentors)") && rows.contains(": \(mentors)"), "\(app.screen)")
    }

    @Test func saveMarkAttendanceAndExport() throws {
        let folder = Fixtures.temporaryFolder()
        let app = try Harness(me: Self.coordinator, exportFolder: folder.path)
        planned(app, date: Harness.meetupToday)
        app.keys(.character("a"))
        #expect(app.state.notice == nil, "a is not a key of an unsaved plan")
        app.keys(.character("s"))
        let id = try #require(app.state.meetup?.saved)
        #expect(try app.store.meetup(id).invitees.count == app.state.meetup?.plan?.invitees.count)
        app.keys(.character("a"))
        #expect(app.state.notice?.text == "Mark who came with Space first")
        let first = try #require(app.state.meetup?.plan?.invitees[0].id)
        let second = try #require(app.state.meetup?.plan?.invitees[1].id)
        app.keys(.character(" "), .character(" "), .character("a"))
        #expect(Set(try app.store.meetup(id).attendees.map(\.id)) == [first, second])
        #expect(try app.store.meetup(id).status == .held)
        #expect(try app.store.graphInput().events.contains { $0.kind == .meetup && Set([$0.a, $0.b]) == [first, second] })
        #expect(app.screen.contains("✓"))
        app.keys(.character("x"))
        let file = folder.appendingPathComponent("meetup-\(id).ics")
        let calendar = try String(contentsOf: file, encoding: .utf8)
        #expect(calendar.contains("DTSTART;TZID=Asia/Almaty:20261125T183000\r\n"))
        let list = folder.appendingPathComponent("meetup-\(id)-invitees.csv")
        let csv = try String(contentsOf: list, encoding: .utf8)
        #expect(csv.hasPrefix("external_id,full_name,") && !csv.contains("neet"))
        #expect(try csv.split(separator: "\r\n").count == app.store.meetup(id).invitees.count + 1)
        #expect(try FileManager.default.attributesOfItem(atPath: list.path)[.posixPermissions] as! Int == 0o600)
        guard case .message(let title, let text)? = app.state.overlay else { Issue.record("no message: \(app.screen)"); return }
        #expect(title == "meetup.exported.title")
        #expect(text == "Saved the calendar \(file.path) and the invite list \(list.path)")
    }

    /// `x` replaced a file of the same name without a word: another directory's M1 exported from the same folder
    /// (review). The earlier files stay; the new ones take the next free names, and the message says which.
    @Test func anExportKeepsEarlierFilesOfTheSameName() throws {
        let folder = Fixtures.temporaryFolder()
        let app = try Harness(me: Self.coordinator, exportFolder: folder.path)
        planned(app, date: Harness.meetupToday)
        app.keys(.character("s"))
        let id = try #require(app.state.meetup?.saved)
        let earlier = folder.appendingPathComponent("meetup-\(id).ics")
        try "another directory's meetup".write(to: earlier, atomically: true, encoding: .utf8)
        app.keys(.character("x"))
        #expect(try String(contentsOf: earlier, encoding: .utf8) == "another directory's meetup")
        let file = folder.appendingPathComponent("meetup-\(id)-2.ics")
        #expect(try String(contentsOf: file, encoding: .utf8).hasPrefix("BEGIN:VCALENDAR"))
        guard case .message(_, let text)? = app.state.overlay else { Issue.record("no message: \(app.screen)"); return }
        #expect(text.contains(file.path), "\(text)")
    }

    @Test(arguments: Language.allCases)
    func theExportNamesBothFilesWholeAt80Columns(_ language: Language) throws {
        let folder = Fixtures.temporaryFolder().appendingPathComponent("a folder with a long name for exports")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let app = try Harness(me: Self.coordinator, language: language, width: 80, height: 24, exportFolder: folder.path)
        planned(app)
        app.keys(.character("s"), .character("x"))
        let id = try #require(app.state.meetup?.saved)
        guard case .message(_, let text)? = app.state.overlay else { Issue.record("no message: \(app.screen)"); return }
        for file in ["meetup-\(id).ics", "meetup-\(id)-invitees.csv"] {
            #expect(text.contains(folder.appendingPathComponent(file).path))
        }
        #expect(FirstRunTests.showsWhole(text, app.screen), "\(app.screen)")
    }

    @Test func aSavedMeetupReopensForAttendance() throws {
        let app = try Harness(me: Self.coordinator)
        planned(app, date: Harness.meetupToday)
        app.keys(.character("s"))
        let id = try #require(app.state.meetup?.saved)
        app.keys(.escape)
        #expect(app.state.meetup?.plan == nil && app.state.meetup?.savedMeetups.map(\.id) == [id], "Esc goes back one level")
        app.keys(.escape)
        #expect(app.state.meetup == nil)
        app.keys(.character("4"))
        #expect(app.state.meetup?.savedMeetups.map(\.id) == [id])
        #expect(app.screen.contains("Saved meetups — Esc to choose, Enter to open"))
        app.keys(.escape, .enter)
        let meetup = try #require(app.state.meetup?.viewing)
        #expect(meetup.id == id && app.state.meetup?.saved == id)
        try Golden.check(app.screen, "meetup-saved-en-120x40")
        app.keys(.down)
        #expect(app.screen.contains("· trained in the online round 2023/5"))
        app.keys(.up, .character(" "), .character(" "), .character("a"))
        #expect(try app.store.meetup(id).attendees.count == 2 && app.store.meetup(id).status == .held)
        #expect(app.state.meetup?.savedMeetups.first?.attendees.count == 2, "the list is reloaded")
        #expect(app.screen.contains("held · 4 invited, 2 came"))
    }

    @Test(arguments: Language.allCases)
    func atEightyColumnsAReopenedMeetupShowsTheTablesAsThePlanDid(_ language: Language) throws {
        let app = try Harness(me: Self.coordinator, language: language, width: 80, height: 24)
        planned(app, date: Harness.meetupToday)
        let plan = try #require(app.state.meetup?.plan)
        let strings = app.state.strings
        func inviteeRows() -> [String] {
            let lines = app.frame.lines
            guard let header = lines.firstIndex(where: { $0.contains(strings("meetup.col.why")) && $0.contains(strings("meetup.col.table")) }),
                  header + plan.invitees.count < lines.count else { return [] }
            return Array(lines[header...(header + plan.invitees.count)])
        }
        let planned = inviteeRows()
        #expect(planned.count == plan.invitees.count + 1, "each invitee's table is a column: \(app.screen)")
        for (row, invitee) in zip(planned.dropFirst(), plan.invitees) {
            let table = try #require(plan.tables.firstIndex { $0.contains(invitee.id) }) + 1
            #expect(row.contains(Sanitizer.sanitize(invitee.name)) && row.contains(" \(table) "), "\(row)")
        }
        app.keys(.character("s"), .escape, .escape, .character("4"), .escape, .enter)
        #expect(app.state.meetup?.viewing != nil)
        #expect(inviteeRows() == planned, "\(app.screen)")
        #expect(app.screen.contains(strings("meetup.tables") + " (\(plan.tables.count))"), "\(app.screen)")
    }

    /// A saved meetup's row in the list keeps its counts at 80 columns in every language; the place gives way (review:
    /// "…запланирована · пригл…").
    @Test(arguments: Language.allCases)
    func aSavedMeetupsCountsAreWholeAt80Columns(_ language: Language) throws {
        let app = try Harness(me: Self.coordinator, language: language, width: 80, height: 24)
        planned(app, date: Harness.meetupToday)
        app.keys(.character("s"), .escape)
        let meetup = try #require(app.state.meetup?.savedMeetups.first)
        let strings = app.state.strings
        let counts = language == .ru ? "приглашено \(meetup.invitees.count), пришло 0" : language == .kk
            ? "\(meetup.invitees.count) шақырылды, 0 келді" : "\(meetup.invitees.count) invited, 0 came"
        #expect(app.frame.lines.contains { $0.contains(strings("meetup.status.planned") + " · " + counts) }, "\(app.screen)")
    }

    @Test func badFormInputIsNamedAndNothingIsPlanned() throws {
        let app = try Harness(me: Self.coordinator)
        app.keys(.character("4"), .enter)
        #expect(app.state.meetup?.error == "Required" && app.state.meetup?.plan == nil)
        app.type("Aqtau")
        app.keys(.tab, .tab, .backspace, .backspace)
        app.type("0")
        app.keys(.enter)
        #expect(app.state.meetup?.error == "A whole number of seats, 1 or more")
        #expect(app.state.meetup?.fields[app.state.meetup!.fieldFocus].id == "capacity")
        app.keys(.tab, .tab)
        app.type("planet:mars")
        app.keys(.enter)
        #expect(app.state.meetup?.plan == nil)
        app.keys(.escape)
        #expect(app.state.meetup == nil, "Esc on the form without a plan returns to the directory")
    }

    @Test func onlyCoordinatorsPlanAndSeeTheTab() throws {
        let alumnus = try Harness(me: Fixtures.p(1))
        alumnus.keys(.character("4"))
        #expect(alumnus.state.meetup == nil)
        #expect(!alumnus.screen.split(separator: "\n")[0].contains("Meetups"))
        let coordinator = try Harness(me: Self.coordinator)
        #expect(coordinator.screen.split(separator: "\n")[0].contains("4 Meetups"))
    }

    @Test func theMapOpensThePlannerInTheSelectedRegion() throws {
        let app = try Harness(me: Self.coordinator, language: .ru)
        app.keys(.character("5"))
        let centre = try #require(app.state.mapSelectedCentre)
        app.keys(.character("m"))
        var direct = AppState(size: Size(width: 120, height: 40), language: .ru, today: Fixtures.today, gazetteer: Fixtures.gazetteer,
                              me: Me(id: Self.coordinator, name: "Әсел", role: .coordinator,
                                     actor: try app.store.actor(Self.coordinator)))
        #expect(MeetupScreen.open(&direct, host: centre) == [.meetup(.loadSaved)])
        #expect(app.state.meetup?.text("host") == direct.meetup?.text("host"))
        #expect(app.state.meetup?.text("host").isEmpty == false)
        #expect(app.state.meetup?.fieldFocus == 0, "the same focus whatever the way in")
        #expect(app.screen.split(separator: "\n")[0].contains("4 "))
    }
}
