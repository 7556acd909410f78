import TerminalKit

/// What a key asks for; screens interpret actions, never raw keys, so help and the status bar
/// are generated from the same table that drives the app.
enum Action: Equatable, Sendable {
    case up, down, left, right, pageUp, pageDown, top, bottom
    case search, filter, sort, open, back, pane
    case add, addOrganization, log, edit, editExternally
    /// Choose who I am again (with a confirmation).
    case changeMe
    case nextTab, previousTab, dismiss, snooze
    case help, language, quit
    /// Opens the meetup planner in the map's selected region.
    case planMeetup
    case save, mark, attend, export
    /// Sends a list to the clipboard of the terminal the user sits at (OSC 52). Unlike `export` it works in a server
    /// session: the clipboard is the member's own, on their machine, not the server's disk.
    case copy
    /// Brings back a dismissed suggestion.
    case undo
    /// Answers to a question before work is lost.
    case confirm, cancel
    /// A digit: the top-level screen with that number (the tabs of the top bar).
    case switchScreen
    /// The meetup form's previous field.
    case previousField
    /// The filter's clearing keys (a row, all rows, the theme), listed in its help.
    case clear
}

extension Action {
    /// Where a movement action takes a cursor at `index` over `count` rows, `page` rows a screenful,
    /// kept within the rows (0 when there are none); nil for any other action.
    func movedIndex(from index: Int, count: Int, page: Int) -> Int? {
        let target: Int
        switch self {
        case .up: target = index - 1
        case .down: target = index + 1
        case .pageUp: target = index - page
        case .pageDown: target = index + page
        case .top: target = 0
        case .bottom: target = count - 1
        default: return nil
        }
        return min(max(0, target), max(0, count - 1))
    }
}

struct KeyBinding: Sendable {
    var action: Action
    var keys: [KeyEvent]
    /// How the key is written in help and the status bar.
    var keyLabel: String
    /// Strings-table key of what it does.
    var labelKey: String
    /// Shown in the status bar as well as in help.
    var isHint: Bool
}

/// Which set of keys applies.
enum KeyContext: Sendable, CaseIterable {
    /// `directory` adds people and organisations (coordinators); `memberDirectory` cannot.
    /// `personCard` can be edited by me; `ownCard` is mine (edited, but no contact is logged with oneself); `memberCard`
    /// is someone else's person card; `organizationCard` a partner body's, with whom contacts are logged too;
    /// `otherCard` an initiative's.
    case directory, memberDirectory, chooseMe, personCard, ownCard, memberCard, organizationCard, otherCard, suggestions,
         dismissedSuggestions, map, report
    /// A suggestions tab with nothing in it: no one to open, log, dismiss or snooze.
    case emptySuggestions
    /// A mentor's own mentees; a coordinator, who may page through every mentor's, gets `menteesOfAnyMentor`.
    case mentees, menteesOfAnyMentor
    /// The planner's form, which takes text: digits and `?` are typed, F1 is help.
    case meetupForm
    /// The planner's saved meetups, a plan not yet saved, a saved plan or opened meetup whose day has come
    /// (attendance), and one still ahead (attendance is recorded only from its day on, so it is not offered).
    case meetupList, meetupPlan, meetup, upcomingMeetup
    /// A plan or a meetup hosted in a region this person does not coordinate: looked at, not saved or recorded.
    case meetupPlanElsewhere, meetupElsewhere
    /// A yes/no question before unsaved work is thrown away.
    case confirm
    /// A directory with nobody in it yet, opened by someone who may add people: `a` adds the first.
    case emptyDirectory
    /// Text boxes, where letters are typed: the directory's search, and the Mentees screen's search for a mentor.
    case searchBox, mentorSearch
    /// A form (log, edit, add, snooze) and the directory's filter: their keys, listed by F1 over them.
    case form, filter

