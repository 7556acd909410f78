import BailanysCore
import BailanysStore
import TerminalKit

/// A person's card: who they are, how to reach them, what they did and with whom.
enum PersonCardView {
    static func lines(_ card: PersonCard, state: AppState, ties: [EntityID: TieSummary], theme: Theme,
                      isPreview: Bool = false) -> [CardLine] {
        let strings = state.strings
        let person = card.person
        var lines: [CardLine] = [
            .title(person.fullName, id: person.id, theme: theme),
            .field(strings("card.roles"), strings.roles(person.roles), theme: theme),
            .field(strings("card.place"), strings.place(person.settlement, in: state.gazetteer), theme: theme),
        ]
        // What `bailanys show` gives too (review: the app showed neither): gender and birth year only where the store
        // left them (oneself, coordinators), the interests and languages anyone may see, in the reader's words.
        if let gender = person.gender { lines.append(.field(strings("card.gender"), strings("gender.\(gender.rawValue)"), theme: theme)) }
        if let year = person.birthYear { lines.append(.field(strings("card.born"), String(year), theme: theme)) }
        if !person.interests.isEmpty {
            lines.append(.field(strings("card.interests"), person.interests.map(strings.theme).joined(separator: ", "), theme: theme))
        }
        if !person.languages.isEmpty {
            lines.append(.field(strings("card.languages"), person.languages.map(strings.languageName).joined(separator: ", "), theme: theme))
        }
        if let last = state.myLastContacts[person.id] {
            lines.append(.field(strings("card.last"), strings.date(last), theme: theme))
        }
        if let tie = state.myTies[person.id] {
            var line = CardLine.field(strings("card.tie"), "", theme: theme)
            line.spans[1] = Span(barText(tie.strength), style: theme.tieBar)
            if tie.isFading { line.spans.append(Span("  ▼ " + strings("card.fading"), style: theme.fading)) }
            lines.append(line)
        }
        lines.append(.blank)
        lines.append(.heading(strings("card.contacts"), theme: theme))
        // The store already cut the card to what I may see (docs/privacy.md).
        let contacts = person.contacts
        if contacts.isEmpty { lines.append(CardLine(spans: [Span("  " + strings("card.noContacts"), style: theme.dim)])) }
        for contact in contacts {
            let consent = contact.shared ? "" : "  (\(strings("card.private")))"
            lines.append(CardLine(spans: [Span("  \(strings("form.\(contact.kind.rawValue)")): ", style: theme.dim),
                                          Span(contact.value), Span(consent, style: theme.dim)]))
        }
        if !isPreview, state.may(.readSensitive(state.subject(person.id, settlement: person.settlement))) {
            lines += sensitiveSection(person.sensitive, strings: strings, theme: theme)
        }
        if !card.memberships.isEmpty {
            lines += [.blank, .heading(strings("card.initiatives"), theme: theme)]
            for membership in card.memberships {
                let part = membership.role.map { strings("teamrole.\($0.rawValue)") } ?? strings("teamrole.mentor")
                lines.append(.link(membership.initiative.title,
                                   "\(InitiativeCardView.roundText(membership, strings: strings)) · \(part)",
                                   to: membership.initiative.id, theme: theme, keepsDetail: false))
                for member in membership.team where member.person.id != person.id {
                    lines.append(.link("  " + member.person.name, strings("teamrole.\(member.role.rawValue)"),
                                       to: member.person.id, theme: theme))
                }
            }
        }
        lines += section("card.mentors", card.mentors, strings: strings, theme: theme)
        lines += section("card.mentees", card.mentees, strings: strings, theme: theme)
        if !card.people.isEmpty {
            lines += [.blank, .heading(strings("card.ties"), theme: theme)]
            let ordered = card.people.sorted { a, b in
                let (x, y) = (ties[a.party.id]?.strength ?? -1, ties[b.party.id]?.strength ?? -1)
                return x != y ? x > y : a.last > b.last
            }
            for summary in ordered {
                lines.append(contactLine(summary, tie: ties[summary.party.id], strings: strings, theme: theme))
            }
        }
        if !card.organizations.isEmpty {
            lines += [.blank, .heading(strings("card.organizations"), theme: theme)]
            lines += card.organizations.map { contactLine($0, tie: nil, strings: strings, theme: theme) }
        }
        lines += recentSection(card.recent, strings: strings, theme: theme)
        return lines
    }

