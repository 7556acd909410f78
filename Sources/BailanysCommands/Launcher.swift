import BailanysCore
import BailanysGraph
import BailanysStore
import BailanysTUI
import Foundation
import NcursesBackend

/// What `bailanys` alone does: make sure a directory exists (the demo on first run), then open the UI.
struct Launcher {
    var directory: DirectoryOptions
    var identity: IdentityOptions
    var language: String?
    /// `bailanys session P12` on the shared server: the person is fixed, the file must exist, nothing is saved to
    /// the server account's config, and the app opens no editor and writes no files (`AppContext.isServerSession`).
    var session: EntityID? = nil

    func run() throws {
        guard NcursesBackend.isTerminal else {
            throw CommandError.user("The Bailanys interface needs a terminal; for scripts use the subcommands (`bailanys search`, `show`, `stats` … see `bailanys --help`).")
        }
        let environment = directory.environment
        let config = try ConfigFile.load(path: environment.configPath)
        let chosenLanguage = try Self.language(option: language, config: config, environment: environment.variables)
        let store = session == nil ? try openOrCreateDemo(environment: environment) : try directory.open()
        let me = try session ?? identity.actor.map { try parseID($0, as: [.person], what: "a person id like P12") } ?? config.me
        let model = try ConfigFile.tieModel(path: environment.configPath)
        // The graph builds while the first frame is drawn; the ties appear when it is ready.
        let ties = GraphTieStrength.loading(store: store, model: model, today: try environment.today())
        let configPath = environment.configPath
        let backend = try NcursesBackend()
        // The backend lives on this thread only; the closure runs synchronously inside the app's loop.
        nonisolated(unsafe) let terminal = backend
        let inSession = session != nil
        let saveConfig: @Sendable (UserConfig) throws -> Void = { chosen in
            // A session shares the server account's config with every other session: nothing of one person goes there.
            guard !inSession else { return }
            var file = (try? ConfigFile.load(path: configPath)) ?? ConfigFile()
            file.me = chosen.me
            file.language = chosen.language.rawValue
            try file.save(path: configPath)
        }
        try BailanysApp.run(backend: backend, context: AppContext(
            store: store, me: me, language: chosenLanguage, today: try environment.today(), ties: ties,
            saveConfig: saveConfig,
            environment: environment.variables,
            withTerminalReleased: { body in terminal.withTerminalReleased(body) }, tieModel: model,
            loadsInBackground: true, isServerSession: session != nil))
    }

    private func openOrCreateDemo(environment: CommandEnvironment) throws -> DirectoryStore {
        if FileManager.default.fileExists(atPath: directory.path) { return try directory.open() }
        let store = try SampleCommand.generate(try SampleCommand.defaultParameters(environment: environment),
                                               path: directory.path, overwrite: false)
        Output.line("Created the demo directory at \(directory.path); `bailanys sample --help` makes another.")
        return store
    }

    /// `--lang`, then the config, then the locale (LC_ALL, LC_MESSAGES, LANG); English otherwise.
    static func language(option: String?, config: ConfigFile, environment: [String: String]) throws -> Language {
        if let option {
            guard let language = Language(rawValue: option) else { throw CommandError.usage("--lang \(option): expected kk, ru or en.") }
            return language
        }
        if let configured = config.language.flatMap(Language.init(rawValue:)) { return configured }
        for variable in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[variable], !value.isEmpty else { continue }
            return Language(rawValue: String(value.prefix(2)).lowercased()) ?? .en
        }
        return .en
    }
}
