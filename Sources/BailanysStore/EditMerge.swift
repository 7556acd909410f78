import BailanysCore

/// An edit made from a record read a while ago (a form left open, a file in `$EDITOR`), merged onto the record as
/// stored now: each field the edit changed takes its edited value, every other field keeps the stored one, which
/// another process may have changed meanwhile. Writing the edited record whole undid those changes without a word
/// (review: a form changing only a name reverted a command-line edit's phone, note, interests and NEET flag).
struct EditMerge<Record> {
    /// One field: its name for messages, and how it merges: `merge(&merged, edited, base, shown)` puts into `merged`
    /// what the edit changed from `base` and answers whether `shown` changed the same to something else (a conflict,
    /// after which `merged` holds the edit's value).
    struct Field {
        let name: String
        let merge: (inout Record, Record, Record, Record) -> Bool
    }

    let fields: [Field]

    /// A field changed as a whole: the edit's value if it changed it.
    static func field<Value: Equatable>(_ name: String, _ path: WritableKeyPath<Record, Value>) -> Field {
        Field(name: name) { merged, edited, base, shown in
            guard edited[keyPath: path] != base[keyPath: path] else { return false }
            merged[keyPath: path] = edited[keyPath: path]
            return shown[keyPath: path] != base[keyPath: path] && shown[keyPath: path] != edited[keyPath: path]
        }
    }

    /// `stored` with the fields `edited` changed from `base`, and the fields changed both here and there to different
    /// values (conflicts: the caller writes nothing). Conflicts are judged on `shown`, the stored record as the editor
    /// may see it, so that a hidden value never shows through one.
    func merge(_ edited: Record, base: Record, onto stored: Record, shown: Record) -> (merged: Record, conflicts: [String]) {
        var merged = stored
        let conflicts = fields.filter { $0.merge(&merged, edited, base, shown) }.map(\.name)
        return (merged, conflicts)
    }
}

extension EditMerge where Record == Person {
    /// Every field of a person (a test checks that none is missing), named as the keys of the `$EDITOR` file
    /// (`RecordText`) so that a conflict can show theirs in the file's own words. Contacts merge contact by contact
    /// and the sensitive categories one by one: a phone edited in a form is no conflict with an e-mail changed
    /// elsewhere.
    static var person: EditMerge { EditMerge(fields: [
        field("name", \.fullName), field("external-id", \.externalID), field("gender", \.gender),
        field("birth-year", \.birthYear), field("roles", \.roles), field("settlement", \.settlement),
    ] + ContactKind.allCases.map(contacts) + [
        field("languages", \.languages), field("interests", \.interests),
        field("neet", \.sensitive.neet), field("vulnerable", \.sensitive.vulnerable),
        field("disability-group", \.sensitive.disabilityGroup), field("opt-out", \.suggestionsOptOut), field("note", \.note),
    ]) }

    /// The contacts of one kind, contact by contact (by value): each side's removals, additions and consent changes
    /// apply together, so a first phone changed in a form and a second changed elsewhere both stay (the form shows
    /// only the first; review). Both sides touching the same contact differently conflicts (`ContactChanges`); then
    /// the edit's changes win, but a contact removed elsewhere never comes back unasked (review: a deleted private
    /// phone came back shared). The list takes the place of the stored ones of that kind (at the end if none).
    private static func contacts(_ kind: ContactKind) -> Field {
        let ofKind = { (person: Person) in person.contacts.filter { $0.kind == kind } }
        return Field(name: kind.rawValue) { merged, edited, base, shown in
            let (mine, before, theirs) = (ofKind(edited), ofKind(base), ofKind(shown))
            guard mine != before else { return false }
            let me = ContactChanges(before, mine), them = ContactChanges(before, theirs)
            let conflict = theirs != mine && me.collide(with: them)
            var list = mine
            if theirs != before {
                // Theirs, less what the edit removed and, in a conflict, what they put in the place of the contacts the
                // edit replaced too (only when all they added can be that: a contact they added beside stays, and so
                // does theirs where the edit only removed; review J).
                let replacedBoth = min(me.added.count, Set(them.removed.keys).intersection(me.removed.keys).count)
                let replacedThere = conflict && !them.added.isEmpty && them.added.count <= replacedBoth
                let kept = { (contact: Contact) in me.removed[contact.value] == nil && !(replacedThere && them.added[contact.value] != nil) }
                list = theirs.filter(kept).map { contact in
                    var flagged = contact
                    flagged.shared = me.reflagged[contact.value] ?? me.added[contact.value] ?? contact.shared
                    return flagged
                }
                let additions = mine.filter { me.added[$0.value] != nil && !list.map(\.value).contains($0.value) }
                // Mine where the contact they replace stood, else where they stand in my list.
                let replaced = theirs.firstIndex { me.removed[$0.value] != nil }.map { theirs[..<$0].filter(kept).count }
                let at = replaced ?? additions.first.flatMap(mine.firstIndex(of:)) ?? list.count
                list.insert(contentsOf: additions, at: min(at, list.count))
            }
            // Everything before the first of the kind is of other kinds, so the index survives the removal.
            let at = merged.contacts.firstIndex { $0.kind == kind } ?? merged.contacts.count
            merged.contacts.removeAll { $0.kind == kind }
            merged.contacts.insert(contentsOf: list, at: at)
            return conflict
        }
    }
}

extension ContactChanges {
    /// Both sides touched the same contact differently (one removed what the other re-flagged, or both put different
    /// ones in its place), or added the same one with different consent. Both removing it is no conflict, whatever
    /// else one of them added.
    func collide(with other: ContactChanges) -> Bool {
        let touched = Set(removed.keys).union(reflagged.keys), touchedThere = Set(other.removed.keys).union(other.reflagged.keys)
        let both = touched.intersection(touchedThere)
        let differently = both.contains { value in
            !(removed[value] != nil && other.removed[value] != nil) && reflagged[value] != other.reflagged[value]
        }
        // Put different ones in its place: no addition in common (the same one, beside others, is the same change).
        let replacedDifferently = both.contains { removed[$0] != nil && other.removed[$0] != nil }
            && !added.isEmpty && !other.added.isEmpty && Set(added.keys).isDisjoint(with: other.added.keys)
        let sameAddedDifferently = added.contains { value, shared in other.added[value].map { $0 != shared } ?? false }
        return differently || replacedDifferently || sameAddedDifferently
    }
}
