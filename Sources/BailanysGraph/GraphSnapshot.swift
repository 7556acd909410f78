import BailanysCore

public enum GraphError: Error, Equatable, CustomStringConvertible {
    case duplicateNode(EntityID)
    case unknownNode(EntityID)
    case notAPerson(EntityID)

    public var description: String {
        switch self {
        case .duplicateNode(let id): "graph: node \(id) given twice"
        case .unknownNode(let id): "graph: no node \(id)"
        case .notAPerson(let id): "graph: \(id) is not a person"
        }
    }
}

/// An immutable, compressed view of who is tied to whom and when.
///
/// Nodes are indexed in id order, so comparing indices is comparing ids. Each undirected pair with at
/// least one event is one edge; its events are stored contiguously, sorted by day.
public struct GraphSnapshot: Sendable {
    /// All nodes, sorted by id; position = node index.
    public let nodes: [GraphNode]
    /// Events whose endpoints were unknown or identical; the store may want to log the count.
    public internal(set) var droppedEventCount: Int

    let indexByID: NodeLookup
    // CSR adjacency: neighbours of node i are adjacentNodes[adjacencyOffsets[i] ..< adjacencyOffsets[i + 1]],
    // ascending; adjacentEdges holds the matching edge numbers.
    var adjacencyOffsets: [Int32]
    var adjacentNodes: [Int32]
    var adjacentEdges: [Int32]
    // Edge e joins edgeLow[e] < edgeHigh[e]; its events are eventOffsets[e] ..< eventOffsets[e + 1].
    // `build` numbers edges in (low, high) order; `adding(events:)` appends new edges after them.
    var edgeLow: [Int32]
    var edgeHigh: [Int32]
    var eventOffsets: [Int32]
    var eventDays: [Int32]
    /// Low bits: kind slot; `reversedFlag` set when the event's `a` was the edge's high endpoint.
    var eventCodes: [UInt8]
    /// Index into `contexts`, or -1.
    var eventContexts: [Int32]
    var contexts: [TieContext]
    let roundsByID: [EntityID: RoundRef]
    /// People with a continuing initiative, by theme, for cross-round suggestions.
    let continuingByTheme: [String: [Int32]]
    /// Indices of organisation nodes, for partner suggestions.
    let organizations: [Int32]
    let profiles: NodeProfiles

    static let reversedFlag: UInt8 = 0x80
    static let kindMask: UInt8 = 0x07

    public var nodeCount: Int { nodes.count }
    public var edgeCount: Int { edgeLow.count }
    public var eventCount: Int { eventDays.count }

