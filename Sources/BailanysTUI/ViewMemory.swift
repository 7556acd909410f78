import BailanysCore
import BailanysStore

/// What the app remembers between runs, per directory file: the screen, the directory's sort and its filter.
/// Kept in the config as one line of `key=value` pairs (`screen=mentees;sort=lastContact;role=alumnus,mentor`),
/// so the app never depends on how the config file is laid out.
public struct ViewMemory: Sendable, Equatable {
    public var screen: String?
    public var sort: String?
    /// Filter fields: role (comma-separated), region, settlementType, round, format, status, theme.
    public var filter: [String: String] = [:]

    public init(screen: String? = nil, sort: String? = nil, filter: [String: String] = [:]) {
        self.screen = screen
        self.sort = sort
        self.filter = filter
    }

    /// The one-line form kept in the config; unknown or malformed pairs are dropped when read.
    public var line: String {
        var pairs: [(String, String)] = []
        if let screen { pairs.append(("screen", screen)) }
        if let sort { pairs.append(("sort", sort)) }
        pairs += filter.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return pairs.map { "\($0.0)=\($0.1)" }.joined(separator: ";")
    }

    public init(line: String) {
        for pair in line.split(separator: ";") {
            guard let eq = pair.firstIndex(of: "=") else { continue }
            let key = String(pair[..<eq]), value = String(pair[pair.index(after: eq)...])
            switch key {
            case "screen": screen = value
            case "sort": sort = value
            default: filter[key] = value
            }
        }
    }

    private static let screenNames: [Screen: String] = [.directory: "directory", .suggestions: "suggestions",
                                                         .mentees: "mentees", .map: "map", .report: "report"]
    private static let sortNames: [DirectorySort: String] = [.name: "name", .lastContact: "lastContact", .tieStrength: "tieStrength"]

    /// What `state` shows now.
    init(_ state: AppState) {
        screen = Self.screenNames[state.screen]
        sort = Self.sortNames[state.directory.sort]
        let f = state.directory.filter
        if !f.roles.isEmpty { filter["role"] = f.roles.map(\.rawValue).sorted().joined(separator: ",") }
        filter["region"] = f.region
        filter["settlementType"] = f.settlementType?.rawValue
        filter["round"] = f.round?.description
        filter["format"] = f.format?.rawValue
        filter["status"] = f.status?.rawValue
        filter["theme"] = f.theme
    }

    /// The remembered sort and filter, onto a state that has not loaded anything yet; values this version does
    /// not know are ignored. The screen opens once I am known (`restoredScreen`), as what I may open depends on
    /// my role.
    func apply(to state: inout AppState) {
        state.directory.sort = Self.sortNames.first { $0.value == sort }?.key ?? .name
        var f = DirectoryFilter()
        f.roles = Set((filter["role"] ?? "").split(separator: ",").compactMap { Role(rawValue: String($0)) })
        f.region = filter["region"].flatMap { state.gazetteer.region($0) == nil ? nil : $0 }
        f.settlementType = filter["settlementType"].flatMap(SettlementType.init(rawValue:))
        f.round = filter["round"].flatMap(EntityID.init).flatMap { $0.kind == .round ? $0 : nil }
        f.format = filter["format"].flatMap(TrainingFormat.init(rawValue:))
        f.status = filter["status"].flatMap(InitiativeStatus.init(rawValue:))
        f.theme = filter["theme"]
        state.directory.filter = f
        state.restoredScreen = Self.screenNames.first { $0.value == screen }?.key
    }
}
