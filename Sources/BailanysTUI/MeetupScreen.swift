import BailanysCore
import BailanysGraph
import BailanysPolicy
import BailanysInterchange
import BailanysStore
import Foundation
import TerminalKit

/// The meetup planner's state: a form, then the plan with invitees, venues and tables.
struct MeetupScreenState: Equatable, Sendable {
    var fields: [FormField]
    var fieldFocus = 0
    /// Keys go to the form; otherwise they move over the plan.
    var isEditing = true
    /// One message at a time, for the first invalid field.
    var error: String?
    var isPlanning = false
    var plan: MeetupPlan?
    var startsAt: LocalDateTime?
    var selected = 0
    var scrollOffset = 0
    /// Set once the plan is saved.
    var saved: EntityID?
    /// Invitees marked as having come, not yet recorded.
    var marked: Set<EntityID> = []
    /// Recorded attendees.
    var attended: Set<EntityID> = []
    /// Meetups saved before, newest first; shown under the form while there is no plan.
    var savedMeetups: [Meetup] = []
    /// A saved meetup opened from that list, for attendance and export.
    var viewing: Meetup?

    static let fieldIDs = ["host", "date", "capacity", "radius", "focus"]

    /// Rows the selection moves over: the plan's invitees, the opened meetup's, or the saved meetups.
    var rowCount: Int {
        if let plan { return plan.invitees.count }
        if let viewing { return viewing.invitees.count }
        return savedMeetups.count
    }

    /// The invitee under the selection, in a plan or an opened meetup.
    var selectedInvitee: EntityID? {
        plan?.invitees[safe: selected]?.id ?? viewing?.invitees[safe: selected]?.person.id
    }

    func text(_ id: String) -> String {
        fields.first { $0.id == id }?.input.text.trimmingCharacters(in: .whitespaces) ?? ""
    }
}

enum MeetupEffect: Equatable, Sendable {
    case plan(MeetupRequest)
    case save(MeetupDraft, Actor)
    case attend(EntityID, [EntityID], Actor)
    /// The calendar event and the invite list (CSV) side by side in the export folder.
    case exportCalendar(EntityID)
    case loadSaved
}

enum MeetupEvent: Equatable, Sendable {
    case planned(MeetupPlan)
    case saved(EntityID)
    case attended(EntityID, [EntityID])
    case exported(calendar: String, inviteList: String)
    case savedLoaded([Meetup])
}

enum MeetupScreen {
    static let defaultCapacity = 30
    static let defaultRadiusKm = 100
    /// A new plan starts two weeks from today at 18:00.
    static let defaultLeadDays = 14

    /// Opens the planner, with `host` (a gazetteer settlement key) filled in when given — the map opens it so.
    /// Coordinators only; an open planner keeps its state.
    static func open(_ state: inout AppState, host: String?) -> [Effect] {
        guard state.audience == .coordinator else {
            state.notice = Notice(text: state.strings("meetup.error.coordinatorsOnly"), isError: true)
            return []
        }
        if var screen = state.meetup {
            if let host {
                setField("host", hostName(host, state), &screen)
                screen.isEditing = true
            }
            state.meetup = screen
            return []
        }
        let start = LocalDateTime(day: state.today.adding(days: defaultLeadDays), hour: 18, minute: 0)!
        let values = ["host": host.map { hostName($0, state) } ?? "", "date": start.iso.replacingOccurrences(of: "T", with: " "),
                      "capacity": "\(defaultCapacity)", "radius": "\(defaultRadiusKm)", "focus": ""]
        state.meetup = MeetupScreenState(fields: MeetupScreenState.fieldIDs.map { id in
            FormField(id: id, labelKey: "meetup.field.\(id)", kind: .text, input: TextInput(values[id] ?? ""))
        })
        if host != nil { state.meetup?.fieldFocus = 1 }
        return [.meetup(.loadSaved)]
    }

    private static func hostName(_ key: String, _ state: AppState) -> String {
        MeetupWording(language: state.language, gazetteer: state.gazetteer).settlementName(key)
    }

