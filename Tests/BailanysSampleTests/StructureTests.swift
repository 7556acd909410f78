import BailanysCore
import BailanysSample
import Testing

@Suite struct StructureTests {
    let data = Fixtures.sample2025
    let today = Fixtures.autumn2025

    @Test func countsFollowTheAlumniParameter() {
        let alumni = data.people.filter { $0.roles.contains(.alumnus) }
        #expect(alumni.count == 8_900)
        let perInitiative = Double(alumni.count) / Double(data.initiatives.count)
        #expect((3.1...3.5).contains(perInitiative), "alumni per initiative \(perInitiative)")
        let mentors = data.people.filter { $0.roles.contains(.mentor) }.count
        #expect((data.initiatives.count / 11...data.initiatives.count / 7).contains(mentors))
        let perAlumnus = Double(data.interactions.count) / Double(alumni.count)
        #expect((20...40).contains(perAlumnus), "interactions per alumnus \(perAlumnus)")
    }

    @Test func idsAreUniqueAndReferencesResolve() {
        let people = Set(data.people.map(\.id)), organizations = Set(data.organizations.map(\.id))
        let rounds = Set(data.rounds.map(\.id))
        #expect(people.count == data.people.count)
        #expect(organizations.count == data.organizations.count)
        #expect(Set(data.initiatives.map(\.id)).count == data.initiatives.count)
        #expect(rounds.count == data.rounds.count)
        for initiative in data.initiatives {
            #expect(rounds.contains(initiative.round))
            #expect(initiative.team.allSatisfy { people.contains($0.person) })
            #expect(!initiative.mentors.isEmpty && initiative.mentors.allSatisfy { people.contains($0) })
            #expect(initiative.partners.allSatisfy { organizations.contains($0) })
        }
        let parties = people.union(organizations)
        #expect(data.interactions.allSatisfy { parties.contains($0.a) && parties.contains($0.b) })
        #expect(data.activities.allSatisfy { people.contains($0.person) })
    }

    @Test func everyTeamHasOneLeaderAndTwoToSixMembers() {
        for initiative in data.initiatives {
            #expect(initiative.team.filter { $0.role == .leader }.count == 1, "\(initiative.id)")
            #expect((2...6).contains(initiative.team.count), "\(initiative.id)")
            #expect(Set(initiative.team.map(\.person)).count == initiative.team.count, "\(initiative.id)")
            #expect(Set(initiative.mentors).isDisjoint(with: initiative.team.map(\.person)), "\(initiative.id)")
        }
    }

    @Test func everyPlaceIsInTheGazetteer() {
        let places = data.people.map(\.settlement) + data.organizations.map(\.settlement) + data.initiatives.map(\.settlement)
        #expect(places.allSatisfy { Fixtures.gazetteer.settlement($0) != nil })
        let regionsWithAlumni = Set(data.people.compactMap { Fixtures.gazetteer.settlement($0.settlement)?.region })
        #expect(regionsWithAlumni.count == Fixtures.gazetteer.regions.count)
    }

    @Test func everyRegionHasItsPartnerBodiesAndCoordinators() {
        for region in Fixtures.gazetteer.regions {
            let inRegion = Set(Fixtures.gazetteer.settlements(in: region.key).map(\.key))
            let kinds = Set(data.organizations.filter { inRegion.contains($0.settlement) }.map(\.kind))
            #expect(kinds.isSuperset(of: [.akimat, .atameken, .youthCentre]), "\(region.key)")
            let coordinators = data.people.filter { $0.roles.contains(.coordinator) && inRegion.contains($0.settlement) }
            #expect((1...2).contains(coordinators.count), "\(region.key)")
        }
        #expect(data.organizations.contains { $0.kind == .foundation })
    }

    @Test func interactionsStayWithinTheHistory() throws {
        let firstStart = try #require(data.rounds.map(\.start).min())
        for interaction in data.interactions {
            #expect(interaction.a != interaction.b)
            #expect(interaction.day <= today && interaction.day >= firstStart)
            #expect(interaction.source == .sample)
        }
        #expect(data.activities.allSatisfy { $0.day <= today })
        let chronological = zip(data.interactions, data.interactions.dropFirst()).allSatisfy { $0.day <= $1.day }
        #expect(chronological)
    }

    @Test func roundsRunTwiceAYearAndTheLastWasOnline() throws {
        #expect(data.rounds.count == 8)
        #expect(Set(data.rounds.map(\.year)) == [2021, 2022, 2023, 2024])
        #expect(data.rounds.map(\.start) == data.rounds.map(\.start).sorted())
        #expect(data.rounds.last?.format == .online)
        #expect(data.rounds.dropLast().allSatisfy { $0.format != .online })
        #expect(data.rounds.contains { $0.format == .hybrid })
    }

    @Test func alumniWereEighteenToTwentyNineAtTheirRound() {
        let roundYear = Dictionary(uniqueKeysWithValues: data.rounds.map { ($0.id, $0.year) })
        for initiative in data.initiatives {
            let year = roundYear[initiative.round]!
            for member in initiative.team {
                let person = data.people[member.person.number - 1]
                // A returning alumnus may be up to three years older at a later round.
                #expect((18...32).contains(year - person.birthYear!), "\(person.id)")
            }
        }
    }

    @Test func sharesOfSensitiveCategoriesConsentAndStatus() {
        let alumni = data.people.filter { $0.roles.contains(.alumnus) }
        func share(_ hit: (Person) -> Bool) -> Double { Double(alumni.filter(hit).count) / Double(alumni.count) }
        #expect(abs(share { $0.sensitive.neet } - 0.35) < 0.03)
        #expect(abs(share { $0.sensitive.vulnerable } - 0.20) < 0.03)
        #expect(abs(share { $0.sensitive.disabilityGroup != nil } - 0.04) < 0.015)
        #expect(abs(share(\.suggestionsOptOut) - 0.05) < 0.02)
        let contacts = alumni.flatMap(\.contacts)
        let shared = Double(contacts.filter(\.shared).count) / Double(contacts.count)
        #expect((0.6...0.8).contains(shared))
        let staff = data.people.filter { !$0.roles.contains(.alumnus) }
        #expect(staff.allSatisfy { $0.sensitive.isEmpty })
        let continuing = Double(data.initiatives.filter { $0.status == .continuing }.count) / Double(data.initiatives.count)
        #expect(abs(continuing - 0.35) < 0.03)
    }

    @Test func villagesAreWellRepresentedWhenTheGazetteerHasThem() {
        guard Fixtures.gazetteer.settlements.contains(where: { $0.type.isRural }) else { return }
        let alumni = data.people.filter { $0.roles.contains(.alumnus) }
        let rural = alumni.filter { Fixtures.gazetteer.settlement($0.settlement)!.type.isRural }.count
        let share = Double(rural) / Double(alumni.count)
        #expect((0.2...0.6).contains(share), "rural share \(share)")
    }
}
