import BailanysCore
import BailanysStore
import Foundation
import Testing

/// `bailanys session P…` as the forced command runs it, without sshd: the remote command comes in
/// SSH_ORIGINAL_COMMAND, the accepted key in the file SSH_USER_AUTH names (sshd's ExposeAuthInfo).
@Suite(.serialized) struct SessionCommandTests {
    let cli = BinaryRunner()

    struct World { var db: String, member: String, coordinator: String, authInfo: String, fingerprint: String }

    func world() throws -> World {
        let db = try cli.demo()
        let store = try cli.open(db)
        let member = try store.loadDirectory(audience: .coordinator).people.first { $0.roles == [.alumnus] }!.id.description
        let keyPath = cli.path("coordinator-key")
        let keygen = Process()
        keygen.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        keygen.arguments = ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", keyPath]
        try keygen.run()
        keygen.waitUntilExit()
        let publicKey = try String(contentsOfFile: keyPath + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        let authInfo = cli.path("auth-info")
        try Data("publickey \(publicKey)\n".utf8).write(to: URL(fileURLWithPath: authInfo))
        let fingerprint = Process()
        fingerprint.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        fingerprint.arguments = ["ssh-keygen", "-l", "-E", "sha256", "-f", keyPath + ".pub"]
        let out = Pipe()
        fingerprint.standardOutput = out
        try fingerprint.run()
        let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        fingerprint.waitUntilExit()
        return World(db: db, member: member, coordinator: try cli.coordinatorID(db), authInfo: authInfo,
                     fingerprint: String(printed.split(separator: " ")[1]))
    }

    func session(_ w: World, as person: String, _ remote: String, extra: [String: String] = [:]) throws -> BinaryRunner.Result {
        try cli.run(["session", person, "--db", w.db], environment: ["SSH_ORIGINAL_COMMAND": remote].merging(extra) { _, new in new })
    }

    @Test func aRemoteCommandRunsAsTheSessionsPersonOnly() throws {
        let w = try world()
        let audited = try cli.open(w.db).auditKeys().count
        let own = try session(w, as: w.member, "show \(w.member) --json")
        #expect(own.status == 0, "\(own.stderr)")
        #expect(own.stdout.contains("\"id\" : \"\(w.member)\""), "\(own.stdout)")

        // The member cannot become the coordinator: not by --as, not by an environment variable a client sends.
        let claimed = try session(w, as: w.member, "export --format csv --include-sensitive --as \(w.coordinator)")
        #expect(claimed.status == 4 && claimed.stderr.contains("fixed by your key"), "\(claimed.stderr)")
        let smuggled = try session(w, as: w.member, "export --format csv --include-sensitive",
                                   extra: ["BAILANYS_SESSION_PERSON": w.coordinator, "BAILANYS_SESSION_KEY": "SHA256:forged"])
        #expect(smuggled.status == 4 && smuggled.stderr.contains("only a coordinator"), "\(smuggled.stderr)")
        #expect(try cli.open(w.db).auditKeys().count == audited, "a refusal is not audited")
    }

    @Test func nothingIsWrittenOnTheServerAndNoShellRuns() throws {
        let w = try world()
        let planted = cli.path("planted")
        for remote in ["export -o \(planted)", "export --output=\(planted)", "search a; touch \(planted)",
                       "search $(touch \(planted))", "show P1 > \(planted)", "import \(planted)", "session \(w.coordinator)",
                       "search a --db \(planted)", "access grant \(w.member) --key \(planted)"] {
            let result = try session(w, as: w.member, remote)
            #expect(result.status == 4 || result.status == 2, "\(remote): \(result.status) \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: planted), "\(remote)")
        }
        #expect(try session(w, as: "P999999", "search a").status == 1)
    }

    @Test func auditedActionsRecordTheKeyThatOpenedTheSession() throws {
        let w = try world()
        let before = try cli.open(w.db).auditKeys()
        #expect(before.allSatisfy { $0.key == nil })
        let export = try session(w, as: w.coordinator, "export --format csv --include-sensitive", extra: ["SSH_USER_AUTH": w.authInfo])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.contains("P1"))
        let rows = try cli.open(w.db).auditKeys().dropFirst(before.count)
        #expect(rows.count == 1)
        #expect(rows.first?.actor == w.coordinator && rows.first?.key == w.fingerprint, "\(rows)")
        // Outside a session the same export is recorded without a key: the identity there is only claimed.
        #expect(try cli.run(["export", "--format", "csv", "--include-sensitive", "--as", w.coordinator, "--db", w.db]).status == 0)
        #expect(try cli.open(w.db).auditKeys().last?.key == nil)
    }

    @Test func theInterfaceOpensAsThePersonWhoCannotBecomeSomeoneElse() throws {
        let w = try world()
        let tui = try TmuxSession(command: cli.terminalCommand("session \(w.member) --db \(w.db) --lang en"))
        let name = try cli.open(w.db).person(EntityID(w.member)!, audience: .coordinator).fullName
        try tui.waitFor("the member's name in the top bar") { $0.contains(name) }
        try tui.type("I")
        try tui.waitFor("the refusal") { $0.contains("your key decides who you are") }
        try tui.type("q")
        try tui.waitFor("the app to end") { $0.contains("EXITED") }
    }
}