    private static func setField(_ id: String, _ value: String, _ screen: inout MeetupScreenState) {
        guard let i = screen.fields.firstIndex(where: { $0.id == id }) else { return }
        screen.fields[i].input = TextInput(value)
    }

    static func keyContext(_ screen: MeetupScreenState) -> KeyContext { screen.isEditing ? .meetupForm : .meetup }

    // MARK: Input

    /// The form takes every key except Ctrl-C, like a popup.
    static func handleForm(_ key: KeyEvent, _ state: inout AppState) -> [Effect] {
        guard var screen = state.meetup else { return [] }
        defer { if state.meetup != nil { state.meetup = screen } }
        switch key {
        case .escape:
            // Back to the plan or opened meetup; else to the saved meetups; else out of the planner.
            if screen.plan == nil, screen.viewing == nil, screen.savedMeetups.isEmpty {
                state.meetup = nil
            } else {
                screen.isEditing = false
                screen.selected = min(screen.selected, max(0, screen.rowCount - 1))
            }
        case .tab, .down: screen.fieldFocus = (screen.fieldFocus + 1) % screen.fields.count
        case .backTab, .up: screen.fieldFocus = (screen.fieldFocus + screen.fields.count - 1) % screen.fields.count
        case .enter:
            switch request(screen, state) {
            case .success(let (request, startsAt)):
                screen.error = nil
                screen.isPlanning = true
                screen.startsAt = startsAt
                return [.meetup(.plan(request))]
            case .failure(let error):
                screen.error = error.message
                if let i = screen.fields.firstIndex(where: { $0.id == error.field }) { screen.fieldFocus = i }
            }
        default:
            screen.fields[screen.fieldFocus].input.handle(key)
        }
        return []
    }

    struct InputError: Error {
        var field: String
        var message: String
    }

    /// The form's values checked and turned into a planner request.
    static func request(_ screen: MeetupScreenState, _ state: AppState) -> Result<(MeetupRequest, LocalDateTime), InputError> {
        let strings = state.strings
        let checks = Update.checks(state)
        let hostKey: String
        do {
            hostKey = try checks.settlement(screen.text("host"))
        } catch {
            return .failure(InputError(field: "host", message: error.message))
        }
        guard let startsAt = LocalDateTime(iso: screen.text("date")) else {
            let example = LocalDateTime(day: state.today, hour: 18, minute: 0)!.iso.replacingOccurrences(of: "T", with: " ")
            return .failure(InputError(field: "date", message: strings("meetup.error.date", ["example": example])))
        }
        guard let capacity = Int(screen.text("capacity")), capacity > 0 else {
            return .failure(InputError(field: "capacity", message: strings("meetup.error.capacity")))
        }
        guard let radius = Double(screen.text("radius").replacingOccurrences(of: ",", with: ".")), radius >= 0, radius.isFinite else {
            return .failure(InputError(field: "radius", message: strings("meetup.error.radius")))
        }
        let focus: MeetupFocus?
        switch MeetupFocusInput(screen.text("focus"), places: state.places) {
        case .everyone: focus = nil
        case .focus(let value): focus = value
        case .invalid: return .failure(InputError(field: "focus", message: strings("meetup.error.focus")))
        }
        let settlement = state.gazetteer.settlement(hostKey)!
        let request = MeetupRequest(host: MeetupHost(settlement: hostKey, latitude: settlement.latitude, longitude: settlement.longitude),
                                    capacity: capacity, radiusKm: radius, focus: focus, seed: 1, now: state.today)
        return .success((request, startsAt))
    }