    var titleKey: String {
        switch self {
        case .directory, .memberDirectory, .emptyDirectory, .searchBox: "screen.directory"
        case .chooseMe: "screen.whoami"
        case .personCard, .ownCard, .memberCard: "screen.person"
        case .organizationCard, .otherCard: "screen.card"
        case .map: "screen.map"
        case .report: "tab.report"
        case .suggestions, .dismissedSuggestions, .emptySuggestions: "screen.suggestions"
        case .confirm: "screen.confirm"
        case .mentees, .menteesOfAnyMentor, .mentorSearch: "screen.mentees"
        case .meetupForm, .meetupList, .meetupPlan, .meetup, .upcomingMeetup, .meetupPlanElsewhere, .meetupElsewhere: "screen.meetup"
        case .form: "screen.form"
        case .filter: "filter.title"
        }
    }
}

enum KeyMap {
    private static func bind(_ action: Action, _ keys: [KeyEvent], _ keyLabel: String, _ labelKey: String,
                             hint: Bool = false) -> KeyBinding {
        KeyBinding(action: action, keys: keys, keyLabel: keyLabel, labelKey: labelKey, isHint: hint)
    }

    private static let movement: [KeyBinding] = [
        bind(.up, [.up, .character("k")], "↑/k", "key.up"),
        bind(.down, [.down, .character("j")], "↓/j", "key.down"),
        bind(.pageUp, [.pageUp, .control("b")], "PgUp", "key.pageUp"),
        bind(.pageDown, [.pageDown, .control("f")], "PgDn", "key.pageDown"),
        bind(.top, [.home, .character("g")], "Home/g", "key.top"),
        bind(.bottom, [.end, .character("G")], "End/G", "key.bottom"),
    ]

    /// The movement a key asks for (↑/k, ↓/j, PgUp, PgDn, Home/g, End/G), for what scrolls without a key map of its
    /// own (the help).
    static func movementAction(for key: KeyEvent) -> Action? { movement.first { $0.keys.contains(key) }?.action }

    /// Every digit; a digit not of a tab this person may open does nothing.
    static let digits: [KeyEvent] = (1...9).map { .character(Character("\($0)")) }

    /// Help in a text field, where `?` is typed: F1 alone.
    private static let fieldHelp = bind(.help, [.function(1)], "F1", "key.help")

    /// On every level outside text fields: screens, help and the language.
    private static let everywhere: [KeyBinding] = [
        bind(.switchScreen, digits, "1–6", "key.screens"),
        bind(.help, [.character("?")], "?", "key.help", hint: true),
        bind(.help, [.function(1)], "F1", "key.help"),
        bind(.language, [.character("L")], "L", "key.language"),
    ]

    /// On a top-level screen `q` quits; on a level above one (a card, the planner) it goes back, like Esc.
    private static let common = everywhere + [bind(.quit, [.character("q")], "q", "key.quit", hint: true)]

    private static func back(_ labelKey: String = "key.back", keys: [KeyEvent] = [.escape]) -> KeyBinding {
        bind(.back, keys + [.character("q")], "Esc/q", labelKey, hint: true)
    }

    /// Logs a contact with the selected person straight from a list (the directory, mentees).
    private static let logFromList = bind(.log, [.character("l")], "l", "key.log")
    /// Undoes the last log or dismiss, where contacts are logged; listed only when there is one (`bindings(for:in:)`).
    private static let undo = bind(.undo, [.character("u")], "u", "key.undo")
    /// On a mentor's own list of mentees logging a contact is the point of the screen: offered on the hint line (a
    /// coordinator's hint line keeps its room for paging through mentors).
    private static let logFromMentees = bind(.log, [.character("l")], "l", "key.log", hint: true)

    private static let exportMentees = bind(.export, [.character("x")], "x", "key.mentees.export", hint: true)
    private static let copyMentees = bind(.copy, [.character("c")], "c", "key.mentees.copy", hint: true)

