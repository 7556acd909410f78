import BailanysCore
import Foundation
import GRDB
import GRDBSQLite
import SQLiteSetup

/// A directory file: opening, creating and migrating it safely.
/// Every write is one transaction, so an interrupted program leaves the file as it was.
///
/// The file is only ever opened through SQLite. Opening it any other way and closing that descriptor would
/// drop every POSIX lock this process holds on it (SQLite's "How To Corrupt", 2.2): the next process to
/// close the file would then believe itself the last one and delete the WAL from under this one.
public struct DirectoryStore: Sendable {
    public let path: String
    public let gazetteer: Gazetteer
    public let isReadOnly: Bool
    /// One connection. Not GRDB's `DatabasePool`: it writes a transaction on every open that finds no WAL (the
    /// usual state after a clean close), so even `stats` would change the file and wait behind a running import.
    /// Readers that must not queue behind this connection take a `readingConnection()` of their own.
    let queue: DatabaseQueue
    /// The gazetteer's place names in every spelling, for searches that name a place; built on first use.
    private let places = Memo<Int, PlaceResolver>()

    public var placeResolver: PlaceResolver { places.value(0) { _ in PlaceResolver(gazetteer: gazetteer) } }
    /// The fingerprint of the SSH key that opened this session on the shared server (`bailanys session`), given
    /// to every actor this store builds so that audit rows record it; nil on a personal file.
    public var provenKey: String? = nil

    /// Where the directory lives when neither `--db` nor `BAILANYS_DB` says otherwise.
    public static func defaultPath(environment: [String: String]) -> String {
        if let explicit = environment["BAILANYS_DB"], !explicit.isEmpty { return explicit }
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return dataHome + "/bailanys/directory.sqlite"
    }

    /// Opens an existing directory, migrating an older schema after writing a backup beside it.
    public static func open(path: String, gazetteer: Gazetteer, now: Date = Date()) throws -> DirectoryStore {
        guard let size = try regularFileSize(path) else { throw StoreError.missing(path: path) }
        guard size > 0 else { throw StoreError.emptyFile(path: path) }
        let writable = FileManager.default.isWritableFile(atPath: path)
            && FileManager.default.isWritableFile(atPath: FilePath.folder(of: path))
        // Look before touching: opening for writing could change someone else's database before we could refuse it.
        let state = try inspect(path)
        let store = DirectoryStore(path: path, gazetteer: gazetteer, isReadOnly: !writable,
                                   queue: try makeQueue(path: path, readOnly: !writable))
        try store.migrate(from: state, now: now)
        // What a killed `sample --force` or `publish` left beside it goes with the next use of the file, not only the
        // next replace (review: stray partial files that doctor, stats and the app left in place).
        if writable { removeAbandonedPartials(of: path) }
        return store
    }

    /// Creates a new, empty directory. Refuses to touch an existing file.
    public static func create(path: String, gazetteer: Gazetteer) throws -> DirectoryStore {
        let store = try createMigrated(path: path, gazetteer: gazetteer)
        try store.setJournal("PRAGMA journal_mode = WAL")
        return store
    }

    /// The page size of every new directory: 16 KiB, not SQLite's 4. Writing the 100k demo (620 MB) took 8.7–9.3 s
    /// against 9.8–10.7 s, with a third less system time (a quarter as many pages to write); a search keystroke, the
    /// cold start and the graph commands at 100k stayed as fast (docs/benchmarks.md). Older files keep theirs.
    static let newPageSize = 16_384

