/// A region or settlement that a piece of user text may mean.
/// What `PlaceResolver.settlement` found: one settlement key, nothing, or several equally good places.
public enum SettlementLookup: Hashable, Sendable {
    case found(String)
    case unknown
    case ambiguous([PlaceMatch])
}

public struct PlaceMatch: Hashable, Sendable {
    public enum Place: Hashable, Sendable {
        case region(Region)
        case settlement(Settlement)
    }

    /// How the text met the place; lower is better.
    public enum Quality: Int, Comparable, Sendable {
        case exactName, exactAlias, prefixName, prefixAlias

        public static func < (a: Quality, b: Quality) -> Bool { a.rawValue < b.rawValue }

        /// True for whole-name matches, false for prefix matches.
        public var isExact: Bool { self == .exactName || self == .exactAlias }
    }

    public let place: Place
    public let quality: Quality
    /// The official name or alias that matched, as written in the gazetteer.
    public let matchedName: String

    /// The gazetteer key of the region or settlement.
    public var key: String {
        switch place {
        case .region(let region): region.key
        case .settlement(let settlement): settlement.key
        }
    }

    /// The settlement to use when a person must live somewhere: the settlement itself, or the region's centre.
    public var settlementKey: String {
        switch place {
        case .region(let region): region.centre
        case .settlement(let settlement): settlement.key
        }
    }

    /// The key of the region the place is or lies in.
    public var regionKey: String {
        switch place {
        case .region(let region): region.key
        case .settlement(let settlement): settlement.region
        }
    }
}

/// Finds regions and settlements by any spelling of their names or former names, via `TextFold`.
public struct PlaceResolver: Sendable {
    public let gazetteer: Gazetteer

    private enum Target: Hashable, Sendable {
        case region(Int), settlement(Int)
    }

    private struct Entry: Sendable {
        let target: Target
        /// The folded name (generic words unified), or a word-start suffix of it for prefix search.
        let folded: String
        let isWholeName: Bool
        let isAlias: Bool
        let original: String
    }

    /// Sorted by `folded`, so prefix and exact lookups are binary searches.
    private let entries: [Entry]

    /// Words that only say "region" or "district" in some language, each mapped to one spelling,
    /// so "Mangistau oblast" meets "Маңғыстау облысы" and "Mangystau" alone finds the region.
    private static let genericWords: [String: String] = [
        "oblisi": "region", "oblast": "region", "obl": "region", "region": "region",
        "audani": "district", "raion": "district", "district": "district",
    ]

    private static func searchWords(_ text: some StringProtocol) -> [String] {
        TextFold.words(text).map { genericWords[$0] ?? $0 }
    }

    public init(gazetteer: Gazetteer) {
        self.gazetteer = gazetteer
        var entries: [Entry] = []
        func index(_ text: String, isAlias: Bool, target: Target, stripsRegionWord: Bool) {
            var words = Self.searchWords(text)
            let specific = words.filter { $0 != "region" }
            if stripsRegionWord, !specific.isEmpty, specific.count < words.count {
                entries.append(Entry(target: target, folded: specific.joined(separator: " "),
                                     isWholeName: true, isAlias: isAlias, original: text))
            }
            var isWholeName = true
            while !words.isEmpty {
                entries.append(Entry(target: target, folded: words.joined(separator: " "),
                                     isWholeName: isWholeName, isAlias: isAlias, original: text))
                words.removeFirst()
                isWholeName = false
            }
        }
        // Only official region names lose their "region" word: "Guryev Region" alone must not claim "Guryev".
        for (i, region) in gazetteer.regions.enumerated() {
            for name in region.names.all { index(name, isAlias: false, target: .region(i), stripsRegionWord: true) }
            for alias in region.aliases { index(alias, isAlias: true, target: .region(i), stripsRegionWord: false) }
        }
        for (i, settlement) in gazetteer.settlements.enumerated() {
            for name in settlement.names.all { index(name, isAlias: false, target: .settlement(i), stripsRegionWord: false) }
            for alias in settlement.aliases { index(alias, isAlias: true, target: .settlement(i), stripsRegionWord: false) }
        }
        self.entries = entries.sorted { $0.folded < $1.folded }
    }

