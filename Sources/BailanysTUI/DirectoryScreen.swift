import BailanysCore
import BailanysStore
import Foundation
import TerminalKit

/// The home screen: every person and organisation, searchable, filterable, sortable.
/// Only a window of rows around the viewport is ever loaded, so it stays fast at 100k entries.
enum DirectoryScreen {
    /// Rows loaded per page request while scrolling, centred on the selection.
    static let pageSize = 300

    // MARK: Loading

    /// The filter actually applied: choosing yourself lists people only.
    static func effectiveFilter(_ state: AppState) -> DirectoryFilter {
        state.isChoosingMe ? IdentityChoice.filter(state.directory.filter, state) : state.directory.filter
    }

    /// Starts over after the query, filter or sort changed; the selection goes back to the top.
    static func reload(_ state: inout AppState, keepSelection: Bool = false) -> [Effect] {
        var directory = state.directory
        directory.generation += 1
        directory.isLoaded = false
        directory.selectsLastWhenLoaded = false
        if keepSelection {
            directory.follows = directory.follows ?? directory.selectedEntry?.id
        } else {
            directory.selected = 0
            directory.scrollOffset = 0
            directory.follows = nil
        }
        let filter = effectiveFilter(state)
        let request: DirectoryRequest
        if directory.isSearching {
            directory.searchAsked = DirectoryState.firstSearchRows(tableRows: ScreenLayout(size: state.size).tableRows)
            request = .search(directory.search.text, filter, limit: directory.searchAsked)
        } else if directory.sort == .name {
            // From the top row shown, so a reload that keeps the selection still has it on screen.
            request = .page(filter, offset: directory.scrollOffset,
                            limit: DirectoryState.firstPageRows(tableRows: ScreenLayout(size: state.size).tableRows))
        } else {
            request = .ranked(rankedIDs(state, by: directory.sort), filter)
        }
        state.directory = directory
        return [.loadDirectory(request, generation: directory.generation)]
    }

    private static func pageStart(around index: Int) -> Int { max(0, index - pageSize / 3) }

    /// People I know, best first: by last contact, or by tie strength then last contact.
    static func rankedIDs(_ state: AppState, by sort: DirectorySort) -> [EntityID] {
        let known = Set(state.myLastContacts.keys).union(state.myTies.keys)
        return known.sorted { a, b in
            let byStrength = (state.myTies[a]?.strength ?? -1, state.myTies[b]?.strength ?? -1)
            if sort == .tieStrength, byStrength.0 != byStrength.1 { return byStrength.0 > byStrength.1 }
            let byDay = (state.myLastContacts[a]?.ordinal ?? Int.min, state.myLastContacts[b]?.ordinal ?? Int.min)
            return byDay.0 != byDay.1 ? byDay.0 > byDay.1 : a < b
        }
    }

    static func loaded(_ state: inout AppState, generation: Int, start: Int, entries: [DirectoryEntry], total: Int) -> [Effect] {
        guard generation == state.directory.generation else { return [] }
        // Search results keep the store's order (names beginning with the query first: docs/user-guide.md), whatever
        // the sort; the name order pages through the store already sorted, and the ranked orders come in order.
        state.directory.windowStart = start
        state.directory.window = entries
        state.directory.total = total
        state.directory.isLoaded = true
        if let follows = state.directory.follows {
            state.directory.follows = nil
            if let index = entries.firstIndex(where: { $0.id == follows }) { return select(&state, start + index) }
        }
        if state.directory.selectsLastWhenLoaded, !state.directory.mayHaveMoreResults {
            state.directory.selectsLastWhenLoaded = false
            return select(&state, total - 1)
        }
        state.directory.selected = min(state.directory.selected, max(0, total - 1))
        return selectionChanged(&state)
    }

    // MARK: Moving

    static func select(_ state: inout AppState, _ index: Int) -> [Effect] {
        let layout = ScreenLayout(size: state.size)
        var directory = state.directory
        directory.selected = min(max(0, index), max(0, directory.total - 1))
        directory.scrollOffset = Scrolling.offset(keeping: directory.selected, visible: layout.tableRows,
                                                  previous: directory.scrollOffset, count: directory.total)
        state.directory = directory
        return pageIfNeeded(&state) + selectionChanged(&state)
    }

