import BailanysCore
import BailanysGraph
import BailanysStore
import TerminalKit

/// Drawing the planner: the form, then the plan or an opened meetup (invitees, reasons, venues, tables).
extension MeetupScreen {
    static func render(_ screen: MeetupScreenState, state: AppState, theme: Theme, into buffer: inout Buffer) {
        let strings = state.strings
        let area = ScreenLayout(size: state.size).body
        var title = strings("screen.meetup")
        if let id = screen.saved {
            title += " · \(id)"
            let status = (screen.viewing ?? screen.savedMeetups.first { $0.id == id })?.status
            if status == .held || !screen.attended.isEmpty {
                title += " · " + strings("meetup.heldCame", ["count": "\(screen.attended.count)"])
            }
        }
        buffer.put(title, x: area.minX + 1, y: area.minY, style: theme.heading, maxWidth: area.width - 2)
        let formBottom = renderForm(screen, state: state, theme: theme, in: area, buffer: &buffer)
        var y = formBottom
        if let error = screen.error {
            buffer.put("✗ " + error, x: area.minX + 1, y: y, style: theme.error, maxWidth: area.width - 2)
        } else if screen.isPlanning, let progress = state.graphProgress {
            // The plan waits for the tie graph: say how far that has got.
            GraphLoadingView.drawProgress(progress, strings: strings, theme: theme,
                                          in: Rect(x: area.minX + 1, y: y, width: area.width - 2, height: 1), into: &buffer)
        } else if screen.isPlanning {
            buffer.put(strings("meetup.planning"), x: area.minX + 1, y: y, style: theme.dim, maxWidth: area.width - 2)
        } else if screen.isEditing, screen.fields[screen.fieldFocus].id == "focus" {
            buffer.put(strings("meetup.focus.hint"), x: area.minX + 1, y: y, style: theme.dim, maxWidth: area.width - 2)
        } else if let plan = screen.plan {
            // Candidates are the alumni within reach; the mentors added come beside them (review: "25 invited of 23").
            let mentors = plan.invitees.filter(\.isMentor).count
            let summary = strings("meetup.summary", ["invited": "\(plan.invitees.count - mentors)", "mentors": "\(mentors)",
                                                     "candidates": strings.number(plan.candidateCount),
                                                     "revived": "\(plan.revivedTies)", "score": strings.decimal(plan.objective, places: 1),
                                                     "bound": strings.decimal(plan.upperBound, places: 1)])
            y += putSummary(summary, elsewhere: elsewhere(screen, state: state), theme: theme, in: area, y: y, into: &buffer)
        } else if let meetup = screen.viewing {
            y += putSummary(savedSummary(meetup, attended: screen.attended.count, state: state),
                            elsewhere: elsewhere(screen, state: state), theme: theme, in: area, y: y, into: &buffer)
        }
        y += 2
        let main = Rect(x: area.minX, y: y, width: area.width, height: max(0, area.maxY - y))
        let wording = MeetupWording(language: state.language, gazetteer: state.gazetteer)
        guard screen.plan != nil || screen.viewing != nil else {
            if screen.savedMeetups.isEmpty {
                buffer.put(strings("meetup.empty"), x: main.minX + 1, y: main.minY, style: theme.dim, maxWidth: main.width - 2)
            } else {
                renderSavedList(screen, wording: wording, state: state, theme: theme, in: main, buffer: &buffer)
            }
            return
        }
        // Under a form that failed, a plan or meetup would read as the answer to what was typed (review): Esc brings it back.
        if screen.error != nil { return }
        if let plan = screen.plan, plan.invitees.isEmpty {
            // Wrapped: at 80 columns kk's advice was cut mid-word (review).
            let advice = Render.wrap(strings("meetup.none", ["radius": String(format: "%.0f", plan.request.radiusKm)]), width: main.width - 2)
            for (row, line) in advice.enumerated() where row < main.height {
                buffer.put(line, x: main.minX + 1, y: main.minY + row, style: theme.dim, maxWidth: main.width - 2)
            }
            return
        }
        let lines = inviteeLines(screen, wording: wording, state: state)
        if main.width >= ScreenLayout.previewMinWidth {
            let columns = main.splitColumns([.fill, .fixed(42)])
            // The selected person's reasons whole where half the height holds them (they were cut after three
            // lines, mid-sentence, with no way to read on).
            let reasons = lines[safe: screen.selected].map { reasonRows($0, width: columns[0].width - 4).count } ?? 0
            let reasonsHeight = max(4, min(1 + reasons, columns[0].height / 2))
            renderInvitees(screen, lines, state: state, theme: theme, wide: true,
                           in: Rect(x: columns[0].minX, y: columns[0].minY, width: columns[0].width,
                                    height: columns[0].height - reasonsHeight), buffer: &buffer)
            renderReasons(screen, lines, state: state, theme: theme,
                          in: Rect(x: columns[0].minX, y: columns[0].maxY - reasonsHeight, width: columns[0].width,
                                   height: reasonsHeight), buffer: &buffer)
            if let plan = screen.plan {
                renderSide(plan, state: state, theme: theme, in: columns[1].inset(left: 1), buffer: &buffer)
            } else if let meetup = screen.viewing {
                renderSavedSide(meetup, state: state, theme: theme, in: columns[1].inset(left: 1), buffer: &buffer)
            }
        } else {
            let lower = 5
            renderInvitees(screen, lines, state: state, theme: theme, wide: false,
                           in: Rect(x: main.minX, y: main.minY, width: main.width, height: max(2, main.height - lower)), buffer: &buffer)
            let bottom = Rect(x: main.minX, y: main.maxY - lower, width: main.width, height: lower)
            renderReasons(screen, lines, state: state, theme: theme,
                          in: Rect(x: bottom.minX, y: bottom.minY, width: bottom.width, height: 3), buffer: &buffer)
            let sideArea = Rect(x: bottom.minX, y: bottom.minY + 3, width: bottom.width, height: 2)
            if let plan = screen.plan {
                let tables = strings("meetup.tables") + " (\(plan.tables.count)) · " + modularityLine(plan, strings)
                renderCompactSide(venue: plan.venues.first.map { venueLine($0, strings) }, tables: tables, state: state,
                                  theme: theme, in: sideArea, buffer: &buffer)
            } else if let meetup = screen.viewing {
                let tables = strings("meetup.tables") + " (\(Set(meetup.invitees.compactMap(\.table)).count))"
                renderCompactSide(venue: meetup.venue?.name, tables: tables, state: state, theme: theme, in: sideArea,
                                  buffer: &buffer)
            }
        }
    }

