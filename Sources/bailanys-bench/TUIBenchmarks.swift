import BailanysCore
import BailanysResources
import BailanysStore
import BailanysTUI
import Foundation
import TerminalKit

/// A terminal that hands out scripted events and notes when each comes back as a presented frame.
/// It measures the app's own work (update, queries, render); the terminal's painting is not in it.
private final class TimingBackend: TerminalBackend {
    let size: Size
    let colorDepth = ColorDepth.colors256
    private let clock = ContinuousClock()
    private var script: [Event]
    private var handedOutAt: ContinuousClock.Instant?
    private(set) var firstFrameAt: ContinuousClock.Instant?
    private(set) var latencies: [Duration] = []

    init(size: Size, script: [Event]) {
        self.size = size
        self.script = script
    }

    func present(_ buffer: Buffer) throws {
        let now = clock.now
        if firstFrameAt == nil { firstFrameAt = now }
        if let handedOutAt { latencies.append(now - handedOutAt) }
        handedOutAt = nil
    }

    func nextEvent(timeout: Duration?) -> Event? {
        guard !script.isEmpty else { return nil }
        handedOutAt = clock.now
        return script.removeFirst()
    }

    func suspend() {}
    func shutdown() {}
}

/// Cold start in-process (open the directory, build the tie graph, load and draw the first frame)
/// and keystroke-to-frame latency while typing searches, on a directory written by the sample generator.
func runTUIBenchmarks(directories: [(alumni: Int, path: String)], today: Day) throws -> Figures {
    let gazetteer = try Gazetteer(json: BailanysResources.data(.gazetteer))
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
    for (alumni, path) in directories {
        let start = clock.now
        let store = try DirectoryStore.open(path: path, gazetteer: gazetteer)
        let me = try store.list(filter: DirectoryFilter(), limit: 1, offset: 0).first?.id
        let ties = try GraphTieStrength(store: store)
        let coldBackend = TimingBackend(size: Size(width: 120, height: 40), script: [])
        try BailanysApp.run(backend: coldBackend, context: AppContext(store: store, me: me, language: .kk, today: today, ties: ties))
        figures.append(("tui.\(alumni).coldStartToFirstFrame", milliseconds(coldBackend.firstFrameAt! - start), "ms"))

        let typing = TimingBackend(size: Size(width: 120, height: 40), script: script)
        try BailanysApp.run(backend: typing, context: AppContext(store: store, me: me, language: .kk, today: today, ties: ties))
        let sorted = typing.latencies.map(milliseconds).sorted()
        figures.append(("tui.\(alumni).keystrokes", Double(sorted.count), "keys"))
        figures.append(("tui.\(alumni).keystrokeToFrame.median", sorted[sorted.count / 2], "ms"))
        figures.append(("tui.\(alumni).keystrokeToFrame.p99", sorted[min(sorted.count - 1, sorted.count * 99 / 100)], "ms"))
        figures.append(("tui.\(alumni).keystrokeToFrame.max", sorted.last!, "ms"))
    }
    return figures
}

/// Wall-clock cold start of the real binary: spawned on a fresh pseudo-terminal of 120×40 until the
/// last word of its status bar (`marker`) has been written, ncurses painting included. Then `q`.
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
