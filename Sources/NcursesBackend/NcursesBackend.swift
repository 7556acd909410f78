import CNcursesw
import Glibc
import TerminalKit

public enum NcursesBackendError: Error, Hashable, Sendable {
    /// stdin or stdout is not a terminal.
    case notATerminal
    /// ncurses could not set up the terminal (e.g. unknown TERM).
    case initialisationFailed
}

/// A `TerminalBackend` on ncursesw: raw keyboard input, mouse clicks and wheel, colours with
/// graceful fallback, and a terminal that is restored however the process ends.
///
/// Only one may exist at a time (ncurses has one screen).
public final class NcursesBackend: TerminalBackend {
    public private(set) var size: Size
    public let colorDepth: ColorDepth
    private var previousFrame: Buffer?
    private var lastPresented: Buffer?
    private var isShutDown = false
    private var colorPairs = ColorPairs()
    private var cursorVisible: Bool?
    /// How a copy to the clipboard ends; nil when copies are not sent (`ClipboardSetting`).
    private let clipboardTerminator: OSC52.Terminator?

    /// True when both stdin and stdout are terminals; callers should refuse to start otherwise.
    public static var isTerminal: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    /// `clipboard` decides whether `copyToClipboard` sends anything (config.toml's `clipboard`).
    public init(clipboard: ClipboardSetting = .auto) throws {
        guard Self.isTerminal else { throw NcursesBackendError.notATerminal }
        setlocale(LC_ALL, "")  // without it ncurses treats UTF-8 as bytes
        // newterm, unlike initscr, reports failure instead of exiting the process.
        guard tk_newterm_stdio() != nil else { throw NcursesBackendError.initialisationFailed }
        raw()  // Ctrl-C, Ctrl-Z, Ctrl-S arrive as keys; the app decides what they mean
        noecho()
        nonl()
        keypad(tk_stdscr(), true)
        set_escdelay(25)  // Esc feels instant; escape sequences still arrive within this window
        mousemask(tk_all_mouse_events(), nil)  // clicks and wheel, no motion reports
        mouseinterval(0)  // separate press/release, no click-detection delay

        let noColor = getenv("NO_COLOR").map { String(cString: $0) } ?? ""
        var colorCount = 0
        // COLORS is only known after start_color, which must not run at all under NO_COLOR.
        if noColor.isEmpty, has_colors() {
            start_color()
            use_default_colors()
            colorCount = Int(tk_colors())
        }
        colorDepth = ColorDepth.resolve(colorCount: colorCount, environment: ["NO_COLOR": noColor])
        colorPairs.limit = colorDepth > .monochrome ? Int(min(tk_color_pairs(), Int32(Int16.max))) : 1
        size = Size(width: Int(tk_cols()), height: Int(tk_lines()))
        clipboardTerminator = clipboard.terminator(ms: Self.extendedString("Ms"), insideTmux: getenv("TMUX") != nil)
        TerminalSignals.install()
        setCursorVisible(false)
    }

    deinit { shutdown() }

    // MARK: Output

    public func present(_ buffer: Buffer) throws {
        guard !isShutDown else { throw TerminalError.shutDown }
        exitIfTerminationRequested()
        let screen = tk_stdscr()
        for run in buffer.changes(since: previousFrame) where run.y < size.height {
            var x = run.x
            for cell in run.cells {
                defer { x += 1 }
                guard !cell.isContinuation, x < size.width else { continue }
                draw(cell, x: x, y: run.y, on: screen)
            }
        }
        if let cursor = buffer.cursor, cursor.x < size.width, cursor.y < size.height {
            setCursorVisible(true)
            wmove(screen, Int32(cursor.y), Int32(cursor.x))
        } else {
            setCursorVisible(false)
        }
        wrefresh(screen)
        previousFrame = buffer
        lastPresented = buffer
    }

