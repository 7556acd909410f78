import ArgumentParser
import BailanysCore
import BailanysPolicy
import BailanysStore

struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Change fields of a person or an organisation.",
        discussion: """
            Only the fields given change. A person edits their own card and consent; a coordinator edits the people
            and organisations of their region (a national coordinator's: the country); roles, reach and sensitive
            categories are coordinators' alone. Refusals exit with 4; see docs/privacy.md.
            """)

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var identity: IdentityOptions

    @Argument(help: "The id (P12 or O3).")
    var id: String

    @Option(help: "New full name.")
    var name: String?

    @Option(help: "New settlement, in any spelling.")
    var settlement: String?

    @Option(help: "Roles of a person, replacing the old ones; repeatable.")
    var role: [Role] = []

    @Option(name: .customLong("org-kind"), help: "Kind of an organisation.")
    var organizationKind: OrganizationKind?

    @Option(name: .customLong("external-id"), help: "Id in your own spreadsheet (empty clears it).")
    var externalID: String?

    @Option(help: "Interests, comma-separated, replacing the old ones.")
    var interests: String?

    @Option(help: "Languages, comma-separated, replacing the old ones.")
    var languages: String?

    @Option(help: "A note.")
    var note: String?

    @Option(help: "Whether the person appears in others' suggestions: yes or no.")
    var suggestions: YesNo?

    @Option(help: "Coordinator only: NEET, yes or no.")
    var neet: YesNo?

    @Option(help: "Coordinator only: vulnerable youth, yes or no.")
    var vulnerable: YesNo?

    @Option(name: .customLong("disability-group"), help: "Coordinator only: 1, 2, 3 or none.")
    var disabilityGroup: String?

    @Option(help: "National coordinators only: a coordinator's reach, region or country.")
    var reach: Reach?

    @OptionGroup var contacts: ContactOptions

    enum Reach: String, ExpressibleByArgument { case region, country }

    enum YesNo: String, ExpressibleByArgument { case yes, no }

    func run() throws {
        let entity = try parseID(id, as: [.person, .organization], what: "a person or organisation id like P12 or O3")
        let store = try directory.open()
        let actor = try identity.actor(in: store, environment: directory.environment)
        let place = try settlement.map(resolveSettlement)
        switch entity.kind {
        case .person:
            try translatingErrors { try Policy.check(requestedActions(try store.subject(entity)), by: actor) }
            // Read, changed and written in one transaction: an edit read earlier and written whole undid what another
            // process wrote between (review: three parallel loops of edits lost some of each other's).
            try translatingErrors {
                try store.updatePerson(entity, by: actor) { person in
                    if let name { person.fullName = name }
                    if let place { person.settlement = place }
                    if !role.isEmpty { person.roles = Set(role) }
                    if let externalID { person.externalID = externalID.isEmpty ? nil : externalID }
                    if let interests { person.interests = list(interests) }
                    if let languages { person.languages = list(languages) }
                    if let note { person.note = note }
                    if let suggestions { person.suggestionsOptOut = suggestions == .no }
                    person.contacts = try contacts.apply(to: person.contacts)
                    try applySensitive(to: &person)
                }
                if let reach { try store.setNationalReach(entity, reach == .country, by: actor) }
            }
        default:
            guard role.isEmpty, reach == nil, neet == nil, vulnerable == nil, disabilityGroup == nil, suggestions == nil,
                  interests == nil, languages == nil else {
                throw CommandError.usage("Organisations have no roles, interests, languages, suggestions or sensitive categories.")
            }
            try translatingErrors {
                try store.updateOrganization(entity, by: actor) { org in
                    if let name { org.name = name }
                    if let place { org.settlement = place }
                    if let organizationKind { org.kind = organizationKind }
                    if let externalID { org.externalID = externalID.isEmpty ? nil : externalID }
                    if let note { org.note = note }
                    org.contacts = try contacts.apply(to: org.contacts)
                }
            }
        }
        Output.line("Updated \(entity).")
    }

    /// What the options ask for, checked before anything is read: a change to a field the actor cannot even see
    /// (someone else's private e-mail, one's own sensitive categories) is refused, never silently dropped.
    private func requestedActions(_ subject: Subject) -> [PolicyAction] {
        var actions: [PolicyAction] = []
        // Not the settlement: everyone sees it, so nothing drops it, and the store judges a move as one (its refusal
        // names who may move the person; checked here as a card edit, it named one region's coordinators).
        if name != nil || interests != nil || languages != nil || note != nil || suggestions != nil
            || contacts.phone != nil || contacts.email != nil || contacts.telegram != nil {
            actions.append(.editCard(subject))
        }
        if !contacts.sharedKinds.isEmpty || !contacts.privateKinds.isEmpty { actions.append(.changeConsent(subject)) }
        if externalID != nil { actions.append(.changeExternalID(subject)) }
        if !role.isEmpty { actions.append(.changeRoles(subject)) }
        if neet != nil || vulnerable != nil || disabilityGroup != nil { actions.append(.changeSensitive(subject)) }
        if reach != nil { actions.append(.changeReach(subject)) }
        return actions
    }

    /// Writes the given categories onto the person (the policy has already allowed it).
    private func applySensitive(to person: inout Person) throws {
        guard neet != nil || vulnerable != nil || disabilityGroup != nil else { return }
        if let neet { person.sensitive.neet = neet == .yes }
        if let vulnerable { person.sensitive.vulnerable = vulnerable == .yes }
        if let disabilityGroup {
            if disabilityGroup == "none" {
                person.sensitive.disabilityGroup = nil
            } else if let group = Int(disabilityGroup), (1...3).contains(group) {
                person.sensitive.disabilityGroup = group
            } else {
                throw CommandError.usage("--disability-group \(disabilityGroup): expected 1, 2, 3 or none.")
            }
        }
    }

    private func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
