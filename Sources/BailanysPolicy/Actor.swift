import BailanysCore

/// Who is acting, as the policy sees them: a person with roles and, for a coordinator, a reach.
/// Built by the store from the directory (see `DirectoryStore.actor`), never from what a user typed alone.
public struct Actor: Sendable, Equatable, Hashable {
    /// Where a coordinator's powers apply.
    public enum Reach: Sendable, Equatable, Hashable {
        /// Not a coordinator (or a coordinator in a member copy): no powers over others.
        case none
        /// A regional coordinator: the people and bodies of this region (a gazetteer region key).
        case region(String)
        /// A national coordinator: the whole country.
        case country
    }

    /// Nil when nobody is chosen (no `--as`, no `me`).
    public var id: EntityID?
    public var roles: Set<Role>
    public var reach: Reach
    /// The holder of a directory that has no coordinator yet (a fresh `init --empty`): they may add the first
    /// people, coordinators included, and import. Any other anonymous actor may write nothing.
    public var isOwner: Bool
    /// The SHA256 fingerprint of the SSH key that proved who this is (a session on the shared server,
    /// docs/server.md); nil when the identity is only claimed (`--as`, `me`). Recorded with every audit row.
    public var provenKey: String?

    public init(id: EntityID?, roles: Set<Role> = [], reach: Reach = .none, isOwner: Bool = false, provenKey: String? = nil) {
        self.id = id
        self.roles = roles
        self.reach = reach
        self.isOwner = isOwner
        self.provenKey = provenKey
    }

    /// No identity: sees what everyone sees, may change nothing.
    public static let nobody = Actor(id: nil)

    /// Bailanys itself while it builds a new file that nobody else has opened (the demo, a member copy).
    public static let fileBuilder = Actor(id: nil, isOwner: true)

    /// A coordinator with powers in this file (a claimed coordinator in a member copy has none).
    public var isCoordinator: Bool { reach != .none }
    public var isNational: Bool { reach == .country || isOwner }

    /// Whether a coordinator's reach (or ownership) covers a region.
    public func reaches(region: String) -> Bool {
        if isOwner { return true }
        switch reach {
        case .none: return false
        case .country: return true
        case .region(let own): return own == region
        }
    }

    public func reaches(_ subject: Subject) -> Bool { reaches(region: subject.region) }
}

/// What the policy needs to know of the person or organisation acted on.
public struct Subject: Sendable, Equatable, Hashable {
    public var id: EntityID
    /// Gazetteer key of the region the subject lives in.
    public var region: String
    /// The region's names, for refusals in the reader's language ("a coordinator of Mangystau Region").
    public var regionNames: PlaceNames

    public init(id: EntityID, region: String, regionNames: PlaceNames) {
        self.id = id
        self.region = region
        self.regionNames = regionNames
    }
}

extension Gazetteer {
    /// A person or organisation living in a region, as the policy sees them.
    public func subject(_ id: EntityID, region: String) -> Subject {
        Subject(id: id, region: region, regionNames: regionNames(region))
    }

    /// A person or organisation at a settlement (a new entry, or one about to move there).
    public func subject(_ id: EntityID, settlement: String) -> Subject {
        subject(id, region: self.settlement(settlement)?.region ?? "")
    }
}
