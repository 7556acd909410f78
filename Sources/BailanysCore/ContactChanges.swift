/// What one side did to someone's contacts of one kind, by value: removed (with the consent each had), added (with
/// its consent) or re-flagged. One account serves both the merge of two writers' edits (BailanysStore's `EditMerge`)
/// and the policy's judgement of what changed someone's consent.
public struct ContactChanges: Sendable {
    public private(set) var removed: [String: Bool] = [:]
    public private(set) var added: [String: Bool] = [:]
    public private(set) var reflagged: [String: Bool] = [:]

    public init(_ before: [Contact], _ after: [Contact]) {
        let was = Dictionary(before.map { ($0.value, $0.shared) }, uniquingKeysWith: { first, _ in first })
        let now = Dictionary(after.map { ($0.value, $0.shared) }, uniquingKeysWith: { first, _ in first })
        removed = was.filter { now[$0.key] == nil }
        for (value, shared) in now {
            if let old = was[value] { if old != shared { reflagged[value] = shared } } else { added[value] = shared }
        }
    }
}