    /// One invitee as the screen lists them, from a fresh plan or a saved meetup.
    private struct InviteeLine {
        var id: EntityID
        var name: String
        var isMentor: Bool
        /// Where they live, and how far that is from the host settlement.
        var place: String
        var km: String
        /// For the Why column: the tie revived, naming whom it is with, else the first reason.
        var why: String
        /// The table they are seated at, from 1.
        var table: Int?
        var reasons: [String]
    }

    private static func inviteeLines(_ screen: MeetupScreenState, wording: MeetupWording, state: AppState) -> [InviteeLine] {
        let strings = state.strings
        if let plan = screen.plan {
            var table: [EntityID: Int] = [:]
            for (n, members) in plan.tables.enumerated() { for id in members { table[id] = n + 1 } }
            return plan.invitees.map { invitee in
                let tie = invitee.reasons.lazy.compactMap { reason -> String? in
                    guard case .revivesFadingTie(_, let other, _, _) = reason else { return nil }
                    return strings("meetup.reason.tieWith", ["name": other])
                }.first
                let reasons = invitee.reasons.map(wording.reason)
                return InviteeLine(id: invitee.id, name: invitee.name, isMentor: invitee.isMentor,
                                   place: wording.settlementName(invitee.settlement), km: String(format: "%.0f", invitee.distanceKm),
                                   why: tie ?? reasons.first ?? "", table: table[invitee.id], reasons: reasons)
            }
        }
        guard let meetup = screen.viewing else { return [] }
        let names = Dictionary(meetup.invitees.map { ($0.person.id, $0.person.name) }) { first, _ in first }
        let rounds = Dictionary(state.rounds.map { ($0.id, $0) }) { first, _ in first }
        let host = state.gazetteer.settlement(meetup.host)
        return meetup.invitees.map { invite in
            let settlement = screen.viewingPlaces[invite.person.id]
            var km = ""
            if let host, let home = settlement.flatMap(state.gazetteer.settlement) { km = String(format: "%.0f", host.distanceKm(to: home)) }
            let tie = invite.reasons.lazy.compactMap { reason -> String? in
                guard case .revivesFadingTie(let other) = reason else { return nil }
                return strings("meetup.reason.tieWith", ["name": names[other] ?? other.description])
            }.first
            let reasons = invite.reasons.map { wording.reason($0, names: names, rounds: rounds) }
            return InviteeLine(id: invite.person.id, name: invite.person.name, isMentor: invite.isMentor,
                               place: settlement.map(wording.settlementName) ?? "", km: km,
                               why: tie ?? reasons.first ?? "", table: invite.table, reasons: reasons)
        }
    }

