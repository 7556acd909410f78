import ArgumentParser
import BailanysCore
import BailanysStore
import Foundation

/// One-time enrolment codes: 16 characters from an alphabet without look-alikes (about 79 bits), shown in groups of 4.
enum InviteCode {
    static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")

    static func make(using random: inout some RandomNumberGenerator) -> String {
        String((0..<16).map { _ in alphabet[Int(random.next(upperBound: UInt64(alphabet.count)))] })
    }

    /// What a person typed, as stored: case, spaces and dashes do not matter; nil when it cannot be a code.
    static func normalized(_ typed: String) -> String? {
        let code = String(typed.uppercased().filter { $0 != "-" && !$0.isWhitespace })
        return code.count == 16 && code.allSatisfy(alphabet.contains) ? code : nil
    }

    static func shown(_ code: String) -> String {
        stride(from: 0, to: code.count, by: 4).map { start in
            String(code.dropFirst(start).prefix(4))
        }.joined(separator: "-")
    }
}

struct AccessInviteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite",
        abstract: "Print a one-time code with which a person enrols their own key (`ssh join@HOST CODE`).")

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var identity: IdentityOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The person, e.g. P12.") var person: String
    @Option(help: "Days the code stays valid (1–90).") var days = 7

    struct InviteJSON: Encodable { var person: String, code: String, expires: String }

    func validate() throws {
        guard (1...90).contains(days) else { throw ValidationError("--days must be between 1 and 90.") }
    }

    func run() throws {
        let id = try parseID(person, as: [.person], what: "a person id like P12")
        let store = try directory.open()
        let actor = try identity.actor(in: store, environment: directory.environment)
        let expires = try directory.environment.today().adding(days: days)
        var random = SystemRandomNumberGenerator()
        let code = InviteCode.make(using: &random)
        try translatingErrors { try store.createInvite(for: id, code: code, expires: expires, by: actor) }
        if output.json { return try Output.json(InviteJSON(person: id.description, code: InviteCode.shown(code), expires: expires.iso)) }
        Output.line("Code for \(id): \(InviteCode.shown(code)) — valid once, through \(expires.iso).")
        Output.line("They enrol their key with: ssh join@<server> \(InviteCode.shown(code))")
    }
}

/// What the join account's forced command runs: the code comes as the remote command, the key from ExposeAuthInfo.
struct AccessEnrollCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enroll",
        abstract: "Bind the key offered to the join account to the person an invite code names (docs/server.md).",
        discussion: "The code is the argument or SSH_ORIGINAL_COMMAND; the key is read from the file SSH_USER_AUTH names (sshd's ExposeAuthInfo yes).")

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var keys: AuthorizedKeysOptions
    @Argument(help: "The invite code (default: SSH_ORIGINAL_COMMAND).") var code: String?

    func run() throws {
        CommandEnvironment.trustOnlyTheServerClock()
        let variables = directory.environment.variables
        guard let code = InviteCode.normalized(code ?? variables["SSH_ORIGINAL_COMMAND"] ?? "") else {
            throw CommandError.refused("give the code your coordinator sent you: ssh join@<server> ABCD-EFGH-JKMN-PQRS")
        }
        guard let authInfo = variables["SSH_USER_AUTH"].flatMap({ FileManager.default.contents(atPath: $0) }),
              let key = try SessionKey.publicKey(authInfo: String(decoding: authInfo, as: UTF8.self)) else {
            throw CommandError.user("no key was offered; connect with your SSH key (the join account needs ExposeAuthInfo yes)")
        }
        let store = try directory.open()
        let id: EntityID
        do {
            id = try translatingAccessErrors {
                let fingerprint = try KeyFingerprint.of(key)
                let command = try ForcedCommand(executable: AccessGrantCommand.executablePath(), database: AccessGrantCommand.absolute(directory.path))
                return try store.redeemInvite(code: code, fingerprint: fingerprint, today: try directory.environment.today()) { id in
                    _ = try keys.file.update { try $0.grant(id, key: key, fingerprint: fingerprint, command: command) }
                }
            }
        } catch let refusal as InviteRefusal {
            throw CommandError.refused(refusal.description)
        }
        Output.line("Your key is now \(id)'s on this server. Open Bailanys with: ssh -t <the Bailanys account>@<server>")
    }
}