    private func draw(_ cell: Cell, x: Int, y: Int, on screen: UnsafeMutablePointer<WINDOW>?) {
        let style = cell.style.degraded(to: colorDepth)
        var attributes = tk_attr_normal()
        if style.attributes.contains(.bold) { attributes |= tk_attr_bold() }
        if style.attributes.contains(.dim) { attributes |= tk_attr_dim() }
        if style.attributes.contains(.underline) { attributes |= tk_attr_underline() }
        if style.attributes.contains(.reverse) { attributes |= tk_attr_reverse() }
        if style.attributes.contains(.italic) { attributes |= tk_attr_italic() }
        let pair = colorPairs.pair(foreground: style.foreground.paletteIndex, background: style.background.paletteIndex)

        // A cchar_t holds at most CCHARW_MAX scalars; longer clusters (long emoji ZWJ
        // sequences) are drawn as their first scalar, which has the same width.
        var scalars = cell.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
        if scalars.count > Int(tk_ccharw_max()) { scalars = [scalars[0]] }
        scalars.append(0)
        var character = cchar_t()
        setcchar(&character, scalars, attributes, pair, nil)
        mvwadd_wch(screen, Int32(y), Int32(x), &character)
        // If the C library thinks a character we measured as wide is narrow, ncurses leaves the
        // right-hand column alone; blank it so stale content cannot show through.
        if cell.width == 2, tk_wcwidth(scalars[0]) == 1, x + 1 < size.width {
            var blank = cchar_t()
            setcchar(&blank, [wchar_t(32), 0], attributes, pair, nil)
            mvwadd_wch(screen, Int32(y), Int32(x + 1), &blank)
        }
    }

    /// A string capability of the terminal's terminfo entry, extended ones (`Ms`) included; nil when it has none.
    private static func extendedString(_ name: String) -> String? {
        // tigetstr answers (char *)-1 for a name that is not a string capability.
        guard let value = tigetstr(name), Int(bitPattern: value) != -1 else { return nil }
        return String(cString: value)
    }

    public func copyToClipboard(_ text: String) -> ClipboardOutcome {
        guard !isShutDown, let clipboardTerminator else { return .unsupported }
        return OSC52.copy(text, terminator: clipboardTerminator, send: writeToTerminal)
    }

    /// Writes `sequence` to the terminal past ncurses, which would draw it as text. It runs between frames: every
    /// `present` ends in `wrefresh`, which hands the terminal all that ncurses had buffered, so the sequence can never
    /// land inside a frame's bytes.
    private func writeToTerminal(_ sequence: String) {
        var bytes = Array(sequence.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written < 0 {
                guard errno == EINTR else { return }  // the terminal is gone: the next frame fails the same way
                continue
            }
            bytes = bytes.dropFirst(written)
        }
    }

    private func setCursorVisible(_ visible: Bool) {
        guard cursorVisible != visible else { return }
        curs_set(visible ? 1 : 0)
        cursorVisible = visible
    }

    /// Forgets what is on screen so the next frame is painted in full.
    private func repaintFully() {
        clearok(tk_curscr(), true)
        previousFrame = nil
        if let lastPresented { try? present(lastPresented) }
    }

    // MARK: Input

    public func nextEvent(timeout: Duration?) -> Event? { nextEvent(timeout: timeout, wake: nil) }

    public func nextEvent(timeout: Duration, orWake wake: WakeSignal) -> Event? { nextEvent(timeout: timeout, wake: wake) }

