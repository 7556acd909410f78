import Dispatch

/// A value computed on another thread, collected with `value` (which waits for it). The closure's inputs are
/// values the caller no longer changes, which is why handing them across is safe.
public final class OnSecondCore<Value>: @unchecked Sendable {
    private var result: Value?
    private let done = DispatchSemaphore(value: 0)

    public init(_ work: @escaping () -> Value) {
        let box = UncheckedSendable(work)
        DispatchQueue.global().async { [self] in
            result = box.value()
            done.signal()
        }
    }

    public var value: Value {
        done.wait()
        done.signal()
        return result!
    }
}

private struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
