import BailanysCore

/// Everything that can go wrong with a directory file, phrased for the person at the keyboard:
/// what is wrong, with which file or field, and what to do.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case missing(path: String)
    case alreadyExists(path: String)
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
    case sqlite(path: String, message: String)

    public var description: String {
        switch self {
        case .missing(let path):
            "No directory at \(path). Run `bailanys sample` for the demo directory or `bailanys init --empty`."
        case .alreadyExists(let path):
            "A directory already exists at \(path); nothing was changed. Add --force to replace it."
        case .notADatabase(let path):
            "\(path) is not a Bailanys directory (not a SQLite database); it was left untouched. Check --db or BAILANYS_DB."
        case .emptyFile(let path):
            "\(path) is an empty file (0 bytes), not a Bailanys directory; it was left untouched. Remove it, or choose another file with --db."
        case .notAFile(let path):
            "\(path) is not a regular file (a folder, device or pipe); Bailanys opens only directory files. Check --db or BAILANYS_DB."
        case .damaged(let path, let detail):
            "\(path) is damaged (\(detail)); nothing more was written to it. `bailanys doctor` shows the extent; restore it from a backup (\(path).backup-*) or a copy."
        case .newerSchema(let path, let version):
            "\(path) was written by a newer Bailanys (schema \(version)); it was left untouched. Update Bailanys to open it."
        case .upgradedWhileOpen(let path, let version):
            // What happened and what to do first: a form shows only the start of a long message.
            "Nothing was saved: a newer Bailanys upgraded \(path) while this one had it open (schema \(version)). Quit, and open it with the newer Bailanys."
        case .readOnly(let path):
            "\(path) is read-only, so nothing can be saved. Check the file's permissions or copy it somewhere writable."
        case .locked(let path):
            "Someone else is saving to \(path) right now, so nothing was changed; try again in a moment. If it stays busy, another program holds it: close other Bailanys windows."
        case .unknownID(let id):
            "No entry with id \(id). Find ids with `bailanys search`."
        case .wrongKind(let id, let expected):
            "\(id) is not \(expected)."
        case .invalidField(let field, let value, let expected):
            "Invalid \(field) \"\(value)\": expected \(expected)."
        case .sameParty(let id):
            "Cannot log an interaction of \(id) with themself; name two different people or organisations."
        case .futureDate(let day, let today):
            "The date \(day) is in the future (today is \(today)); interactions are logged after they happen."
        case .notYetHeld(let id, let day, let today):
            "Meetup \(id) is on \(day) (today is \(today)); mark attendance after it is held."
        case .duplicateExternalID(let value):
            "External id \"\(value)\" is already used by another entry."
        case .sqlite(let path, let message):
            "Database error in \(path): \(message)"
        }
    }

    /// Exit code convention of the command line: 1 user error, 3 data error.
    public var exitCode: Int32 {
        switch self {
        case .notADatabase, .emptyFile, .notAFile, .damaged, .newerSchema, .upgradedWhileOpen, .sqlite: 3
        default: 1
        }
    }
}
