import ArgumentParser
import BailanysCore
import Foundation

/// `bailanys session P12`: what a granted key's forced command runs on the shared server (docs/server.md).
/// Without a remote command it opens the interface as P12; with one, it runs that one reading subcommand as P12.
struct SessionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session",
        abstract: "Serve one SSH session as PERSON (run by the forced command `access grant` writes).",
        discussion: """
            With no SSH_ORIGINAL_COMMAND, opens the interface as PERSON; otherwise runs it, split into words without a
            shell, if it is one of: \(SessionCommandLine.allowed.sorted().joined(separator: ", ")) (no --db, --as or
            output files). The key that opened the session (from sshd's ExposeAuthInfo) is recorded with every audit row.
            """)

    @OptionGroup var directory: DirectoryOptions
    @Option(help: ArgumentHelp("Interface language: kk, ru or en.", valueName: "code")) var lang: String?

    @Argument(help: "The person the key was granted to, e.g. P12.") var person: String

    func run() throws {
        let id = try parseID(person, as: [.person], what: "a person id like P12")
        CommandEnvironment.trustOnlyTheServerClock()
        let variables = ProcessInfo.processInfo.environment
        let database = AccessGrantCommand.absolute(directory.path)
        let key = try SessionKey.fingerprint(authInfoPath: variables["SSH_USER_AUTH"])
        // Whatever a client sent, the session says who is speaking and with which key.
        setenv(CommandEnvironment.sessionPersonVariable, id.description, 1)
        if let key { setenv(CommandEnvironment.sessionKeyVariable, key, 1) } else { unsetenv(CommandEnvironment.sessionKeyVariable) }
        let store = try directory.open()
        guard try translatingErrors({ try store.exists(id) }) else {
            throw CommandError.user("\(id) is not in this directory; ask a coordinator to check the access grant.")
        }
        guard let remote = variables["SSH_ORIGINAL_COMMAND"], !remote.trimmingCharacters(in: .whitespaces).isEmpty else {
            var fixed = directory
            fixed.db = database
            return try Launcher(directory: fixed, identity: IdentityOptions(), language: lang, session: id).run()
        }
        var command = try Bailanys.parseAsRoot(try SessionCommandLine.arguments(for: remote, database: database))
        try command.run()
    }
}

/// The key sshd accepted, from the file `ExposeAuthInfo yes` names in `SSH_USER_AUTH` (`publickey TYPE BLOB`).
enum SessionKey {
    static func fingerprint(authInfoPath: String?) throws -> String? {
        guard let authInfoPath, !authInfoPath.isEmpty, let data = FileManager.default.contents(atPath: authInfoPath) else { return nil }
        let offered = try publicKey(authInfo: String(decoding: data, as: UTF8.self))
        return try offered.map { key in try translatingAccessErrors { try KeyFingerprint.of(key) } }
    }

    /// The last public key the server accepted (with several methods, each is a line).
    static func publicKey(authInfo: String) throws -> PublicKey? {
        let lines = authInfo.split(whereSeparator: \.isNewline).filter { $0.hasPrefix("publickey ") }
        guard let line = lines.last else { return nil }
        return try translatingAccessErrors { try PublicKey(publicKeyFile: String(line.dropFirst("publickey ".count))) }
    }
}