    /// Asks for the page around the selection when the visible rows are not all loaded; for a search, for the rest of
    /// its results when the view nears the end of those loaded.
    private static func pageIfNeeded(_ state: inout AppState) -> [Effect] {
        let directory = state.directory
        let visible = ScreenLayout(size: state.size).tableRows
        if directory.mayHaveMoreResults, directory.scrollOffset + 2 * visible >= directory.total {
            state.directory.generation += 1
            state.directory.searchAsked = DirectoryState.searchLimit
            return [.loadDirectory(.search(directory.search.text, effectiveFilter(state), limit: DirectoryState.searchLimit),
                                   generation: state.directory.generation)]
        }
        guard !directory.isSearching, directory.sort == .name else { return [] }
        let needed = directory.scrollOffset..<min(directory.total, directory.scrollOffset + visible)
        let loaded = directory.windowStart..<(directory.windowStart + directory.window.count)
        guard !needed.isEmpty, needed.lowerBound < loaded.lowerBound || needed.upperBound > loaded.upperBound else { return [] }
        state.directory.generation += 1
        return [.loadDirectory(.page(effectiveFilter(state), offset: pageStart(around: directory.selected), limit: pageSize),
                               generation: state.directory.generation)]
    }

    /// Keeps the preview pane on the selected entry.
    private static func selectionChanged(_ state: inout AppState) -> [Effect] {
        state.directory.previewScroll = 0
        guard ScreenLayout(size: state.size).hasPreview, let entry = state.directory.selectedEntry else {
            state.directory.preview = nil
            return []
        }
        if let preview = state.directory.preview, CardScreen.id(of: preview) == entry.id { return [] }
        return [.loadPreview(entry.id, state.actor)]
    }

    // MARK: Input

    static func handle(_ key: KeyEvent, _ state: inout AppState) -> [Effect] {
        if state.directory.isEditingSearch { return handleSearchKey(key, &state) }
        guard let action = KeyMap.action(for: key, in: Update.keyContext(state)) else { return [] }
        if state.directory.isPreviewFocused, [.up, .down].contains(action) {
            state.directory.previewScroll = max(0, state.directory.previewScroll + (action == .down ? 1 : -1))
            return []
        }
        let page = ScreenLayout(size: state.size).tableRows
        if let moved = action.movedIndex(from: state.directory.selected, count: state.directory.total, page: page) {
            // The last row of a search is the last of all its results, not of the two screens read first.
            state.directory.selectsLastWhenLoaded = action == .bottom && state.directory.mayHaveMoreResults
            return select(&state, moved)
        }
        switch action {
        case .search:
            state.directory.isEditingSearch = true
            state.directory.isPreviewFocused = false
            return []
        case .filter:
            state.overlay = .filter(FilterEditor(draft: state.directory.filter, strings: state.strings))
            return []
        case .sort:
            state.directory.sort = state.directory.sort.next
            return reload(&state)
        case .pane:
            state.directory.isPreviewFocused = ScreenLayout(size: state.size).hasPreview && !state.directory.isPreviewFocused
            return []
        case .back:
            if state.isChangingMe && !state.directory.isSearching { return IdentityChoice.cancelChanging(&state) }
            guard state.directory.isSearching else { return [] }
            state.directory.search = TextInput()
            return reload(&state)
        case .open: return open(&state)
        case .changeMe:
            return IdentityChoice.startChanging(&state)
        case .add:
            state.overlay = .form(.addPerson())
            return []
        case .addOrganization:
            state.overlay = .form(.addOrganization())
            return []
        case .log:
            // Contacts are logged with people and partner bodies; choosing who I am logs nothing.
            guard !state.isChoosingMe, let entry = state.directory.selectedEntry else { return [] }
            PersonCardView.openLogForm(with: entry.id, name: entry.name, &state)
            return []
        default: return []
        }
    }

    /// The search box's keys come from the key map (`searchBox`); any other key is typed.
    private static func handleSearchKey(_ key: KeyEvent, _ state: inout AppState) -> [Effect] {
        switch KeyMap.action(for: key, in: .searchBox) {
        case .open?:
            state.directory.isEditingSearch = false
            return []
        case .back?:
            state.directory.isEditingSearch = false
            state.directory.search = TextInput()
            return reload(&state)
        case .up?: return select(&state, state.directory.selected - 1)
        case .down?: return select(&state, state.directory.selected + 1)
        default:
            let before = state.directory.search.text
            state.directory.search.handle(key)
            return state.directory.search.text == before ? [] : reload(&state)
        }
    }

    /// Enter: open the entry's card, or when choosing who I am, become that person.
    static func open(_ state: inout AppState) -> [Effect] {
        guard let entry = state.directory.selectedEntry else { return [] }
        if state.isChoosingMe { return IdentityChoice.ask(entry, &state) }
        return CardScreen.push(entry.id, &state)
    }

