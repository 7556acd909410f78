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
enum KeyContext: Sendable {
    /// `directory` adds people and organisations (coordinators); `memberDirectory` cannot.
    /// `personCard` can be edited by me; `memberCard` is someone else's person card.
    case directory, memberDirectory, chooseMe, personCard, memberCard, otherCard, suggestions, mentees, map, report, meetupForm, meetup

    var titleKey: String {
        switch self {
        case .directory, .memberDirectory: "screen.directory"
        case .chooseMe: "screen.whoami"
        case .personCard, .memberCard: "screen.person"
        case .otherCard: "screen.card"
        case .map: "screen.map"
        case .report: "screen.report"
        case .suggestions: "screen.suggestions"
        case .mentees: "screen.mentees"
        case .meetupForm, .meetup: "screen.meetup"
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

    private static let common: [KeyBinding] = [
        bind(.help, [.character("?"), .function(1)], "?", "key.help", hint: true),
        bind(.language, [.character("L")], "L", "key.language"),
        bind(.quit, [.character("q")], "q", "key.quit", hint: true),
    ]

    /// The directory's keys for everyone.
    private static let browsing: [KeyBinding] = [
        bind(.search, [.character("/")], "/", "key.search", hint: true),
        bind(.filter, [.character("f")], "f", "key.filter", hint: true),
        bind(.sort, [.character("s")], "s", "key.sort", hint: true),
        bind(.open, [.enter], "Enter", "key.open", hint: true),
        bind(.pane, [.tab], "Tab", "key.pane"),
        bind(.changeMe, [.character("I")], "I", "key.changeMe"),
        bind(.back, [.escape], "Esc", "key.clear"),
    ]

    static func bindings(for context: KeyContext) -> [KeyBinding] {
        switch context {
        case .directory:
            browsing + [bind(.add, [.character("a")], "a", "key.add", hint: true),
                        bind(.addOrganization, [.character("A")], "A", "key.addOrganization")]
                + movement + common
        case .memberDirectory:
            browsing + movement + common
        case .chooseMe:
            [bind(.search, [.character("/")], "/", "key.search", hint: true),
             bind(.open, [.enter], "Enter", "key.thisIsMe", hint: true),
             bind(.back, [.escape], "Esc", "key.clear")]
                + movement + common
        case .personCard:
            [bind(.open, [.enter], "Enter", "key.open", hint: true),
             bind(.back, [.escape, .backspace], "Esc", "key.back", hint: true),
             bind(.log, [.character("l")], "l", "key.log", hint: true),
             bind(.edit, [.character("e")], "e", "key.edit", hint: true),
             bind(.editExternally, [.character("E")], "E", "key.editExternally")]
                + movement + common
        case .memberCard:
            [bind(.open, [.enter], "Enter", "key.open", hint: true),
             bind(.back, [.escape, .backspace], "Esc", "key.back", hint: true),
             bind(.log, [.character("l")], "l", "key.log", hint: true)]
                + movement + common
        case .otherCard:
            [bind(.open, [.enter], "Enter", "key.open", hint: true),
             bind(.back, [.escape, .backspace], "Esc", "key.back", hint: true)]
                + movement + common
        case .map:
            [bind(.left, [.left, .character("h")], "←/h", "key.left"),
             bind(.right, [.right, .character("l")], "→/l", "key.right"),
             bind(.up, [.up, .character("k")], "↑/k", "key.north"),
             bind(.down, [.down, .character("j")], "↓/j", "key.south"),
             bind(.open, [.enter], "Enter", "key.regionDirectory", hint: true),
             bind(.planMeetup, [.character("m")], "m", "key.meetup", hint: true)]
                + common
        case .report:
            movement + common
        case .suggestions:
            [bind(.nextTab, [.tab, .right], "Tab", "key.nextTab", hint: true),
             bind(.previousTab, [.backTab, .left], "⇧Tab", "key.previousTab"),
             bind(.open, [.enter], "Enter", "key.open", hint: true),
             bind(.log, [.character("l")], "l", "key.log", hint: true),
             bind(.dismiss, [.character("d")], "d", "key.dismiss", hint: true),
             bind(.snooze, [.character("z")], "z", "key.snooze", hint: true)]
                + movement + common
        case .mentees:
            [bind(.open, [.enter], "Enter", "key.open", hint: true),
             bind(.nextTab, [.right, .tab], "→", "key.otherMentor"),
             bind(.previousTab, [.left, .backTab], "←", "key.otherMentor")]
                + movement + common
        case .meetupForm:
            // Handled by the form itself (it takes every key); listed for help and the status bar.
            [bind(.open, [.enter], "Enter", "key.meetup.plan", hint: true),
             bind(.pane, [.tab], "Tab", "key.meetup.nextField", hint: true),
             bind(.back, [.escape], "Esc", "key.back", hint: true)]
        case .meetup:
            [bind(.open, [.enter], "Enter", "key.open"),
             bind(.edit, [.character("e")], "e", "key.meetup.edit", hint: true),
             bind(.save, [.character("s")], "s", "key.meetup.save", hint: true),
             bind(.mark, [.character(" ")], "Space", "key.meetup.mark", hint: true),
             bind(.attend, [.character("a")], "a", "key.meetup.attend", hint: true),
             bind(.export, [.character("x")], "x", "key.meetup.export", hint: true),
             bind(.back, [.escape], "Esc", "key.back", hint: true)]
                + movement + common
        }
    }

    static func action(for key: KeyEvent, in context: KeyContext) -> Action? {
        bindings(for: context).first { $0.keys.contains(key) }?.action
    }

    static func hints(for context: KeyContext, strings: Strings) -> [KeyHint] {
        bindings(for: context).filter(\.isHint).map { KeyHint($0.keyLabel, strings($0.labelKey)) }
    }
}
