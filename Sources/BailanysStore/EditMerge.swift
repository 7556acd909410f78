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
    /// Every field of a person (a test checks that none is missing).
    static var person: EditMerge { EditMerge(fields: [
        field("name", \.fullName), field("external id", \.externalID), field("gender", \.gender),
        field("birth year", \.birthYear), field("roles", \.roles), field("place", \.settlement),
        field("contacts", \.contacts), field("languages", \.languages), field("interests", \.interests),
        field("sensitive categories", \.sensitive), field("suggestions opt-out", \.suggestionsOptOut), field("note", \.note),
    ]) }
}
