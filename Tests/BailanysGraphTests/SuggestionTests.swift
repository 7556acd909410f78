import BailanysCore
import PropertyBased
import Testing
@testable import BailanysGraph

/// Me (P1) was on initiative I1 in round 1 with P2 (leader, still going) and P4 (opted out), mentored by P3;
/// I now run I9 in the online round 3. P6 is a current contact who knows P7, P8 and the opted-out P4.
struct Scenario {
    static let now = day("2026-01-01")

    static func builder() -> GraphBuilder {
        var b = GraphBuilder()
        let i1 = membership(1, round: Rounds.first)
        b.addPerson(1, rounds: [Rounds.first, Rounds.third], initiatives: [i1, membership(9, round: Rounds.third)])
        b.addPerson(2, rounds: [Rounds.first], initiatives: [membership(1, status: .continuing, role: .leader)])
        b.addPerson(3, role: .mentor)
        b.addPerson(4, rounds: [Rounds.first], initiatives: [i1], optOut: true)
        b.addPerson(6, at: .shymkent)
        b.addPerson(7, rounds: [Rounds.second], initiatives: [membership(7, round: Rounds.second)])
        b.addPerson(8, at: .shymkent, initiatives: [membership(8, theme: "sport", round: Rounds.second, at: .shymkent)])
        b.addPerson(10, at: .zhanaozen, initiatives: [membership(10, status: .continuing, round: Rounds.first, at: .zhanaozen)])
        b.addPerson(11, initiatives: [membership(11, status: .continuing, round: Rounds.second)])
        b.addOrganization(1)
        b.addOrganization(2)
        let team = TieContext(initiative: EntityID(.initiative, 1), round: Rounds.first.id)
        for other in [2, 4] { b.link(person(1), person(other), "2021-03-01", .team, context: team) }
        b.link(person(3), person(1), "2021-03-01", .mentorship, context: team)
        b.link(person(1), person(6), "2025-11-01")
        for other in [7, 8, 4] { b.link(person(6), person(other), "2025-11-15") }
        b.link(person(7), org(1), "2025-06-01", .organization)
        b.link(person(1), org(2), "2025-12-01", .organization)
        b.link(person(7), org(2), "2025-06-01", .organization)
        return b
    }

    static func suggestions(feedback: SuggestionFeedback = .none, at now: Day = now) throws -> SuggestionSet {
        try Suggestions.compute(snapshot: builder().snapshot(), me: person(1), now: now, feedback: feedback)
    }
}

extension Suggestion {
    var reasonList: [SuggestionReason] { reasons.map(\.reason) }
}

@Suite struct SuggestionTests {
    func find(_ list: [Suggestion], _ id: EntityID) -> Suggestion? { list.first { $0.subject == id } }

