import BailanysCore
import Foundation

/// One initiative while the sample is being built; people are indices into the person list.
struct TeamDraft {
    var round: Int
    var settlement: Int
    /// Alumni indices; the first is the leader.
    var members: [Int]
    var status: InitiativeStatus
    var theme: Int
    var title: String
    var mentors: [Int] = []
    var partners: [Int] = []
}

/// Who was trained when and where, in which team, and who mentored and coordinated them.
/// Alumni come first in the person list (indices `0..<alumni`), then mentors, then coordinators.
struct Cohorts {
    var teams: [TeamDraft] = []
    var alumniSettlement: [Int] = []
    var teamsOfAlumnus: [[Int]] = []
    /// Person index of every mentor; a few are alumni of an early round.
    var mentors: [Int] = []
    var mentorSettlement: [Int: Int] = [:]
    var coordinators: [(person: Int, region: Int)] = []
    var personCount = 0

    var alumniCount: Int { alumniSettlement.count }

    /// Team sizes 2–6 averaging about 3.3 graduates per initiative.
    private static let teamSizes = WeightedTable([0, 0, 0.25, 0.38, 0.22, 0.10, 0.05])

    init(alumni: Int, places: Places, names: NameLists, rng: inout SeededRandom) {
        precondition(alumni == 0 || alumni >= 2, "a team needs at least two alumni")
        formTeams(alumni: alumni, places: places, names: names, &rng)
        personCount = alumni
        assignMentors(places: places, &rng)
        assignCoordinators(places: places)
    }

    private mutating func formTeams(alumni: Int, places: Places, names: NameLists, _ rng: inout SeededRandom) {
        let plans = ProgrammeSchedule.rounds
        let totalWeight = plans.reduce(0) { $0 + $1.weight }
        var earlierAlumniByRegion = Array(repeating: [Int](), count: places.regions.count)
        var cumulativeWeight = 0.0, previousBoundary = 0, carried = 0
        for (round, plan) in plans.enumerated() {
            cumulativeWeight += plan.weight
            let boundary = round == plans.count - 1 ? alumni : Int((Double(alumni) * cumulativeWeight / totalWeight).rounded())
            var remaining = boundary - previousBoundary + carried
            previousBoundary = boundary
            // A round too small for a team passes its one graduate on to the next.
            carried = remaining < 2 ? remaining : 0
            if remaining < 2 { continue }
            let firstNew = alumniSettlement.count
            while remaining > 0 {
                var size = min(Self.teamSizes.draw(&rng), remaining)
                if remaining - size == 1 { size += size < 6 ? 1 : -1 }
                remaining -= size
                let site = places.teamSites.draw(&rng)
                var members: [Int] = []
                for _ in 0..<size {
                    members.append(newAlumnus(near: site, places: places, &rng))
                }
                let region = places.regionOfSettlement[site]
                // A few graduates come back for a second grant, often to lead.
                if round >= 2, size < 6, rng.chance(0.05), !earlierAlumniByRegion[region].isEmpty {
                    let returning = rng.pick(earlierAlumniByRegion[region])
                    if teamsOfAlumnus[returning].count == 1 {
                        if rng.chance(0.4) { members.insert(returning, at: 0) } else { members.append(returning) }
                    }
                }
                addTeam(round: round, site: site, members: members, places: places, names: names, &rng)
            }
            for alumnus in firstNew..<alumniSettlement.count {
                earlierAlumniByRegion[places.regionOfSettlement[alumniSettlement[alumnus]]].append(alumnus)
            }
        }
        if carried == 1, let team = teams.lastIndex(where: { $0.members.count < 6 }) {
            let alumnus = newAlumnus(near: teams[team].settlement, places: places, &rng)
            teams[team].members.append(alumnus)
            teamsOfAlumnus[alumnus].append(team)
        }
    }

    private mutating func newAlumnus(near site: Int, places: Places, _ rng: inout SeededRandom) -> Int {
        // Most members live where the team works; some come from elsewhere in the region.
        let region = places.settlementsInRegion[places.regionOfSettlement[site]]
        alumniSettlement.append(rng.chance(0.9) ? site : rng.pick(region))
        teamsOfAlumnus.append([])
        return alumniSettlement.count - 1
    }

