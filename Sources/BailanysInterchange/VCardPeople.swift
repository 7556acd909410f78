import BailanysCore
import Foundation

/// How vCard properties meet a person's fields. FN, TEL, EMAIL, IMPP (Telegram), CATEGORIES, NOTE, UID
/// and BDAY's year become fields; everything else (and the full form of N, ADR, BDAY and of grouped or
/// typed contacts) is kept verbatim so that the card round-trips.
enum VCardPeople {
    /// Generated from fields on export, so not kept.
    static let derived: Set<String> = ["FN", "NOTE", "CATEGORIES", "UID", "VERSION", "PRODID", "REV"]
    static let contactProperties: [String: ContactKind] = ["TEL": .phone, "EMAIL": .email, "IMPP": .telegram, "X-TELEGRAM": .telegram]
    static let photos: Set<String> = ["PHOTO", "LOGO"]
    static let sensitive: [String: String] = [
        "X-BAILANYS-NEET": "neet", "X-BAILANYS-VULNERABLE": "vulnerable", "X-BAILANYS-DISABILITY-GROUP": "disability_group",
    ]

    /// A Telegram handle from an IMPP URI (telegram:, tg://resolve?domain=, https://t.me/) or a bare @handle.
    static func telegramHandle(_ value: String) -> String? {
        var text = value.trimmed
        for prefix in ["tg://resolve?domain=", "https://t.me/", "http://t.me/", "t.me/", "telegram:", "x-apple:"] where text.lowercased().hasPrefix(prefix) {
            text = String(text.dropFirst(prefix.count))
        }
        return ContactValidation.normalized(text, as: .telegram)
    }

    static func contact(_ property: VCardProperty) -> Contact? {
        guard let kind = contactProperties[property.name] else { return nil }
        let text = property.text.trimmed
        let value = kind == .telegram ? telegramHandle(text) : ContactValidation.normalized(
            kind == .phone && text.lowercased().hasPrefix("tel:") ? String(text.dropFirst(4)) : text, as: kind)
        return value.map { Contact(kind: kind, value: $0, shared: false) }
    }

    static func year(_ bday: String) -> Int? {
        let digits = bday.trimmed.prefix { $0.isNumber }
        guard digits.count >= 4, let year = Int(digits.prefix(4)) else { return nil }
        return year
    }

    static func encode(_ properties: [VCardProperty]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(properties)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func decode(_ json: String?) -> [VCardProperty] {
        guard let json else { return [] }
        return (try? JSONDecoder().decode([VCardProperty].self, from: Data(json.utf8))) ?? []
    }

    /// A stable id for a card without UID: its name and first contact, hashed (FNV-1a), so re-importing
    /// the same phone export updates instead of duplicating.
    static func derivedID(name: String, contacts: [Contact]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (TextFold.fold(name) + "|" + (contacts.first?.value ?? "")).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return "vcard-" + String(hash, radix: 16)
    }

    /// "Айгерім Сапарова" ← N:Сапарова;Айгерім;;; (given names first, as Kazakh and Russian speakers say them).
    static func name(fromN components: [String]) -> String {
        let family = components.first ?? "", given = components.count > 1 ? components[1] : ""
        let additional = components.count > 2 ? components[2] : ""
        return [given, additional, family].filter { !$0.isEmpty }.joined(separator: " ")
    }
}

extension Planner {
    mutating func planVCards() throws -> ImportPlan {
        let cards = try VCardReader.read(source)
        var summary = ImportSummary(file: source.file, format: "vCard", kind: .people)
        var rows: [PersonRow] = []
        var photos = 0, keptContacts = 0
        for card in cards {
            var cells: [Cell] = []
            var contacts: [Contact] = []
            var extras: [VCardProperty] = []
            var name: String?, nameFromN: String?, uid: String?
            for (property, offset) in zip(card.properties, card.offsets) {
                switch property.name {
                case "FN": name = property.text.trimmed
                case "UID": uid = property.text.trimmed
                case "NOTE": cells.append(Cell(field: "note", value: property.text, offset: offset))
                case "CATEGORIES":
                    let interests = VCardText.split(property.value, on: ",").map(VCardText.unescape)
                    cells.append(Cell(field: "interests", value: interests.joined(separator: ";"), offset: offset))
                case _ where VCardPeople.photos.contains(property.name):
                    photos += 1
                case _ where VCardPeople.sensitive[property.name] != nil:
                    let field = VCardPeople.sensitive[property.name]!
                    if options.audience != .coordinator {
                        issue(offset, "\(property.name) is a sensitive category, which only a coordinator may import (expected --as a coordinator's id)")
                    } else {
                        cells.append(Cell(field: field, value: property.text, offset: offset))
                    }
                case _ where VCardPeople.derived.contains(property.name):
                    continue
                default:
                    if property.name == "N" { nameFromN = VCardPeople.name(fromN: property.components) }
                    if property.name == "BDAY", let year = VCardPeople.year(property.text) {
                        cells.append(Cell(field: "birth_year", value: String(year), offset: offset))
                    }
                    if property.name == "ADR", let place = addressSettlement(property.components) {
                        cells.append(Cell(field: "settlement", value: place, offset: offset))
                    }
                    if VCardPeople.contactProperties[property.name] != nil {
                        if let contact = VCardPeople.contact(property) { contacts.append(contact) } else { keptContacts += 1 }
                    }
                    extras.append(property)
                }
            }
            guard let fullName = name ?? nameFromN, !fullName.isEmpty else {
                issue(card.start, "a vCard without a name (expected FN or N)")
                continue
            }
            let external = uid.flatMap { $0.isEmpty ? nil : $0 } ?? VCardPeople.derivedID(name: fullName, contacts: contacts)
            cells.insert(Cell(field: "external_id", value: external, offset: card.start), at: 0)
            cells.insert(Cell(field: "full_name", value: fullName, offset: card.start), at: 1)
            rows.append(PersonRow(start: card.start, cells: cells, contacts: contacts, vcardExtras: VCardPeople.encode(extras)))
        }
        if photos > 0 { summary.notes.append("\(photos) photo\(photos == 1 ? "" : "s") skipped: Bailanys keeps no pictures.") }
        if keptContacts > 0 {
            summary.notes.append("\(keptContacts) phone numbers or addresses that are not valid contacts were kept as vCard properties only.")
        }
        try planPeople(rows, summary: &summary)
        return try finish(summary)
    }