    /// The directory's keys for everyone.
    private static let browsing: [KeyBinding] = [
        bind(.search, [.character("/")], "/", "key.search", hint: true),
        bind(.filter, [.character("f")], "f", "key.filter", hint: true),
        bind(.sort, [.character("s")], "s", "key.sort", hint: true),
        bind(.open, [.enter], "Enter", "key.open", hint: true),
        logFromList,
        undo,
        bind(.pane, [.tab], "Tab", "key.pane"),
        bind(.changeMe, [.character("I")], "I", "key.changeMe"),
        bind(.back, [.escape], "Esc", "key.clear"),
    ]

    /// A saved meetup's keys, held or not.
    private static let savedMeetup: [KeyBinding] =
        [bind(.export, [.character("x")], "x", "key.meetup.export", hint: true),
         bind(.edit, [.character("e")], "e", "key.meetup.edit", hint: true),
         back()]
            + movement + everywhere

    static func bindings(for context: KeyContext) -> [KeyBinding] {
        switch context {
        case .directory:
            browsing + [bind(.add, [.character("a")], "a", "key.add", hint: true),
                        bind(.addOrganization, [.character("A")], "A", "key.addOrganization")]
                + movement + common
        case .memberDirectory:
            browsing + movement + common
        case .emptyDirectory:
            [bind(.add, [.character("a")], "a", "key.add", hint: true),
             bind(.addOrganization, [.character("A")], "A", "key.addOrganization")] + common
        case .chooseMe:
            [bind(.search, [.character("/")], "/", "key.search", hint: true),
             bind(.open, [.enter], "Enter", "key.thisIsMe", hint: true),
             bind(.back, [.escape], "Esc", "key.clear")]
                + movement + common
        case .personCard, .ownCard:
            [bind(.open, [.enter], "Enter", "key.open", hint: true),
             back(keys: [.escape, .backspace])]
                + (context == .personCard ? [bind(.log, [.character("l")], "l", "key.log", hint: true), undo] : [])
                + [bind(.edit, [.character("e")], "e", "key.edit", hint: true),
                   bind(.editExternally, [.character("E")], "E", "key.editExternally")]
                + movement + everywhere
        case .memberCard, .organizationCard:
            [bind(.open, [.enter], "Enter", "key.open", hint: true),
             back(keys: [.escape, .backspace]),
             bind(.log, [.character("l")], "l", "key.log", hint: true), undo]
                + movement + everywhere
        case .otherCard:
            [bind(.open, [.enter], "Enter", "key.open", hint: true),
             back(keys: [.escape, .backspace])]
                + movement + everywhere
        case .map:
            [bind(.left, [.left, .character("h")], "←/h", "key.left"),
             bind(.right, [.right, .character("l")], "→/l", "key.right"),
             bind(.up, [.up, .character("k")], "↑/k", "key.north"),
             bind(.down, [.down, .character("j")], "↓/j", "key.south"),
             bind(.open, [.enter], "Enter", "key.regionDirectory", hint: true),
             bind(.planMeetup, [.character("m")], "m", "key.meetup", hint: true)]
                + common
        case .report:
            [bind(.export, [.character("x")], "x", "key.report.export", hint: true)] + movement + common
        case .suggestions:
            [bind(.nextTab, [.tab, .right], "Tab/→", "key.nextTab", hint: true),
             bind(.previousTab, [.backTab, .left], "⇧Tab/←", "key.previousTab"),
             bind(.open, [.enter], "Enter", "key.open", hint: true),
             bind(.log, [.character("l")], "l", "key.log", hint: true),
             bind(.dismiss, [.character("d")], "d", "key.dismiss", hint: true),
             bind(.snooze, [.character("z")], "z", "key.snooze", hint: true),
             undo]
                + movement + common
        case .emptySuggestions:
            [bind(.nextTab, [.tab, .right], "Tab/→", "key.nextTab", hint: true),
             bind(.previousTab, [.backTab, .left], "⇧Tab/←", "key.previousTab"),
             undo]
                + common
        case .dismissedSuggestions:
            [bind(.nextTab, [.tab, .right], "Tab/→", "key.nextTab", hint: true),
             bind(.previousTab, [.backTab, .left], "⇧Tab/←", "key.previousTab"),
             bind(.open, [.enter], "Enter", "key.open", hint: true),
             bind(.undo, [.character("u")], "u", "key.restore", hint: true)]
                + movement + common
        case .confirm:
            [bind(.confirm, [.character("y")], "y", "key.confirm.yes", hint: true),
             bind(.cancel, [.character("n"), .escape], "n/Esc", "key.confirm.no", hint: true)]
        case .mentees:
            [bind(.open, [.enter], "Enter", "key.open", hint: true), logFromMentees, undo, exportMentees, copyMentees]
                + movement + common
        case .menteesOfAnyMentor:
            [bind(.open, [.enter], "Enter", "key.open", hint: true), logFromList, undo, exportMentees, copyMentees,
             bind(.search, [.character("/")], "/", "key.searchMentor", hint: true),
             bind(.nextTab, [.right, .tab], "→/Tab", "key.nextMentor", hint: true),
             bind(.previousTab, [.left, .backTab], "←/⇧Tab", "key.previousMentor")]
                + movement + common
        case .meetupForm:
            // Every other key is typed into the focused field, digits and `?` included.
            [bind(.open, [.enter], "Enter", "key.meetup.plan", hint: true),
             bind(.pane, [.tab, .down], "Tab/↓", "key.meetup.nextField", hint: true),
             bind(.previousField, [.backTab, .up], "⇧Tab/↑", "key.meetup.previousField"),
             bind(.back, [.escape], "Esc", "key.meetup.leaveForm", hint: true),
             bind(.help, [.function(1)], "F1", "key.help", hint: true)]
        case .meetupList:
            [bind(.open, [.enter], "Enter", "key.open", hint: true),
             bind(.edit, [.character("e")], "e", "key.meetup.newPlan", hint: true),
             back()]
                + movement + everywhere
        case .meetupPlan:
            [bind(.save, [.character("s")], "s", "key.meetup.save", hint: true)] + bindings(for: .meetupPlanElsewhere)
        case .meetup:
            [bind(.mark, [.character(" ")], "Space", "key.meetup.mark", hint: true),
             bind(.attend, [.character("a")], "a", "key.meetup.attend", hint: true)]
                + savedMeetup
        case .upcomingMeetup, .meetupElsewhere:
            savedMeetup
        case .meetupPlanElsewhere:
            [bind(.edit, [.character("e")], "e", "key.meetup.edit", hint: true), back()] + movement + everywhere
        case .searchBox:
            [bind(.open, [.enter, .tab], "Enter/Tab", "key.keepResults", hint: true),
             bind(.up, [.up], "↑", "key.up"),
             bind(.down, [.down], "↓", "key.down"),
             bind(.back, [.escape], "Esc", "key.clear", hint: true),
             fieldHelp]
        case .mentorSearch:
            [bind(.open, [.enter], "Enter", "key.chooseMentor", hint: true),
             bind(.up, [.up], "↑", "key.chooseUp"),
             bind(.down, [.down], "↓", "key.chooseDown"),
             bind(.back, [.escape], "Esc", "key.leaveSearch", hint: true),
             fieldHelp]
        // What `Form.handle` and `FilterEditor.handle` obey, for help over them (they take the keys themselves).
        case .form:
            [bind(.pane, [.tab, .down], "Tab/↓", "form.key.next"),
             bind(.previousField, [.backTab, .up], "⇧Tab/↑", "key.meetup.previousField"),
             bind(.right, [.left, .right, .character(" ")], "←→/Space", "form.key.change"),
             bind(.save, [.enter], "Enter", "form.key.save"),
             bind(.back, [.escape], "Esc", "form.key.cancel"),
             fieldHelp]
        case .filter:
            [bind(.down, [.up, .down, .tab, .backTab], "↑↓", "filter.key.row"),
             bind(.right, [.left, .right], "←→", "filter.key.value"),
             bind(.clear, [.character("x")], "x", "filter.key.clearRow"),
             bind(.clear, [.character("X")], "X", "filter.key.clearAll"),
             bind(.clear, [.control("u")], "Ctrl-U", "filter.key.clearTheme"),
             bind(.open, [.enter], "Enter", "filter.key.apply"),
             bind(.back, [.escape], "Esc", "form.key.cancel"),
             fieldHelp]
        }
    }