    /// A plan's or saved meetup's figures on row `y`, going on into the blank row under it where they do not fit (at 80
    /// columns the plan's bound was cut to `(at most …`), then who may save or record it when this person may not;
    /// returns the rows it took beyond two.
    private static func putSummary(_ summary: String, elsewhere: String?, theme: Theme, in area: Rect, y: Int,
                                   into buffer: inout Buffer) -> Int {
        let lines = Render.wrap(summary, width: area.width - 2).prefix(2)
        for (row, line) in lines.enumerated() {
            buffer.put(line, x: area.minX + 1, y: y + row, style: theme.text, maxWidth: area.width - 2)
        }
        guard let elsewhere else { return 0 }
        let notes = Render.wrap(elsewhere, width: area.width - 2)
        for (row, line) in notes.enumerated() {
            buffer.put(line, x: area.minX + 1, y: y + lines.count + row, style: theme.dim, maxWidth: area.width - 2)
        }
        return max(0, lines.count + notes.count - 2)
    }

    /// Who may save the plan and record who came, when it is not this person (a region they do not coordinate).
    private static func elsewhere(_ screen: MeetupScreenState, state: AppState) -> String? {
        guard let host = screen.host, !state.mayManageMeetups(hostedAt: host),
              let region = state.gazetteer.settlement(host).flatMap({ state.gazetteer.region($0.region) }) else { return nil }
        // A saved meetup has no plan left to save: only who came is theirs to record.
        return state.strings(screen.saved == nil ? "meetup.elsewhere" : "meetup.elsewhereSaved",
                             ["region": region.names.name(for: state.language.rawValue)])
    }

    private static func savedSummary(_ meetup: Meetup, attended: Int, state: AppState) -> String {
        let strings = state.strings
        return strings("meetup.savedSummary", [
            "id": meetup.id.description, "date": strings.date(meetup.startsAt.day), "time": meetup.startsAt.clock,
            "place": strings.place(meetup.host, in: state.gazetteer), "status": strings("meetup.status.\(meetup.status.rawValue)"),
            "invited": "\(meetup.invitees.count)", "came": "\(attended)"])
    }

    /// Saved meetups under the form, newest first; Esc moves into the list and Enter opens one.
    private static func renderSavedList(_ screen: MeetupScreenState, wording: MeetupWording, state: AppState, theme: Theme,
                                        in area: Rect, buffer: inout Buffer) {
        // From the form, say how to reach the list; in the list, the hint line names its keys.
        buffer.put(state.strings(screen.isEditing ? "meetup.saved.fromForm" : "meetup.saved"), x: area.minX + 1, y: area.minY,
                   style: theme.heading, maxWidth: area.width - 2)
        let rows = screen.savedMeetups.map { savedSummary($0, attended: $0.attendees.count, state: state) }
        let list = ListView(items: rows, selectedIndex: screen.isEditing ? nil : screen.selected,
                            style: theme.text, selectedStyle: theme.selection)
        buffer.render(list, in: Rect(x: area.minX + 1, y: area.minY + 1, width: area.width - 2, height: max(0, area.height - 1)))
    }

    /// The venue and tables of a saved meetup.
    private static func renderSavedSide(_ meetup: Meetup, state: AppState, theme: Theme, in area: Rect, buffer: inout Buffer) {
        let strings = state.strings
        var lines: [(String, Style)] = [(strings("meetup.venues"), theme.heading),
                                        (meetup.venue?.name ?? strings("meetup.venue.none"), meetup.venue == nil ? theme.dim : theme.text),
                                        ("", theme.text), (strings("meetup.tables"), theme.heading)]
        let tables = Dictionary(grouping: meetup.invitees.filter { $0.table != nil }) { $0.table! }
        for number in tables.keys.sorted() {
            let text = "\(number) · " + tables[number]!.map(\.person.name).joined(separator: ", ")
            lines += Render.wrap(text, width: area.width).map { ($0, theme.text) }
        }
        put(lines, in: area, buffer: &buffer)
    }

