import BailanysCore
import BailanysGraph
import TerminalKit

/// A tab of the Suggestions screen: one kind of suggestion, or those I dismissed (to restore).
enum SuggestionsTab: Equatable, Sendable {
    case kind(SuggestionKind)
    case dismissed
}

/// A dismissed suggestion as the Dismissed tab lists it. Built from the stored key (`kind:me:subject`).
struct DismissedEntry: Equatable, Sendable {
    var key: String
    var kind: SuggestionKind
    var me: EntityID
    var subject: EntityID
    var name: String
    var day: Day
    /// For a snoozed suggestion, the day it comes back.
    var until: Day?

    init?(key: String, day: Day, until: Day? = nil, name: String? = nil) {
        let parts = key.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let kind = SuggestionKind(rawValue: parts[0]), let me = EntityID(parts[1]),
              let subject = EntityID(parts[2]) else { return nil }
        self.key = key
        self.kind = kind
        self.me = me
        self.subject = subject
        self.name = name ?? subject.description
        self.day = day
        self.until = until
    }
}

struct SuggestionsState: Equatable, Sendable {
    var tab = SuggestionsTab.kind(.reconnect)
    /// Nil until loaded, or when no tie graph is available (`isLoaded` tells which).
    var set: SuggestionSet?
    var isLoaded = false
    var selected = 0
    /// My dismissed suggestions, most recent first.
    var dismissed: [DismissedEntry] = []
    /// Set when the screen is shown afresh: the next load lands on a tab with something in it.
    var landsOnAFullTab = false
    /// The last suggestion dismissed here, which `u` brings back.
    var lastDismissed: DismissedEntry?

    /// Suggestions asked for per kind.
    static let limit = 20
    static let tabs: [SuggestionsTab] = [.kind(.reconnect), .kind(.meet), .kind(.partner), .dismissed]

    func list(_ kind: SuggestionKind) -> [Suggestion] {
        switch kind {
        case .reconnect: set?.reconnect ?? []
        case .meet: set?.meet ?? []
        case .partner: set?.partners ?? []
        }
    }

    var current: [Suggestion] {
        guard case .kind(let kind) = tab else { return [] }
        return list(kind)
    }

    var rowCount: Int { tab == .dismissed ? dismissed.count : current.count }
    var selectedSuggestion: Suggestion? { current.indices.contains(selected) ? current[selected] : nil }
    var selectedDismissed: DismissedEntry? { tab == .dismissed && dismissed.indices.contains(selected) ? dismissed[selected] : nil }
}

/// Reconnect / meet / partners: a ranked list with score bars, and the reasons of the selected one
/// with each reason's share of its score.
enum SuggestionsScreen {
    static func reload(_ state: inout AppState) -> [Effect] {
        guard let me = state.me else { return [] }
        return [.loadSuggestions(me.id, today: state.today, actor: state.actor)]
    }

    /// The screen shown afresh (its digit or tab): it lands on a tab with something in it.
    static func open(_ state: inout AppState) -> [Effect] {
        state.suggestions.landsOnAFullTab = true
        return reload(&state)
    }

    static func loaded(_ set: SuggestionSet?, _ state: inout AppState) {
        let lands = state.suggestions.landsOnAFullTab || !state.suggestions.isLoaded
        state.suggestions.landsOnAFullTab = false
        state.suggestions.set = set
        state.suggestions.isLoaded = true
        // The screen opens on the first kind with something in it (a newcomer has no tie to renew), not on an empty tab;
        // a tab emptied while it is shown (its last suggestion dismissed) stays, so that `u` can undo.
        if lands, state.suggestions.rowCount == 0,
           let tab = SuggestionsState.tabs.first(where: { if case .kind(let kind) = $0 { !state.suggestions.list(kind).isEmpty } else { false } }) {
            state.suggestions.tab = tab
        }
        state.suggestions.selected = min(state.suggestions.selected, max(0, state.suggestions.rowCount - 1))
    }

    static func dismissedLoaded(_ entries: [DismissedEntry], _ state: inout AppState) {
        state.suggestions.dismissed = entries
        state.suggestions.selected = min(state.suggestions.selected, max(0, state.suggestions.rowCount - 1))
    }

    static func keyContext(_ state: AppState) -> KeyContext {
        if state.suggestions.rowCount == 0 { return .emptySuggestions }
        return state.suggestions.tab == .dismissed ? .dismissedSuggestions : .suggestions
    }

