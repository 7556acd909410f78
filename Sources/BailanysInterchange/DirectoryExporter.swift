import BailanysCore
import BailanysGraph
import BailanysStore
import Foundation

/// What leaves the directory.
public enum ExportPrivacy: String, Sendable {
    /// Sensitive categories and contacts a person did not agree to share are left out.
    case standard
    /// Everything, sensitive categories and private contacts included: coordinators only, audited by the caller.
    case includeSensitive
    /// For alumni: name, roles, place, interests, languages and the contacts each person agreed to show.
    case publicDirectory
}

public enum ExportFormat: String, Sendable, CaseIterable {
    case csv, vcard, vcard3, ics, graphml, dot, json
}

/// Exports of the whole directory or of a list of people, with privacy applied before any writer sees a value.
///
/// For a list of people (a meetup's invitees, say):
/// `let e = DirectoryExporter(store: s, privacy: .standard); let people = try e.people(ids: ids)`,
/// then `e.csv(people:)` or `try e.vcards(people, version: "4.0")`.
/// Saved meetups go out as one calendar through `calendar(status:region:stamp:event:)`.
public struct DirectoryExporter: Sendable {
    public let store: DirectoryStore
    public let privacy: ExportPrivacy

    public init(store: DirectoryStore, privacy: ExportPrivacy) {
        self.store = store
        self.privacy = privacy
    }

    var includesSensitive: Bool { privacy == .includeSensitive }

    /// What this privacy level lets out of one person's record.
    public func visible(_ person: Person) -> Person {
        var p = person
        switch privacy {
        case .includeSensitive:
            return p
        case .standard:
            p.sensitive = .none
            p.contacts = p.contacts.filter(\.shared)
        case .publicDirectory:
            p = Person(id: p.id, fullName: p.fullName, roles: p.roles, settlement: p.settlement,
                       contacts: p.contacts.filter(\.shared), languages: p.languages, interests: p.interests)
        }
        return p
    }

    /// The given people in the given order, privacy applied; unknown ids are skipped.
    public func people(ids: [EntityID]) throws -> [Person] {
        try store.people(ids: ids, audience: includesSensitive ? .coordinator : .member).map(visible)
    }

    /// A meetup's invite list: its invitees in invitation order, privacy applied.
    public func invitees(of meetup: Meetup) throws -> [Person] { try people(ids: meetup.invitees.map(\.person.id)) }

    public func csv(people: [Person]) -> String { CSVWriter(includeSensitive: includesSensitive).people(people) }

    /// vCards ("4.0" or "3.0"); kept vCard properties travel along except in the public directory.
    public func vcards(_ people: [Person], version: String) throws -> String {
        let extras = privacy == .publicDirectory ? [:] : try store.vcardExtras(people.map(\.id))
        return people.map {
            VCardWriter.card($0, version: version, extras: extras[$0.id], gazetteer: store.gazetteer, includeSensitive: includesSensitive)
        }.joined()
    }

    /// Saved meetups as one iCalendar file, one VEVENT each in the store's order, each worded by `event`
    /// (the app passes `MeetupWording.calendarEvent`, the same event `bailanys meetup export` writes).
    /// `status` and `region` (a region key; the host settlement's region) narrow the selection.
    public func calendar(status: MeetupStatus?, region: String?, stamp: Date, event: (Meetup) -> CalendarEvent) throws -> String {
        let meetups = try store.meetups().filter { meetup in
            (status == nil || meetup.status == status)
                && (region == nil || store.gazetteer.settlement(meetup.host)?.region == region)
        }
        return ICalendar.write(meetups.map(event), stamp: stamp)
    }

