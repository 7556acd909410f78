import BailanysCore
import BailanysPolicy
import Foundation
import GRDB

extension DirectoryStore {
    /// Grants or revokes a person's SSH access (docs/server.md). The policy is checked, `change` edits the
    /// authorized_keys file and returns what to record (nil: nothing changed, nothing to record), and the audit row is written in the same transaction:
    /// a refused change touches no file, and a file edit that fails leaves no audit row behind.
    public func changeAccess(of id: EntityID, by actor: Actor, at time: Date = Date(),
                             _ change: () throws -> String?) throws {
        guard id.kind == .person else { throw StoreError.wrongKind(id, expected: "a person") }
        try write { db in
            let action = PolicyAction.manageAccess(try subject(db, id))
            try Policy.check([action], by: actor)
            guard let detail = try change() else { return }
            try Self.audit(db, actor: actor, action: action, detail: detail, at: time)
        }
    }

    /// The audit trail with the key that proved each row (nil where the identity was only claimed), oldest first.
    public func auditKeys() throws -> [(action: String, actor: String?, key: String?)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT action, actor, key_fingerprint FROM audit_log ORDER BY id").map { ($0[0], $0[1], $0[2]) }
        }
    }

    /// Records a one-time enrolment code for a person, valid through `expires` (coordinators reaching them; audited).
    /// Only a salted digest of the code is stored (`InviteDigest`): the code itself exists only in what is shown.
    public func createInvite(for id: EntityID, code: String, expires: Day, by actor: Actor, at time: Date = Date()) throws {
        guard id.kind == .person else { throw StoreError.wrongKind(id, expected: "a person") }
        try write { db in
            let action = PolicyAction.manageAccess(try subject(db, id))
            try Policy.check([action], by: actor)
            let salt = InviteDigest.salt()
            try db.execute(sql: "INSERT INTO access_invite (salt, digest, person_id, created_at, expires_day) VALUES (?, ?, ?, ?, ?)",
                           arguments: [Data(salt), Data(InviteDigest.digest(code: code, salt: salt)), id.number,
                                       ISO8601DateFormatter().string(from: time), expires.iso])
            try Self.audit(db, actor: actor, action: action, detail: "invite until \(expires.iso)", at: time)
        }
    }

    /// Uses an enrolment code for the key `fingerprint`: `bind` writes the key's line for the person the code names,
    /// then the code is spent and the enrolment audited as the person, with that key — all or nothing.
    public func redeemInvite(code: String, fingerprint: String, today: Day, at time: Date = Date(),
                             _ bind: (EntityID) throws -> Void) throws -> EntityID {
        try write { db in
            guard let row = try InviteDigest.matching(db, code: code) else { throw InviteRefusal.unknown }
            if let used: String = row["used_at"] { throw InviteRefusal.used(on: String(used.prefix(10))) }
            let expires = Day(iso: row["expires_day"] as String) ?? today
            if expires < today { throw InviteRefusal.expired(on: expires) }
            let id = EntityID(.person, row["person_id"])
            try bind(id)
            try db.execute(sql: "UPDATE access_invite SET used_at = ?, used_key = ? WHERE id = ?",
                           arguments: [ISO8601DateFormatter().string(from: time), fingerprint, row["id"] as Int64])
            var actor = try Self.actor(db, id)
            actor.provenKey = fingerprint
            try Self.audit(db, actor: actor, action: .manageAccess(try subject(db, id)), detail: "enroll \(fingerprint)", at: time)
            return id
        }
    }
}

/// Why an enrolment code was not accepted. Deliberately says nothing about whose code it was.
public enum InviteRefusal: Error, Equatable, CustomStringConvertible {
    case unknown
    case used(on: String)
    case expired(on: Day)

    public var description: String {
        switch self {
        case .unknown: "this code is not known; check it, or ask your coordinator for a new one"
        case .used(let day): "this code was already used (\(day)); ask your coordinator for a new one"
        case .expired(let day): "this code expired on \(day.iso); ask your coordinator for a new one"
        }
    }
}
