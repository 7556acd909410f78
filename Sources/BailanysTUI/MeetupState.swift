import BailanysCore
import BailanysGraph
import BailanysPolicy
import BailanysStore
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
    /// Where the opened meetup's invitees live (settlement keys), for its Place and km columns.
    var viewingPlaces: [EntityID: String] = [:]

    /// In the order Tab walks them, which is also the reading order on screen (two per row).
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

    /// A plan not saved, or attendance marked but not recorded: leaving would lose it.
    /// A plan not saved yet that invites someone: a plan of nobody has nothing to keep (it was saved as an empty
    /// meetup and exported; review).
    var hasPlanToSave: Bool { saved == nil && plan.map { !$0.invitees.isEmpty } == true }
    var hasUnsavedWork: Bool { hasPlanToSave || !marked.isEmpty }

    /// Back from a plan or an opened meetup to the form and the saved meetups.
    mutating func closePlan() {
        plan = nil
        viewing = nil
        viewingPlaces = [:]
        saved = nil
        marked = []
        attended = []
        selected = 0
        scrollOffset = 0
        isEditing = savedMeetups.isEmpty
    }

    /// Where the plan or the opened meetup is hosted (a settlement key).
    var host: String? { plan?.request.host.settlement ?? viewing?.host }

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
    /// Where the invitees of an opened meetup live.
    case loadInviteePlaces(EntityID, [EntityID])
}

enum MeetupEvent: Equatable, Sendable {
    case planned(MeetupPlan)
    case saved(EntityID)
    case attended(EntityID, [EntityID])
    case exported(calendar: String, inviteList: String)
    case savedLoaded([Meetup])
    case inviteePlaces(EntityID, [EntityID: String])
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
