import BailanysCore
import BailanysStore
import Foundation
import Testing

/// The shared server for real (issue 16): sshd on a high port of 127.0.0.1 with its own host key and config, keys
/// granted by `bailanys access grant`, sessions through `ssh`. Nothing can hang: every ssh runs under `timeout`
/// with BatchMode and ConnectTimeout, and sshd is killed when the suite's server goes away.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd"),
                             "sshd is not installed (.ci/run installs openssh-server); the SSH end-to-end tests are skipped"))
struct ServerEndToEndTests {
    let cli = BinaryRunner()

    /// One sshd and its files; killed in `stop()`, which every test defers.
    final class Server: @unchecked Sendable {
        let folder: String, port: Int, user: String
        let runner: BinaryRunner
        private var daemon: TmuxSession?
        var keys: String { folder + "/authorized_keys" }

        init(runner: BinaryRunner, folder: String) throws {
            self.runner = runner
            self.folder = folder
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            port = 20_000 + Int(getpid() % 20_000) + Int.random(in: 0..<5_000)
            user = ProcessInfo.processInfo.environment["USER"] ?? NSUserName()
            try shell(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", folder + "/host_key"])
            FileManager.default.createFile(atPath: keys, contents: Data(), attributes: [.posixPermissions: 0o600])
            let config = """
                ListenAddress 127.0.0.1
                PidFile \(folder)/sshd.pid
                UsePAM no
                StrictModes no
                AuthorizedKeysFile \(keys)
                PubkeyAuthentication yes
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                PermitRootLogin prohibit-password
                ExposeAuthInfo yes
                AllowTcpForwarding yes
                AllowAgentForwarding yes
                X11Forwarding yes
                AcceptEnv LANG LC_* BAILANYS_*
                LogLevel ERROR

                """
            try Data(config.utf8).write(to: URL(fileURLWithPath: folder + "/sshd_config"))
            // Root's sshd wants its privilege-separation folder; the package creates it only when the service starts.
            if getuid() == 0 { try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true) }
            // Run inside a tmux server, which daemonises and closes every inherited descriptor: an sshd started by this
            // process would inherit its open pipes and keep later commands' output from ever ending. `timeout` bounds it.
            daemon = try TmuxSession(command: "timeout 300 /usr/sbin/sshd -D -e -p \(port) -f \(folder)/sshd_config -h \(folder)/host_key 2>\(folder)/sshd.log")
        }

        /// Stops sshd (its pid file), then the pane's shell, so the tmux server has nothing left and exits.
        func stop() {
            if let text = try? String(contentsOfFile: folder + "/sshd.pid", encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                kill(pid, SIGTERM)
            }
            _ = try? daemon?.waitFor("sshd to stop", seconds: 5) { $0.contains("EXITED") }
            try? daemon?.press("C-c")
            daemon = nil
        }

        @discardableResult
        func shell(_ arguments: [String], environment: [String: String] = [:]) throws -> BinaryRunner.Result {
            try runner.run(arguments, environment: environment, executable: URL(fileURLWithPath: "/usr/bin/env"))
        }

        /// The ssh words for `key`, every step bounded (the whole run by `timeout`).
        func sshWords(key: String, options: [String] = []) -> [String] {
            ["ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=5", "-o", "StrictHostKeyChecking=no",
             "-o", "UserKnownHostsFile=\(folder)/known_hosts", "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
             "-o", "LogLevel=ERROR", "-F", "/dev/null", "-i", key, "-p", "\(port)"] + options + ["\(user)@127.0.0.1"]
        }

        func ssh(key: String, _ remote: String, options: [String] = [], environment: [String: String] = [:]) throws -> BinaryRunner.Result {
            try shell(["timeout", "20"] + sshWords(key: key, options: options) + (remote.isEmpty ? [] : [remote]),
                      environment: environment)
        }

        /// Waits (up to 10 s) until sshd answers.
        func waitUntilListening(key: String) throws {
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline {
                let probe = try ssh(key: key, "search zzzz")
                if !probe.stderr.contains("Connection refused") { return }
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
    }

    func key(_ name: String) throws -> String {
        let path = cli.path(name)
        try cli.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path], executable: URL(fileURLWithPath: "/usr/bin/env"))
        return path
    }

