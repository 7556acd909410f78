import BailanysCore

/// An edit made from a record read a while ago (a form left open, a file in `$EDITOR`), merged onto the record as
/// stored now: each field the edit changed takes its edited value, every other field keeps the stored one, which
/// another process may have changed meanwhile. Writing the edited record whole undid those changes without a word
/// (review: a form changing only a name reverted a command-line edit's phone, note, interests and NEET flag).
struct EditMerge<Record> {
    /// One field: its name for messages, and how to compare and copy it.
    struct Field {
        let name: String
        let differs: (Record, Record) -> Bool
        let take: (inout Record, Record) -> Void
    }

    let fields: [Field]

    static func field<Value: Equatable>(_ name: String, _ path: WritableKeyPath<Record, Value>) -> Field {
        Field(name: name, differs: { $0[keyPath: path] != $1[keyPath: path] }, take: { $0[keyPath: path] = $1[keyPath: path] })
    }

    /// `stored` with the fields `edited` changed from `base`, and the fields changed both here and there to different
    /// values (conflicts: the caller writes nothing). Conflicts are judged on `shown`, the stored record as the editor
    /// may see it, so that a hidden value never shows through one.
    func merge(_ edited: Record, base: Record, onto stored: Record, shown: Record) -> (merged: Record, conflicts: [String]) {
        var merged = stored
        var conflicts: [String] = []
        for field in fields where field.differs(edited, base) {
            if field.differs(shown, base) && field.differs(shown, edited) { conflicts.append(field.name) }
            field.take(&merged, edited)
        }
        return (merged, conflicts)
    }
}

extension EditMerge where Record == Person {
    /// Every field of a person (a test checks that none is missing), named as the keys of the `$EDITOR` file
    /// (`RecordText`) so that a conflict can show theirs in the file's own words. Contacts merge by kind and the
    /// sensitive categories one by one: a phone edited in a form is no conflict with an e-mail changed elsewhere.
    static var person: EditMerge { EditMerge(fields: [
        field("name", \.fullName), field("external-id", \.externalID), field("gender", \.gender),
        field("birth-year", \.birthYear), field("roles", \.roles), field("settlement", \.settlement),
    ] + ContactKind.allCases.map(contacts) + [
        field("languages", \.languages), field("interests", \.interests),
        field("neet", \.sensitive.neet), field("vulnerable", \.sensitive.vulnerable),
        field("disability-group", \.sensitive.disabilityGroup), field("opt-out", \.suggestionsOptOut), field("note", \.note),
    ]) }

    /// The contacts of one kind, as a whole; taken in the place of the stored ones of that kind (at the end if none).
    private static func contacts(_ kind: ContactKind) -> Field {
        let ofKind = { (person: Person) in person.contacts.filter { $0.kind == kind } }
        return Field(name: kind.rawValue, differs: { ofKind($0) != ofKind($1) }, take: { merged, edited in
            // Everything before the first of the kind is of other kinds, so the index survives the removal.
            let at = merged.contacts.firstIndex { $0.kind == kind } ?? merged.contacts.count
            merged.contacts.removeAll { $0.kind == kind }
            merged.contacts.insert(contentsOf: ofKind(edited), at: at)
        })
    }
}
