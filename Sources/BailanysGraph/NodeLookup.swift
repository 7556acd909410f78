import BailanysCore

/// Node index by id. Ids are numbered densely per kind (P1, P2 …), so a plain table per kind is both the
/// fastest lookup and about a tenth of a dictionary's memory at 100k nodes; a kind whose numbers are
/// sparse falls back to a dictionary.
struct NodeLookup: Sendable {
    private static let kinds = EntityID.Kind.allCases
    /// Per kind (in `kinds` order): node index by number, -1 where no node has that number; empty if sparse.
    private var tables: [[Int32]]
    private var sparse: [EntityID: Int32] = [:]

    /// `ids` must be sorted; a repeated id is an error.
    init(sortedIDs ids: [EntityID]) throws {
        tables = Array(repeating: [], count: Self.kinds.count)
        for (k, kind) in Self.kinds.enumerated() {
            // Ids order by kind letter, then number.
            let start = ids.partitionPoint { $0.kind.rawValue >= kind.rawValue }
            let members = ids[start...].prefix { $0.kind == kind }
            guard let largest = members.last?.number else { continue }
            if largest <= 2 * members.count + 64 {
                var table = [Int32](repeating: -1, count: largest + 1)
                for (offset, id) in zip(members.indices, members) {
                    guard table[id.number] < 0 else { throw GraphError.duplicateNode(id) }
                    table[id.number] = Int32(offset)
                }
                tables[k] = table
            } else {
                for (offset, id) in zip(members.indices, members) {
                    guard sparse.updateValue(Int32(offset), forKey: id) == nil else { throw GraphError.duplicateNode(id) }
                }
            }
        }
    }

    subscript(id: EntityID) -> Int32? {
        let table = tables[Self.kinds.firstIndex(of: id.kind)!]
        if table.isEmpty { return sparse[id] }
        guard id.number >= 0, id.number < table.count, table[id.number] >= 0 else { return nil }
        return table[id.number]
    }
}

extension Collection {
    /// The first index whose element satisfies `predicate`, for a predicate that is false then true along the collection.
    func partitionPoint(where predicate: (Element) -> Bool) -> Index {
        var low = startIndex, count = self.count
        while count > 0 {
            let half = count / 2, mid = index(low, offsetBy: half)
            if predicate(self[mid]) { count = half } else { low = index(after: mid); count -= half + 1 }
        }
        return low
    }
}
