import BailanysCore
import BailanysGraph
import TerminalKit

struct SuggestionsState: Equatable, Sendable {
    var tab = SuggestionKind.reconnect
    /// Nil until loaded, or when no tie graph is available (`isLoaded` tells which).
    var set: SuggestionSet?
    var isLoaded = false
    var selected = 0

    /// Suggestions asked for per kind.
    static let limit = 20
    static let tabs: [SuggestionKind] = [.reconnect, .meet, .partner]

    func list(_ kind: SuggestionKind) -> [Suggestion] {
        switch kind {
        case .reconnect: set?.reconnect ?? []
        case .meet: set?.meet ?? []
        case .partner: set?.partners ?? []
        }
    }

    var current: [Suggestion] { list(tab) }
    var selectedSuggestion: Suggestion? { current.indices.contains(selected) ? current[selected] : nil }
}

/// Reconnect / meet / partners: a ranked list with score bars, and the reasons of the selected one
/// with each reason's share of its score.
enum SuggestionsScreen {
    static func reload(_ state: inout AppState) -> [Effect] {
        guard let me = state.me else { return [] }
        return [.loadSuggestions(me.id, today: state.today)]
    }

    static func loaded(_ set: SuggestionSet?, _ state: inout AppState) {
        state.suggestions.set = set
        state.suggestions.isLoaded = true
        state.suggestions.selected = min(state.suggestions.selected, max(0, state.suggestions.current.count - 1))
    }

    static func handle(_ key: KeyEvent, _ state: inout AppState) -> [Effect] {
        guard let action = KeyMap.action(for: key, in: .suggestions) else { return [] }
        let count = state.suggestions.current.count
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
            guard let suggestion = state.suggestions.selectedSuggestion else { return [] }
            return CardScreen.push(suggestion.subject, &state)
        case .log:
            guard let suggestion = state.suggestions.selectedSuggestion else { return [] }
            PersonCardView.openLogForm(with: suggestion.subject, name: suggestion.name, &state)
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
        let titles = SuggestionsState.tabs.map { kind in
            "\(wording.title(of: kind))" + (suggestions.set == nil ? "" : " (\(suggestions.list(kind).count))")
        }
        buffer.render(Tabs(titles: titles, selectedIndex: SuggestionsState.tabs.firstIndex(of: suggestions.tab)!,
                           style: theme.text, selectedStyle: theme.selection),
                      in: areas.tabs.inset(left: 1))
        let message: String? = if state.me == nil { strings("suggest.noMe") }
            else if !suggestions.isLoaded { strings("card.loading") }
            else if suggestions.set == nil { strings("suggest.noGraph") }
            else if suggestions.current.isEmpty { strings("suggest.empty") }
            else { nil }
        if let message {
            buffer.put(message, x: 2, y: areas.list.minY, style: theme.dim, maxWidth: areas.list.width - 2)
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
                Span(" " + String(format: "%6.2f", s.score), style: theme.dim),
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
            let text = Render.wrap(wording.reason(scored.reason), width: max(1, inner.width - 12))
            for (index, part) in text.enumerated() {
                reasonLines.append(index == 0
                    ? [Span(DisplayWidth.pad(wording.share(scored.share), toColumns: 5, alignment: .right) + " ", style: theme.statusKey),
                       Span(PersonCardView.barText(scored.share) + " ", style: theme.tieBar), Span(part)]
                    : [Span(String(repeating: " ", count: 13)), Span(part)])
            }
        }
        reasonLines.append([Span(wording.keyLabel(selected.key), style: theme.dim)])
        buffer.render(ListView(lines: reasonLines, selectedIndex: nil, scrollOffset: 0, style: theme.text, selectedStyle: theme.text),
                      in: inner)
    }
}
