import BailanysCore
import BailanysGraph
import BailanysPolicy
import BailanysStore
import Foundation
import TerminalKit
import Testing
@testable import BailanysTUI

/// The planner as a coordinator finds it: a reopened meetup is itself, the form is the same every way in.
@Suite struct MeetupFixesTests {
    static let coordinator = Fixtures.p(5)

    /// Fills the form field by field (Tab order) and plans.
    func plan(_ app: Harness, _ values: [String: String]) {
        app.keys(.character("4"))
        for id in MeetupScreenState.fieldIDs {
            if let value = values[id] {
                for _ in 0..<40 { app.keys(.backspace) }
                app.type(value)
            }
            app.keys(.tab)
        }
        app.keys(.enter)
    }

    static let today = ["host": "Aqtau", "date": "2026-11-25 18:30"]

    /// A regional coordinator (Astana's) may look at a plan hosted in another region (Aktau), but only that region's
    /// coordinators may save it (the store refuses): `s` is not offered and the plan says who can save it. It offered
    /// `s Save the plan`, then answered "Not allowed" (review). At home the same coordinator is offered `s` and saves.
    @Test func aPlanInAnotherRegionSaysWhoMaySaveItAndOffersNoSave() throws {
        let app = try Harness(me: Self.coordinator, store: try Fixtures.store(nationalCoordinator: false))
        plan(app, Self.today)
        #expect(app.state.meetup?.plan != nil, "\(app.screen)")
        #expect(!app.screen.contains("Save the plan"), "\(app.screen)")
        let region = "Mangystau Region"
        #expect(Fixtures.squeezed(app.screen).contains(Fixtures.squeezed(app.state.strings("meetup.elsewhere", ["region": region]))),
                "\(app.screen)")
        app.keys(.character("s"))
        #expect(try app.store.meetups().isEmpty)
        #expect(app.state.notice == nil)

