import ArgumentParser
import BailanysCore
import BailanysResources
import BailanysGraph
import BailanysInterchange
import BailanysStore
import BailanysTUI
import Foundation
import TerminalKit

struct MeetupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meetup", abstract: "Plan regional meetups, record who came, export invitations.",
        subcommands: [Plan.self, List.self, Show.self, Attend.self, Export.self])

    /// The wording in the language of `--lang`, the config, then LANG.
    static func wording(lang: String?, _ environment: CommandEnvironment) throws -> MeetupWording {
        MeetupWording(language: try Launcher.language(option: lang, environment), gazetteer: BailanysResources.gazetteer)
    }

    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan", abstract: "Choose whom to invite: fading ties revived, isolated and online-round alumni reached.",
            discussion: """
                Prints the plan without saving it; --save keeps it as a meetup (M…), and --ics saves it too,
                because a calendar invitation needs the meetup's stable id. Saving needs --as a coordinator of
                the host's region (or a national one).
                """)

        @OptionGroup var directory: DirectoryOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var language: LanguageOptions

        @Option(help: "Host settlement, any spelling (Aktau, Ақтау, Aqtau).")
        var host: String

        @Option(help: ArgumentHelp("Start, local Almaty time.", valueName: "YYYY-MM-DDTHH:MM"))
        var date: String

        @Option(help: "Seats in all, mentors included.")
        var capacity: Int

        // Unconditional: "-5" is a value here (refused below with the range), not an unknown option.
        @Option(parsing: .unconditional, help: "Travel radius in km around the host settlement (0–5000).")
        var radius: String

        @Option(help: ArgumentHelp("Only these alumni: round:R3, theme:ecology, isolated or region:NAME.", valueName: "focus"))
        var focus: String?

        @Option(help: ArgumentHelp("Removed: plans no longer depend on a seed.", visibility: .hidden))
        var seed: String?

        @OptionGroup var output: OutputOptions
        var json: Bool { output.json }

        @Option(help: ArgumentHelp("Also write an iCalendar invitation to this file (saves the plan).", valueName: "file"))
        var ics: String?

        @Flag(help: "Replace the --ics file if it exists (a regular file only: never a link, device or folder).")
        var force = false

        @Flag(help: "Save the plan as a meetup.")
        var save = false

        @Flag(help: "With --json: also the problem solved (members, fading ties, seats, weights) for an exact solver.")
        var problem = false

        func run() throws {
            if seed != nil {
                throw CommandError.usage("--seed was removed: the planner is deterministic, so every plan for the same "
                                         + "directory and request is the same. Drop --seed.")
            }
            guard capacity > 0 else { throw CommandError.usage("--capacity \(capacity): expected a whole number of seats, 1 or more.") }
            guard let radiusKm = MeetupRequest.radius(typed: radius) else {
                throw CommandError.usage("--radius \(radius): expected kilometres from 0 to \(Int(MeetupRequest.radii.upperBound)).")
            }
            guard let startsAt = LocalDateTime(iso: date) else {
                throw CommandError.usage("--date \(date): expected a real date and time as YYYY-MM-DDTHH:MM, e.g. 2026-12-10T18:30.")
            }
            let hostKey = try resolveSettlement(host)
            let graph = try GraphContext(directory: directory)
            try identity.actor(allowedTo: .previewMeetup, in: graph.store, environment: directory.environment)
            let focusValue = try parseFocus(store: graph.store)
            let settlement = graph.store.gazetteer.settlement(hostKey)!
            let request = MeetupRequest(host: MeetupHost(settlement: hostKey, latitude: settlement.latitude, longitude: settlement.longitude),
                                        capacity: capacity, radiusKm: radiusKm, focus: focusValue, now: graph.today)
            let plan = MeetupPlanner.plan(snapshot: graph.snapshot, request: request, model: graph.model)
            let wording = try MeetupCommand.wording(lang: language.lang, directory.environment)
            var saved: Meetup?
            func saveMeetup() throws -> Meetup {
                let actor = try identity.actor(in: graph.store, environment: directory.environment)
                let id = try translatingErrors { try graph.store.saveMeetup(MeetupDraft(plan: plan, startsAt: startsAt), by: actor) }
                return try translatingErrors { try graph.store.meetup(id) }
            }
            if let ics {
                // The file is checked before the meetup is saved: a refused file saves nothing (it saved the meetup,
                // then said "nothing was written", and a retry saved it twice).
                try ExportCommand.write(to: ics, force: force) { sink in
                    let meetup = try saveMeetup()
                    saved = meetup
                    try sink(wording.calendar(meetup, stamp: Date()))
                }
            } else if save {
                saved = try saveMeetup()
            }
            if json {
                var output = PlanJSON(plan, startsAt: startsAt, saved: saved?.id, wording: wording)
                if problem { output.problem = MeetupPlanner.problem(snapshot: graph.snapshot, request: request, model: graph.model) }
                return try Output.json(output)
            }
            printPlan(plan, startsAt: startsAt, wording: wording)
            if let saved {
                Output.line("Saved as \(saved.id)\(ics.map { "; invitation written to \($0)" } ?? "").")
            } else {
                Output.line("Not saved; add --save to keep it as a meetup.")
            }
        }

        private func parseFocus(store: DirectoryStore) throws -> MeetupFocus? {
            guard let focus else { return nil }
            switch MeetupFocusInput(focus, places: PlaceResolver(gazetteer: store.gazetteer)) {
            case .everyone: return nil
            case .invalid:
                throw CommandError.usage("--focus \(focus): expected round:R3, theme:ecology, isolated or region:NAME.")
            case .focus(let value):
                if case .round(let id) = value, try !translatingErrors({ try store.rounds() }).contains(where: { $0.id == id }) {
                    throw CommandError.user("No round \(id) in the directory; `bailanys stats` lists the rounds.")
                }
                if case .theme(let theme) = value { return .theme(try resolveTheme(theme, in: store)) }
                return value
            }
        }

        private func printPlan(_ plan: MeetupPlan, startsAt: LocalDateTime, wording: MeetupWording) {
            let r = plan.request
            Output.line("Meetup plan: \(wording.place(r.host.settlement)) · \(startsAt.day.iso) \(startsAt.clock) · \(r.capacity) seats · "
                        + "\(formatKm(r.radiusKm)) km · focus: \(wording.focus(r.focus))")
            // Candidates are the alumni within reach; the mentors added come beside them, as the app says (it read
            // "20 invited of 19 candidates"; review).
            let mentors = plan.invitees.filter(\.isMentor).count
            Output.line("Invited \(plan.invitees.count - mentors) of \(plan.candidateCount) alumni, mentors: \(mentors) · "
                        + "\(plan.revivedTies) fading ties revived · score \(String(format: "%.1f", plan.objective)) (at most \(String(format: "%.1f", plan.upperBound)))")
            Output.line()
            if plan.invitees.isEmpty { Output.line("Nobody within \(formatKm(r.radiusKm)) km matches; widen the radius or change the focus.") }
            Output.table(plan.invitees.enumerated().map { k, invitee in
                ["\(k + 1)", invitee.id.description, invitee.name + (invitee.isMentor ? " (mentor)" : ""),
                 wording.settlementName(invitee.settlement), formatKm(invitee.distanceKm),
                 invitee.reasons.map(wording.reason).joined(separator: "; ")]
            }, widths: [3, 7, 30, 16, 5, 200])
            Output.line()
            Output.line("Venues:")
            if plan.venues.isEmpty { Output.line("  no partner body in the directory") }
            for venue in plan.venues.prefix(5) {
                let away = venue.distanceKm > 0 ? " — \(wording.settlementName(venue.settlement)), \(formatKm(venue.distanceKm)) km away" : ""
                Output.line("  \(venue.id)  \(venue.name) — \(venue.tiedInvitees) invitee\(venue.tiedInvitees == 1 ? "" : "s") tied\(away)")
            }
            Output.line("Tables (Louvain modularity \(String(format: "%.3f", plan.communityModularity)), "
                        + "tables \(String(format: "%.3f", plan.tableModularity))):")
            for (n, table) in plan.tables.enumerated() {
                Output.line("  \(n + 1): " + table.map(\.description).joined(separator: ", "))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Saved meetups, soonest last.")

        @OptionGroup var directory: DirectoryOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var language: LanguageOptions

        @OptionGroup var output: OutputOptions
        var json: Bool { output.json }

        struct Row: Encodable {
            var id: String, startsAt: String, host: String, venue: String?, status: String, invited: Int, attended: Int
        }

        func run() throws {
            let store = try directory.open()
            try identity.actor(allowedTo: .previewMeetup, in: store, environment: directory.environment)
            let wording = try MeetupCommand.wording(lang: language.lang, directory.environment)
            let rows = try translatingErrors { try store.meetups() }.map {
                Row(id: $0.id.description, startsAt: $0.startsAt.iso, host: wording.place($0.host), venue: $0.venue?.name,
                    status: $0.status.rawValue, invited: $0.invitees.count, attended: $0.attendees.count)
            }
            if json { return try Output.json(rows) }
            if rows.isEmpty { return Output.line("No meetups yet; `bailanys meetup plan --save` makes one.") }
            Output.table(rows.map { [$0.id, $0.startsAt.replacingOccurrences(of: "T", with: " "), $0.host, $0.venue ?? "—",
                                     $0.status, "\($0.invited) invited", "\($0.attended) came"] },
                         widths: [5, 16, 24, 34, 7, 11, 8])
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "A saved meetup: invitees and why, tables, attendance.")

        @OptionGroup var directory: DirectoryOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var language: LanguageOptions

        @Argument(help: "Meetup id, e.g. M1.")
        var id: String

        @OptionGroup var output: OutputOptions
        var json: Bool { output.json }

        func run() throws {
            let meetupID = try parseID(id, as: [.meetup], what: "a meetup id like M1")
            let store = try directory.open()
            try identity.actor(allowedTo: .previewMeetup, in: store, environment: directory.environment)
            try Self.show(meetupID, store: store, wording: try MeetupCommand.wording(lang: language.lang, directory.environment), json: json)
        }

        static func show(_ id: EntityID, store: DirectoryStore, wording: MeetupWording, json: Bool) throws {
            let meetup = try translatingErrors { try store.meetup(id) }
            let rounds = Dictionary(uniqueKeysWithValues: try translatingErrors { try store.rounds() }.map { ($0.id, $0) })
            let names = Dictionary(meetup.invitees.map { ($0.person.id, $0.person.name) }) { first, _ in first }
            let attended = Set(meetup.attendees.map(\.id))
            if json { return try Output.json(MeetupJSON(meetup, wording: wording, names: names, rounds: rounds)) }
            Output.line("\(meetup.id) · \(wording.place(meetup.host)) · \(meetup.startsAt.day.iso) \(meetup.startsAt.clock) · "
                        + "\(meetup.status.rawValue) · \(meetup.capacity) seats · \(formatKm(meetup.radiusKm)) km · "
                        + "focus: \(wording.focus(meetup.focus))")
            Output.line("Venue: \(meetup.venue.map { "\($0.name) (\($0.id))" } ?? "—")")
            Output.line()
            Output.table(meetup.invitees.map { invite in
                [attended.contains(invite.person.id) ? "✓" : " ", invite.person.id.description,
                 invite.person.name + (invite.isMentor ? " (mentor)" : ""), invite.table.map { "table \($0)" } ?? "",
                 invite.reasons.map { wording.reason($0, names: names, rounds: rounds) }.joined(separator: "; ")]
            }, widths: [1, 7, 30, 8, 200])
            let walkIns = meetup.attendees.filter { names[$0.id] == nil }
            if !walkIns.isEmpty { Output.line("Also came: " + walkIns.map { "\($0.name) (\($0.id))" }.joined(separator: ", ")) }
            Output.line("\(meetup.invitees.count) invited, \(meetup.attendees.count) came.")
        }
    }

    struct Attend: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "attend", abstract: "Record who came; every pair of attendees gets a dated meetup tie.",
            discussion: "Marks the meetup held. Run it again to add people; those already recorded stay. A coordinator of the host's region.")

        @OptionGroup var directory: DirectoryOptions
        @OptionGroup var identity: IdentityOptions

        @Argument(help: "Meetup id, e.g. M1.")
        var id: String

        @Argument(help: "People who came (P12 P40 …).")
        var people: [String]

        func run() throws {
            let meetupID = try parseID(id, as: [.meetup], what: "a meetup id like M1")
            guard !people.isEmpty else { throw CommandError.usage("Name at least one person who came, e.g. P12.") }
            let ids = try people.map { try parseID($0, as: [.person], what: "a person id like P12") }
            let store = try directory.open()
            let today = try directory.environment.today()
            let actor = try identity.actor(in: store, environment: directory.environment)
            try translatingErrors { try store.markAttendance(meetupID, people: ids, by: actor, today: today) }
            let meetup = try translatingErrors { try store.meetup(meetupID) }
            Output.line("\(meetupID) held: \(meetup.attendees.count) came; their ties now count this meetup.")
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export", abstract: "A saved meetup as an iCalendar event, a messenger announcement or its invite list.",
            discussion: """
                csv, vcard and vcard3 write the invite list as `bailanys export --public` does: names, places and the
                contacts each invitee agreed to share; no gender, birth year, notes or sensitive categories. The CSV
                re-imports with `bailanys import` (its empty cells keep the stored values).
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable { case ics, text, csv, vcard, vcard3 }

        @OptionGroup var directory: DirectoryOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var language: LanguageOptions

        @Argument(help: "Meetup id, e.g. M1.")
        var id: String

        @Option(help: "ics (RFC 5545), text (an announcement for a messenger group), or the invite list as csv, vcard (4.0) or vcard3.")
        var format: Format

        @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file (mode 0600) instead of standard output.", valueName: "file"))
        var output: String?

        @Flag(help: "Replace the -o file if it exists (a regular file only: never a link, device or folder).")
        var force = false

        func run() throws {
            let meetupID = try parseID(id, as: [.meetup], what: "a meetup id like M1")
            let store = try directory.open()
            try identity.actor(allowedTo: .previewMeetup, in: store, environment: directory.environment)
            let meetup = try translatingErrors { try store.meetup(meetupID) }
            if let list = try inviteList(meetup, store: store) { return try ExportCommand.write(list, to: output, force: force) }
            let wording = try MeetupCommand.wording(lang: language.lang, directory.environment)
            let text = format == .ics ? wording.calendar(meetup, stamp: Date()) : wording.announcement(meetup)
            if let output { return try ExportCommand.write(format == .ics ? text : text + "\n", to: output, force: force) }
            if format == .ics { return FileHandle.standardOutput.write(Data(text.utf8)) }
            for line in Sanitizer.lines(text) { Output.line(line) }
        }

        /// The invite list in the chosen format, or nil for the formats that are not a list.
        private func inviteList(_ meetup: Meetup, store: DirectoryStore) throws -> String? {
            let exporter = DirectoryExporter.sharedContacts(store: store)
            return try translatingErrors {
                switch format {
                case .ics, .text: nil
                case .csv: exporter.csv(people: try exporter.invitees(of: meetup))
                case .vcard: try exporter.vcards(exporter.invitees(of: meetup), version: "4.0")
                case .vcard3: try exporter.vcards(exporter.invitees(of: meetup), version: "3.0")
                }
            }
        }
    }
}

private func formatKm(_ km: Double) -> String { String(format: "%.0f", km) }

private struct ReasonJSON: Encodable {
    var kind: String, with: String?, round: String?, text: String
}

private struct InviteeJSON: Encodable {
    var id: String, name: String, settlement: String?, distanceKm: Double?, mentor: Bool, gain: Double?, table: Int?
    var attended: Bool?, reasons: [ReasonJSON]
}

private struct VenueJSON: Encodable {
    var id: String, name: String, kind: String?, tiedInvitees: Int, strength: Double, settlement: String, distanceKm: Double
}

private struct PlanJSON: Encodable {
    var host: String, startsAt: String, capacity: Int, radiusKm: Double, focus: String?
    var candidates: Int, invitees: [InviteeJSON], venues: [VenueJSON], tables: [[String]]
    var communityModularity: Double, tableModularity: Double, revivedTies: Int, objective: Double, upperBound: Double, saved: String?
    var problem: MeetupProblemExport?

    init(_ plan: MeetupPlan, startsAt: LocalDateTime, saved: EntityID?, wording: MeetupWording) {
        let r = plan.request
        var table: [EntityID: Int] = [:]
        for (n, members) in plan.tables.enumerated() { for id in members { table[id] = n + 1 } }
        host = r.host.settlement
        self.startsAt = startsAt.iso
        capacity = r.capacity
        radiusKm = r.radiusKm
        focus = r.focus?.code
        candidates = plan.candidateCount
        invitees = plan.invitees.map { invitee in
            InviteeJSON(id: invitee.id.description, name: invitee.name, settlement: invitee.settlement, distanceKm: invitee.distanceKm,
                        mentor: invitee.isMentor, gain: invitee.gain, table: table[invitee.id], attended: nil,
                        reasons: invitee.reasons.map { reason in
                            let saved = SavedInviteReason(reason)
                            return ReasonJSON(kind: saved.kindCode, with: saved.person?.description, round: saved.round?.description,
                                              text: wording.reason(reason))
                        })
        }
        venues = plan.venues.map {
            VenueJSON(id: $0.id.description, name: $0.name, kind: $0.kind?.rawValue, tiedInvitees: $0.tiedInvitees, strength: $0.strength,
                      settlement: $0.settlement, distanceKm: $0.distanceKm)
        }
        tables = plan.tables.map { $0.map(\.description) }
        communityModularity = plan.communityModularity
        tableModularity = plan.tableModularity
        revivedTies = plan.revivedTies
        objective = plan.objective
        upperBound = plan.upperBound
        self.saved = saved?.description
    }
}

private struct MeetupJSON: Encodable {
    var id: String, host: String, venue: String?, venueName: String?, startsAt: String, capacity: Int, radiusKm: Double
    var focus: String?, status: String, invitees: [InviteeJSON], attendees: [String]

    init(_ m: Meetup, wording: MeetupWording, names: [EntityID: String], rounds: [EntityID: Round]) {
        let attended = Set(m.attendees.map(\.id))
        id = m.id.description
        host = m.host
        venue = m.venue?.id.description
        venueName = m.venue?.name
        startsAt = m.startsAt.iso
        capacity = m.capacity
        radiusKm = m.radiusKm
        focus = m.focus?.code
        status = m.status.rawValue
        invitees = m.invitees.map { invite in
            InviteeJSON(id: invite.person.id.description, name: invite.person.name, settlement: nil, distanceKm: nil,
                        mentor: invite.isMentor, gain: nil, table: invite.table, attended: attended.contains(invite.person.id),
                        reasons: invite.reasons.map {
                            ReasonJSON(kind: $0.kindCode, with: $0.person?.description, round: $0.round?.description,
                                       text: wording.reason($0, names: names, rounds: rounds))
                        })
        }
        attendees = m.attendees.map(\.id.description)
    }
}

extension SavedInviteReason {
    var kindCode: String { String(code.prefix { $0 != ":" }) }

    var person: EntityID? {
        switch self {
        case .revivesFadingTie(let id), .mentorOf(let id): id
        default: nil
        }
    }

    var round: EntityID? {
        switch self {
        case .onlineRound(let id), .round(let id): id
        default: nil
        }
    }
}
