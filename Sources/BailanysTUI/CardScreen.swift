import BailanysCore
import BailanysStore
import TerminalKit

/// One drawn line of a card; a line with a link can be selected and opened with Enter.
struct CardLine: Equatable {
    var spans: [Span]
    var link: EntityID?
    /// The span that gives way (cut with `…`) when the line is wider than its area, so what follows it stays whole:
    /// a contact's name before the count and date of its contacts.
    var yielding: Int?
    /// Shorter texts of some spans, taken first when the line is too wide: a contact's detail without the word
    /// "last", so that in a narrow pane the name keeps more of itself (kk "Жандос …  68× · соңғысы 25 қаз. 2026").
    var shorter: [Int: String] = [:]

    static let blank = CardLine(spans: [])

    static func heading(_ text: String, theme: Theme, style: Style? = nil) -> CardLine {
        CardLine(spans: [Span(text, style: style ?? theme.heading)])
    }

    /// A card's first line, `name  P12`: a long name gives way so the id stays (it was cut at 80 columns; review).
    static func title(_ name: String, id: EntityID, theme: Theme) -> CardLine {
        CardLine(spans: [Span(name, style: theme.heading), Span("  \(id)", style: theme.dim)], yielding: 0)
    }

    static func field(_ label: String, _ value: String, theme: Theme) -> CardLine {
        CardLine(spans: [Span(label + ": ", style: theme.dim), Span(value)])
    }

    /// `  name  detail`, opening `target`. Too wide, the name gives way where the detail is what matters (a contact's
    /// count and day); the detail where the name is (an initiative's title before its round and status).
    static func link(_ name: String, _ detail: String, to target: EntityID, theme: Theme, keepsDetail: Bool = true) -> CardLine {
        CardLine(spans: [Span("  ▸ "), Span(name, style: theme.link), Span(detail.isEmpty ? "" : "  " + detail, style: theme.dim)],
                 link: target, yielding: keepsDetail ? 1 : 2)
    }
}

extension CardLine {
    /// The spans within `width` columns: when the line is wider, its yielding span is cut (keeping at least four
    /// columns of it) so the spans after it show whole.
    func fitted(to width: Int) -> [Span] {
        guard let yielding, spans.indices.contains(yielding) else { return spans }
        var fitted = spans
        if fitted.reduce(0, { $0 + DisplayWidth.of($1.text) }) > width {
            for (index, text) in shorter where fitted.indices.contains(index) { fitted[index].text = text }
        }
        let excess = fitted.reduce(0) { $0 + DisplayWidth.of($1.text) } - width
        let own = DisplayWidth.of(spans[yielding].text)
        guard excess > 0, own > 4 else { return fitted }
        fitted[yielding].text = DisplayWidth.truncate(spans[yielding].text, toColumns: max(4, own - excess))
        return fitted
    }
}

/// Person, organisation and initiative cards: a scrolling list of lines whose links form a
/// navigation stack (Enter pushes, Esc pops back to the same selection).
enum CardScreen {
    static func id(of content: CardContent) -> EntityID {
        switch content {
        case .person(let card): card.person.id
        case .organization(let card): card.organization.id
        case .initiative(let card): card.membership.initiative.id
        }
    }

    static func push(_ id: EntityID, _ state: inout AppState) -> [Effect] {
        state.stack.append(CardState(id: id))
        return [.loadCard(id, state.actor)]
    }

    /// A person's card offers `e`/`E` only to whom the policy lets edit it: the person and coordinators reaching them.
    static func keyContext(_ card: CardState, _ state: AppState) -> KeyContext {
        if card.id.kind == .organization { return .organizationCard }
        guard card.id.kind == .person else { return .otherCard }
        guard case .person(let personCard)? = card.content, PersonCardView.mayEdit(personCard.person, state) else { return .memberCard }
        return card.id == state.me?.id ? .ownCard : .personCard
    }

    /// `isPreview`: the directory's preview pane, which never shows sensitive categories (opening the card does,
    /// and that read is audited; a preview follows the cursor and would flood the audit log).
    static func lines(for content: CardContent, state: AppState, ties: [EntityID: TieSummary], isPreview: Bool = false) -> [CardLine] {
        let theme = Theme.standard
        switch content {
        case .person(let card): return PersonCardView.lines(card, state: state, ties: ties, theme: theme, isPreview: isPreview)
        case .organization(let card): return OrganizationCardView.lines(card, state: state, theme: theme)
        case .initiative(let card): return InitiativeCardView.lines(card, state: state, theme: theme)
        }
    }

