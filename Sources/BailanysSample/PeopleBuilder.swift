import BailanysCore

/// Turns the cohorts into `Person` values: alumni, then mentors, then coordinators.
struct PeopleBuilder {
    private var factory: PersonFactory

    init(names: NameLists, phones: PhoneBook) {
        factory = PersonFactory(names: names, phones: phones)
    }

    mutating func build(cohorts: Cohorts, places: Places, sensitive: [SensitiveCategories], names: NameLists,
                        _ root: SeededRandom) -> [Person] {
        var people: [Person] = []
        people.reserveCapacity(cohorts.personCount)
        let themeKeys = names.themes.map(\.key)
        var alumniRNG = root.fork(1)
        for alumnus in 0..<cohorts.alumniCount {
            let firstTeam = cohorts.teams[cohorts.teamsOfAlumnus[alumnus][0]]
            let plan = ProgrammeSchedule.rounds[firstTeam.round]
            // Ages 18–29 at the round, most in their early twenties.
            let age = 18 + min(11, Int((alumniRNG.unit() + alumniRNG.unit()) / 2 * 12))
            var interests = [themeKeys[firstTeam.theme]]
            for _ in 0..<alumniRNG.int(in: 0...2) { interests.append(alumniRNG.pick(themeKeys)) }
            people.append(person(index: alumnus, roles: [.alumnus], birthYear: plan.year - age, femaleShare: 0.56,
                                 settlement: places.key(cohorts.alumniSettlement[alumnus]),
                                 interests: interests.uniqued(), sensitive: sensitive[alumnus], &alumniRNG))
        }
        var staffRNG = root.fork(2)
        for mentor in cohorts.mentors {
            if mentor < cohorts.alumniCount {
                people[mentor].roles.insert(.mentor)
                continue
            }
            let interests = [staffRNG.pick(themeKeys), staffRNG.pick(themeKeys)].uniqued()
            people.append(person(index: mentor, roles: [.mentor], birthYear: staffRNG.int(in: 1972...1996),
                                 femaleShare: 0.6, settlement: places.key(cohorts.mentorSettlement[mentor]!),
                                 interests: interests, sensitive: .none, &staffRNG))
        }
        for (coordinator, region) in cohorts.coordinators {
            people.append(person(index: coordinator, roles: [.coordinator], birthYear: staffRNG.int(in: 1980...1995),
                                 femaleShare: 0.6, settlement: places.key(places.centreOfRegion[region]),
                                 interests: [], sensitive: .none, &staffRNG))
        }
        return people
    }

    private mutating func person(index: Int, roles: Set<Role>, birthYear: Int, femaleShare: Double, settlement: String,
                                 interests: [String], sensitive: SensitiveCategories,
                                 _ rng: inout SeededRandom) -> Person {
        precondition(index == peopleMade, "people must be made in id order")
        peopleMade += 1
        let identity = factory.identity(femaleShare: femaleShare, &rng)
        return Person(id: EntityID(.person, index + 1), fullName: identity.fullName, gender: identity.gender,
                      birthYear: birthYear, roles: roles, settlement: settlement,
                      contacts: factory.contacts(for: identity, birthYear: birthYear, &rng),
                      languages: factory.languages(russianNamed: identity.russian, &rng), interests: interests,
                      sensitive: sensitive, suggestionsOptOut: rng.chance(0.05))
    }

    private var peopleMade = 0
}