        app.keys(.character("e"))
        for _ in 0..<40 { app.keys(.backspace) }
        app.type("Astana")
        app.keys(.enter)
        #expect(app.screen.contains("Save the plan"), "\(app.screen)")
        app.keys(.character("s"))
        #expect(try app.store.meetups().count == 1)
    }

    /// `theme:` takes a theme's name in any of the three languages, as the directory's filter does: `theme:экология`
    /// planned for nobody (only the English key matched) and blamed the radius (review).
    @Test func aThemeFocusIsReadInAnyLanguage() throws {
        let places = PlaceResolver(gazetteer: Fixtures.gazetteer)
        for typed in ["theme:экология", "theme:Ecology", "theme: ecology", "theme:ЭКОЛОГИЯ"] {
            #expect(MeetupFocusInput(typed, places: places) == .focus(.theme("ecology")), "\(typed)")
        }
        #expect(MeetupFocusInput("theme:Beekeeping club", places: places) == .focus(.theme("Beekeeping club")),
                "a theme imported as free text is matched as it was imported")
    }

    /// A plan edited into a host that is no place shows the error alone: the old plan's invitees under it read as the
    /// answer to what was typed (review). Esc brings the plan back as it was.
    @Test func aFailedEditHidesThePlanUntilEscBringsItBack() throws {
        let app = try Harness(me: Self.coordinator)
        plan(app, Self.today)
        let planned = try #require(app.state.meetup?.plan)
        let name = try #require(planned.invitees.first?.name)
        #expect(app.screen.contains(name))
        app.keys(.character("e"))
        for _ in 0..<40 { app.keys(.backspace) }
        app.type("Zzzqx")
        app.keys(.enter)
        #expect(app.state.meetup?.error != nil)
        #expect(!app.screen.contains(name), "the old plan's invitees stay under the error")
        app.keys(.escape)
        #expect(app.state.meetup?.plan == planned)
        #expect(app.screen.contains(name))
    }

    @Test func aReopenedMeetupShowsItsOwnSettingsAndEditsFromThem() throws {
        let app = try Harness(me: Self.coordinator)
        plan(app, Self.today.merging(["capacity": "20", "radius": "150", "focus": "round:R1"]) { $1 })
        let planned = try #require(app.state.meetup?.plan)
        #expect(planned.request.capacity == 20)
        app.keys(.character("s"), .escape, .escape)
        #expect(app.state.meetup == nil)
        app.keys(.character("4"))
        #expect(app.state.meetup?.text("capacity") == "30", "a new plan starts from the defaults")
        app.keys(.escape, .enter)
        let screen = try #require(app.state.meetup)
        #expect(screen.viewing != nil)
        for (id, value) in ["host": "Aktau", "date": "2026-11-25 18:30", "capacity": "20", "radius": "150", "focus": "round:R1"] {
            #expect(screen.text(id) == value, "\(id)")
        }
        app.keys(.character("e"), .enter)
        let again = try #require(app.state.meetup?.plan)
        #expect(again.request == planned.request, "e plans again from the meetup's own settings")
    }

    @Test func theOpenedMeetupsTableShowsPlaceAndKm() throws {
        let app = try Harness(me: Self.coordinator)
        plan(app, Self.today)
        app.keys(.character("s"), .escape, .escape, .character("4"), .escape, .enter)
        #expect(app.state.meetup?.viewing != nil)
        let row = try #require(app.row(containing: "Ерлан Жақсылықов"))
        let line = app.frame.text(row: row)
        let aktau = try #require(Fixtures.gazetteer.settlement("aktau")), shetpe = try #require(Fixtures.gazetteer.settlement("shetpe"))
        #expect(line.contains("Shetpe") && line.contains(String(format: "%.0f", aktau.distanceKm(to: shetpe))), "\(line)")
        #expect(!app.screen.contains("Table 1"))
    }

    @Test func theHeaderSaysHeldAndSpaceAdvances() throws {
        let app = try Harness(me: Self.coordinator)
        plan(app, Self.today)
        app.keys(.character("s"))
        let id = try #require(app.state.meetup?.saved)
        app.keys(.character(" "))
        #expect(app.state.meetup?.selected == 1, "Space marks and moves on")
        app.keys(.character(" "), .character("a"))
        #expect(app.frame.text(row: 1).contains("Meetup planner · \(id) · held · 2 came"), "\(app.frame.text(row: 1))")
    }

    /// Space on someone already recorded did nothing silently, and `a` then "recorded" them again (review).
    @Test func someoneAlreadyRecordedIsNotMarkedAgain() throws {
        let app = try Harness(me: Self.coordinator)
        plan(app, Self.today)
        app.keys(.character("s"), .character(" "), .character("a"))
        let id = try #require(app.state.meetup?.saved)
        #expect(try app.store.meetup(id).attendees.count == 1)
        app.keys(.home, .character(" "))
        #expect(app.state.notice?.text == "Already recorded as came" && app.state.meetup?.marked.isEmpty == true)
        #expect(app.state.meetup?.selected == 1, "Space still moves on")
        app.keys(.character("a"))
        #expect(app.state.notice?.text == "Mark who came with Space first")
    }

    /// A saved meetup in another region said its plan could be saved by that region's coordinators (review).
    @Test func aSavedMeetupElsewhereSaysOnlyWhoRecordsAttendance() throws {
        let store = try Fixtures.store(nationalCoordinator: false)
        let national = BailanysPolicy.Actor(id: nil, roles: [.coordinator], reach: .country)
        let aktau = Fixtures.gazetteer.settlement("aktau")!
        let request = MeetupRequest(host: MeetupHost(settlement: "aktau", latitude: aktau.latitude, longitude: aktau.longitude),
                                    capacity: 10, radiusKm: 150, now: Fixtures.today)
        let plan = MeetupPlanner.plan(snapshot: try store.graphSnapshot(), request: request)
        _ = try store.saveMeetup(MeetupDraft(plan: plan, startsAt: LocalDateTime(iso: "2026-12-10T18:30")!), by: national)
        let app = try Harness(me: Self.coordinator, store: store)
        app.keys(.character("4"), .escape, .enter)
        #expect(app.state.meetup?.viewing != nil, "\(app.screen)")
        let screen = Fixtures.squeezed(app.screen)
        #expect(screen.contains(Fixtures.squeezed(app.state.strings("meetup.elsewhereSaved", ["region": "Mangystau Region"]))), "\(app.screen)")
        #expect(!screen.contains(Fixtures.squeezed("save this plan")))
    }

    /// The advice under a plan of nobody was cut mid-word at 80 columns in kk (review): it wraps.
    @Test(arguments: Language.allCases)
    func theAdviceForAPlanOfNobodyIsWhole(_ language: Language) throws {
        let app = try Harness(me: Self.coordinator, language: language, width: 80, height: 24)
        plan(app, ["host": "Aqtau", "date": "2026-11-25 18:30", "focus": "theme:spaceflight"])
        #expect(app.state.meetup?.plan?.invitees.isEmpty == true)
        let advice = app.state.strings("meetup.none", ["radius": "100"])
        #expect(Fixtures.squeezed(app.screen).contains(Fixtures.squeezed(advice)), "\(app.screen)")
    }

    @Test func aPastDateIsRefused() throws {
        let app = try Harness(me: Self.coordinator)
        plan(app, ["host": "Aqtau", "date": "2026-11-24 18:30"])
        #expect(app.state.meetup?.plan == nil)
        #expect(app.state.meetup?.error == "That date has passed; plan from today (25 Nov 2026) on")
        #expect(app.state.meetup?.fields[app.state.meetup!.fieldFocus].id == "date")
    }

    @Test func theFormIsTheSameWhateverTheWayIn() throws {
        func form(_ app: Harness) -> (ids: [String], focus: Int?, labelsInReadingOrder: [String]) {
            let fields = app.state.meetup?.fields ?? []
            let labels = fields.map { app.state.strings($0.labelKey) }
            // Where each label is drawn, row first: the reading order must be the Tab order.
            let positions = labels.map { label -> (Int, Int) in
                let row = app.row(containing: label) ?? -1
                return (row, app.frame.text(row: max(0, row)).range(of: label).map { app.frame.text(row: row).distance(from: app.frame.text(row: row).startIndex, to: $0.lowerBound) } ?? -1)
            }
            let order = labels.indices.sorted { positions[$0] < positions[$1] }.map { labels[$0] }
            return (fields.map(\.id), app.state.meetup?.fieldFocus, order)
        }
        let byKey = try Harness(me: Self.coordinator)
        byKey.keys(.character("4"))
        let byMap = try Harness(me: Self.coordinator)
        byMap.keys(.character("5"), .character("m"))
        let afterPlan = try Harness(me: Self.coordinator)
        plan(afterPlan, Self.today)
        afterPlan.keys(.character("e"))
        for app in [byKey, byMap] {
            let (ids, focus, order) = form(app)
            #expect(ids == MeetupScreenState.fieldIDs && focus == 0)
            #expect(order == MeetupScreenState.fieldIDs.map { app.state.strings("meetup.field.\($0)") }, "Tab order is reading order")
        }
        #expect(form(afterPlan).ids == MeetupScreenState.fieldIDs)
    }

    @Test func theFormHasNoSeedAndThePlanShowsItsBound() throws {
        // Plans no longer depend on a seed (issue 13): no seed field; the summary gives the score and its bound.
        let app = try Harness(me: Self.coordinator)
        app.keys(.character("4"))
        #expect(!app.screen.contains("Seed"))
        app.keys(.escape)
        plan(app, Self.today)
        let planned = try #require(app.state.meetup?.plan)
        #expect(app.screen.contains("(at most \(String(format: "%.1f", planned.upperBound)))"))
        #expect(!app.screen.contains("seed"))
    }

    @Test func theWhyColumnNamesWhomATieIsWith() throws {
        // Айгерім and Dana met often early in 2025, then not at all: by now that tie fades, and the meetup revives it.
        let meetings = (1...8).map {
            Interaction(a: Fixtures.p(1), b: Fixtures.p(3), day: Day(iso: "2025-0\(1 + $0 % 3)-1\($0)")!, channel: .meeting, source: .manual)
        }
        let app = try Harness(me: Self.coordinator, width: 120, height: 40, contacts: meetings)
        plan(app, Self.today)
        let plan = try #require(app.state.meetup?.plan)
        let reviving = try #require(plan.invitees.first { $0.reasons.contains { if case .revivesFadingTie = $0 { true } else { false } } },
                                    "the fixture has a fading tie among the invitees")
        guard case .revivesFadingTie(_, let other, _, _)? = reviving.reasons.first(where: { if case .revivesFadingTie = $0 { true } else { false } })
        else { return }
        let row = try #require(app.row(containing: String(reviving.name.prefix(8))))
        #expect(app.frame.text(row: row).contains(other + ": tie revived"), "whom, whole: \(app.frame.text(row: row))")
    }

    /// At 120 columns on the demo's Aktau plan nothing that carries meaning is cut: the Why column names whom
    /// whole ("revives tie with Ержан Исла…"), a mentor's mark stays whole ("· ment…"), each venue keeps its count of
    /// invitees tied to it ("(akimat) · …"), and the selected person's reasons end whole (the last was cut
    /// mid-sentence; review).
    @Test func aPlanAt120ColumnsCutsNothingThatCarriesMeaning() throws {
        let app = try CoordinatorFixtures.harness(width: 120, height: 40)
        plan(app, ["host": "Aqtau", "date": "2026-11-25 18:30"])
        let plan = try #require(app.state.meetup?.plan)
        let lines = app.frame.lines, screen = app.screen
        for invitee in plan.invitees.prefix(20) {
            // The invitee's own row: the name column starts three columns in.
            let row = try #require(lines.first { $0.dropFirst(3).hasPrefix(String(invitee.name.prefix(10))) }, "\(screen)")
            if invitee.isMentor { #expect(row.contains("· mentor"), "\(row)") }
            if case .revivesFadingTie(_, let other, _, _)? = invitee.reasons.first(where: {
                if case .revivesFadingTie = $0 { true } else { false }
            }) {
                #expect(row.contains(other + ":"), "whom, whole: \(row)")
            }
        }
        // The side column starts where its heading does (one column per character on these lines).
        let heading = try #require(lines.first { $0.contains("Venues") })
        let side = heading.distance(from: heading.startIndex, to: try #require(heading.range(of: "Venues")).lowerBound)
        let sideText = Fixtures.squeezed(lines.map { String($0.dropFirst(side)) }.joined())
        for venue in plan.venues.prefix(3) {
            #expect(sideText.contains(Fixtures.squeezed("· ties to invitees: \(venue.tiedInvitees)")), "\(screen)")
        }
        let wording = MeetupWording(language: .en, gazetteer: CoordinatorFixtures.gazetteer)
        let why = try #require(lines.lastIndex { $0.hasPrefix(" Why ") })
        let reasonsText = Fixtures.squeezed(lines[why...].map { String($0.prefix(side)) }.joined())
        for reason in plan.invitees[0].reasons {
            #expect(reasonsText.contains(Fixtures.squeezed(wording.reason(reason))), "every reason whole: \(screen)")
        }
    }
}
