import BailanysCore

/// What a CSV file holds, one kind per file.
public enum RecordKind: String, Sendable, CaseIterable {
    case people, organizations, initiatives, interactions
}

/// A column Bailanys understands: its canonical (English) name, the header spellings recognised in
/// Kazakh, Russian and English (matched after `TextFold`, so case, script and punctuation do not matter),
/// and whether every file of that kind needs it.
public struct FieldSpec: Sendable {
    public var name: String
    public var headers: [String]
    public var required: Bool
    /// Coordinator-only: NEET, vulnerability, disability group.
    public var sensitive: Bool

    init(_ name: String, _ headers: [String], required: Bool = false, sensitive: Bool = false) {
        self.name = name
        self.headers = headers
        self.required = required
        self.sensitive = sensitive
    }
}

public enum Fields {
    /// Columns in the order the CSV writer emits them; docs/formats.md lists the same table.
    public static func specs(_ kind: RecordKind) -> [FieldSpec] {
        switch kind {
        case .people: people
        case .organizations: organizations
        case .initiatives: initiatives
        case .interactions: interactions
        }
    }

    static let externalID = FieldSpec("external_id", ["external_id", "id", "сыртқы id", "сыртқы код", "внешний id", "код"], required: true)

    static let people: [FieldSpec] = [
        externalID,
        FieldSpec("full_name", ["full_name", "name", "аты-жөні", "толық аты", "фио", "полное имя", "имя"], required: true),
        FieldSpec("gender", ["gender", "sex", "жынысы", "пол"]),
        FieldSpec("birth_year", ["birth_year", "туған жылы", "год рождения"]),
        FieldSpec("roles", ["roles", "role", "рөлі", "рөлдері", "роль", "роли"]),
        FieldSpec("settlement", ["settlement", "place", "city", "елді мекен", "қала", "населённый пункт", "населенный пункт", "город"]),
        FieldSpec("phone", ["phone", "телефон"]),
        FieldSpec("phone_shared", ["phone_shared", "телефон көрсетілсін", "показывать телефон"]),
        FieldSpec("email", ["email", "e-mail", "электрондық пошта", "эл. пошта", "электронная почта", "почта"]),
        FieldSpec("email_shared", ["email_shared", "пошта көрсетілсін", "показывать почту"]),
        FieldSpec("telegram", ["telegram", "телеграм"]),
        FieldSpec("telegram_shared", ["telegram_shared", "телеграм көрсетілсін", "показывать телеграм"]),
        FieldSpec("languages", ["languages", "тілдер", "языки"]),
        FieldSpec("interests", ["interests", "қызығушылықтар", "интересы"]),
        FieldSpec("suggestions_opt_out", ["suggestions_opt_out", "ұсыныстардан бас тарту", "отказ от рекомендаций"]),
        FieldSpec("note", ["note", "ескертпе", "примечание", "заметка"]),
        FieldSpec("neet", ["neet", "жұмыссыз және оқымайтын", "не работает и не учится"], sensitive: true),
        FieldSpec("vulnerable", ["vulnerable", "әлеуметтік осал", "уязвимый"], sensitive: true),
        FieldSpec("disability_group", ["disability_group", "мүгедектік тобы", "группа инвалидности"], sensitive: true),
    ]

    static let organizations: [FieldSpec] = [
        externalID,
        FieldSpec("name", ["name", "атауы", "ұйым", "название", "организация"], required: true),
        FieldSpec("kind", ["kind", "type", "түрі", "тип"], required: true),
        FieldSpec("settlement", ["settlement", "place", "city", "елді мекен", "қала", "населённый пункт", "населенный пункт", "город"]),
        FieldSpec("phone", ["phone", "телефон"]),
        FieldSpec("email", ["email", "e-mail", "электрондық пошта", "эл. пошта", "электронная почта", "почта"]),
        FieldSpec("note", ["note", "ескертпе", "примечание", "заметка"]),
    ]

    static let initiatives: [FieldSpec] = [
        externalID,
        FieldSpec("title", ["title", "жоба", "жоба атауы", "проект", "название проекта"], required: true),
        FieldSpec("theme", ["theme", "бағыты", "тақырыбы", "тема", "направление"], required: true),
        FieldSpec("round", ["round", "грант кезеңі", "раунд", "поток"], required: true),
        FieldSpec("round_format", ["round_format", "оқу форматы", "формат обучения"]),
        FieldSpec("round_start", ["round_start", "кезеңнің басы", "начало раунда"]),
        FieldSpec("settlement", ["settlement", "place", "city", "елді мекен", "қала", "населённый пункт", "населенный пункт", "город"], required: true),
        FieldSpec("status", ["status", "мәртебесі", "жағдайы", "статус"], required: true),
        FieldSpec("leader", ["leader", "жетекші", "лидер", "руководитель"]),
        FieldSpec("members", ["members", "команда мүшелері", "мүшелер", "участники", "команда"]),
        FieldSpec("mentors", ["mentors", "тәлімгерлер", "наставники"]),
        FieldSpec("partners", ["partners", "серіктестер", "партнёры", "партнеры"]),
    ]

