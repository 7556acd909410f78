import BailanysCore
import Foundation
import UnsafeText

/// A value the user typed that cannot be used, with the message to show next to it.
struct FieldError: Error, Equatable {
    var message: String
}

/// Checks shared by the forms and the `$EDITOR` record, so both accept exactly the same input.
struct FieldChecks {
    let strings: Strings
    let places: PlaceResolver
    let today: Day

    func name(_ text: String) throws(FieldError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw FieldError(message: strings("error.required")) }
        return try plainText(trimmed)
    }

    /// Text without terminal controls and bidi characters, which the store refuses: refused here, next to the field,
    /// so that a form or the `$EDITOR` file keeps the rest of the edit (the store's refusal ended an `$EDITOR` edit
    /// and lost it; review). The character is named, as a copied name can carry an invisible one.
    func plainText(_ text: String, allowingLineBreaks: Bool = false) throws(FieldError) -> String {
        guard let scalar = UnsafeScalars.firstUnsafe(in: text, allowingLineBreaks: allowingLineBreaks) else { return text }
        throw FieldError(message: strings("error.plainText", ["character": UnsafeScalars.name(scalar)]))
    }

    /// A settlement by any spelling; a region stands for its centre. Several equally good matches are ambiguous.
    func settlement(_ text: String) throws(FieldError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw FieldError(message: strings("error.required")) }
        switch places.settlement(trimmed) {
        case .found(let key):
            return key
        case .unknown:
            throw FieldError(message: strings("error.place.unknown", ["text": trimmed]))
        case .ambiguous(let matches):
            let options = matches.prefix(3).map { strings.place($0.settlementKey, in: places.gazetteer) }
            throw FieldError(message: strings("error.place.ambiguous", ["options": options.joined(separator: "; ")]))
        }
    }

    /// An ISO date no later than today.
    func pastDay(_ text: String) throws(FieldError) -> Day {
        guard let day = Day(iso: text.trimmingCharacters(in: .whitespaces)) else {
            throw FieldError(message: strings("error.date.format", ["example": today.iso]))
        }
        guard day <= today else {
            throw FieldError(message: strings("error.date.future", ["date": strings.date(day), "today": strings.date(today)]))
        }
        return day
    }

    /// A day after today, e.g. when a snoozed suggestion comes back.
    func laterDay(_ text: String) throws(FieldError) -> Day {
        // A day that does not exist (2027-02-30) is a format error: it was "Enter a day after today" (review).
        guard let day = Day(iso: text.trimmingCharacters(in: .whitespaces)) else {
            throw FieldError(message: strings("error.date.format", ["example": today.adding(days: 7).iso]))
        }
        guard day > today else { throw FieldError(message: strings("error.notLater")) }
        return day
    }

    /// An optional contact: empty means none.
    func contact(_ text: String, kind: ContactKind, shared: Bool) throws(FieldError) -> Contact? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        guard let value = ContactValidation.normalized(trimmed, as: kind) else {
            throw FieldError(message: strings("error.contact.\(kind.rawValue)"))
        }
        return Contact(kind: kind, value: value, shared: shared)
    }
}
