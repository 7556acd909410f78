#if canImport(Glibc)
import Glibc
#endif

/// Lets work finishing on another thread end a wait for input: a pipe whose read end a backend watches beside the
/// terminal. Polling the input in slices instead delayed every background result (a search, a card) by up to a slice.
public final class WakeSignal: @unchecked Sendable {
    /// Readable while a signal is pending. The descriptors are owned here and closed with it.
    public let descriptor: Int32
    private let writeEnd: Int32

    public init() {
        var ends: [Int32] = [-1, -1]
        // Non-blocking: a signal never waits (a full pipe is already readable), and draining stops when it is empty.
        guard pipe(&ends) == 0 else { fatalError("pipe failed: errno \(errno)") }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        descriptor = ends[0]
        writeEnd = ends[1]
    }

    deinit {
        close(descriptor)
        close(writeEnd)
    }

    /// From any thread.
    public func signal() {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    /// Takes back every pending signal; call it before looking at what was signalled, so that none is lost.
    public func drain() {
        var bytes = [UInt8](repeating: 0, count: 64)
        while read(descriptor, &bytes, bytes.count) > 0 {}
    }

    /// Waits up to `timeout` for a signal; true when one is pending.
    public func wait(upTo timeout: Duration) -> Bool {
        var watched = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&watched, 1, Int32(clamping: timeout.roundedUpMilliseconds)) > 0
    }
}

extension Duration {
    /// Whole milliseconds, rounded up so that a short wait does not become no wait at all.
    var roundedUpMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    }
}