    /// Waits for input in slices (a termination signal is acted on promptly); with `wake`, each slice also ends when
    /// it is signalled, and the wait returns nil.
    private func nextEvent(timeout: Duration?, wake: WakeSignal?) -> Event? {
        guard !isShutDown else { return nil }
        let deadline = timeout.map { ContinuousClock.now + $0 }
        // Wait in short slices so a termination signal is acted on promptly.
        let slice = Duration.milliseconds(100)
        while true {
            exitIfTerminationRequested()
            var wait = slice
            if let deadline {
                let remaining = deadline - ContinuousClock.now
                if remaining <= .zero { wait = .zero } else { wait = min(remaining, slice) }
            }
            let (seconds, attoseconds) = wait.components
            let milliseconds = Int32(seconds * 1000 + attoseconds / 1_000_000_000_000_000)
            if let wake {
                // Input ncurses already holds (a key pushed back from an escape sequence) first, then both sources.
                wtimeout(tk_stdscr(), 0)
                if let event = readEvent() { return event }
                var watched = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                               pollfd(fd: wake.descriptor, events: Int16(POLLIN), revents: 0)]
                _ = poll(&watched, 2, milliseconds)
                if watched[1].revents != 0 { return nil }
                if watched[0].revents != 0, let event = readEvent() { return event }
                if let deadline, ContinuousClock.now >= deadline { return nil }
                continue
            }
            wtimeout(tk_stdscr(), milliseconds)
            if let event = readEvent() { return event }
            if let deadline, ContinuousClock.now >= deadline { return nil }
        }
    }

    /// One `wget_wch`; nil on timeout or input with no meaning.
    private func readEvent() -> Event? {
        var input: wint_t = 0
        let status = wget_wch(tk_stdscr(), &input)
        if status == OK {
            if input == 0x1A {  // Ctrl-Z: behave like a shell job would
                suspend()
                return .resize(size)
            }
            return KeyDecoding.character(UInt32(input)).map(Event.key)
        }
        guard status == tk_key_code_yes() else { return nil }
        let code = Int32(bitPattern: input)
        if code == tk_key_resize() {
            size = Size(width: Int(tk_cols()), height: Int(tk_lines()))
            previousFrame = nil  // the screen was resized under us: repaint everything
            return .resize(size)
        }
        if code == tk_key_mouse() {
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            return KeyDecoding.mouse(event).map(Event.mouse)
        }
        return KeyDecoding.keyCode(code).map(Event.key)
    }

    // MARK: Lifecycle

    public func suspend() {
        guard !isShutDown else { return }
        endwin()
        var previous = sigaction()
        var stopDefault = sigaction()
        stopDefault.__sigaction_handler.sa_handler = SIG_DFL
        sigaction(SIGTSTP, &stopDefault, &previous)
        raise(SIGTSTP)  // stops here until SIGCONT (fg)
        sigaction(SIGTSTP, &previous, nil)
        wrefresh(tk_stdscr())
        size = Size(width: Int(tk_cols()), height: Int(tk_lines()))
        repaintFully()
    }

    /// Hands the terminal to another program (an editor) for the duration of `body`, then takes
    /// it back and repaints, as if the user had suspended and resumed.
    public func withTerminalReleased(_ body: () -> Void) {
        guard !isShutDown else { return body() }
        def_prog_mode()
        endwin()
        body()
        reset_prog_mode()
        wrefresh(tk_stdscr())
        size = Size(width: Int(tk_cols()), height: Int(tk_lines()))
        repaintFully()
    }

    public func shutdown() {
        guard !isShutDown else { return }
        isShutDown = true
        setCursorVisible(true)
        endwin()
        TerminalSignals.uninstall()
    }

    private func exitIfTerminationRequested() {
        let signal = TerminalSignals.pendingTermination.load(ordering: .relaxed)
        guard signal != 0 else { return }
        shutdown()
        exit(128 + signal)
    }
}

/// ncurses colour pairs, created on first use and reused. Pair 0 is the terminal default.
struct ColorPairs {
    private struct Key: Hashable {
        var foreground: Int
        var background: Int
    }

    private var pairs: [Key: Int16] = [Key(foreground: -1, background: -1): 0]
    /// Highest number of pairs the terminal supports; past it new combinations fall back to pair 0.
    var limit = 1

    mutating func pair(foreground: Int?, background: Int?) -> Int16 {
        let key = Key(foreground: foreground ?? -1, background: background ?? -1)
        if let existing = pairs[key] { return existing }
        guard pairs.count < limit else { return 0 }
        let number = Int16(pairs.count)
        guard init_pair(number, Int16(key.foreground), Int16(key.background)) == OK else { return 0 }
        pairs[key] = number
        return number
    }
}