    /// Keys over the plan, through the key map.
    static func handle(_ action: Action?, _ state: inout AppState) -> [Effect] {
        guard var screen = state.meetup else { return [] }
        defer { if state.meetup != nil { state.meetup = screen } }
        let count = screen.rowCount
        let page = max(1, state.size.height / 2)
        if let moved = action?.movedIndex(from: screen.selected, count: count, page: page) { screen.selected = moved }
        switch action {
        case .edit?: screen.isEditing = true
        case .back?: state.meetup = nil
        case .open?:
            guard screen.plan == nil, screen.viewing == nil, let meetup = screen.savedMeetups[safe: screen.selected] else { return [] }
            screen.viewing = meetup
            screen.saved = meetup.id
            screen.attended = Set(meetup.attendees.map(\.id))
            screen.marked = []
            screen.selected = 0
        case .save?:
            guard let plan = screen.plan, let startsAt = screen.startsAt, screen.saved == nil else { return [] }
            return [.meetup(.save(MeetupDraft(plan: plan, startsAt: startsAt), state.actor))]
        case .mark?:
            guard let invitee = screen.selectedInvitee else { return [] }
            if screen.marked.remove(invitee) == nil { screen.marked.insert(invitee) }
        case .attend?:
            guard let id = screen.saved else { return notSaved(&state) }
            guard !screen.marked.isEmpty else {
                state.notice = Notice(text: state.strings("meetup.error.noneMarked"), isError: true)
                return []
            }
            return [.meetup(.attend(id, screen.marked.sorted(), state.actor))]
        case .export?:
            guard let id = screen.saved else { return notSaved(&state) }
            return [.meetup(.exportCalendar(id))]
        default: break
        }
        return []
    }

    private static func notSaved(_ state: inout AppState) -> [Effect] {
        state.notice = Notice(text: state.strings("meetup.error.notSaved"), isError: true)
        return []
    }

    static func handle(_ event: MeetupEvent, _ state: inout AppState) -> [Effect] {
        guard var screen = state.meetup else { return [] }
        let strings = state.strings
        switch event {
        case .planned(let plan):
            screen.plan = plan
            screen.isPlanning = false
            screen.isEditing = false
            screen.selected = 0
            screen.scrollOffset = 0
            screen.saved = nil
            screen.viewing = nil
            screen.marked = []
            screen.attended = []
        case .saved(let id):
            screen.saved = id
            state.notice = Notice(text: strings("meetup.msg.saved", ["id": id.description]), isError: false)
            state.meetup = screen
            return [.meetup(.loadSaved)]
        case .attended(_, let people):
            screen.attended.formUnion(people)
            screen.marked = []
            state.notice = Notice(text: strings("meetup.msg.attended", ["count": "\(screen.attended.count)"]), isError: false)
            state.meetup = screen
            return [.meetup(.loadSaved)]
        case .exported(let calendar, let inviteList):
            // File names first, so a narrow status line still shows both.
            let calendarFile = URL(fileURLWithPath: calendar), listFile = URL(fileURLWithPath: inviteList)
            state.notice = Notice(text: strings("meetup.msg.exported", [
                "calendar": calendarFile.lastPathComponent, "list": listFile.lastPathComponent,
                "folder": calendarFile.deletingLastPathComponent().path,
            ]), isError: false)
        case .savedLoaded(let meetups):
            screen.savedMeetups = meetups.reversed()
            if let open = screen.viewing { screen.viewing = meetups.first { $0.id == open.id } ?? open }
        }
        state.meetup = screen
        return []
    }

    // MARK: Drawing