    private static func createMigrated(path: String, gazetteer: Gazetteer, pageSize: Int = newPageSize) throws -> DirectoryStore {
        try createFile(path: path)
        let queue = try makeQueue(path: path, readOnly: false)
        // Before the first table: the page size is fixed once the file holds anything.
        try wrap(path) { try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA page_size = \(pageSize)") } }
        try wrap(path) { try Schema.migrator.migrate(queue) }
        return DirectoryStore(path: path, gazetteer: gazetteer, isReadOnly: false, queue: queue)
    }

    /// The same directory on a read-only connection of its own, for a background reader (the app's tie graph,
    /// seconds at 100k people) that must not hold up this store's reads. Opened through SQLite like every other
    /// connection, so this process keeps its locks and the WAL stays shared.
    public func readingConnection() throws -> DirectoryStore {
        DirectoryStore(path: path, gazetteer: gazetteer, isReadOnly: true, queue: try Self.makeQueue(path: path, readOnly: true))
    }

    private func setJournal(_ pragmas: String) throws {
        try Self.wrap(path) { try queue.writeWithoutTransaction { try $0.execute(sql: pragmas) } }
    }

    /// Page cache for a bulk write, as SQLite's negative KiB count (256 MiB): a big transaction must not
    /// spill its pages to disk and read them back.
    static let bulkCacheKiB = -262_144

    /// Page cache of an interactive app's connection (16 MiB instead of SQLite's 2): a large partner body's card
    /// reads about 600 pages scattered through the interactions, so at 100k people the default cache lost them between
    /// two keystrokes and every preview read them back from the file.
    static let browsingCacheKiB = -16_384

    /// Keeps `browsingCacheKiB` of pages on this store's connection, for a person browsing it. Not for commands (a
    /// graph command reads every pair once) nor for the sessions of a shared server, where a hundred processes share
    /// the memory.
    public func keepPagesForBrowsing() throws {
        try queue.inDatabase { try $0.execute(sql: "PRAGMA cache_size = \(Self.browsingCacheKiB)") }
    }

    /// Builds a directory in a temporary file beside `path` and puts it in place only when complete, so a
    /// crash or Ctrl-C midway leaves any existing directory intact. An existing directory is overwritten
    /// through SQLite's backup API, as one write transaction: other processes that have it open (an app
    /// left running) see the new content on their next read instead of writing on into a replaced file.
    public static func replace(path: String, gazetteer: Gazetteer, overwrite: Bool,
                               fill: (DirectoryStore) throws -> Void) throws -> DirectoryStore {
        let exists = try regularFileSize(path) != nil
        if exists && !overwrite { throw StoreError.alreadyExists(path: path) }
        removeAbandonedPartials(of: path)
        let temporary = partialPath(of: path, process: getpid())
        removeDatabaseFiles(temporary)
        defer { removeDatabaseFiles(temporary) }
        // Nobody sees this file before it is complete, and a failure deletes it: it is written without a
        // journal or syncs, then switched to WAL.
        // An existing directory is overwritten through the backup API, which cannot change a WAL file's page size.
        let pageSize = exists ? try pageSize(ofDatabase: path) ?? newPageSize : newPageSize
        let built = try createMigrated(path: temporary, gazetteer: gazetteer, pageSize: pageSize)
        try built.setJournal("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = \(bulkCacheKiB)")
        try fill(built)
        try built.setJournal("PRAGMA journal_mode = WAL")
        if exists, try copyIntoLiveDirectory(from: built, to: path) {
            try wrap(temporary) { try built.queue.close() }
        } else {
            try wrap(temporary) { try built.queue.close() }
            try syncToDisk(temporary)
            // Nothing that SQLite could open lives at `path`, so no WAL beside it may be replayed onto the new file.
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            guard rename(temporary, path) == 0 else {
                throw StoreError.sqlite(path: path, message: "could not move the new directory into place: \(String(cString: strerror(errno)))")
            }
        }
        return try open(path: path, gazetteer: gazetteer)
    }

    /// Overwrites the SQLite database at `path` with `source`'s pages; false when `path` is not a SQLite
    /// database at all (then no process can have it open as one, and it is simply replaced).
    private static func copyIntoLiveDirectory(from source: DirectoryStore, to path: String) throws -> Bool {
        let destination: DatabaseQueue
        do {
            destination = try makeQueue(path: path, readOnly: false)
            _ = try destination.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master") }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            return false
        } catch StoreError.notADatabase {
            // The same, as `makeQueue` words it: a text file named .sqlite was reported as a bad --db (review).
            return false
        }
        try wrap(path) {
            try source.queue.backup(to: destination)
            try destination.close()
        }
        return true
    }

    /// The page size of the SQLite database at `path`, read through SQLite; nil when it is not one.
    private static func pageSize(ofDatabase path: String) throws -> Int? {
        do {
            let queue = try makeQueue(path: path, readOnly: true)
            defer { try? queue.close() }
            return try wrap(path) { try queue.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } }
        } catch StoreError.notADatabase {
            return nil
        }
    }

    /// Hidden, as an export's partial file is: `.<name>.partial-<pid>` beside `path`.
    private static func partialPath(of path: String, process: pid_t) -> String {
        FilePath.folder(of: path) + "/." + (path as NSString).lastPathComponent + ".partial-\(process)"
    }

