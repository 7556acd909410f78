import ArgumentParser
import BailanysCore
import BailanysPolicy
import BailanysStore

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a person, organisation, initiative or meetup by id (P12, O3, I40, M1).")

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var identity: IdentityOptions

    @Argument(help: "The id.")
    var id: String

    @OptionGroup var output: OutputOptions
    var json: Bool { output.json }

    func run() throws {
        let entity = try parseID(id, as: [.person, .organization, .initiative, .meetup])
        let store = try directory.open()
        if entity.kind == .meetup {
            return try MeetupCommand.Show.show(entity, store: store, wording: try MeetupCommand.wording(lang: nil, directory.environment),
                                               json: json)
        }
        let actor = try identity.actor(in: store, environment: directory.environment)
        if json {
            try Self.printJSON(entity, store: store, actor: actor)
        } else {
            try CardText(store: store, actor: actor).print(entity)
        }
    }

    static func printJSON(_ id: EntityID, store: DirectoryStore, actor: Actor) throws {
        try translatingErrors {
            let presenter = try CardJSON(gazetteer: store.gazetteer, showsSensitive: CardJSON.showsSensitive(id, store: store, actor: actor))
            switch id.kind {
            case .person: try Output.json(presenter.person(try store.personCard(id, for: actor)))
            case .organization: try Output.json(presenter.organization(try store.organizationCard(id, for: actor)))
            default: try Output.json(presenter.initiative(try store.initiativeCard(id).membership))
            }
        }
    }
}

/// The JSON shape of cards, from cards the store has already cut to what the actor may see (docs/privacy.md).
struct CardJSON {
    let gazetteer: Gazetteer
    /// Whether the sensitive categories appear (a coordinator reaching the person).
    let showsSensitive: Bool

    /// Whether a person's card shows the actor their sensitive categories; such a read is audited.
    static func showsSensitive(_ id: EntityID, store: DirectoryStore, actor: Actor) throws -> Bool {
        guard id.kind == .person, try store.showsSensitive(id, to: actor) else { return false }
        try store.recordSensitiveRead(id, by: actor)
        return true
    }

    struct Ref: Encodable { var id: String; var name: String }
    struct Place: Encodable { var key: String; var name: String; var region: String; var type: String }
    struct ContactJSON: Encodable { var kind: String; var value: String; var shared: Bool }
    struct RoundJSON: Encodable { var id: String; var year: Int; var number: Int; var format: String }
    struct Member: Encodable { var id: String; var name: String; var role: String }
    struct InitiativeJSON: Encodable {
        var id: String, title: String, theme: String, status: String, place: Place
        var round: RoundJSON?, role: String?, team: [Member], mentors: [Ref], partners: [Ref]
    }
    struct Summary: Encodable { var id: String; var name: String; var interactions: Int; var last: String }
    struct Recent: Encodable { var with: Ref; var day: String; var channel: String; var note: String; var source: String }
    struct Sensitive: Encodable { var neet: Bool; var vulnerable: Bool; var disabilityGroup: Int? }
    struct PersonJSON: Encodable {
        var id: String, kind = "person", name: String, roles: [String], place: Place
        /// Absent where the reader may not see them (anyone but the person and coordinators reaching them), or unknown.
        var gender: String?, birthYear: Int?
        var contacts: [ContactJSON], languages: [String], interests: [String], suggestionsOptOut: Bool, note: String
        var initiatives: [InitiativeJSON], mentors: [Ref], mentees: [Ref]
        var organizations: [Summary], people: [Summary], recentInteractions: [Recent]
        var sensitive: Sensitive?
    }
    struct OrganizationJSON: Encodable {
        var id: String, kind = "organization", name: String, organizationKind: String, place: Place
        var contacts: [ContactJSON], initiatives: [InitiativeJSON], people: [Summary], recentInteractions: [Recent]
    }

    func person(_ card: PersonCard) -> PersonJSON {
        let p = card.person
        return PersonJSON(
            id: p.id.description, name: p.fullName, roles: p.roles.sorted().map(\.rawValue), place: place(p.settlement),
            gender: p.gender?.rawValue, birthYear: p.birthYear, contacts: p.contacts.map(contact), languages: p.languages,
            interests: p.interests, suggestionsOptOut: p.suggestionsOptOut, note: p.note,
            initiatives: card.memberships.map(initiative), mentors: card.mentors.map(ref), mentees: card.mentees.map(ref),
            organizations: card.organizations.map(summary), people: card.people.map(summary),
            recentInteractions: card.recent.map(recent),
            sensitive: showsSensitive
                ? Sensitive(neet: p.sensitive.neet, vulnerable: p.sensitive.vulnerable, disabilityGroup: p.sensitive.disabilityGroup)
                : nil)
    }

    func organization(_ card: OrganizationCard) -> OrganizationJSON {
        let o = card.organization
        return OrganizationJSON(id: o.id.description, name: o.name, organizationKind: o.kind.rawValue, place: place(o.settlement),
                                contacts: o.contacts.map(contact), initiatives: card.initiatives.map(initiative),
                                people: card.people.map(summary), recentInteractions: card.recent.map(recent))
    }

    func initiative(_ m: Membership) -> InitiativeJSON {
        InitiativeJSON(id: m.initiative.id.description, title: m.initiative.title, theme: m.initiative.theme,
                       status: m.initiative.status.rawValue, place: place(m.initiative.settlement),
                       round: m.round.map { RoundJSON(id: $0.id.description, year: $0.year, number: $0.number, format: $0.format.rawValue) },
                       role: m.role?.rawValue,
                       team: m.team.map { Member(id: $0.person.id.description, name: $0.person.name, role: $0.role.rawValue) },
                       mentors: m.mentors.map(ref), partners: m.partners.map(ref))
    }