    /// The settlement a text names, if it names exactly one. Only the best matches count, and a
    /// settlement of that name comes before a region of that name ("Алматы" is the city, not the centre
    /// of Almaty Region); a region alone stands for its centre.
    public func settlement(_ text: String) -> SettlementLookup {
        // The gazetteer's own key first: exports, the external editor's file and `show --json` write it
        // ("almaty-auezov-district"), and no spelling of a district's name looks like its key.
        let key = text.trimmingCharacters(in: .whitespaces)
        if gazetteer.settlement(key) != nil { return .found(key) }
        let matches = resolve(text)
        guard let best = matches.first?.quality else { return .unknown }
        // One or two letters begin too many names to be meant as one: a prefix names a place from three letters on.
        guard best.isExact || TextFold.fold(text).filter(\.isLetter).count >= Self.shortestPrefix else { return .unknown }
        let tier = matches.filter { $0.quality == best }
        let settlements = tier.filter { if case .settlement = $0.place { true } else { false } }
        let candidates = settlements.isEmpty ? tier : settlements
        let keys = Set(candidates.map(\.settlementKey))
        return keys.count == 1 ? .found(candidates[0].settlementKey) : .ambiguous(candidates)
    }

    /// The fewest letters a prefix needs to name a settlement.
    static let shortestPrefix = 3

    /// Places the text may mean, best first. Exact matches hide prefix matches; several results mean
    /// the text is ambiguous. "Place, Region" narrows settlements to that region.
    public func resolve(_ text: String) -> [PlaceMatch] {
        let parts = text.split(separator: ",").filter { !TextFold.fold($0).isEmpty }
        guard parts.count > 1, let qualifier = parts.last else { return matches(Self.query(text)) }
        // The qualifier may be a region or a settlement ("Karabulak, Turkistan"); either names a region.
        let regionKeys = Set(matches(Self.query(qualifier)).map(\.regionKey))
        let name = Self.query(parts.dropLast().joined(separator: " "))
        let inRegion = matches(name, allowing: { key in regionKeys.contains(key) })
        return inRegion.isEmpty ? matches(name) : inRegion
    }

    private static func query(_ text: some StringProtocol) -> String {
        searchWords(text).joined(separator: " ")
    }

    private func matches(_ query: String, allowing regionFilter: ((String) -> Bool)? = nil) -> [PlaceMatch] {
        guard !query.isEmpty else { return [] }
        var best: [Target: (quality: PlaceMatch.Quality, name: String)] = [:]
        var index = lowerBound(of: query)
        while index < entries.count, entries[index].folded.hasPrefix(query) {
            let entry = entries[index]
            index += 1
            if let regionFilter {
                guard case .settlement(let i) = entry.target, regionFilter(gazetteer.settlements[i].region) else { continue }
            }
            let exact = entry.isWholeName && entry.folded == query
            let quality: PlaceMatch.Quality = switch (exact, entry.isAlias) {
            case (true, false): .exactName
            case (true, true): .exactAlias
            case (false, false): .prefixName
            case (false, true): .prefixAlias
            }
            if let known = best[entry.target], known.quality <= quality { continue }
            best[entry.target] = (quality, entry.original)
        }
        let anyExact = best.values.contains { $0.quality.isExact }
        var results = best.compactMap { target, found -> PlaceMatch? in
            guard found.quality.isExact || !anyExact else { return nil }
            return PlaceMatch(place: place(target), quality: found.quality, matchedName: found.name)
        }
        // A city of republican significance and its own settlement are one place; keep the settlement.
        let settlementKeys = Set(results.compactMap { match -> String? in
            if case .settlement(let settlement) = match.place { return settlement.key }
            return nil
        })
        results.removeAll { match in
            if case .region(let region) = match.place { return region.kind == .city && settlementKeys.contains(region.centre) }
            return false
        }
        return results.sorted(by: Self.ranking)
    }

    private func place(_ target: Target) -> PlaceMatch.Place {
        switch target {
        case .region(let i): .region(gazetteer.regions[i])
        case .settlement(let i): .settlement(gazetteer.settlements[i])
        }
    }

    private func lowerBound(of query: String) -> Int {
        var low = 0, high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].folded < query { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Better quality first; then settlements before regions, larger places first, and keys for a stable order.
    private static func ranking(_ a: PlaceMatch, _ b: PlaceMatch) -> Bool {
        if a.quality != b.quality { return a.quality < b.quality }
        switch (a.place, b.place) {
        case (.settlement(let x), .settlement(let y)):
            return x.population != y.population ? x.population > y.population : x.key < y.key
        case (.settlement, .region): return true
        case (.region, .settlement): return false
        case (.region(let x), .region(let y)): return x.key < y.key
        }
    }
}
