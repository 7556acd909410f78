import Foundation

/// Hands work from a planning thread to the thread that owns a connection: GRDB lets a connection be used on its own
/// queue only, and an import's planning (reading the file, checking and resolving rows) need not wait on its writing.
///
/// Jobs run on the connection's thread (`serve`) in the order they were handed over, so a read sees every write
/// handed over before it, exactly as if planning and writing took turns. Writes do not wait for their turn: the
/// planner goes on with the next chunk, at most `queuedWrites` chunks ahead. After a write fails, the later writes are
/// skipped and the next `write` throws its error, so the planner stops where taking turns would have stopped.
final class ConnectionLane: @unchecked Sendable {
    private enum Job {
        case read(() -> Void)
        case write(() throws -> Void)
    }

    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var writesPending = 0
    private var closed = false
    private(set) var writeFailure: Error?
    private let queuedWrites: Int

    init(queuedWrites: Int = 2) { self.queuedWrites = queuedWrites }

    /// Runs `plan` on a new thread while this one serves its jobs; returns once it has finished and every job it
    /// handed over has run. A failed write is thrown before whatever `plan` ended with.
    func run<T>(_ plan: @escaping () throws -> T) throws -> T {
        locked {
            closed = false
            writeFailure = nil
        }
        let outcome = Box<Result<T, Error>>()
        let handed = Box<() throws -> T>()
        handed.value = plan
        let planner = Thread { [self] in
            outcome.value = Result { try handed.value!() }
            close()
        }
        // As much stack as the connection's own thread has: planning a row must not run out of it elsewhere.
        planner.stackSize = 8 << 20
        planner.start()
        serve()
        if let writeFailure { throw writeFailure }
        return try outcome.value!.get()
    }

    /// From the planning thread: runs `work` on the connection's thread after every job handed over before it.
    func read<R>(_ work: @escaping () throws -> R) throws -> R {
        let result = Box<Result<R, Error>>()
        condition.lock()
        defer { condition.unlock() }
        jobs.append(.read { [self] in
            let value = Result { try work() }
            condition.lock()
            result.value = value
            condition.broadcast()
            condition.unlock()
        })
        condition.broadcast()
        while result.value == nil { condition.wait() }
        return try result.value!.get()
    }

    /// From the planning thread: hands `work` over and returns once fewer than `queuedWrites` writes are pending;
    /// throws the error of an earlier write that failed.
    func write(_ work: @escaping () throws -> Void) throws {
        condition.lock()
        defer { condition.unlock() }
        while writesPending >= queuedWrites && writeFailure == nil { condition.wait() }
        if let writeFailure { throw writeFailure }
        jobs.append(.write(work))
        writesPending += 1
        condition.broadcast()
    }

    private func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// On the connection's thread: runs the jobs in order until the planner has finished and none is left.
    private func serve() {
        while let job = next() {
            switch job {
            case .read(let work):
                work()
            case .write(let work):
                var failure: Error?
                if locked({ writeFailure }) == nil {
                    do { try work() } catch { failure = error }
                }
                condition.lock()
                if let failure, writeFailure == nil { writeFailure = failure }
                writesPending -= 1
                condition.broadcast()
                condition.unlock()
            }
        }
    }

    private func next() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty && !closed { condition.wait() }
        return jobs.isEmpty ? nil : jobs.removeFirst()
    }

    private func locked<R>(_ body: () -> R) -> R {
        condition.lock()
        defer { condition.unlock() }
        return body()
    }
}

/// A value one thread sets and another reads after a lock or a thread's start orders the two.
private final class Box<Value>: @unchecked Sendable {
    var value: Value?
}
