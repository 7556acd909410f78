import BailanysCore
@testable import BailanysInterchange
import BailanysPolicy
import BailanysStore
import PythonCrossCheck
import Foundation
import Testing

@Suite struct ExportTests {
    static let sensitiveMarkers = ["neet", "vulnerable", "disability", "NEET", "VULNERABLE", "DISABILITY"]
    static let privateValues = ["aigerim@mail.kz", "+7 702 555 44 33"]

    @Test(arguments: [ExportFormat.csv, .vcard, .vcard3, .json])
    func exportsLeaveSensitiveFieldsAndPrivateContactsOutUnlessAsked(format: ExportFormat) throws {
        let store = try Fixtures.store()
        for privacy in [ExportPrivacy.standard, .publicDirectory] {
            let text = try DirectoryExporter(store: store, privacy: privacy).export(format, kind: nil, only: nil, now: Fixtures.today)
            #expect(text.contains("Айгерім Сапарова"))
            for marker in Self.sensitiveMarkers + Self.privateValues { #expect(!text.contains(marker), "\(format) \(privacy): \(marker)") }
        }
        let full = try DirectoryExporter(store: store, privacy: .includeSensitive).export(format, kind: nil, only: nil, now: Fixtures.today)
        for value in Self.privateValues { #expect(full.contains(value), "\(format): \(value)") }
        #expect(Self.sensitiveMarkers.contains { full.contains($0) })
    }

    @Test func publicDirectoryShowsOnlyWhatPeopleAgreedTo() throws {
        let store = try Fixtures.store()
        let json = try DirectoryExporter(store: store, privacy: .publicDirectory).export(.json, kind: nil, only: nil, now: Fixtures.today)
        let document = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        #expect(Set(document.keys) == ["people"])
        let aigerim = (document["people"] as! [[String: Any]])[0]
        #expect(Set(aigerim.keys) == ["contacts", "fullName", "id", "interests", "languages", "roles", "settlement"])
        #expect((aigerim["contacts"] as! [[String: Any]]).map { $0["value"] as! String } == ["+7 701 111 22 33"])
        #expect(throws: ExportError.publicPeopleOnly) {
            _ = try DirectoryExporter(store: store, privacy: .publicDirectory).export(.csv, kind: .interactions, only: nil, now: Fixtures.today)
        }
    }

    @Test func peopleByIDsForInviteLists() throws {
        let store = try Fixtures.store()
        let exporter = DirectoryExporter(store: store, privacy: .standard)
        let people = try exporter.people(ids: [Fixtures.p(3), Fixtures.p(1), EntityID(.person, 99)])
        #expect(people.map(\.fullName) == ["Dana Bekova", "Айгерім Сапарова"])
        #expect(people.allSatisfy { $0.sensitive.isEmpty && $0.contacts.allSatisfy(\.shared) })
        let csv = exporter.csv(people: people)
        #expect(csv.split(separator: "\r\n").count == 3)
        #expect(try exporter.vcards(people, version: "3.0").components(separatedBy: "BEGIN:VCARD").count == 3)
    }

    @Test func inviteListIsTheMeetupsInviteesWithPrivacyApplied() throws {
        let store = try Fixtures.store()
        let invitees = [Fixtures.p(3), Fixtures.p(1), Fixtures.p(2)].map { id in
            MeetupInvite(person: EntityRef(id: id, name: ""), isMentor: false, table: nil, reasons: [.isolated])
        }
        let meetup = try store.meetup(try store.saveMeetup(Self.draft(host: "aktau", day: "2026-12-10", invitees: invitees), by: Self.coordinator))
        // The invite list's privacy, as the app and `meetup export` write it: names and shared contacts.
        let exporter = DirectoryExporter.sharedContacts(store: store)
        let people = try exporter.invitees(of: meetup)
        #expect(people.allSatisfy { $0.gender == nil && $0.birthYear == nil })
        #expect(people.map(\.id) == [Fixtures.p(3), Fixtures.p(1), Fixtures.p(2)], "in invitation order")
        let files = [exporter.csv(people: people), try exporter.vcards(people, version: "4.0"), try exporter.vcards(people, version: "3.0")]
        for text in files {
            for marker in Self.sensitiveMarkers + Self.privateValues { #expect(!text.contains(marker), "\(marker)") }
        }
        let cards = try PythonVCard.parse(files[1])
        #expect(cards.map(\.name) == ["Dana Bekova", "Айгерім Сапарова", "Ерлан Жақсылықов"])
        #expect(cards.map(\.phones) == [[], ["+7 701 111 22 33"], []] && cards.allSatisfy { $0.emails.isEmpty })
        let plan = try Importer.plan(file: "invitees.csv", data: Data(files[0].utf8), store: store, options: Fixtures.options())
        #expect(plan.summary.added == 0 && plan.summary.updated + plan.summary.alreadyPresent == 3, "\(plan.summary.lines)")
    }

    /// A national coordinator: meetups are coordinators' to plan and to record.
    static let coordinator = Actor(id: nil, roles: [.coordinator], reach: .country)

    static func draft(host: String, day: String,
                      invitees: [MeetupInvite] = [MeetupInvite(person: EntityRef(id: Fixtures.p(1), name: ""), isMentor: false, table: nil, reasons: [.isolated])]) -> MeetupDraft {
        MeetupDraft(host: host, venue: nil, startsAt: LocalDateTime(iso: day + "T18:30")!, capacity: 10, radiusKm: 50, focus: nil,
                    invitees: invitees)
    }

    @Test func savedMeetupsAsOneCalendarFilteredByStatusAndRegion() throws {
        let store = try Fixtures.store()
        let aktau = try store.saveMeetup(Self.draft(host: "aktau", day: "2025-10-01"), by: Self.coordinator)
        let astana = try store.saveMeetup(Self.draft(host: "astana", day: "2026-12-10"), by: Self.coordinator)
        try store.markAttendance(aktau, people: [Fixtures.p(1), Fixtures.p(2)], by: Self.coordinator, today: Fixtures.today)
        let exporter = DirectoryExporter(store: store, privacy: .standard)
        func calendar(_ status: MeetupStatus?, _ region: String?) throws -> PythonICalendar {
            try PythonICalendar.parse(try exporter.calendar(status: status, region: region, stamp: Date(timeIntervalSince1970: 1_795_000_000)) {
                CalendarEvent(uid: "\($0.id)@test", start: $0.startsAt, end: $0.startsAt.adding(minutes: 60), summary: "Meetup \($0.id)",
                              location: $0.host, description: "\($0.invitees.count) invited; \($0.status)")
            })
        }
        let all = try calendar(nil, nil)
        #expect(all.timezones == ["Asia/Almaty"])
        #expect(all.events.map(\.uid) == ["\(aktau)@test", "\(astana)@test"])
        #expect(all.events.map(\.start) == ["2025-10-01T18:30:00+05:00", "2026-12-10T18:30:00+05:00"])
        #expect(all.events.first?.description == "1 invited; held")
        #expect(try calendar(.planned, nil).events.map(\.uid) == ["\(astana)@test"])
        #expect(try calendar(nil, "mangystau").events.map(\.uid) == ["\(aktau)@test"])
        #expect(try calendar(.planned, "mangystau").events.isEmpty)
        #expect(throws: ExportError.calendarOfMeetups) { _ = try exporter.export(.ics, kind: nil, only: nil, now: Fixtures.today) }
    }

    @Test func networkxReadsTheGraphMLWithAttributes() throws {
        let store = try Fixtures.store()
        let text = try DirectoryExporter(store: store, privacy: .standard).export(.graphml, kind: nil, only: nil, now: Fixtures.today)
        let graph = try GraphExport(snapshot: store.graphSnapshot(), now: Fixtures.today, model: .standard)
        let path = Fixtures.temporaryPath("graph.graphml")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let output = try Python.run("""
            import sys, networkx as nx
            g = nx.read_graphml(sys.argv[1])
            print(g.number_of_nodes(), g.number_of_edges())
            print(g.nodes['P1']['label'], g.nodes['P1']['role'], g.nodes['P1']['region'])
            e = g.edges['P1', 'P2']
            print(repr(e['strength']), e['fading'], e['last_contact'])
            """, file: path, modules: ["networkx"])
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.first == "\(graph.nodes.count) \(graph.edges.count)")
        #expect(graph.nodes.count == 6 && graph.edges.count >= 6)
        #expect(lines.dropFirst().first == "Айгерім Сапарова alumnus mangystau")
        let tie = try store.graphSnapshot().tie(Fixtures.p(1), Fixtures.p(2), at: Fixtures.today)
        let fields = lines.last?.split(separator: " ").map(String.init) ?? []
        #expect(fields.count == 3)
        #expect(abs((Double(fields.first ?? "") ?? -1) - tie.strength) < 1e-5 * max(1, tie.strength))
        #expect(fields.last == tie.lastContact?.iso)
    }

    @Test func dotHasEveryNodeAndEdgeEscaped() throws {
        let store = try Fixtures.store()
        let graph = try GraphExport(snapshot: store.graphSnapshot(), now: Fixtures.today, model: .standard,
                                    only: [Fixtures.p(1), Fixtures.p(2), Fixtures.p(4)])
        let dot = graph.dot()
        #expect(graph.nodes.count == 3 && graph.edges.count == 3)
        #expect(dot.hasPrefix("graph bailanys {") && dot.contains("\"P1\" -- \"P2\""))
        #expect(dot.components(separatedBy: " -- ").count == 4)
        #expect(GraphExport.dotString("a \"b\"\\") == "\"a \\\"b\\\"\\\\\"")
    }
}
