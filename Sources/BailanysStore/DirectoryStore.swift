import BailanysCore
import Foundation
import GRDB

/// A directory file: opening, creating and migrating it safely.
/// Every write is one transaction, so an interrupted program leaves the file as it was.
public struct DirectoryStore: Sendable {
    public let path: String
    public let gazetteer: Gazetteer
    public let isReadOnly: Bool
    let queue: DatabaseQueue

    /// Where the directory lives when neither `--db` nor `BAILANYS_DB` says otherwise.
    public static func defaultPath(environment: [String: String]) -> String {
        if let explicit = environment["BAILANYS_DB"], !explicit.isEmpty { return explicit }
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return dataHome + "/bailanys/directory.sqlite"
    }

    /// Opens an existing directory, migrating an older schema after writing a backup beside it.
    public static func open(path: String, gazetteer: Gazetteer, now: Date = Date()) throws -> DirectoryStore {
        let fm = FileManager.default
        guard fm.fileExists(atPath: path) else { throw StoreError.missing(path: path) }
        guard hasSQLiteHeader(path) else { throw StoreError.notADatabase(path: path) }
        let writable = fm.isWritableFile(atPath: path)
            && fm.isWritableFile(atPath: (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent)
        let queue = try makeQueue(path: path, readOnly: !writable)
        let store = DirectoryStore(path: path, gazetteer: gazetteer, isReadOnly: !writable, queue: queue)
        try store.migrateIfNeeded(now: now)
        return store
    }

    /// Creates a new, empty directory. Refuses to touch an existing file.
    public static func create(path: String, gazetteer: Gazetteer) throws -> DirectoryStore {
        let store = try createMigrated(path: path, gazetteer: gazetteer)
        try store.setJournal("PRAGMA journal_mode = WAL")
        return store
    }

    private static func createMigrated(path: String, gazetteer: Gazetteer) throws -> DirectoryStore {
        try createFile(path: path)
        let queue = try makeQueue(path: path, readOnly: false)
        try wrap(path) { try Schema.migrator.migrate(queue) }
        return DirectoryStore(path: path, gazetteer: gazetteer, isReadOnly: false, queue: queue)
    }

    private func setJournal(_ pragmas: String) throws {
        try Self.wrap(path) { try queue.writeWithoutTransaction { try $0.execute(sql: pragmas) } }
    }

    /// Page cache for a bulk write, as SQLite's negative KiB count (256 MiB): a big transaction must not
    /// spill its pages to disk and read them back.
    static let bulkCacheKiB = -262_144

    /// Builds a directory in a temporary file beside `path` and moves it into place only when
    /// complete, so a crash or Ctrl-C midway leaves any existing directory intact.
    public static func replace(path: String, gazetteer: Gazetteer, overwrite: Bool,
                               fill: (DirectoryStore) throws -> Void) throws -> DirectoryStore {
        let fm = FileManager.default
        if fm.fileExists(atPath: path) && !overwrite { throw StoreError.alreadyExists(path: path) }
        let temporary = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        removeDatabaseFiles(temporary)
        defer { removeDatabaseFiles(temporary) }
        do {
            // Nobody sees this file before it is complete and renamed, and a failure deletes it: it is
            // written without a journal or syncs, then switched to WAL and synced once before the rename.
            let store = try createMigrated(path: temporary, gazetteer: gazetteer)
            try store.setJournal("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = \(bulkCacheKiB)")
            try fill(store)
            try store.setJournal("PRAGMA journal_mode = WAL")
            try wrap(temporary) { try store.queue.close() }
            guard let file = FileHandle(forUpdatingAtPath: temporary) else { throw StoreError.missing(path: temporary) }
            try wrap(temporary) {
                defer { try? file.close() }
                try file.synchronize()
            }
        }
        // The old file's WAL must not outlive it, or SQLite would replay it onto the new file.
        for suffix in ["-wal", "-shm"] { try? fm.removeItem(atPath: path + suffix) }
        guard rename(temporary, path) == 0 else {
            throw StoreError.sqlite(path: path, message: "could not move the new directory into place: \(String(cString: strerror(errno)))")
        }
        return try open(path: path, gazetteer: gazetteer)
    }

    /// The schema identifiers applied to this file, oldest first.
    public func schemaVersions() throws -> [String] {
        try read { try Schema.migrator.completedMigrations($0) }
    }

    public static var currentSchemaVersion: String { Schema.versions.last ?? "none" }

    // MARK: - Transactions with errors translated for people

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.wrap(path) { try queue.read(body) }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        if isReadOnly { throw StoreError.readOnly(path: path) }
        return try Self.wrap(path) { try queue.write(body) }
    }

