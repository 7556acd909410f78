import BailanysCore
import Foundation

/// The gazetteer as integer indices, with the weights that decide where teams form.
struct Places {
    let settlements: [Settlement]
    let regions: [Region]
    let regionOfSettlement: [Int]
    let settlementsInRegion: [[Int]]
    let centreOfRegion: [Int]
    /// Where a team forms: by population, damped so towns and villages are not drowned out.
    let teamSites: WeightedTable
    /// Per region, where its mentors live: cities and towns rather than villages.
    let mentorSites: [WeightedTable]
    /// The most populous settlements first.
    let byPopulation: [Int]

    init(_ gazetteer: Gazetteer) {
        precondition(!gazetteer.settlements.isEmpty, "the sample needs at least one settlement")
        let settlements = gazetteer.settlements
        self.settlements = settlements
        regions = gazetteer.regions
        var regionIndex: [String: Int] = [:]
        for (index, region) in regions.enumerated() { regionIndex[region.key] = index }
        var settlementIndex: [String: Int] = [:]
        for (index, settlement) in settlements.enumerated() { settlementIndex[settlement.key] = index }
        regionOfSettlement = settlements.map { regionIndex[$0.region]! }
        var members = Array(repeating: [Int](), count: regions.count)
        for (index, region) in regionOfSettlement.enumerated() { members[region].append(index) }
        settlementsInRegion = members
        centreOfRegion = regions.map { settlementIndex[$0.centre]! }

        // Square-root damping plus a village boost: the programme sought out rural youth.
        let siteWeights = settlements.map { settlement -> Double in
            let boost: Double = switch settlement.type {
            case .city: 1.0
            case .town: 1.3
            case .village: 2.2
            }
            return (Double(max(settlement.population, 1_000))).squareRoot() * boost
        }
        teamSites = WeightedTable(siteWeights)
        mentorSites = members.map { inRegion in
            WeightedTable(inRegion.map { siteWeights[$0] * (settlements[$0].type.isRural ? 0.3 : 1.5) })
        }
        byPopulation = settlements.indices.sorted {
            (settlements[$0].population, $1) > (settlements[$1].population, $0)
        }
    }

    func isVillage(_ settlement: Int) -> Bool { settlements[settlement].type.isRural }

    func key(_ settlement: Int) -> String { settlements[settlement].key }
}
