import BailanysCore
import BailanysStore
import TerminalKit

/// An initiative's card: round, place, status, the team, mentors and partners.
enum InitiativeCardView {
    static func lines(_ card: InitiativeCard, state: AppState, theme: Theme) -> [CardLine] {
        let strings = state.strings
        let membership = card.membership
        let initiative = membership.initiative
        var lines: [CardLine] = [
            .title(initiative.title, id: initiative.id, theme: theme),
            .field(strings("card.round"), roundText(membership, strings: strings), theme: theme),
            .field(strings("card.place"), strings.place(initiative.settlement, in: state.gazetteer), theme: theme),
            .field(strings("card.theme"), strings.theme(initiative.theme), theme: theme),
            .blank,
            .heading(strings("card.team"), theme: theme),
        ]
        lines += membership.team.map { .link($0.person.name, strings("teamrole.\($0.role.rawValue)"), to: $0.person.id, theme: theme) }
        lines += PersonCardView.section("card.mentors", membership.mentors, strings: strings, theme: theme)
        lines += PersonCardView.section("card.partners", membership.partners, strings: strings, theme: theme)
        return lines
    }

    /// `2023/5 · online · continuing`
    static func roundText(_ membership: Membership, strings: Strings) -> String {
        var parts: [String] = []
        if let round = membership.round {
            parts += ["\(round.year)/\(round.number)", strings("format.\(round.format.rawValue)")]
        }
        parts.append(strings("status.\(membership.initiative.status.rawValue)"))
        return parts.joined(separator: " · ")
    }
}
