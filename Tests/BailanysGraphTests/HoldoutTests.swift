import BailanysCore
import Testing
@testable import BailanysGraph

/// The hold-out that lets the programme measure whether suggestions help (docs/algorithms.md).
@Suite struct HoldoutTests {
    @Test func keepsBackAStableShareOfKeys() {
        let keys = (1...10_000).map { "meet:P1:P\($0)" }
        #expect(keys.filter { Holdout.contains($0, share: 0) }.isEmpty)
        let kept = keys.filter { Holdout.contains($0, share: 0.2) }
        #expect((1_800...2_200).contains(kept.count))
        // The same in every process: the choice hashes the key, not a random draw.
        #expect(kept == keys.filter { Holdout.contains($0, share: 0.2) })
        // A larger share keeps back everything a smaller one did.
        #expect(Set(kept).isSubset(of: keys.filter { Holdout.contains($0, share: 0.4) }))
    }

    @Test func aKeptBackSuggestionIsRecordedWithItsRankAndTakesNoPlace() throws {
        let all = try Scenario.suggestions()
        let best = try #require(all.reconnect.first)
        let feedback = SuggestionFeedback(recordedArms: [best.key: true])
        let set = try Suggestions.compute(snapshot: Scenario.builder().snapshot(), me: person(1), now: Scenario.now,
                                          feedback: feedback, limit: 1)
        #expect(set.reconnect.map(\.key) == [all.reconnect[1].key])
        #expect(set.heldOut.map(\.suggestion.key) == [best.key])
        #expect(set.heldOut.first?.rank == 1)
        #expect(set.shown.allSatisfy { $0.suggestion.key != best.key })
    }

    @Test func keptBackMeetSuggestionsLeaveTheLimitToOthers() throws {
        let all = try Scenario.suggestions()
        #expect(all.meet.count >= 2)
        let first = all.meet[0]
        let set = try Suggestions.compute(snapshot: Scenario.builder().snapshot(), me: person(1), now: Scenario.now,
                                          feedback: SuggestionFeedback(recordedArms: [first.key: true]), limit: 1)
        #expect(set.meet.map(\.key) == [all.meet[1].key])
        #expect(set.heldOut.map(\.suggestion.key) == [first.key])
    }

    @Test func aRecordedArmOutlastsAChangeOfShare() throws {
        let all = try Scenario.suggestions()
        let keys = all.all.map(\.key)
        // With half kept back by the hash, a suggestion already recorded as shown stays shown, and the reverse.
        let hashedOut = try #require(keys.first { Holdout.contains($0, share: 0.5) })
        let shownBefore = SuggestionFeedback(holdoutShare: 0.5, recordedArms: [hashedOut: false])
        #expect(!shownBefore.keepsBack(hashedOut))
        let set = try Scenario.suggestions(feedback: shownBefore)
        #expect(set.all.contains { $0.key == hashedOut })
        let heldBefore = SuggestionFeedback(holdoutShare: 0, recordedArms: [keys[0]: true])
        #expect(try Scenario.suggestions(feedback: heldBefore).all.allSatisfy { $0.key != keys[0] })
    }

    @Test func withNoHoldoutNothingChanges() throws {
        let plain = try Scenario.suggestions()
        let zero = try Scenario.suggestions(feedback: SuggestionFeedback(holdoutShare: 0))
        #expect(plain == zero)
        #expect(zero.heldOut.isEmpty)
    }
}
