import BailanysCore
import BailanysResources

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
    /// Removing a logged contact between these parties (one logged by mistake). `recorded`: one the programme
    /// recorded (imported, the demo's, a meetup's attendance), not logged by a person.
    case removeContact([Subject], recorded: Bool)
    /// The note of a contact between these parties.
    case readContactNote([Subject])
    /// Dismissing or snoozing the suggestions made to this person.
    case manageSuggestions(owner: EntityID)
    case exportSensitive
    /// Planning a meetup hosted in a region, or recording who came (its key and name).
    case manageMeetups(region: String, regionNames: PlaceNames)
    /// A member copy of the whole country (nil) or of one region (its key and names).
    case publish(region: String?, regionNames: PlaceNames?)
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
        // A contact removed by someone who took no part in it.
        case .removeContact(let parties, _): !parties.contains { $0.id == actor.id }
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
        case .removeContact: "remove-contact"
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

/// A refused action, worded for the person at the keyboard: who could do it instead. Its words are in the string
/// tables (`Resources/strings/*/policy.json`): the app says it in the reader's language, the command line in English.
public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// A value of the reason's template, put in the reader's words when the refusal is told.
    public enum Value: Sendable, Equatable {
        /// The same in every language (ids).
        case verbatim(String)
        /// Regions named in the reader's language; several are alternatives ("Mangystau Region or Almaty Region").
        case regions([PlaceNames])
        /// Ids taken together ("P12 and P40").
        case together([EntityID])
    }

    public var action: PolicyAction
    public var actor: Actor
    /// The reason's key in the string tables, `policy.reason.…` ("only {id} or a coordinator of {region} can change
    /// {id}'s consent"), and its values.
    public var reasonKey: String
    public var values: [String: Value]

    /// In English, for the command line and logs.
    public var description: String { message(in: "en") }

    /// "Not allowed: … (you are acting as P12); nothing was changed." in a UI language (`kk`, `ru`, `en`).
    public func message(in language: String) -> String {
        BailanysResources.text("policy.refused", language: language,
                               ["reason": reason(in: language), "actor": actorPhrase(in: language)])
    }

    public func reason(in language: String) -> String {
        let words = values.mapValues { value in
            switch value {
            case .verbatim(let text): text
            case .regions(let names):
                names.map { $0.name(for: language) }.joined(separator: BailanysResources.text("policy.or", language: language))
            case .together(let ids):
                ids.map(\.description).joined(separator: BailanysResources.text("policy.and", language: language))
            }
        }
        return BailanysResources.text(reasonKey, language: language, words)
    }

    /// Who tried, and why their claim carried no more weight.
    public func actorPhrase(in language: String) -> String {
        switch actor.id {
        case nil: BailanysResources.text("policy.actor.nobody", language: language)
        case let id? where actor.roles.contains(.coordinator) && !actor.isCoordinator:
            BailanysResources.text("policy.actor.memberCopy", language: language, ["id": id.description])
        case let id?: BailanysResources.text("policy.actor.id", language: language, ["id": id.description])
        }
    }
}