    func place(_ key: String) -> Place {
        let settlement = gazetteer.settlement(key)
        return Place(key: key, name: settlement?.names.en ?? key,
                     region: settlement.flatMap { gazetteer.region($0.region)?.names.en } ?? "",
                     type: settlement?.type.rawValue ?? "")
    }

    func ref(_ r: EntityRef) -> Ref { Ref(id: r.id.description, name: r.name) }
    func contact(_ c: Contact) -> ContactJSON { ContactJSON(kind: c.kind.rawValue, value: c.value, shared: c.shared) }
    func summary(_ s: ContactSummary) -> Summary {
        Summary(id: s.party.id.description, name: s.party.name, interactions: s.interactions, last: s.last.iso)
    }
    func recent(_ r: InteractionEntry) -> Recent {
        Recent(with: ref(r.other), day: r.day.iso, channel: r.channel.rawValue, note: r.note, source: r.source.rawValue)
    }
}

/// Cards as readable text for the terminal.
struct CardText {
    let store: DirectoryStore
    let actor: Actor

    func print(_ id: EntityID) throws {
        try translatingErrors {
            let json = try CardJSON(gazetteer: store.gazetteer, showsSensitive: CardJSON.showsSensitive(id, store: store, actor: actor))
            switch id.kind {
            case .person: person(json.person(try store.personCard(id, for: actor)))
            case .organization: organization(json.organization(try store.organizationCard(id, for: actor)))
            default: initiative(json.initiative(try store.initiativeCard(id).membership))
            }
        }
    }

    private func person(_ p: CardJSON.PersonJSON) {
        Output.line("\(p.id)  \(p.name)  [\(p.roles.joined(separator: ", "))]")
        Output.line("   \(placeLine(p.place))")
        // Shown only to whom the store gave them: the person and coordinators reaching them.
        let personal = [p.gender.map { "gender: \($0)" }, p.birthYear.map { "born: \($0)" }].compactMap { $0 }
        if !personal.isEmpty { Output.line("   " + personal.joined(separator: " · ")) }
        for c in p.contacts { Output.line("   \(c.kind): \(c.value)\(c.shared ? "" : " (private)")") }
        if !p.note.isEmpty { Output.line("   note: \(p.note)") }
        if !p.interests.isEmpty { Output.line("   interests: \(p.interests.joined(separator: ", "))") }
        if let s = p.sensitive {
            let flags = [s.neet ? "NEET" : nil, s.vulnerable ? "vulnerable" : nil, s.disabilityGroup.map { "disability group \($0)" }].compactMap { $0 }
            Output.line("   coordinator-only: \(flags.isEmpty ? "none" : flags.joined(separator: ", "))")
        }
        section("Initiatives", p.initiatives.map { initiativeLine($0, showRole: true) })
        section("Mentors", p.mentors.map { "\($0.id)  \($0.name)" })
        section("Mentees", p.mentees.map { "\($0.id)  \($0.name)" })
        section("People", p.people.map(summaryLine), limit: 15)
        section("Organisations", p.organizations.map(summaryLine))
        section("Recent interactions", p.recentInteractions.map(recentLine), limit: 10)
    }

    private func organization(_ o: CardJSON.OrganizationJSON) {
        Output.line("\(o.id)  \(o.name)  [\(o.organizationKind)]")
        Output.line("   \(placeLine(o.place))")
        for c in o.contacts { Output.line("   \(c.kind): \(c.value)") }
        section("Initiatives supported", o.initiatives.map { initiativeLine($0, showRole: false) })
        section("People", o.people.map(summaryLine), limit: 20)
        section("Recent interactions", o.recentInteractions.map(recentLine), limit: 10)
    }

    private func initiative(_ i: CardJSON.InitiativeJSON) {
        Output.line("\(i.id)  «\(i.title)»  [\(i.theme), \(i.status)]")
        Output.line("   \(placeLine(i.place))\(i.round.map { ", round \($0.number) of \($0.year) (\($0.format))" } ?? "")")
        section("Team", i.team.map { "\($0.id)  \($0.name)  \($0.role)" })
        section("Mentors", i.mentors.map { "\($0.id)  \($0.name)" })
        section("Partners", i.partners.map { "\($0.id)  \($0.name)" })
    }

    /// A titled list; a long one shows its first `limit` lines and says how many more `--json` holds (it cut them
    /// without a word; review).
    private func section(_ title: String, _ lines: [String], limit: Int = .max) {
        guard !lines.isEmpty else { return }
        Output.line()
        Output.line(title)
        for line in lines.prefix(limit) { Output.line("   " + line) }
        if lines.count > limit { Output.line("   … and \(lines.count - limit) more (all with --json)") }
    }

    private func placeLine(_ p: CardJSON.Place) -> String { "\(p.name), \(p.region) (\(p.type))" }
    /// On a person's card a membership without a team role is one they mentored.
    private func initiativeLine(_ i: CardJSON.InitiativeJSON, showRole: Bool) -> String {
        let round = i.round.map { "\($0.year)/\($0.number) \($0.format)" } ?? ""
        let role = showRole ? "  \(i.role ?? "mentor")" : ""
        return "\(i.id)  «\(i.title)»\(role)  \(round)  \(i.status)"
    }
    private func summaryLine(_ s: CardJSON.Summary) -> String { "\(s.id)  \(s.name)  ×\(s.interactions), last \(s.last)" }
    private func recentLine(_ r: CardJSON.Recent) -> String {
        "\(r.day)  \(r.channel)  \(r.with.id) \(r.with.name)\(r.note.isEmpty ? "" : " — \(r.note)")"
    }
}
