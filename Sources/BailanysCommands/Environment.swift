import BailanysCore
import BailanysResources
import BailanysStore
import Foundation

/// Everything a command reads from outside: environment, clock, config, bundled data.
/// Gathered in one place so tests can run the binary with a fixed `BAILANYS_TODAY`.
struct CommandEnvironment {
    let variables: [String: String]

    init(variables: [String: String] = ProcessInfo.processInfo.environment) {
        self.variables = variables
    }

    /// The local calendar day, or `BAILANYS_TODAY` (YYYY-MM-DD) for reproducible runs.
    func today() throws -> Day {
        if let fixed = variables["BAILANYS_TODAY"], !fixed.isEmpty {
            guard let day = Day(iso: fixed) else {
                throw CommandError.usage("BAILANYS_TODAY=\(fixed) is not a date; expected YYYY-MM-DD.")
            }
            return day
        }
        // The C library's local time, not `Calendar.current`: the same day (TZ, /etc/localtime), without building a
        // calendar and time zone on every start (about a millisecond of the interface's cold start).
        var now = time(nil), local = tm()
        localtime_r(&now, &local)
        return Day(year: Int(local.tm_year) + 1900, month: Int(local.tm_mon) + 1, day: Int(local.tm_mday))!
    }

    /// Under sshd (`SSH_CONNECTION` set) the server's clock decides: a client could send `BAILANYS_TODAY` wherever
    /// a site's `AcceptEnv` lets it through, and revive an expired invite code or move a session's day. Called by
    /// the commands sshd runs (`session`, `access enroll`) before they read anything.
    static func trustOnlyTheServerClock() {
        if let connection = ProcessInfo.processInfo.environment["SSH_CONNECTION"], !connection.isEmpty {
            unsetenv("BAILANYS_TODAY")
        }
    }

    /// Inside `bailanys session P12` on the shared server: the person the SSH key was granted to. The session
    /// sets it (and clears any value a client sent) before it runs a subcommand; it outranks `--as` and `me`.
    static let sessionPersonVariable = "BAILANYS_SESSION_PERSON"
    /// Inside a session: the SHA256 fingerprint of the key that opened it, recorded with every audit row.
    static let sessionKeyVariable = "BAILANYS_SESSION_KEY"

    var sessionPerson: EntityID? {
        variables[Self.sessionPersonVariable].flatMap(EntityID.init).flatMap { $0.kind == .person ? $0 : nil }
    }

    var sessionKey: String? { variables[Self.sessionKeyVariable].flatMap { $0.isEmpty ? nil : $0 } }

    var configPath: String {
        let configHome = variables["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (variables["HOME"] ?? NSHomeDirectory()) + "/.config"
        return configHome + "/bailanys/config.toml"
    }

}