/// The one place that decides who may see and change what (docs/privacy.md has the table).
public enum Policy {
    /// Nil when allowed, else the refusal.
    public static func decide(_ action: PolicyAction, by actor: Actor) -> Refusal? {
        let isSelf = { (subject: Subject) in actor.id != nil && actor.id == subject.id }
        func refuse(_ reason: String, _ values: [String: Refusal.Value] = [:]) -> Refusal {
            Refusal(action: action, actor: actor, reasonKey: "policy.reason." + reason, values: values)
        }
        /// A refusal about one subject: its id and region.
        func refuse(_ reason: String, _ s: Subject) -> Refusal {
            refuse(reason, ["id": .verbatim(s.id.description), "region": .regions([s.regionNames])])
        }
        /// A refusal about a contact: its people (or, when no person takes part, its bodies, whose coordinators alone may).
        func refuse(_ reason: String, _ parties: [Subject]) -> Refusal {
            let people = parties.filter { $0.id.kind == .person }
            return refuse(people.isEmpty ? reason + "OfBodies" : reason, [
                "parties": .verbatim(people.map(\.id.description).joined(separator: ", ")),
                "regions": .regions(regions(of: people.isEmpty ? parties : people)),
                "between": .together(parties.map(\.id)),
            ])
        }
        switch action {
        case .editCard(let s):
            return isSelf(s) || actor.reaches(s) ? nil : refuse("editCard", s)
        case .movePerson(let from, let to, let coordinator):
            // Both regions, said so: naming one region's coordinators named people the rule refuses too (review).
            if actor.reaches(from) && actor.reaches(to) || (!coordinator && isSelf(from)) { return nil }
            return refuse(coordinator ? "moveCoordinator" : "movePerson", ["id": .verbatim(from.id.description),
                          "from": .regions([from.regionNames]), "to": .regions([to.regionNames])])
        case .changeConsent(let s):
            return isSelf(s) || actor.reaches(s) ? nil : refuse("changeConsent", s)
        case .readPrivate(let s):
            return isSelf(s) || actor.reaches(s) ? nil : refuse("readPrivate", s)
        case .changeExternalID(let s):
            return actor.reaches(s) ? nil : refuse("changeExternalID", s)
        case .changeRoles(let s):
            return actor.reaches(s) ? nil : refuse("changeRoles", s)
        case .changeSensitive(let s):
            return actor.reaches(s) ? nil : refuse("changeSensitive", s)
        case .readSensitive(let s):
            return actor.reaches(s) ? nil : refuse("readSensitive", s)
        case .changeReach(let s):
            return actor.isNational ? nil : refuse("changeReach", s)
        case .addPerson(let s, let roles):
            return actor.reaches(s) ? nil : refuse(roles.contains(.coordinator) ? "addCoordinator" : "addPerson", s)
        case .editOrganization(let s):
            return actor.reaches(s) ? nil : refuse("editOrganization", s)
        case .editProgramme:
            return actor.isCoordinator || actor.isOwner ? nil : refuse("editProgramme")
        case .logContact(let parties):
            return parties.contains(where: isSelf) || reachesParties(parties, actor) ? nil : refuse("logContact", parties)
        case .readContactNote(let parties):
            return parties.contains(where: isSelf) || reachesParties(parties, actor) ? nil : refuse("readContactNote", parties)
        case .removeContact(let parties, recorded: false):
            return parties.contains(where: isSelf) || reachesParties(parties, actor) ? nil : refuse("removeContact", parties)
        case .removeContact(let parties, recorded: true):
            // The programme's records are its coordinators' to correct, not a party's to erase.
            return reachesParties(parties, actor) ? nil : refuse("removeRecordedContact", parties)
        case .manageSuggestions(let owner):
            return actor.id == owner ? nil : refuse("manageSuggestions", ["id": .verbatim(owner.description)])
        case .exportSensitive:
            return actor.isCoordinator ? nil : refuse("exportSensitive")
        case .manageMeetups(let region, let names):
            return actor.reaches(region: region) ? nil : refuse("manageMeetups", ["region": .regions([names])])
        case .publish(let region?, let names):
            return actor.reaches(region: region) ? nil
                : refuse("publishRegion", ["region": .regions([names ?? PlaceNames(verbatim: region)])])
        case .publish(nil, _):
            return actor.isNational ? nil : refuse("publishCountry")
        case .manageAccess(let s):
            return actor.reaches(s) ? nil : refuse("manageAccess", s)
        case .changeHoldout:
            return actor.isNational ? nil : refuse("changeHoldout")
        case .studySuggestionUse:
            return actor.isCoordinator || actor.isOwner ? nil : refuse("studySuggestionUse")
        case .readNetworkHealth:
            return actor.isCoordinator || actor.isOwner ? nil : refuse("readNetworkHealth")
        case .previewMeetup:
            return actor.isCoordinator || actor.isOwner ? nil : refuse("previewMeetup")
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

    /// Each party's region once, in the parties' order.
    private static func regions(of parties: [Subject]) -> [PlaceNames] {
        var names: [PlaceNames] = []
        for s in parties where !names.contains(s.regionNames) { names.append(s.regionNames) }
        return names
    }
}