    /// Coordinator-only categories, set apart so no one mistakes them for public data.
    private static func sensitiveSection(_ sensitive: SensitiveCategories, strings: Strings, theme: Theme) -> [CardLine] {
        var items: [String] = []
        if sensitive.neet { items.append(strings("sensitive.neet")) }
        if sensitive.vulnerable { items.append(strings("sensitive.vulnerable")) }
        if let group = sensitive.disabilityGroup { items.append(strings("sensitive.disability", ["group": String(group)])) }
        if items.isEmpty { items.append(strings("sensitive.none")) }
        return [.blank, .heading("▌ " + strings("card.coordinatorOnly"), theme: theme, style: theme.sensitive)]
            + items.map { CardLine(spans: [Span("▌ ", style: theme.sensitive), Span(" " + $0)]) }
    }

    static func section(_ titleKey: String, _ refs: [EntityRef], strings: Strings, theme: Theme) -> [CardLine] {
        guard !refs.isEmpty else { return [] }
        return [.blank, .heading(strings(titleKey), theme: theme)] + refs.map { .link($0.name, "", to: $0.id, theme: theme) }
    }

    static func contactLine(_ summary: ContactSummary, tie: TieSummary?, strings: Strings, theme: Theme) -> CardLine {
        let figures = ["count": strings.number(summary.interactions), "date": strings.date(summary.last)]
        var line = CardLine.link(summary.party.name, strings("card.contactCount", figures), to: summary.party.id, theme: theme)
        if let tie {
            line.spans.insert(Span(barText(tie.strength) + " ", style: theme.tieBar), at: 1)
            line.yielding = 2
            if tie.isFading { line.spans.append(Span("  ▼ " + strings("card.fading"), style: theme.fading)) }
        }
        // The detail is the span after the name.
        line.shorter = [(line.yielding ?? 1) + 1: "  " + strings("card.contactCount.short", figures)]
        return line
    }

    /// Cells of every tie bar (directory, card, Mentees, Suggestions), so the same tie has the same bar everywhere.
    static let barCells = 6

    /// The directory's tie bar as text, drawn by TerminalKit's `Bar` so both look the same.
    static func barText(_ strength: Double) -> String {
        var scratch = Buffer(width: barCells, height: 1)
        scratch.render(Bar(fraction: strength), in: scratch.bounds)
        return scratch.text(row: 0)
    }

    static func recentSection(_ recent: [InteractionEntry], strings: Strings, theme: Theme) -> [CardLine] {
        guard !recent.isEmpty else { return [] }
        return [.blank, .heading(strings("card.recent"), theme: theme)] + recent.map { entry in
            var line = CardLine.link(entry.other.name, "\(strings.date(entry.day)) · \(strings("channel.\(entry.channel.rawValue)"))",
                                     to: entry.other.id, theme: theme)
            if !entry.note.isEmpty { line.spans.append(Span(" — " + entry.note, style: theme.dim)) }
            return line
        }
    }

    // MARK: Actions

    /// The log form for a contact with `party`, from a card or a suggestion; not with oneself.
    static func openLogForm(with party: EntityID, name: String, suggestion: String? = nil, _ state: inout AppState) {
        guard let me = state.me, me.id != party else {
            state.notice = Notice(text: state.strings("error.logSelf"), isError: true)
            return
        }
        state.overlay = .form(.logInteraction(with: party, name: name, today: state.today, suggestion: suggestion))
    }

    static func handle(_ action: Action, card: CardState, _ state: inout AppState) -> [Effect] {
        guard case .person(let personCard)? = card.content else { return [] }
        let person = personCard.person
        switch action {
        case .log:
            openLogForm(with: person.id, name: person.fullName, &state)
            return []
        case .edit:
            guard mayEdit(person, state) else { return [] }
            state.overlay = .form(.edit(person, strings: state.strings, gazetteer: state.gazetteer))
            return []
        case .editExternally:
            guard mayEdit(person, state) else { return [] }
            return [.openEditor(EditorFile(text: RecordText.encode(person, audience: state.audience, strings: state.strings),
                                           original: person))]
        default:
            return []
        }
    }

    /// The person themself and coordinators reaching them; the key map hides `e`/`E` from anyone else.
    static func mayEdit(_ person: Person, _ state: AppState) -> Bool {
        state.may(.editCard(state.subject(person.id, settlement: person.settlement)))
    }
}
