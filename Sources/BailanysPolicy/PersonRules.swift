import BailanysCore

extension Policy {
    /// What a change from `before` to `after` asks for, field group by field group. `subject` is where the
    /// person lives now, `moved` where the change would put them (a coordinator needs reach over both).
    public static func actions(changing before: Person, to after: Person, subject: Subject, moved: Subject) -> [PolicyAction] {
        var actions: [PolicyAction] = []
        let values = { (p: Person) in p.contacts.map { [$0.kind.rawValue, $0.value] } }
        // A move first: its refusal is the one that names who may (each region's own refusals named people the
        // move refuses too).
        if moved.region != subject.region {
            actions.append(.movePerson(from: subject, to: moved, coordinator: after.roles.contains(.coordinator)))
        }
        if before.fullName != after.fullName || before.settlement != after.settlement || before.languages != after.languages
            || before.interests != after.interests || values(before) != values(after)
            || before.suggestionsOptOut != after.suggestionsOptOut || before.gender != after.gender
            || before.birthYear != after.birthYear || before.note != after.note {
            actions.append(.editCard(subject))
        }
        if consentChanges(from: before.contacts, to: after.contacts) { actions.append(.changeConsent(subject)) }
        if before.externalID != after.externalID { actions.append(.changeExternalID(subject)) }
        if before.roles != after.roles {
            actions.append(.changeRoles(subject))
            if moved.region != subject.region { actions.append(.changeRoles(moved)) }
        }
        if before.sensitive != after.sensitive { actions.append(.changeSensitive(subject)) }
        return actions
    }

    /// Whether a change of contacts changes what the person agreed to show, kind by kind: a kept contact's flag changed,
    /// more contacts shown than shown ones replaced (a first or an extra contact added shared, a private one replaced
    /// by a shared one: a coordinator did either for someone with no audit row; reviews H and I), or a shown one
    /// replaced by a private one. A new value replacing a shown one keeps that consent; a removal is no consent change.
    static func consentChanges(from before: [Contact], to after: [Contact]) -> Bool {
        ContactKind.allCases.contains { kind in
            let change = ContactChanges(before.filter { $0.kind == kind }, after.filter { $0.kind == kind })
            let newShown = change.added.values.filter { $0 }.count, newHidden = change.added.count - newShown
            let goneShown = change.removed.values.filter { $0 }.count
            return !change.reflagged.isEmpty || newShown > goneShown || (goneShown > newShown && newHidden > 0)
        }
    }

    /// A person as the actor may see them: private fields, unshared contacts and sensitive categories blanked
    /// unless the policy allows their reading.
    public static func visible(_ person: Person, to actor: Actor, subject: Subject) -> Person {
        var shown = person
        if !allows(.readSensitive(subject), by: actor) { shown.sensitive = .none }
        if !allows(.readPrivate(subject), by: actor) {
            shown.gender = nil
            shown.birthYear = nil
            shown.note = ""
            shown.contacts = person.contacts.filter(\.shared)
        }
        return shown
    }

    /// Copies onto `stored` what the actor changed in `edited`, keeping every field the actor could not see
    /// where the edit left it as it was shown (blank): an edit never clears a hidden field by not showing it,
    /// and a hidden field the actor did change stays changed, for the policy to refuse.
    public static func merge(_ edited: Person, onto stored: Person, by actor: Actor, subject: Subject) -> Person {
        let shown = visible(stored, to: actor, subject: subject)
        var result = edited
        if edited.sensitive == shown.sensitive { result.sensitive = stored.sensitive }
        if edited.gender == shown.gender { result.gender = stored.gender }
        if edited.birthYear == shown.birthYear { result.birthYear = stored.birthYear }
        if edited.note == shown.note { result.note = stored.note }
        if edited.contacts == shown.contacts {
            result.contacts = stored.contacts
        } else if shown.contacts != stored.contacts {
            // Hidden (unshared) contacts stay as they were, in front of the visible ones.
            result.contacts = stored.contacts.filter { !$0.shared } + edited.contacts
        }
        return result
    }
}
