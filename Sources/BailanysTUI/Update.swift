import BailanysCore
import BailanysPolicy
import BailanysStore
import Foundation
import TerminalKit

/// The only place state changes: pure, so every behaviour can be tested without a terminal or a database.
enum Update {
    /// What to do when the app starts.
    static func start(_ state: inout AppState) -> [Effect] {
        // The directory's first page first: the store lane runs its reads in order, and counting a 100k directory's
        // contacts for the title (`loadSize`) must not hold up the rows.
        var effects = DirectoryScreen.reload(&state) + [.loadRounds, .loadSize]
        if let me = state.me { effects.append(.loadMe(me.id)) }
        return effects + openRestoredScreen(&state)
    }

    /// The screen remembered from the last run, once I am known (what I may open depends on who I am): at the start,
    /// or when I have chosen myself. Only then, so that it never takes me away from a screen I have switched to.
    private static func openRestoredScreen(_ state: inout AppState) -> [Effect] {
        guard !state.isChoosingMe, let screen = state.restoredScreen else { return [] }
        state.restoredScreen = nil
        guard screen != state.screen, Screens.available(state).contains(.screen(screen)) else { return [] }
        return Screens.open(.screen(screen), &state)
    }

    /// Applies `event`; when it changed the screen, sort or filter, asks for them to be remembered.
    static func update(_ state: inout AppState, _ event: AppEvent) -> [Effect] {
        let before = ViewMemory(state)
        var effects = apply(&state, event)
        let after = ViewMemory(state)
        if after != before, state.restoredScreen == nil { effects.append(.saveView(after)) }
        return effects
    }

    private static func apply(_ state: inout AppState, _ event: AppEvent) -> [Effect] {
        switch event {
        case .terminal(let terminalEvent):
            return handle(terminalEvent, &state)
        case .directoryLoaded(let generation, let start, let entries, let total):
            return DirectoryScreen.loaded(&state, generation: generation, start: start, entries: entries, total: total)
        case .previewLoaded(let id, let content):
            if state.directory.selectedEntry?.id == id { state.directory.preview = content }
            return []
        case .cardLoaded(let id, let content):
            let pending = CardScreen.loaded(id, content, &state)
            return (id.kind == .person ? [.loadCardTies(id, today: state.today)] : []) + pending
        case .cardTiesLoaded(let id, let ties):
            CardScreen.tiesLoaded(id, ties, &state)
            return []
        case .meLoaded(let me, let lastContacts):
            let wasChoosing = state.isChoosingMe
            state.me = me
            state.isChangingMe = false
            state.myLastContacts = lastContacts
            if wasChoosing { state.notice = Notice(text: state.strings("msg.whoami", ["name": me.name]), isError: false) }
            Screens.checkAccess(&state)
            return DirectoryScreen.reload(&state, keepSelection: !wasChoosing) + [.loadMyTies(me.id, today: state.today)]
                + openRestoredScreen(&state)
        case .myTiesLoaded(let id, let ties):
            guard state.me?.id == id else { return [] }
            state.myTies = ties
            return DirectoryScreen.reload(&state, keepSelection: true)
        case .roundsLoaded(let rounds):
            state.rounds = rounds
            return []
        case .sizeLoaded(let people, let contacts):
            state.directorySize = (people, contacts)
            return []
        case .graphProgressed(let progress):
            state.graphProgress = progress
            return []
        case .mapLoaded(let regions):
            MapScreen.loaded(regions, &state)
            return []
        case .reportLoaded(let indicators):
            state.report = ReportState(indicators: indicators)
            return []
        case .reportExported(let csv, let json):
            // Two paths rarely fit the status bar: a message shows them whole.
            state.overlay = .message(title: "report.exported.title", text: state.strings("report.exported", ["csv": csv, "json": json]))
            return []
        case .suggestionsLoaded(let set):
            SuggestionsScreen.loaded(set, &state)
            return []
        case .dismissedLoaded(let entries):
            SuggestionsScreen.dismissedLoaded(entries, &state)
            return []
        case .menteesLoaded(let view):
            MenteesScreen.loaded(view, &state)
            return []
        case .menteesExported(let path, let count):
            // A path rarely fits the status bar: a message shows it whole, as the report's and a meetup's exports do.
            state.overlay = .message(title: "mentees.exported.title",
                                     text: state.strings("mentees.exported", ["path": path, "count": String(count)]))
            return []
        case .menteesCopied(let count, let outcome):
            MenteesScreen.copied(count: count, outcome, &state)
            return []
        case .saved(let request, let id):
            return saved(request, id: id, &state)
        case .failed(let message):
            if case .form(var form)? = state.overlay {
                form.generalError = message
                state.overlay = .form(form)
            } else if DisplayWidth.of(message) > state.size.width - 2 {
                // Longer than the status bar holds: a failure must be read whole, and what to do comes last.
                state.overlay = .message(title: "error.title", text: message)
            } else {
                state.notice = Notice(text: message, isError: true)
            }
            return []
        case .editorReturned(let text, let file):
            return editorReturned(text, file, &state)
        case .changedMeanwhile(let fields, let current, let rebased):
            return changedMeanwhile(fields, current: current, rebased: rebased, &state)
        case .meetup(let event):
            return MeetupScreen.handle(event, &state)
        }
    }

