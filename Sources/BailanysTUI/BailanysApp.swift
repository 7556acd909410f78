import BailanysCore
import BailanysGraph
import Foundation
import BailanysStore
import TerminalKit

/// What the app remembers between runs; the executable stores it (e.g. in config.toml).
public struct UserConfig: Sendable, Equatable {
    public var me: EntityID?
    public var language: Language

    public init(me: EntityID?, language: Language) {
        self.me = me
        self.language = language
    }
}

/// Everything the app needs from outside, injected so that tests can run it headless.
public struct AppContext: Sendable {
    public var store: DirectoryStore
    /// Who is using the app (config or `--as`); nil asks them to pick themself first.
    public var me: EntityID?
    public var language: Language
    public var today: Day
    public var ties: any TieStrengthProvider
    /// Called when "who am I" or the language changes.
    public var saveConfig: @Sendable (UserConfig) throws -> Void
    /// Looked up for `VISUAL` / `EDITOR`, and passed to the editor.
    public var environment: [String: String]
    /// Runs `body` (the external editor) with the terminal given back to it, then takes it again.
    /// The ncurses executable passes `{ endwin(); $0(); refresh() }`; tests keep the default.
    public var withTerminalReleased: @Sendable (() -> Void) -> Void
    /// The graph model's parameters (config.toml), for the planners.
    public var tieModel: TieModel
    /// Where exports (a meetup's .ics) are written.
    public var exportFolder: String

    public init(store: DirectoryStore, me: EntityID?, language: Language, today: Day,
                ties: any TieStrengthProvider = NoTieStrength(),
                saveConfig: @escaping @Sendable (UserConfig) throws -> Void = { _ in },
                environment: [String: String] = [:],
                withTerminalReleased: @escaping @Sendable (() -> Void) -> Void = { $0() },
                tieModel: TieModel = .standard,
                exportFolder: String = FileManager.default.currentDirectoryPath) {
        self.store = store
        self.me = me
        self.language = language
        self.today = today
        self.ties = ties
        self.saveConfig = saveConfig
        self.environment = environment
        self.withTerminalReleased = withTerminalReleased
        self.tieModel = tieModel
        self.exportFolder = exportFolder
    }
}

/// The running app: state plus the loop that feeds effects' results back into `update`.
final class AppSession {
    private(set) var state: AppState
    private let runner: EffectRunner

    init(context: AppContext, size: Size) {
        // An unknown `me` (e.g. a stale config) falls back to choosing again rather than failing.
        let known = context.me.flatMap { (try? context.store.exists($0)) == true ? $0 : nil }
        state = AppState(size: size, language: context.language, today: context.today, gazetteer: context.store.gazetteer,
                         me: known.map { Me(id: $0, name: $0.description, role: .alumnus) })
        runner = EffectRunner(context: context)
        execute(Update.start(&state))
    }

    func send(_ event: Event) { send(.terminal(event)) }

    func send(_ event: AppEvent) {
        execute(Update.update(&state, event))
    }

    private func execute(_ effects: [Effect]) {
        var queue = effects
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            for result in runner.run(effect, language: state.language) {
                queue += Update.update(&state, result)
            }
        }
    }

    var frame: Buffer { Render.frame(state) }
}

public enum BailanysApp {
    /// Runs until the user quits (q or Ctrl-C) or the backend has no more events
    /// (a scripted `MemoryBackend`), then shuts the backend down.
    public static func run(backend: some TerminalBackend, context: AppContext) throws {
        defer { backend.shutdown() }
        let session = AppSession(context: context, size: backend.size)
        while session.state.isRunning {
            try backend.present(session.frame)
            guard let event = backend.nextEvent(timeout: nil) else { return }
            if event == .key(.control("z")) {
                backend.suspend()
                continue
            }
            session.send(event)
        }
    }
}