    /// Builds the snapshot in one pass over the events plus a bucket sort; nodes may come in any order, and
    /// nodes already in id order are kept as given (no copy of the node array).
    public static func build(nodes input: [GraphNode], events: [TieEvent]) throws -> GraphSnapshot {
        let nodes = zip(input, input.dropFirst()).allSatisfy { $0.id < $1.id } ? input : input.sorted { $0.id < $1.id }
        let indexByID = try NodeLookup(sortedIDs: nodes.map(\.id))

        // Pass 1: resolve endpoints and count events per low endpoint (counting sort by low node).
        var low = [Int32](repeating: -1, count: events.count)
        var high = [Int32](repeating: 0, count: events.count)
        var days = [Int32](repeating: 0, count: events.count)
        var codes = [UInt8](repeating: 0, count: events.count)
        var bucketSizes = [Int32](repeating: 0, count: nodes.count + 1)
        var dropped = 0
        for (i, event) in events.enumerated() {
            guard let a = indexByID[event.a], let b = indexByID[event.b], a != b else {
                dropped += 1
                continue
            }
            low[i] = min(a, b)
            high[i] = max(a, b)
            days[i] = Int32(event.day.ordinal)
            codes[i] = UInt8(event.kind.slot) | (a > b ? reversedFlag : 0)
            bucketSizes[Int(min(a, b)) + 1] += 1
        }
        for i in 0..<nodes.count { bucketSizes[i + 1] += bucketSizes[i] }
        let bucketStart = bucketSizes
        var fill = bucketSizes
        var order = [Int32](repeating: 0, count: events.count - dropped)
        for i in events.indices where low[i] >= 0 {
            let l = Int(low[i])
            order[Int(fill[l])] = Int32(i)
            fill[l] += 1
        }

        // Pass 2: within each low node, sort by (high, day, kind) so each edge's events are contiguous and dated.
        order.withUnsafeMutableBufferPointer { buffer in
            for l in 0..<nodes.count {
                let range = Int(bucketStart[l])..<Int(bucketStart[l + 1])
                guard range.count > 1 else { continue }
                buffer[range].sort { x, y in
                    let i = Int(x), j = Int(y)
                    if high[i] != high[j] { return high[i] < high[j] }
                    if days[i] != days[j] { return days[i] < days[j] }
                    if codes[i] != codes[j] { return codes[i] < codes[j] }
                    return i < j
                }
            }
        }

        // Pass 3: fold runs with the same pair into edges and copy event data in edge order. Counting the
        // edges first lets every array be allocated once at its final size (growth by doubling would leave
        // up to half of it unused at 1M events).
        var edgeTotal = 0
        for (position, eventNumber) in order.enumerated() {
            let e = Int(eventNumber), previous = position == 0 ? -1 : Int(order[position - 1])
            if previous < 0 || low[e] != low[previous] || high[e] != high[previous] { edgeTotal += 1 }
        }
        var edgeLow: [Int32] = [], edgeHigh: [Int32] = [], eventOffsets: [Int32] = []
        edgeLow.reserveCapacity(edgeTotal)
        edgeHigh.reserveCapacity(edgeTotal)
        eventOffsets.reserveCapacity(edgeTotal + 1)
        var eventDays: [Int32] = [], eventCodes: [UInt8] = [], eventContexts: [Int32] = []
        eventDays.reserveCapacity(order.count)
        eventCodes.reserveCapacity(order.count)
        eventContexts.reserveCapacity(order.count)
        var contexts: [TieContext] = []
        var contextIndex: [TieContext: Int32] = [:]
        var degree = [Int32](repeating: 0, count: nodes.count)
        for (position, eventNumber) in order.enumerated() {
            let e = Int(eventNumber)
            if position == 0 || low[e] != edgeLow.last! || high[e] != edgeHigh.last! {
                edgeLow.append(low[e])
                edgeHigh.append(high[e])
                eventOffsets.append(Int32(position))
                degree[Int(low[e])] += 1
                degree[Int(high[e])] += 1
            }
            eventDays.append(days[e])
            eventCodes.append(codes[e])
            if let context = events[e].context {
                if let known = contextIndex[context] {
                    eventContexts.append(known)
                } else {
                    contextIndex[context] = Int32(contexts.count)
                    eventContexts.append(Int32(contexts.count))
                    contexts.append(context)
                }
            } else {
                eventContexts.append(-1)
            }
        }
        eventOffsets.append(Int32(order.count))
        // The per-event scratch is no longer needed; free it before the adjacency is allocated.
        (low, high, days, codes, order, contextIndex) = ([], [], [], [], [], [:])

        // CSR: edges are ordered by (low, high), so appending in edge order leaves every list ascending.
        var adjacencyOffsets = [Int32](repeating: 0, count: nodes.count + 1)
        for i in 0..<nodes.count { adjacencyOffsets[i + 1] = adjacencyOffsets[i] + degree[i] }
        var cursor = adjacencyOffsets
        var adjacentNodes = [Int32](repeating: 0, count: edgeLow.count * 2)
        var adjacentEdges = [Int32](repeating: 0, count: edgeLow.count * 2)
        for e in edgeLow.indices {
            let l = Int(edgeLow[e]), h = Int(edgeHigh[e])
            adjacentNodes[Int(cursor[l])] = Int32(h)
            adjacentEdges[Int(cursor[l])] = Int32(e)
            cursor[l] += 1
            adjacentNodes[Int(cursor[h])] = Int32(l)
            adjacentEdges[Int(cursor[h])] = Int32(e)
            cursor[h] += 1
        }

        var roundsByID: [EntityID: RoundRef] = [:]
        var continuingByTheme: [String: [Int32]] = [:]
        var organizations: [Int32] = []
        for (i, node) in nodes.enumerated() {
            if !node.isPerson { organizations.append(Int32(i)) }
            for round in node.rounds { roundsByID[round.id] = round }
            for theme in Set(node.initiatives.filter { $0.status == .continuing }.map(\.theme)) {
                continuingByTheme[theme, default: []].append(Int32(i))
            }
        }

        return GraphSnapshot(
            nodes: nodes, droppedEventCount: dropped, indexByID: indexByID, adjacencyOffsets: adjacencyOffsets,
            adjacentNodes: adjacentNodes, adjacentEdges: adjacentEdges, edgeLow: edgeLow, edgeHigh: edgeHigh,
            eventOffsets: eventOffsets, eventDays: eventDays, eventCodes: eventCodes, eventContexts: eventContexts,
            contexts: contexts, roundsByID: roundsByID, continuingByTheme: continuingByTheme,
            organizations: organizations, profiles: NodeProfiles(nodes: nodes))
    }