    static func handle(_ key: KeyEvent, _ state: inout AppState) -> [Effect] {
        guard let action = KeyMap.action(for: key, in: keyContext(state)) else { return [] }
        let count = state.suggestions.rowCount
        let page = max(1, layout(state).list.height - 1)
        if let moved = action.movedIndex(from: state.suggestions.selected, count: count, page: page) {
            state.suggestions.selected = moved
        }
        switch action {
        case .nextTab, .previousTab:
            let tabs = SuggestionsState.tabs
            let step = action == .nextTab ? 1 : tabs.count - 1
            state.suggestions.tab = tabs[(tabs.firstIndex(of: state.suggestions.tab)! + step) % tabs.count]
            state.suggestions.selected = 0
        case .open:
            if let entry = state.suggestions.selectedDismissed { return CardScreen.push(entry.subject, &state) }
            guard let suggestion = state.suggestions.selectedSuggestion else { return [] }
            return CardScreen.push(suggestion.subject, &state)
        case .undo:
            // On the Dismissed tab: the selected one (elsewhere `u` undoes the last log or dismiss, `Update.undoLast`).
            guard let entry = state.suggestions.selectedDismissed else { return [] }
            return [.save(.undismiss(key: entry.key, subject: entry.subject, name: entry.name), state.actor)]
        case .log:
            guard let suggestion = state.suggestions.selectedSuggestion else { return [] }
            PersonCardView.openLogForm(with: suggestion.subject, name: suggestion.name, suggestion: suggestion.key, &state)
        case .dismiss:
            guard let s = state.suggestions.selectedSuggestion else { return [] }
            return [.save(.dismiss(key: s.key, subject: s.subject, name: s.name), state.actor)]
        case .snooze:
            guard let s = state.suggestions.selectedSuggestion else { return [] }
            state.overlay = .form(.snooze(key: s.key, subject: s.subject, name: s.name, today: state.today))
        default: break
        }
        return []
    }

    // MARK: Drawing

    struct Areas {
        var tabs: Rect
        var list: Rect
        var reasons: Rect
    }

    /// Side by side when wide; the reasons under the list when narrow.
    static func layout(_ state: AppState) -> Areas {
        let body = ScreenLayout(size: state.size).body
        let main = body.inset(top: 2)
        if state.size.width >= 100 {
            let columns = main.splitColumns([.fill, .percent(50)])
            return Areas(tabs: Rect(x: 0, y: body.minY, width: body.width, height: 1), list: columns[0], reasons: columns[1])
        }
        let rows = main.splitRows([.fill, .fixed(min(10, main.height / 2))])
        return Areas(tabs: Rect(x: 0, y: body.minY, width: body.width, height: 1), list: rows[0], reasons: rows[1])
    }

