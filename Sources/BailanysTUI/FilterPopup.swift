import BailanysCore
import BailanysStore
import TerminalKit

/// The filter popup (`f`): one row per filter, ←/→ cycles its value, Enter applies.
struct FilterEditor: Equatable, Sendable {
    enum Row: CaseIterable, Sendable {
        case kind, role, region, settlementType, round, format, status, theme

        var labelKey: String {
            switch self {
            case .kind: "filter.kind"
            case .role: "filter.role"
            case .region: "filter.region"
            case .settlementType: "filter.settlementType"
            case .round: "filter.round"
            case .format: "filter.format"
            case .status: "filter.status"
            case .theme: "filter.theme"
            }
        }
    }

    var draft: DirectoryFilter
    var row = 0
    /// Themes are typed: a theme's name in any language finds its key, and a theme imported as free text is matched
    /// as typed (the store has no list of them).
    var theme: TextInput

    init(draft: DirectoryFilter, strings: Strings) {
        self.draft = draft
        self.theme = TextInput(draft.theme.map(strings.theme) ?? "")
    }

    enum Outcome: Equatable {
        case editing, cancel, apply
    }

    mutating func handle(_ key: KeyEvent, state: AppState) -> Outcome {
        let current = Row.allCases[row]
        switch key {
        case .escape: return .cancel
        case .enter:
            let text = theme.text.trimmingCharacters(in: .whitespaces)
            draft.theme = text.isEmpty ? nil : Strings.themeKey(typed: text)
            return .apply
        case .up, .backTab: moveRow(by: -1)
        case .down, .tab: moveRow(by: 1)
        default:
            // The theme row is text, so letters type there instead of acting as keys.
            if current == .theme {
                theme.handle(key)
                return .editing
            }
            switch key {
            case .character("q"): return .cancel
            case .character("k"): moveRow(by: -1)
            case .character("j"): moveRow(by: 1)
            case .character("x"), .delete, .backspace: setChoice(current, 0, state: state)
            case .character("X"):
                // Every row back to "any", as if no filter had been set (x clears the row shown).
                draft = DirectoryFilter()
                theme = TextInput()
            case .left, .character("h"): cycle(current, by: -1, state: state)
            case .right, .character("l"), .character(" "): cycle(current, by: 1, state: state)
            default: break
            }
        }
        return .editing
    }

    private mutating func moveRow(by step: Int) {
        row = (row + step + Row.allCases.count) % Row.allCases.count
    }

    // MARK: Choices: index 0 is always "any"

    private static func choices(_ row: Row, state: AppState) -> [String] {
        let strings = state.strings
        let any = strings("filter.any")
        switch row {
        case .kind: return ["filter.kind.all", "filter.kind.people", "filter.kind.organizations"].map { strings($0) }
        case .role: return [any] + Role.allCases.map(strings.role)
        case .region: return [any] + state.gazetteer.regions.map { $0.names.name(for: strings.language.rawValue) }
        case .settlementType: return [any] + SettlementType.allCases.map { strings("settlement.\($0.rawValue)") }
        case .round: return [any] + state.rounds.map { "\($0.year)/\($0.number)" }
        case .format: return [any] + TrainingFormat.allCases.map { strings("format.\($0.rawValue)") }
        case .status: return [any] + InitiativeStatus.allCases.map { strings("status.\($0.rawValue)") }
        case .theme: return []
        }
    }

    private func choiceIndex(_ row: Row, state: AppState) -> Int {
        func position<T: Equatable>(_ value: T?, in all: [T]) -> Int { value.flatMap { all.firstIndex(of: $0) }.map { $0 + 1 } ?? 0 }
        switch row {
        case .kind: return draft.includeOrganizations ? (draft.includePeople ? 0 : 2) : 1
        case .role: return position(draft.roles.first, in: Role.allCases)
        case .region: return position(draft.region, in: state.gazetteer.regions.map(\.key))
        case .settlementType: return position(draft.settlementType, in: SettlementType.allCases)
        case .round: return position(draft.round, in: state.rounds.map(\.id))
        case .format: return position(draft.format, in: TrainingFormat.allCases)
        case .status: return position(draft.status, in: InitiativeStatus.allCases)
        case .theme: return 0
        }
    }

