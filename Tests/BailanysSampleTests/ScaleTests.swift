import BailanysCore
import BailanysSample
import Testing

@Suite struct ScaleTests {
    /// The largest directory we promise to handle: counts scale with the alumni parameter.
    @Test func hundredThousandAlumni() {
        let small = Fixtures.sample2025
        let large = Fixtures.generate(alumni: 100_000, today: Fixtures.autumn2025)
        #expect(large.people.filter { $0.roles.contains(.alumnus) }.count == 100_000)
        let ratio = 100_000.0 / 8_900
        for (name, smallCount, largeCount) in [("initiatives", small.initiatives.count, large.initiatives.count),
                                               ("interactions", small.interactions.count, large.interactions.count),
                                               ("activities", small.activities.count, large.activities.count)] {
            let scaled = Double(largeCount) / Double(smallCount)
            #expect(abs(scaled / ratio - 1) < 0.1, "\(name) scaled by \(scaled)")
        }
    }

    @Test func tinyDirectoriesStillHaveValidTeams() {
        for alumni in [0, 2, 3, 17] {
            let data = Fixtures.generate(alumni: alumni, today: Fixtures.autumn2025)
            #expect(data.people.filter { $0.roles.contains(.alumnus) }.count == alumni)
            #expect(data.initiatives.allSatisfy { (2...6).contains($0.team.count) })
        }
    }
}