    // MARK: Lookups

    public func node(_ id: EntityID) -> GraphNode? { indexByID[id].map { nodes[Int($0)] } }

    func index(of id: EntityID) throws -> Int {
        guard let i = indexByID[id] else { throw GraphError.unknownNode(id) }
        return Int(i)
    }

    func personIndex(of id: EntityID) throws -> Int {
        let i = try index(of: id)
        guard nodes[i].isPerson else { throw GraphError.notAPerson(id) }
        return i
    }

    func adjacency(of node: Int) -> Range<Int> { Int(adjacencyOffsets[node])..<Int(adjacencyOffsets[node + 1]) }

    func events(of edge: Int) -> Range<Int> { Int(eventOffsets[edge])..<Int(eventOffsets[edge + 1]) }

    /// The edge between two nodes, found by binary search in the shorter neighbour list.
    func edge(between a: Int, _ b: Int) -> Int? {
        let (from, to) = adjacency(of: a).count <= adjacency(of: b).count ? (a, b) : (b, a)
        var range = adjacency(of: from)
        let target = Int32(to)
        while !range.isEmpty {
            let mid = range.lowerBound + range.count / 2
            if adjacentNodes[mid] == target { return Int(adjacentEdges[mid]) }
            range = adjacentNodes[mid] < target ? (mid + 1)..<range.upperBound : range.lowerBound..<mid
        }
        return nil
    }

    func kind(ofEvent i: Int) -> TieEventKind { TieEventKind.bySlot[Int(eventCodes[i] & Self.kindMask)] }

    /// The endpoint that was `a` in the original event (the mentor, for mentorship).
    func firstEndpoint(ofEvent i: Int, edge: Int) -> Int {
        Int(eventCodes[i] & Self.reversedFlag == 0 ? edgeLow[edge] : edgeHigh[edge])
    }

    func context(ofEvent i: Int) -> TieContext? {
        let c = eventContexts[i]
        return c < 0 ? nil : contexts[Int(c)]
    }

    /// True when the edge had at least one event on or before `now`.
    func existed(edge: Int, at now: Day) -> Bool { Int(eventDays[Int(eventOffsets[edge])]) <= now.ordinal }

    /// The events of an edge, decoded; for inspection screens and tests.
    public func events(between a: EntityID, _ b: EntityID) -> [TieEvent] {
        guard let i = indexByID[a], let j = indexByID[b], let e = edge(between: Int(i), Int(j)) else { return [] }
        return events(of: e).map { k in
            let first = firstEndpoint(ofEvent: k, edge: e)
            let second = first == Int(edgeLow[e]) ? Int(edgeHigh[e]) : Int(edgeLow[e])
            return TieEvent(nodes[first].id, nodes[second].id, day: Day(ordinal: Int(eventDays[k])),
                            kind: kind(ofEvent: k), context: context(ofEvent: k))
        }
    }
}
