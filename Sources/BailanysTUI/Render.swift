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
        case .help(let scroll)?: help(scroll: scroll, state, theme: theme, into: &buffer)
        case .filter(let editor)?: editor.render(state: state, theme: theme, in: layout.body, buffer: &buffer)
        case .form(let form)?:
            form.render(title: form.title(state.strings), strings: state.strings, theme: theme, in: layout.body, buffer: &buffer)
        case .confirm(let confirmation)?: confirm(confirmation, state: state, theme: theme, in: layout.body, into: &buffer)
        case .confirmMe(_, let name)?: IdentityChoice.render(name, state: state, theme: theme, into: &buffer)
        case .message(let title, let text)?:
            message(state.strings(title), text, isError: ["readOnly.title", "error.title"].contains(title), state: state, theme: theme, in: layout.body, into: &buffer)
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
        // A member copy says so, for whom and from when: nobody mistakes it for the master.
        let copy = state.fileKind.isMemberCopy
            ? strings("top.memberCopy", ["for": state.fileKind.audience ?? "", "date": state.fileKind.published ?? ""]) + " · " : ""
        // A read-only file says so before anyone tries to write: its badge leads the right side.
        let badge = state.isReadOnly ? " \(strings("top.readOnly")) " : ""
        // Where the line is short, my name gives way: my role and the language (what `L` changes) stay whole.
        let ending = (state.me.map { " · \(strings.role($0.role))" } ?? "") + " · \(state.language.rawValue.uppercased()) "
        let room = max(0, area.width - x - 2)
        let name = state.me?.name ?? strings("top.nobody")
        // The open card's name says where I am: up to 20 columns of it go before my own name's room.
        let crumb = state.meetup == nil ? state.currentCard?.content.map {
            " › " + (CardScreen.lines(for: $0, state: state, ties: [:]).first?.spans.first?.text ?? "")
        } : nil
        let available = room - DisplayWidth.of(badge + copy + ending)
        // The crumb goes first where the line is short (the card's heading names it too): my role beside the card's
        // name alone read as that person's role (review). It takes up to 20 columns once my name has up to 8, and
        // shows only with 6 or more ("› Айгерім…").
        let crumbRoom = crumb.map { min(DisplayWidth.of($0), 20, available - min(DisplayWidth.of(name), 8) - 1) } ?? 0
        let showsCrumb = crumbRoom >= 6
        let nameRoom = showsCrumb ? available - crumbRoom - 1 : available
        let right = DisplayWidth.of(name) <= nameRoom ? "\(badge)\(copy)\(name)\(ending)"
            : nameRoom >= 4 ? "\(badge)\(copy)\(DisplayWidth.cut(name, toColumns: nameRoom))\(ending)"
            : "\(badge)\(copy)\(ending.dropFirst(state.me == nil ? 0 : 3))"
        let rightWidth = min(DisplayWidth.of(right), room)
        if let crumb, showsCrumb {
            buffer.put(crumb, x: x, y: 0, style: theme.topBar, maxWidth: max(0, area.width - x - rightWidth - 1))
        }
        buffer.put(right, x: area.maxX - rightWidth, y: 0, style: theme.topBar, maxWidth: rightWidth)
        if !badge.isEmpty {
            buffer.put(badge, x: area.maxX - rightWidth, y: 0, style: theme.readOnlyBadge, maxWidth: rightWidth)
        }
    }

    private static func statusBar(_ state: AppState, layout: ScreenLayout, theme: Theme, into buffer: inout Buffer) {
        let strings = state.strings
        let hints: [KeyHint]
        switch state.overlay {
        case .help?: hints = [KeyHint("Esc", strings("key.close"))]
        case .confirm?: hints = KeyMap.hints(for: .confirm, strings: strings)
        case .filter?, .form?, .confirmMe?: hints = []
        case .message?: hints = [KeyHint(strings("key.anyKey"), strings("key.close"))]
        case nil: hints = KeyMap.hints(for: Update.keyContext(state), serverSession: state.isServerSession, strings: strings)
        }
        // A notice gets its own room on the right; the hints keep the rest and drop whole, never mid-word.
        var hintArea = layout.statusBar
        if let notice = state.notice {
            // All the bar but the first hint and those kept (help, quit), which stay readable; the others come back
            // with the next key. An error may take the whole bar, since it must be read.
            let reserved = hints.enumerated().filter { $0.offset == 0 || $0.element.keeps }.reduce(0) { $0 + $1.element.width + 2 }
            let room = notice.isError ? layout.statusBar.width - 2 : layout.statusBar.width - 3 - reserved
            let text = fitWords(notice.text, width: max(1, room))
            let width = DisplayWidth.of(text) + 2
            hintArea = Rect(x: hintArea.minX, y: hintArea.minY, width: max(0, hintArea.width - width - 1), height: 1)
            buffer.fill(layout.statusBar, style: theme.statusBar)
            let style = theme.statusBar.overlaid(with: notice.isError ? theme.error : theme.success)
            buffer.put(" \(text) ", x: layout.statusBar.maxX - width, y: layout.statusBar.minY, style: style, maxWidth: width)
        }
        buffer.render(StatusBar(hints: hints, style: theme.statusBar, keyStyle: theme.statusKey), in: hintArea)
    }

    /// `text` cut at the last whole word that fits `width` columns, with `…`; whole when it fits.
    static func fitWords(_ text: String, width: Int) -> String {
        guard DisplayWidth.of(text) > width else { return text }
        var kept = ""
        for word in text.split(separator: " ") {
            let candidate = kept.isEmpty ? String(word) : kept + " " + word
            guard DisplayWidth.of(candidate) + 1 <= width else { break }
            kept = candidate
        }
        // A first word longer than the room is cut by columns (`truncate` adds the `…`).
        return kept.isEmpty ? DisplayWidth.truncate(text, toColumns: width) : kept + "…"
    }

    /// Every key of the active key map — the same table the status bar and the app read — then the mouse. Keys
    /// that do not fit one column go on in a second (and third) one, so none is ever dropped; a label too long for
    /// its column wraps under itself rather than losing its end. Where even that does not fit (40×12), the help
    /// scrolls, and says so in its footer.
    private static func help(scroll: Int, _ state: AppState, theme: Theme, into buffer: inout Buffer) {
        let view = HelpView(state)
        let layout = view.layout
        let area = ScreenLayout(size: state.size).body
        let first = min(max(0, scroll), view.lastScroll)
        let popup = Popup(title: state.strings("help.title", ["screen": state.strings(view.context.titleKey)]),
                          width: layout.popupWidth, height: min(min(layout.rows, view.fitting) + view.footer.count + 3, area.height),
                          style: theme.text, borderStyle: theme.border)
        buffer.render(popup, in: area)
        let content = popup.contentArea(in: area)
        // Only the rows first ..< first + fitting are drawn: nothing lands on the border or below the popup.
        func put(_ text: String, x: Int, row: Int, style: Style = .plain, maxWidth: Int? = nil) {
            guard row >= first, row < first + view.fitting else { return }
            buffer.put(text, x: x, y: content.minY + row - first, style: style, maxWidth: maxWidth)
        }
        for (index, binding) in view.bindings.enumerated() {
            let place = layout.places[index]
            let x = content.minX + 1 + place.column * layout.columnWidth
            put(DisplayWidth.pad(binding.keyLabel, toColumns: view.keyWidth), x: x, row: place.row, style: theme.statusKey)
            for (offset, line) in layout.lines[index].enumerated() {
                put(line, x: x + view.keyWidth + 2, row: place.row + offset, maxWidth: layout.labelWidth)
            }
        }
        for (index, line) in view.footer.enumerated() {
            buffer.put(line, x: content.minX + 1, y: content.maxY - view.footer.count + index, style: theme.dim, maxWidth: content.width - 1)
        }
    }

    /// What the help shows for the state under it, and how far it scrolls; the key handler reads the same.
    struct HelpView {
        let context: KeyContext
        /// The bindings in help order; keys that do the same thing share a row (`?/F1  Help`).
        let bindings: [KeyBinding]
        let keyWidth: Int
        let layout: HelpLayout
        let footer: [String]
        /// Rows of keys that fit in the popup.
        let fitting: Int
        /// A label column narrower than this reads as letters, not words: the help scrolls instead.
        static let minimumLabelWidth = 14
        /// The footer's lines: the mouse (or how to scroll), then how to close.
        static let footerLines = 2

        init(_ state: AppState) {
            let strings = state.strings
            context = state.helpOver?.helpContext ?? Update.keyContext(state)
            bindings = KeyMap.bindings(for: context, in: state).reduce(into: [KeyBinding]()) { rows, binding in
                if let last = rows.last, last.action == binding.action, last.labelKey == binding.labelKey {
                    rows[rows.count - 1].keyLabel += "/" + binding.keyLabel
                } else {
                    rows.append(binding)
                }
            }
            let area = ScreenLayout(size: state.size).body
            // The popup's border and the blank line above the footer take three rows.
            fitting = max(1, area.height - Self.footerLines - 3)
            keyWidth = min(12, bindings.map { DisplayWidth.of($0.keyLabel) }.max() ?? 0)
            let labels = bindings.map { strings($0.labelKey) }
            // The fewest columns whose wrapped labels fit the height, while a label column stays readable.
            var layout = HelpLayout(labels: labels, columns: 1, keyWidth: keyWidth, areaWidth: area.width)
            while layout.rows > fitting, layout.columns < 3 {
                let wider = HelpLayout(labels: labels, columns: layout.columns + 1, keyWidth: keyWidth, areaWidth: area.width)
                guard wider.labelWidth >= Self.minimumLabelWidth else { break }
                layout = wider
            }
            self.layout = layout
            // The mouse line gives way to the scroll line when the keys do not all fit.
            footer = [strings(layout.rows > fitting ? "help.scroll" : "help.mouse"), strings("help.close")]
        }

        /// The first row shown when the last one is at the bottom.
        var lastScroll: Int { max(0, layout.rows - fitting) }
    }

    /// Where each key of the help goes: its column, its first row, and its label's lines at the column's width.
    struct HelpLayout {
        let columns: Int, popupWidth: Int, columnWidth: Int, labelWidth: Int
        let lines: [[String]]
        let places: [(column: Int, row: Int)]
        /// The rows the tallest column takes.
        let rows: Int

        /// Fills `columns` columns top to bottom, each as evenly as whole keys allow.
        init(labels: [String], columns: Int, keyWidth: Int, areaWidth: Int) {
            self.columns = columns
            popupWidth = min(60 + 38 * (columns - 1), areaWidth - 2)
            // The popup's border and margin take three columns; each column keeps one blank column after its label.
            columnWidth = (popupWidth - 3) / columns
            let width = max(1, columnWidth - keyWidth - 3)
            labelWidth = width
            let wrapped = labels.map { Render.wrap($0, width: width) }
            lines = wrapped
            let total = wrapped.reduce(0) { $0 + $1.count }
            let perColumn = max((total + columns - 1) / columns, wrapped.map(\.count).max() ?? 0)
            var places: [(column: Int, row: Int)] = []
            var column = 0, row = 0, tallest = 0
            for entry in wrapped {
                if row > 0, row + entry.count > perColumn, column + 1 < columns { (column, row) = (column + 1, 0) }
                places.append((column, row))
                row += entry.count
                tallest = max(tallest, row)
            }
            self.places = places
            rows = tallest
        }
    }

    /// A message read whole: wrapped in a popup as tall as it needs, closed by any key.
    private static func message(_ title: String, _ text: String, isError: Bool, state: AppState, theme: Theme, in area: Rect,
                                into buffer: inout Buffer) {
        let width = min(64, area.width - 2)
        let lines = wrap(text, width: max(1, width - 4))
        let popup = Popup(title: title, width: width, height: min(area.height, lines.count + 4),
                          style: theme.text, borderStyle: theme.border)
        buffer.render(popup, in: area)
        let content = popup.contentArea(in: area)
        for (row, line) in lines.enumerated() where row < content.height - 1 {
            buffer.put(line, x: content.minX + 1, y: content.minY + row, style: isError ? theme.error : theme.heading,
                       maxWidth: content.width - 2)
        }
        buffer.put(state.strings("key.anyKeyCloses"), x: content.minX + 1, y: content.maxY - 1, style: theme.dim,
                   maxWidth: content.width - 2)
    }

    /// The question, wrapped, over the answers the key map offers.
    private static func confirm(_ confirmation: Confirmation, state: AppState, theme: Theme, in area: Rect, into buffer: inout Buffer) {
        let strings = state.strings
        let width = min(56, area.width - 2)
        let question = wrap(strings(confirmation.questionKey), width: width - 4)
        let answers = KeyMap.bindings(for: .confirm).map { "\($0.keyLabel) \(strings($0.labelKey))" }.joined(separator: "   ")
        let popup = Popup(title: strings("screen.confirm"), width: width, height: min(question.count + 4, area.height),
                          style: theme.text, borderStyle: theme.border)
        buffer.render(popup, in: area)
        let content = popup.contentArea(in: area)
        for (row, line) in question.enumerated() where row < content.height - 1 {
            buffer.put(line, x: content.minX + 1, y: content.minY + row, style: theme.heading, maxWidth: content.width - 2)
        }
        buffer.put(answers, x: content.minX + 1, y: content.maxY - 1, style: theme.statusKey, maxWidth: content.width - 2)
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

    /// Greedy word wrap by display width. No letter is ever lost: a word longer than a line is broken across
    /// lines (by whole characters, so a wide one is never split). A date (`18 Jan 2022`, `28 сент. 2026`) and a run of
    /// capitalised words (a name, `Ольга Павлова`; a place, `Auezov District`) stay on one line where a line holds them.
    static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        var lines: [String] = []
        var current = ""
        for group in unbrokenGroups(text.split(separator: " ").map(String.init)) {
            let words = DisplayWidth.of(group.joined(separator: " ")) <= width ? [group.joined(separator: " ")] : group
            for word in words {
                let candidate = current.isEmpty ? word : current + " " + word
                if DisplayWidth.of(candidate) <= width {
                    current = candidate
                    continue
                }
                if !current.isEmpty { lines.append(current) }
                current = ""
                for character in word {
                    if !current.isEmpty, DisplayWidth.of(current) + DisplayWidth.of(character) > width {
                        lines.append(current)
                        current = ""
                    }
                    current.append(character)
                }
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// The words in the groups `wrap` keeps together: a day, a month and a year; capitalised words in a row; a phone
    /// number written in groups (`+7 701 234 56 78`).
    private static func unbrokenGroups(_ words: [String]) -> [[String]] {
        func isDay(_ word: String) -> Bool { (1...2).contains(word.count) && word.allSatisfy(\.isASCII) && Int(word) != nil }
        func isYear(_ word: String) -> Bool {
            let digits = word.prefix { $0.isASCII && $0.isNumber }
            return digits.count == 4 && word.dropFirst(4).allSatisfy { $0.isPunctuation }
        }
        func isCapitalised(_ word: String) -> Bool {
            let letters = word.drop { !$0.isLetter }
            return letters.first?.isUppercase == true && word.first.map { $0.isLetter || "«(\"“".contains($0) } == true
        }
        func isDigitGroup(_ word: String) -> Bool {
            let digits = word.drop { $0 == "+" || $0 == "(" }.prefix { $0.isASCII && $0.isNumber }
            return !digits.isEmpty && word.allSatisfy { $0.isASCII && ($0.isNumber || "+()-".contains($0)) || $0.isPunctuation }
        }
        var groups: [[String]] = []
        var index = 0
        while index < words.count {
            if words[index].hasPrefix("+"), isDigitGroup(words[index]) {
                var end = index + 1
                while end < words.count, isDigitGroup(words[end]), !words[end - 1].hasSuffix(",") { end += 1 }
                groups.append(Array(words[index..<end]))
                index = end
                continue
            }
            if index + 2 < words.count, isDay(words[index]), isYear(words[index + 2]) {
                groups.append(Array(words[index...(index + 2)]))
                index += 3
                continue
            }
            var end = index + 1
            // A name runs on while the word before it does not end a clause.
            while isCapitalised(words[index]), end < words.count, isCapitalised(words[end]),
                  words[end - 1].last.map({ !",.;:!?)»".contains($0) }) == true {
                end += 1
            }
            groups.append(Array(words[index..<end]))
            index = end
        }
        return groups
    }
}
