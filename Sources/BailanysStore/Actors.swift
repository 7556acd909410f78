import BailanysCore
import BailanysPolicy
import Foundation
import GRDB

/// What kind of directory file this is, kept in `meta` under `file.*` keys.
public struct FileKind: Sendable, Equatable, Codable {
    /// "master" (a coordinator's file: everything) or "member" (a published copy).
    public var kind: String
    /// For a member copy: "alumni" or "mentors".
    public var audience: String?
    /// For a member copy of one region: its gazetteer key.
    public var region: String?
    /// The day the copy was published (ISO).
    public var published: String?
    /// The master it was published from (file name) and by whom.
    public var source: String?

    public static let master = FileKind(kind: "master")
    public var isMemberCopy: Bool { kind == "member" }

    public init(kind: String, audience: String? = nil, region: String? = nil, published: String? = nil, source: String? = nil) {
        self.kind = kind
        self.audience = audience
        self.region = region
        self.published = published
        self.source = source
    }
}

extension DirectoryStore {
    /// The file's kind; a file without one is a master (every file before member copies existed).
    public func fileKind() throws -> FileKind {
        try read { try Self.fileKind($0) }
    }

    static func fileKind(_ db: Database) throws -> FileKind {
        var values: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT key, value FROM meta WHERE key LIKE 'file.%'") {
            values[row[0]] = row[1]
        }
        guard let kind = values["file.kind"] else { return .master }
        return FileKind(kind: kind, audience: values["file.for"], region: values["file.region"],
                        published: values["file.published"], source: values["file.source"])
    }

    static func setFileKind(_ db: Database, _ kind: FileKind) throws {
        try db.execute(sql: "DELETE FROM meta WHERE key LIKE 'file.%'")
        let pairs: [(String, String?)] = [("file.kind", kind.kind), ("file.for", kind.audience), ("file.region", kind.region),
                                          ("file.published", kind.published), ("file.source", kind.source)]
        for (key, value) in pairs {
            guard let value else { continue }
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
        }
    }

    /// The actor for a claimed identity, as this file knows them. In a member copy nobody has coordinator powers;
    /// in a file without any coordinator, nobody-in-particular is its owner.
    public func actor(_ id: EntityID?) throws -> Actor {
        var actor = try read { try Self.actor($0, id) }
        actor.provenKey = provenKey
        return actor
    }

    static func actor(_ db: Database, _ id: EntityID?) throws -> Actor {
        let memberCopy = try fileKind(db).isMemberCopy
        guard let id else {
            let hasCoordinator = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM person WHERE is_coordinator)") ?? false
            return Actor(id: nil, isOwner: !hasCoordinator && !memberCopy)
        }
        guard id.kind == .person else { throw StoreError.wrongKind(id, expected: "a person") }
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM person WHERE id = ?", arguments: [id.number]) else {
            throw StoreError.unknownID(id)
        }
        let person = personValues(row)
        var reach = Actor.Reach.none
        if person.roles.contains(.coordinator) && !memberCopy {
            let national = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM coordinator_reach WHERE person_id = ?)",
                                             arguments: [id.number]) ?? false
            reach = national ? .country : .region(row["region"])
        }
        return Actor(id: id, roles: person.roles, reach: reach)
    }

    /// A person or organisation as the policy sees them: id and region.
    public func subject(_ id: EntityID) throws -> Subject {
        try read { try subject($0, id) }
    }

    func subject(_ db: Database, _ id: EntityID) throws -> Subject {
        let table: String
        switch id.kind {
        case .person: table = "person"
        case .organization: table = "organization"
        default: throw StoreError.wrongKind(id, expected: "a person or an organisation")
        }
        guard let region = try String.fetchOne(db, sql: "SELECT region FROM \(table) WHERE id = ?", arguments: [id.number]) else {
            throw StoreError.unknownID(id)
        }
        return subject(id, region: region)
    }

    /// A subject at a settlement (a new entry, or one about to move there).
    public func subject(_ id: EntityID, settlement: String) -> Subject { gazetteer.subject(id, settlement: settlement) }

    func subject(_ id: EntityID, region: String) -> Subject { gazetteer.subject(id, region: region) }

    /// Whether this coordinator reaches the whole country.
    public func isNationalCoordinator(_ id: EntityID) throws -> Bool {
        try read { try Bool.fetchOne($0, sql: "SELECT EXISTS (SELECT 1 FROM coordinator_reach WHERE person_id = ?)", arguments: [id.number]) ?? false }
    }

    /// Makes a coordinator national (or regional again); only a national coordinator may, and it is audited.
    /// The first coordinator the owner of a new directory adds (before any coordinator existed) reaches the whole
    /// country, unless someone already does: only a national coordinator may give national reach, publish the
    /// country's copy or set the hold-out, and a fresh `init --empty` had no way to get one (review). Audited.
    func makeFirstCoordinatorNational(_ db: Database, by actor: Actor, at time: Date) throws {
        guard actor.isOwner, actor.id == nil,
              try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM coordinator_reach)") == false,
              let first = try Int.fetchOne(db, sql: "SELECT min(id) FROM person WHERE is_coordinator") else { return }
        try db.execute(sql: "INSERT INTO coordinator_reach (person_id, reach) VALUES (?, 'country')", arguments: [first])
        let target = EntityID(.person, first)
        try Self.audit(db, actor: actor, action: .changeReach(try subject(db, target)),
                       detail: "reach=country (the directory's first coordinator)", at: time)
    }

    public func setNationalReach(_ id: EntityID, _ national: Bool, by actor: Actor, at time: Date = Date()) throws {
        try write { db in
            let target = try subject(db, id)
            let action = PolicyAction.changeReach(target)
            try Policy.check([action], by: actor)
            guard try Bool.fetchOne(db, sql: "SELECT is_coordinator FROM person WHERE id = ?", arguments: [id.number]) == true else {
                throw StoreError.invalidField(field: "reach", value: national ? "country" : "region", expected: "a coordinator (give the role first)")
            }
            if national {
                try db.execute(sql: "INSERT OR IGNORE INTO coordinator_reach (person_id, reach) VALUES (?, 'country')", arguments: [id.number])
            } else {
                try db.execute(sql: "DELETE FROM coordinator_reach WHERE person_id = ?", arguments: [id.number])
            }
            try Self.audit(db, actor: actor, action: action, detail: "reach=\(national ? "country" : "region")", at: time)
        }
    }

    /// One audit row, inside the caller's transaction. The identity is as claimed: a personal file cannot prove it.
    static func audit(_ db: Database, actor: Actor, action: PolicyAction, detail: String, at time: Date) throws {
        let subject = action.subjectID.map { "\($0) " } ?? ""
        try db.execute(sql: "INSERT INTO audit_log (recorded_at, actor, action, detail, key_fingerprint) VALUES (?, ?, ?, ?, ?)",
                       arguments: [ISO8601DateFormatter().string(from: time), actor.id?.description, action.auditName,
                                   subject + detail, actor.provenKey])
    }

    /// Records a sensitive read (a coordinator opening a card with its sensitive categories).
    /// A read-only file cannot record it; the read itself is then still allowed.
    public func recordSensitiveRead(_ id: EntityID, by actor: Actor, at time: Date = Date()) throws {
        guard !isReadOnly else { return }
        try write { db in
            let action = PolicyAction.readSensitive(try subject(db, id))
            guard Policy.allows(action, by: actor) else { return }
            try Self.audit(db, actor: actor, action: action, detail: "", at: time)
        }
    }
}
