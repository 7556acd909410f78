import BailanysCore
import BailanysStore

enum Submission: Equatable {
    case save(SaveRequest)
    case invalid(Form)
}

/// The app's forms: how each is laid out and how its input becomes a save request.
extension Form {
    static func logInteraction(with party: EntityID, name: String, today: Day, suggestion: String? = nil) -> Form {
        Form(purpose: .log(party: party, name: name, suggestion: suggestion), fields: [
            .text("date", today.iso),
            .choice("channel", Channel.allCases.map(\.rawValue), labelPrefix: "channel."),
            .text("note"),
        ])
    }

    /// Snooze a suggestion; a month from today unless changed.
    static func snooze(key: String, subject: EntityID, name: String, today: Day) -> Form {
        Form(purpose: .snooze(key: key, subject: subject, name: name), fields: [.text("until", today.adding(months: 1).iso)])
    }

    static func edit(_ person: Person, strings: Strings, gazetteer: Gazetteer) -> Form {
        Form(purpose: .editPerson(person, base: person), fields: editFields(person, strings: strings, gazetteer: gazetteer))
    }

    /// The edit carried onto `current` after another process changed the same `fields` (`StoreError.changedMeanwhile`):
    /// it shows `rebased` (the edit's values where it changed something, `current`'s elsewhere), saves it from
    /// `current` (contacts the form does not show stay as `rebased` has them), names theirs, and Esc asks before
    /// dropping what differs from `current`.
    static func edit(_ rebased: Person, over current: Person, changed fields: [String], strings: Strings,
                     gazetteer: Gazetteer) -> Form {
        var form = edit(current, strings: strings, gazetteer: gazetteer)
        form.purpose = .editPerson(rebased, base: current)
        form.fields = editFields(rebased, strings: strings, gazetteer: gazetteer)
        form.generalError = strings("msg.changedMeanwhile", ["theirs": theirs(fields, in: current, strings: strings, gazetteer: gazetteer)])
        return form
    }

    /// The fields changed elsewhere as they are now, "Label: value; …": every contact of a kind, since the one
    /// changed there need not be the one the form shows.
    private static func theirs(_ fields: [String], in current: Person, strings: Strings, gazetteer: Gazetteer) -> String {
        fields.map { field in
            let value: String
            switch field {
            case "name": value = current.fullName
            case "settlement": value = strings.place(current.settlement, in: gazetteer)
            default:
                let contacts = current.contacts.filter { $0.kind.rawValue == field }
                value = contacts.isEmpty ? "—" : contacts.map { $0.value + ($0.shared ? "" : " (\(strings("card.private")))") }
                    .joined(separator: ", ")
            }
            return "\(strings("form.\(field)")): \(value)"
        }.joined(separator: "; ")
    }

    private static func editFields(_ person: Person, strings: Strings, gazetteer: Gazetteer) -> [FormField] {
        var fields: [FormField] = [
            .text("name", person.fullName),
            .text("settlement", gazetteer.settlement(person.settlement)?.names.name(for: strings.language.rawValue)
                ?? person.settlement),
        ]
        for kind in ContactKind.allCases {
            let contact = person.contacts.first { $0.kind == kind }
            fields.append(.text(kind.rawValue, contact?.value ?? ""))
            fields.append(.toggle("\(kind.rawValue).shared", labelKey: "form.\(kind.rawValue).shared", contact?.shared ?? false))
        }
        return fields
    }

    static func addPerson() -> Form {
        Form(purpose: .addPerson, fields: [
            .text("name"),
            .choice("role", Role.allCases.map(\.rawValue), labelPrefix: "role."),
            .text("settlement"),
            .text("phone"), .toggle("phone.shared", labelKey: "form.phone.shared", false),
            .text("email"), .toggle("email.shared", labelKey: "form.email.shared", false),
        ])
    }

    static func addOrganization() -> Form {
        Form(purpose: .addOrganization, fields: [
            .text("name"),
            .choice("kind", OrganizationKind.allCases.map(\.rawValue), labelPrefix: "orgkind."),
            .text("settlement"),
        ])
    }