    /// The settlement an address names: its locality (qualified by its region when given), else the region.
    mutating func addressSettlement(_ components: [String]) -> String? {
        let locality = components.count > 3 ? components[3].trimmed : ""
        let region = components.count > 4 ? components[4].trimmed : ""
        for candidate in [region.isEmpty ? locality : "\(locality), \(region)", locality, region] where !candidate.isEmpty && candidate != ", " {
            if let key = try? settlement(candidate) { return key }
        }
        return nil
    }
}

extension VCardWriter {
    /// A person as a vCard of the given version ("4.0" or "3.0"). Contacts and sensitive categories are
    /// whatever the caller left in `person` — privacy is decided before, in `DirectoryExporter`.
    static func card(_ person: Person, version: String, extras json: String?, gazetteer: Gazetteer,
                     includeSensitive: Bool) -> String {
        var lines = ["BEGIN:VCARD\r\n", "VERSION:\(version)\r\n", fold("FN:" + VCardText.escape(person.fullName))]
        let kept = VCardPeople.decode(json)
        var unused = person.contacts
        var droppedGroups = Set<String>()
        var body: [VCardProperty] = []
        if !kept.contains(where: { $0.name == "N" }) {
            let words = person.fullName.split(separator: " ").map(String.init)
            let family = words.count > 1 ? words.last! : "", given = words.count > 1 ? words.dropLast().joined(separator: " ") : person.fullName
            body.append(VCardProperty(name: "N", value: [family, given, "", "", ""].map(VCardText.escape).joined(separator: ";")))
        }
        for property in kept {
            if VCardPeople.contactProperties[property.name] != nil, let contact = VCardPeople.contact(property) {
                // A kept contact property is written only while the contact itself is still exported.
                guard let i = unused.firstIndex(where: { $0.kind == contact.kind && $0.value == contact.value }) else {
                    if let group = property.group { droppedGroups.insert(group) }
                    continue
                }
                unused.remove(at: i)
            }
            body.append(property)
        }
        body.removeAll { $0.group.map(droppedGroups.contains) ?? false }
        for contact in unused {
            switch contact.kind {
            case .phone: body.append(VCardProperty(name: "TEL", parameters: [VCardParameter(name: "TYPE", values: ["cell"])], value: contact.value))
            case .email: body.append(VCardProperty(name: "EMAIL", value: VCardText.escape(contact.value)))
            case .telegram: body.append(VCardProperty(name: "IMPP", value: "https://t.me/" + contact.value.dropFirst()))
            }
        }
        if !kept.contains(where: { $0.name == "ADR" }), let settlement = gazetteer.settlement(person.settlement) {
            let region = gazetteer.region(settlement.region)?.names.en ?? ""
            body.append(VCardProperty(name: "ADR", value: ["", "", "", settlement.names.en, region, "", "Kazakhstan"].map(VCardText.escape).joined(separator: ";")))
        }
        if !kept.contains(where: { $0.name == "BDAY" }), let year = person.birthYear, version == "4.0" {
            body.append(VCardProperty(name: "BDAY", value: String(format: "%04d", year)))
        }
        if !person.interests.isEmpty {
            body.append(VCardProperty(name: "CATEGORIES", value: person.interests.map(VCardText.escape).joined(separator: ",")))
        }
        if !person.note.isEmpty { body.append(VCardProperty(name: "NOTE", value: VCardText.escape(person.note))) }
        if includeSensitive {
            if person.sensitive.neet { body.append(VCardProperty(name: "X-BAILANYS-NEET", value: "yes")) }
            if person.sensitive.vulnerable { body.append(VCardProperty(name: "X-BAILANYS-VULNERABLE", value: "yes")) }
            if let group = person.sensitive.disabilityGroup { body.append(VCardProperty(name: "X-BAILANYS-DISABILITY-GROUP", value: "\(group)")) }
        }
        body.append(VCardProperty(name: "UID", value: VCardText.escape(CSVWriter.reference(person.id, externalID: person.externalID))))
        lines += body.map(line)
        lines.append("END:VCARD\r\n")
        return lines.joined()
    }
}
