import BailanysCore
import BailanysGraph
import BailanysPolicy

extension DirectoryStore {
    /// Saves a planned meetup: a coordinator reaching the host's region.
    @discardableResult
    public func saveMeetup(_ draft: MeetupDraft, by actor: Actor) throws -> EntityID {
        try Policy.check([Self.meetupAction(host: draft.host, gazetteer: gazetteer)], by: actor)
        return try saveMeetup(draft)
    }

    /// Records who came (they get meetup ties): a coordinator reaching the host's region. Bad input is reported
    /// before a refusal, so that a mistyped id gets its own sentence.
    @discardableResult
    public func markAttendance(_ id: EntityID, people: [EntityID], by actor: Actor, today: Day) throws -> [TieEvent] {
        let meetup = try self.meetup(id)
        guard meetup.startsAt.day <= today else { throw StoreError.notYetHeld(id, on: meetup.startsAt.day, today: today) }
        try Policy.check([Self.meetupAction(host: meetup.host, gazetteer: gazetteer)], by: actor)
        return try markAttendance(id, people: people, today: today)
    }

    /// Planning or recording a meetup hosted at `host` (a settlement key): what the policy decides, here and in the
    /// app, which offers saving and attendance only where it allows them.
    public static func meetupAction(host: String, gazetteer: Gazetteer) -> PolicyAction {
        let region = gazetteer.settlement(host)?.region ?? ""
        return .manageMeetups(region: region, regionNames: gazetteer.regionNames(region))
    }
}