    private static func handle(_ event: Event, _ state: inout AppState) -> [Effect] {
        switch event {
        case .resize(let size):
            state.size = size
            return DirectoryScreen.select(&state, state.directory.selected)
        case .mouse(let mouse):
            if let target = Screens.target(at: mouse, state) { return Screens.open(target, &state) }
            guard state.overlay == nil, state.stack.isEmpty, state.meetup == nil, !ScreenLayout(size: state.size).isTooSmall else { return [] }
            switch state.screen {
            case .directory: return DirectoryScreen.handleMouse(mouse, &state)
            case .map: return MapScreen.handleMouse(mouse, &state)
            case .report: return ReportScreen.handleMouse(mouse, &state)
            case .suggestions, .mentees: return []
            }
        case .key(let key):
            if key == .control("c") {
                state.isRunning = false
                return [.quit]
            }
            state.notice = nil
            // F1 is help everywhere, text fields included (`?` is typed there): over a form or the filter it lists
            // their keys and gives them back when it closes.
            if key == .function(1), state.overlay.map(\.takesHelpOver) ?? true {
                state.helpOver = state.overlay
                state.overlay = .help(scroll: 0)
                return []
            }
            if let overlay = state.overlay { return handleOverlay(overlay, key, &state) }
            if state.meetup?.isEditing == true { return MeetupScreen.handleForm(key, &state) }
            if state.directory.isEditingSearch, state.stack.isEmpty { return DirectoryScreen.handle(key, &state) }
            if state.screen == .mentees, state.mentees.mentorSearch != nil, state.stack.isEmpty {
                return MenteesScreen.handleMentorSearch(key, &state)
            }
            let context = keyContext(state)
            let action = KeyMap.action(for: key, in: context)
            if state.isServerSession, let action, KeyMap.isOffInServerSession(action) {
                state.notice = Notice(text: state.strings("error.serverSession"), isError: true)
                return []
            }
            if state.isReadOnly, let action, KeyMap.writes(action, in: context) {
                state.overlay = .message(title: "readOnly.title", text: state.strings("readOnly.refused", ["path": state.filePath]))
                return []
            }
            switch action {
            case .switchScreen?:
                guard let target = Screens.target(for: key, state) else { return [] }
                return Screens.open(target, &state)
            case .quit?:
                return Leaving.leave(.quit, &state)
            case .help?:
                state.overlay = .help(scroll: 0)
                return []
            case .language?:
                state.language = state.language.next
                return [.saveConfig(.language(state.language))]
            case .undo? where context != .dismissedSuggestions:
                return undoLast(&state)
            case .planMeetup?:
                // Bound on the map only: plan a meetup in the selected region's centre.
                return MeetupScreen.open(&state, host: state.mapSelectedCentre)
            case _ where state.meetup != nil:
                return MeetupScreen.handle(action, &state)
            default:
                guard state.stack.isEmpty else { return CardScreen.handle(key, &state) }
                switch state.screen {
                case .directory: return DirectoryScreen.handle(key, &state)
                case .map: return MapScreen.handle(key, &state)
                case .report: return ReportScreen.handle(key, &state)
                case .suggestions: return SuggestionsScreen.handle(key, &state)
                case .mentees: return MenteesScreen.handle(key, &state)
                }
            }
        }
    }

    /// `u`: removes the contact just logged, or brings back the suggestion just dismissed (whichever came last).
    private static func undoLast(_ state: inout AppState) -> [Effect] {
        if let logged = state.lastLogged { return [.save(.removeContact(logged), state.actor)] }
        if let entry = state.suggestions.lastDismissed {
            return [.save(.undismiss(key: entry.key, subject: entry.subject, name: entry.name), state.actor)]
        }
        state.notice = Notice(text: state.strings("msg.nothingToUndo"), isError: true)
        return []
    }

