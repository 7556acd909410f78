import BailanysCore
import BailanysGraph
import BailanysStore
import Foundation
import TerminalKit

/// The meetup planner's keys and events: the form, the plan, saving, attendance and export.
enum MeetupScreen {
    static let defaultCapacity = 30
    static let defaultRadiusKm = 100
    /// A new plan starts two weeks from today at 18:00.
    static let defaultLeadDays = 14

    /// Opens the planner, with `host` (a gazetteer settlement key) filled in when given — the map opens it so.
    /// Coordinators only; an open planner keeps its state. Whatever the way in, the form shows the same fields in
    /// the same order with the focus on the first.
    static func open(_ state: inout AppState, host: String?) -> [Effect] {
        guard state.may(.previewMeetup) else {
            state.notice = Notice(text: state.strings("meetup.error.coordinatorsOnly"), isError: true)
            return []
        }
        if var screen = state.meetup {
            if let host {
                setField("host", hostName(host, state), &screen)
                screen.isEditing = true
                screen.fieldFocus = 0
            }
            state.meetup = screen
            return []
        }
        let start = LocalDateTime(day: state.today.adding(days: defaultLeadDays), hour: 18, minute: 0)!
        let values = ["host": host.map { hostName($0, state) } ?? "", "date": formDate(start),
                      "capacity": "\(defaultCapacity)", "radius": "\(defaultRadiusKm)", "focus": ""]
        state.meetup = MeetupScreenState(fields: MeetupScreenState.fieldIDs.map { id in
            FormField(id: id, labelKey: "meetup.field.\(id)", kind: .text, input: TextInput(values[id] ?? ""))
        })
        return [.meetup(.loadSaved)]
    }

    /// `2026-12-09 18:00`, as the date field reads it.
    static func formDate(_ time: LocalDateTime) -> String { time.iso.replacingOccurrences(of: "T", with: " ") }

    /// A saved meetup's own settings, so that its form agrees with its header and `e` plans again from them.
    static func formValues(of meetup: Meetup, _ state: AppState) -> [String: String] {
        ["host": hostName(meetup.host, state), "date": formDate(meetup.startsAt), "capacity": "\(meetup.capacity)",
         "radius": String(format: "%g", meetup.radiusKm),
         "focus": MeetupFocusInput.text(meetup.focus, gazetteer: state.gazetteer, language: state.language)]
    }

    private static func hostName(_ key: String, _ state: AppState) -> String {
        MeetupWording(language: state.language, gazetteer: state.gazetteer).settlementName(key)
    }

    private static func setField(_ id: String, _ value: String, _ screen: inout MeetupScreenState) {
        guard let i = screen.fields.firstIndex(where: { $0.id == id }) else { return }
        screen.fields[i].input = TextInput(value)
    }

    /// `mayManage`: whether this person may save the plan and record who came (a coordinator of the host's region).
    static func keyContext(_ screen: MeetupScreenState, today: Day, mayManage: Bool) -> KeyContext {
        if screen.isEditing { return .meetupForm }
        if screen.plan != nil, screen.saved == nil { return mayManage && screen.hasPlanToSave ? .meetupPlan : .meetupPlanElsewhere }
        guard screen.plan != nil || screen.viewing != nil else { return .meetupList }
        guard mayManage else { return .meetupElsewhere }
        // Attendance is recorded from the meetup's day on (the store refuses it before).
        let day = screen.viewing?.startsAt.day ?? screen.startsAt?.day
        return day.map { $0 > today } == true ? .upcomingMeetup : .meetup
    }

    // MARK: Input