    /// Removes what an earlier `replace` left when it was killed: `.<name>.partial-<pid>` files (and an older
    /// Bailanys's `<path>.partial-<pid>`) whose process is gone, with their journals.
    static func removeAbandonedPartials(of path: String) {
        removeFiles(beside: path, named: ".partial-", abandoned: isOfGoneProcess)
        removeFilesOfGoneProcesses(beside: path, prefix: "." + (path as NSString).lastPathComponent + ".partial-")
    }

    /// Removes the files beside `path` named `<prefix><pid>…` whose process is gone: what a write killed midway left
    /// (an export's `.<name>.partial-<pid>-…`, which may hold private contacts).
    public static func removeFilesOfGoneProcesses(beside path: String, prefix: String) {
        removeFiles(beside: FilePath.folder(of: path) + "/" + prefix, named: "", abandoned: isOfGoneProcess)
    }

    /// Whether a name's rest starts with the id of a process other than this one that no longer runs.
    private static func isOfGoneProcess(_ rest: Substring) -> Bool {
        guard let process = pid_t(rest.prefix { $0.isNumber }) else { return false }
        return process != getpid() && kill(process, 0) != 0 && errno == ESRCH
    }

    /// Removes the `<path>.backup-….partial` copies (and their journals) of backups whose process was killed.
    static func removeUnfinishedBackups(of path: String) {
        removeFiles(beside: path, named: ".backup-") { $0.contains(".partial") }
    }

    /// Removes the files in `path`'s folder named `<path's name><infix><rest>` for which `abandoned(rest)` holds.
    private static func removeFiles(beside path: String, named infix: String, abandoned: (Substring) -> Bool) {
        let folder = FilePath.folder(of: path)
        let prefix = (path as NSString).lastPathComponent + infix
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names where name.hasPrefix(prefix) && abandoned(name.dropFirst(prefix.count)) {
            try? FileManager.default.removeItem(atPath: folder + "/" + name)
        }
    }

