import BailanysCore
import BailanysGraph
import BailanysPolicy
import Foundation
import BailanysStore
import TerminalKit

/// One thing the person chose in the app, for the executable to remember (in config.toml) and nothing else: a
/// one-run `--as` or `--lang` is never written along with it (pressing `L` under `--as P12` used to make P12 this
/// file's person for every later run, so the next user of the machine opened the app as them).
public enum ConfigChange: Sendable, Equatable {
    /// They confirmed who they are ("who are you?", or `I`).
    case me(EntityID)
    /// They switched the language with `L`.
    case language(Language)
}

/// Everything the app needs from outside, injected so that tests can run it headless.
public struct AppContext: Sendable {
    public var store: DirectoryStore
    /// Who is using the app (config or `--as`); nil asks them to pick themself first.
    public var me: EntityID?
    public var language: Language
    public var today: Day
    public var ties: any TieStrengthProvider
    /// Called when the person confirms who they are or switches the language.
    public var saveConfig: @Sendable (ConfigChange) throws -> Void
    /// The screen, sort and filter remembered from the last run on this directory, and where to keep them.
    public var view: ViewMemory?
    public var saveView: @Sendable (ViewMemory) throws -> Void
    /// Looked up for `VISUAL` / `EDITOR`, and passed to the editor.
    public var environment: [String: String]
    /// Runs `body` (the external editor) with the terminal given back to it, then takes it again.
    /// The ncurses executable passes `{ endwin(); $0(); refresh() }`; tests keep the default.
    public var withTerminalReleased: @Sendable (() -> Void) -> Void
    /// The graph model's parameters (config.toml), for the planners.
    public var tieModel: TieModel
    /// Where exports (a meetup's .ics) are written.
    public var exportFolder: String
    /// Loads in the background (the interactive app): keys are answered with a frame at once while
    /// searches and the graph catch up. Off for headless tests, where every effect finishes before
    /// the next event, so that a key sequence always gives the same screen.
    public var loadsInBackground: Bool
    /// A session on the shared server (`bailanys session P12`): the SSH key fixed who is speaking, so `I` is off,
    /// and the server neither runs an editor (a shell escape) nor writes export files on its own disk.
    public var isServerSession: Bool
    /// The directory was just created (the demo on a first run): the first frame says where.
    public var createdDemo: Bool

    public init(store: DirectoryStore, me: EntityID?, language: Language, today: Day,
                ties: any TieStrengthProvider = NoTieStrength(),
                saveConfig: @escaping @Sendable (ConfigChange) throws -> Void = { _ in },
                environment: [String: String] = [:],
                withTerminalReleased: @escaping @Sendable (() -> Void) -> Void = { $0() },
                tieModel: TieModel = .standard,
                exportFolder: String = FileManager.default.currentDirectoryPath,
                loadsInBackground: Bool = false, isServerSession: Bool = false, createdDemo: Bool = false,
                view: ViewMemory? = nil, saveView: @escaping @Sendable (ViewMemory) throws -> Void = { _ in }) {
        self.view = view
        self.saveView = saveView
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
        self.loadsInBackground = loadsInBackground
        self.isServerSession = isServerSession
        self.createdDemo = createdDemo
    }
}

/// Puts text on the clipboard of the terminal the user sits at: `TerminalBackend.copyToClipboard`.
typealias Clipboard = @Sendable (String) -> ClipboardOutcome

/// Where an effect runs. Writes, the editor, copies to the clipboard (the terminal is the app thread's) and quitting
/// stay on the app's thread, in order; reads go to one of two serial background lanes, so that a search never waits
/// for the tie graph to load.
private enum Lane {
    case inline, store, graph

    init(_ effect: Effect) {
        switch effect {
        case .save, .saveConfig, .saveView, .openEditor, .exportMentees, .copyMentees, .exportReport, .quit: self = .inline
        case .loadDirectory, .loadPreview, .loadCard, .loadRounds, .loadSize, .loadReport, .loadMe: self = .store
        case .loadCardTies, .loadMyTies, .loadMap, .loadSuggestions, .loadMentees, .meetup: self = .graph
        }
    }
}

/// Results of background effects, waiting to be applied on the app's thread.
private final class Inbox: @unchecked Sendable {
    // Guarded by `lock` (Foundation's, as Synchronization's Mutex needs macOS 15).
    private let lock = NSLock()
    private var state: (events: [AppEvent], running: Int, newestDirectoryRequest: Int) = ([], 0, 0)
    /// Signalled when a result arrives: ends the loop's wait for input (so that it is drawn at once) and `wait`.
    let wake = WakeSignal()

