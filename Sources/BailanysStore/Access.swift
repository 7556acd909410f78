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
}
