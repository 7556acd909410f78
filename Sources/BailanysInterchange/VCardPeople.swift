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

    /// The year of a BDAY, nil when it has none: `--03-15` (vCard 4), or Apple's
    /// `BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-15`, where the placeholder year stands for "no year".
    static func year(_ bday: VCardProperty) -> Int? {
        let digits = bday.text.trimmed.prefix { $0.isASCII && $0.isNumber }
        guard digits.count >= 4, let year = Int(digits.prefix(4)) else { return nil }
        if bday.parameter("X-APPLE-OMIT-YEAR").contains(String(digits.prefix(4))) { return nil }
        return year
    }

    /// Person fields `X-BAILANYS-DELETE` may name, as the CSV marker `#delete` may clear them.
    static let deletable: Set<String> = ["gender", "birth_year", "phone", "email", "telegram", "languages", "interests", "note",
                                         "neet", "vulnerable", "disability_group"]

    static func encode(_ properties: [VCardProperty]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(properties)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func decode(_ json: String?) -> [VCardProperty] {
        guard let json else { return [] }
        return (try? JSONDecoder().decode([VCardProperty].self, from: Data(json.utf8))) ?? []
    }

    /// A card's kept properties plus the stored ones of contacts the card left out but the person keeps
    /// (an export without private contacts, re-imported), with their group (`item1.X-ABLabel`): the next
    /// export that includes those contacts writes them in their original form.
    static func merging(_ json: String, stored: String?, keptContacts: [Contact], cardContacts: [Contact]) -> String {
        let previous = decode(stored)
        guard !previous.isEmpty else { return json }
        func same(_ a: Contact, _ b: Contact) -> Bool { a.kind == b.kind && a.value == b.value }
        var groups = Set<String>()
        var carried: [VCardProperty] = []
        for property in previous {
            guard let contact = contact(property), keptContacts.contains(where: { same($0, contact) }),
                  !cardContacts.contains(where: { same($0, contact) }) else { continue }
            carried.append(property)
            if let group = property.group { groups.insert(group) }
        }
        carried += previous.filter { property in
            property.group.map(groups.contains) == true && contactProperties[property.name] == nil
        }
        guard !carried.isEmpty else { return json }
        let card = decode(json)
        // A carried group must not merge with a group of the new card: renamed when the names meet.
        let taken = Set(card.compactMap(\.group))
        var renamed: [String: String] = [:]
        for group in groups.sorted() where taken.contains(group) {
            var n = 1
            while taken.contains("kept\(n)") || groups.contains("kept\(n)") || renamed.values.contains("kept\(n)") { n += 1 }
            renamed[group] = "kept\(n)"
        }
        for i in carried.indices { if let group = carried[i].group, let new = renamed[group] { carried[i].group = new } }
        return encode(card + carried)
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

    // The plain properties an export derives from a person's fields. A card's own N, ADR or BDAY is kept when it says
    // more (a street, a full birthday); one that is just the plain form carries nothing beyond the fields.

    /// N from the full name: the last word as the family name.
    static func plainName(_ fullName: String) -> VCardProperty {
        let words = fullName.split(separator: " ").map(String.init)
        let family = words.count > 1 ? words.last! : "", given = words.count > 1 ? words.dropLast().joined(separator: " ") : fullName
        return VCardProperty(name: "N", value: [family, given, "", "", ""].map(VCardText.escape).joined(separator: ";"))
    }

    /// ADR of a settlement: its English name, its region's, the country.
    static func plainAddress(_ settlementKey: String, gazetteer: Gazetteer) -> VCardProperty? {
        guard let settlement = gazetteer.settlement(settlementKey) else { return nil }
        let region = gazetteer.region(settlement.region)?.names.en ?? ""
        return VCardProperty(name: "ADR", value: ["", "", "", settlement.names.en, region, "", "Kazakhstan"].map(VCardText.escape).joined(separator: ";"))
    }

    static func plainBirthday(_ year: Int) -> VCardProperty { VCardProperty(name: "BDAY", value: String(format: "%04d", year)) }

    static func plainContact(_ contact: Contact) -> VCardProperty {
        switch contact.kind {
        case .phone: VCardProperty(name: "TEL", parameters: [VCardParameter(name: "TYPE", values: ["cell"])], value: contact.value)
        case .email: VCardProperty(name: "EMAIL", value: VCardText.escape(contact.value))
        case .telegram: VCardProperty(name: "IMPP", value: "https://t.me/" + contact.value.dropFirst())
        }
    }

    /// The kept properties that still say what the person's fields say: a kept N, ADR or BDAY that no longer does
    /// (the name, place or birth year changed since it was imported) is not exported, since imported again it would
    /// undo the change (review: a re-imported export moved a person back to Kuryk and set their birth year back).
    /// N agrees while its family and given names are words of the name (in any order: "Сапарова Айгерім Ержанқызы");
    /// the ADRs agree while the one an import reads the settlement from (the last naming one) names the person's, else
    /// those naming other settlements go and those naming none (a street alone) stay.
    static func current(_ kept: [VCardProperty], for person: Person, places: PlaceResolver) -> [VCardProperty] {
        let nameWords = Set(TextFold.words(person.fullName))
        func place(_ address: VCardProperty) -> String? {
            guard case .found(let key) = addressPlace(address.components, settlement: { text in
                if case .found(let key) = places.settlement(text) { key } else { nil }
            }) else { return nil }
            return key
        }
        let addressesAgree = kept.last { $0.name == "ADR" && place($0) != nil }.map { place($0) == person.settlement } ?? true
        return kept.filter { property in
            switch property.name {
            case "N": property.components.prefix(2).flatMap { TextFold.words($0) }.allSatisfy(nameWords.contains)
            case "BDAY": year(property).map { $0 == person.birthYear } ?? true
            case "ADR": addressesAgree || place(property).map { $0 == person.settlement } ?? true
            default: true
            }
        }
    }

    enum AddressPlace { case none, found(String), unknown(String) }

    /// The settlement an address names: its locality (qualified by its region when given), else the region, each
    /// through `settlement` (a key for one settlement, nil for none or several); `.unknown` with the text when it
    /// names a place the gazetteer does not know.
    static func addressPlace(_ components: [String], settlement: (String) -> String?) -> AddressPlace {
        let locality = components.count > 3 ? components[3].trimmed : ""
        let region = components.count > 4 ? components[4].trimmed : ""
        let candidates = [locality.isEmpty || region.isEmpty ? "" : "\(locality), \(region)", locality, region].filter { !$0.isEmpty }
        for candidate in candidates {
            if let key = settlement(candidate) { return .found(key) }
        }
        return candidates.first.map { .unknown($0) } ?? .none
    }

    /// "Айгерім Сапарова" ← N:Сапарова;Айгерім;;; (given names first, as Kazakh and Russian speakers say them).
    static func name(fromN components: [String]) -> String {
        let family = components.first ?? "", given = components.count > 1 ? components[1] : ""
        let additional = components.count > 2 ? components[2] : ""
        return [given, additional, family].filter { !$0.isEmpty }.joined(separator: " ")
    }
}

extension Planner {
    mutating func planVCards() throws -> ImportSummary {
        let cards = try VCardReader.read(source)
        var summary = ImportSummary(file: source.file, format: "vCard", kind: .people)
        var rows: [PersonRow] = []
        var photos = 0, keptContacts = 0, unknownAddresses = 0
        for card in cards {
            var unknownPlace: (text: String, offset: Int)?
            var namesAddress = false
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
                case "X-BAILANYS-DELETE":
                    // Bailanys's own deletion marker: clears the named fields before the card's values apply.
                    for field in VCardText.split(property.value, on: ",").map({ VCardText.unescape($0).trimmed.lowercased() }) where !field.isEmpty {
                        if VCardPeople.deletable.contains(field) {
                            cells.append(Cell(field: field, value: "#delete", offset: offset))
                        } else {
                            issue(offset, "X-BAILANYS-DELETE names \"\(field)\" (expected fields to delete: \(VCardPeople.deletable.sorted().joined(separator: ", ")))")
                        }
                    }
                case _ where VCardPeople.photos.contains(property.name):
                    photos += 1
                case _ where VCardPeople.sensitive[property.name] != nil:
                    let field = VCardPeople.sensitive[property.name]!
                    if options.audience != .coordinator {
                        refuseSensitive(offset, property.name, leaveOut: "removing the line")
                    } else {
                        cells.append(Cell(field: field, value: property.text, offset: offset))
                    }
                case _ where VCardPeople.derived.contains(property.name):
                    continue
                default:
                    if property.name == "N" { nameFromN = VCardPeople.name(fromN: property.components) }
                    if property.name == "BDAY", let year = VCardPeople.year(property) {
                        cells.append(Cell(field: "birth_year", value: String(year), offset: offset))
                    }
                    if property.name == "ADR" {
                        switch addressSettlement(property.components) {
                        case .found(let place):
                            cells.append(Cell(field: "settlement", value: place, offset: offset))
                            namesAddress = true
                        case .unknown(let text):
                            unknownPlace = unknownPlace ?? (text, offset)
                            namesAddress = true
                        case .none: break
                        }
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
            let ownID = uid.flatMap { $0.isEmpty ? nil : $0 }
            let external = ownID ?? VCardPeople.derivedID(name: fullName, contacts: contacts)
            cells.insert(Cell(field: "external_id", value: external, offset: card.start), at: 0)
            cells.insert(Cell(field: "full_name", value: fullName, offset: card.start), at: 1)
            if let unknownPlace, !cells.contains(where: { $0.field == "settlement" }) {
                // A town we cannot place: a new person would get a wrong settlement from --settlement, so it is an
                // error naming the place and the card; a known person keeps their settlement.
                if personID(external) == nil {
                    issue(unknownPlace.offset, "ADR names \"\(String(unknownPlace.text.prefix(60)))\", which is not a settlement in the gazetteer, for the new person \"\(fullName)\"\(ownID.map { " (\($0))" } ?? "") (expected a Kazakhstan settlement in any spelling, e.g. Ақтау, Aktau; --settlement applies only to cards without an address)")
                } else {
                    unknownAddresses += 1
                }
            }
            // Plain forms of the card's own fields (what an export writes for them) are not kept: re-importing an
            // export stored every card's N, ADR, TEL… and reported every person updated (review).
            let settlement = cells.last { $0.field == "settlement" }?.value, year = cells.last { $0.field == "birth_year" }?.value
            extras.removeAll { property in
                switch property.name {
                case "N": property == VCardPeople.plainName(fullName)
                case "ADR": settlement.flatMap { VCardPeople.plainAddress($0, gazetteer: store.gazetteer) } == property
                case "BDAY": year.flatMap(Int.init).map(VCardPeople.plainBirthday) == property
                default: VCardPeople.contact(property).map(VCardPeople.plainContact) == property
                }
            }
            var row = PersonRow(start: card.start, cells: cells, contacts: contacts, vcardExtras: VCardPeople.encode(extras))
            row.hasDerivedID = ownID == nil
            row.namesAddress = namesAddress
            rows.append(row)
        }
        if unknownAddresses > 0 {
            summary.notes.append("\(unknownAddresses) address\(unknownAddresses == 1 ? "" : "es") of people already in the directory name no settlement in the gazetteer; they keep their settlement.")
        }
        if photos > 0 { summary.notes.append("\(photos) photo\(photos == 1 ? "" : "s") skipped: Bailanys keeps no pictures.") }
        if keptContacts > 0 {
            summary.notes.append("\(keptContacts) phone numbers or addresses that are not valid contacts were kept as vCard properties only.")
        }
        try planPeople(rows, summary: &summary)
        try flush(at: source.bytes.count)
        return summary
    }

    /// The settlement an address names, through the import's cached place lookups.
    mutating func addressSettlement(_ components: [String]) -> VCardPeople.AddressPlace {
        VCardPeople.addressPlace(components) { try? settlement($0) }
    }
}

extension VCardWriter {
    /// A person as a vCard of the given version ("4.0" or "3.0"). Contacts and sensitive categories are
    /// whatever the caller left in `person` — privacy is decided before, in `DirectoryExporter`.
    static func card(_ person: Person, version: String, extras json: String?, places: PlaceResolver,
                     includeSensitive: Bool) -> String {
        var lines = ["BEGIN:VCARD\r\n", "VERSION:\(version)\r\n", fold("FN:" + VCardText.escape(person.fullName))]
        let kept = VCardPeople.current(VCardPeople.decode(json), for: person, places: places)
        var unused = person.contacts
        var droppedGroups = Set<String>()
        var body: [VCardProperty] = []
        if !kept.contains(where: { $0.name == "N" }) { body.append(VCardPeople.plainName(person.fullName)) }
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
        body += unused.map(VCardPeople.plainContact)
        if !kept.contains(where: { $0.name == "ADR" }), let address = VCardPeople.plainAddress(person.settlement, gazetteer: places.gazetteer) {
            body.append(address)
        }
        if !kept.contains(where: { $0.name == "BDAY" }), let year = person.birthYear, version == "4.0" {
            body.append(VCardPeople.plainBirthday(year))
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
