import BailanysCore
import Foundation
import Testing

/// `bailanys access grant|revoke|list` on the real binary: keys checked by ssh-keygen, the forced command
/// written, foreign lines kept, one key per person, grants and revocations audited, coordinators only.
@Suite(.serialized) struct AccessCommandTests {
    let cli = BinaryRunner()

    func key(_ name: String) throws -> String {
        let path = cli.path(name)
        let keygen = Process()
        keygen.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        keygen.arguments = ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path]
        try keygen.run()
        keygen.waitUntilExit()
        return path + ".pub"
    }

    /// A bare file name is the file in the working folder, as `list` read it: `grant` and `revoke` stopped on a raw
    /// "The file doesn't exist" (they created the folder "" first; review D).
    @Test func aBareFileNameIsInTheWorkingFolder() throws {
        let db = try cli.demo()
        let coordinator = try cli.coordinatorID(db)
        let folder = (cli.path("authorized_keys") as NSString).deletingLastPathComponent
        let alice = try key("alice")
        let granted = try cli.run(["access", "grant", "P12", "--key", alice, "--authorized-keys", "ak", "--as", coordinator, "--db", db],
                                  directory: folder)
        #expect(granted.status == 0, "\(granted.stderr)")
        #expect(try String(contentsOfFile: folder + "/ak", encoding: .utf8).contains("session P12\""))
        let revoked = try cli.run(["access", "revoke", "P12", "--authorized-keys", "ak", "--as", coordinator, "--db", db],
                                  directory: folder)
        #expect(revoked.status == 0, "\(revoked.stderr)")
        #expect(try !String(contentsOfFile: folder + "/ak", encoding: .utf8).contains("session P12\""))
        // A folder is no keys file, and is named as one (review F: "cannot create the lock file beside keys/").
        for named in ["keys/", folder] {
            let refused = try cli.run(["access", "grant", "P12", "--key", alice, "--authorized-keys", named, "--as", coordinator, "--db", db],
                                      directory: folder)
            #expect(refused.status == 3 && refused.stderr.contains("is a folder (expected the authorized_keys file"), "\(refused.stderr)")
        }
    }

    @Test func grantListRevokeThroughTheBinary() throws {
        let db = try cli.demo()
        let coordinator = try cli.coordinatorID(db)
        let keys = cli.path("authorized_keys")
        let foreign = "# kept\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOwnAdminKey admin@laptop\n"
        try Data(foreign.utf8).write(to: URL(fileURLWithPath: keys))
        let alice = try key("alice"), bob = try key("bob")

        let granted = try cli.run(["access", "grant", "P12", "--key", alice, "--authorized-keys", keys, "--as", coordinator, "--db", db, "--json"])
        #expect(granted.status == 0, "\(granted.stderr)")
        #expect(granted.stdout.contains("\"added\" : true") && granted.stdout.contains("SHA256:"))
        let text = try String(contentsOfFile: keys, encoding: .utf8)
        #expect(text.hasPrefix(foreign))
        let line = text.dropFirst(foreign.count)
        #expect(line.hasPrefix("restrict,pty,command=\"/"), "\(line)")
        #expect(line.contains(" --db \(URL(fileURLWithPath: db).standardizedFileURL.path) session P12\" ssh-ed25519 "))

        // The same key for someone else is refused; again for P12 changes nothing.
        let taken = try cli.run(["access", "grant", "P40", "--key", alice, "--authorized-keys", keys, "--as", coordinator, "--db", db])
        #expect(taken.status == 1 && taken.stderr.contains("already belongs to P12"), "\(taken.stderr)")
        #expect(try cli.run(["access", "grant", "P12", "--key", alice, "--authorized-keys", keys, "--as", coordinator, "--db", db]).stdout.contains("already granted"))

        // Not a key; a member may not grant; nothing is written either way.
        let garbage = cli.path("garbage.pub")
        try Data("ssh-ed25519 AAAAnotakey x\n".utf8).write(to: URL(fileURLWithPath: garbage))
        #expect(try cli.run(["access", "grant", "P40", "--key", garbage, "--authorized-keys", keys, "--as", coordinator, "--db", db]).status == 1)
        let member = try cli.run(["access", "grant", "P40", "--key", bob, "--authorized-keys", keys, "--as", "P12", "--db", db])
        #expect(member.status == 4, "\(member.stderr)")
        #expect(try String(contentsOfFile: keys, encoding: .utf8) == text)

        #expect(try cli.run(["access", "grant", "P40", "--key", bob, "--authorized-keys", keys, "--as", coordinator, "--db", db]).status == 0)
        let listed = try cli.run(["access", "list", "--authorized-keys", keys, "--json"])
        #expect(listed.stdout.components(separatedBy: "\"person\" : ").count == 3, "\(listed.stdout)")

        let revoked = try cli.run(["access", "revoke", "P12", "--authorized-keys", keys, "--as", coordinator, "--db", db])
        #expect(revoked.status == 0, "\(revoked.stderr)")
        let after = try String(contentsOfFile: keys, encoding: .utf8)
        #expect(after.hasPrefix(foreign) && !after.contains("session P12\"") && after.contains("session P40\""))
        #expect(try cli.run(["access", "revoke", "P12", "--authorized-keys", keys, "--as", coordinator, "--db", db]).status == 1)

        let audit = try cli.open(db).auditLog().filter { $0.action == "manage-access" }
        #expect(audit.map(\.detail.description).map { $0.components(separatedBy: " ").prefix(2).joined(separator: " ") }
                == ["P12 grant", "P40 grant", "P12 revoke"])
        #expect(audit.allSatisfy { $0.actor == coordinator })
    }
}
