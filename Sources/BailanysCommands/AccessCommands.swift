import ArgumentParser
import BailanysCore
import BailanysStore
import Foundation

/// `bailanys access …`: who may open a session on the shared server (docs/server.md).
struct AccessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access",
        abstract: "Grant, revoke and list people's SSH keys on the shared server.",
        discussion: """
            Edits an OpenSSH authorized_keys file (default ~/.ssh/authorized_keys of the account running Bailanys):
            each granted key gets a line `restrict,pty,command="<bailanys> --db <db> session P12"`, so the key can do
            nothing but open a session as P12. Lines Bailanys did not write are kept as they are. Audited.
            """,
        subcommands: [AccessGrantCommand.self, AccessRevokeCommand.self, AccessListCommand.self, AccessInviteCommand.self, AccessEnrollCommand.self])
}

/// `--authorized-keys FILE`, shared by the three subcommands.
struct AuthorizedKeysOptions: ParsableArguments {
    @Option(name: .customLong("authorized-keys"), help: ArgumentHelp("The authorized_keys file (default: ~/.ssh/authorized_keys).", valueName: "file"))
    var path: String?

    var file: AuthorizedKeysFile {
        AuthorizedKeysFile(path: path ?? AuthorizedKeysFile.defaultPath(environment: CommandEnvironment().variables))
    }
}

/// Turns access errors into the command line's (a bad or taken key is a user error, a file problem a data error).
func translatingAccessErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try translatingErrors(body)
    } catch let error as AccessError {
        switch error {
        case .file: throw CommandError.data(error.description)
        default: throw CommandError.user(error.description)
        }
    }
}

struct AccessGrantJSON: Encodable { var person: String, fingerprint: String, added: Bool }
struct AccessRevokeJSON: Encodable { var person: String, revoked: [String] }

struct AccessGrantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant", abstract: "Let a person's SSH key open a session as them (coordinators reaching them).")

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var identity: IdentityOptions
    @OptionGroup var keys: AuthorizedKeysOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The person, e.g. P12.") var person: String
    @Option(help: ArgumentHelp("Their public key file (e.g. id_ed25519.pub).", valueName: "file")) var key: String

    func run() throws {
        let id = try parseID(person, as: [.person], what: "a person id like P12")
        guard let data = FileManager.default.contents(atPath: key) else { throw CommandError.user("\(key): cannot read the key file.") }
        let store = try directory.open()
        let actor = try identity.actor(in: store, environment: directory.environment)
        var added = false
        var fingerprint = ""
        try translatingAccessErrors {
            let publicKey = try PublicKey(publicKeyFile: String(decoding: data, as: UTF8.self))
            fingerprint = try KeyFingerprint.of(publicKey)
            let command = try ForcedCommand(executable: Self.executablePath(), database: Self.absolute(directory.path))
            try store.changeAccess(of: id, by: actor) {
                added = try keys.file.update { try $0.grant(id, key: publicKey, fingerprint: fingerprint, command: command) }
                return added ? "grant \(fingerprint)" : nil
            }
        }
        if output.json { return try Output.json(AccessGrantJSON(person: id.description, fingerprint: fingerprint, added: added)) }
        Output.line(added ? "Granted \(fingerprint) to \(id): it opens a session as \(id) and nothing else."
                          : "\(fingerprint) was already granted to \(id); nothing changed.")
    }

    static func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }

    /// The running binary, as the forced command must name it (symlinks resolved on Linux).
    static func executablePath() -> String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        return absolute(Bundle.main.executablePath ?? CommandLine.arguments[0])
    }
}

struct AccessRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Remove a person's keys (or one of them): new sessions are refused at once.")

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var identity: IdentityOptions
    @OptionGroup var keys: AuthorizedKeysOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The person, e.g. P12.") var person: String
    @Option(help: ArgumentHelp("Only this public key (default: all of the person's keys).", valueName: "file")) var key: String?

    func run() throws {
        let id = try parseID(person, as: [.person], what: "a person id like P12")
        let store = try directory.open()
        let actor = try identity.actor(in: store, environment: directory.environment)
        var removed: [AuthorizedKeys.Grant] = []
        try translatingAccessErrors {
            let only = try key.map { path -> PublicKey in
                guard let data = FileManager.default.contents(atPath: path) else { throw CommandError.user("\(path): cannot read the key file.") }
                return try PublicKey(publicKeyFile: String(decoding: data, as: UTF8.self))
            }
            try store.changeAccess(of: id, by: actor) {
                removed = try keys.file.update { $0.revoke(id, key: only) }
                if removed.isEmpty { throw CommandError.user("\(id) has no granted key\(only == nil ? "" : " like that") in \(keys.file.path).") }
                return "revoke " + removed.map(\.fingerprint).joined(separator: " ")
            }
        }
        if output.json { return try Output.json(AccessRevokeJSON(person: id.description, revoked: removed.map(\.fingerprint))) }
        for grant in removed { Output.line("Revoked \(grant.fingerprint) of \(id).") }
    }
}

struct AccessListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "The keys Bailanys granted, one per line: person, fingerprint, key type.")

    @OptionGroup var keys: AuthorizedKeysOptions
    @OptionGroup var output: OutputOptions

    struct Row: Encodable { var person: String, fingerprint: String, type: String }

    func run() throws {
        let file = try translatingAccessErrors { try keys.file.read() }
        let rows = file.grants.map { Row(person: $0.person.description, fingerprint: $0.fingerprint, type: $0.key.type) }
        if output.json { return try Output.json(rows) }
        if rows.isEmpty { return Output.line("No keys granted in \(keys.file.path).") }
        Output.table(rows.map { [$0.person, $0.fingerprint, $0.type] }, widths: [8, 52, 20])
    }
}
