import BailanysCore
import BailanysGraph
import TerminalKit

/// One mentor's former mentees as the graph sees them.
struct MenteesView: Equatable, Sendable {
    var mentor: NamedNode
    /// Nil when no tie graph is available.
    var groups: [MenteeGroup]?
    /// For coordinators: every mentor with mentees, to look at another one's.
    var mentors: [NamedNode]
    /// The mentor's ties as the directory and cards draw them: one scale for every tie bar.
    var ties: [EntityID: TieSummary] = [:]
}

struct MenteesState: Equatable, Sendable {
    var view: MenteesView?
    var selected = 0
    /// A coordinator's `/` search for a mentor by name (any spelling); nil when not searching.
    var mentorSearch: TextInput?
    /// The selected match of `mentorSearch`.
    var mentorMatch = 0
    /// The mentor asked for last, while their mentees load: quick ←/→ step on from them, and an answer for a mentor
    /// asked for before is not shown over it.
    var requestedMentor: EntityID?

    /// Mentors whose name matches the search, in the list's order (all of them for an empty search).
    var mentorMatches: [NamedNode] {
        guard let view, let search = mentorSearch else { return [] }
        let query = TextFold.fold(search.text)
        guard !query.isEmpty else { return view.mentors }
        return view.mentors.filter { TextFold.fold($0.name).contains(query) }
    }

    /// Mentees in drawing order, for selection and Enter.
    var entries: [MenteeEntry] { view?.groups?.flatMap(\.mentees) ?? [] }
}

/// Mentor mode: every former mentee grouped by round (newest first), most at risk first within a round,
/// with tie strength, last contact, initiative status and a fading mark. Coordinators may page through mentors.
enum MenteesScreen {
    static func mayOpen(_ state: AppState) -> Bool {
        guard let role = state.me?.role else { return false }
        return role == .mentor || role == .coordinator
    }

    static func reload(_ state: inout AppState, chosen: EntityID? = nil) -> [Effect] {
        guard let me = state.me else { return [] }
        let mentor = chosen ?? state.mentees.requestedMentor ?? state.mentees.view?.mentor.id
        state.mentees.requestedMentor = mentor
        return [.loadMentees(me: me, chosen: mentor, today: state.today)]
    }

    static func loaded(_ view: MenteesView, _ state: inout AppState) {
        if let requested = state.mentees.requestedMentor {
            // An answer for another mentor asked for before is dropped; one that could not be for this mentor (no
            // longer among those with mentees) is shown, as the loader chose it.
            guard requested == view.mentor.id || !view.mentors.contains(where: { $0.id == requested }) else { return }
            state.mentees.requestedMentor = nil
        }
        if state.mentees.view?.mentor != view.mentor { state.mentees.selected = 0 }
        state.mentees.view = view
        state.mentees.selected = min(state.mentees.selected, max(0, state.mentees.entries.count - 1))
    }

    /// ←/→ page through mentors only for those who have mentors to choose from (coordinators).
    static func keyContext(_ state: AppState) -> KeyContext {
        if state.mentees.mentorSearch != nil { return .mentorSearch }
        return state.mentees.view?.mentors.isEmpty == false ? .menteesOfAnyMentor : .mentees
    }