    static let interactions: [FieldSpec] = [
        FieldSpec("a", ["a", "бірінші", "первый", "кто"], required: true),
        FieldSpec("b", ["b", "екінші", "второй", "с кем"], required: true),
        FieldSpec("date", ["date", "day", "күні", "дата"], required: true),
        FieldSpec("channel", ["channel", "арна", "байланыс түрі", "канал"]),
        FieldSpec("note", ["note", "ескертпе", "примечание", "заметка"]),
    ]

    /// Header text reduced to letters and digits in the folded Latin skeleton.
    static func key(_ header: String) -> String { TextFold.words(header).joined() }

    /// Guesses a CSV file's kind from its headers: interactions have `a,b,date`, initiatives a title,
    /// organisations a kind, people a full name.
    public static func guessKind(headers: [String]) -> RecordKind? {
        let keys = Set(headers.map(key))
        func has(_ kind: RecordKind, _ field: String) -> Bool {
            specs(kind).first { $0.name == field }!.headers.contains { keys.contains(key($0)) }
        }
        if has(.interactions, "a") && has(.interactions, "b") { return .interactions }
        if has(.initiatives, "title") { return .initiatives }
        if has(.organizations, "kind") { return .organizations }
        if has(.people, "full_name") { return .people }
        return nil
    }
}

/// Which field each column feeds: from the header names, overridden by `--map COLUMN=FIELD`
/// (`FIELD` `-` ignores a column).
struct ColumnMapping {
    /// Field name per column, nil for ignored columns.
    var fields: [String?]

    init(headers: [String], kind: RecordKind, overrides: [String: String], offsets: [Int], source: SourceText) throws {
        let specs = Fields.specs(kind)
        var byKey: [String: String] = [:]
        for spec in specs {
            for header in spec.headers { byKey[Fields.key(header)] = byKey[Fields.key(header)] ?? spec.name }
        }
        let known = Set(specs.map(\.name))
        var issues: [ImportIssue] = []
        var fields: [String?] = []
        var seen: [String: Int] = [:]
        let mapped = Dictionary(overrides.map { (Fields.key($0.key), $0.value) }, uniquingKeysWith: { _, last in last })
        for (column, header) in headers.enumerated() {
            let field: String?
            if let target = mapped[Fields.key(header)] {
                field = target == "-" ? nil : target
                if let field, !known.contains(field) {
                    issues.append(source.issue(at: offsets[column], "--map \(header)=\(field): no field \"\(field)\" for \(kind.rawValue) (expected one of \(specs.map(\.name).joined(separator: ", ")) or -)"))
                    fields.append(nil)
                    continue
                }
            } else if let found = byKey[Fields.key(header)] {
                field = found
            } else {
                issues.append(source.issue(at: offsets[column], "unknown column \"\(header)\" for \(kind.rawValue) (expected one of \(specs.map(\.name).joined(separator: ", ")); or add --map \"\(header)=FIELD\", or --map \"\(header)=-\" to ignore it)"))
                fields.append(nil)
                continue
            }
            if let field, let first = seen[field] {
                issues.append(source.issue(at: offsets[column], "column \"\(header)\" repeats field \(field) of column \(first + 1) (expected each field once)"))
            }
            if let field { seen[field] = column }
            fields.append(field)
        }
        for spec in specs where spec.required && seen[spec.name] == nil {
            issues.append(source.issue(at: offsets.first ?? 0, "no \(spec.name) column (expected a header such as \(spec.headers.prefix(3).map { "\"\($0)\"" }.joined(separator: ", ")))"))
        }
        guard issues.isEmpty else { throw ImportFailure(issues) }
        self.fields = fields
    }
}

/// The cell text that deletes a stored value on re-import. An empty cell (or a missing vCard property)
/// keeps what is stored, so an export that leaves private contacts out re-imports without losing them.
public enum DeletionMarker {
    /// `#delete` in English, Kazakh or Russian; case does not matter.
    public static let words: Set<String> = ["#delete", "#жою", "#удалить"]

    public static func matches(_ text: String) -> Bool {
        text.utf8.first == UInt8(ascii: "#") && words.contains(text.trimmed.lowercased())
    }

    static func undeletable(_ field: String) -> String {
        "a value: \(field) cannot be deleted (every entry needs one); leave the cell empty to keep it or write the new value"
    }
}

/// Parsers for cell values, each accepting the Kazakh, Russian and English words a spreadsheet may hold.
/// They throw the "expected …" text of an issue.
enum Values {
    struct Invalid: Error { var expected: String }

