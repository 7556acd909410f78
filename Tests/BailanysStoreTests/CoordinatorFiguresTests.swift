import BailanysCore
import BailanysResources
import BailanysSample
import BailanysStore
import Testing

@Suite struct CoordinatorFiguresTests {
    static let gazetteer = try! Gazetteer(json: BailanysResources.data(.gazetteer))

    private func sampleStore() throws -> (DirectoryStore, DirectoryData) { try Fixtures.sampleStore() }

    /// The lean read the indicators use (contacts counted per pair in `tie_pair`) gives exactly what the Core
    /// function computes from every interaction of the full directory, for both audiences, on any day and window.
    @Test func studyIndicatorsMatchTheCoreFunctionOnTheWholeDirectory() throws {
        let (store, _) = try sampleStore()
        for audience in [Audience.member, .coordinator] {
            for now in [Fixtures.today, Day(iso: "2025-03-01")!] {
                for parameters in [IndicatorParameters(), IndicatorParameters(oftenThreshold: 1, windowDays: 30)] {
                    let expected = StudyIndicators.compute(try store.loadDirectory(audience: audience), gazetteer: Self.gazetteer,
                                                           now: now, parameters: parameters)
                    #expect(try store.studyIndicators(audience: audience, now: now, parameters: parameters) == expected)
                }
            }
        }
        let member = try store.studyIndicators(audience: .member, now: Fixtures.today)
        #expect(member.neet.ownTeam.total == 0 && member.vulnerable.ownTeam.total == 0)
        #expect(try store.studyIndicators(audience: .coordinator, now: Fixtures.today).neet.ownTeam.total > 0)
    }

    @Test func alumniByRegionCountsPeopleWithTheAlumnusRole() throws {
        let (store, data) = try sampleStore()
        var expected: [String: Int] = [:]
        for person in data.people where person.roles.contains(.alumnus) {
            expected[Self.gazetteer.settlement(person.settlement)!.region, default: 0] += 1
        }
        #expect(try store.alumniByRegion() == expected)
    }
}
