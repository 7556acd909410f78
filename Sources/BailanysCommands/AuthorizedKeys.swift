import BailanysCore
import Foundation

/// A public key as OpenSSH writes it: `ssh-ed25519 AAAAC3Nza… comment`. Only type and blob identify it.
struct PublicKey: Equatable, Sendable {
    var type: String
    var blob: String

    static let types: Set<String> = [
        "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
    ]

    /// The one key of a `.pub` file (blank lines and `#` comments aside); options or several keys are refused.
    init(publicKeyFile text: String) throws(AccessError) {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard lines.count == 1 else {
            throw AccessError.badKey(lines.isEmpty ? "the file holds no public key" : "the file holds \(lines.count) lines; give one public key")
        }
        let words = lines[0].split(whereSeparator: \.isWhitespace).map(String.init)
        guard words.count >= 2, Self.types.contains(words[0]) else {
            throw AccessError.badKey("expected one public key line such as `ssh-ed25519 AAAA… name` (a private key or key options are not accepted)")
        }
        guard words[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+/=".contains($0)) }) else {
            throw AccessError.badKey("the key's data is not base64")
        }
        self.type = words[0]
        self.blob = words[1]
    }

    init(type: String, blob: String) {
        self.type = type
        self.blob = blob
    }

    var line: String { "\(type) \(blob)" }
}

/// Why an access change was refused.
enum AccessError: Error, Equatable, CustomStringConvertible {
    case badKey(String)
    case keyTaken(String)
    case unsafePath(String)
    case file(String)

    var description: String {
        switch self {
        case .badKey(let why): "not a usable SSH public key: \(why)"
        case .keyTaken(let why): why
        case .unsafePath(let path): "\(path): a path in a forced command may hold only letters, digits and / . _ + @ - (no spaces or quotes)"
        case .file(let why): why
        }
    }
}

/// What the forced command of a granted key runs: `<bailanys> --db <db> session P12`.
struct ForcedCommand: Equatable, Sendable {
    var executable: String
    var database: String

    /// sshd hands the command to the account's shell, so every path is held to characters no shell reads specially.
    init(executable: String, database: String) throws(AccessError) {
        for path in [executable, database] {
            guard path.hasPrefix("/"), !path.isEmpty,
                  path.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "/._+@-".unicodeScalars.contains($0)) })
            else { throw AccessError.unsafePath(path) }
        }
        self.executable = executable
        self.database = database
    }

    func text(for person: EntityID) -> String { "\(executable) --db \(database) session \(person)" }
}

/// An authorized_keys file as Bailanys edits it: the lines it wrote (one key → one person, marked by a
/// `bailanys:P12` comment) and every other line, which it keeps byte for byte and in place.
struct AuthorizedKeys: Equatable {
    struct Grant: Equatable {
        var person: EntityID
        var key: PublicKey
        var fingerprint: String
        var command: String

        var line: String {
            "restrict,pty,command=\"\(command)\" \(key.line) bailanys:\(person) \(fingerprint)"
        }
    }

    enum Line: Equatable {
        case granted(Grant)
        case foreign(String)
    }

    var lines: [Line]
    /// Whether the text ended with a newline (kept so an untouched file is written back as it was).
    private var trailingNewline: Bool

    init(text: String) {
        var raw = text.components(separatedBy: "\n")
        trailingNewline = text.hasSuffix("\n") || text.isEmpty
        if text.hasSuffix("\n") { raw.removeLast() }
        if text.isEmpty { raw = [] }
        lines = raw.map { Self.grant(in: $0).map(Line.granted) ?? .foreign($0) }
    }

    var text: String {
        let body = lines.map { line in
            switch line {
            case .granted(let grant): grant.line
            case .foreign(let text): text
            }
        }.joined(separator: "\n")
        return body.isEmpty ? "" : body + (trailingNewline ? "\n" : "")
    }

    var grants: [Grant] {
        lines.compactMap { if case .granted(let grant) = $0 { grant } else { nil } }
    }

    /// Adds a line for `person`. False when this very grant is already there; refused when the key is on any
    /// other line (another person's, or a line Bailanys did not write — sshd would obey the first match).
    mutating func grant(_ person: EntityID, key: PublicKey, fingerprint: String, command: ForcedCommand) throws(AccessError) -> Bool {
        let wanted = Grant(person: person, key: key, fingerprint: fingerprint, command: command.text(for: person))
        for line in lines {
            switch line {
            case .granted(let grant) where grant.key.blob == key.blob:
                if grant == wanted { return false }
                if grant.person == person {
                    throw AccessError.keyTaken("this key is already granted to \(person) with another command; revoke it first")
                }
                throw AccessError.keyTaken("this key already belongs to \(grant.person); a key can belong to one person only")
            case .foreign(let text) where text.split(whereSeparator: \.isWhitespace).contains(where: { $0 == key.blob }):
                throw AccessError.keyTaken("this key is already in the file on a line Bailanys did not write; remove that line by hand first")
            default: continue
            }
        }
        if trailingNewline == false && !lines.isEmpty { trailingNewline = true }
        lines.append(.granted(wanted))
        return true
    }

    /// Removes the person's lines (only the one for `key` when given); returns what was removed.
    mutating func revoke(_ person: EntityID, key: PublicKey? = nil) -> [Grant] {
        var removed: [Grant] = []
        lines.removeAll { line in
            guard case .granted(let grant) = line, grant.person == person, key.map({ $0.blob == grant.key.blob }) ?? true else { return false }
            removed.append(grant)
            return true
        }
        return removed
    }

    /// A line Bailanys wrote, or nil: exactly `restrict,pty,command="… session P12" TYPE BLOB bailanys:P12 FINGERPRINT`.
    static func grant(in line: String) -> Grant? {
        let prefix = "restrict,pty,command=\""
        guard line.hasPrefix(prefix) else { return nil }
        let rest = line.dropFirst(prefix.count)
        guard let close = rest.firstIndex(of: "\"") else { return nil }
        let command = String(rest[..<close])
        let words = rest[rest.index(after: close)...].split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard words.count == 5, words[0].isEmpty, PublicKey.types.contains(words[1]), words[3].hasPrefix("bailanys:"),
              let person = EntityID(String(words[3].dropFirst("bailanys:".count))), person.kind == .person,
              command.hasSuffix(" session \(person)")
        else { return nil }
        return Grant(person: person, key: PublicKey(type: words[1], blob: words[2]), fingerprint: words[4], command: command)
    }
}
