import BailanysCore
import Foundation
import GRDB

extension DirectoryStore {
    /// "coordinator's master" or "member copy for alumni of Mangystau Region, published 2026-11-25 from demo.sqlite".
    public func describe(_ kind: FileKind) -> String {
        guard kind.isMemberCopy else { return "coordinator's master (holds everything; keep it 0600)" }
        let region = kind.region.map { " of \(gazetteer.region($0)?.names.en ?? $0)" } ?? ""
        return "member copy for \(kind.audience ?? "members")\(region), published \(kind.published ?? "?") from \(kind.source ?? "?")"
    }

    /// `doctor`'s check that a member copy holds nothing private: no sensitive table, no unshared contact,
    /// no private field, note or interaction note, empty audit log, no record of suggestion use. Nil for a master.
    func memberCopyCheck(_ db: Database) throws -> DoctorReport.Check? {
        guard try Self.fileKind(db).isMemberCopy else { return nil }
        var found: [String] = []
        if try Self.hasSensitiveTable(db) { found.append("a table of sensitive categories") }
        let probes: [(String, String)] = [
            ("SELECT count(*) FROM contact WHERE NOT shared", "unshared contacts"),
            ("SELECT count(*) FROM person WHERE note <> '' OR gender IS NOT NULL OR birth_year IS NOT NULL OR external_id IS NOT NULL",
             "people with private fields"),
            ("SELECT count(*) FROM interaction WHERE note <> '' AND source <> 'manual'", "published interaction notes"),
            ("SELECT count(*) FROM audit_log", "audit entries"),
            ("SELECT count(*) FROM person_vcard_extra", "kept vCard properties"),
            ("SELECT count(*) FROM suggestion_use", "records of suggestion use"),
        ]
        for (sql, what) in probes {
            let count = try Int.fetchOne(db, sql: sql) ?? 0
            if count > 0 { found.append("\(count) \(what)") }
        }
        return DoctorReport.Check(name: "member copy", ok: found.isEmpty,
                                  detail: found.isEmpty ? "holds nothing members may not see" : "holds " + found.joined(separator: ", "))
    }
}