    /// A whole export. `only` restricts people and organisations (and the ties and interactions between them).
    public func export(_ format: ExportFormat, kind: RecordKind?, only: Set<EntityID>?, now: Day,
                       model: TieModel = .standard) throws -> String {
        switch format {
        case .graphml, .dot:
            let graph = try GraphExport(snapshot: try store.graphSnapshot(), now: now, model: model,
                                        only: only.map { ids in ids.union(try organizationsOf(ids)) })
            return format == .graphml ? graph.graphML() : graph.dot()
        default: break
        }
        var data = try store.loadDirectory(audience: includesSensitive ? .coordinator : .member)
        if let only {
            data.people.removeAll { !only.contains($0.id) }
            data.organizations.removeAll { !only.contains($0.id) }
            data.interactions.removeAll { !only.contains($0.a) || !only.contains($0.b) }
            data.initiatives.removeAll { !$0.team.contains { only.contains($0.person) } }
        }
        data.people = data.people.map(visible)
        var kind = kind
        if privacy == .publicDirectory {
            guard kind == nil || kind == .people else { throw ExportError.publicPeopleOnly }
            kind = .people
        }
        switch format {
        case .csv:
            var writer = CSVWriter(includeSensitive: includesSensitive)
            for p in data.people { writer.references[p.id] = CSVWriter.reference(p.id, externalID: p.externalID) }
            for o in data.organizations { writer.references[o.id] = CSVWriter.reference(o.id, externalID: o.externalID) }
            switch kind ?? .people {
            case .people: return writer.people(data.people)
            case .organizations: return writer.organizations(data.organizations)
            case .initiatives: return writer.initiatives(data.initiatives, rounds: data.rounds)
            case .interactions: return writer.interactions(data.interactions)
            }
        case .vcard, .vcard3:
            guard kind == nil || kind == .people else { throw ExportError.vcardPeopleOnly }
            return try vcards(data.people, version: format == .vcard ? "4.0" : "3.0")
        case .json:
            return try json(data, kind: kind)
        case .ics:
            throw ExportError.calendarOfMeetups
        case .graphml, .dot:
            preconditionFailure("handled above")
        }
    }

    /// Organisations tied to the given people by an initiative partnership, so a filtered graph keeps them.
    private func organizationsOf(_ ids: Set<EntityID>) throws -> Set<EntityID> {
        let initiatives = try store.loadDirectory().initiatives.filter { $0.team.contains { ids.contains($0.person) } }
        return Set(initiatives.flatMap(\.partners))
    }

    struct PersonJSON: Encodable {
        var id: String, externalID: String?, fullName: String, gender: String?, birthYear: Int?, roles: [String]
        var settlement: String, contacts: [Contact], languages: [String], interests: [String]
        var suggestionsOptOut: Bool?, note: String?, sensitive: SensitiveCategories?
    }

    func json(_ data: DirectoryData, kind: RecordKind?) throws -> String {
        struct Document: Encodable {
            var people: [PersonJSON]?, organizations: [Organization]?, rounds: [Round]?, initiatives: [Initiative]?
            var interactions: [Interaction]?
        }
        let isPublic = privacy == .publicDirectory
        let people = data.people.map { p in
            PersonJSON(id: p.id.description, externalID: p.externalID, fullName: p.fullName,
                       gender: p.gender?.rawValue, birthYear: p.birthYear,
                       roles: p.roles.sorted().map(\.rawValue), settlement: p.settlement, contacts: p.contacts,
                       languages: p.languages, interests: p.interests, suggestionsOptOut: isPublic ? nil : p.suggestionsOptOut,
                       note: isPublic ? nil : p.note, sensitive: includesSensitive ? p.sensitive : nil)
        }
        let all = kind == nil
        let document = Document(
            people: all || kind == .people ? people : nil,
            organizations: all || kind == .organizations ? data.organizations : nil,
            rounds: all || kind == .initiatives ? data.rounds : nil,
            initiatives: all || kind == .initiatives ? data.initiatives : nil,
            interactions: all || kind == .interactions ? data.interactions : nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }
}

public enum ExportError: Error, Equatable, CustomStringConvertible {
    case vcardPeopleOnly
    case publicPeopleOnly
    /// A calendar holds saved meetups, not directory records: `calendar(status:region:stamp:event:)` writes it.
    case calendarOfMeetups

    public var description: String {
        switch self {
        case .vcardPeopleOnly: "vCard export holds people only; use --kind people or another format."
        case .publicPeopleOnly: "The public directory lists people only; drop --kind or use --kind people."
        case .calendarOfMeetups: "An iCalendar export holds saved meetups, not directory records; it is written from the meetups."
        }
    }
}