    static func handleMouse(_ mouse: MouseEvent, _ state: inout AppState) -> [Effect] {
        let layout = ScreenLayout(size: state.size)
        switch mouse.kind {
        case .wheelUp: return select(&state, state.directory.selected - 3)
        case .wheelDown: return select(&state, state.directory.selected + 3)
        case .press(.left):
            guard layout.table.contains(mouse.position), mouse.y >= layout.firstTableRowY else { return [] }
            let index = state.directory.scrollOffset + mouse.y - layout.firstTableRowY
            guard index < state.directory.total else { return [] }
            state.directory.isPreviewFocused = false
            // A click on the selected row opens it, as a double click would.
            return index == state.directory.selected ? open(&state) : select(&state, index)
        default: return []
        }
    }

    // MARK: Drawing

    static func render(_ state: AppState, theme: Theme, into buffer: inout Buffer) {
        let layout = ScreenLayout(size: state.size)
        let strings = state.strings
        renderHeader(state, layout: layout, theme: theme, into: &buffer)
        renderTable(state, layout: layout, theme: theme, into: &buffer)
        if let area = layout.preview {
            let box = Box(title: strings("preview.title"), style: state.directory.isPreviewFocused ? theme.heading : theme.border)
            buffer.render(box, in: area)
            if let preview = state.directory.preview {
                let lines = CardScreen.lines(for: preview, state: state, ties: [:], isPreview: true)
                CardScreen.drawLines(lines, selectedLink: nil, scroll: state.directory.previewScroll, theme: theme,
                                     in: Box.inner(of: area).inset(left: 1), buffer: &buffer)
            }
        }
    }

    private static func renderHeader(_ state: AppState, layout: ScreenLayout, theme: Theme, into buffer: inout Buffer) {
        let strings = state.strings
        let directory = state.directory
        let area = layout.directoryHeader
        let count: String
        if !directory.isLoaded {
            count = "…"
        } else if directory.isSearching {
            let key = directory.mayHaveMoreResults ? "dir.foundMore"
                : directory.total >= DirectoryState.searchLimit ? "dir.searchLimited" : "dir.found"
            count = strings(key, ["count": strings.number(directory.total)])
        } else if directory.sort != .name {
            count = strings("dir.known", ["count": strings.number(directory.total)])
        } else {
            count = strings("dir.count", ["count": strings.number(directory.total)])
        }
        // While searching the search box takes the left, so an active filter is named here: the results are
        // the filter's, and it stays visible.
        let summary = FilterEditor.summary(directory.filter, state: state)
        let searchingFiltered = (directory.isEditingSearch || directory.isSearching) && !summary.isEmpty
        // Search results come by relevance whatever the sort (which returns when the search is cleared), so no sort is named.
        // Choosing who I am, the question is what must be read whole: the order is not named beside it.
        let asksWhoIAm = state.isChoosingMe && !directory.isEditingSearch && !directory.isSearching
        let right = searchingFiltered ? "\(count) · \(strings("filter.active", ["list": summary]))"
            : directory.isSearching || asksWhoIAm ? count
            : "\(count) · \(strings("dir.sort", ["sort": strings(directory.sort.labelKey)]))"
        // Beside the keys' hint (which the status bar also shows) the count and order may take all they need: the
        // hint gives way, a key at a time (ru's "сортировка: последний контакт" was cut at 80 columns).
        let besideHint = !asksWhoIAm && !directory.isEditingSearch && !directory.isSearching && summary.isEmpty
        let rightWidth = min(DisplayWidth.of(right), besideHint ? area.width - 3
                             : searchingFiltered ? area.width * 2 / 3 : area.width / 2)
        buffer.put(right, x: area.maxX - rightWidth - 1, y: area.minY, style: theme.dim, maxWidth: rightWidth)
        let leftWidth = max(0, area.width - rightWidth - 3)
        if asksWhoIAm {
            buffer.put(strings("whoami.title"), x: 1, y: area.minY, style: theme.heading, maxWidth: leftWidth)
        } else if directory.isEditingSearch || directory.isSearching {
            let prompt = "/ "
            buffer.put(prompt, x: 1, y: area.minY, style: theme.heading)
            let field = TextField(input: directory.search, placeholder: strings("dir.search.placeholder"),
                                  style: directory.isEditingSearch ? theme.focusedField : theme.field,
                                  isFocused: directory.isEditingSearch)
            buffer.render(field, in: Rect(x: 3, y: area.minY, width: max(0, leftWidth - 2), height: 1))
        } else if besideHint {
            // The browsing keys as the key map names them (`/ Search  f Filter  s Sort`), so the header never
            // says what the keys do not do.
            var keys = KeyMap.bindings(for: Update.keyContext(state), in: state)
                .filter { [.search, .filter, .sort].contains($0.action) }
                .map { "\($0.keyLabel) \(strings($0.labelKey))" }
            while keys.count > 1, DisplayWidth.of(keys.joined(separator: "  ")) > leftWidth { keys.removeLast() }
            buffer.put(keys.joined(separator: "  "), x: 1, y: area.minY, style: theme.dim, maxWidth: leftWidth)
        } else {
            buffer.put(strings("filter.active", ["list": summary]), x: 1, y: area.minY, style: theme.text, maxWidth: leftWidth)
        }
    }

