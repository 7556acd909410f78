import BailanysCore

/// Something an actor wants to do to a subject. Reads of private fields are actions too.
public enum PolicyAction: Sendable, Equatable, Hashable {
    /// Name, place, languages, interests, contact values, suggestions opt-out, gender, birth year, note.
    case editCard(Subject)
    /// Whether each contact is shown to other members.
    case changeConsent(Subject)
    /// The coordinator's own spreadsheet id.
    case changeExternalID(Subject)
    case changeRoles(Subject)
    /// Making someone a national coordinator or a regional one again.
    case changeReach(Subject)
    /// Moving a person from one region to another: the person or a coordinator reaching both; a coordinator (whose
    /// reach moves with them) only by a coordinator reaching both, audited.
    case movePerson(from: Subject, to: Subject, coordinator: Bool)
    case changeSensitive(Subject)
    /// Gender, birth year, note and unshared contacts.
    case readPrivate(Subject)
    /// NEET, vulnerable youth, disability group.
    case readSensitive(Subject)
    /// A new person (the subject's id is a placeholder) with these roles.
    case addPerson(Subject, roles: Set<Role>)
    /// Adding or changing an organisation.
    case editOrganization(Subject)
    /// Rounds and initiatives: the programme's own records.
    case editProgramme
    /// A contact between these parties; persons and organisations.
    case logContact([Subject])
    /// The note of a contact between these parties.
    case readContactNote([Subject])
    /// Dismissing or snoozing the suggestions made to this person.
    case manageSuggestions(owner: EntityID)
    case exportSensitive
    /// Planning a meetup hosted in a region, or recording who came (its key and name).
    case manageMeetups(region: String, regionName: String)
    /// A member copy of the whole country (nil) or of one region (its key and name).
    case publish(region: String?, regionName: String?)
    /// Granting or revoking a person's SSH key on the shared server (docs/server.md).
    case manageAccess(Subject)
    /// Choosing the share of suggestions kept back to measure their uplift (the whole directory's design).
    case changeHoldout
    /// Reading the counts of suggestions shown, acted on and followed by a contact (no names).
    case studySuggestionUse
    /// Network health by region, round and format, the map, and the fading ties of a whole region.
    case readNetworkHealth
    /// Seeing whom a meetup would invite and why (isolated, tie revived), in any region; saving is `manageMeetups`.
    case previewMeetup

    /// Actions the audit log records, whoever does them.
    public func isAudited(by actor: Actor) -> Bool {
        switch self {
        case .changeRoles, .changeReach, .changeSensitive, .readSensitive, .exportSensitive, .publish, .manageAccess,
             .changeHoldout: true
        case .movePerson(_, _, let coordinator): coordinator
        case .changeConsent(let subject): actor.id != subject.id
        case .addPerson(_, let roles): roles.contains(.coordinator)
        default: false
        }
    }

    /// A short name for the audit log.
    public var auditName: String {
        switch self {
        case .editCard: "edit-card"
        case .changeConsent: "change-consent"
        case .changeExternalID: "change-external-id"
        case .changeRoles: "change-roles"
        case .changeReach: "change-reach"
        case .movePerson(_, _, let coordinator): coordinator ? "move-coordinator" : "move-person"
        case .changeSensitive: "change-sensitive"
        case .readPrivate: "read-private"
        case .readSensitive: "read-sensitive"
        case .addPerson: "add-person"
        case .editOrganization: "edit-organization"
        case .editProgramme: "edit-programme"
        case .logContact: "log-contact"
        case .readContactNote: "read-contact-note"
        case .manageSuggestions: "manage-suggestions"
        case .exportSensitive: "export-sensitive"
        case .manageMeetups: "manage-meetups"
        case .publish: "publish"
        case .manageAccess: "manage-access"
        case .changeHoldout: "change-holdout"
        case .studySuggestionUse: "study-suggestion-use"
        case .readNetworkHealth: "read-network-health"
        case .previewMeetup: "preview-meetup"
        }
    }

    /// The entry acted on, when there is one.
    public var subjectID: EntityID? {
        switch self {
        case .editCard(let s), .changeConsent(let s), .changeExternalID(let s), .changeRoles(let s), .changeReach(let s),
             .changeSensitive(let s), .readPrivate(let s), .readSensitive(let s), .editOrganization(let s),
             .manageAccess(let s): s.id
        case .addPerson(let s, _): s.id
        case .movePerson(let from, _, _): from.id
        case .manageSuggestions(let owner): owner
        default: nil
        }
    }
}

/// A refused action, worded for the person at the keyboard: who could do it instead.
public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
    public var action: PolicyAction
    public var actor: Actor
    /// "only P26 or a coordinator of Mangystau Region can change P26's consent"
    public var reason: String

    public var description: String { "Not allowed: \(reason) (\(actorPhrase)); nothing was changed." }

    /// Who tried, and why their claim carried no more weight.
    public var actorPhrase: String {
        switch actor.id {
        case nil: "you are acting as nobody; say who you are with --as ID or `me` in config.toml"
        case let id? where actor.roles.contains(.coordinator) && !actor.isCoordinator:
            "you are acting as \(id), whose coordinator powers do not apply in a member copy"
        case let id?: "you are acting as \(id)"
        }
    }
}

