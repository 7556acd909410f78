import BailanysCore
import Testing

@Suite struct IndicatorRowsTests {
    @Test func reportRowsHideSensitiveGroupsUnlessAsked() {
        var figures = StudyIndicators(now: Day(iso: "2026-11-25")!, parameters: .init())
        figures.all.ownTeam = Share(count: 3, total: 4)
        figures.byFormat[.online] = OftenShares()
        figures.byFormat[.offline] = { var s = OftenShares(); s.ownTeam = Share(count: 1, total: 2); return s }()
        let member = figures.rows(includeSensitive: false)
        #expect(member.map(\.group) == ["all", "format.offline", "urban", "rural", "activity.charity",
                                       "activity.clean-up", "activity.sport", "partner-contact"])
        #expect(member[0].share(.oftenOwnTeam) == Share(count: 3, total: 4))
        #expect(member[0].values.map(\.measure) == [.oftenOwnTeam, .oftenOtherParticipants])
        #expect(member.dropFirst(2).allSatisfy { $0.values.map(\.measure) == [.share] })
        let coordinator = figures.rows(includeSensitive: true)
        #expect(coordinator.map(\.group).prefix(3) == ["all", "neet", "vulnerable"])
        #expect(coordinator.filter(\.isSensitive).map(\.group) == ["neet", "vulnerable"])
    }
}
