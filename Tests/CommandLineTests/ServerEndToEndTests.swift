import BailanysCore
import BailanysStore
import Foundation
import Glibc
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
        /// Where any key is accepted and all that runs is `access enroll` on `join`'s directory (docs/server.md): the `join`
        /// account itself, a second name for this account's uid, when the tests may add users (as root, as in CI);
        /// else a second port standing in for it. Both nil when the server has no enrolment.
        let joinUser: String?, joinPort: Int?
        let runner: BinaryRunner
        private var daemon: TmuxSession?
        var keys: String { folder + "/authorized_keys" }

        /// `join`: the directory whose invite codes the `join` account (or its stand-in port) enrols keys with.
        init(runner: BinaryRunner, folder: String, join: String? = nil) throws {
            self.runner = runner
            self.folder = folder
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            port = try Self.freePort()
            user = ProcessInfo.processInfo.environment["USER"] ?? NSUserName()
            joinUser = join != nil && getuid() == 0 ? "bjoin\(getpid())" : nil
            joinPort = join != nil && joinUser == nil ? try Self.freePort() : nil
            if let joinUser {
                // As docs/server.md deploys it: no home of its own, no password, the sessions' uid.
                // `*`, not the default `!`: sshd without PAM refuses every login to a locked account, keys included.
                let added = try shell(["/usr/sbin/useradd", "--non-unique", "--uid", "\(getuid())", "--gid", "\(getgid())", "--no-create-home",
                                       "--password", "*", "--home-dir", folder, "--shell", "/bin/sh", joinUser])
                guard added.status == 0 else { throw CocoaError(.featureUnsupported, userInfo: [NSDebugDescriptionErrorKey: added.stderr]) }
            }
            try shell(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", folder + "/host_key"])
            _ = FileManager.default.createFile(atPath: keys, contents: Data(), attributes: [.posixPermissions: 0o600])
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

                """ + (join.map { db in
                    // The join account's wiring: an AuthorizedKeysCommand that accepts whatever key is offered, as a line whose
                    // forced command is `access enroll` (echo stands in for the site's script: sshd wants a command owned by
                    // root in root-owned folders). The code is the remote command; ExposeAuthInfo hands over the key.
                    let enroll = "\(BinaryRunner.binary.path) --db \(db) access enroll --authorized-keys \(keys)"
                    return """
                        Match \(joinUser.map { "User \($0)" } ?? "LocalPort \(joinPort!)")
                            AuthorizedKeysFile none
                            AuthorizedKeysCommand /usr/bin/echo "restrict,command=\\"\(enroll)\\"" %t %k
                            AuthorizedKeysCommandUser \(user)

                        """
                } ?? "")
            try Data(config.utf8).write(to: URL(fileURLWithPath: folder + "/sshd_config"))
            // Root's sshd wants its privilege-separation folder; the package creates it only when the service starts.
            if getuid() == 0 { try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true) }
            // Run inside a tmux server, which daemonises and closes every inherited descriptor: an sshd started by this
            // process would inherit its open pipes and keep later commands' output from ever ending. `timeout` bounds it.
            let ports = ([port] + (joinPort.map { [$0] } ?? [])).map { "-p \($0)" }.joined(separator: " ")
            daemon = try TmuxSession(command: "timeout 300 /usr/sbin/sshd -D -e \(ports) -f \(folder)/sshd_config -h \(folder)/host_key 2>\(folder)/sshd.log")
        }

        /// Stops sshd (its pid file), then the pane's shell, so the tmux server has nothing left and exits.
        func stop() {
            if let text = try? String(contentsOfFile: folder + "/sshd.pid", encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                kill(pid, SIGTERM)
            }
            _ = try? daemon?.waitFor("sshd to stop", seconds: 5) { $0.contains("EXITED") }
            try? daemon?.press("C-c")
            daemon = nil
            // Forced: the uid it shares is always in use (by this very process).
            if let joinUser { _ = try? shell(["/usr/sbin/userdel", "--force", joinUser]) }
        }

        @discardableResult
        func shell(_ arguments: [String], environment: [String: String] = [:]) throws -> BinaryRunner.Result {
            try runner.run(arguments, environment: environment, executable: URL(fileURLWithPath: "/usr/bin/env"))
        }

        /// The ssh words for `key`, every step bounded (the whole run by `timeout`).
        func sshWords(key: String, options: [String] = [], port: Int? = nil, user: String? = nil) -> [String] {
            ["ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=5", "-o", "StrictHostKeyChecking=no",
             "-o", "UserKnownHostsFile=\(folder)/known_hosts", "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
             "-o", "LogLevel=ERROR", "-F", "/dev/null", "-i", key, "-p", "\(port ?? self.port)"] + options + ["\(user ?? self.user)@127.0.0.1"]
        }

        func ssh(key: String, _ remote: String, options: [String] = [], environment: [String: String] = [:], port: Int? = nil,
                 user: String? = nil) throws -> BinaryRunner.Result {
            try shell(["timeout", "20"] + sshWords(key: key, options: options, port: port, user: user) + (remote.isEmpty ? [] : [remote]),
                      environment: environment)
        }

        /// `ssh join@server CODE`, or its stand-in port.
        func join(key: String, _ code: String) throws -> BinaryRunner.Result {
            try ssh(key: key, code, port: joinPort, user: joinUser)
        }

        /// Waits (up to 10 s) until sshd answers.
        func waitUntilListening(key: String) throws {
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline {
                let probe = try ssh(key: key, "search zzzz")
                if !probe.stderr.contains("Connection refused") { return }
                Thread.sleep(forTimeInterval: 0.2)
            }
            let log = (try? String(contentsOfFile: folder + "/sshd.log", encoding: .utf8)) ?? ""
            throw CocoaError(.featureUnsupported, userInfo: [NSDebugDescriptionErrorKey: "sshd never listened on \(port): \(log)"])
        }

        /// A port nobody listens on, as the kernel hands one out. A random port in a fixed range could be taken: the range
        /// reached into the ephemeral ports (32768 on), and CI once found every connection to the test's sshd refused.
        static func freePort() throws -> Int {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard socket >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            defer { close(socket) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
            }
            guard bound else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            return Int(UInt16(bigEndian: address.sin_port))
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

extension ServerEndToEndTests {
    /// Enrolment through a real login (issue 16, 3): a person with a code runs `ssh join@server CODE` with their own key,
    /// sshd hands the key to `access enroll` (ExposeAuthInfo), and from then on that key is a session as the person.
    /// Reused, wrong and expired codes bind nothing.
    @Test func enrolmentThroughTheJoinAccount() throws {
        let db = try cli.demo()
        let coordinator = try cli.coordinatorID(db)
        let alumni = try cli.open(db).loadDirectory(audience: .coordinator).people.filter { $0.roles == [.alumnus] }.map(\.id.description)
        let (first, second, third) = (alumni[0], alumni[1], alumni[2])
        let aliceKey = try key("alice"), malloryKey = try key("mallory")
        let server = try Server(runner: cli, folder: cli.path("server"), join: db)
        defer { server.stop() }
        try server.waitUntilListening(key: aliceKey)

        // The sessions run with the real clock (sshd passes no BAILANYS_TODAY), so the codes are made on the real day.
        let now = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        let today = try #require(Day(year: now.year!, month: now.month!, day: now.day!))
        func invite(_ person: String, on day: Day = today, days: Int = 7) throws -> String {
            let made = try cli.run(["access", "invite", person, "--days", "\(days)", "--as", coordinator, "--db", db, "--json"],
                                   environment: ["BAILANYS_TODAY": day.iso])
            #expect(made.status == 0, "\(made.stderr.debugDescription)")
            return try #require((try JSONSerialization.jsonObject(with: Data(made.stdout.utf8)) as? [String: String])?["code"])
        }
        /// The person a key's session acts as: it may log a contact of theirs and of no one else's.
        func actsAs(_ key: String, _ person: String, other: String) throws -> Bool {
            let own = try server.ssh(key: key, "log \(person) \(other) --channel call --note joined")
            let foreign = try server.ssh(key: key, "log \(other) \(third) --channel call")
            return own.status == 0 && foreign.status == 4
        }

        #expect(try server.ssh(key: aliceKey, "search a").status == 255, "a key nobody granted is refused")
        let code = try invite(first)
        let joined = try server.join(key: aliceKey, code.lowercased())
        #expect(joined.status == 0 && joined.stdout.contains("Your key is now \(first)'s"), "\(joined.status) \(joined.stderr.debugDescription)")
        #expect(try actsAs(aliceKey, first, other: second), "the enrolled key is a session as \(first)")
        let aliceLine = try String(contentsOfFile: aliceKey + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        let lines = try String(contentsOfFile: server.keys, encoding: .utf8)
        #expect(lines.contains("session \(first)\" \(aliceLine) bailanys:\(first) SHA256:"), "\(lines.debugDescription)")

        // Reused, by another key: refused, and that key is still nobody's.
        let reused = try server.join(key: malloryKey, code)
        #expect(reused.status == 4 && reused.stderr.contains("already used"), "\(reused.status) \(reused.stderr.debugDescription)")
        // Wrong codes, shell words around a good one, no code at all: refused, and the good code stays unspent.
        let secondCode = try invite(second)
        for wrong in ["ABCD-EFGH-JKMN-PQRS", "\(secondCode); id", "$(id)", ""] {
            let refused = try server.join(key: malloryKey, wrong)
            #expect(refused.status == 4, "\(wrong.debugDescription): \(refused.status) \(refused.stderr.debugDescription)")
        }
        // Expired: a one-day code made ten days ago.
        let expired = try invite(third, on: today.adding(days: -10), days: 1)
        let late = try server.join(key: malloryKey, expired)
        #expect(late.status == 4 && late.stderr.contains("expired on \(today.adding(days: -9).iso)"), "\(late.status) \(late.stderr.debugDescription)")
        #expect(try server.ssh(key: malloryKey, "search a").status == 255, "nothing refused bound mallory's key")
        #expect(try String(contentsOfFile: server.keys, encoding: .utf8) == lines, "nothing refused touched authorized_keys")
        // A key that is already someone's cannot take a second person's code, which stays good for its own person.
        #expect(try server.join(key: aliceKey, secondCode).status == 1)
        #expect(try server.join(key: malloryKey, secondCode).status == 0)
        #expect(try actsAs(malloryKey, second, other: first), "the second code enrolled mallory's key as \(second)")
        // `join` is nothing but enrolment: an enrolled key gets no session there.
        #expect(try server.join(key: aliceKey, "search a").status == 4)

        let enrolments = try cli.open(db).auditKeys().filter { $0.action == "manage-access" && $0.key != nil }
        #expect(enrolments.map(\.actor) == [first, second], "each enrolment audited as the person, with their key")
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
