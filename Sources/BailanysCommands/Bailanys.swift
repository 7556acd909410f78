import ArgumentParser
import BailanysCore
import BailanysPolicy
import BailanysStore
import Foundation

/// `bailanys` with no subcommand opens the terminal UI; every feature is also a subcommand.
public struct Bailanys: ParsableCommand {
    public static let version = "\(BuildInfo.version) (commit \(BuildInfo.commit))"

    public static let configuration = CommandConfiguration(
        commandName: "bailanys",
        abstract: "Bailanys — the ZhasProject alumni directory and its fading-ties radar.",
        discussion: """
            With no subcommand, opens the terminal UI (creating the demo directory on first run).
            Exit codes: 0 ok, 1 user error, 2 usage error, 3 data error, 4 not allowed (who may do what: docs/privacy.md).
            """,
        version: version,
        subcommands: [SampleCommand.self, InitCommand.self, AddCommand.self, EditCommand.self, SearchCommand.self,
                      ShowCommand.self, LogCommand.self, UnlogCommand.self, StatsCommand.self, DoctorCommand.self,
                      SuggestCommand.self, FadingCommand.self, MenteesCommand.self, DismissCommand.self, UndismissCommand.self, SnoozeCommand.self,
                      HealthCommand.self, GraphCommand.self, ReportCommand.self, MeetupCommand.self,
                      ImportCommand.self, ExportCommand.self, PublishCommand.self, TakeCopyCommand.self, ExportLogCommand.self,
                      AccessCommand.self, SessionCommand.self, UpliftCommand.self]
    )

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var identity: IdentityOptions

    @OptionGroup var language: LanguageOptions

    public init() {}

    public func run() throws {
        try Launcher(directory: directory, identity: identity, language: language.lang).run()
    }

    /// Parses the arguments and runs, mapping every failure to one clear sentence and the
    /// documented exit code (ArgumentParser's own usage errors become 2).
    public static func main(arguments: [String]? = nil) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Foundation.exit(0)
        } catch let error as CommandError {
            // A refused import lists its rows, a line each.
            Output.error("bailanys: \(error.message)")
            Foundation.exit(error.exitCode)
        } catch let error as StoreError {
            Output.error("bailanys: \(error.description)")
            Foundation.exit(error.exitCode)
        } catch let refusal as Refusal {
            Output.error("bailanys: \(refusal.description)")
            Foundation.exit(CommandError.refused("").exitCode)
        } catch let refusal as ImportRefusal {
            Output.error("bailanys: \(refusal.description)")
            Foundation.exit(CommandError.refused("").exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            Output.error(fullMessage(for: error))
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