    private static func columns(_ strings: Strings, width: Int) -> [TableColumn] {
        let narrow = width < 100
        return [
            TableColumn(strings("col.name"), width: .flexible(min: 14, weight: 3)),
            TableColumn(strings("col.role"), width: .fixed(narrow ? 9 : 12)),
            TableColumn(strings("col.place"), width: .flexible(min: 10, weight: 2)),
            TableColumn(strings("col.round"), width: .fixed(7)),
            TableColumn(strings("col.last"), width: .fixed(strings.lastContactColumnWidth)),
            // The bar as wide as on the card, then the fading mark.
            TableColumn(strings("col.tie"), width: .fixed(PersonCardView.barCells + 1)),
        ]
    }

    private static func renderTable(_ state: AppState, layout: ScreenLayout, theme: Theme, into buffer: inout Buffer) {
        let strings = state.strings
        let directory = state.directory
        let area = layout.table
        let visible = layout.tableRows
        let first = directory.scrollOffset
        let shown = first..<min(directory.total, first + visible)
        let rows = shown.map { index -> TableRow in
            guard let entry = directory.entry(at: index) else { return TableRow(["…"], style: theme.dim) }
            return TableRow(cells(entry, state: state))
        }
        let selectedStyle = directory.isPreviewFocused ? theme.inactiveSelection : theme.selection
        let table = Table(columns: columns(strings, width: area.width), rows: rows,
                          selectedRow: directory.selected - first, scrollOffset: 0, style: theme.text,
                          headerStyle: theme.tableHeader, selectedStyle: selectedStyle)
        buffer.render(table, in: area)
        if directory.isLoaded, directory.total == 0 {
            // Say what is empty and what helps: adding the first person, clearing the search, or the filters.
            let key = directory.isEmptyDirectory ? (IdentityChoice.mayAdd(state) && !state.isReadOnly ? "dir.emptyDirectory.add" : "dir.emptyDirectory")
                : directory.isSearching ? "dir.empty" : directory.sort != .name ? "dir.emptyKnown" : "dir.emptyFilter"
            for (row, line) in Render.wrap(strings(key), width: max(1, area.width - 2)).enumerated() where row < visible {
                buffer.put(line, x: area.minX + 1, y: layout.firstTableRowY + row, style: theme.dim, maxWidth: area.width - 2)
            }
        }
        // The tie column gets a bar drawn over its cell, and a mark for fading ties.
        let widths = Table.columnWidths(for: table.columns, totalWidth: area.width, spacing: table.columnSpacing)
        let tieWidth = widths[widths.count - 1]
        let tieX = area.maxX - tieWidth
        for (row, index) in shown.enumerated() {
            guard let entry = directory.entry(at: index), let tie = state.myTies[entry.id], tieWidth >= 3 else { continue }
            let y = layout.firstTableRowY + row
            let isSelected = index == directory.selected
            let overlay = isSelected ? selectedStyle : Style.plain
            buffer.render(Bar(fraction: tie.strength, style: theme.tieBar.overlaid(with: overlay),
                              trackStyle: theme.tieTrack.overlaid(with: overlay)),
                          in: Rect(x: tieX, y: y, width: tieWidth - 1, height: 1))
            buffer.put(tie.isFading ? "▼" : " ", x: area.maxX - 1, y: y,
                       style: (tie.isFading ? theme.fading : theme.text).overlaid(with: overlay))
        }
    }

    private static func cells(_ entry: DirectoryEntry, state: AppState) -> [String] {
        let strings = state.strings
        let role = entry.organizationKind.map { strings("orgkind.\($0.rawValue)") } ?? strings.roles(entry.roles)
        let round = entry.round.map { "\($0.year)/\($0.number)" } ?? "—"
        let last = state.myLastContacts[entry.id].map(strings.date) ?? "—"
        let tie = state.myTies[entry.id] == nil ? "—" : ""
        return [entry.name, role, strings.place(entry.settlement, in: state.gazetteer), round, last, tie]
    }
}