    func started() { lock.withLock { state.running += 1 } }

    /// The newest directory request; an older one still queued is skipped, as its answer would be ignored.
    func requested(directoryGeneration generation: Int) { lock.withLock { state.newestDirectoryRequest = generation } }

    func isOutdated(directoryGeneration generation: Int) -> Bool { lock.withLock { generation < state.newestDirectoryRequest } }

    func finished(with events: [AppEvent]) {
        lock.withLock { state.events += events; state.running -= 1 }
        wake.signal()
    }

    var isBusy: Bool { lock.withLock { state.running > 0 || !state.events.isEmpty } }

    func take() -> [AppEvent] {
        wake.drain()
        return lock.withLock {
            defer { state.events = [] }
            return state.events
        }
    }

    /// Waits until some background effect finishes, for at most `timeout`.
    func wait(upTo timeout: Duration) { _ = wake.wait(upTo: timeout) }
}

/// The running app: state plus the loop that feeds effects' results back into `update`.
final class AppSession {
    private(set) var state: AppState
    private let runner: EffectRunner
    private let inBackground: Bool
    private let inbox = Inbox()
    private let storeLane = DispatchQueue(label: "bailanys.store")
    private let graphLane = DispatchQueue(label: "bailanys.graph")

    /// `clipboard` reaches the terminal; a headless session has none to copy to.
    init(context: AppContext, size: Size, clipboard: @escaping Clipboard = { _ in .unsupported }) {
        // Read before the first frame, not on the store lane: which screens and keys exist depends on it, and a key
        // pressed as soon as the rows show must find them. An unknown `me` (e.g. a stale config) falls back to
        // choosing again rather than failing.
        let store = context.store
        state = AppState(size: size, language: context.language, today: context.today, gazetteer: store.gazetteer,
                         me: context.me.flatMap { try? Me.read($0, from: store) }, places: { store.placeResolver })
        state.fileKind = (try? context.store.fileKind()) ?? .master
        state.isServerSession = context.isServerSession
        state.isReadOnly = context.store.isReadOnly
        state.filePath = context.store.path
        state.fileActor = (try? context.store.actor(nil)) ?? .nobody
        state.graphProgress = context.ties.loadProgress
        context.view?.apply(to: &state)
        runner = EffectRunner(context: context, clipboard: clipboard)
        inBackground = context.loadsInBackground
        execute(Update.start(&state))
        if context.createdDemo {
            state.overlay = .message(title: "msg.createdDemo.title", text: state.strings("msg.createdDemo", ["path": context.store.path]))
        }
    }

    func send(_ event: Event) { send(.terminal(event)) }

    func send(_ event: AppEvent) {
        execute(Update.update(&state, event))
    }

    /// Background effects still running, or results not yet applied.
    var isBusy: Bool { inbox.isBusy }

    /// Signalled whenever a background effect finishes.
    var wake: WakeSignal { inbox.wake }

    func waitForBackgroundWork(upTo timeout: Duration) { inbox.wait(upTo: timeout) }

    /// The tie graph is still loading, as last looked at.
    var isGraphLoading: Bool { state.graphProgress != nil }

    /// Takes the tie graph's load progress into the state; true when it moved (the frame is then out of date).
    @discardableResult
    func lookAtGraphProgress() -> Bool {
        let progress = runner.context.ties.loadProgress
        guard progress != state.graphProgress else { return false }
        send(.graphProgressed(progress))
        return true
    }

    /// Applies the results that background effects have delivered; true when there were any.
    @discardableResult
    func applyFinishedWork() -> Bool {
        let events = inbox.take()
        for event in events { send(event) }
        return !events.isEmpty
    }