    /// Words keyed by their folded form, so "Иә", "ИӘ" and "ia" all meet.
    static func folded<T>(_ words: [String: T]) -> [String: T] {
        Dictionary(words.map { (Fields.key($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    static let booleans = folded([
        "yes": true, "true": true, "1": true, "y": true, "иә": true, "ия": true, "да": true,
        "no": false, "false": false, "0": false, "n": false, "жоқ": false, "нет": false, "": false,
    ])

    static func bool(_ text: String) throws -> Bool {
        if text == "yes" { return true }
        if text == "no" { return false }
        guard let value = booleans[Fields.key(text)] else { throw Invalid(expected: "yes or no (иә/жоқ, да/нет)") }
        return value
    }

    static let genders = folded([
        "female": Gender.female, "f": .female, "әйел": .female, "ж": .female, "женский": .female, "жен": .female,
        "male": .male, "m": .male, "ер": .male, "еркек": .male, "м": .male, "мужской": .male, "муж": .male,
    ])

    static func gender(_ text: String) throws -> Gender? {
        if let exact = Gender(rawValue: text) { return exact }
        let key = Fields.key(text)
        if key.isEmpty { return nil }
        guard let gender = genders[key] else { throw Invalid(expected: "female or male (әйел/ер, ж/м)") }
        return gender
    }

    static let roleWords = folded([
        "alumnus": Role.alumnus, "alumni": .alumnus, "түлек": .alumnus, "выпускник": .alumnus,
        "mentor": .mentor, "тәлімгер": .mentor, "наставник": .mentor,
        "coordinator": .coordinator, "үйлестіруші": .coordinator, "координатор": .coordinator,
    ])

    static func roles(_ text: String) throws -> Set<Role> {
        var roles = Set<Role>()
        for item in list(text) {
            guard let role = Role(rawValue: item) ?? roleWords[Fields.key(item)] else {
                throw Invalid(expected: "roles alumnus, mentor, coordinator separated by ;")
            }
            roles.insert(role)
        }
        guard !roles.isEmpty else { throw Invalid(expected: "at least one role: alumnus, mentor or coordinator") }
        return roles
    }

    /// Lists inside one cell are separated by `;`.
    static func list(_ text: String) -> [String] {
        text.split(separator: ";").map { $0.trimmed }.filter { !$0.isEmpty }
    }

    static func year(_ text: String, today: Day) throws -> Int? {
        let trimmed = text.trimmed
        guard !trimmed.isEmpty else { return nil }
        guard let year = Int(trimmed), (1900...today.year).contains(year) else { throw Invalid(expected: "a year from 1900 to \(today.year)") }
        return year
    }

    static func day(_ text: String) throws -> Day {
        guard let day = Day(iso: text.trimmed) else {
            throw Invalid(expected: "a real date as YYYY-MM-DD")
        }
        return day
    }

    /// Fast path for a plain `YYYY-MM-DD` (what exports and most sheets hold); nil sends the text to `Day(iso:)`.
    static func isoDay(_ text: String) -> Day? {
        var utf8 = text.utf8.makeIterator()
        var digits: [Int] = []
        digits.reserveCapacity(8)
        for position in 0..<10 {
            guard let byte = utf8.next() else { return nil }
            if position == 4 || position == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
            } else {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                digits.append(Int(byte - UInt8(ascii: "0")))
            }
        }
        guard utf8.next() == nil else { return nil }
        return Day(year: digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3],
                   month: digits[4] * 10 + digits[5], day: digits[6] * 10 + digits[7])
    }

    static func disabilityGroup(_ text: String) throws -> Int? {
        switch text.trimmed {
        case "", "none", "-": return nil
        case "1": return 1
        case "2": return 2
        case "3": return 3
        default: throw Invalid(expected: "1, 2, 3 or empty")
        }
    }

    static func choice<T: RawRepresentable>(_ text: String, _ type: T.Type, words: [String: T] = [:]) throws -> T
        where T.RawValue == String, T: CaseIterable {
        if let exact = T(rawValue: text) { return exact }
        let key = Fields.key(text)
        if let value = T.allCases.first(where: { Fields.key($0.rawValue) == key }) ?? folded(words)[key] { return value }
        throw Invalid(expected: "one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
    }
}

extension String {
    /// Without surrounding spaces, tabs and no-break spaces (spreadsheets leave all three).
    /// Every cell of an import passes here: no set built per call, and a cell with nothing to trim is not copied.
    var trimmed: String {
        func isBlank(_ c: Character) -> Bool { c == " " || c == "\t" || c == "\u{00A0}" }
        guard let start = firstIndex(where: { !isBlank($0) }) else { return "" }
        let end = lastIndex(where: { !isBlank($0) })!
        return start == startIndex && end == index(before: endIndex) ? self : String(self[start...end])
    }
}

extension Substring {
    var trimmed: String { String(self).trimmed }
}