    /// A whole date and time (`2026-12-18 18:00`) and the cursor after it.
    static let wholeFieldWidth = 17

    /// The fields two to a row, in the order Tab walks them, or one to a row where two would cut a value (at 60
    /// columns); returns the first row below them.
    private static func renderForm(_ screen: MeetupScreenState, state: AppState, theme: Theme, in area: Rect,
                                   buffer: inout Buffer) -> Int {
        let strings = state.strings
        let twoColumns = (area.width - 2) / 2 - min(15, (area.width - 2) / 4) - 1 >= wholeFieldWidth
        let perRow = twoColumns ? 2 : 1
        let half = twoColumns ? (area.width - 2) / 2 : area.width - 2
        let labelWidth = min(15, half / 2)
        for (index, field) in screen.fields.enumerated() {
            let column = index % perRow, row = index / perRow
            let x = area.minX + 1 + column * (half + 1), y = area.minY + 1 + row
            let focused = screen.isEditing && index == screen.fieldFocus
            buffer.put(DisplayWidth.pad(strings(field.labelKey), toColumns: labelWidth), x: x, y: y,
                       style: focused ? theme.heading : theme.text)
            buffer.render(TextField(input: field.input, style: focused ? theme.focusedField : theme.field, isFocused: focused),
                          in: Rect(x: x + labelWidth + 1, y: y, width: max(1, half - labelWidth - 1), height: 1))
        }
        return area.minY + 1 + (screen.fields.count + perRow - 1) / perRow
    }

    private static func renderInvitees(_ screen: MeetupScreenState, _ lines: [InviteeLine], state: AppState,
                                       theme: Theme, wide: Bool, in area: Rect, buffer: inout Buffer) {
        let strings = state.strings
        var columns = [TableColumn("", width: .fixed(1)), TableColumn(strings("meetup.col.name"), width: .flexible(min: 12, weight: wide ? 2 : 1))]
        if wide { columns.append(TableColumn(strings("meetup.col.place"), width: .flexible(min: 8, weight: 1))) }
        columns.append(TableColumn(strings("meetup.col.km"), width: .fixed(4), alignment: .right))
        // Without the side column that lists the tables, each invitee's table is a column of its own.
        let tableHeading = strings("meetup.col.table")
        if !wide { columns.append(TableColumn(tableHeading, width: .fixed(DisplayWidth.of(tableHeading)), alignment: .right)) }
        columns.append(TableColumn(strings("meetup.col.why"), width: .flexible(min: 10, weight: wide ? 3 : 2)))
        // A mentor's mark stays whole: a long name is cut before it (it read "Zere Beibaryskyzy · ment…").
        let nameWidth = Table.columnWidths(for: columns, totalWidth: area.width - 2, spacing: 1)[1]
        let mentorMark = " · " + strings("meetup.mentor")
        func nameCell(_ line: InviteeLine) -> String {
            guard line.isMentor else { return line.name }
            let room = nameWidth - DisplayWidth.of(mentorMark)
            guard room >= 4 else { return line.name + mentorMark }
            return DisplayWidth.truncate(line.name, toColumns: room) + mentorMark
        }
        let rows = lines.map { line -> TableRow in
            let mark = screen.attended.contains(line.id) ? "✓" : screen.marked.contains(line.id) ? "•" : " "
            var cells = [mark, nameCell(line)]
            if wide { cells.append(line.place) }
            cells.append(line.km)
            if !wide { cells.append(line.table.map(String.init) ?? "") }
            cells.append(line.why)
            return TableRow(cells)
        }
        let table = Table(columns: columns, rows: rows, selectedRow: screen.isEditing ? nil : screen.selected,
                          scrollOffset: screen.scrollOffset, style: theme.text, headerStyle: theme.tableHeader,
                          selectedStyle: theme.selection)
        buffer.render(table, in: area.inset(left: 1, right: 1))
    }