    static func handle(_ key: KeyEvent, _ state: inout AppState) -> [Effect] {
        guard let action = KeyMap.action(for: key, in: keyContext(state)) else { return [] }
        let count = state.mentees.entries.count
        let page = max(1, ScreenLayout(size: state.size).body.height - 3)
        if let moved = action.movedIndex(from: state.mentees.selected, count: count, page: page) { state.mentees.selected = moved }
        switch action {
        case .search:
            guard state.mentees.view?.mentors.isEmpty == false else { return [] }
            state.mentees.mentorSearch = TextInput()
            state.mentees.mentorMatch = 0
            return []
        case .open:
            let entries = state.mentees.entries
            guard entries.indices.contains(state.mentees.selected) else { return [] }
            return CardScreen.push(entries[state.mentees.selected].mentee, &state)
        case .export, .copy:
            guard let view = state.mentees.view, view.groups?.isEmpty == false else { return [] }
            return [action == .export ? .exportMentees(mentor: view.mentor.id) : .copyMentees(mentor: view.mentor.id)]
        case .log:
            let entries = state.mentees.entries
            guard entries.indices.contains(state.mentees.selected) else { return [] }
            PersonCardView.openLogForm(with: entries[state.mentees.selected].mentee, name: entries[state.mentees.selected].name, &state)
        case .nextTab, .previousTab:
            guard let view = state.mentees.view, !view.mentors.isEmpty else { return [] }
            let shown = state.mentees.requestedMentor ?? view.mentor.id
            let index = view.mentors.firstIndex { $0.id == shown } ?? -1
            let step = action == .nextTab ? 1 : view.mentors.count - 1
            return reload(&state, chosen: view.mentors[(index + step + view.mentors.count) % view.mentors.count].id)
        default: break
        }
        return []
    }

    /// After `c`: the terminal never says whether it took the copy, so the notice says it was sent; when nothing was
    /// sent, a message says why in full.
    static func copied(count: Int, _ outcome: ClipboardOutcome, _ state: inout AppState) {
        let strings = state.strings
        switch outcome {
        case .sent:
            state.notice = Notice(text: strings("mentees.copied", ["count": String(count)]), isError: false)
        case .unsupported:
            state.overlay = .message(title: "clipboard.notCopied.title", text: strings("clipboard.unsupported"))
        case .tooLong(let bytes, let limit):
            // Rounded apart, so a list just over the limit never reads as "75 kB, more than 75 kB".
            state.overlay = .message(title: "clipboard.notCopied.title",
                                     text: strings("clipboard.tooLong", ["size": String((bytes + 999) / 1000), "limit": String(limit / 1000)]))
        }
    }

    /// Keys while searching for a mentor, from the key map (`mentorSearch`): typing narrows the list, ↑/↓ choose,
    /// Enter shows that mentor's mentees, Esc goes back to the mentor shown before.
    static func handleMentorSearch(_ key: KeyEvent, _ state: inout AppState) -> [Effect] {
        guard var search = state.mentees.mentorSearch else { return [] }
        let count = state.mentees.mentorMatches.count
        switch KeyMap.action(for: key, in: .mentorSearch) {
        case .back?:
            state.mentees.mentorSearch = nil
        case .open?:
            let matches = state.mentees.mentorMatches
            guard matches.indices.contains(state.mentees.mentorMatch) else { return [] }
            state.mentees.mentorSearch = nil
            return reload(&state, chosen: matches[state.mentees.mentorMatch].id)
        case .up?: state.mentees.mentorMatch = max(0, state.mentees.mentorMatch - 1)
        case .down?: state.mentees.mentorMatch = max(0, min(count - 1, state.mentees.mentorMatch + 1))
        default:
            search.handle(key)
            state.mentees.mentorSearch = search
            state.mentees.mentorMatch = 0
        }
        return []
    }

    /// The search box over the matching mentors.
    private static func renderMentorSearch(_ search: TextInput, _ state: AppState, theme: Theme, in area: Rect,
                                           into buffer: inout Buffer) {
        let strings = state.strings
        buffer.put("/ ", x: area.minX, y: area.minY, style: theme.heading)
        buffer.render(TextField(input: search, placeholder: strings("mentees.searchMentor"), style: theme.focusedField,
                                isFocused: true),
                      in: Rect(x: area.minX + 2, y: area.minY, width: max(1, min(40, area.width - 2)), height: 1))
        let matches = state.mentees.mentorMatches
        if matches.isEmpty {
            buffer.put(strings("mentees.noMentor"), x: area.minX, y: area.minY + 2, style: theme.dim, maxWidth: area.width)
            return
        }
        let rows = max(0, area.height - 2)
        let first = max(0, state.mentees.mentorMatch - rows + 1)
        for (row, mentor) in matches.dropFirst(first).prefix(rows).enumerated() {
            let selected = first + row == state.mentees.mentorMatch
            buffer.put(DisplayWidth.pad(mentor.name, toColumns: area.width), x: area.minX, y: area.minY + 2 + row,
                       style: selected ? theme.selection : theme.text, maxWidth: area.width)
        }
    }

