import BailanysCore

/// Kazakh mobile numbers that never repeat: subscriber numbers walk a fixed permutation.
struct PhoneBook {
    /// Operator prefixes in use for mobiles (Altel, Tele2, Beeline, Kcell, Activ).
    static let prefixes = ["700", "701", "702", "703", "704", "705", "706", "707", "708",
                           "747", "771", "775", "776", "777", "778"]
    private static let subscribers = 10_000_000
    private var issued = 0
    private let offset: Int

    init(_ rng: inout SeededRandom) { offset = rng.index(below: Self.subscribers) }

    mutating func next(_ rng: inout SeededRandom) -> String {
        // 7_919_117 is coprime with 10^7, so the first 10 million numbers are all distinct.
        let subscriber = (issued * 7_919_117 + offset) % Self.subscribers
        issued += 1
        let digits = String(subscriber + Self.subscribers).dropFirst()
        let (a, rest) = (digits.prefix(3), digits.dropFirst(3))
        return "+7 \(rng.pick(Self.prefixes)) \(a) \(rest.prefix(2)) \(rest.suffix(2))"
    }
}

/// Makes people with names, contacts and consent flags as a coordinator's spreadsheet would hold them.
struct PersonFactory {
    let names: NameLists
    var phones: PhoneBook
    private var takenEmails: Set<String> = []
    private var takenHandles: Set<String> = []
    /// Each name's handle, made once: names repeat, and latinizing them for every person took a third of drawing the
    /// people at 100k.
    private var handles: [String: String] = [:]

    init(names: NameLists, phones: PhoneBook) {
        self.names = names
        self.phones = phones
    }

    struct Identity {
        var fullName: String
        var gender: Gender
        var russian: Bool
        var given: String
        var surname: String
    }

    func identity(femaleShare: Double, _ rng: inout SeededRandom) -> Identity {
        let gender: Gender = rng.chance(femaleShare) ? .female : .male
        let russian = rng.chance(0.10)
        let given: String
        let surname: String
        if russian {
            given = rng.pick(gender == .female ? names.russianFemale : names.russianMale)
            surname = Surname.form(rng.pick(names.russianSurnames), gender: gender)
        } else {
            let list = gender == .female ? names.kazakhFemale : names.kazakhMale
            given = list[rng.popularIndex(below: list.count)]
            surname = rng.chance(0.3)
                ? Surname.patronymic(father: rng.pick(names.kazakhMale), gender: gender)
                : Surname.form(rng.pick(names.kazakhSurnames), gender: gender)
        }
        // Some imports arrive with names typed in Latin letters.
        let latin = rng.chance(0.05)
        let fullName = latin ? names.latinized("\(given) \(surname)") : "\(given) \(surname)"
        return Identity(fullName: fullName, gender: gender, russian: russian, given: given, surname: surname)
    }

    mutating func contacts(for person: Identity, birthYear: Int, _ rng: inout SeededRandom) -> [Contact] {
        var contacts = [Contact(kind: .phone, value: phones.next(&rng), shared: rng.chance(0.65))]
        let given = handle(person.given), surname = handle(person.surname)
        if rng.chance(0.85) {
            let domain = rng.pick(["gmail.com", "gmail.com", "mail.ru", "mail.ru", "inbox.kz"])
            let stem = rng.chance(0.6) ? "\(given).\(surname)" : "\(given)\(surname.prefix(1))"
            var suffix = rng.chance(0.5) ? String(birthYear % 100) : String(rng.int(in: 1...999))
            while takenEmails.contains("\(stem)\(suffix)@\(domain)") { suffix += String(rng.index(below: 10)) }
            takenEmails.insert("\(stem)\(suffix)@\(domain)")
            contacts.append(Contact(kind: .email, value: "\(stem)\(suffix)@\(domain)", shared: rng.chance(0.75)))
        }
        if rng.chance(0.65) {
            var handle = rng.chance(0.5) ? "\(given)_\(surname)" : "\(given)\(surname.prefix(3))"
            while handle.count < 5 || takenHandles.contains(handle) { handle += String(rng.index(below: 10)) }
            takenHandles.insert(handle)
            contacts.append(Contact(kind: .telegram, value: "@" + handle, shared: rng.chance(0.8)))
        }
        return contacts
    }

    private mutating func handle(_ name: String) -> String {
        if let known = handles[name] { return known }
        let made = names.handle(name)
        handles[name] = made
        return made
    }

    func languages(russianNamed: Bool, _ rng: inout SeededRandom) -> [String] {
        let roll = rng.unit()
        if russianNamed { return roll < 0.6 ? ["ru"] : roll < 0.9 ? ["ru", "kk"] : ["ru", "en"] }
        return roll < 0.2 ? ["kk"] : roll < 0.9 ? ["kk", "ru"] : ["kk", "ru", "en"]
    }
}
