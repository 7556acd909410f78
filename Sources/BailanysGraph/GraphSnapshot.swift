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
    public internal(set) var nodes: [GraphNode]
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
    var profiles: NodeProfiles

    static let reversedFlag: UInt8 = 0x80
    static let kindMask: UInt8 = 0x07

    public var nodeCount: Int { nodes.count }
    public var edgeCount: Int { edgeLow.count }
    public var eventCount: Int { eventDays.count }

    /// Builds the snapshot in one pass over the events plus a bucket sort; nodes may come in any order, and
    /// nodes already in id order are kept as given (no copy of the node array).
    public static func build(nodes input: [GraphNode], events: [TieEvent]) throws -> GraphSnapshot {
        try build(nodes: input, events: events, contacts: ContactRuns())
    }

    /// As above, with the logged contacts already grouped by pair (the store's `tie_pair`): they are merged into
    /// the edges without resolving or sorting them one by one. The result is the snapshot `build(nodes:events:)`
    /// makes from the same events with the contacts listed after all others. `progress` hears the fraction done.
    public static func build(nodes input: [GraphNode], events: [TieEvent], contacts: ContactRuns,
                             progress: (Double) -> Void = { _ in }) throws -> GraphSnapshot {
        // By index: iterating the nodes themselves would copy each one (a dozen reference counts) just to read its id.
        let inOrder = input.indices.dropFirst().allSatisfy { input[$0 - 1].id < input[$0].id }
        let nodes = inOrder ? input : input.sorted { $0.id < $1.id }
        let indexByID = try NodeLookup(sortedIDs: nodes.indices.map { nodes[$0].id })
        // `isPerson` on an array element copies the whole node (a dozen reference counts); the stored id does not.
        let personNode = nodes.indices.map { nodes[$0].id.kind == .person }

        // Pass 1: resolve endpoints and count events per low endpoint (counting sort by low node).
        var low = [Int32](repeating: -1, count: events.count)
        var high = [Int32](repeating: 0, count: events.count)
        var days = [Int32](repeating: 0, count: events.count)
        var codes = [UInt8](repeating: 0, count: events.count)
        var bucketSizes = [Int32](repeating: 0, count: nodes.count + 1)
        var dropped = 0
        // The passes' shares of the time at 100k people, so the fraction reported moves at about an even pace.
        var ticks = ProgressTicks(total: events.count)
        for (i, event) in events.enumerated() {
            ticks.advance(i) { progress(0.05 * $0) }
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

        // Contacts: resolve each pair once; pairs with an unknown or identical endpoint are dropped, as events are.
        var contactLow: [Int32] = [], contactHigh: [Int32] = [], contactPair: [Int32] = []
        contactLow.reserveCapacity(contacts.pairCount)
        contactHigh.reserveCapacity(contacts.pairCount)
        contactPair.reserveCapacity(contacts.pairCount)
        ticks = ProgressTicks(total: contacts.pairCount)
        for p in 0..<contacts.pairCount {
            ticks.advance(p) { progress(0.05 + 0.05 * $0) }
            guard let a = indexByID[contacts.low[p]], let b = indexByID[contacts.high[p]], a != b else {
                dropped += contacts.range(of: p).count
                continue
            }
            contactLow.append(min(a, b))
            contactHigh.append(max(a, b))
            contactPair.append(Int32(p))
        }
        if !zip(contactPair.indices, contactPair.indices.dropFirst()).allSatisfy({ i, j in
            (contactLow[i], contactHigh[i]) < (contactLow[j], contactHigh[j]) }) {
            let sorted = contactPair.indices.sorted { i, j in (contactLow[i], contactHigh[i]) < (contactLow[j], contactHigh[j]) }
            (contactLow, contactHigh, contactPair) = (sorted.map { contactLow[$0] }, sorted.map { contactHigh[$0] },
                                                      sorted.map { contactPair[$0] })
        }

        // Pass 3: fold runs with the same pair into edges, merging in the contacts, and copy event data in edge
        // order. Counting the edges first lets every array be allocated once at about its final size (growth by
        // doubling would leave up to half of it unused at 1M events).
        var edgeTotal = contactPair.count
        for (position, eventNumber) in order.enumerated() {
            let e = Int(eventNumber), previous = position == 0 ? -1 : Int(order[position - 1])
            if previous < 0 || low[e] != low[previous] || high[e] != high[previous] { edgeTotal += 1 }
        }
        let eventTotal = order.count + contactPair.reduce(0) { $0 + contacts.range(of: Int($1)).count }
        var edgeLow: [Int32] = [], edgeHigh: [Int32] = [], eventOffsets: [Int32] = []
        edgeLow.reserveCapacity(edgeTotal)
        edgeHigh.reserveCapacity(edgeTotal)
        eventOffsets.reserveCapacity(edgeTotal + 1)
        var eventDays: [Int32] = [], eventCodes: [UInt8] = [], eventContexts: [Int32] = []
        eventDays.reserveCapacity(eventTotal)
        eventCodes.reserveCapacity(eventTotal)
        eventContexts.reserveCapacity(eventTotal)
        var contexts: [TieContext] = []
        var contextIndex: [TieContext: Int32] = [:]
        var degree = [Int32](repeating: 0, count: nodes.count)
        let none = (Int32.max, Int32.max)
        var s = 0, c = 0
        ticks = ProgressTicks(total: order.count + contactPair.count)
        while s < order.count || c < contactPair.count {
            ticks.advance(s + c) { progress(0.1 + 0.5 * $0) }
            let structural = s < order.count ? (low[Int(order[s])], high[Int(order[s])]) : none
            let contact = c < contactPair.count ? (contactLow[c], contactHigh[c]) : none
            let pair = structural < contact ? structural : contact
            edgeLow.append(pair.0)
            edgeHigh.append(pair.1)
            eventOffsets.append(Int32(eventDays.count))
            degree[Int(pair.0)] += 1
            degree[Int(pair.1)] += 1
            var contactRange = 0..<0
            var contactSlot: UInt8 = 0
            if contact == pair {
                contactRange = contacts.range(of: Int(contactPair[c]))
                contactSlot = UInt8((personNode[Int(pair.0)] && personNode[Int(pair.1)]
                    ? TieEventKind.interaction : .organization).slot)
                c += 1
            }
            // Within the edge: by (day, code); on a tie the structural event first, as it came first in the list.
            var k = contactRange.lowerBound
            while s < order.count, (low[Int(order[s])], high[Int(order[s])]) == pair {
                let e = Int(order[s])
                while k < contactRange.upperBound, Self.contactKey(contacts.codes[k], slot: contactSlot) < (days[e], codes[e]) {
                    Self.appendContact(contacts.codes[k], slot: contactSlot, days: &eventDays, codes: &eventCodes,
                                       contexts: &eventContexts)
                    k += 1
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
                s += 1
            }
            // The rest of the run (for most pairs all of it) in three block appends.
            if k < contactRange.upperBound {
                let rest = contacts.codes[k..<contactRange.upperBound], slot = contactSlot
                eventDays.append(contentsOf: rest.lazy.map { $0 >> 1 })
                eventCodes.append(contentsOf: rest.lazy.map { slot | ($0 & 1 == 0 ? 0 : Self.reversedFlag) })
                eventContexts.append(contentsOf: repeatElement(-1, count: rest.count))
            }
        }
        eventOffsets.append(Int32(eventDays.count))
        // The per-event scratch is no longer needed; free it before the adjacency is allocated.
        (low, high, days, codes, order, contextIndex) = ([], [], [], [], [], [:])
        (contactLow, contactHigh, contactPair) = ([], [], [])

        let snapshot = assemble(nodes: nodes, indexByID: indexByID, dropped: dropped, edgeLow: edgeLow, edgeHigh: edgeHigh,
                                eventOffsets: eventOffsets, eventDays: eventDays, eventCodes: eventCodes,
                                eventContexts: eventContexts, contexts: contexts, degree: degree) { progress(0.6 + 0.4 * $0) }
        progress(1)
        return snapshot
    }

    /// The adjacency and per-node lookups over finished edge arrays; edges must be numbered in (low, high) order.
    /// `progress` hears the fraction done.
    static func assemble(nodes: [GraphNode], indexByID: NodeLookup, dropped: Int, edgeLow: [Int32], edgeHigh: [Int32],
                         eventOffsets: [Int32], eventDays: [Int32], eventCodes: [UInt8], eventContexts: [Int32],
                         contexts: [TieContext], degree: [Int32], progress: (Double) -> Void) -> GraphSnapshot {
        // CSR: edges are ordered by (low, high), so appending in edge order leaves every list ascending.
        var adjacencyOffsets = [Int32](repeating: 0, count: nodes.count + 1)
        for i in 0..<nodes.count { adjacencyOffsets[i + 1] = adjacencyOffsets[i] + degree[i] }
        var cursor = adjacencyOffsets
        var adjacentNodes = [Int32](repeating: 0, count: edgeLow.count * 2)
        var adjacentEdges = [Int32](repeating: 0, count: edgeLow.count * 2)
        // The parts' shares of the time at 100k people, so the fraction reported moves at about an even pace.
        var ticks = ProgressTicks(total: edgeLow.count)
        for e in edgeLow.indices {
            ticks.advance(e) { progress(0.3 * $0) }
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
        ticks = ProgressTicks(total: nodes.count)
        for i in nodes.indices {
            ticks.advance(i) { progress(0.3 + 0.3 * $0) }
            if nodes[i].id.kind != .person { organizations.append(Int32(i)) }
            for round in nodes[i].rounds { roundsByID[round.id] = round }
            let initiatives = nodes[i].initiatives
            guard initiatives.contains(where: { $0.status == .continuing }) else { continue }
            for theme in Set(initiatives.filter { $0.status == .continuing }.map(\.theme)) {
                continuingByTheme[theme, default: []].append(Int32(i))
            }
        }

        return GraphSnapshot(
            nodes: nodes, droppedEventCount: dropped, indexByID: indexByID, adjacencyOffsets: adjacencyOffsets,
            adjacentNodes: adjacentNodes, adjacentEdges: adjacentEdges, edgeLow: edgeLow, edgeHigh: edgeHigh,
            eventOffsets: eventOffsets, eventDays: eventDays, eventCodes: eventCodes, eventContexts: eventContexts,
            contexts: contexts, roundsByID: roundsByID, continuingByTheme: continuingByTheme,
            organizations: organizations, profiles: NodeProfiles(nodes: nodes) { progress(0.6 + 0.4 * $0) })
    }

    /// A stored contact code as (day, event code), for ordering against other events of its edge.
    private static func contactKey(_ code: Int32, slot: UInt8) -> (Int32, UInt8) {
        (code >> 1, slot | (code & 1 == 0 ? 0 : reversedFlag))
    }

    private static func appendContact(_ code: Int32, slot: UInt8, days: inout [Int32], codes: inout [UInt8],
                                      contexts: inout [Int32]) {
        let (day, eventCode) = contactKey(code, slot: slot)
        days.append(day)
        codes.append(eventCode)
        contexts.append(-1)
    }

    /// True when both snapshots hold the same nodes, edges and events in the same order: what the store's
    /// maintained tie state must give compared with a build from raw events (tests and `doctor`).
    public func hasSameContent(as other: GraphSnapshot) -> Bool {
        nodes == other.nodes && droppedEventCount == other.droppedEventCount
            && adjacencyOffsets == other.adjacencyOffsets && adjacentNodes == other.adjacentNodes
            && adjacentEdges == other.adjacentEdges && edgeLow == other.edgeLow && edgeHigh == other.edgeHigh
            && eventOffsets == other.eventOffsets && eventDays == other.eventDays && eventCodes == other.eventCodes
            && zip(eventContexts, other.eventContexts).allSatisfy { x, y in
                (x < 0 ? nil : contexts[Int(x)]) == (y < 0 ? nil : other.contexts[Int(y)]) }
            && eventContexts.count == other.eventContexts.count
    }

    /// A digest of everything in the snapshot (nodes with their rounds and initiatives, edges, events, contexts),
    /// the same in every process: what fitted results are cached under, since any write that changes a tie changes it.
    public var contentFingerprint: String { contentFingerprint { _ in } }

    /// As above; `progress` hears the fraction done.
    public func contentFingerprint(progress: (Double) -> Void) -> String {
        var hasher = StableHasher()
        hasher.combine(nodes.count)
        // The parts' shares of the time at 100k people, so the fraction reported moves at about an even pace.
        var ticks = ProgressTicks(total: nodes.count)
        for (i, node) in nodes.enumerated() {
            ticks.advance(i) { progress(0.7 * $0) }
            hasher.combine(node.id.description)
            hasher.combine(node.name)
            hasher.combine(node.role?.rawValue ?? "-")
            hasher.combine(node.organizationKind?.rawValue ?? "-")
            hasher.combine(node.settlement)
            hasher.combine(node.region)
            hasher.combine(Int(bitPattern: UInt(node.latitude.bitPattern)))
            hasher.combine(Int(bitPattern: UInt(node.longitude.bitPattern)))
            hasher.combine(node.suggestionsOptOut ? 1 : 0)
            hasher.combine(node.rounds.count)
            for round in node.rounds {
                hasher.combine(round.id.number)
                hasher.combine(round.year)
                hasher.combine(round.number)
                hasher.combine(round.format.rawValue)
                hasher.combine(round.start.ordinal)
            }
            hasher.combine(node.initiatives.count)
            for membership in node.initiatives {
                hasher.combine(membership.initiative.number)
                hasher.combine(membership.title)
                hasher.combine(membership.theme)
                hasher.combine(membership.status.rawValue)
                hasher.combine(membership.teamRole.rawValue)
                hasher.combine(membership.round.number)
                hasher.combine(membership.settlement)
            }
        }
        hasher.combine(droppedEventCount)
        let arrays = [edgeLow, edgeHigh, eventOffsets, eventDays, eventContexts, adjacencyOffsets, adjacentNodes, adjacentEdges]
        for (i, array) in arrays.enumerated() {
            progress(0.7 + 0.3 * Double(i) / Double(arrays.count))
            hasher.combine(array)
        }
        eventCodes.withUnsafeBytes { hasher.combine(bytes: $0) }
        hasher.combine(contexts.count)
        for context in contexts {
            hasher.combine(context.initiative?.number ?? -1)
            hasher.combine(context.round?.number ?? -1)
            hasher.combine(context.meetup?.number ?? -1)
        }
        return hasher.hex
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

/// A 128-bit hash that is the same in every process (Swift's `Hasher` is seeded per process): two lanes of
/// multiply–rotate over 8-byte words.
struct StableHasher {
    private var a: UInt64 = 0x9E37_79B9_7F4A_7C15
    private var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F

    mutating func combine(word: UInt64) {
        a = ((a ^ word) &* 0xFF51_AFD7_ED55_8CCD)
        a = (a << 31) | (a >> 33)
        b = ((b &+ word) &* 0xC4CE_B9FE_1A85_EC53) ^ a
        b = (b << 27) | (b >> 37)
    }

    mutating func combine(_ value: Int) { combine(word: UInt64(bitPattern: Int64(value))) }

    mutating func combine(_ text: String) {
        var text = text
        text.withUTF8 { combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    mutating func combine(_ values: [Int32]) { values.withUnsafeBytes { combine(bytes: $0) } }

    mutating func combine(bytes values: [UInt8]) { values.withUnsafeBytes { combine(bytes: $0) } }

    mutating func combine(bytes: UnsafeRawBufferPointer) {
        combine(bytes.count)
        var offset = 0
        while offset + 8 <= bytes.count {
            combine(word: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        var tail: UInt64 = 0
        for (shift, byte) in bytes[offset...].enumerated() { tail |= UInt64(byte) << (8 * UInt64(shift)) }
        combine(word: tail)
    }

    var hex: String {
        String(a, radix: 16).leftPadded(16) + String(b, radix: 16).leftPadded(16)
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
