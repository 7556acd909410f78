import BailanysCore
import BailanysStore
import TerminalKit

/// The only place state changes: pure, so every behaviour can be tested without a terminal or a database.
enum Update {
    /// What to do when the app starts.
    static func start(_ state: inout AppState) -> [Effect] {
        var effects: [Effect] = [.loadRounds]
        if let me = state.me { effects.append(.loadMe(me.id, today: state.today)) }
        return effects + DirectoryScreen.reload(&state)
    }

    static func update(_ state: inout AppState, _ event: AppEvent) -> [Effect] {
        switch event {
        case .terminal(let terminalEvent):
            return handle(terminalEvent, &state)
        case .directoryLoaded(let generation, let start, let entries, let total):
            return DirectoryScreen.loaded(&state, generation: generation, start: start, entries: entries, total: total)
        case .previewLoaded(let id, let content):
            if state.directory.selectedEntry?.id == id { state.directory.preview = content }
            return []
        case .cardLoaded(let id, let content, let ties):
            CardScreen.loaded(id, content, ties: ties, &state)
            return []
        case .meLoaded(let me, let lastContacts, let ties):
            let wasChoosing = state.isChoosingMe
            state.me = me
            state.myLastContacts = lastContacts
            state.myTies = ties
            if wasChoosing { state.notice = Notice(text: state.strings("msg.whoami", ["name": me.name]), isError: false) }
            return DirectoryScreen.reload(&state, keepSelection: !wasChoosing)
        case .roundsLoaded(let rounds):
            state.rounds = rounds
            return []
        case .saved(let request, let id):
            return saved(request, id: id, &state)
        case .failed(let message):
            if case .form(var form)? = state.overlay {
                form.generalError = message
                state.overlay = .form(form)
            } else {
                state.notice = Notice(text: message, isError: true)
            }
            return []
        case .editorReturned(let text, let original):
            return editorReturned(text, original: original, &state)
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
            guard state.overlay == nil, state.stack.isEmpty, state.meetup == nil, !ScreenLayout(size: state.size).isTooSmall else { return [] }
            return DirectoryScreen.handleMouse(mouse, &state)
        case .key(let key):
            if key == .control("c") {
                state.isRunning = false
                return [.quit]
            }
            state.notice = nil
            if let overlay = state.overlay { return handleOverlay(overlay, key, &state) }
            if state.meetup?.isEditing == true { return MeetupScreen.handleForm(key, &state) }
            if state.directory.isEditingSearch, state.stack.isEmpty { return DirectoryScreen.handle(key, &state) }
            let action = KeyMap.action(for: key, in: keyContext(state))
            switch action {
            case .quit?:
                state.isRunning = false
                return [.quit]
            case .help?:
                state.overlay = .help
                return []
            case .language?:
                state.language = state.language.next
                return [.saveConfig(me: state.me?.id, language: state.language)]
            case .planMeetup(let host)?:
                return perform(.planMeetup(host: host), &state)
            case _ where state.meetup != nil:
                return MeetupScreen.handle(action, &state)
            default:
                return state.stack.isEmpty ? DirectoryScreen.handle(key, &state) : CardScreen.handle(key, &state)
            }
        }
    }

    /// Carries out an action that another screen asks for rather than a key, e.g. the map opening the
    /// meetup planner preset to a settlement: `perform(.planMeetup(host: key), &state)`.
    static func perform(_ action: Action, _ state: inout AppState) -> [Effect] {
        switch action {
        case .planMeetup(let host): MeetupScreen.open(&state, host: host)
        default: []
        }
    }

    static func keyContext(_ state: AppState) -> KeyContext {
        if let meetup = state.meetup { return MeetupScreen.keyContext(meetup) }
        if let card = state.currentCard { return CardScreen.keyContext(card) }
        return state.isChoosingMe ? .chooseMe : .directory
    }

    /// Popups take every key first; Esc (and q, where it is not text) closes them.
    private static func handleOverlay(_ overlay: Overlay, _ key: KeyEvent, _ state: inout AppState) -> [Effect] {
        switch overlay {
        case .help:
            if [.escape, .character("q"), .character("?"), .enter].contains(key) { state.overlay = nil }
            return []
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
        case .form(var form):
            switch form.handle(key) {
            case .editing:
                state.overlay = .form(form)
                return []
            case .cancel:
                state.overlay = nil
                return []
            case .submit:
                switch form.submission(me: state.me?.id, audience: state.audience, checks: checks(state)) {
                case .save(let request):
                    state.overlay = .form(form)
                    return [.save(request)]
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
        var effects = state.stack.last.map { [Effect.loadCard($0.id, state.audience, today: state.today)] } ?? []
        switch request {
        case .log:
            state.notice = Notice(text: strings("msg.logged"), isError: false)
            if let me = state.me { effects.append(.loadMe(me.id, today: state.today)) }
        case .updatePerson(let person, _):
            state.notice = Notice(text: strings("msg.saved", ["name": person.fullName]), isError: false)
            effects += DirectoryScreen.reload(&state, keepSelection: true)
        case .addPerson(let person):
            state.notice = Notice(text: strings("msg.added", ["name": person.fullName, "id": id.description]), isError: false)
            effects += DirectoryScreen.reload(&state, keepSelection: true) + CardScreen.push(id, &state)
        case .addOrganization(let organization):
            state.notice = Notice(text: strings("msg.added", ["name": organization.name, "id": id.description]), isError: false)
            effects += DirectoryScreen.reload(&state, keepSelection: true) + CardScreen.push(id, &state)
        }
        return effects
    }

    /// A bad edit reopens the editor with the errors on top; nothing is saved until it is valid.
    private static func editorReturned(_ text: String, original: Person, _ state: inout AppState) -> [Effect] {
        switch RecordText.decode(text, original: original, audience: state.audience, checks: checks(state)) {
        case .cancelled:
            state.notice = Notice(text: state.strings("msg.editCancelled"), isError: false)
            return []
        case .invalid(let errors):
            return [.openEditor(text: RecordText.withErrors(errors, in: text), original: original)]
        case .person(let person):
            return [.save(.updatePerson(person, state.audience))]
        }
    }
}
