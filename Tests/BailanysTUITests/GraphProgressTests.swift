import BailanysCore
import BailanysGraph
import BailanysStore
import Foundation
import TerminalKit
import Testing
@testable import BailanysTUI

/// Long work shows progress, not just "Loading…" (issue 14): while the tie graph loads, the screens that wait for it
/// show the step under way and how much of the load is done. The load is held at known steps by the test, so
/// nothing depends on timing.
@Suite struct GraphProgressTests {
    /// A tie graph whose load reports `steps` one by one, waiting after each until the test lets it go on.
    final class HeldLoad: Sendable {
        let steps: [GraphLoadProgress]
        let reached = DispatchSemaphore(value: 0)
        let goOn = DispatchSemaphore(value: 0)
        let ties: GraphTieStrength

        init(_ store: DirectoryStore, steps: [GraphLoadProgress]) {
            self.steps = steps
            let (reached, goOn) = (reached, goOn)
            ties = GraphTieStrength.loading { report in
                for step in steps {
                    report(step.step, step.fraction)
                    reached.signal()
                    goOn.wait()
                }
                return try store.graphSnapshot()
            }
        }
    }

    static let contactsHalfRead = GraphLoadProgress(step: .readingContacts, fraction: 0.5)
    static let halfBuilt = GraphLoadProgress(step: .building, fraction: 0.5)

    @Test func suggestionsAndMenteesShowTheStepAndHowMuchIsDone() throws {
        let store = try Fixtures.store()
        let load = HeldLoad(store, steps: [Self.contactsHalfRead])
        load.reached.wait()
        let app = try Harness(me: Fixtures.p(4), ties: load.ties, store: store, inBackground: true)
        try app.settle { $0.me?.role == .mentor && $0.directorySize != nil }
        #expect(app.state.graphProgress == Self.contactsHalfRead)
        app.keys(.character("2"))
        #expect(app.screen.contains("Reading logged contacts… 27%"), "\(app.screen)")
        #expect(app.screen.contains("Building the tie graph from"), "\(app.screen)")
        app.keys(.character("3"))
        #expect(app.screen.contains("Reading logged contacts… 27%"), "\(app.screen)")
        var words = app.state
        for (language, text) in [(Language.kk, "Жазылған байланыстар оқылуда… 27%"), (.ru, "Чтение записанных контактов… 27%")] {
            words.language = language
            #expect(Render.frame(words).lines.contains { $0.contains(text) }, "\(language)")
        }

        load.goOn.signal()
        try app.settle { $0.mentees.view != nil }
        app.session.lookAtGraphProgress()
        #expect(app.state.graphProgress == nil)
        #expect(app.screen.contains("Mentees of Ғалым Нұрланұлы") && !app.screen.contains("27%"), "\(app.screen)")
    }

    /// On the Suggestions screen of the running app, the progress moves as the load does, then the suggestions come.
    @Test(.timeLimit(.minutes(1))) func theRunningAppShowsTheLoadMovingThenTheSuggestions() throws {
        let store = try Fixtures.store()
        let load = HeldLoad(store, steps: [Self.contactsHalfRead, Self.halfBuilt])
        load.reached.wait()
        let expected = ["Reading logged contacts… 27%", "Joining contacts into ties… 35%"]
        var seen = 0, script = [Event.key(.character("2"))]
        let backend = WatchingBackend(watch: { frame in
            // Each step is let go once it has been seen on the Suggestions screen.
            if seen < expected.count, frame.contains(expected[seen]) {
                seen += 1
                load.goOn.signal()
            }
        }, next: { _ in script.isEmpty ? nil : script.removeFirst() })
        try BailanysApp.run(backend: backend, context: AppContext(store: store, me: Fixtures.p(4), language: .en,
                                                                  today: Fixtures.today, ties: load.ties, loadsInBackground: true))
        #expect(seen == expected.count)
        let last = backend.frames.last ?? ""
        #expect(last.contains("Reconnect") && !expected.contains { last.contains($0) }, "\(last)")
    }

    /// With no key pressed and no other work to wait for, the loop looks at the load again on its own and draws each
    /// move once (no frame while nothing moves); once the graph is in, it waits for input alone, with no timeout, so
    /// an idle app wakes for nothing.
    @Test(.timeLimit(.minutes(1))) func theLoopLooksAtTheLoadOnItsOwnAndStopsOnceLoaded() throws {
        let load = SteppedLoad(Self.contactsHalfRead)
        let moves: [GraphLoadProgress?] = [Self.halfBuilt, nil]
        var moved = 0, frames = 0, framesAtMove: [Int] = []
        let backend = WatchingBackend(watch: { _ in frames += 1 }, next: { timeout in
            // A wait longer than a slice of background work: nothing but the load can change the screen now. The load
            // moves on once its last move has been drawn.
            if let timeout, timeout > .milliseconds(5), moved < moves.count, frames > framesAtMove.last ?? -1 {
                framesAtMove.append(frames)
                load.move(to: moves[moved])
                moved += 1
            }
            return nil
        })
        try BailanysApp.run(backend: backend, context: AppContext(store: try Fixtures.store(), me: Fixtures.p(4), language: .en,
                                                                  today: Fixtures.today, ties: load, loadsInBackground: true))
        #expect(moved == moves.count)
        #expect(frames == framesAtMove.last! + 1, "one frame per move, none while nothing moves")
        #expect(backend.timeouts.last == .some(nil), "once loaded, the loop waits for input with no timeout")
    }
}

/// A load the test moves by hand; nothing waits for it (ties are empty meanwhile).
private final class SteppedLoad: TieStrengthProvider, @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var progress: GraphLoadProgress?

    init(_ progress: GraphLoadProgress) { self.progress = progress }

    func move(to next: GraphLoadProgress?) { lock.withLock { progress = next } }
    var loadProgress: GraphLoadProgress? { lock.withLock { progress } }
    func ties(of person: EntityID, at day: Day) -> [EntityID: TieSummary] { [:] }
}

/// An in-memory terminal that hands each presented frame to `watch`, asks `next` for each event (nil: none), and
/// remembers how long it was asked to wait.
private final class WatchingBackend: TerminalBackend {
    let size = Size(width: 120, height: 40)
    let colorDepth = ColorDepth.colors256
    private let watch: (String) -> Void
    private let next: (Duration?) -> Event?
    private(set) var frames: [String] = []
    private(set) var timeouts: [Duration?] = []

    init(watch: @escaping (String) -> Void = { _ in }, next: @escaping (Duration?) -> Event?) {
        self.watch = watch
        self.next = next
    }

    func present(_ buffer: Buffer) throws {
        let text = buffer.lines.joined(separator: "\n")
        frames.append(text)
        watch(text)
    }

    func nextEvent(timeout: Duration?) -> Event? {
        timeouts.append(timeout)
        return next(timeout)
    }

    func suspend() {}
    func shutdown() {}
    func copyToClipboard(_ text: String) -> ClipboardOutcome { .unsupported }
}