    static func keyContext(_ state: AppState) -> KeyContext {
        if let meetup = state.meetup {
            return MeetupScreen.keyContext(meetup, today: state.today, mayManage: meetup.host.map(state.mayManageMeetups) ?? true)
        }
        if let card = state.currentCard { return CardScreen.keyContext(card, state) }
        switch state.screen {
        case .directory:
            if state.directory.isEmptyDirectory && IdentityChoice.mayAdd(state) { return .emptyDirectory }
            if state.directory.isEditingSearch { return .searchBox }
            if state.isChoosingMe { return .chooseMe }
            return IdentityChoice.mayAdd(state) ? .directory : .memberDirectory
        case .suggestions: return SuggestionsScreen.keyContext(state)
        case .mentees: return MenteesScreen.keyContext(state)
        case .map: return .map
        case .report: return .report
        }
    }

    /// Reloads the graph screen on view after a change that moves ties or suggestions.
    private static func reloadGraphScreen(_ state: inout AppState) -> [Effect] {
        switch state.screen {
        case .directory, .map, .report: []
        case .suggestions: SuggestionsScreen.reload(&state)
        case .mentees: MenteesScreen.reload(&state)
        }
    }

    /// Popups take every key first; Esc (and q, where it is not text) closes them.
    private static func handleOverlay(_ overlay: Overlay, _ key: KeyEvent, _ state: inout AppState) -> [Effect] {
        switch overlay {
        case .help(let scroll):
            if [.escape, .character("q"), .character("?"), .function(1), .enter].contains(key) {
                state.overlay = state.helpOver
                state.helpOver = nil
            } else if let action = KeyMap.movementAction(for: key) {
                let view = Render.HelpView(state)
                state.overlay = .help(scroll: action.movedIndex(from: min(scroll, view.lastScroll), count: view.lastScroll + 1,
                                                                page: view.fitting) ?? scroll)
            }
            return []
        case .confirm(let confirmation):
            return Leaving.answer(confirmation, key, &state)
        case .filter(var editor):
            switch editor.handle(key, state: state) {
            case .editing:
                state.overlay = .filter(editor)
                return []
            case .cancel:
                state.overlay = nil
                return []
            case .apply:
                state.overlay = nil
                state.directory.filter = editor.draft
                return DirectoryScreen.reload(&state)
            }
        case .confirmMe(let id, _):
            return IdentityChoice.confirm(id, key, &state)
        case .message:
            // Esc, Enter, Space and the keys that leave the screen under it (quit, back) only close it: the message
            // says any key closes it, and nobody reading it means to quit (review: q after an export quit the app).
            // Any other key closes it and does what it does, so `/` searches from the first frame of a new directory.
            state.overlay = nil
            let leaves = KeyMap.action(for: key, in: keyContext(state)).map { [.quit, .back].contains($0) } ?? false
            return leaves || [.escape, .enter, .character(" ")].contains(key) ? [] : handle(.key(key), &state)
        case .form(var form):
            switch form.handle(key) {
            case .editing:
                state.overlay = .form(form)
                return []
            case .cancel:
                state.overlay = nil
                return []
            case .submit:
                switch form.submission(me: state.me?.id, checks: checks(state)) {
                case .save(let request):
                    state.overlay = .form(form)
                    return [.save(request, state.actor)]
                case .invalid(let marked):
                    state.overlay = .form(marked)
                    return []
                }
            }
        }
    }

    static func checks(_ state: AppState) -> FieldChecks {
        FieldChecks(strings: state.strings, places: state.places, today: state.today)
    }

