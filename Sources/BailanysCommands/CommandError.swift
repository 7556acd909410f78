import BailanysStore
import Foundation

/// A failure the person can fix, with the exit code the conventions promise:
/// 1 user error, 2 usage, 3 data error, 4 not allowed (the policy refused).
struct CommandError: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32

    static func user(_ message: String) -> CommandError { CommandError(message: message, exitCode: 1) }
    static func usage(_ message: String) -> CommandError { CommandError(message: message, exitCode: 2) }
    static func data(_ message: String) -> CommandError { CommandError(message: message, exitCode: 3) }
    /// The actor may not do this (docs/privacy.md); nothing was changed.
    static func refused(_ message: String) -> CommandError { CommandError(message: message, exitCode: 4) }

    var description: String { message }
}

extension StoreError {
    var commandError: CommandError { CommandError(message: description, exitCode: exitCode) }
}