    private static func renderReasons(_ screen: MeetupScreenState, _ lines: [InviteeLine], state: AppState,
                                      theme: Theme, in area: Rect, buffer: inout Buffer) {
        guard let line = lines[safe: screen.selected], area.height > 0 else { return }
        let name = line.name + (line.isMentor ? " · " + state.strings("meetup.mentor") : "")
        buffer.put(state.strings("meetup.reasons", ["name": name]), x: area.minX + 1, y: area.minY, style: theme.heading,
                   maxWidth: area.width - 2)
        let rows = reasonRows(line, width: area.width - 4), room = max(0, area.height - 1)
        // What does not fit says so, rather than ending mid-sentence as if it were all.
        let shown = rows.count <= room ? rows : rows.prefix(max(0, room - 1)) + ["  …"]
        for (row, text) in shown.enumerated() {
            buffer.put(text, x: area.minX + 1, y: area.minY + 1 + row, style: theme.text, maxWidth: area.width - 2)
        }
    }

    /// Each reason wrapped, never cut (Russian ones run long), a bullet on its first line.
    private static func reasonRows(_ line: InviteeLine, width: Int) -> [String] {
        line.reasons.flatMap { reason in
            Render.wrap(reason, width: width).enumerated().map { ($0.offset == 0 ? "· " : "  ") + $0.element }
        }
    }

    private static func venueLine(_ venue: VenueOption, _ strings: Strings) -> String {
        let kind = venue.kind.map { " (\(strings("orgkind.\($0.rawValue)")))" } ?? ""
        return venue.name + kind + " · " + strings("meetup.venue.ties", ["count": "\(venue.tiedInvitees)"])
    }

    private static func tableLine(_ number: Int, _ members: [EntityID], _ plan: MeetupPlan) -> String {
        let names = Dictionary(uniqueKeysWithValues: plan.invitees.map { ($0.id, $0.name) })
        return "\(number) · " + members.map { names[$0] ?? $0.description }.joined(separator: ", ")
    }

    private static func modularityLine(_ plan: MeetupPlan, _ strings: Strings) -> String {
        strings("meetup.modularity", ["communities": strings.decimal(plan.communityModularity, places: 2),
                                      "tables": strings.decimal(plan.tableModularity, places: 2)])
    }

    /// Venues, then tables and modularity, in the right-hand column.
    private static func renderSide(_ plan: MeetupPlan, state: AppState, theme: Theme, in area: Rect, buffer: inout Buffer) {
        let strings = state.strings
        var lines: [(String, Style)] = [(strings("meetup.venues"), theme.heading)]
        if plan.venues.isEmpty { lines.append((strings("meetup.venue.none"), theme.dim)) }
        // Wrapped, so that the count of invitees tied to each stays (it was cut after the name at 120 columns).
        lines += plan.venues.prefix(4).flatMap { venue in Render.wrap(venueLine(venue, strings), width: area.width).map { ($0, theme.text) } }
        lines += [("", theme.text), (strings("meetup.tables"), theme.heading), (modularityLine(plan, strings), theme.dim)]
        for (n, members) in plan.tables.enumerated() {
            lines += Render.wrap(tableLine(n + 1, members, plan), width: area.width).map { ($0, theme.text) }
        }
        put(lines, in: area, buffer: &buffer)
    }

    /// One line per row from the top of `area`, as many as fit.
    private static func put(_ lines: [(text: String, style: Style)], in area: Rect, buffer: inout Buffer) {
        for (row, line) in lines.prefix(max(0, area.height)).enumerated() {
            buffer.put(line.text, x: area.minX, y: area.minY + row, style: line.style, maxWidth: area.width)
        }
    }

    /// At 80 columns: the best venue and the tables on two lines, for a plan and a saved meetup alike.
    private static func renderCompactSide(venue: String?, tables: String, state: AppState, theme: Theme, in area: Rect,
                                          buffer: inout Buffer) {
        let strings = state.strings
        buffer.put(strings("meetup.venues") + ": " + (venue ?? strings("meetup.venue.none")), x: area.minX + 1, y: area.minY,
                   style: theme.text, maxWidth: area.width - 2)
        buffer.put(tables, x: area.minX + 1, y: area.minY + 1, style: theme.dim, maxWidth: area.width - 2)
    }
}
