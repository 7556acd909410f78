@testable import BailanysCommands
import BailanysCore
import Foundation
import Testing

/// The authorized_keys editor: lines Bailanys did not write stay byte for byte and in place, a key belongs to
/// one person, revoking removes only that person's lines, and the file is replaced whole under a lock.
@Suite struct AuthorizedKeysTests {
    static let keyA = PublicKey(type: "ssh-ed25519", blob: "AAAAC3NzaC1lZDI1NTE5AAAAIINaXjDvO8ED/j1PzWCphPdeNVhAuY5Jrb1YI8j31zih")
    static let keyB = PublicKey(type: "ssh-ed25519", blob: "AAAAC3NzaC1lZDI1NTE5AAAAIHPJg0tRLxxHK0NGS3YL4ZRJONFMqynLlet7T0T7zDfn")
    static let command = try! ForcedCommand(executable: "/usr/bin/bailanys", database: "/srv/bailanys/directory.sqlite")
    static let foreign = """
        # the admin's own key, and a deploy key with options
        ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOwnAdminKeyxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx admin@laptop
          from="10.0.0.0/8",no-pty ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQDeploy  deploy key\t

        """
    let p12 = EntityID("P12")!, p40 = EntityID("P40")!

    @Test func grantAppendsOneLineAndKeepsForeignLinesByteForByte() throws {
        var file = AuthorizedKeys(text: Self.foreign)
        #expect(try file.grant(p12, key: Self.keyA, fingerprint: "SHA256:aaa", command: Self.command))
        #expect(file.text == Self.foreign
            + "restrict,pty,command=\"/usr/bin/bailanys --db /srv/bailanys/directory.sqlite session P12\" \(Self.keyA.line) bailanys:P12 SHA256:aaa\n")
        // Read back, the line is recognised as Bailanys's and the rest as foreign.
        let reread = AuthorizedKeys(text: file.text)
        #expect(reread.grants.map(\.person) == [p12])
        #expect(reread.grants.first?.fingerprint == "SHA256:aaa")
        #expect(reread.lines.count == 4)
        #expect(reread.text == file.text)
    }

    @Test func aFileWithoutTrailingNewlineStillGetsItsOwnLine() throws {
        var file = AuthorizedKeys(text: "ssh-ed25519 AAAAforeign x")
        _ = try file.grant(p12, key: Self.keyA, fingerprint: "SHA256:aaa", command: Self.command)
        #expect(file.text.hasPrefix("ssh-ed25519 AAAAforeign x\nrestrict,pty,"))
        #expect(AuthorizedKeys(text: file.text).grants.count == 1)
    }

    @Test func aKeyBelongsToOnePerson() throws {
        var file = AuthorizedKeys(text: "")
        #expect(try file.grant(p12, key: Self.keyA, fingerprint: "SHA256:aaa", command: Self.command))
        #expect(try file.grant(p12, key: Self.keyA, fingerprint: "SHA256:aaa", command: Self.command) == false)
        #expect(throws: AccessError.self) { try file.grant(p40, key: Self.keyA, fingerprint: "SHA256:aaa", command: Self.command) }
        #expect(try file.grant(p40, key: Self.keyB, fingerprint: "SHA256:bbb", command: Self.command))
        #expect(file.grants.map(\.person) == [p12, p40])
    }

    @Test func aKeyOnALineBailanysDidNotWriteIsRefused() {
        var file = AuthorizedKeys(text: "no-pty \(Self.keyA.line) someone\n")
        #expect(throws: AccessError.self) { try file.grant(p12, key: Self.keyA, fingerprint: "SHA256:aaa", command: Self.command) }
        #expect(file.text == "no-pty \(Self.keyA.line) someone\n")
    }

    @Test func lookalikeLinesAreForeign() {
        // A hand-written line with a bailanys-style comment but wider options, or a command for another person,
        // is not Bailanys's: it is neither listed nor removed.
        let lines = [
            "command=\"/usr/bin/bailanys session P12\" \(Self.keyA.line) bailanys:P12 SHA256:aaa",
            "restrict,pty,command=\"/usr/bin/bailanys session P40\" \(Self.keyA.line) bailanys:P12 SHA256:aaa",
            "restrict,pty,command=\"/bin/sh\" \(Self.keyA.line) bailanys:P12 SHA256:aaa",
            "restrict,pty,command=\"/usr/bin/bailanys session P12\" \(Self.keyA.line) bailanys:P12 SHA256:aaa extra",
        ]
        var file = AuthorizedKeys(text: lines.joined(separator: "\n") + "\n")
        #expect(file.grants.isEmpty)
        #expect(file.revoke(p12).isEmpty)
        #expect(file.text == lines.joined(separator: "\n") + "\n")
    }

    @Test func revokeRemovesOnlyThatPersonsLines() throws {
        var file = AuthorizedKeys(text: Self.foreign)
        _ = try file.grant(p12, key: Self.keyA, fingerprint: "SHA256:aaa", command: Self.command)
        _ = try file.grant(p40, key: Self.keyB, fingerprint: "SHA256:bbb", command: Self.command)
        #expect(file.revoke(p12, key: Self.keyB).isEmpty)
        #expect(file.revoke(p12).map(\.fingerprint) == ["SHA256:aaa"])
        #expect(file.grants.map(\.person) == [p40])
        #expect(file.revoke(p40).count == 1)
        #expect(file.text == Self.foreign)
    }

    @Test func publicKeyFilesAreCheckedBeforeAnythingElse() throws {
        #expect(try PublicKey(publicKeyFile: "\(Self.keyA.line) me@home\n") == Self.keyA)
        for bad in ["", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n", "no-pty \(Self.keyA.line)",
                    "\(Self.keyA.line)\n\(Self.keyB.line)", "ssh-ed25519 AAAA\"; rm -rf /", "ssh-ed25519"] {
            #expect(throws: AccessError.self) { try PublicKey(publicKeyFile: bad) }
        }
    }

    @Test func forcedCommandPathsAreShellInert() {
        for bad in ["relative/bailanys", "/srv/my files/db.sqlite", "/srv/a\"b", "/srv/$(id)", "/srv/a;b", "/srv/a`b`", "/srv/кирилл"] {
            #expect(throws: AccessError.self) { try ForcedCommand(executable: "/usr/bin/bailanys", database: bad) }
        }
    }

    @Test func theFileIsReplacedWholeKeepingItsMode() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bailanys-keys-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = AuthorizedKeysFile(path: folder + "/.ssh/authorized_keys")
        let added = try file.update { try $0.grant(p12, key: Self.keyA, fingerprint: "SHA256:aaa", command: Self.command) }
        #expect(added)
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let folderMode = try FileManager.default.attributesOfItem(atPath: folder + "/.ssh")[.posixPermissions] as? Int
        #expect(folderMode == 0o700)
        #expect(try file.read().grants.count == 1)
        // No temporary file is left behind.
        let names = try FileManager.default.contentsOfDirectory(atPath: folder + "/.ssh").sorted()
        #expect(names == ["authorized_keys", "authorized_keys.bailanys-lock"])
    }

    @Test func concurrentEditsLoseNoLine() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bailanys-keys-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/authorized_keys"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(Self.foreign.utf8).write(to: URL(fileURLWithPath: path))
        await withTaskGroup(of: Void.self) { group in
            for n in 1...16 {
                group.addTask {
                    let key = PublicKey(type: "ssh-ed25519", blob: "AAAAkey\(n)")
                    _ = try? AuthorizedKeysFile(path: path).update {
                        try $0.grant(EntityID("P\(n)")!, key: key, fingerprint: "SHA256:\(n)", command: Self.command)
                    }
                }
            }
        }
        let file = try AuthorizedKeysFile(path: path).read()
        #expect(file.grants.count == 16)
        #expect(file.text.hasPrefix(Self.foreign))
    }
}
