import BailanysCore
import TerminalKit

/// A top-bar tab; `Screen.tab` gives each screen's.
struct TabItem: Sendable {
    var titleKey: String
    var keyLabel: String
}

/// Draws the whole screen from state, every frame.
enum Render {
    static func frame(_ state: AppState, theme: Theme = .standard) -> Buffer {
        var buffer = Buffer(size: state.size)
        let layout = ScreenLayout(size: state.size)
        guard !layout.isTooSmall else {
            tooSmall(state, into: &buffer, theme: theme)
            return buffer
        }
        topBar(state, layout: layout, theme: theme, into: &buffer)
        if let meetup = state.meetup {
            MeetupScreen.render(meetup, state: state, theme: theme, into: &buffer)
        } else if let card = state.currentCard {
            CardScreen.render(card, state: state, theme: theme, into: &buffer)
        } else {
            switch state.screen {
            case .directory: DirectoryScreen.render(state, theme: theme, into: &buffer)
            case .map: MapScreen.render(state, theme: theme, into: &buffer)
            case .report: ReportScreen.render(state, theme: theme, into: &buffer)
            case .suggestions: SuggestionsScreen.render(state, theme: theme, into: &buffer)
            case .mentees: MenteesScreen.render(state, theme: theme, into: &buffer)
            }
        }
        statusBar(state, layout: layout, theme: theme, into: &buffer)
        switch state.overlay {
        case .help?: help(state, theme: theme, into: &buffer)
        case .filter(let editor)?: editor.render(state: state, theme: theme, in: layout.body, buffer: &buffer)
        case .form(let form)?:
            form.render(title: form.title(state.strings), strings: state.strings, theme: theme, in: layout.body, buffer: &buffer)
        case .confirmMe(_, let name)?: IdentityChoice.render(name, state: state, theme: theme, into: &buffer)
        case nil: break
        }
        return buffer
    }

    /// `Bailanys │ 1 Directory │ › Айгерім Сапарова          Айгерім · alumnus · KK`
    private static func topBar(_ state: AppState, layout: ScreenLayout, theme: Theme, into buffer: inout Buffer) {
        let strings = state.strings
        let area = layout.topBar
        buffer.fill(area, style: theme.topBar)
        buffer.put(Screens.brand, x: 0, y: 0, style: theme.topBar.adding(.bold))
        var (tabs, tabArea) = Screens.tabBar(state)
        tabs.style = theme.topBar
        tabs.selectedStyle = theme.topBarSelected
        buffer.render(tabs, in: tabArea)
        let x = tabs.titleRanges(in: tabArea).last?.upperBound ?? tabArea.minX
        let who = state.me.map { "\($0.name) · \(strings.role($0.role))" } ?? strings("top.nobody")
        // A member copy says so, for whom and from when: nobody mistakes it for the master.
        let copy = state.fileKind.isMemberCopy
            ? strings("top.memberCopy", ["for": state.fileKind.audience ?? "", "date": state.fileKind.published ?? ""]) + " · " : ""
        let right = "\(copy)\(who) · \(state.language.rawValue.uppercased()) "
        let rightWidth = min(DisplayWidth.of(right), max(0, area.width - x - 2))
        if state.meetup == nil, let card = state.currentCard, let content = card.content {
            let crumb = " › " + (CardScreen.lines(for: content, state: state, ties: [:]).first?.spans.first?.text ?? "")
            buffer.put(crumb, x: x, y: 0, style: theme.topBar, maxWidth: max(0, area.width - x - rightWidth - 1))
        }
        buffer.put(right, x: area.maxX - rightWidth, y: 0, style: theme.topBar, maxWidth: rightWidth)
    }

    private static func statusBar(_ state: AppState, layout: ScreenLayout, theme: Theme, into buffer: inout Buffer) {
        let strings = state.strings
        let hints: [KeyHint]
        switch state.overlay {
        case .help?: hints = [KeyHint("Esc", strings("key.close"))]
        case .filter?, .form?, .confirmMe?: hints = []
        case nil: hints = KeyMap.hints(for: Update.keyContext(state), strings: strings)
        }
        buffer.render(StatusBar(hints: hints, style: theme.statusBar, keyStyle: theme.statusKey), in: layout.statusBar)
        if let notice = state.notice {
            let width = min(DisplayWidth.of(notice.text) + 2, layout.statusBar.width)
            let style = theme.statusBar.overlaid(with: notice.isError ? theme.error : theme.success)
            buffer.put(" \(notice.text) ", x: layout.statusBar.maxX - width, y: layout.statusBar.minY, style: style, maxWidth: width)
        }
    }

    private static func help(_ state: AppState, theme: Theme, into buffer: inout Buffer) {
        let strings = state.strings
        let context = Update.keyContext(state)
        let bindings = KeyMap.bindings(for: context)
        let area = ScreenLayout(size: state.size).body
        let popup = Popup(title: strings("help.title", ["screen": strings(context.titleKey)]), width: min(60, area.width - 2),
                          height: min(bindings.count + 3, area.height), style: theme.text, borderStyle: theme.border)
        buffer.render(popup, in: area)
        let content = popup.contentArea(in: area)
        for (row, binding) in bindings.enumerated() where row < content.height - 1 {
            let y = content.minY + row
            buffer.put(DisplayWidth.pad(binding.keyLabel, toColumns: 10), x: content.minX + 1, y: y, style: theme.statusKey)
            buffer.put(strings(binding.labelKey), x: content.minX + 12, y: y, maxWidth: content.width - 12)
        }
        buffer.put(strings("help.close"), x: content.minX + 1, y: content.maxY - 1, style: theme.dim, maxWidth: content.width - 1)
    }

    /// Below the minimum size: a clear message, wrapped to whatever room there is.
    private static func tooSmall(_ state: AppState, into buffer: inout Buffer, theme: Theme) {
        let message = state.strings("small.message", ["width": String(ScreenLayout.minimum.width),
                                                      "height": String(ScreenLayout.minimum.height)])
        let lines = wrap(message, width: max(1, state.size.width))
        let top = max(0, (state.size.height - lines.count) / 2)
        for (index, line) in lines.enumerated() where top + index < state.size.height {
            buffer.put(DisplayWidth.pad(line, toColumns: state.size.width, alignment: .center), x: 0, y: top + index,
                       style: theme.fading)
        }
    }

    /// Greedy word wrap by display width; words longer than a line are cut by `put`.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if DisplayWidth.of(candidate) <= width || current.isEmpty {
                current = candidate
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
