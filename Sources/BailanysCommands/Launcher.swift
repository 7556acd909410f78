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

    func run() throws {
        guard NcursesBackend.isTerminal else {
            throw CommandError.user("The Bailanys interface needs a terminal; for scripts use the subcommands (`bailanys search`, `show`, `stats` … see `bailanys --help`).")
        }
        let environment = directory.environment
        let config = try ConfigFile.load(path: environment.configPath)
        let chosenLanguage = try Self.language(option: language, config: config, environment: environment.variables)
        let store = try openOrCreateDemo(environment: environment)
        let me = try identity.actor.map { try parseID($0, as: [.person], what: "a person id like P12") } ?? config.me
        let model = try ConfigFile.tieModel(path: environment.configPath)
        // The graph builds while the first frame is drawn; the ties appear when it is ready.
        let ties = GraphTieStrength.loading(store: store, model: model, today: try environment.today())
        let configPath = environment.configPath
        // Remembered per directory file, by its full path.
        let directoryKey = URL(fileURLWithPath: directory.path).standardizedFileURL.path
        let backend = try NcursesBackend()
        // The backend lives on this thread only; the closure runs synchronously inside the app's loop.
        nonisolated(unsafe) let terminal = backend
        try BailanysApp.run(backend: backend, context: AppContext(
            store: store, me: me, language: chosenLanguage, today: try environment.today(), ties: ties,
            saveConfig: { chosen in
                var file = (try? ConfigFile.load(path: configPath)) ?? ConfigFile()
                file.me = chosen.me
                file.language = chosen.language.rawValue
                try file.save(path: configPath)
            },
            environment: environment.variables,
            withTerminalReleased: { body in terminal.withTerminalReleased(body) }, tieModel: model,
            loadsInBackground: true,
            view: ConfigFile.view(path: configPath, directory: directoryKey).map(ViewMemory.init(line:)),
            saveView: { try ConfigFile.saveView($0.line, path: configPath, directory: directoryKey) }))
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