    /// Every reconnect term at weight 1, so every reason that can name the shared history does.
    @Test func reconnectNamesTheSharedHistory() throws {
        var weights = RankingWeights.handSet(.standard)
        weights.reconnect = weights.reconnect.map { _ in 1 }
        let s = try Suggestions.compute(snapshot: Scenario.builder().snapshot(), me: person(1), now: Scenario.now,
                                        weights: weights)
        #expect(Set(s.reconnect.map(\.subject)) == [person(2), person(3)])
        let teamMate = try #require(find(s.reconnect, person(2)))
        #expect(teamMate.key == "reconnect:P1:P2")
        #expect(teamMate.reasonList.contains(.teamMates(initiative: EntityID(.initiative, 1), title: "Initiative 1",
                                                        round: Rounds.first, settlement: "aktau")))
        #expect(teamMate.reasonList.contains(.leadsInitiative(initiative: EntityID(.initiative, 1), title: "Initiative 1")))
        #expect(teamMate.reasonList.contains(.initiativeContinues(initiative: EntityID(.initiative, 1), title: "Initiative 1")))
        // No contact was ever logged: the round's start (2021-03-01) is not shown as a last contact (issue 14 item 6).
        #expect(teamMate.reasonList.contains(.lastContact(day: nil, monthsAgo: nil, daysAgo: nil)))
        #expect(teamMate.reasonList.contains { if case .strengthFell(let f) = $0 { f < 0.35 } else { false } })

        let mentor = try #require(find(s.reconnect, person(3)))
        #expect(mentor.reasonList.first == .yourMentor(initiative: EntityID(.initiative, 1), title: "Initiative 1"))
        #expect(!mentor.reasonList.contains { if case .leadsInitiative = $0 { true } else { false } })
        #expect(!mentor.reasonList.contains { if case .teamMates = $0 { true } else { false } })
    }

    /// The hand-set ranking (a young directory's) puts the tie that faded lately first: on every network evaluated
    /// those renewed more often than the strongest ties long quiet, which lost strength had put first.
    @Test func handSetReconnectPutsTheRecentlyFadedTieFirst() throws {
        var b = Scenario.builder()
        b.addPerson(9)
        for iso in ["2024-12-01", "2024-12-15", "2025-01-01"] { b.link(person(1), person(9), iso) }
        let s = try Suggestions.compute(snapshot: b.snapshot(), me: person(1), now: Scenario.now)
        // The team and mentorship ties of 2021 lost more strength, but their last event is four years older.
        #expect(s.reconnect.map(\.subject) == [person(9), person(2), person(3)])
        let recent = try #require(s.reconnect.first)
        #expect(recent.reasons.first?.reason == .lastContact(day: day("2025-01-01"), monthsAgo: 12, daysAgo: 365))
        #expect(try #require(recent.reasons.first?.share) > 0.9)
    }

    @Test func reconnectWaitsUntilTheTieHasFaded() throws {
        // Early 2025 the team tie is still at 37 % of its peak.
        let s = try Scenario.suggestions(at: day("2025-03-01"))
        #expect(find(s.reconnect, person(2)) == nil)
    }

    @Test func meetReasonsFollowTheirConditions() throws {
        let s = try Scenario.suggestions()
        let p7 = try #require(find(s.meet, person(7)))
        #expect(p7.reasonList.contains(.mutualContacts(count: 1, named: [NamedNode(id: person(6), name: "Person 6")])))
        #expect(p7.reasonList.contains(.sameSettlement(settlement: "aktau")))
        #expect(p7.reasonList.contains(.sharedTheme(theme: "ecology")))
        #expect(!p7.reasonList.contains(.sameRegion(region: "mangystau")))
        #expect(!p7.reasonList.contains { if case .sameRound = $0 { true } else { false } })

        let p8 = try #require(find(s.meet, person(8)))
        // Only the mutual contact, and the activity tie-break's sliver: P8 keeps one tie.
        #expect(p8.reasonList.count == 2 && p8.reasonList.contains(.activeContacts(count: 1)))
        #expect(try #require(p8.reasons.first { $0.reason == .activeContacts(count: 1) }).share < 0.01)
        #expect(p7.score > p8.score)

        // P11 continues an ecology initiative from round 2 in Aktau; P10's is 150 km away, beyond the radius.
        let p11 = try #require(find(s.meet, person(11)))
        #expect(p11.reasonList.contains { if case .crossRoundExperience(_, _, "ecology", Rounds.second, _) = $0 { true } else { false } })
        #expect(find(s.meet, person(10)) == nil)
        // Existing ties are never "meet" suggestions, and I am never suggested to myself.
        #expect(find(s.meet, person(6)) == nil && find(s.meet, person(2)) == nil && find(s.meet, person(1)) == nil)
    }

    @Test func partnersHelpedAlumniLikeMe() throws {
        let s = try Scenario.suggestions()
        let o1 = try #require(find(s.partners, org(1)))
        #expect(o1.key == "partner:P1:O1")
        #expect(o1.reasonList.contains(.helpedAlumniSharingTheme(count: 1, theme: "ecology")))
        #expect(o1.reasonList.contains(.helpedAlumniInRegion(count: 1, region: "mangystau")))
        #expect(o1.reasonList.contains { if case .nearby("aktau", let km) = $0 { km < 1 } else { false } })
        // O2 is already a live tie of mine.
        #expect(find(s.partners, org(2)) == nil)
    }

    @Test func sharesAreFractionsSummingToOne() throws {
        for suggestion in try Scenario.suggestions().all {
            #expect(suggestion.reasons.allSatisfy { $0.share > 0 && $0.share <= 1 })
            #expect(abs(suggestion.reasons.reduce(0) { $0 + $1.share } - 1) < 1e-12)
        }
    }

    @Test func dismissAndSnoozeHide() throws {
        let dismissed = try Scenario.suggestions(feedback: SuggestionFeedback(dismissed: ["reconnect:P1:P2"]))
        #expect(find(dismissed.reconnect, person(2)) == nil && find(dismissed.reconnect, person(3)) != nil)
        let snooze = SuggestionFeedback(snoozedUntil: ["meet:P1:P7": day("2026-02-01")])
        #expect(find(try Scenario.suggestions(feedback: snooze).meet, person(7)) == nil)
        #expect(find(try Scenario.suggestions(feedback: snooze, at: day("2026-02-01")).meet, person(7)) != nil)
    }

    @Test func optedOutPeopleAreNeverSuggestedOrNamed() async {
        await propertyCheck(input: Gen.int(in: 0...1_000_000)) { seed in
            let builder = randomGraph(seed: UInt64(seed))
            let g = try! builder.snapshot()
            let optedOut = Set(builder.nodes.filter(\.suggestionsOptOut).map(\.id))
            for node in builder.nodes where node.isPerson {
                let s = try! Suggestions.compute(snapshot: g, me: node.id, now: day("2026-01-01"))
                for suggestion in s.all {
                    #expect(!optedOut.contains(suggestion.subject))
                    #expect(suggestion.subject != node.id)
                    for case .mutualContacts(_, let named) in suggestion.reasonList {
                        #expect(named.allSatisfy { !optedOut.contains($0.id) })
                    }
                }
            }
        }
    }

    @Test func sameInputSameOutput() throws {
        let builder = randomGraph(seed: 7, people: 40, events: 300)
        var shuffled = builder
        var random = SeededRandom(seed: 1)
        shuffled.nodes.shuffle(using: &random)
        let a = try builder.snapshot(), b = try shuffled.snapshot()
        for node in builder.nodes where node.isPerson {
            let first = try Suggestions.compute(snapshot: a, me: node.id, now: day("2026-01-01"))
            #expect(first == (try Suggestions.compute(snapshot: a, me: node.id, now: day("2026-01-01"))))
            #expect(first == (try Suggestions.compute(snapshot: b, me: node.id, now: day("2026-01-01"))))
            for list in [first.reconnect, first.meet, first.partners] {
                #expect(zip(list, list.dropFirst()).allSatisfy { $0.score > $1.score || ($0.score == $1.score && $0.subject < $1.subject) })
            }
        }
    }

    @Test func unknownOrNonPersonIsAnError() throws {
        let g = try Scenario.builder().snapshot()
        #expect(throws: GraphError.unknownNode(person(99))) { try Suggestions.compute(snapshot: g, me: person(99), now: Scenario.now) }
        #expect(throws: GraphError.notAPerson(org(1))) { try Suggestions.compute(snapshot: g, me: org(1), now: Scenario.now) }
    }
}