/// The one place that decides who may see and change what (docs/privacy.md has the table).
public enum Policy {
    /// Nil when allowed, else the refusal.
    public static func decide(_ action: PolicyAction, by actor: Actor) -> Refusal? {
        let isSelf = { (subject: Subject) in actor.id != nil && actor.id == subject.id }
        func refuse(_ reason: String) -> Refusal { Refusal(action: action, actor: actor, reason: reason) }
        func coordinatorOf(_ s: Subject) -> String { "a coordinator of \(s.regionName)" }
        switch action {
        case .editCard(let s):
            return isSelf(s) || actor.reaches(s) ? nil : refuse("only \(s.id) or \(coordinatorOf(s)) can edit \(s.id)'s card")
        case .movePerson(let from, let to, let coordinator):
            // Both regions, said so: naming one region's coordinators named people the rule refuses too (review).
            if actor.reaches(from) && actor.reaches(to) || (!coordinator && isSelf(from)) { return nil }
            let who = "a coordinator reaching both \(from.regionName) and \(to.regionName) (a national one)"
            return refuse(coordinator ? "only \(who) can move coordinator \(from.id): a coordinator's reach moves with them"
                                      : "only \(from.id) or \(who) can move \(from.id) from one to the other")
        case .changeConsent(let s):
            return isSelf(s) || actor.reaches(s) ? nil : refuse("only \(s.id) or \(coordinatorOf(s)) can change \(s.id)'s consent")
        case .readPrivate(let s):
            return isSelf(s) || actor.reaches(s) ? nil : refuse("only \(s.id) or \(coordinatorOf(s)) can see \(s.id)'s private fields")
        case .changeExternalID(let s):
            return actor.reaches(s) ? nil : refuse("only \(coordinatorOf(s)) can change \(s.id)'s external id")
        case .changeRoles(let s):
            return actor.reaches(s) ? nil : refuse("only \(coordinatorOf(s)) can change \(s.id)'s roles")
        case .changeSensitive(let s):
            return actor.reaches(s) ? nil : refuse("only \(coordinatorOf(s)) can change \(s.id)'s sensitive categories")
        case .readSensitive(let s):
            return actor.reaches(s) ? nil : refuse("only \(coordinatorOf(s)) can see \(s.id)'s sensitive categories")
        case .changeReach(let s):
            return actor.isNational ? nil : refuse("only a national coordinator can change \(s.id)'s reach")
        case .addPerson(let s, let roles):
            let what = roles.contains(.coordinator) ? "a coordinator" : "people"
            return actor.reaches(s) ? nil : refuse("only \(coordinatorOf(s)) can add \(what) there")
        case .editOrganization(let s):
            return actor.reaches(s) ? nil : refuse("only \(coordinatorOf(s)) can add or change organisations there")
        case .editProgramme:
            return actor.isCoordinator || actor.isOwner ? nil : refuse("only a coordinator can add or change rounds and initiatives")
        case .logContact(let parties):
            if parties.contains(where: isSelf) || reachesParties(parties, actor) { return nil }
            return refuse("only \(partyList(parties)) or a coordinator of \(regionList(parties)) can log a contact between \(parties.map { "\($0.id)" }.joined(separator: " and "))")
        case .readContactNote(let parties):
            if parties.contains(where: isSelf) || reachesParties(parties, actor) { return nil }
            return refuse("only \(partyList(parties)) or a coordinator of \(regionList(parties)) can read the note of their contact")
        case .manageSuggestions(let owner):
            return actor.id == owner ? nil : refuse("only \(owner) can dismiss or snooze \(owner)'s suggestions")
        case .exportSensitive:
            return actor.isCoordinator ? nil : refuse("only a coordinator can export sensitive categories and private contacts")
        case .manageMeetups(let region, let regionName):
            return actor.reaches(region: region) ? nil : refuse("only a coordinator of \(regionName) can plan meetups there and record who came")
        case .publish(let region, let regionName):
            if let region {
                return actor.reaches(region: region) ? nil
                    : refuse("only a coordinator of \(regionName ?? region) or a national coordinator can publish its member copy")
            }
            return actor.isNational ? nil : refuse("only a national coordinator can publish a member copy of the whole country; add --region")
        case .manageAccess(let s):
            return actor.reaches(s) ? nil : refuse("only \(coordinatorOf(s)) can grant or revoke \(s.id)'s access to the server")
        case .changeHoldout:
            return actor.isNational ? nil : refuse("only a national coordinator can change the share of suggestions kept back")
        case .studySuggestionUse:
            return actor.isCoordinator || actor.isOwner ? nil : refuse("only a coordinator can see how suggestions are used")
        case .readNetworkHealth:
            return actor.isCoordinator || actor.isOwner ? nil
                : refuse("only a coordinator can see the network's health, the map and a region's fading ties")
        case .previewMeetup:
            return actor.isCoordinator || actor.isOwner ? nil : refuse("only a coordinator can plan a meetup: whom to invite and why")
        }
    }

    /// Throws the refusal of the first action not allowed.
    public static func check(_ actions: [PolicyAction], by actor: Actor) throws {
        for action in actions {
            if let refusal = decide(action, by: actor) { throw refusal }
        }
    }

    public static func allows(_ action: PolicyAction, by actor: Actor) -> Bool { decide(action, by: actor) == nil }

    /// A contact is a coordinator's to log when they reach one of its people, or one of its bodies when no person takes part.
    private static func reachesParties(_ parties: [Subject], _ actor: Actor) -> Bool {
        let people = parties.filter { $0.id.kind == .person }
        return (people.isEmpty ? parties : people).contains { actor.reaches($0) }
    }

    private static func partyList(_ parties: [Subject]) -> String {
        parties.filter { $0.id.kind == .person }.map(\.id.description).joined(separator: ", ").ifEmpty("a party")
    }

    private static func regionList(_ parties: [Subject]) -> String {
        let people = parties.filter { $0.id.kind == .person }
        var names: [String] = []
        for s in people.isEmpty ? parties : people where !names.contains(s.regionName) { names.append(s.regionName) }
        return names.joined(separator: " or ")
    }
}

private extension String {
    func ifEmpty(_ other: String) -> String { isEmpty ? other : self }
}
