@testable import BailanysStore
import Foundation
import Testing

/// The hand-over between an import's planning thread and its connection's thread (`ConnectionLane`).
@Suite struct ConnectionLaneTests {
    struct Broken: Error, Equatable { var chunk: Int }

    /// What the connection's thread did, in order; only that thread appends to it.
    final class Log: @unchecked Sendable {
        var entries: [String] = []
    }

    @Test func everyJobRunsOnTheCallingThreadInTheOrderItWasHandedOver() throws {
        let lane = ConnectionLane(queuedWrites: 2)
        let log = Log()
        let connectionThread = Thread.current
        let seen = try lane.run {
            #expect(Thread.current != connectionThread, "planning runs on its own thread")
            var seen: [[String]] = []
            for chunk in 0..<5 {
                try lane.write {
                    #expect(Thread.current == connectionThread)
                    usleep(2_000)  // slower than planning: the planner runs ahead until the queue is full
                    log.entries.append("write \(chunk)")
                }
                if chunk % 2 == 1 {
                    // A read waits for every write handed over before it.
                    seen.append(try lane.read {
                        #expect(Thread.current == connectionThread)
                        return log.entries
                    })
                }
            }
            return seen
        }
        #expect(seen == [["write 0", "write 1"], ["write 0", "write 1", "write 2", "write 3"]])
        #expect(log.entries == (0..<5).map { "write \($0)" }, "the last write ran before run returned")
    }

    @Test func aFailedWriteStopsThePlannerAndIsWhatRunThrows() throws {
        let lane = ConnectionLane(queuedWrites: 1)
        let log = Log()
        var planned = 0
        #expect(throws: Broken(chunk: 1)) {
            try lane.run {
                for chunk in 0..<10 {
                    planned = chunk
                    try lane.write {
                        if chunk == 1 { throw Broken(chunk: 1) }
                        log.entries.append("write \(chunk)")
                    }
                }
                // Had the planner not stopped, its own end would be what run throws.
                throw Broken(chunk: 99)
            }
        }
        #expect(log.entries == ["write 0"], "no write after the failed one runs")
        #expect(planned <= 3, "the planner stops within the queue's length of the failure (planned \(planned))")
    }

    @Test func thePlannersOwnErrorsAndReadErrorsComeBack() throws {
        let lane = ConnectionLane()
        #expect(throws: Broken(chunk: 7)) {
            try lane.run { () throws -> Int in try lane.read { throw Broken(chunk: 7) } }
        }
        #expect(throws: Broken(chunk: 8)) {
            try lane.run { () throws -> Int in throw Broken(chunk: 8) }
        }
        #expect(try lane.run { 42 } == 42, "a lane serves again after it finished")
    }
}