    static func render(_ screen: MeetupScreenState, state: AppState, theme: Theme, into buffer: inout Buffer) {
        let strings = state.strings
        let area = ScreenLayout(size: state.size).body
        var title = strings("screen.meetup")
        if let id = screen.saved { title += " · \(id)" }
        buffer.put(title, x: area.minX + 1, y: area.minY, style: theme.heading, maxWidth: area.width - 2)
        let formBottom = renderForm(screen, state: state, theme: theme, in: area, buffer: &buffer)
        var y = formBottom
        if let error = screen.error {
            buffer.put("✗ " + error, x: area.minX + 1, y: y, style: theme.error, maxWidth: area.width - 2)
        } else if screen.isPlanning {
            buffer.put(strings("meetup.planning"), x: area.minX + 1, y: y, style: theme.dim, maxWidth: area.width - 2)
        } else if screen.isEditing, screen.fields[screen.fieldFocus].id == "focus" {
            buffer.put(strings("meetup.focus.hint"), x: area.minX + 1, y: y, style: theme.dim, maxWidth: area.width - 2)
        } else if let plan = screen.plan {
            let summary = strings("meetup.summary", ["invited": "\(plan.invitees.count)", "candidates": strings.number(plan.candidateCount),
                                                     "revived": "\(plan.revivedTies)", "score": String(format: "%.1f", plan.objective)])
            buffer.put(summary, x: area.minX + 1, y: y, style: theme.text, maxWidth: area.width - 2)
        } else if let meetup = screen.viewing {
            buffer.put(savedSummary(meetup, attended: screen.attended.count, state: state), x: area.minX + 1, y: y,
                       style: theme.text, maxWidth: area.width - 2)
        }
        y += 2
        let main = Rect(x: area.minX, y: y, width: area.width, height: max(0, area.maxY - y))
        let wording = MeetupWording(language: state.language, gazetteer: state.gazetteer)
        guard screen.plan != nil || screen.viewing != nil else {
            if screen.savedMeetups.isEmpty {
                buffer.put(strings("meetup.empty"), x: main.minX + 1, y: main.minY, style: theme.dim, maxWidth: main.width - 2)
            } else {
                renderSavedList(screen, wording: wording, state: state, theme: theme, in: main, buffer: &buffer)
            }
            return
        }
        if let plan = screen.plan, plan.invitees.isEmpty {
            buffer.put(strings("meetup.none", ["radius": String(format: "%.0f", plan.request.radiusKm)]), x: main.minX + 1,
                       y: main.minY, style: theme.dim, maxWidth: main.width - 2)
            return
        }
        let lines = inviteeLines(screen, wording: wording, state: state)
        if main.width >= ScreenLayout.previewMinWidth {
            let columns = main.splitColumns([.fill, .fixed(42)])
            let reasonsHeight = 4
            renderInvitees(screen, lines, state: state, theme: theme, wide: true,
                           in: Rect(x: columns[0].minX, y: columns[0].minY, width: columns[0].width,
                                    height: columns[0].height - reasonsHeight), buffer: &buffer)
            renderReasons(screen, lines, state: state, theme: theme,
                          in: Rect(x: columns[0].minX, y: columns[0].maxY - reasonsHeight, width: columns[0].width,
                                   height: reasonsHeight), buffer: &buffer)
            if let plan = screen.plan {
                renderSide(plan, state: state, theme: theme, in: columns[1].inset(left: 1), buffer: &buffer)
            } else if let meetup = screen.viewing {
                renderSavedSide(meetup, state: state, theme: theme, in: columns[1].inset(left: 1), buffer: &buffer)
            }
        } else {
            let lower = 5
            renderInvitees(screen, lines, state: state, theme: theme, wide: false,
                           in: Rect(x: main.minX, y: main.minY, width: main.width, height: max(2, main.height - lower)), buffer: &buffer)
            let bottom = Rect(x: main.minX, y: main.maxY - lower, width: main.width, height: lower)
            renderReasons(screen, lines, state: state, theme: theme,
                          in: Rect(x: bottom.minX, y: bottom.minY, width: bottom.width, height: 3), buffer: &buffer)
            if let plan = screen.plan {
                renderCompactSide(plan, state: state, theme: theme,
                                  in: Rect(x: bottom.minX, y: bottom.minY + 3, width: bottom.width, height: 2), buffer: &buffer)
            } else if let meetup = screen.viewing {
                buffer.put(strings("meetup.venues") + ": " + (meetup.venue?.name ?? strings("meetup.venue.none")),
                           x: bottom.minX + 1, y: bottom.minY + 3, style: theme.text, maxWidth: bottom.width - 2)
            }
        }
    }

