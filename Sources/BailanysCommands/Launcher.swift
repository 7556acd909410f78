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
        let (store, created) = session == nil ? try openOrCreateDemo(environment: environment) : (try directory.open(), false)
        let path = directory.path
        let defaultPath = DirectoryStore.defaultPath(environment: environment.variables)
        let claimed = try session ?? identity.actor.map { try parseID($0, as: [.person], what: "a person id like P12") }
        // `--as` someone this file does not hold is a mistake to report, not a reason to ask "who are you?".
        if let claimed, try !translatingErrors({ try store.exists(claimed) }) {
            throw CommandError.user("--as \(claimed): nobody with that id in \(path). Find your id with `bailanys search NAME --db \(path)`.")
        }
        let me = claimed ?? config.me(in: path, defaultPath: defaultPath)
        let model = try ConfigFile.tieModel(path: environment.configPath)
        // The graph builds while the first frame is drawn; the ties appear when it is ready.
        let ties = GraphTieStrength.loading(store: store, model: model, today: try environment.today())
        let configPath = environment.configPath
        // Remembered per directory file, by its full path.
        let directoryKey = URL(fileURLWithPath: directory.path).standardizedFileURL.path
        let backend = try NcursesBackend(clipboard: config.clipboard ?? .auto)
        // The backend lives on this thread only; the closure runs synchronously inside the app's loop.
        nonisolated(unsafe) let terminal = backend
        let inSession = session != nil
        let saveConfig: @Sendable (ConfigChange) throws -> Void = { change in
            // A session shares the server account's config with every other session: nothing of one person goes there.
            guard !inSession else { return }
            var file = (try? ConfigFile.load(path: configPath)) ?? ConfigFile()
            switch change {
            case .me(let id): file.setMe(id, in: path, defaultPath: defaultPath)
            case .language(let language): file.language = language.rawValue
            }
            try file.save(path: configPath)
        }
        try BailanysApp.run(backend: backend, context: AppContext(
            store: store, me: me, language: chosenLanguage, today: try environment.today(), ties: ties,
            saveConfig: saveConfig,
            environment: environment.variables,
            withTerminalReleased: { body in terminal.withTerminalReleased(body) }, tieModel: model,
            loadsInBackground: true, isServerSession: session != nil, createdDemo: created,
            view: inSession ? nil : ConfigFile.view(path: configPath, directory: directoryKey).map(ViewMemory.init(line:)),
            saveView: { view in
                guard !inSession else { return }
                try ConfigFile.saveView(view.line, path: configPath, directory: directoryKey)
            }))
        // The app's screen is gone once it ends; say again where the new directory is, where it can be read.
        if created { Output.line(Self.createdMessage(path)) }
    }

    static func createdMessage(_ path: String) -> String {
        "Created the demo directory at \(path); `bailanys sample --help` makes another."
    }

    /// The directory, or on a first run the demo, with each step said on the terminal as it happens (seconds at
    /// 8,900 alumni), so nobody looks at a blank screen.
    private func openOrCreateDemo(environment: CommandEnvironment) throws -> (DirectoryStore, created: Bool) {
        if FileManager.default.fileExists(atPath: directory.path) { return (try directory.open(), false) }
        let parameters = try SampleCommand.defaultParameters(environment: environment)
        Output.line("No directory at \(directory.path) yet: creating the demo directory (\(parameters.alumni) alumni, seed \(parameters.seed)).")
        let store = try SampleCommand.generate(parameters, path: directory.path, overwrite: false) { step in
            Output.line("  \(step)…")
        }
        Output.line(Self.createdMessage(directory.path))
        return (store, true)
    }

    /// `--lang`, then the config file of `environment`, then its locale.
    static func language(option: String?, _ environment: CommandEnvironment) throws -> Language {
        try language(option: option, config: try ConfigFile.load(path: environment.configPath), environment: environment.variables)
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