    static func render(_ state: AppState, theme: Theme, into buffer: inout Buffer) {
        let strings = state.strings
        let wording = SuggestionWording(language: state.language, gazetteer: state.gazetteer)
        let areas = layout(state)
        let suggestions = state.suggestions
        let titles = SuggestionsState.tabs.map { tab in
            switch tab {
            case .kind(let kind): "\(wording.title(of: kind))" + (suggestions.set == nil ? "" : " (\(suggestions.list(kind).count))")
            case .dismissed: strings("suggest.dismissed") + " (\(suggestions.dismissed.count))"
            }
        }
        buffer.render(Tabs(titles: titles, selectedIndex: SuggestionsState.tabs.firstIndex(of: suggestions.tab)!,
                           style: theme.text, selectedStyle: theme.selection),
                      in: areas.tabs.inset(left: 1))
        if suggestions.tab == .dismissed, state.me != nil {
            renderDismissed(state, wording: wording, theme: theme, in: ScreenLayout(size: state.size).body.inset(top: 2), buffer: &buffer)
            return
        }
        // Messages are wrapped across the screen's body, never cut.
        let body = ScreenLayout(size: state.size).body
        if state.me != nil, !suggestions.isLoaded {
            GraphLoadingView.draw(state, theme: theme, in: Rect(x: 2, y: areas.list.minY, width: body.width - 3,
                                                                height: max(0, body.maxY - areas.list.minY)), into: &buffer)
            return
        }
        let message: String? = if state.me == nil { strings("suggest.noMe") }
            else if suggestions.set == nil { strings("suggest.noGraph") }
            else if suggestions.current.isEmpty { strings("suggest.empty") }
            else { nil }
        if let message {
            for (row, line) in Render.wrap(message, width: body.width - 3).enumerated() where areas.list.minY + row < body.maxY {
                buffer.put(line, x: 2, y: areas.list.minY + row, style: theme.dim, maxWidth: body.width - 3)
            }
            return
        }
        let list = suggestions.current
        let best = list.map(\.score).max() ?? 1
        let lines = list.map { s in
            CardLine(spans: [
                // Reconnect suggestions are fading ties by definition.
                Span(s.kind == .reconnect ? "▼ " : "  ", style: theme.fading),
                Span(PersonCardView.barText(s.score / best) + " ", style: theme.tieBar),
                Span(DisplayWidth.pad(s.name, toColumns: max(8, areas.list.width - 22))),
                Span(" " + String(repeating: " ", count: max(0, 6 - wording.number(s.score).count)) + wording.number(s.score), style: theme.dim),
            ], link: s.subject)
        }
        CardScreen.drawLines(lines, selectedLink: suggestions.selected, scroll: nil, theme: theme,
                             in: areas.list.inset(left: 1, right: 1), buffer: &buffer)
        guard let selected = suggestions.selectedSuggestion else { return }
        let box = Box(title: strings("suggest.why"), style: theme.border, titleStyle: theme.heading)
        buffer.render(box, in: areas.reasons)
        let inner = Box.inner(of: areas.reasons).inset(left: 1, right: 1)
        var reasonLines: [[Span]] = [[Span(selected.name, style: theme.heading), Span("  " + wording.score(selected.score), style: theme.dim)]]
        for scored in selected.reasons {
            // The share and its bar, then the reason wrapped in the room that is left beside them.
            let lead = [Span(DisplayWidth.pad(wording.share(scored.share), toColumns: 5, alignment: .right) + " ", style: theme.statusKey),
                        Span(PersonCardView.barText(scored.share) + " ", style: theme.tieBar)]
            let indent = lead.reduce(0) { $0 + DisplayWidth.of($1.text) }
            let text = Render.wrap(wording.reason(scored.reason), width: inner.width - indent)
            for (index, part) in text.enumerated() {
                reasonLines.append((index == 0 ? lead : [Span(String(repeating: " ", count: indent))]) + [Span(part)])
            }
        }
        // The suggestion's key (`meet:P217:P865`) is internal: the CLI prints it for `undismiss`, the app never shows it.
        buffer.render(ListView(lines: reasonLines, selectedIndex: nil, scrollOffset: 0, style: theme.text, selectedStyle: theme.text),
                      in: inner)
    }

    /// What I dismissed, newest first: the kind, whom it was about and when; `u` restores the selected one.
    private static func renderDismissed(_ state: AppState, wording: SuggestionWording, theme: Theme, in area: Rect,
                                        buffer: inout Buffer) {
        let strings = state.strings
        let entries = state.suggestions.dismissed
        guard !entries.isEmpty else {
            for (row, line) in Render.wrap(strings("suggest.dismissed.none"), width: area.width - 3).enumerated() where row < area.height {
                buffer.put(line, x: 2, y: area.minY + row, style: theme.dim, maxWidth: area.width - 3)
            }
            return
        }
        let kindWidth = SuggestionsState.tabs.compactMap { tab -> Int? in
            guard case .kind(let kind) = tab else { return nil }
            return DisplayWidth.of(wording.title(of: kind))
        }.max() ?? 10
        let lines = entries.map { entry in
            CardLine(spans: [Span(DisplayWidth.pad(wording.title(of: entry.kind), toColumns: kindWidth) + "  ", style: theme.dim),
                             Span(entry.name),
                             Span("  " + (entry.until.map { strings("suggest.snoozedUntil", ["date": strings.date($0)]) }
                                          ?? strings("suggest.dismissedOn", ["date": strings.date(entry.day)])), style: theme.dim)],
                     link: entry.subject)
        }
        CardScreen.drawLines(lines, selectedLink: state.suggestions.selected, scroll: nil, theme: theme,
                             in: area.inset(left: 1, right: 1), buffer: &buffer)
    }
}