    /// One invitee as the screen lists them, from a fresh plan or a saved meetup.
    private struct InviteeLine {
        var id: EntityID
        var name: String
        /// The settlement for a plan; the table for a saved meetup.
        var place: String
        var km: String
        var reasons: [String]
    }

    private static func inviteeLines(_ screen: MeetupScreenState, wording: MeetupWording, state: AppState) -> [InviteeLine] {
        let strings = state.strings
        func name(_ name: String, mentor: Bool) -> String { name + (mentor ? " · " + strings("meetup.mentor") : "") }
        if let plan = screen.plan {
            return plan.invitees.map {
                InviteeLine(id: $0.id, name: name($0.name, mentor: $0.isMentor), place: wording.settlementName($0.settlement),
                            km: String(format: "%.0f", $0.distanceKm), reasons: $0.reasons.map(wording.reason))
            }
        }
        guard let meetup = screen.viewing else { return [] }
        let names = Dictionary(meetup.invitees.map { ($0.person.id, $0.person.name) }) { first, _ in first }
        let rounds = Dictionary(state.rounds.map { ($0.id, $0) }) { first, _ in first }
        return meetup.invitees.map { invite in
            InviteeLine(id: invite.person.id, name: name(invite.person.name, mentor: invite.isMentor),
                        place: invite.table.map { strings("meetup.table", ["number": "\($0)"]) } ?? "", km: "",
                        reasons: invite.reasons.map { wording.reason($0, names: names, rounds: rounds) })
        }
    }

    private static func savedSummary(_ meetup: Meetup, attended: Int, state: AppState) -> String {
        let strings = state.strings
        return strings("meetup.savedSummary", [
            "id": meetup.id.description, "date": strings.date(meetup.startsAt.day), "time": meetup.startsAt.clock,
            "place": strings.place(meetup.host, in: state.gazetteer), "status": strings("meetup.status.\(meetup.status.rawValue)"),
            "invited": "\(meetup.invitees.count)", "came": "\(attended)"])
    }

    /// Saved meetups under the form, newest first; Esc moves into the list and Enter opens one.
    private static func renderSavedList(_ screen: MeetupScreenState, wording: MeetupWording, state: AppState, theme: Theme,
                                        in area: Rect, buffer: inout Buffer) {
        buffer.put(state.strings("meetup.saved"), x: area.minX + 1, y: area.minY, style: theme.heading, maxWidth: area.width - 2)
        let rows = screen.savedMeetups.map { savedSummary($0, attended: $0.attendees.count, state: state) }
        let list = ListView(items: rows, selectedIndex: screen.isEditing ? nil : screen.selected,
                            style: theme.text, selectedStyle: theme.selection)
        buffer.render(list, in: Rect(x: area.minX + 1, y: area.minY + 1, width: area.width - 2, height: max(0, area.height - 1)))
    }

    /// The venue and tables of a saved meetup.
    private static func renderSavedSide(_ meetup: Meetup, state: AppState, theme: Theme, in area: Rect, buffer: inout Buffer) {
        let strings = state.strings
        var lines: [(String, Style)] = [(strings("meetup.venues"), theme.heading),
                                        (meetup.venue?.name ?? strings("meetup.venue.none"), meetup.venue == nil ? theme.dim : theme.text),
                                        ("", theme.text), (strings("meetup.tables"), theme.heading)]
        let tables = Dictionary(grouping: meetup.invitees.filter { $0.table != nil }) { $0.table! }
        for number in tables.keys.sorted() {
            let text = "\(number) · " + tables[number]!.map(\.person.name).joined(separator: ", ")
            lines += Render.wrap(text, width: area.width).map { ($0, theme.text) }
        }
        put(lines, in: area, buffer: &buffer)
    }

