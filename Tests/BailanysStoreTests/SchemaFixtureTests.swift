import BailanysCore
@testable import BailanysStore
import Foundation
import GRDB
import Synchronization
import Testing

/// Directories written by every older schema, with rows in every table, open as the current schema with
/// every row kept and a backup of the old file beside it. The files in SchemaFixtures/ are checked in and
/// never edited: `regenerate` below wrote them (see SchemaFixtures/README.md), as GRDB keeps its own.
@Suite struct SchemaFixtureTests {
    /// Every schema before the current one.
    static let olderVersions = Array(Schema.versions.dropLast())

    static func fixture(_ version: String) throws -> URL {
        try #require(Bundle.module.url(forResource: "SchemaFixtures/\(version)", withExtension: "sqlite"),
                     "no fixture for \(version): run the regeneration (SchemaFixtures/README.md)")
    }

    /// A private copy of a fixture, named `name`, with the mode Bailanys gives its files.
    static func copy(of version: String, as name: String) throws -> String {
        let path = Fixtures.temporaryPath(name)
        try FileManager.default.copyItem(at: try fixture(version), to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return path
    }

    /// The files named `<path>.…` beside it, but SQLite's own -wal and -shm: backups, partials, locks.
    static func leftovers(beside path: String) throws -> [String] {
        let folder = (path as NSString).deletingLastPathComponent, name = (path as NSString).lastPathComponent
        return try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasPrefix(name + ".") && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") }
    }

    @Test func everyOlderVersionHasAFixture() throws {
        #expect(!Self.olderVersions.isEmpty)
        for version in Self.olderVersions { _ = try Self.fixture(version) }
    }

    @Test(arguments: olderVersions)
    func opensMigratedWithEveryRowAndABackup(version: String) throws {
        let path = try Self.copy(of: version, as: "\(version).sqlite")

        let (versions, before) = try Self.contents(of: path)
        #expect(versions == Array(Schema.versions.prefix(through: Schema.versions.firstIndex(of: version)!)))
        for (table, rows) in before { #expect(!rows.isEmpty, "the \(version) fixture has rows in \(table)") }

        let now = Date(timeIntervalSince1970: 1_764_000_000)
        let store = try DirectoryStore.open(path: path, gazetteer: Fixtures.gazetteer, now: now)
        #expect(try store.schemaVersions() == Schema.versions)
        let doctor = try store.doctor()
        #expect(doctor.healthy, "\(doctor.checks.filter { !$0.ok })")
        // Later migrations may add columns (v9: the audit's key fingerprint): the old ones are compared. Two were removed:
        // v10 keeps a salted digest of each invite code instead of its text (checked in `inviteCodesAreHashed`), and v13
        // drops the meetup's seed, which plans no longer depend on.
        var columns = try Self.columns(of: path + ".backup-\(version)-1764000000")
        let current = try store.read { db in try columns.keys.reduce(into: [String: Set<String>]()) { $0[$1] = Set(try db.columns(in: $1).map(\.name)) } }
        var removed: [String] = []
        for (table, names) in columns {
            removed += names.filter { !current[table, default: []].contains($0) }.map { "\(table).\($0)" }
            columns[table] = names.filter { current[table, default: []].contains($0) }
        }
        let heldCodes = Schema.versions.firstIndex(of: version)! < Schema.versions.firstIndex(of: "v10-invite-hash")!
            && before["access_invite"] != nil
        #expect(removed.sorted() == ((heldCodes ? ["access_invite.code"] : []) + (before["meetup"] != nil ? ["meetup.seed"] : [])).sorted(),
                "only the invite code's text and the meetup's unused seed are dropped")
        let after = try store.read { db in try Self.rows(db, tables: Array(before.keys), columns: columns) }
        let backupQueue = try Self.readOnly(path + ".backup-\(version)-1764000000")
        let kept = try backupQueue.read { db in try Self.rows(db, tables: Array(before.keys), columns: columns) }
        try backupQueue.close()
        for (table, rows) in kept { #expect(after[table] == rows, "every row of \(table) is kept") }
        // v8 recomputes every sort key in `NameOrder`: each is the current key of its name.
        try store.read { db in
            for (table, column) in [("person", "full_name"), ("organization", "name")] {
                for row in try Row.fetchAll(db, sql: "SELECT \(column) AS name, sort_key FROM \(table)") {
                    #expect(row["sort_key"] as Data == sortKey(row["name"]), "\(table) \(row["name"] as String)")
                }
            }
        }

        let backup = "\(path).backup-\(version)-1764000000"
        let (backupVersions, backedUp) = try Self.contents(of: backup)
        #expect(backupVersions == versions, "the backup is the file as it was")
        #expect(backedUp == before)

        // The directory reads as before through the current code.
        let directory = try store.loadDirectory(audience: .coordinator)
        #expect(directory.people.map(\.fullName) == ["Айгерім Сапарова", "Ерлан Жақсылықов", "Dana Bekova"])
        #expect(directory.people[0].sensitive.neet)
        #expect(directory.interactions.count == 3)
        #expect(try store.search("aigerim").map(\.id) == [Fixtures.p(1)])
        #expect(try store.search("A").map(\.id).contains(Fixtures.p(1)), "the one-letter index (v5) covers the old rows")
        if Schema.versions.firstIndex(of: version)! >= Schema.versions.firstIndex(of: "v3-meetups")! {
            #expect(try store.meetups().first?.attendees.map(\.id) == [Fixtures.p(1)])
        }
    }

    /// Several processes opening the same older file at once (a shared server's sessions right after an upgrade) take
    /// turns: one writes the backup and migrates, the others find the file migrated. Found on 2026-12-07 with three
    /// commands on a copy of the demo at v12: two failed with "A directory already exists at ….backup-v12-…" (the
    /// first one's backup, named for the same second), and a second migrator could re-run a migration the first had
    /// just applied. Threads open files of their own here, as processes do (the lock is per open file).
    @Test func concurrentOpensOfAnOlderFileMigrateOnce() throws {
        let version = try #require(Self.olderVersions.last)
        let now = Date(timeIntervalSince1970: 1_764_000_000)
        for round in 0..<5 {
            let path = try Self.copy(of: version, as: "concurrent-\(round).sqlite")
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                do {
                    let store = try DirectoryStore.open(path: path, gazetteer: Fixtures.gazetteer, now: now)
                    #expect(try store.schemaVersions() == Schema.versions)
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 } == [], "round \(round)")
            #expect(try Self.leftovers(beside: path) == [(path as NSString).lastPathComponent + ".backup-\(version)-1764000000"],
                    "one backup, and no lock file left behind")
        }
    }

    /// A backup killed while copying leaves `<file>.backup-….partial` (and maybe its journal); the next migration,
    /// holding the lock, removes them, and a whole backup of the same version was never one of them.
    @Test func theNextMigrationRemovesABackupKilledWhileCopying() throws {
        let version = try #require(Self.olderVersions.last)
        let path = try Self.copy(of: version, as: "killed-backup.sqlite")
        let killed = "\(path).backup-\(version)-1763000000.partial"
        for leftover in [killed, killed + "-journal"] { #expect(FileManager.default.createFile(atPath: leftover, contents: Data("x".utf8))) }
        _ = try DirectoryStore.open(path: path, gazetteer: Fixtures.gazetteer, now: Date(timeIntervalSince1970: 1_764_000_000))
        #expect(try Self.leftovers(beside: path) == [(path as NSString).lastPathComponent + ".backup-\(version)-1764000000"])
    }

    /// The invite codes of the v9 fixture, as `access invite` stored them (normalised): one open, one used.
    static let openInvite = "ABCDEFGHJKMNPQRS", usedInvite = "STUVWXYZ23456789"

    /// v10-invite-hash: the codes v9 kept as text are gone from the file, and still work (or are still spent) by their digest.
    @Test func inviteCodesAreHashed() throws {
        let path = try Self.copy(of: "v9-access", as: "v9-access.sqlite")
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        for code in [Self.openInvite, Self.usedInvite] { #expect(original.range(of: Data(code.utf8)) != nil, "the fixture holds \(code)") }

        let now = Date(timeIntervalSince1970: 1_764_000_000)
        var store: DirectoryStore? = try DirectoryStore.open(path: path, gazetteer: Fixtures.gazetteer, now: now)
        let lengths = try store!.read { db in
            try Row.fetchAll(db, sql: "SELECT length(salt) AS s, length(digest) AS d FROM access_invite").map { [$0["s"] as Int, $0["d"] as Int] }
        }
        #expect(lengths == [[16, 32], [16, 32]])
        store = nil  // closes the connection: the WAL goes back into the file
        for file in [path, path + "-wal"] {
            guard let bytes = FileManager.default.contents(atPath: file) else { continue }
            for code in [Self.openInvite, Self.usedInvite] { #expect(bytes.range(of: Data(code.utf8)) == nil, "\(file) no longer holds \(code)") }
        }

        let reopened = try DirectoryStore.open(path: path, gazetteer: Fixtures.gazetteer, now: now)
        let today = Day(iso: "2025-04-05")!
        #expect(throws: InviteRefusal.used(on: "2025-03-02")) {
            try reopened.redeemInvite(code: Self.usedInvite, fingerprint: "SHA256:other", today: today) { _ in }
        }
        #expect(throws: InviteRefusal.unknown) {
            try reopened.redeemInvite(code: "ABCDEFGHJKMNPQRT", fingerprint: "SHA256:other", today: today) { _ in }
        }
        var bound: [EntityID] = []
        let id = try reopened.redeemInvite(code: Self.openInvite, fingerprint: "SHA256:fixture-key", today: today, at: now) { bound.append($0) }
        #expect(id == Fixtures.p(1) && bound == [Fixtures.p(1)])
        #expect(throws: InviteRefusal.used(on: "2025-11-24")) {
            try reopened.redeemInvite(code: Self.openInvite, fingerprint: "SHA256:other", today: today) { _ in }
        }
    }

    static func readOnly(_ path: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.readonly = true
        return try DatabaseQueue(path: path, configuration: config)
    }

    /// The migrations applied and every row of every table, each row as its values (FTS5's own tables
    /// are left out: the search table is compared through its columns).
    static func contents(of path: String) throws -> ([String], [String: [[DatabaseValue]]]) {
        let queue = try readOnly(path)
        defer { try? queue.close() }
        return try queue.read { db in
            let tables = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_%'
                  AND name <> 'grdb_migrations'
                """)
            return (try Schema.migrator.completedMigrations(db), try rows(db, tables: tables))
        }
    }

    /// Every row of each table as the values of its columns (all of them unless `columns` names the table's), in a
    /// stable order; sort keys are left out (v8 recomputes them; checked against `NameOrder` instead).
    static func rows(_ db: Database, tables: [String], columns: [String: [String]] = [:]) throws -> [String: [[DatabaseValue]]] {
        var result: [String: [[DatabaseValue]]] = [:]
        for table in tables {
            let names = try columns[table] ?? db.columns(in: table).map(\.name)
            let selected = (table == "search" ? ["rowid"] : []) + names.filter { $0 != "sort_key" }
            result[table] = try Row.fetchAll(db, sql: "SELECT \(selected.joined(separator: ", ")) FROM \(table)")
                .map { Array($0.databaseValues) }
                .sorted { $0.description < $1.description }
        }
        return result
    }

    /// The columns of every table of the file at `path`.
    static func columns(of path: String) throws -> [String: [String]] {
        let queue = try readOnly(path)
        defer { try? queue.close() }
        return try queue.read { db in
            var result: [String: [String]] = [:]
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") {
                result[table] = try db.columns(in: table).map(\.name)
            }
            return result
        }
    }
}

/// Writes SchemaFixtures/<version>.sqlite for every older schema: the migrator run up to that version,
/// then a few rows in every table it has, written with SQL of that time. Run only on purpose:
/// `BAILANYS_REGENERATE_SCHEMA_FIXTURES=1 swift test --filter SchemaFixtureGenerator`.
@Suite struct SchemaFixtureGenerator {
    static var folder: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("SchemaFixtures") }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["BAILANYS_REGENERATE_SCHEMA_FIXTURES"] == "1"))
    func regenerate() throws {
        for version in SchemaFixtureTests.olderVersions {
            let path = Self.folder.appendingPathComponent("\(version).sqlite").path
            try? FileManager.default.removeItem(atPath: path)
            let queue = try DatabaseQueue(path: path)
            // Small pages and no WAL: one small file per version.
            try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA page_size = 1024; PRAGMA journal_mode = DELETE") }
            let reached = Schema.versions.firstIndex(of: version)!
            // v10 turned the invite table's codes into digests: later fixtures hold v9's rows as that migration left
            // them, so the rows are written at v9 and the file is migrated on from there.
            let hashing = Schema.versions.firstIndex(of: "v10-invite-hash")!
            let written = min(reached, hashing - 1)
            try Schema.migrator.migrate(queue, upTo: Schema.versions[written])
            try queue.write { db in
                for (index, statements) in Self.rows.enumerated() where index <= written {
                    for statement in statements { try db.execute(literal: statement) }
                }
                // From v7 on, the per-pair tie state is derived from the interactions inserted above, as every write keeps it.
                if reached >= Schema.versions.firstIndex(of: "v7-tie-pairs")! { try TiePairs.rebuild(db) }
                // From v8 on, the initials table is derived from the search rows, as every write keeps it.
                if reached >= Schema.versions.firstIndex(of: "v8-search-order")! {
                    let insert = try db.makeStatement(sql: SearchInitials.insertSQL)
                    for row in try Row.fetchAll(db, sql: "SELECT s.rowid AS entry, s.name, coalesce(p.sort_key, o.sort_key) AS sort_key FROM search s LEFT JOIN person p ON p.id = s.rowid LEFT JOIN organization o ON o.id = -s.rowid") {
                        for initial in SearchInitials.initials(ofFolded: row["name"]) {
                            try insert.execute(arguments: [initial, row["sort_key"] as Data, row["entry"] as Int])
                        }
                    }
                }
            }
            try Schema.migrator.migrate(queue, upTo: version)
            try queue.write { db in
                for (index, statements) in Self.rows.enumerated() where index > written && index <= reached {
                    for statement in statements { try db.execute(literal: statement) }
                }
            }
            try queue.writeWithoutTransaction { try $0.execute(sql: "VACUUM") }
            try queue.close()
        }
    }

    /// Rows for the tables each migration added, in the order of `Schema.versions`.
    static var rows: [[SQL]] {
        let names = ["Айгерім Сапарова", "Ерлан Жақсылықов", "Dana Bekova"]
        let (aigerim, erlan, dana) = (names[0], names[1], names[2])
        let akimat = "Ақтау қаласының әкімдігі"
        let place = SearchDocument.PlaceCache(gazetteer: Fixtures.gazetteer).place
        let words = SearchDocument.uniqueWords
        return [
            // v1-directory
            [
                "INSERT INTO meta (key, value) VALUES ('sample', 'fixture')",
                """
                INSERT INTO person (id, external_id, full_name, gender, birth_year, is_alumnus, is_mentor, is_coordinator,
                                    settlement, region, languages, interests, suggestions_opt_out, note, sort_key)
                VALUES (1, 'ext-1', \(aigerim), 'female', 2001, 1, 0, 0, 'aktau', 'mangystau', '["kk","ru"]', '["экология"]', 0, 'Жазба', \(sortKey(aigerim))),
                       (2, NULL, \(erlan), 'male', NULL, 1, 1, 0, 'shetpe', 'mangystau', '[]', '[]', 1, '', \(sortKey(erlan))),
                       (3, 'ext-3', \(dana), 'female', 1999, 0, 0, 1, 'astana', 'astana', '["en"]', '[]', 0, '', \(sortKey(dana)))
                """,
                "INSERT INTO person_sensitive (person_id, neet, vulnerable, disability_group) VALUES (1, 1, 0, NULL), (3, 0, 1, 2)",
                "INSERT INTO organization (id, external_id, name, kind, settlement, region, note, sort_key) VALUES (1, 'org-1', \(akimat), 'akimat', 'aktau', 'mangystau', '', \(sortKey(akimat)))",
                """
                INSERT INTO contact (person_id, organization_id, kind, value, shared)
                VALUES (1, NULL, 'phone', '+7 701 111 22 33', 1), (1, NULL, 'email', 'aigerim@mail.kz', 0),
                       (NULL, 1, 'phone', '+7 7292 00 00 00', 1)
                """,
                "INSERT INTO round (id, year, number, format, start_day) VALUES (1, 2023, 5, 'online', '2023-03-01')",
                "INSERT INTO initiative (id, external_id, title, theme, round_id, settlement, region, status) VALUES (1, 'ini-1', 'Таза Каспий', 'ecology', 1, 'aktau', 'mangystau', 'continuing')",
                "INSERT INTO team_member (initiative_id, person_id, role) VALUES (1, 1, 'leader'), (1, 2, 'member')",
                "INSERT INTO initiative_mentor (initiative_id, person_id) VALUES (1, 3)",
                "INSERT INTO initiative_partner (initiative_id, organization_id) VALUES (1, 1)",
                """
                INSERT INTO interaction (a_person_id, a_organization_id, b_person_id, b_organization_id, day, channel, note, source)
                VALUES (1, NULL, 2, NULL, '2024-05-01', 'meeting', '', 'sample'),
                       (1, NULL, 3, NULL, '2025-01-10', 'call', 'Сәлем', 'manual'),
                       (2, NULL, NULL, 1, '2025-06-15', 'meeting', '', 'import')
                """,
                "INSERT INTO activity (person_id, kind, day) VALUES (1, 'cleanup', '2024-04-20')",
                """
                INSERT INTO search (rowid, name, place, other)
                VALUES (1, \(TextFold.fold(aigerim)), \(place("aktau")), \(words(["экология", "Таза Каспий", "ecology"]))),
                       (2, \(TextFold.fold(erlan)), \(place("shetpe")), \(words(["Таза Каспий", "ecology"]))),
                       (3, \(TextFold.fold(dana)), \(place("astana")), ''),
                       (-1, \(TextFold.fold(akimat)), \(place("aktau")), 'akimat')
                """,
            ],
            // v2-feedback-audit
            [
                """
                INSERT INTO suggestion_feedback (key, state, until_day, recorded_day)
                VALUES ('meet:P1:P3', 'dismissed', NULL, '2025-02-01'), ('reconnect:P1:P2', 'snoozed', '2026-01-01', '2025-03-01')
                """,
                "INSERT INTO audit_log (recorded_at, actor, action, detail) VALUES ('2025-03-02T10:00:00Z', 'P3', 'export', 'sensitive categories')",
            ],
            // v3-meetups
            [
                """
                INSERT INTO meetup (id, host_settlement, venue_organization_id, starts_at, capacity, radius_km, focus, seed, status)
                VALUES (1, 'aktau', 1, '2025-09-20T18:00', 12, 50.0, NULL, 7, 'held')
                """,
                """
                INSERT INTO meetup_invitee (meetup_id, person_id, position, is_mentor, table_number, reasons)
                VALUES (1, 1, 0, 0, 1, ''), (1, 3, 1, 1, 1, '')
                """,
                "INSERT INTO meetup_attendee (meetup_id, person_id) VALUES (1, 1)",
            ],
            // v4-interchange
            [
                #"INSERT INTO person_vcard_extra (person_id, properties) VALUES (1, '[{"name":"X-TELEGRAM","value":"@aigerim"}]')"#,
            ],
            // v5-search-initials: no new table (the search index gained one-letter prefixes)
            [],
            // v6-coordinator-reach
            [
                "INSERT INTO coordinator_reach (person_id, reach) VALUES (3, 'country')",
            ],
            // v7-tie-pairs: tie_pair is rebuilt from the interactions (above); tie_fit holds one cached fit
            [
                #"INSERT INTO tie_fit (key, fitted) VALUES ('fixture', '{}')"#,
            ],
            // v8-search-order: search_initial is derived from the search rows (above)
            [],
            // v9-access
            [
                """
                INSERT INTO access_invite (code, person_id, created_at, expires_day, used_at, used_key)
                VALUES (\(SchemaFixtureTests.openInvite), 1, '2025-04-01T10:00:00Z', '2025-04-08', NULL, NULL),
                       (\(SchemaFixtureTests.usedInvite), 2, '2025-03-01T10:00:00Z', '2025-03-08', '2025-03-02T09:00:00Z', 'SHA256:fixture')
                """,
            ],
            // v10-invite-hash: v9's codes, hashed by the migration (above)
            [],
            // v11-suggestion-use: the design row comes with the migration; one recorded suggestion, acted on
            [
                """
                INSERT INTO suggestion_use (key, viewer_id, subject_person_id, kind, arm, first_day, last_day, best_rank,
                                            first_score, acted_day)
                VALUES ('reconnect:P1:P2', 1, 2, 'reconnect', 'shown', '2025-05-01', '2025-05-03', 1, 2.5, '2025-05-03')
                """,
            ],
            // v12-coordinator-index: an index only
            [],
            // v13-meetup-without-seed: a column dropped only
            [],
        ]
    }
}
