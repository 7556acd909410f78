import BailanysCore
import BailanysResources
import BailanysStore
import BailanysTUI
import Foundation
import TerminalKit

/// A terminal that hands out scripted keys one at a time, each only when the app is idle (asks to wait
/// without a timeout), and notes when frames come: the first after a key (the key's echo) and the last
/// before the app goes idle again (the key's results). It measures the app's own work — update, queries,
/// render — not the terminal's painting.
private final class TimingBackend: TerminalBackend {
    let size: Size
    let colorDepth = ColorDepth.colors256
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private let marker: String
    private var script: [Event]
    private var handedOutAt: ContinuousClock.Instant?
    private var lastFrameAt: ContinuousClock.Instant?
    private(set) var firstFrame: Duration?
    private(set) var firstFrameWithMarker: Duration?
    private(set) var firstIdle: Duration?
    /// Since `start`, the last frame before the app went idle after its last key: that key's screen, drawn.
    private(set) var lastResultShown: Duration?
    private(set) var echoes: [Duration] = []
    private(set) var results: [Duration] = []

    /// `marker` is text that appears once the directory has loaded (its count).
    init(size: Size, script: [Event], marker: String, start: ContinuousClock.Instant) {
        self.size = size
        self.script = script
        self.marker = marker
        self.start = start
    }

    func present(_ buffer: Buffer) throws {
        let now = clock.now
        if firstFrame == nil { firstFrame = now - start }
        if firstFrameWithMarker == nil, (0..<size.height).contains(where: { buffer.text(row: $0).contains(marker) }) {
            firstFrameWithMarker = now - start
        }
        if let handedOutAt, lastFrameAt.map({ $0 < handedOutAt }) ?? true { echoes.append(now - handedOutAt) }
        lastFrameAt = now
    }

    func nextEvent(timeout: Duration?) -> Event? {
        if let timeout {
            // The app is busy: a typist who waits for each result.
            Thread.sleep(forTimeInterval: Double(timeout.components.attoseconds) * 1e-18 + Double(timeout.components.seconds))
            return nil
        }
        let now = clock.now
        if firstIdle == nil { firstIdle = now - start }
        if let handedOutAt, let lastFrameAt, lastFrameAt > handedOutAt {
            results.append(lastFrameAt - handedOutAt)
            lastResultShown = lastFrameAt - start
        }
        guard !script.isEmpty else { return nil }
        handedOutAt = now
        return script.removeFirst()
    }

    /// The app is busy: as a terminal does, the wait ends when its work finishes (or the slice does).
    func nextEvent(timeout: Duration, orWake wake: WakeSignal) -> Event? {
        _ = wake.wait(upTo: timeout)
        return nil
    }

    func suspend() {}
    func copyToClipboard(_ text: String) -> ClipboardOutcome { .unsupported }
    func shutdown() {}
}