    private mutating func addTeam(round: Int, site: Int, members: [Int], places: Places, names: NameLists,
                                  _ rng: inout SeededRandom) {
        let statusRoll = rng.unit()
        let status: InitiativeStatus = statusRoll < 0.35 ? .continuing : statusRoll < 0.80 ? .completed : .stopped
        let theme = rng.index(below: names.themes.count)
        let place = places.settlements[site].names
        let title = rng.chance(0.65)
            ? rng.pick(names.themes[theme].titlesKk).replacingPlace(with: place.kk)
            : rng.pick(names.themes[theme].titlesRu).replacingPlace(with: place.ru)
        for member in members { teamsOfAlumnus[member].append(teams.count) }
        teams.append(TeamDraft(round: round, settlement: site, members: members, status: status, theme: theme, title: title))
    }

    /// About one mentor per nine teams, based in the region; the online round drew mentors nationwide.
    private mutating func assignMentors(places: Places, _ rng: inout SeededRandom) {
        guard !teams.isEmpty else { return }
        var teamsInRegion = Array(repeating: 0, count: places.regions.count)
        for team in teams { teamsInRegion[places.regionOfSettlement[team.settlement]] += 1 }
        var mentorsInRegion = Array(repeating: [Int](), count: places.regions.count)
        for (region, count) in teamsInRegion.enumerated() where count > 0 {
            for _ in 0..<max(1, Int((Double(count) / 9).rounded())) {
                let mentor = personCount
                personCount += 1
                mentors.append(mentor)
                mentorSettlement[mentor] = places.settlementsInRegion[region][places.mentorSites[region].draw(&rng)]
                mentorsInRegion[region].append(mentor)
            }
        }
        let everyone = mentors
        for index in teams.indices {
            let region = places.regionOfSettlement[teams[index].settlement]
            let online = ProgrammeSchedule.rounds[teams[index].round].format == .online
            let pool = online && rng.chance(0.35) ? everyone : mentorsInRegion[region]
            teams[index].mentors = [rng.pick(pool)]
            if rng.chance(0.1) { teams[index].mentors.append(rng.pick(pool)) }
        }
        // Rarely, a leader from the first year comes back to mentor later teams in their region.
        let earlyLeaders = teams.filter { $0.round <= 1 }.map { $0.members[0] }
        for _ in 0..<(mentors.count / 40) where !earlyLeaders.isEmpty {
            let veteran = rng.pick(earlyLeaders)
            guard !mentors.contains(veteran) else { continue }
            let region = places.regionOfSettlement[alumniSettlement[veteran]]
            let later = teams.indices.filter {
                teams[$0].round >= 3 && places.regionOfSettlement[teams[$0].settlement] == region
                    && !teams[$0].members.contains(veteran)
            }
            guard !later.isEmpty else { continue }
            mentors.append(veteran)
            for _ in 0..<3 { teams[rng.pick(later)].mentors.append(veteran) }
        }
        for index in teams.indices { teams[index].mentors = teams[index].mentors.uniqued() }
    }

    /// One coordinator per region, two where the region has more teams than average.
    private mutating func assignCoordinators(places: Places) {
        var teamsInRegion = Array(repeating: 0, count: places.regions.count)
        for team in teams { teamsInRegion[places.regionOfSettlement[team.settlement]] += 1 }
        let average = Double(teams.count) / Double(max(1, places.regions.count))
        for region in places.regions.indices {
            for _ in 0..<(Double(teamsInRegion[region]) > average ? 2 : 1) {
                coordinators.append((personCount, region))
                personCount += 1
            }
        }
    }
}

extension String {
    func replacingPlace(with name: String) -> String {
        guard let range = range(of: "{place}") else { return self }
        return replacingCharacters(in: range, with: name)
    }
}

extension Array where Element: Hashable {
    /// The elements in their first order, without repeats.
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
