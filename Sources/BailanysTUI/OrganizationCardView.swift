import BailanysCore
import BailanysStore
import TerminalKit

/// An organisation's card: kind, place, the initiatives it supported and the people it deals with.
enum OrganizationCardView {
    static func lines(_ card: OrganizationCard, state: AppState, theme: Theme) -> [CardLine] {
        let strings = state.strings
        let organization = card.organization
        var lines: [CardLine] = [
            .title(organization.name, id: organization.id, theme: theme),
            .field(strings("card.kind"), strings("orgkind.\(organization.kind.rawValue)"), theme: theme),
            .field(strings("card.place"), strings.place(organization.settlement, in: state.gazetteer), theme: theme),
        ]
        for contact in organization.contacts {
            lines.append(.field(strings("form.\(contact.kind.rawValue)"), contact.value, theme: theme))
        }
        if !card.initiatives.isEmpty {
            lines += [.blank, .heading(strings("card.supported"), theme: theme)]
            for membership in card.initiatives {
                lines.append(.link(membership.initiative.title, InitiativeCardView.roundText(membership, strings: strings),
                                   to: membership.initiative.id, theme: theme, keepsDetail: false))
            }
        }
        if !card.people.isEmpty {
            lines += [.blank, .heading(strings("card.ties"), theme: theme)]
            lines += card.people.map { PersonCardView.contactLine($0, tie: nil, strings: strings, theme: theme) }
        }
        return lines + PersonCardView.recentSection(card.recent, strings: strings, theme: theme)
    }
}
