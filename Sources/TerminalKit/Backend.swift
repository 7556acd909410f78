/// Where frames are shown and events come from. An application loop looks like:
///
///     var state = initial
///     while running {
///         try backend.present(render(state, size: backend.size))
///         if let event = backend.nextEvent(timeout: .milliseconds(250)) { state = update(state, event) }
///     }
///     backend.shutdown()
public protocol TerminalBackend: AnyObject {
    /// Current terminal size; render each frame at this size.
    var size: Size { get }
    /// What the terminal can show; themes degrade their styles with it (see `Style.degraded(to:)`).
    var colorDepth: ColorDepth { get }
    /// Shows `buffer`, sending only what changed since the previous frame.
    /// A buffer of a stale size is drawn clipped to the terminal.
    func present(_ buffer: Buffer) throws
    /// Waits up to `timeout` (nil waits indefinitely) and returns the next event, or nil on timeout.
    func nextEvent(timeout: Duration?) -> Event?
    /// As `nextEvent(timeout:)`, but also returns nil as soon as `wake` is signalled (background work finished).
    func nextEvent(timeout: Duration, orWake wake: WakeSignal) -> Event?
    /// Gives the terminal back to the shell (as on Ctrl-Z) until the process is continued,
    /// then restores it and repaints the last frame.
    func suspend()
    /// Puts `text` on the clipboard of the terminal the user sits at (OSC 52), between frames, when the terminal is
    /// likely to take it. The terminal never answers: `.sent` means sent, not received.
    func copyToClipboard(_ text: String) -> ClipboardOutcome
    /// Restores the terminal. Safe to call more than once; nothing works afterwards.
    func shutdown()
}

extension TerminalBackend {
    /// A backend that cannot watch the signal waits for input alone.
    public func nextEvent(timeout: Duration, orWake wake: WakeSignal) -> Event? { nextEvent(timeout: timeout) }
}

public enum TerminalError: Error, Hashable, Sendable {
    /// `present` was called after `shutdown`.
    case shutDown
}

/// An in-memory terminal for tests: scripted events in, presented frames kept for inspection.
public final class MemoryBackend: TerminalBackend {
    public private(set) var size: Size
    public var colorDepth: ColorDepth
    /// The most recently presented frame.
    public private(set) var lastFrame: Buffer?
    public private(set) var frameCount = 0
    public private(set) var suspendCount = 0
    public private(set) var isShutDown = false
    /// Whether copies reach the clipboard, as in a terminal that takes OSC 52; false plays one that does not.
    public var acceptsClipboard = true
    /// Each copy's text as a paste would give it (`OSC52.clipboardText`), oldest first.
    public private(set) var clipboard: [String] = []
    private var pendingEvents: [Event]

    public init(width: Int, height: Int, colorDepth: ColorDepth = .colors256, events: [Event] = []) {
        self.size = Size(width: width, height: height)
        self.colorDepth = colorDepth
        self.pendingEvents = events
    }

    /// Queues events to be returned by `nextEvent`, in order.
    public func enqueue(_ events: Event...) {
        pendingEvents.append(contentsOf: events)
    }

    /// Queues text as a series of character key events.
    public func type(_ text: String) {
        pendingEvents.append(contentsOf: text.map { .key(.character($0)) })
    }

    /// Changes the size and queues the matching resize event, as a real terminal would.
    public func resize(width: Int, height: Int) {
        size = Size(width: width, height: height)
        pendingEvents.append(.resize(size))
    }

    public var hasPendingEvents: Bool { !pendingEvents.isEmpty }

    public func present(_ buffer: Buffer) throws {
        guard !isShutDown else { throw TerminalError.shutDown }
        lastFrame = buffer
        frameCount += 1
    }

    /// Returns the next scripted event immediately; nil once the script is exhausted.
    public func nextEvent(timeout: Duration?) -> Event? {
        pendingEvents.isEmpty ? nil : pendingEvents.removeFirst()
    }

    public func suspend() {
        suspendCount += 1
    }

    public func copyToClipboard(_ text: String) -> ClipboardOutcome {
        guard acceptsClipboard else { return .unsupported }
        return OSC52.copy(text) { _ in clipboard.append(OSC52.clipboardText(text)) }
    }

    public func shutdown() {
        isShutDown = true
    }
}
