import ArgumentParser
import BailanysCore
import BailanysResources
import BailanysStore

extension Role: ExpressibleByArgument {}
extension OrganizationKind: ExpressibleByArgument {}
extension ContactKind: ExpressibleByArgument {}
extension Channel: ExpressibleByArgument {}
extension TrainingFormat: ExpressibleByArgument {}
extension InitiativeStatus: ExpressibleByArgument {}
extension SettlementType: ExpressibleByArgument {}

/// Contact options shared by `add` and `edit`: each kind is validated by the same rule.
struct ContactOptions: ParsableArguments {
    @Option(help: "Phone number, e.g. \"+7 701 234 56 78\" (empty removes it when editing).")
    var phone: String?

    @Option(help: "E-mail address (empty removes it when editing).")
    var email: String?

    @Option(help: "Telegram username (empty removes it when editing).")
    var telegram: String?

    @Option(name: .customLong("private"), help: ArgumentHelp("Keep this contact kind private (phone, email, telegram); repeatable.", valueName: "kind"))
    var privateKinds: [ContactKind] = []

    @Option(name: .customLong("share"), help: ArgumentHelp("Share this contact kind with other alumni (a new one starts private); repeatable.", valueName: "kind"))
    var sharedKinds: [ContactKind] = []

    /// Applies the options to a contact list: set, replace or remove each kind, then consent flags. A contact of a
    /// kind the person had none of starts private, as in an import and the app's forms: showing it to other alumni
    /// takes `--share` (a coordinator typing in someone's e-mail published it to every member; review G).
    func apply(to contacts: [Contact]) throws -> [Contact] {
        var result = contacts
        for (kind, value) in [(ContactKind.phone, phone), (.email, email), (.telegram, telegram)] {
            guard let value else { continue }
            let shared = result.first { $0.kind == kind }?.shared ?? false
            // In the place of the one it replaces: cards list contacts in their stored order.
            let at = result.firstIndex { $0.kind == kind } ?? result.count
            result.removeAll { $0.kind == kind }
            if value.isEmpty { continue }
            guard let normalized = ContactValidation.normalized(value, as: kind) else {
                throw CommandError.user("--\(kind.rawValue) \"\(value)\": expected \(ContactValidation.expected(kind)).")
            }
            result.insert(Contact(kind: kind, value: normalized, shared: shared), at: at)
        }
        for index in result.indices {
            if privateKinds.contains(result[index].kind) { result[index].shared = false }
            if sharedKinds.contains(result[index].kind) { result[index].shared = true }
        }
        return result
    }
}

struct AddCommand: ParsableCommand {
    enum Kind: String, ExpressibleByArgument, CaseIterable { case person, organization }

    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a person or an organisation; prints its new id.",
        discussion: "Coordinators add the people and organisations of their region (docs/privacy.md).")

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var identity: IdentityOptions

    @Argument(help: "person or organization")
    var kind: Kind

    @Option(help: "Full name.")
    var name: String

    @Option(help: "Settlement, in any spelling (Ақтау, Aktau, Aqtau …); a region name means its centre.")
    var settlement: String

    @Option(help: "Role of a person (alumnus, mentor, coordinator); repeatable. Default: alumnus.")
    var role: [Role] = []

    @Option(name: .customLong("org-kind"), help: "Kind of organisation: akimat, atameken, youth-centre, foundation, ngo.")
    var organizationKind: OrganizationKind?

    @Option(name: .customLong("external-id"), help: "Id in your own spreadsheet (re-imports update by it).")
    var externalID: String?

    @Option(help: "Interest of a person; repeatable.")
    var interest: [String] = []

    @Option(help: "Language a person speaks (kk, ru, en …); repeatable.")
    var language: [String] = []

    @OptionGroup var contacts: ContactOptions

    @OptionGroup var output: OutputOptions
    var json: Bool { output.json }

    func validate() throws {
        if kind == .organization && organizationKind == nil {
            throw ValidationError("An organisation needs --org-kind (akimat, atameken, youth-centre, foundation, ngo).")
        }
        if kind == .person && organizationKind != nil { throw ValidationError("--org-kind is for organisations only.") }
    }

    func run() throws {
        let store = try directory.open()
        let actor = try identity.actor(in: store, environment: directory.environment)
        let place = try resolveSettlement(settlement)
        let contactList = try contacts.apply(to: [])
        let id: EntityID
        switch kind {
        case .person:
            id = try translatingErrors {
                try store.addPerson(Person(id: EntityID(.person, 1), externalID: externalID, fullName: name,
                                           roles: Set(role.isEmpty ? [.alumnus] : role), settlement: place,
                                           contacts: contactList, languages: language, interests: interest), by: actor)
            }
        case .organization:
            id = try translatingErrors {
                try store.addOrganization(Organization(id: EntityID(.organization, 1), externalID: externalID, name: name,
                                                       kind: organizationKind!, settlement: place, contacts: contactList), by: actor)
            }
        }
        if json {
            try ShowCommand.printJSON(id, store: store, actor: actor)
        } else {
            Output.line("Added \(id): \(name), \(BailanysResources.gazetteer.settlement(place)!.names.en).")
        }
    }
}
