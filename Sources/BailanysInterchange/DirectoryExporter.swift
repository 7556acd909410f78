import BailanysCore
import BailanysGraph
import BailanysPolicy
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
    /// Who exports: each person's private fields and sensitive categories go out only where the policy lets this
    /// actor read them (a regional coordinator's reach is their region). Nil: the privacy level alone decides.
    public let actor: Actor?

    public init(store: DirectoryStore, privacy: ExportPrivacy, for actor: Actor? = nil) {
        self.store = store
        self.privacy = privacy
        self.actor = actor
    }

    /// A list people hand on (a meetup's invite list, a mentor's "my mentees' shared contacts"): names and the
    /// contacts each person agreed to share, with the public directory's other fields (roles, place, languages,
    /// interests); never gender, birth year, notes, private contacts or sensitive categories, whoever exports.
    public static func sharedContacts(store: DirectoryStore) -> DirectoryExporter {
        DirectoryExporter(store: store, privacy: .publicDirectory)
    }

    var includesSensitive: Bool { privacy == .includeSensitive }

    /// Whether the policy lets the exporting actor read `action` of this person.
    private func allows(_ action: (Subject) -> PolicyAction, _ person: Person) -> Bool {
        guard let actor else { return true }
        return Policy.allows(action(store.subject(person.id, settlement: person.settlement)), by: actor)
    }

    /// Whether this person's sensitive categories go out: asked of the record `visible` returned.
    func revealsSensitive(_ person: Person) -> Bool { includesSensitive && allows(PolicyAction.readSensitive, person) }

    /// What this privacy level, and the policy for the exporting actor, let out of one person's record.
    public func visible(_ person: Person) -> Person {
        var p = person
        switch privacy {
        case .includeSensitive where allows(PolicyAction.readSensitive, p):
            return p
        case .includeSensitive, .standard:
            p.sensitive = .none
            p.contacts = p.contacts.filter(\.shared)
            if !allows(PolicyAction.readPrivate, p) {
                // Unknown rather than blank: an empty cell keeps the stored value on re-import.
                p.gender = nil
                p.birthYear = nil
                p.note = ""
            }
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

    /// A mentor's former mentees (the teams of the initiatives they mentored) in the card's order, privacy applied.
    public func mentees(of mentor: EntityID) throws -> [Person] {
        try people(ids: store.personCard(mentor).mentees.map(\.id))
    }

    /// A meetup's invite list: its invitees in invitation order, privacy applied.
    public func invitees(of meetup: Meetup) throws -> [Person] { try people(ids: meetup.invitees.map(\.person.id)) }

    public func csv(people: [Person]) -> String {
        var text = ""
        csvWriter().people(people) { text += $0 }
        return text
    }

    func csvWriter() -> CSVWriter {
        var writer = CSVWriter(includeSensitive: includesSensitive)
        // The public directory does not know these; written as "no" they would overwrite the stored value.
        if privacy == .publicDirectory { writer.withheld = ["gender", "birth_year", "suggestions_opt_out", "note"] }
        writer.withholdsSensitive = { !revealsSensitive($0) }
        return writer
    }

    /// vCards ("4.0" or "3.0"); kept vCard properties travel along except in the public directory.
    public func vcards(_ people: [Person], version: String) throws -> String {
        var text = ""
        try vcards(people, version: version) { text += $0 }
        return text
    }

    /// vCards handed to `write` one card at a time.
    public func vcards(_ people: [Person], version: String, to write: (String) throws -> Void) throws {
        // Stored vCard properties (BDAY, GENDER, a home ADR, any X-…) are private fields: an Almaty coordinator's
        // export carried a Mangystau alumna's (review).
        let readable = privacy == .publicDirectory ? [] : people.filter { allows(PolicyAction.readPrivate, $0) }
        let extras = readable.isEmpty ? [:] : try store.vcardExtras(readable.map(\.id))
        let places = PlaceResolver(gazetteer: store.gazetteer)
        for person in people {
            try write(VCardWriter.card(person, version: version, extras: extras[person.id], places: places,
                                       includeSensitive: revealsSensitive(person)))
        }
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

    /// A whole export as one string (tests, small directories). `export(…, to:)` streams it instead.
    public func export(_ format: ExportFormat, kind: RecordKind?, only: Set<EntityID>?, now: Day,
                       model: TieModel = .standard) throws -> String {
        var text = ""
        try export(format, kind: kind, only: only, now: now, model: model) { text += $0 }
        return text
    }

    /// A whole export, handed to `write` piece by piece (a record or a few at a time), so the whole text is
    /// never held at once. `only` restricts people and organisations (and the ties and interactions between them).
    public func export(_ format: ExportFormat, kind: RecordKind?, only: Set<EntityID>?, now: Day,
                       model: TieModel = .standard, to write: (String) throws -> Void) throws {
        switch format {
        case .graphml, .dot:
            let graph = try GraphExport(snapshot: try store.graphSnapshot(), now: now, model: model,
                                        only: only.map { ids in ids.union(try organizationsOf(ids)) })
            return try write(format == .graphml ? graph.graphML() : graph.dot())
        default: break
        }
        // Interactions (millions) are streamed from a cursor below, never loaded whole.
        var data = try store.loadDirectory(audience: includesSensitive ? .coordinator : .member, events: false)
        if let only {
            data.people.removeAll { !only.contains($0.id) }
            data.organizations.removeAll { !only.contains($0.id) }
            data.initiatives.removeAll { !$0.team.contains { only.contains($0.person) } }
        }
        // A contact's note goes out only to whom the policy lets read it (its parties, coordinators reaching one of
        // them); the contact itself to whoever may export. A regional coordinator's export carried every region's notes.
        // Built only when an export writes interactions with notes.
        lazy var parties = Dictionary(data.people.map { ($0.id, store.subject($0.id, settlement: $0.settlement)) }
            + data.organizations.map { ($0.id, store.subject($0.id, settlement: $0.settlement)) }) { first, _ in first }
        func mayReadNote(_ x: Interaction) -> Bool {
            guard let actor else { return true }
            guard let a = parties[x.a], let b = parties[x.b] else { return false }
            return Policy.allows(.readContactNote([a, b]), by: actor)
        }
        /// The selected interactions, one at a time.
        func interactions(_ body: (Interaction) throws -> Void) throws {
            try store.forEachInteraction { x in
                if let only, !only.contains(x.a) || !only.contains(x.b) { return }
                if x.note.isEmpty || mayReadNote(x) { return try body(x) }
                var withheld = x
                withheld.note = ""
                try body(withheld)
            }
        }
        data.people = data.people.map(visible)
        var kind = kind
        if privacy == .publicDirectory {
            guard kind == nil || kind == .people else { throw ExportError.publicPeopleOnly }
            kind = .people
        }
        switch format {
        case .csv:
            var writer = csvWriter()
            for p in data.people { writer.references[p.id] = CSVWriter.reference(p.id, externalID: p.externalID) }
            for o in data.organizations { writer.references[o.id] = CSVWriter.reference(o.id, externalID: o.externalID) }
            switch kind ?? .people {
            case .people: try writer.people(data.people, to: write)
            case .organizations: try write(writer.organizations(data.organizations))
            case .initiatives: try write(writer.initiatives(data.initiatives, rounds: data.rounds))
            case .interactions:
                var out = ChunkedOutput()
                try out.add(writer.header(.interactions), to: write)
                try interactions { try out.add(writer.row($0), to: write) }
                try out.flush(to: write)
            }
        case .vcard, .vcard3:
            guard kind == nil || kind == .people else { throw ExportError.vcardPeopleOnly }
            try vcards(data.people, version: format == .vcard ? "4.0" : "3.0", to: write)
        case .json:
            try json(data, interactions: interactions, kind: kind, to: write)
        case .ics:
            throw ExportError.calendarOfMeetups
        case .graphml, .dot:
            preconditionFailure("handled above")
        }
    }

    /// Organisations tied to the given people by an initiative partnership, so a filtered graph keeps them.
    private func organizationsOf(_ ids: Set<EntityID>) throws -> Set<EntityID> {
        let initiatives = try store.loadDirectory(events: false).initiatives.filter { $0.team.contains { ids.contains($0.person) } }
        return Set(initiatives.flatMap(\.partners))
    }

    struct PersonJSON: Encodable {
        var id: String, externalID: String?, fullName: String, gender: String?, birthYear: Int?, roles: [String]
        var settlement: String, contacts: [Contact], languages: [String], interests: [String]
        var suggestionsOptOut: Bool?, note: String?, sensitive: SensitiveCategories?
    }

    /// `{people, organizations, rounds, initiatives, interactions}` (the kinds asked for), keys sorted, one record
    /// encoded at a time: encoding the whole document at once held gigabytes for 100k people.
    func json(_ data: DirectoryData, interactions: ((Interaction) throws -> Void) throws -> Void, kind: RecordKind?,
              to write: (String) throws -> Void) throws {
        // Escaping-typed copies (they do not outlive the call), so the nested writers below may capture them.
        try withoutActuallyEscaping(write) { write in
            try withoutActuallyEscaping(interactions) { interactions in
                try json(data, interactions: interactions, kind: kind, into: write)
            }
        }
    }

    private func json(_ data: DirectoryData, interactions: @escaping ((Interaction) throws -> Void) throws -> Void, kind: RecordKind?,
                      into write: @escaping (String) throws -> Void) throws {
        let isPublic = privacy == .publicDirectory
        func person(_ p: Person) -> PersonJSON {
            PersonJSON(id: p.id.description, externalID: p.externalID, fullName: p.fullName,
                       gender: p.gender?.rawValue, birthYear: p.birthYear,
                       roles: p.roles.sorted().map(\.rawValue), settlement: p.settlement, contacts: p.contacts,
                       languages: p.languages, interests: p.interests, suggestionsOptOut: isPublic ? nil : p.suggestionsOptOut,
                       note: isPublic ? nil : p.note, sensitive: revealsSensitive(p) ? p.sensitive : nil)
        }
        let all = kind == nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = ChunkedOutput()
        var first = true
        /// One `"key" : [ … ]` member, its elements one per line, as `each` hands them over.
        func member(_ key: String, _ each: ((String) throws -> Void) throws -> Void) throws {
            try out.add((first ? "{\n" : ",\n") + "  \"\(key)\" : [", to: write)
            first = false
            var empty = true
            try each { element in
                try out.add((empty ? "\n    " : ",\n    ") + ExportText.jsonSafe(element), to: write)
                empty = false
            }
            try out.add(empty ? "]" : "\n  ]", to: write)
        }
        func encoded<T: Encodable>(_ items: [T]) -> ((String) throws -> Void) throws -> Void {
            { add in for item in items { try add(String(decoding: try encoder.encode(item), as: UTF8.self)) } }
        }
        // Members in sorted key order, as the format promises.
        if all || kind == .initiatives { try member("initiatives", encoded(data.initiatives)) }
        if all || kind == .interactions { try member("interactions") { add in try interactions { try add(Self.json($0)) } } }
        if all || kind == .organizations { try member("organizations", encoded(data.organizations)) }
        if all || kind == .people { try member("people", encoded(data.people.map(person))) }
        if all || kind == .initiatives { try member("rounds", encoded(data.rounds)) }
        try out.add(first ? "{\n}\n" : "\n}\n", to: write)
        try out.flush(to: write)
    }

    /// An interaction as `JSONEncoder` writes it (keys sorted), written by hand: millions of them went
    /// through the encoder at about 50 µs each.
    static func json(_ x: Interaction) -> String {
        "{\"a\":\"\(x.a)\",\"b\":\"\(x.b)\",\"channel\":\"\(x.channel.rawValue)\",\"day\":\"\(x.day.iso)\",\"note\":"
            + jsonString(x.note) + ",\"source\":\"\(x.source.rawValue)\"}"
    }

    /// A JSON string literal: quote, backslash and C0 controls escaped (the rest by `ExportText.jsonSafe`).
    static func jsonString(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return "\"\(text)\"" }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += ExportText.jsonEscape(scalar)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// Collects small pieces and hands them to `write` 64 KiB at a time: few writes, bounded memory.
struct ChunkedOutput {
    var buffer = ""

    mutating func add(_ text: String, to write: (String) throws -> Void) rethrows {
        buffer += text
        if buffer.utf8.count >= 1 << 16 { try flush(to: write) }
    }

    mutating func flush(to write: (String) throws -> Void) rethrows {
        guard !buffer.isEmpty else { return }
        try write(buffer)
        buffer = ""
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
        // Said for --public and for anyone but a coordinator, whose export is the public directory whatever they ask.
        case .publicPeopleOnly: "The public directory (--public, and every export of someone who is not a coordinator) lists people only; drop --kind or use --kind people."
        case .calendarOfMeetups: "An iCalendar export holds saved meetups, not directory records; it is written from the meetups."
        }
    }
}
