import Foundation

/// Kazakhstan's regions and settlements as of 2022, with names in every script users type.
/// The data lives in `Resources/gazetteer.json`; this file only gives it a shape.

public struct PlaceNames: Hashable, Sendable, Codable {
    /// Kazakh, Cyrillic script.
    public var kk: String
    /// Kazakh, 2021 Latin alphabet.
    public var kkLatn: String
    public var ru: String
    public var en: String

    public init(kk: String, kkLatn: String, ru: String, en: String) {
        self.kk = kk
        self.kkLatn = kkLatn
        self.ru = ru
        self.en = en
    }

    /// A name with no translations (a key the gazetteer does not know): the same in every language.
    public init(verbatim name: String) { self.init(kk: name, kkLatn: name, ru: name, en: name) }

    /// The name to show for a UI language code; Kazakh for `kk`, else Russian or English.
    public func name(for language: String) -> String {
        switch language {
        case "kk": kk
        case "ru": ru
        case "kk-Latn": kkLatn
        default: en
        }
    }

    public var all: [String] { [kk, kkLatn, ru, en] }
}

public enum RegionKind: String, Sendable, Codable {
    /// An oblys.
    case region
    /// A city of republican significance (Astana, Almaty, Shymkent).
    case city
}

public struct Region: Hashable, Sendable, Codable, Identifiable {
    public var key: String
    public var kind: RegionKind
    public var names: PlaceNames
    /// Key of the administrative centre's settlement.
    public var centre: String
    /// Former or informal names that still resolve here (e.g. "South Kazakhstan").
    public var aliases: [String]

    public var id: String { key }

    public init(key: String, kind: RegionKind, names: PlaceNames, centre: String, aliases: [String]) {
        self.key = key
        self.kind = kind
        self.names = names
        self.centre = centre
        self.aliases = aliases
    }
}

public enum SettlementType: String, Sendable, Codable, CaseIterable {
    case city, town, village

    /// Villages count as rural in the study's urban/rural split.
    public var isRural: Bool { self == .village }
}

public struct Settlement: Hashable, Sendable, Codable, Identifiable {
    public var key: String
    public var region: String
    public var type: SettlementType
    public var names: PlaceNames
    public var latitude: Double
    public var longitude: Double
    public var population: Int
    public var aliases: [String]

    public var id: String { key }

    public init(key: String, region: String, type: SettlementType, names: PlaceNames, latitude: Double, longitude: Double,
                population: Int, aliases: [String]) {
        self.key = key
        self.region = region
        self.type = type
        self.names = names
        self.latitude = latitude
        self.longitude = longitude
        self.population = population
        self.aliases = aliases
    }
}

public struct Gazetteer: Sendable {
    public let source: String
    public let regions: [Region]
    public let settlements: [Settlement]
    private let regionIndex: [String: Int]
    private let settlementIndex: [String: Int]

    private struct File: Codable {
        var source: String
        var regions: [Region]
        var settlements: [Settlement]
    }

    public enum LoadError: Error, CustomStringConvertible {
        case invalid(String)
        public var description: String {
            switch self { case .invalid(let why): "gazetteer: \(why)" }
        }
    }

    /// Parses the JSON file and checks that every reference in it resolves.
    public init(json: Data) throws {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: json)
        } catch {
            throw LoadError.invalid("\(error)")
        }
        try self.init(source: file.source, regions: file.regions, settlements: file.settlements)
    }

    public init(source: String, regions: [Region], settlements: [Settlement]) throws {
        self.source = source
        self.regions = regions
        self.settlements = settlements
        var ri: [String: Int] = [:]
        for (i, r) in regions.enumerated() {
            guard ri.updateValue(i, forKey: r.key) == nil else { throw LoadError.invalid("duplicate region key \(r.key)") }
        }
        var si: [String: Int] = [:]
        for (i, s) in settlements.enumerated() {
            guard si.updateValue(i, forKey: s.key) == nil else { throw LoadError.invalid("duplicate settlement key \(s.key)") }
            guard ri[s.region] != nil else { throw LoadError.invalid("settlement \(s.key) names unknown region \(s.region)") }
        }
        for r in regions where si[r.centre] == nil {
            throw LoadError.invalid("region \(r.key) names unknown centre \(r.centre)")
        }
        regionIndex = ri
        settlementIndex = si
    }

    public func region(_ key: String) -> Region? { regionIndex[key].map { regions[$0] } }
    public func settlement(_ key: String) -> Settlement? { settlementIndex[key].map { settlements[$0] } }
    public func region(of settlementKey: String) -> Region? { settlement(settlementKey).flatMap { region($0.region) } }
    /// A region's names; an unknown key (data from an older gazetteer) stands for itself in every language.
    public func regionNames(_ key: String) -> PlaceNames {
        region(key)?.names ?? PlaceNames(verbatim: key)
    }
    public func settlements(in regionKey: String) -> [Settlement] { settlements.filter { $0.region == regionKey } }
}

