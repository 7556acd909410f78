import BailanysCore
import BailanysResources

/// Everything that can go wrong with a directory file, phrased for the person at the keyboard:
/// what is wrong, with which file or field, and what to do.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case missing(path: String)
    case alreadyExists(path: String)
    /// An output named the directory file this command works on, or its journal.
    case outputIsTheDirectory(path: String)
    /// An output named another SQLite database (a directory some other process may have open) or its journal.
    case outputIsADatabase(path: String)
    case notADatabase(path: String)
    case emptyFile(path: String)
    case notAFile(path: String)
    case damaged(path: String, detail: String)
    case newerSchema(path: String, version: String)
    /// A newer Bailanys migrated the file while this one had it open.
    case upgradedWhileOpen(path: String, version: String)
    case readOnly(path: String)
    case locked(path: String)
    case unknownID(EntityID)
    case wrongKind(EntityID, expected: String)
    case invalidField(field: String, value: String, expected: String)
    case sameParty(EntityID)
    case futureDate(Day, today: Day)
    case notYetHeld(EntityID, on: Day, today: Day)
    case duplicateExternalID(String)
    /// An edit begun from an older read: another process changed some of the same fields (named as the keys of the
    /// `$EDITOR` file) to other values. `current` is the record as stored now, `rebased` the edit carried onto it (the
    /// edit's value in each field it changed), both as the editor may see them: saving `rebased` from `current` writes
    /// the edit over the other change, which the app offers instead of losing what was typed.
    case changedMeanwhile(EntityID, fields: [String], current: Person, rebased: Person)
    /// The contact this id named was removed elsewhere (its id may now name another).
    case contactGone(EntityID)
    case sqlite(path: String, message: String)

    /// The message's key in the string tables (`Resources/strings/*/store.json`) and the values of its `{names}`:
    /// the app words it in the reader's language, the command line in English (`description`).
    public var message: (key: String, arguments: [String: String]) {
        switch self {
        case .missing(let path): ("store.missing", ["path": path])
        case .alreadyExists(let path): ("store.alreadyExists", ["path": path])
        case .outputIsTheDirectory(let path): ("store.outputIsTheDirectory", ["path": path])
        case .outputIsADatabase(let path): ("store.outputIsADatabase", ["path": path])
        case .notADatabase(let path): ("store.notADatabase", ["path": path])
        case .emptyFile(let path): ("store.emptyFile", ["path": path])
        case .notAFile(let path): ("store.notAFile", ["path": path])
        case .damaged(let path, let detail): ("store.damaged", ["path": path, "detail": detail])
        case .newerSchema(let path, let version): ("store.newerSchema", ["path": path, "version": version])
        // Its wording says first what happened and what to do: a form shows only the start of a long message.
        case .upgradedWhileOpen(let path, let version): ("store.upgradedWhileOpen", ["path": path, "version": version])
        case .readOnly(let path): ("store.readOnly", ["path": path])
        case .locked(let path): ("store.locked", ["path": path])
        case .unknownID(let id) where id.kind == .interaction: ("store.unknownContact", ["id": id.description])
        case .unknownID(let id): ("store.unknownID", ["id": id.description])
        case .wrongKind(let id, let expected): ("store.wrongKind", ["id": id.description, "expected": expected])
        case .invalidField(let field, let value, let expected):
            ("store.invalidField", ["field": field, "value": value, "expected": expected])
        case .sameParty(let id): ("store.sameParty", ["id": id.description])
        case .futureDate(let day, let today): ("store.futureDate", ["date": day.description, "today": today.description])
        case .notYetHeld(let id, let day, let today):
            ("store.notYetHeld", ["id": id.description, "date": day.description, "today": today.description])
        case .duplicateExternalID(let value): ("store.duplicateExternalID", ["value": value])
        case .changedMeanwhile(let id, _, _, _): ("store.changedMeanwhile", ["id": id.description])
        case .contactGone(let id): ("store.contactGone", ["id": id.description])
        case .sqlite(let path, let message): ("store.sqlite", ["path": path, "message": message])
        }
    }

    public var description: String {
        let (key, arguments) = message
        return BailanysResources.text(key, language: "en", arguments)
    }

    /// Exit code convention of the command line: 1 user error, 3 data error.
    public var exitCode: Int32 {
        switch self {
        case .notADatabase, .emptyFile, .notAFile, .damaged, .newerSchema, .upgradedWhileOpen, .sqlite: 3
        default: 1
        }
    }
}