    /// The five fields in two columns; returns the first row below them.
    private static func renderForm(_ screen: MeetupScreenState, state: AppState, theme: Theme, in area: Rect,
                                   buffer: inout Buffer) -> Int {
        let strings = state.strings
        let half = (area.width - 2) / 2
        let labelWidth = min(15, half / 2)
        // host, date, focus on the left; capacity and radius on the right.
        let placement: [String: (column: Int, row: Int)] = ["host": (0, 0), "date": (0, 1), "focus": (0, 2),
                                                            "capacity": (1, 0), "radius": (1, 1)]
        for (index, field) in screen.fields.enumerated() {
            guard let (column, row) = placement[field.id] else { continue }
            let x = area.minX + 1 + column * (half + 1), y = area.minY + 1 + row
            let focused = screen.isEditing && index == screen.fieldFocus
            buffer.put(DisplayWidth.pad(strings(field.labelKey), toColumns: labelWidth), x: x, y: y,
                       style: focused ? theme.heading : theme.text)
            let width = field.id == "focus" ? area.width - 2 - labelWidth - 1 : half - labelWidth - 1
            buffer.render(TextField(input: field.input, style: focused ? theme.focusedField : theme.field, isFocused: focused),
                          in: Rect(x: x + labelWidth + 1, y: y, width: max(1, width), height: 1))
        }
        return area.minY + 4
    }

    private static func renderInvitees(_ screen: MeetupScreenState, _ lines: [InviteeLine], state: AppState,
                                       theme: Theme, wide: Bool, in area: Rect, buffer: inout Buffer) {
        let strings = state.strings
        var columns = [TableColumn("", width: .fixed(1)), TableColumn(strings("meetup.col.name"), width: .flexible(min: 12, weight: wide ? 2 : 1))]
        if wide { columns.append(TableColumn(strings("meetup.col.place"), width: .flexible(min: 8, weight: 1))) }
        columns += [TableColumn(strings("meetup.col.km"), width: .fixed(4), alignment: .right),
                    TableColumn(strings("meetup.col.why"), width: .flexible(min: 10, weight: wide ? 3 : 2))]
        let rows = lines.map { line -> TableRow in
            let mark = screen.attended.contains(line.id) ? "✓" : screen.marked.contains(line.id) ? "•" : " "
            var cells = [mark, line.name]
            if wide { cells.append(line.place) }
            cells += [line.km, line.reasons.first ?? ""]
            return TableRow(cells)
        }
        let table = Table(columns: columns, rows: rows, selectedRow: screen.isEditing ? nil : screen.selected,
                          scrollOffset: screen.scrollOffset, style: theme.text, headerStyle: theme.tableHeader,
                          selectedStyle: theme.selection)
        buffer.render(table, in: area.inset(left: 1, right: 1))
    }

    private static func renderReasons(_ screen: MeetupScreenState, _ lines: [InviteeLine], state: AppState,
                                      theme: Theme, in area: Rect, buffer: inout Buffer) {
        guard let line = lines[safe: screen.selected], area.height > 0 else { return }
        buffer.put(state.strings("meetup.reasons", ["name": line.name]), x: area.minX + 1, y: area.minY, style: theme.heading,
                   maxWidth: area.width - 2)
        for (row, reason) in line.reasons.prefix(area.height - 1).enumerated() {
            buffer.put("· " + reason, x: area.minX + 1, y: area.minY + 1 + row, style: theme.text, maxWidth: area.width - 2)
        }
    }

    private static func venueLine(_ venue: VenueOption, _ strings: Strings) -> String {
        let kind = venue.kind.map { " (\(strings("orgkind.\($0.rawValue)")))" } ?? ""
        return venue.name + kind + " · " + strings("meetup.venue.ties", ["count": "\(venue.tiedInvitees)"])
    }

    private static func tableLine(_ number: Int, _ members: [EntityID], _ plan: MeetupPlan) -> String {
        let names = Dictionary(uniqueKeysWithValues: plan.invitees.map { ($0.id, $0.name) })
        return "\(number) · " + members.map { names[$0] ?? $0.description }.joined(separator: ", ")
    }