    private func execute(_ effects: [Effect]) {
        var queue = effects
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            let lane = inBackground ? Lane(effect) : .inline
            guard lane != .inline else {
                for result in runner.run(effect, language: state.language) {
                    queue += Update.update(&state, result)
                }
                continue
            }
            if case .loadDirectory(_, let generation) = effect { inbox.requested(directoryGeneration: generation) }
            let (runner, inbox, language) = (runner, inbox, state.language)
            inbox.started()
            (lane == .store ? storeLane : graphLane).async {
                if case .loadDirectory(_, let generation) = effect, inbox.isOutdated(directoryGeneration: generation) {
                    inbox.finished(with: [])
                    return
                }
                inbox.finished(with: runner.run(effect, language: language))
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
        if !context.isServerSession { try context.store.keepPagesForBrowsing() }
        // The backend lives on this thread only; copies run inline in this loop (`Lane`), never on a background lane.
        nonisolated(unsafe) let terminal: any TerminalBackend = backend
        let session = AppSession(context: context, size: backend.size, clipboard: { terminal.copyToClipboard($0) })
        // While background work runs, the wait for input also ends when a result arrives (`wake`), which is then drawn
        // at once; the slice only bounds a wait whose signal a backend cannot watch (a scripted one).
        let slice = Duration.milliseconds(5)
        // While the tie graph loads, its progress is looked at with every frame and at least this often; once it is
        // loaded, nothing but input and background results wakes the loop (an idle app uses no CPU).
        let progressInterval = Duration.milliseconds(200)
        let clock = ContinuousClock()
        var nextProgressLook = clock.now
        var needsFrame = true
        // The first frame waits for the directory's first page as a key's frame waits for its work: one frame with the
        // rows instead of an empty table and then the rows.
        awaitStartedWork(session) { $0.directory.isLoaded }
        while session.state.isRunning {
            if session.isGraphLoading, needsFrame || clock.now >= nextProgressLook {
                nextProgressLook = clock.now + progressInterval
                if session.lookAtGraphProgress() { needsFrame = true }
            }
            if needsFrame { try backend.present(session.frame) }
            if session.isBusy {
                if let event = backend.nextEvent(timeout: slice, orWake: session.wake) {
                    handle(event, session, backend)
                    needsFrame = true
                } else if session.applyFinishedWork() {
                    needsFrame = true
                } else {
                    // A scripted backend answers at once instead of waiting: wait for the work instead.
                    session.waitForBackgroundWork(upTo: slice)
                    needsFrame = session.applyFinishedWork()
                }
                continue
            }
            if session.isGraphLoading {
                if let event = backend.nextEvent(timeout: max(.zero, nextProgressLook - clock.now)) {
                    handle(event, session, backend)
                    settle(session, backend)
                    needsFrame = true
                } else {
                    // A scripted backend answers at once instead of waiting: wait for the next look instead.
                    sleep(until: nextProgressLook, clock)
                    needsFrame = false
                }
                continue
            }
            guard let event = backend.nextEvent(timeout: nil) else { return }
            handle(event, session, backend)
            settle(session, backend)
            needsFrame = true
        }
    }

    /// How long a frame waits for background work its key started: a preview read usually finishes within it, and is
    /// then drawn in the same frame instead of a second one (a frame costs as much as the read). Slower work still gets
    /// a first frame this soon, then its own. A key typed into a text field is drawn at once: a search at 100k people
    /// takes longer than this, and waiting would only delay the letter.
    static let frameWait = Duration.milliseconds(12)

    /// Before a key's frame is drawn: keys already typed are handled too (a held key or a paste draws one frame, not one
    /// per key), and work that the keys started is given `frameWait` to finish.
    private static func settle(_ session: AppSession, _ backend: some TerminalBackend) {
        var handled = 0
        while handled < 64, session.state.isRunning, let next = backend.nextEvent(timeout: .zero) {
            handle(next, session, backend)
            handled += 1
        }
        guard session.state.isRunning, !session.state.isTakingText else { return }
        awaitStartedWork(session)
    }

    /// Gives background work up to `frameWait` to finish (or to make `done` true), applying its results as they come.
    private static func awaitStartedWork(_ session: AppSession, until done: (AppState) -> Bool = { _ in false }) {
        let deadline = ContinuousClock.now + frameWait
        while session.isBusy, !done(session.state), ContinuousClock.now < deadline {
            session.waitForBackgroundWork(upTo: deadline - ContinuousClock.now)
            session.applyFinishedWork()
        }
    }

    private static func sleep(until instant: ContinuousClock.Instant, _ clock: ContinuousClock) {
        let (seconds, attoseconds) = max(.zero, instant - clock.now).components
        Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) * 1e-18)
    }

    private static func handle(_ event: Event, _ session: AppSession, _ backend: some TerminalBackend) {
        if event == .key(.control("z")) {
            backend.suspend()
        } else {
            session.send(event)
        }
    }
}