    /// Whether an action writes to the directory, and so is refused up front in a read-only one. Exports write
    /// files elsewhere and choosing who I am or the language writes the config: those still work.
    static func writes(_ action: Action, in context: KeyContext) -> Bool {
        switch action {
        case .add, .addOrganization, .log, .editExternally, .dismiss, .snooze, .undo, .save, .attend: true
        // In the planner `e` edits the plan's form, which writes nothing.
        case .edit: ![.meetupList, .meetupPlan, .meetup, .upcomingMeetup].contains(context)
        default: false
        }
    }

    static func action(for key: KeyEvent, in context: KeyContext) -> Action? {
        bindings(for: context).first { $0.keys.contains(key) }?.action
    }

    /// Off in a session on the shared server (`AppContext.isServerSession`): the SSH key fixed who is speaking, and the
    /// server neither runs an editor (a shell escape) nor writes export files on its own disk.
    static func isOffInServerSession(_ action: Action) -> Bool {
        [.changeMe, .editExternally, .export].contains(action)
    }

    /// The keys offered here: what help and the status bar list, so that they never name a key a session refuses.
    static func bindings(for context: KeyContext, serverSession: Bool) -> [KeyBinding] {
        serverSession ? bindings(for: context).filter { !isOffInServerSession($0.action) } : bindings(for: context)
    }

