import Foundation

/// A table of values made once per key and shared by every caller, on any thread: a bulk write's
/// caches outlive one call and are reachable from a `Sendable` writer, so they must hold their own lock.
/// (Foundation's lock, as Synchronization's Mutex needs macOS 15.)
final class Memo<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    // Guarded by `lock`.
    private var values: [Key: Value] = [:]
    private let lock = NSLock()

    /// The value for `key`, made by `make` the first time. `make` runs outside the lock, so two threads
    /// may both make a missing value; the first one stored wins and both get it.
    func value(_ key: Key, make: (Key) -> Value) -> Value {
        if let hit = lock.withLock({ values[key] }) { return hit }
        let made = make(key)
        return lock.withLock {
            if let stored = values[key] { return stored }
            values[key] = made
            return made
        }
    }
}