    /// Flushes a closed file to disk before it is renamed into place (nothing else has it open).
    private static func syncToDisk(_ path: String) throws {
        let fd = Foundation.open(path, O_RDWR)
        guard fd >= 0 else { throw StoreError.sqlite(path: path, message: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw StoreError.sqlite(path: path, message: String(cString: strerror(errno))) }
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
        return try Self.wrap(path) {
            try queue.write { db in
                try refuseNewerSchema(db)
                return try body(db)
            }
        }
    }

    /// A write transaction in which SQLite makes no per-row reference lookups: `body` checks the
    /// references of the tables in `uncheckedTables` itself; every other table's are checked before the
    /// commit, and any missing one rolls the whole transaction back. `afterCheck` writes more rows of unchecked tables
    /// once the check is done, in the same transaction: the demo's contacts, copied when the other core has written
    /// them, while the check itself need not wait for them.
    func writeCheckingReferences<T>(except uncheckedTables: Set<String>, _ body: (Database) throws -> T,
                                    afterCheck: (Database, T) throws -> Void = { _, _ in }) throws -> T {
        if isReadOnly { throw StoreError.readOnly(path: path) }
        return try Self.wrap(path) {
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
                var result: T?
                try db.inTransaction {
                    try refuseNewerSchema(db)
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
                    try afterCheck(db, result!)
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
            case .SQLITE_CORRUPT: throw StoreError.damaged(path: path, detail: error.message ?? "\(error)")
            case .SQLITE_BUSY, .SQLITE_LOCKED: throw StoreError.locked(path: path)
            case .SQLITE_READONLY, .SQLITE_PERM: throw StoreError.readOnly(path: path)
            default: throw StoreError.sqlite(path: path, message: error.message ?? "\(error)")
            }
        }
    }

    // MARK: - Opening

    /// SQLite without its own locks (`bailanys_sqlite_use_unlocked_connections`), set once before the process's first
    /// connection: at 100k people they cost a tenth of writing the demo (0.6–1.2 s of 12–14 s, `bailanys sample`) and
    /// of every bulk read. A process that opened SQLite elsewhere first (a test's in-memory database) keeps the locks.
    static let unlockedConnections: Bool = bailanys_sqlite_use_unlocked_connections() == SQLITE_OK

    private static func configuration(readOnly: Bool) -> Configuration {
        var config = Configuration()
        config.readonly = readOnly
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(5)
        config.label = "bailanys"
        return config
    }

    static func makeQueue(path: String, readOnly: Bool) throws -> DatabaseQueue {
        _ = unlockedConnections
        OpenDirectories.remember(path)
        let target = readOnly ? readingTarget(path) : path
        return try wrap(path) { try DatabaseQueue(path: target, configuration: configuration(readOnly: readOnly)) }
    }

    /// What a read-only connection opens. A WAL database needs its `-shm` file, which a reader creates when it
    /// is missing; in a folder it may not write (a shared, read-only copy) that fails and even browsing would be
    /// refused. There SQLite is told the file is immutable (a URI; nobody can be writing it through a WAL there).
    static func readingTarget(_ path: String) -> String {
        guard !FileManager.default.isWritableFile(atPath: FilePath.folder(of: path)),
              !FileManager.default.fileExists(atPath: path + "-shm") else { return path }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?immutable=1"
    }

    /// The size of the regular file at `path`, nil when nothing is there. Asks the file system (stat), never
    /// opens the file, and refuses what SQLite must not be pointed at: a FIFO would block the open forever,
    /// a device or a folder would get a journal beside it.
    static func regularFileSize(_ path: String) throws -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw StoreError.sqlite(path: path, message: String(cString: strerror(errno)))
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw StoreError.notAFile(path: path) }
        return Int(info.st_size)
    }

    /// Where an existing file stands, read on a read-only connection of its own.
    private struct SchemaState {
        var applied: [String]
        var complete: Bool
    }

    /// Reads where the file stands and refuses, before anything is written, a database that is not ours or is newer.
    private static func inspect(_ path: String) throws -> SchemaState {
        let queue = try makeQueue(path: path, readOnly: true)
        defer { try? queue.close() }
        return try wrap(path) {
            try queue.read { db in
                let migrator = Schema.migrator
                guard try db.tableExists("grdb_migrations") else {
                    // A SQLite file that Bailanys never wrote: refuse rather than add tables to someone else's data.
                    if try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0 > 0 { throw StoreError.notADatabase(path: path) }
                    return SchemaState(applied: [], complete: false)
                }
                if let newer = try newerVersion(db) { throw StoreError.newerSchema(path: path, version: newer) }
                let applied = try migrator.completedMigrations(db)
                if applied.isEmpty { throw StoreError.notADatabase(path: path) }
                return SchemaState(applied: applied, complete: try migrator.hasCompletedMigrations(db))
            }
        }
    }

    /// The newest schema applied to the file that this Bailanys does not know (a newer one migrated it), or nil.
    private static func newerVersion(_ db: Database) throws -> String? {
        guard try Schema.migrator.hasBeenSuperseded(db) else { return nil }
        let unknown = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations").filter { !Schema.versions.contains($0) }
        return unknown.last ?? "unknown"
    }

    /// Refuses, at the start of a write transaction, a file that a newer Bailanys migrated after this store opened
    /// it: writing on into a schema whose rules this one does not know could break them. A read of one small table.
    private func refuseNewerSchema(_ db: Database) throws {
        if let newer = try Self.newerVersion(db) { throw StoreError.upgradedWhileOpen(path: path, version: newer) }
    }

    private func migrate(from state: SchemaState, now: Date) throws {
        guard !state.complete else { return }
        if isReadOnly { throw StoreError.readOnly(path: path) }
        try MigrationLock.holding(beside: path) {
            // Another process may have migrated the file while this one waited for its turn.
            let current = try Self.inspect(path)
            guard !current.complete else { return }
            if let last = current.applied.last { try backup(suffix: last, now: now) }
            try Self.wrap(path) { try Schema.migrator.migrate(queue) }
        }
    }

    /// Copies the whole database (consistently, through SQLite's backup API) next to the file. The copy is written
    /// under a `.partial` name and renamed when complete, so a file named as a backup is always a whole one: a process
    /// killed while copying (seconds at 100k people) leaves only a `.partial`, which the next migration removes.
    /// Called only under `MigrationLock`, so no other process is writing a backup of this file.
    private func backup(suffix: String, now: Date) throws {
        let stamp = Int(now.timeIntervalSince1970)
        let target = "\(path).backup-\(suffix)-\(stamp)", partial = target + ".partial"
        if FileManager.default.fileExists(atPath: target) { throw StoreError.alreadyExists(path: target) }
        Self.removeUnfinishedBackups(of: path)
        try Self.createFile(path: partial)
        try Self.wrap(target) {
            let destination = try DatabaseQueue(path: partial)
            try queue.backup(to: destination)
            try destination.close()
        }
        guard rename(partial, target) == 0 else { throw StoreError.sqlite(path: target, message: String(cString: strerror(errno))) }
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
