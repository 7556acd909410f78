import Foundation
import TerminalKit
import Testing

/// The signal that ends a wait for input when background work finishes (`TerminalBackend.nextEvent(timeout:orWake:)`).
@Suite struct WakeSignalTests {
    @Test func aSignalFromAnotherThreadEndsTheWaitAndDrainingClearsIt() {
        let wake = WakeSignal()
        #expect(!wake.wait(upTo: .zero), "nothing signalled yet")
        let started = ContinuousClock.now
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(20)) { wake.signal() }
        #expect(wake.wait(upTo: .seconds(10)))
        #expect(ContinuousClock.now - started < .seconds(5), "the wait ended with the signal, not its timeout")
        for _ in 0..<70_000 { wake.signal() }  // more than a pipe holds (64 KiB): a signal never blocks
        wake.drain()
        #expect(!wake.wait(upTo: .zero), "drained")
    }
}