    func title(_ strings: Strings) -> String {
        switch purpose {
        case .log(_, let name, _): strings("form.log.title", ["name": name])
        case .editPerson(let person, _): strings("form.edit.title", ["name": person.fullName])
        case .addPerson: strings("form.addPerson.title")
        case .addOrganization: strings("form.addOrganization.title")
        case .snooze(_, _, let name): strings("form.snooze.title", ["name": name])
        }
    }

    /// The save this form asks for, or the form with every invalid field marked.
    func submission(me: EntityID?, checks: FieldChecks) -> Submission {
        var marked = self
        marked.errors = [:]
        marked.generalError = nil
        func check<T>(_ id: String, _ body: () throws(FieldError) -> T) -> T? {
            do { return try body() } catch {
                marked.errors[id] = error.message
                return nil
            }
        }
        func contacts(_ kinds: [ContactKind]) -> [Contact] {
            kinds.compactMap { kind in
                check(kind.rawValue) { () throws(FieldError) in
                    try checks.contact(text(kind.rawValue), kind: kind, shared: isOn("\(kind.rawValue).shared"))
                } ?? nil
            }
        }
        let request: SaveRequest?
        switch purpose {
        case .log(let party, let name, let suggestion):
            let day = check("date") { () throws(FieldError) in try checks.pastDay(text("date")) }
            let note = check("note") { () throws(FieldError) in try checks.plainText(text("note"), allowingLineBreaks: true) }
            let channel = choice("channel").flatMap(Channel.init(rawValue:))
            if me == nil { marked.generalError = checks.strings("error.noMe") }
            if let day, let note, let channel, let me {
                request = .log(Interaction(a: me, b: party, day: day, channel: channel, note: note, source: .manual),
                               name: name, suggestion: suggestion)
            } else {
                request = nil
            }
        case .editPerson(let record, let base):
            let name = check("name") { () throws(FieldError) in try checks.name(text("name")) }
            let settlement = check("settlement") { () throws(FieldError) in try checks.settlement(text("settlement")) }
            let edited = contacts(ContactKind.allCases)
            if let name, let settlement, marked.errors.isEmpty {
                var person = record
                person.fullName = name
                person.settlement = settlement
                person.contacts = Self.replacingFirstOfEachKind(record.contacts, with: edited)
                request = .updatePerson(person, base: base)
            } else {
                request = nil
            }
        case .addPerson:
            let name = check("name") { () throws(FieldError) in try checks.name(text("name")) }
            let settlement = check("settlement") { () throws(FieldError) in try checks.settlement(text("settlement")) }
            let role = choice("role").flatMap(Role.init(rawValue:)) ?? .alumnus
            let added = contacts([.phone, .email])
            if let name, let settlement, marked.errors.isEmpty {
                request = .addPerson(Person(id: EntityID(.person, 1), fullName: name, roles: [role], settlement: settlement,
                                            contacts: added))
            } else {
                request = nil
            }
        case .snooze(let key, let subject, let name):
            request = check("until") { () throws(FieldError) in try checks.laterDay(text("until")) }
                .map { .snooze(key: key, subject: subject, name: name, until: $0) }
        case .addOrganization:
            let name = check("name") { () throws(FieldError) in try checks.name(text("name")) }
            let settlement = check("settlement") { () throws(FieldError) in try checks.settlement(text("settlement")) }
            let kind = choice("kind").flatMap(OrganizationKind.init(rawValue:)) ?? .ngo
            if let name, let settlement {
                request = .addOrganization(Organization(id: EntityID(.organization, 1), name: name, kind: kind,
                                                        settlement: settlement))
            } else {
                request = nil
            }
        }
        if let request, marked.errors.isEmpty, marked.generalError == nil { return .save(request) }
        if let firstInvalid = marked.fields.firstIndex(where: { marked.errors[$0.id] != nil }) { marked.focus = firstInvalid }
        return .invalid(marked)
    }

    /// The form edits the first contact of each kind; further ones are kept as they were.
    private static func replacingFirstOfEachKind(_ contacts: [Contact], with edited: [Contact]) -> [Contact] {
        var result = edited
        for kind in ContactKind.allCases {
            result += contacts.filter { $0.kind == kind }.dropFirst()
        }
        return result
    }
}