    static func render(_ state: AppState, theme: Theme, into buffer: inout Buffer) {
        let strings = state.strings
        let area = ScreenLayout(size: state.size).body.inset(left: 1, right: 1)
        guard let view = state.mentees.view else {
            let message = Rect(x: 2, y: area.minY, width: area.width - 1, height: area.height)
            if state.me != nil {
                GraphLoadingView.draw(state, theme: theme, in: message, into: &buffer)
            } else {
                let lines = Render.wrap(strings("suggest.noMe"), width: message.width)
                for (row, line) in lines.enumerated() where row < message.height {
                    buffer.put(line, x: message.minX, y: message.minY + row, style: theme.dim, maxWidth: message.width)
                }
            }
            return
        }
        if let search = state.mentees.mentorSearch {
            return renderMentorSearch(search, state, theme: theme, in: area, into: &buffer)
        }
        var header = strings("mentees.of", ["name": view.mentor.name])
        if !view.mentors.isEmpty { header += "  (/ \(strings("key.searchMentor")) · ←/→ \(strings("key.otherMentor")))" }
        buffer.put(header, x: area.minX, y: area.minY, style: theme.heading, maxWidth: area.width)
        guard let groups = view.groups else {
            buffer.put(strings("suggest.noGraph"), x: area.minX, y: area.minY + 2, style: theme.dim, maxWidth: area.width)
            return
        }
        if groups.isEmpty {
            buffer.put(strings("mentees.none"), x: area.minX, y: area.minY + 2, style: theme.dim, maxWidth: area.width)
            return
        }
        let nameWidth = area.width >= 100 ? 28 : 20
        // As wide as in the directory: any date fits, and the column does not move with the dates shown.
        let lastWidth = strings.lastContactColumnWidth
        func cell(_ text: String, _ width: Int) -> String { DisplayWidth.pad(text, toColumns: width) + " " }
        // The column headings stay above the rows as they scroll.
        buffer.put(cell("", 2) + cell(strings("col.tie"), PersonCardView.barCells) + cell(strings("col.mentee"), nameWidth) + cell(strings("col.status"), 13)
                   + cell(strings("col.last"), lastWidth) + strings("col.initiative"),
                   x: area.minX, y: area.minY + 2, style: theme.tableHeader, maxWidth: area.width)
        var lines: [CardLine] = []
        let wording = SuggestionWording(language: state.language, gazetteer: state.gazetteer)
        for group in groups {
            let fading = group.mentees.filter(\.fading).count
            // The round's name is worded for the middle of a sentence ("round 5, 2023"); here it begins a line.
            let title = group.round.map { "\(wording.round($0)) · " + strings("format.\($0.format.rawValue)") }
                .map(\.capitalizedFirst) ?? strings("mentees.roundUnknown")
            lines.append(CardLine(spans: [Span(title, style: theme.heading),
                                          Span(fading > 0 ? "  ▼ " + strings("mentees.fadingCount", ["count": String(fading)]) : "",
                                               style: theme.fading)]))
            for entry in group.mentees {
                lines.append(CardLine(spans: [
                    Span(cell(entry.fading ? "▼" : "", 2), style: theme.fading),
                    Span(PersonCardView.barText(view.ties[entry.mentee]?.strength ?? 0) + " ", style: theme.tieBar),
                    Span(cell(entry.name, nameWidth), style: theme.link),
                    Span(cell(entry.status.map { strings("status.\($0.rawValue)") } ?? "—", 13)),
                    Span(cell(entry.lastContact.map(strings.date) ?? "—", lastWidth), style: theme.dim),
                    Span(entry.initiativeTitle ?? "", style: theme.dim),
                ], link: entry.mentee))
            }
        }
        CardScreen.drawLines(lines, selectedLink: state.mentees.selected, scroll: nil, theme: theme,
                             in: area.inset(top: 3), buffer: &buffer)
    }
}