    /// After a write: close the form, say so, and reload whatever shows the changed data.
    private static func saved(_ request: SaveRequest, id: EntityID, _ state: inout AppState) -> [Effect] {
        state.overlay = nil
        let strings = state.strings
        var effects = state.stack.last.map { [Effect.loadCard($0.id, state.actor)] } ?? []
        switch request {
        case .log(let interaction, let name, _):
            state.notice = Notice(text: strings("msg.logged"), isError: false)
            state.lastLogged = LoggedContact(id: id, interaction: interaction, name: name)
            state.suggestions.lastDismissed = nil
            effects += reloadAfterContacts(&state)
        case .removeContact(let logged):
            state.notice = Notice(text: strings("msg.contactRemoved", ["name": logged.name]), isError: false)
            state.lastLogged = nil
            effects += reloadAfterContacts(&state)
        case .dismiss(let key, _, let name):
            state.notice = Notice(text: strings("msg.dismissed", ["name": name]), isError: false)
            state.suggestions.lastDismissed = DismissedEntry(key: key, day: state.today, name: name)
            state.lastLogged = nil
            effects += reloadGraphScreen(&state)
        case .undismiss(let key, _, let name):
            state.notice = Notice(text: strings("msg.undismissed", ["name": name]), isError: false)
            if state.suggestions.lastDismissed?.key == key { state.suggestions.lastDismissed = nil }
            effects += reloadGraphScreen(&state)
        case .snooze(_, _, let name, let until):
            state.notice = Notice(text: strings("msg.snoozed", ["name": name, "date": strings.date(until)]), isError: false)
            effects += reloadGraphScreen(&state)
        case .updatePerson(let person, _):
            state.notice = Notice(text: strings("msg.saved", ["name": person.fullName]), isError: false)
            effects = reloadAfterEdit(of: person.id, &state)
        case .addPerson(let person):
            state.notice = Notice(text: strings("msg.added", ["name": person.fullName, "id": id.description]), isError: false)
            effects += DirectoryScreen.reload(&state, keepSelection: true) + CardScreen.push(id, &state)
        case .addOrganization(let organization):
            state.notice = Notice(text: strings("msg.added", ["name": organization.name, "id": id.description]), isError: false)
            effects += DirectoryScreen.reload(&state, keepSelection: true) + CardScreen.push(id, &state)
        }
        return effects
    }

    /// What shows a person after their record changed: the card on top, the list, and the top bar when it is me.
    private static func reloadAfterEdit(of person: EntityID, _ state: inout AppState) -> [Effect] {
        (state.stack.last.map { [Effect.loadCard($0.id, state.actor)] } ?? []) + DirectoryScreen.reload(&state, keepSelection: true)
            + (person == state.me?.id ? [.loadMe(person)] : [])
    }

    /// My card and the graph screen on view, after a contact is logged or removed.
    private static func reloadAfterContacts(_ state: inout AppState) -> [Effect] {
        (state.me.map { [Effect.loadMe($0.id)] } ?? []) + reloadGraphScreen(&state)
    }

    /// A bad edit reopens the editor with the errors on top; nothing is saved until it is valid.
    private static func editorReturned(_ text: String, _ file: EditorFile, _ state: inout AppState) -> [Effect] {
        let original = file.original
        // Handed back after a change made elsewhere and left as it was: theirs stays (quitting without saving).
        if file.afterConflict, text == file.text {
            state.notice = Notice(text: state.strings("msg.editConflictKept"), isError: false)
            return []
        }
        switch RecordText.decode(text, original: original, audience: state.audience, checks: checks(state)) {
        case .cancelled:
            state.notice = Notice(text: state.strings("msg.editCancelled"), isError: false)
            return []
        case .invalid(let errors):
            let marked = RecordText.withErrors(errors, in: text)
            // Saved as it was handed over, errors and all: asking again would loop for ever with an editor that
            // saves on exit (a review saw 54 rounds), so it ends here, like a cancel.
            guard marked != text else {
                state.notice = Notice(text: state.strings("msg.editUnchangedErrors"), isError: true)
                return []
            }
            return [.openEditor(EditorFile(text: marked, original: original))]
        case .person(let person):
            // Saved back unchanged: said so, not "Saved" (review).
            guard person != original else {
                state.notice = Notice(text: state.strings("msg.editUnchanged"), isError: false)
                return []
            }
            return [.save(.updatePerson(person, base: original), state.actor)]
        }
    }

    /// Another process changed what this edit changed too. The edit comes back carried onto the record as it is now —
    /// the form with yours in it and theirs named, or the file in `$EDITOR` with theirs on top — so that nothing typed
    /// is lost and saving again writes yours knowingly (it was refused and what was typed in `$EDITOR` was gone).
    private static func changedMeanwhile(_ fields: [String], current: Person, rebased: Person, _ state: inout AppState) -> [Effect] {
        // What shows the person (the card behind, the list, the top bar) shows theirs from now on, whatever is chosen.
        let reloads = reloadAfterEdit(of: current.id, &state)
        if case .form(let form)? = state.overlay, case .editPerson = form.purpose {
            var carried = Form.edit(rebased, over: current, changed: fields, strings: state.strings, gazetteer: state.gazetteer)
            carried.focus = form.focus
            state.overlay = .form(carried)
            return reloads
        }
        let text = RecordText.withConflict(fields, current: current, rebased: rebased, audience: state.audience,
                                           strings: state.strings)
        return reloads + [.openEditor(EditorFile(text: text, original: current, afterConflict: true))]
    }
}