    /// The form's keys come from the key map; any other key is typed into the focused field.
    static func handleForm(_ key: KeyEvent, _ state: inout AppState) -> [Effect] {
        guard var screen = state.meetup else { return [] }
        defer { if state.meetup != nil { state.meetup = screen } }
        switch KeyMap.action(for: key, in: .meetupForm) {
        case .back?:
            // Back to the plan or opened meetup; else to the saved meetups; else out of the planner.
            if screen.plan == nil, screen.viewing == nil, screen.savedMeetups.isEmpty {
                state.meetup = nil
            } else {
                // The error was about the form left; the plan or list comes back as it was.
                screen.isEditing = false
                screen.error = nil
                screen.selected = min(screen.selected, max(0, screen.rowCount - 1))
            }
        case .help?: state.overlay = .help(scroll: 0)
        case .pane?: screen.fieldFocus = (screen.fieldFocus + 1) % screen.fields.count
        case .previousField?: screen.fieldFocus = (screen.fieldFocus + screen.fields.count - 1) % screen.fields.count
        case .open?:
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
            let example = formDate(LocalDateTime(day: state.today, hour: 18, minute: 0)!)
            return .failure(InputError(field: "date", message: strings("meetup.error.date", ["example": example])))
        }
        // A meetup is planned for today or later; one already held is recorded with `bailanys meetup attend`.
        guard startsAt.day >= state.today else {
            return .failure(InputError(field: "date", message: strings("meetup.error.pastDate", ["today": strings.date(state.today)])))
        }
        guard let capacity = Int(screen.text("capacity")), capacity > 0 else {
            return .failure(InputError(field: "capacity", message: strings("meetup.error.capacity")))
        }
        guard let radius = MeetupRequest.radius(typed: screen.text("radius")) else {
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
                                    capacity: capacity, radiusKm: radius, focus: focus, now: state.today)
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
        case .back?:
            // One level at a time: a plan or an opened meetup back to the saved list, the list out of the planner.
            // With nothing saved there is no list: out of the planner at once (it left the person in the form, where
            // the next keys were typed into the host field; review).
            state.meetup = screen
            let isTheLastLevel = (screen.plan == nil && screen.viewing == nil) || screen.savedMeetups.isEmpty
            let effects = Leaving.leave(isTheLastLevel ? .closePlanner : .closePlan, &state)
            if let closed = state.meetup { screen = closed }
            return effects
        case .open?:
            guard screen.plan == nil, screen.viewing == nil, let meetup = screen.savedMeetups[safe: screen.selected] else { return [] }
            screen.viewing = meetup
            screen.viewingPlaces = [:]
            screen.saved = meetup.id
            screen.attended = Set(meetup.attendees.map(\.id))
            screen.marked = []
            screen.selected = 0
            screen.startsAt = meetup.startsAt
            for (id, value) in formValues(of: meetup, state) { setField(id, value, &screen) }
            return [.meetup(.loadInviteePlaces(meetup.id, meetup.invitees.map(\.person.id)))]
        case .save?:
            guard screen.hasPlanToSave, let plan = screen.plan, let startsAt = screen.startsAt else { return [] }
            return [.meetup(.save(MeetupDraft(plan: plan, startsAt: startsAt), state.actor))]
        case .mark?:
            guard let invitee = screen.selectedInvitee else { return [] }
            // Someone already recorded as came has nothing to mark: it did nothing, then `a` recorded them again.
            if screen.attended.contains(invitee) {
                state.notice = Notice(text: state.strings("meetup.msg.alreadyCame"), isError: false)
            } else if screen.marked.remove(invitee) == nil {
                screen.marked.insert(invitee)
            }
            // On to the next person, as mutt's tag key does.
            screen.selected = min(screen.selected + 1, max(0, count - 1))
        case .attend?:
            guard let id = screen.saved else { return [] }
            guard !screen.marked.isEmpty else {
                state.notice = Notice(text: state.strings("meetup.error.noneMarked"), isError: true)
                return []
            }
            return [.meetup(.attend(id, screen.marked.sorted(), state.actor))]
        case .export?:
            guard let id = screen.saved else { return [] }
            return [.meetup(.exportCalendar(id))]
        default: break
        }
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
            screen.viewingPlaces = [:]
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
            // Two paths rarely fit the status bar: a message shows them whole, as the report's export does.
            state.overlay = .message(title: "meetup.exported.title",
                                     text: strings("meetup.exported", ["calendar": calendar, "list": inviteList]))
        case .inviteePlaces(let id, let places):
            if screen.viewing?.id == id { screen.viewingPlaces = places }
        case .savedLoaded(let meetups):
            screen.savedMeetups = meetups.reversed()
            if let open = screen.viewing { screen.viewing = meetups.first { $0.id == open.id } ?? open }
        }
        state.meetup = screen
        return []
    }

}
