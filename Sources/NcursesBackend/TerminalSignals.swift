import CNcursesw
import Glibc
import Synchronization

/// Signal handling that guarantees the terminal is restored on every way out of the process.
///
/// - SIGINT, SIGTERM, SIGHUP only record the signal; the backend notices it within ~100 ms
///   while waiting for input (or on the next `present`), restores the terminal and exits with
///   128 + signal (130, 143, 129). A second one while the first is pending restores and exits at once.
/// - SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP (crashes; a Swift trap is SIGILL on x86 and
///   SIGTRAP on ARM) call `endwin` in the handler,
///   then hand the signal to whatever handler was there before (e.g. Swift's backtracer) or the
///   default action, so the crash still happens — just with a usable terminal.
/// - SIGTSTP and SIGWINCH are left to ncurses, which handles them itself.
enum TerminalSignals {
    static let termination: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    static let fatal: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

    /// The termination signal received and not yet acted on, or 0.
    static let pendingTermination = Atomic<Int32>(0)

    /// Handlers in place before ours, indexed by signal number; written before any handler runs.
    nonisolated(unsafe) private static let previousActions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)

    static func install() {
        _ = pendingTermination.load(ordering: .relaxed)  // initialise the static before a handler can touch it
        unblock(termination + fatal + [SIGWINCH, SIGTSTP, SIGCONT])
        for signal in termination {
            setHandler(signal) { received in
                let alreadyPending = TerminalSignals.pendingTermination.exchange(received, ordering: .relaxed)
                if alreadyPending != 0 {
                    endwin()
                    _exit(128 + received)
                }
            }
        }
        for signal in fatal {
            setHandler(signal) { received in
                endwin()
                sigaction(received, TerminalSignals.previousActions + Int(received), nil)
                raise(received)
            }
        }
    }

    /// Puts back the handlers that were there before `install`.
    static func uninstall() {
        for signal in termination + fatal {
            sigaction(signal, previousActions + Int(signal), nil)
        }
    }

    /// A blocked signal mask survives exec, so a parent that blocks signals (test runners, some
    /// process supervisors) would leave us deaf to resizes, Ctrl-Z and termination.
    private static func unblock(_ signals: [Int32]) {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    private static func setHandler(_ signal: Int32, _ handler: @convention(c) (Int32) -> Void) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(signal, &action, previousActions + Int(signal))
    }
}
