import BailanysCore
import BailanysResources

/// Builds the demo directory every new user starts with and every test and benchmark uses:
/// ZhasProject's alumni network as the PaperLab study described it.
public enum SampleGenerator {
    /// Same parameters, gazetteer and names give an identical directory in identical order.
    /// Time and memory grow linearly with `parameters.alumni` (which must be 0 or at least 2).
    public static func generate(_ parameters: SampleParameters, gazetteer: Gazetteer, names: NameLists) -> DirectoryData {
        let draft = draft(parameters, gazetteer: gazetteer, names: names)
        var data = draft.withoutContacts
        data.interactions = draft.contacts()
        return data
    }

    /// `generate` in two parts: everything but the contacts, and the contacts, still being drawn on a second core
    /// when this returns, so that writing the people need not wait for them (`bailanys sample`).
    public static func draft(_ parameters: SampleParameters, gazetteer: Gazetteer, names: NameLists) -> SampleDraft {
        // Each stage draws from its own fork, so changing one stage never reshuffles another.
        let root = SeededRandom(seed: parameters.seed)
        let places = Places(gazetteer)
        var setupRNG = root.fork(1)
        var phones = PhoneBook(&setupRNG)
        let organizations = OrganizationsBuilder(places: places, names: names, phones: &phones, rng: &setupRNG)
        var cohortRNG = root.fork(2)
        var cohorts = Cohorts(alumni: parameters.alumni, places: places, names: names, rng: &cohortRNG)
        var partnerRNG = root.fork(3)
        assignPartners(&cohorts, organizations: organizations, places: places, &partnerRNG)
        var sensitiveRNG = root.fork(4)
        let sensitive = (0..<cohorts.alumniCount).map { _ in sensitiveCategories(&sensitiveRNG) }

        // The contacts, the largest stage, are drawn on a second core while the people and activities are drawn on
        // this one. Each stage has its own fork, so the result does not depend on which finishes first.
        let contacts = OnSecondCore { [cohorts, organizations, places, sensitive, names, today = parameters.today] in
            var interactions = InteractionsBuilder(cohorts: cohorts, organizations: organizations, places: places,
                                                   sensitive: sensitive, names: names, today: today)
            interactions.build(root.fork(5))
            return interactions.interactions
        }
        var people = PeopleBuilder(names: names, phones: phones)
        let activities = ActivitiesBuilder.build(cohorts: cohorts, places: places, today: parameters.today, root.fork(7))
        return SampleDraft(drawing: contacts, withoutContacts: DirectoryData(
            people: people.build(cohorts: cohorts, places: places, sensitive: sensitive, names: names, root.fork(6)),
            organizations: organizations.organizations,
            rounds: ProgrammeSchedule.rounds.enumerated().map { index, plan in
                Round(id: EntityID(.round, index + 1), year: plan.year, number: plan.number, format: plan.format,
                      start: plan.start)
            },
            initiatives: cohorts.teams.enumerated().map { index, team in
                initiative(index, team, places: places, names: names)
            },
            activities: activities))
    }

    /// The sample over the bundled gazetteer and name lists.
    public static func generateBundled(_ parameters: SampleParameters) throws -> DirectoryData {
        let gazetteer = BailanysResources.gazetteer
        return generate(parameters, gazetteer: gazetteer, names: try NameLists.bundled())
    }

    private static func initiative(_ index: Int, _ team: TeamDraft, places: Places, names: NameLists) -> Initiative {
        Initiative(
            id: EntityID(.initiative, index + 1), title: team.title, theme: names.themes[team.theme].key,
            round: EntityID(.round, team.round + 1), settlement: places.key(team.settlement), status: team.status,
            team: team.members.enumerated().map { position, member in
                TeamMember(person: EntityID(.person, member + 1), role: position == 0 ? .leader : .member)
            },
            mentors: team.mentors.map { EntityID(.person, $0 + 1) },
            partners: team.partners.map { EntityID(.organization, $0 + 1) })
    }

    /// NEET about 35 %, vulnerable about 20 % (the two overlap), disability group 1–3 about 4 %.
    private static func sensitiveCategories(_ rng: inout SeededRandom) -> SensitiveCategories {
        let neet = rng.chance(0.35)
        let vulnerable = rng.chance(0.20)
        var group: Int?
        if rng.chance(0.04) {
            let roll = rng.unit()
            group = roll < 0.15 ? 1 : roll < 0.5 ? 2 : 3
        }
        return SensitiveCategories(neet: neet, vulnerable: vulnerable, disabilityGroup: group)
    }

    /// About three initiatives in ten had partner bodies: local akimats and youth centres most
    /// often, then Atameken and national foundations.
    private static func assignPartners(_ cohorts: inout Cohorts, organizations: OrganizationsBuilder, places: Places,
                                       _ rng: inout SeededRandom) {
        for index in cohorts.teams.indices where rng.chance(0.3) {
            let site = cohorts.teams[index].settlement
            let local = organizations.bodies[places.regionOfSettlement[site]]
            var partners: [Int] = []
            for _ in 0..<(rng.chance(0.25) ? 2 : 1) {
                let roll = rng.unit()
                if roll < 0.35 {
                    partners.append(local.akimat(near: site))
                } else if roll < 0.65 {
                    partners.append(local.youthCentre(near: site))
                } else if roll < 0.8 || organizations.foundations.isEmpty {
                    partners.append(local.atameken)
                } else {
                    partners.append(rng.pick(organizations.foundations))
                }
            }
            cohorts.teams[index].partners = partners.uniqued()
        }
    }
}

/// The sample directory with its contacts still being drawn (`SampleGenerator.draft`).
public struct SampleDraft: Sendable {
    fileprivate let drawing: OnSecondCore<[Interaction]>
    /// People, organisations, rounds, initiatives and activities; no interactions.
    public let withoutContacts: DirectoryData

    /// The contacts, once drawn (waits for them).
    public func contacts() -> [Interaction] { drawing.value }
}