    /// A write transaction in which SQLite makes no per-row reference lookups: `body` checks the
    /// references of the tables in `uncheckedTables` itself; every other table's are checked before the
    /// commit, and any missing one rolls the whole transaction back.
    func writeCheckingReferences<T>(except uncheckedTables: Set<String>, _ body: (Database) throws -> T) throws -> T {
        if isReadOnly { throw StoreError.readOnly(path: path) }
        return try Self.wrap(path) {
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
                var result: T?
                try db.inTransaction {
                    result = try body(db)
                    let tables = try String.fetchAll(db, sql: """
                        SELECT DISTINCT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) WHERE m.type = 'table' ORDER BY m.name
                        """)
                    for table in tables where !uncheckedTables.contains(table) {
                        if try Row.fetchOne(db, sql: "PRAGMA foreign_key_check(\(table))") != nil {
                            throw DatabaseError(resultCode: .SQLITE_CONSTRAINT_FOREIGNKEY,
                                                message: "FOREIGN KEY constraint failed in \(table)")
                        }
                    }
                    return .commit
                }
                return result!
            }
        }
    }

    static func wrap<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB: throw StoreError.notADatabase(path: path)
            case .SQLITE_BUSY, .SQLITE_LOCKED: throw StoreError.locked(path: path)
            case .SQLITE_READONLY, .SQLITE_PERM: throw StoreError.readOnly(path: path)
            default: throw StoreError.sqlite(path: path, message: error.message ?? "\(error)")
            }
        }
    }

    // MARK: - Opening

    private static func makeQueue(path: String, readOnly: Bool) throws -> DatabaseQueue {
        var config = Configuration()
        config.readonly = readOnly
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(2)
        config.label = "bailanys"
        return try wrap(path) { try DatabaseQueue(path: path, configuration: config) }
    }

    private func migrateIfNeeded(now: Date) throws {
        let migrator = Schema.migrator
        let (superseded, complete, applied) = try read { db in
            (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db), try migrator.completedMigrations(db))
        }
        if superseded {
            let unknown = try read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
                .filter { !Schema.versions.contains($0) }
            throw StoreError.newerSchema(path: path, version: unknown.last ?? "unknown")
        }
        guard !complete else { return }
        if applied.isEmpty {
            // A SQLite file that Bailanys never wrote: refuse rather than add tables to someone else's data.
            let tables = try read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master") ?? 0 }
            if tables > 0 { throw StoreError.notADatabase(path: path) }
        }
        if isReadOnly { throw StoreError.readOnly(path: path) }
        if !applied.isEmpty { try backup(suffix: applied.last!, now: now) }
        try Self.wrap(path) { try migrator.migrate(queue) }
    }

    /// Copies the whole database (consistently, through SQLite's backup API) next to the file.
    private func backup(suffix: String, now: Date) throws {
        let stamp = Int(now.timeIntervalSince1970)
        let target = "\(path).backup-\(suffix)-\(stamp)"
        try Self.createFile(path: target)
        try Self.wrap(target) {
            let destination = try DatabaseQueue(path: target)
            try queue.backup(to: destination)
            try destination.close()
        }
    }

    private static func hasSQLiteHeader(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        // An empty file is a valid (empty) SQLite database; anything else must carry the magic.
        return header.isEmpty || header == Data("SQLite format 3\0".utf8)
    }

    /// Creates the file with mode 0600 before SQLite opens it; SQLite gives its -wal and -shm
    /// files the same permissions, so personal data is never world-readable.
    static func createFile(path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                     attributes: [.posixPermissions: 0o700])
        }
        let fd = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST { throw StoreError.alreadyExists(path: path) }
            throw StoreError.sqlite(path: path, message: String(cString: strerror(errno)))
        }
        close(fd)
    }

    private static func removeDatabaseFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
