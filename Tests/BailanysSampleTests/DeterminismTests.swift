import BailanysCore
import BailanysSample
import Testing

@Suite struct DeterminismTests {
    @Test func sameParametersGiveTheSameDirectory() {
        // Compared outside #expect: a failure would otherwise print both directories whole.
        let same = Fixtures.generate(today: Fixtures.autumn2025) == Fixtures.sample2025
        #expect(same)
    }

    @Test func anotherSeedGivesAnotherDirectory() {
        let other = Fixtures.generate(alumni: 500, seed: 7, today: Fixtures.autumn2025)
        let base = Fixtures.generate(alumni: 500, today: Fixtures.autumn2025)
        let different = other != base, differentNames = other.people.map(\.fullName) != base.people.map(\.fullName)
        #expect(different && differentNames)
    }

    /// `today` only decides how far the history runs: a later day extends it and changes nothing before.
    @Test func laterTodayOnlyExtendsTheHistory() {
        let early = Fixtures.sample2025, late = Fixtures.sample2026
        let samePeople = early.people == late.people, sameInitiatives = early.initiatives == late.initiatives
        #expect(samePeople && sameInitiatives && early.rounds == late.rounds)
        let lateUpToEarly = late.interactions.filter { $0.day <= Fixtures.autumn2025 }
        let prefix = lateUpToEarly == early.interactions
        #expect(prefix, "\(lateUpToEarly.count) interactions up to the earlier day vs \(early.interactions.count)")
        #expect(late.interactions.count > early.interactions.count)
    }
}
