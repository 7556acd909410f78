import BailanysCore
import BailanysStore
import Foundation

/// A person's record as a text file for `$VISUAL`/`$EDITOR`.
///
/// Format: one `key: value` per line; blank lines and lines starting with `#` are ignored.
/// Keys: `id` (must stay), `name`, `settlement` (any spelling), `gender` (female/male or empty),
/// `birth-year`, `languages` and `interests` (comma-separated), `opt-out` (yes/no), `note`,
/// and `phone`/`email`/`telegram`, which may repeat, each ending in `(shared)` or `(private)`.
/// Coordinators also get `roles` (comma-separated alumnus/mentor/coordinator), `neet`, `vulnerable`
/// (yes/no) and `disability-group` (1–3 or empty). A file with no `key: value` line cancels the edit.
enum RecordText {
    static let errorMarker = "# !! "
    private static let coordinatorKeys: Set<String> = ["roles", "neet", "vulnerable", "disability-group"]

    static func encode(_ person: Person, audience: Audience, strings: Strings) -> String {
        var lines = strings("record.header", ["id": person.id.description]).split(separator: "\n").map { "# " + $0 }
        func line(_ key: String, _ value: String) { lines.append("\(key): \(value)") }
        line("id", person.id.description)
        line("name", person.fullName)
        if audience == .coordinator { line("roles", person.roles.sorted().map(\.rawValue).joined(separator: ", ")) }
        line("settlement", person.settlement)
        line("gender", person.gender?.rawValue ?? "")
        line("birth-year", person.birthYear.map(String.init) ?? "")
        for contact in person.contacts {
            line(contact.kind.rawValue, "\(contact.value) (\(contact.shared ? "shared" : "private"))")
        }
        line("languages", person.languages.joined(separator: ", "))
        line("interests", person.interests.joined(separator: ", "))
        line("opt-out", yesNo(person.suggestionsOptOut))
        line("note", person.note)
        if audience == .coordinator {
            line("neet", yesNo(person.sensitive.neet))
            line("vulnerable", yesNo(person.sensitive.vulnerable))
            line("disability-group", person.sensitive.disabilityGroup.map(String.init) ?? "")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    enum Decoded: Equatable {
        case cancelled
        case person(Person)
        case invalid([String])
    }

    static func decode(_ text: String, original: Person, audience: Audience, checks: FieldChecks) -> Decoded {
        let strings = checks.strings
        var person = original
        // Each problem's line, counted as in the file reopened with the errors on top (`withErrors`), so that the
        // numbers are right there and the same file saved back gets the same errors (which ends the edit).
        var problems: [(line: Int, text: (String) -> String)] = []
        var line = 0
        var contacts: [Contact] = []
        var sawData = false
        var roles: Set<Role> = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) where !raw.hasPrefix(errorMarker) {
            line += 1
            let number = line
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            sawData = true
            guard let colon = trimmed.firstIndex(of: ":") else {
                problems.append((number, { strings("error.record.line", ["line": $0]) }))
                continue
            }
            let key = trimmed[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            func invalid(_ message: String) {
                problems.append((number, { strings("error.record.value", ["line": $0, "key": key, "message": message]) }))
            }
            // Keys only coordinators get count as unknown for everyone else.
            switch audience != .coordinator && coordinatorKeys.contains(key) ? "" : key {
            case "id":
                if EntityID(value) != original.id { invalid(strings("error.record.id", ["id": original.id.description])) }
            case "name":
                do { person.fullName = try checks.name(value) } catch { invalid(error.message) }
            case "settlement":
                do { person.settlement = try checks.settlement(value) } catch { invalid(error.message) }
            case "gender":
                if value.isEmpty { person.gender = nil } else if let gender = Gender(rawValue: value.lowercased()) {
                    person.gender = gender
                } else { invalid("female / male") }
            case "birth-year":
                if value.isEmpty { person.birthYear = nil } else if let year = Int(value), (1900...checks.today.year).contains(year) {
                    person.birthYear = year
                } else { invalid("1900–\(checks.today.year)") }
            case "phone", "email", "telegram":
                let kind = ContactKind(rawValue: key)!
                let (number, shared) = contactParts(value)
                do {
                    // The same contact twice is one (it was stored twice).
                    if let contact = try checks.contact(number, kind: kind, shared: shared),
                       !contacts.contains(where: { $0.kind == contact.kind && $0.value == contact.value }) {
                        contacts.append(contact)
                    }
                } catch { invalid(error.message) }
            case "languages", "interests", "note":
                do {
                    let plain = try checks.plainText(value, allowingLineBreaks: key == "note")
                    switch key {
                    case "languages": person.languages = list(plain)
                    case "interests": person.interests = list(plain)
                    default: person.note = plain
                    }
                } catch { invalid(error.message) }
            case "opt-out", "neet", "vulnerable":
                guard let flag = parseYesNo(value) else { invalid("yes / no"); continue }
                switch key {
                case "opt-out": person.suggestionsOptOut = flag
                case "neet": person.sensitive.neet = flag
                default: person.sensitive.vulnerable = flag
                }
            case "roles":
                let parsed = list(value).map { Role(rawValue: $0.lowercased()) }
                if parsed.isEmpty || parsed.contains(nil) { invalid("alumnus, mentor, coordinator") } else { roles = Set(parsed.compactMap { $0 }) }
            case "disability-group":
                if value.isEmpty { person.sensitive.disabilityGroup = nil } else if let group = Int(value), (1...3).contains(group) {
                    person.sensitive.disabilityGroup = group
                } else { invalid("1, 2, 3") }
            default:
                problems.append((number, { strings("error.record.key", ["line": $0, "key": key]) }))
            }
        }
        guard sawData else { return .cancelled }
        guard problems.isEmpty else { return .invalid(problems.map { $0.text(String($0.line + problems.count)) }) }
        person.contacts = contacts
        if !roles.isEmpty { person.roles = roles }
        return .person(person)
    }

    /// The text to reopen the editor with: the errors on top, earlier error lines removed.
    static func withErrors(_ errors: [String], in text: String) -> String {
        let kept = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix(errorMarker) }
        return (errors.map { errorMarker + $0 } + kept.map(String.init)).joined(separator: "\n")
    }

    /// The file handed back when another process changed what the edit changed too: on top, marked like errors, the
    /// lines of those keys as stored now (theirs) and what to do; below, the edit carried onto the record as it is now.
    static func withConflict(_ keys: [String], current: Person, rebased: Person, audience: Audience, strings: Strings) -> String {
        // Every key has a line but a contact kind the person now has none of (removed there, re-flagged here): it is
        // named all the same, as none.
        let stored = encode(current, audience: audience, strings: strings).split(separator: "\n").filter { !$0.hasPrefix("#") }
        let theirs = keys.flatMap { key in
            let lines = stored.filter { $0.prefix { $0 != ":" }.trimmingCharacters(in: .whitespaces) == key }.map(String.init)
            return lines.isEmpty ? ["\(key): —"] : lines
        }
        let notes = [strings("record.conflict.theirs")] + theirs.map { "  " + $0 }
            + strings("record.conflict.yours").split(separator: "\n").map(String.init)
        return notes.map { errorMarker + $0 }.joined(separator: "\n") + "\n" + encode(rebased, audience: audience, strings: strings)
    }

    private static func yesNo(_ flag: Bool) -> String { flag ? "yes" : "no" }

    private static func parseYesNo(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "yes", "y", "true", "1": true
        case "no", "n", "false", "0", "": false
        default: nil
        }
    }

    private static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// `+7 701 111 22 33 (shared)` → the number and its consent; no marker means private.
    private static func contactParts(_ text: String) -> (String, Bool) {
        for (marker, shared) in [("(shared)", true), ("(private)", false)] where text.lowercased().hasSuffix(marker) {
            return (String(text.dropLast(marker.count)).trimmingCharacters(in: .whitespaces), shared)
        }
        return (text, false)
    }
}
