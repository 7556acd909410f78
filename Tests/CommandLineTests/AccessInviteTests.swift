import BailanysCore
import BailanysStore
import Foundation
import Testing

/// `access invite` and `access enroll` as the join account's forced command runs it: the code as the remote
/// command, the offered key in the SSH_USER_AUTH file. Refused codes, reuse and expiry.
@Suite(.serialized) struct AccessInviteTests {
    let cli = BinaryRunner()

    /// A new key pair; returns the SSH_USER_AUTH file sshd would write for it and its public line.
    func offeredKey(_ name: String) throws -> (authInfo: String, publicLine: String) {
        let path = cli.path(name)
        let keygen = Process()
        keygen.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        keygen.arguments = ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", path]
        try keygen.run()
        keygen.waitUntilExit()
        let line = try String(contentsOfFile: path + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        let authInfo = path + ".auth"
        try Data("publickey \(line)\n".utf8).write(to: URL(fileURLWithPath: authInfo))
        return (authInfo, line)
    }

    func invite(_ person: String, db: String, by coordinator: String, days: Int = 7) throws -> String {
        let result = try cli.run(["access", "invite", person, "--days", "\(days)", "--as", coordinator, "--db", db, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: String]
        return object["code"]!
    }

    func enroll(_ code: String, key: String, db: String, keys: String, today: String? = nil) throws -> BinaryRunner.Result {
        var environment = ["SSH_ORIGINAL_COMMAND": code, "SSH_USER_AUTH": key]
        if let today { environment["BAILANYS_TODAY"] = today }
        return try cli.run(["access", "enroll", "--db", db, "--authorized-keys", keys], environment: environment)
    }

    @Test func aCodeBindsTheOfferedKeyOnceAndOnlyInTime() throws {
        let db = try cli.demo()
        let coordinator = try cli.coordinatorID(db)
        let keys = cli.path("authorized_keys")
        let (alice, aliceLine) = try offeredKey("alice")
        let (mallory, _) = try offeredKey("mallory")

        #expect(try cli.run(["access", "invite", "P12", "--as", "P40", "--db", db]).status == 4, "members cannot invite")
        let code = try invite("P12", db: db, by: coordinator)
        // Only a salted digest is kept: neither the file nor its WAL holds the code, in either form.
        for file in [db, db + "-wal"] {
            guard let bytes = FileManager.default.contents(atPath: file) else { continue }
            for form in [code, code.replacingOccurrences(of: "-", with: "")] {
                #expect(bytes.range(of: Data(form.utf8)) == nil, "\(file) holds the code \(form)")
            }
        }
        let enrolled = try enroll(code.lowercased(), key: alice, db: db, keys: keys)
        #expect(enrolled.status == 0, "\(enrolled.stderr)")
        let text = try String(contentsOfFile: keys, encoding: .utf8)
        #expect(text.contains("session P12\" \(aliceLine) bailanys:P12 SHA256:"), "\(text)")

        // Reuse, by anyone, is refused and binds nothing.
        let reused = try enroll(code, key: mallory, db: db, keys: keys)
        #expect(reused.status == 4 && reused.stderr.contains("already used"), "\(reused.stderr)")
        #expect(try String(contentsOfFile: keys, encoding: .utf8) == text)
        for wrong in ["ABCD-EFGH-JKMN-PQRS", "x; sh", ""] {
            #expect(try enroll(wrong, key: mallory, db: db, keys: keys).status == 4, "\(wrong)")
        }

        // Expiry: a one-day code works through tomorrow, not the day after.
        let short = try invite("P40", db: db, by: coordinator, days: 1)
        let late = try enroll(short, key: mallory, db: db, keys: keys, today: "2026-11-27")
        #expect(late.status == 4 && late.stderr.contains("expired on 2026-11-26"), "\(late.stderr)")
        #expect(try String(contentsOfFile: keys, encoding: .utf8) == text)

        // Under sshd the server's clock decides: a BAILANYS_TODAY the client sent (AcceptEnv) cannot revive a code
        // that expired by the real calendar (this one expired on 2026-11-26).
        let spoofed = try cli.run(["access", "enroll", "--db", db, "--authorized-keys", keys],
                                  environment: ["SSH_ORIGINAL_COMMAND": short, "SSH_USER_AUTH": mallory,
                                                "SSH_CONNECTION": "192.0.2.7 50000 192.0.2.1 22", "BAILANYS_TODAY": "2026-11-25"])
        #expect(spoofed.status == 4 && spoofed.stderr.contains("expired"), "\(spoofed.stderr)")
        #expect(try String(contentsOfFile: keys, encoding: .utf8) == text)

        // A key that already belongs to someone leaves the code unspent, for the right key.
        let other = try invite("P40", db: db, by: coordinator)
        #expect(try enroll(other, key: alice, db: db, keys: keys).status == 1)
        #expect(try enroll(other, key: mallory, db: db, keys: keys, today: "2026-11-26").status == 0)

        // No key offered: nothing to bind.
        let third = try invite("P41", db: db, by: coordinator)
        #expect(try cli.run(["access", "enroll", third, "--db", db, "--authorized-keys", keys]).status == 1)

        let rows = try cli.open(db).auditKeys().filter { $0.action == "manage-access" }
        let enrolments = rows.filter { $0.key != nil }
        #expect(enrolments.map(\.actor) == ["P12", "P40"], "enrolments are audited as the person, with their key")
        #expect(rows.count == 6, "four invites and two enrolments: \(rows)")
    }
}