    private static func links(_ card: CardState, state: AppState) -> [EntityID] {
        guard let content = card.content else { return [] }
        return lines(for: content, state: state, ties: card.ties).compactMap(\.link)
    }

    static func handle(_ key: KeyEvent, _ state: inout AppState) -> [Effect] {
        guard let card = state.stack.last, let action = KeyMap.action(for: key, in: keyContext(card, state)) else { return [] }
        let links = links(card, state: state)
        let page = max(1, ScreenLayout(size: state.size).body.height - 2)
        if let moved = action.movedIndex(from: card.selectedLink, count: links.count, page: page) {
            state.stack[state.stack.count - 1].selectedLink = moved
            return []
        }
        switch action {
        case .back:
            state.stack.removeLast()
            return []
        case .open:
            guard links.indices.contains(card.selectedLink) else { return [] }
            return push(links[card.selectedLink], &state)
        case .log, .edit, .editExternally:
            // The key bar offers `l` as soon as the card opens: pressed before the card has loaded, it acts on arrival.
            guard card.content != nil else {
                state.stack[state.stack.count - 1].pendingAction = action
                return []
            }
            return handleOnContent(action, card: card, &state)
        default: return []
        }
    }

    /// `l` logs a contact with the card's person or partner body; `e`/`E` edit a person.
    private static func handleOnContent(_ action: Action, card: CardState, _ state: inout AppState) -> [Effect] {
        if action == .log, case .organization(let organizationCard)? = card.content {
            PersonCardView.openLogForm(with: organizationCard.organization.id, name: organizationCard.organization.name, &state)
            return []
        }
        return PersonCardView.handle(action, card: card, &state)
    }

    /// The card's content arrived; an action pressed while it loaded is carried out now, if the card is still on top.
    static func loaded(_ cardID: EntityID, _ content: CardContent, _ state: inout AppState) -> [Effect] {
        for index in state.stack.indices where state.stack[index].id == cardID {
            state.stack[index].content = content
            keepSelectionInRange(index, &state)
        }
        if let preview = state.directory.preview, id(of: preview) == cardID { state.directory.preview = content }
        guard var top = state.stack.last, top.id == cardID, let pending = top.pendingAction else { return [] }
        top.pendingAction = nil
        state.stack[state.stack.count - 1] = top
        guard state.overlay == nil else { return [] }
        return handleOnContent(pending, card: top, &state)
    }

    static func tiesLoaded(_ cardID: EntityID, _ ties: [EntityID: TieSummary], _ state: inout AppState) {
        for index in state.stack.indices where state.stack[index].id == cardID {
            state.stack[index].ties = ties
            keepSelectionInRange(index, &state)
        }
    }

    private static func keepSelectionInRange(_ index: Int, _ state: inout AppState) {
        let card = state.stack[index]
        guard let content = card.content else { return }
        let count = lines(for: content, state: state, ties: card.ties).filter { $0.link != nil }.count
        state.stack[index].selectedLink = min(card.selectedLink, max(0, count - 1))
    }

    static func render(_ card: CardState, state: AppState, theme: Theme, into buffer: inout Buffer) {
        let area = ScreenLayout(size: state.size).body
        guard let content = card.content else {
            buffer.put(state.strings("card.loading"), x: 2, y: area.minY + 1, style: theme.dim)
            return
        }
        let lines = lines(for: content, state: state, ties: card.ties)
        drawLines(lines, selectedLink: card.selectedLink, scroll: nil, theme: theme, in: area.inset(left: 2, right: 1),
                  buffer: &buffer)
    }

    /// Draws lines with the selected link highlighted and scrolled into view, or from a fixed
    /// `scroll` when nothing is selected (the preview pane).
    static func drawLines(_ lines: [CardLine], selectedLink: Int?, scroll: Int?, theme: Theme, in area: Rect,
                          buffer: inout Buffer) {
        let linkRows = lines.indices.filter { lines[$0].link != nil }
        let selectedRow = selectedLink.flatMap { linkRows.indices.contains($0) ? linkRows[$0] : nil }
        // One column less: a scroll bar may take the last.
        let list = ListView(lines: lines.map { $0.fitted(to: area.width - 1) }, selectedIndex: selectedRow,
                            scrollOffset: min(scroll ?? 0, max(0, lines.count - area.height)),
                            style: theme.text, selectedStyle: theme.selection)
        buffer.render(list, in: area)
    }
}