/// Cold start in-process (open the directory, start the tie graph, draw the first frame, then the
/// directory, then my ties) and keystroke latency while typing searches, as the interactive app runs
/// (reads in the background), on directories written by the sample generator.
func runTUIBenchmarks(directories: [(alumni: Int, path: String)], today: Day) throws -> Figures {
    let gazetteer = BailanysResources.gazetteer
    let clock = ContinuousClock()
    var figures: Figures = []
    // Queries as typed: every prefix is a keystroke; Escape clears the search before the next.
    let queries = ["айгерім", "aigerim", "ерлан", "aqtau", "шымкент", "zhanaozen", "әсел", "dana", "oskemen", "нұрсұлтан"]
    var script: [Event] = []
    for query in queries {
        script.append(.key(.character("/")))
        script += query.map { .key(.character($0)) }
        script.append(.key(.backspace))
        script.append(.key(.escape))
    }
    let marker = try countMarker()
    func p99(_ values: [Duration]) -> Double {
        let sorted = values.map(milliseconds).sorted()
        return sorted[min(sorted.count - 1, sorted.count * 99 / 100)]
    }
    for (alumni, path) in directories {
        let start = clock.now
        let store = try DirectoryStore.open(path: path, gazetteer: gazetteer)
        let me = EntityID(.person, 1)
        let cold = TimingBackend(size: Size(width: 120, height: 40), script: [], marker: marker, start: start)
        try BailanysApp.run(backend: cold, context: AppContext(store: store, me: me, language: .kk, today: today,
                                                               ties: GraphTieStrength.loading(store: store), loadsInBackground: true))
        figures.append(("tui.\(alumni).coldStart.firstFrame", milliseconds(cold.firstFrame!), "ms"))
        figures.append(("tui.\(alumni).coldStart.directoryShown", milliseconds(cold.firstFrameWithMarker!), "ms"))
        figures.append(("tui.\(alumni).coldStart.tiesShown", milliseconds(cold.firstIdle!), "ms"))
        // Suggestions and Mentees from a cold start: their digit is pressed at the app's first idle, and the figure runs
        // from the start to that screen's last frame (the screen waits for the ties if they are still loading). Mentees
        // as a mentor.
        var mentors = DirectoryFilter()
        mentors.roles = [.mentor]
        guard let mentor = try store.list(filter: mentors, limit: 1).first?.id else { throw BenchFailure("no mentor in \(path)") }
        for (screen, digit, who) in [("suggestions", "2", me), ("mentees", "3", mentor)] {
            let start = clock.now
            let store = try DirectoryStore.open(path: path, gazetteer: gazetteer)
            let backend = TimingBackend(size: Size(width: 120, height: 40), script: [.key(.character(Character(digit)))], marker: marker, start: start)
            try BailanysApp.run(backend: backend, context: AppContext(store: store, me: who, language: .kk, today: today,
                                                                      ties: GraphTieStrength.loading(store: store), loadsInBackground: true))
            guard let shown = backend.lastResultShown else { throw BenchFailure("the \(screen) screen drew nothing after its key") }
            figures.append(("tui.\(alumni).coldStart.\(screen)Shown", milliseconds(shown), "ms"))
        }

        let ties = try GraphTieStrength(store: store)
        let typing = TimingBackend(size: Size(width: 120, height: 40), script: script, marker: marker, start: clock.now)
        try BailanysApp.run(backend: typing, context: AppContext(store: store, me: me, language: .kk, today: today, ties: ties,
                                                                 loadsInBackground: true))
        let echoes = typing.echoes.map(milliseconds).sorted()
        figures.append(("tui.\(alumni).keystrokes", Double(echoes.count), "keys"))
        figures.append(("tui.\(alumni).keystrokeToFrame.median", echoes[echoes.count / 2], "ms"))
        figures.append(("tui.\(alumni).keystrokeToFrame.p99", p99(typing.echoes), "ms"))
        figures.append(("tui.\(alumni).keystrokeToResults.median", typing.results.map(milliseconds).sorted()[typing.results.count / 2], "ms"))
        figures.append(("tui.\(alumni).keystrokeToResults.p99", p99(typing.results), "ms"))
    }
    return figures
}

/// The word of the directory's count line in Kazakh ("9,391 жазба"), which shows once the directory has loaded.
func countMarker() throws -> String {
    let template = BailanysResources.stringTable(language: "kk")["dir.count"]
    guard let word = template?.replacingOccurrences(of: "{count}", with: "").trimmingCharacters(in: .whitespaces), !word.isEmpty else {
        throw BenchFailure("the Kazakh string table lacks dir.count")
    }
    return word
}

/// Wall-clock cold start of the real binary: spawned on a fresh pseudo-terminal of 120×40 until
/// `marker` (the directory's count) has been written, ncurses painting included. Then `q`.
func measureProcessColdStart(binary: String, arguments: [String], environment: [String: String],
                             marker: String, runs: Int) throws -> [Double] {
    var times: [Double] = []
    for _ in 0..<runs {
        let (master, slaveName) = try openPseudoTerminal()
        var window = winsize(ws_row: 40, ws_col: 120, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &window)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        for descriptor: Int32 in 0...2 {
            posix_spawn_file_actions_addopen(&actions, descriptor, slaveName, O_RDWR, 0)
        }
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        let clock = ContinuousClock()
        let start = clock.now
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, binary, &actions, nil, argv, envp)
        (argv + envp).forEach { free($0) }
        posix_spawn_file_actions_destroy(&actions)
        guard spawned == 0 else { throw BenchFailure("cannot start \(binary): \(String(cString: strerror(spawned)))") }

        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let needle = Data(marker.utf8)
        while output.range(of: needle) == nil {
            let count = read(master, &buffer, buffer.count)
            guard count > 0 else { throw BenchFailure("\(binary) closed its terminal before drawing \(marker)") }
            output.append(contentsOf: buffer[0..<count])
        }
        times.append(milliseconds(clock.now - start))
        _ = write(master, "q", 1)
        // Drain until the app closes the terminal, so it never blocks writing while it restores the screen.
        while read(master, &buffer, buffer.count) > 0 {}
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(master)
    }
    return times
}

/// Linux's /dev/ptmx by hand: Glibc's Swift module leaves out posix_openpt, unlockpt and ptsname.
private func openPseudoTerminal() throws -> (master: Int32, slave: String) {
    let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
    var unlock: Int32 = 0
    var number: UInt32 = 0
    // TIOCSPTLCK = _IOW('T', 0x31, int), TIOCGPTN = _IOR('T', 0x30, unsigned int): macros Swift cannot import.
    guard master >= 0, ioctl(master, 0x4004_5431, &unlock) == 0, ioctl(master, 0x8004_5430, &number) == 0 else {
        throw BenchFailure("no pseudo-terminal available (/dev/ptmx)")
    }
    return (master, "/dev/pts/\(number)")
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
