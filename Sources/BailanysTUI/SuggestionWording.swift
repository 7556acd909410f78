import BailanysCore
import BailanysGraph
import Foundation

/// Words suggestions and their reasons in Kazakh, Russian or English from the `suggestions` string
/// tables. The one wording shared by the TUI and `bailanys suggest`, so both say the same thing.
///
/// Reasons carry only what the graph knows (places, rounds, themes, titles, counts, public names); the
/// graph never holds coordinator-only categories, so no wording can reveal them.
public struct SuggestionWording: Sendable {
    let strings: Strings
    let gazetteer: Gazetteer

    public init(language: Language, gazetteer: Gazetteer) {
        self.strings = Strings(language: language)
        self.gazetteer = gazetteer
    }

    /// The tab and heading title of a kind: `Reconnect`, `Қайта табысу`, `Восстановить` …
    public func title(of kind: SuggestionKind) -> String { strings("suggest.kind.\(kind.rawValue)") }

    /// `42%`: a reason's share of the score; `<1%` for one that is there but rounds to nothing (a place 876 km away beside
    /// a shared round): listed at `0%`, it read as a reason that did not count (review).
    public func share(_ value: Double) -> String {
        value > 0 && value < 0.005 ? "<1%" : "\(Int((value * 100).rounded()))%"
    }

    /// `2.31` (`2,31` in kk and ru); below 1, two significant digits (`0.25`, `0.014`, `0.0084`): a recency-led
    /// reconnect score of a tie long quiet is a few thousandths, and two decimals showed different scores as equal.
    public func score(_ value: Double) -> String { strings("suggest.score", ["score": number(value)]) }

    /// A score alone, as the list's column shows it.
    public func number(_ value: Double) -> String {
        let places = value > 0 && value < 1 ? max(2, 1 - Int(log10(value).rounded(.down))) : 2
        return strings.decimal(value, places: min(places, 6))
    }

    public func keyLabel(_ key: String) -> String { strings("suggest.key", ["key": key]) }

    public func reason(_ reason: SuggestionReason) -> String {
        switch reason {
        case .teamMates(_, let title, let round, let settlement):
            if let round {
                return strings("reason.teamMates", ["title": title, "round": self.round(round), "place": place(settlement)])
            }
            return strings("reason.teamMates.noRound", ["title": title, "place": place(settlement)])
        case .yourMentor(_, let title):
            return title.map { strings("reason.yourMentor", ["title": $0]) } ?? strings("reason.yourMentor.plain")
        case .yourMentee(_, let title):
            return title.map { strings("reason.yourMentee", ["title": $0]) } ?? strings("reason.yourMentee.plain")
        case .sameCohort(let round):
            return strings("reason.sameCohort", ["round": self.round(round), "format": strings("format.\(round.format.rawValue)")])
        case .sharedEvents(let kind, let count):
            return strings("reason.sharedEvents", ["events": strings("events.\(kind.rawValue)"), "count": strings.number(count)])
        case .strengthFell(let fraction):
            return strings("reason.strengthFell", ["percent": share(fraction)])
        case .lastContact(let day, let months, let days):
            guard let day, let months, let days else { return strings("reason.noLoggedContact") }
            // Separate phrases for one month and for days, so no language needs plural agreement with a number.
            let date = strings.date(day)
            switch (months, days) {
            case (2..., _): return strings("reason.lastContact", ["date": date, "months": strings.number(months)])
            case (1, _): return strings("reason.lastContact.oneMonth", ["date": date])
            case (_, 2...): return strings("reason.lastContact.days", ["date": date, "days": strings.number(days)])
            case (_, 1): return strings("reason.lastContact.yesterday", ["date": date])
            default: return strings("reason.lastContact.today", ["date": date])
            }
        case .leadsInitiative(_, let title):
            return strings("reason.leadsInitiative", ["title": title])
        case .initiativeContinues(_, let title):
            return strings("reason.initiativeContinues", ["title": title])
        case .mutualContacts(let count, let named):
            let names = named.map(\.name).joined(separator: ", ") + (count > named.count ? " …" : "")
            return strings("reason.mutualContacts", ["count": strings.number(count), "names": names])
        case .sameSettlement(let settlement):
            return strings("reason.sameSettlement", ["place": place(settlement)])
        case .sameRegion(let region):
            return strings("reason.sameRegion", ["region": regionName(region)])
        case .sharedTheme(let theme):
            return strings("reason.sharedTheme", ["theme": self.theme(theme)])
        case .sameRound(let round):
            return strings("reason.sameRound", ["round": self.round(round)])
        case .crossRoundExperience(_, let title, let theme, let round, let distance):
            return strings("reason.crossRoundExperience", ["round": self.round(round), "title": title,
                                                           "theme": self.theme(theme), "distance": kilometres(distance)])
        case .activeContacts(let count):
            return strings("reason.activeContacts", ["count": strings.number(count)])
        case .activeLately:
            return strings("reason.activeLately", [:])
        case .helpedAlumniSharingTheme(let count, let theme):
            return strings("reason.helpedAlumniSharingTheme", ["theme": self.theme(theme), "count": strings.number(count)])
        case .helpedAlumniInRegion(let count, let region):
            return strings("reason.helpedAlumniInRegion", ["region": regionName(region), "count": strings.number(count)])
        case .helpedAlumniOfRound(let count, let round):
            return strings("reason.helpedAlumniOfRound", ["round": self.round(round), "count": strings.number(count)])
        case .nearby(let settlement, let distance):
            return strings("reason.nearby", ["place": place(settlement), "distance": kilometres(distance)])
        }
    }

    func round(_ round: RoundRef) -> String {
        strings("suggest.round", ["number": String(round.number), "year": String(round.year)])
    }

    func place(_ settlement: String) -> String { strings.place(settlement, in: gazetteer) }

    func regionName(_ key: String) -> String { gazetteer.region(key)?.names.name(for: strings.language.rawValue) ?? key }

    func theme(_ key: String) -> String { strings.theme(key) }

    func kilometres(_ distance: Double) -> String { strings("suggest.km", ["km": strings.number(Int(distance.rounded()))]) }
}