    private mutating func cycle(_ row: Row, by step: Int, state: AppState) {
        let count = Self.choices(row, state: state).count
        guard count > 0 else { return }
        setChoice(row, (choiceIndex(row, state: state) + step + count) % count, state: state)
    }

    private mutating func setChoice(_ row: Row, _ index: Int, state: AppState) {
        func pick<T>(_ all: [T]) -> T? { index == 0 ? nil : all[index - 1] }
        switch row {
        case .kind:
            draft.includePeople = index != 2
            draft.includeOrganizations = index != 1
        case .role: draft.roles = pick(Role.allCases).map { [$0] } ?? []
        case .region: draft.region = pick(state.gazetteer.regions.map(\.key))
        case .settlementType: draft.settlementType = pick(SettlementType.allCases)
        case .round: draft.round = pick(state.rounds.map(\.id))
        case .format: draft.format = pick(TrainingFormat.allCases)
        case .status: draft.status = pick(InitiativeStatus.allCases)
        case .theme: theme = TextInput()
        }
    }

    /// Active filters in a few words, for the directory's header line.
    static func summary(_ filter: DirectoryFilter, state: AppState) -> String {
        let editor = FilterEditor(draft: filter, strings: state.strings)
        return Row.allCases.compactMap { row -> String? in
            if row == .theme { return filter.theme.map(state.strings.theme) }
            let index = editor.choiceIndex(row, state: state)
            return index == 0 ? nil : choices(row, state: state)[index]
        }.joined(separator: ", ")
    }

    // MARK: Drawing

    func render(state: AppState, theme style: Theme, in area: Rect, buffer: inout Buffer) {
        let strings = state.strings
        let popup = Popup(title: strings("filter.title"), width: min(76, area.width - 2),
                          height: min(Row.allCases.count + 4, area.height), style: style.text, borderStyle: style.border)
        buffer.render(popup, in: area)
        let content = popup.contentArea(in: area)
        let labelWidth = min(22, content.width / 2)
        for (index, row) in Row.allCases.enumerated() where index < content.height - 2 {
            let y = content.minY + index
            let focused = index == self.row
            buffer.put(DisplayWidth.pad(strings(row.labelKey), toColumns: labelWidth, alignment: .right), x: content.minX, y: y,
                       style: focused ? style.heading : style.text)
            let box = Rect(x: content.minX + labelWidth + 1, y: y, width: content.width - labelWidth - 1, height: 1)
            let fieldStyle = focused ? style.focusedField : style.field
            if row == .theme {
                buffer.render(TextField(input: theme, placeholder: strings("filter.any"), style: fieldStyle, isFocused: focused), in: box)
            } else {
                let value = Self.choices(row, state: state)[choiceIndex(row, state: state)]
                buffer.put("‹ \(value) ›", x: box.minX, y: y, style: fieldStyle, maxWidth: box.width)
            }
        }
        // The theme row is text: there x is a letter, and Ctrl-U clears. Where the line is short, Enter and Esc stay.
        let hints = [KeyHint("↑↓", strings("filter.key.row"))]
            + (Row.allCases[row] == .theme
               ? [KeyHint("Ctrl-U", strings("filter.key.clearTheme"))]
               : [KeyHint("←→", strings("filter.key.value")), KeyHint("x", strings("filter.key.clearRow")),
                  KeyHint("X", strings("filter.key.clearAll"))])
            + [KeyHint("Enter", strings("filter.key.apply"), keeps: true), KeyHint("Esc", strings("form.key.cancel"), keeps: true)]
        buffer.render(StatusBar(hints: hints, style: style.dim, keyStyle: style.statusKey),
                      in: Rect(x: content.minX, y: content.maxY - 1, width: content.width, height: 1))
    }
}