    private static func modularityLine(_ plan: MeetupPlan, _ strings: Strings) -> String {
        strings("meetup.modularity", ["communities": String(format: "%.2f", plan.communityModularity),
                                      "tables": String(format: "%.2f", plan.tableModularity)])
    }

    /// Venues, then tables and modularity, in the right-hand column.
    private static func renderSide(_ plan: MeetupPlan, state: AppState, theme: Theme, in area: Rect, buffer: inout Buffer) {
        let strings = state.strings
        var lines: [(String, Style)] = [(strings("meetup.venues"), theme.heading)]
        if plan.venues.isEmpty { lines.append((strings("meetup.venue.none"), theme.dim)) }
        lines += plan.venues.prefix(4).map { (venueLine($0, strings), theme.text) }
        lines += [("", theme.text), (strings("meetup.tables"), theme.heading), (modularityLine(plan, strings), theme.dim)]
        for (n, members) in plan.tables.enumerated() {
            lines += Render.wrap(tableLine(n + 1, members, plan), width: area.width).map { ($0, theme.text) }
        }
        put(lines, in: area, buffer: &buffer)
    }

    /// One line per row from the top of `area`, as many as fit.
    private static func put(_ lines: [(text: String, style: Style)], in area: Rect, buffer: inout Buffer) {
        for (row, line) in lines.prefix(max(0, area.height)).enumerated() {
            buffer.put(line.text, x: area.minX, y: area.minY + row, style: line.style, maxWidth: area.width)
        }
    }

    /// At 80 columns: the best venue and the tables on two lines.
    private static func renderCompactSide(_ plan: MeetupPlan, state: AppState, theme: Theme, in area: Rect, buffer: inout Buffer) {
        let strings = state.strings
        let venue = plan.venues.first.map { venueLine($0, strings) } ?? strings("meetup.venue.none")
        buffer.put(strings("meetup.venues") + ": " + venue, x: area.minX + 1, y: area.minY, style: theme.text, maxWidth: area.width - 2)
        let tables = strings("meetup.tables") + " (\(plan.tables.count)) · " + modularityLine(plan, strings)
        buffer.put(tables, x: area.minX + 1, y: area.minY + 1, style: theme.dim, maxWidth: area.width - 2)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

extension EffectRunner {
    func perform(_ effect: MeetupEffect, language: Language) throws -> [AppEvent] {
        let store = context.store
        switch effect {
        case .plan(let request):
            // The app's live graph when there is one (it already holds this session's contacts and meetups).
            let plan = MeetupPlanner.plan(snapshot: try context.ties.graph() ?? store.graphSnapshot(), request: request,
                                          model: context.tieModel)
            return [.meetup(.planned(plan))]
        case .save(let draft, let actor):
            return [.meetup(.saved(try store.saveMeetup(draft, by: actor)))]
        case .attend(let id, let people, let actor):
            context.ties.record(try store.markAttendance(id, people: people, by: actor, today: context.today))
            return [.meetup(.attended(id, people))]
        case .loadSaved:
            return [.meetup(.savedLoaded(try store.meetups()))]
        case .exportCalendar(let id):
            let meetup = try store.meetup(id)
            let folder = URL(fileURLWithPath: context.exportFolder)
            let calendar = folder.appendingPathComponent("meetup-\(id).ics").path
            let inviteList = folder.appendingPathComponent("meetup-\(id)-invitees.csv").path
            let exporter = DirectoryExporter(store: store, privacy: .standard)
            try Data(MeetupWording(language: language, gazetteer: store.gazetteer).calendar(meetup, stamp: Date()).utf8)
                .write(to: URL(fileURLWithPath: calendar))
            // Names and shared contacts: readable by the owner only, like `bailanys export -o`.
            guard FileManager.default.createFile(atPath: inviteList, contents: Data(exporter.csv(people: try exporter.invitees(of: meetup)).utf8),
                                                 attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: inviteList])
            }
            return [.meetup(.exported(calendar: calendar, inviteList: inviteList))]
        }
    }
}