    /// The bindings that act in `state`: `bindings(for:serverSession:)`, less `Tab` into the directory's preview pane
    /// where the terminal is too narrow to show one.
    static func bindings(for context: KeyContext, in state: AppState) -> [KeyBinding] {
        let hasPane = ScreenLayout(size: state.size).hasPreview || ![.directory, .memberDirectory].contains(context)
        let digits = Screens.available(state).compactMap { Int($0.tab.keyLabel) }
        // `u` only with something to undo (the Dismissed tab's `u` restores the selected one).
        let canUndo = state.lastLogged != nil || state.suggestions.lastDismissed != nil || context == .dismissedSuggestions
        return bindings(for: context, serverSession: state.isServerSession)
            .filter { ($0.action != .pane || hasPane) && ($0.action != .undo || canUndo) }.map { binding in
            // The digits of the tabs this user has (a mentor: 1–3, 6), not every tab's.
            guard binding.action == .switchScreen else { return binding }
            var shown = binding
            shown.keyLabel = digitRanges(digits)
            return shown
        }
    }

    /// `1–6`, `1–3, 6`, `1, 2, 6`: runs of three or more consecutive digits as ranges.
    static func digitRanges(_ digits: [Int]) -> String {
        var parts: [String] = []
        var start = 0
        for end in digits.indices where end == digits.count - 1 || digits[end + 1] != digits[end] + 1 {
            let run = digits[start...end]
            parts += run.count >= 3 ? ["\(run.first!)–\(run.last!)"] : run.map(String.init)
            start = end + 1
        }
        return parts.joined(separator: ", ")
    }

    static func hints(for context: KeyContext, serverSession: Bool = false, strings: Strings) -> [KeyHint] {
        // Help and quit stay on a narrow bar; the screen's own keys give way, the last first.
        bindings(for: context, serverSession: serverSession).filter(\.isHint)
            .map { KeyHint($0.keyLabel, strings($0.labelKey), keeps: [.help, .quit].contains($0.action)) }
    }
}
