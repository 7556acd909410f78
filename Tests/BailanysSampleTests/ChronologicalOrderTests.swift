import BailanysCore
@testable import BailanysSample
import Testing

@Suite struct ChronologicalOrderTests {
    /// The key sort gives exactly the order of a stable sort of the contacts themselves: by day, parties, channel name
    /// and note, and the given order among equals (here told apart by their source).
    @Test(arguments: [1, 2, 3])
    func keySortEqualsTheStableSortOfTheContacts(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        let parties = [EntityID(.person, 1), EntityID(.person, 2), EntityID(.person, 10), EntityID(.organization, 1),
                       EntityID(.organization, 3)]
        let items = (0..<2_000).map { _ in
            Interaction(a: rng.pick(parties), b: rng.pick(parties), day: Day(ordinal: 20_000 + rng.int(in: 0...3)),
                        channel: rng.pick(Channel.allCases), note: rng.pick(["", "a", "b"]),
                        source: rng.pick(InteractionSource.allCases))
        }
        let expected = items.enumerated().sorted { l, r in
            let (x, y) = (l.element, r.element)
            if x.day != y.day { return x.day < y.day }
            if x.a != y.a { return x.a < y.a }
            if x.b != y.b { return x.b < y.b }
            if x.channel != y.channel { return x.channel.rawValue < y.channel.rawValue }
            if x.note != y.note { return x.note < y.note }
            return l.offset < r.offset
        }.map(\.element)
        let same = InteractionsBuilder.chronological(items) == expected
        #expect(same)
    }
}