    @Test func sessionsOverRealSSH() throws {
        let db = try cli.demo()
        let store = try cli.open(db)
        let coordinator = try cli.coordinatorID(db)
        let people = try store.loadDirectory(audience: .coordinator).people
        let member = people.first { $0.roles == [.alumnus] }!
        let others = people.filter { $0.id != member.id && $0.roles == [.alumnus] }.prefix(20).map(\.id.description)
        let memberKey = try key("member"), coordinatorKey = try key("coordinator"), strangerKey = try key("stranger")
        let server = try Server(runner: cli, folder: cli.path("server"))
        defer { server.stop() }
        for (person, key) in [(member.id.description, memberKey), (coordinator, coordinatorKey)] {
            let granted = try cli.run(["access", "grant", person, "--key", key + ".pub", "--authorized-keys", server.keys,
                                       "--as", coordinator, "--db", db])
            #expect(granted.status == 0, "\(granted.stderr.debugDescription)")
        }
        try server.waitUntilListening(key: memberKey)

        // The member reads as themself, and only what a member may read.
        let own = try server.ssh(key: memberKey, "show \(member.id) --json")
        #expect(own.status == 0 && own.stdout.contains("\"id\" : \"\(member.id)\""), "\(own.status) \(own.stderr.debugDescription)")
        let sensitive = try server.ssh(key: memberKey, "export --format csv --include-sensitive")
        #expect(sensitive.status == 4, "\(sensitive.stderr.debugDescription)")
        for remote in ["export --format csv --include-sensitive --as \(coordinator)", "search a --db /tmp/other.sqlite",
                       "search a; id", "search $(id)", "search a | sh", "import /etc/passwd", "session \(coordinator)",
                       "export --format csv -o /tmp/bailanys-e2e-planted.csv"] {
            let refused = try server.ssh(key: memberKey, remote)
            #expect(refused.status == 4 || refused.status == 2, "\(remote): \(refused.status) \(refused.stderr.debugDescription)")
        }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/bailanys-e2e-planted.csv"))
        // An environment variable the client sends (AcceptEnv lets it through) does not change who is speaking.
        let smuggled = try server.ssh(key: memberKey, "export --format csv --include-sensitive",
                                      options: ["-o", "SendEnv=BAILANYS_SESSION_PERSON"], environment: ["BAILANYS_SESSION_PERSON": coordinator])
        #expect(smuggled.status == 4, "\(smuggled.stderr.debugDescription)")
        // The coordinator's key is the coordinator: the same export is allowed and audited with that key.
        let coordinatorExport = try server.ssh(key: coordinatorKey, "export --format csv --include-sensitive")
        #expect(coordinatorExport.status == 0, "\(coordinatorExport.stderr.debugDescription)")
        #expect(try cli.open(db).auditKeys().last.map { $0.actor == coordinator && $0.key?.hasPrefix("SHA256:") == true } == true)

        // Forwarding of every kind is refused by `restrict`.
        let stdio = try server.ssh(key: memberKey, "", options: ["-W", "127.0.0.1:\(server.port)"])
        #expect(stdio.status == 255 && stdio.stderr.contains("forwarding failed"), "\(stdio.status) \(stdio.stderr.debugDescription)")
        let remoteForward = try server.ssh(key: memberKey, "", options: ["-N", "-o", "ExitOnForwardFailure=yes", "-R", "127.0.0.1:0:127.0.0.1:9"])
        #expect(remoteForward.status == 255, "\(remoteForward.status) \(remoteForward.stderr.debugDescription)")
        let x11 = try server.ssh(key: memberKey, "search zzzz", options: ["-o", "ForwardX11=yes", "-o", "LogLevel=INFO"],
                                 environment: ["DISPLAY": ":0"])
        #expect(x11.stderr.contains("X11 forwarding request failed"), "\(x11.stderr.debugDescription)")

        // A key never granted, and a key revoked, are refused by sshd itself.
        #expect(try server.ssh(key: strangerKey, "search a").status == 255)
        #expect(try cli.run(["access", "revoke", coordinator, "--authorized-keys", server.keys, "--as", coordinator, "--db", db]).status == 0)
        #expect(try server.ssh(key: coordinatorKey, "search a").status == 255)

        // 20 sessions at once each log a contact: none is lost, none fails.
        let before = try cli.open(db).auditKeys().count
        _ = before
        let results = UnsafeResults(count: others.count)
        DispatchQueue.concurrentPerform(iterations: others.count) { index in
            results.set(index, (try? server.ssh(key: memberKey, "log \(member.id) \(others[index]) --channel call --note e2e-\(index)"))?.status ?? -1)
        }
        #expect(results.all.allSatisfy { $0 == 0 }, "statuses \(results.all)")
        let logged = try cli.run(["show", member.id.description, "--as", member.id.description, "--db", db, "--json"])
        for index in others.indices { #expect(logged.stdout.contains("e2e-\(index)"), "note e2e-\(index)") }

        // The interface: `ssh -tt` opens it as the member, who cannot become anyone else.
        let tui = try TmuxSession(command: (["timeout", "--foreground", "120"] + server.sshWords(key: memberKey, options: ["-tt", "-o", "SendEnv=LANG"]))
            .joined(separator: " "))
        try tui.waitFor("the member's name") { $0.contains(member.fullName) }
        // Keys reach the app over the network; a notice may be replaced by the graph's own when it finishes loading.
        var refused = false
        for _ in 0..<5 where !refused {
            try tui.type("I")
            refused = (try? tui.waitFor("the refusal", seconds: 4) { $0.contains("your key decides who you are") }) != nil
        }
        let screen = try tui.screen()
        #expect(refused, "\(screen)")
        #expect(screen.contains(member.fullName), "still the member")
        try tui.type("q")
        try tui.waitFor("the session to end") { $0.contains("EXITED") }
    }
}

/// Statuses written from concurrent threads, each to its own slot.
final class UnsafeResults: @unchecked Sendable {
    private var values: [Int32]
    private let lock = NSLock()
    init(count: Int) { values = Array(repeating: -2, count: count) }
    func set(_ index: Int, _ value: Int32) { lock.lock(); values[index] = value; lock.unlock() }
    var all: [Int32] { lock.lock(); defer { lock.unlock() }; return values }
}
