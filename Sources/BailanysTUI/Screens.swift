import BailanysStore
import Foundation
import TerminalKit

/// The top-level screens, each a tab of the top bar with a digit key.
enum Screen: Sendable, Equatable, CaseIterable {
    case directory, suggestions, mentees, map, report

    var tab: TabItem {
        switch self {
        case .directory: TabItem(titleKey: "tab.directory", keyLabel: "1")
        case .suggestions: TabItem(titleKey: "tab.suggestions", keyLabel: "2")
        case .mentees: TabItem(titleKey: "tab.mentees", keyLabel: "3")
        case .map: TabItem(titleKey: "tab.map", keyLabel: "5")
        case .report: TabItem(titleKey: "tab.report", keyLabel: "6")
        }
    }

    /// Mentees are for mentors and coordinators; the map is a coordinator's planning tool; the report is
    /// for everyone, its NEET and vulnerable rows for coordinators only.
    func isAvailable(in state: AppState) -> Bool {
        switch self {
        case .directory, .suggestions, .report: true
        case .mentees: MenteesScreen.mayOpen(state)
        case .map: state.may(.readNetworkHealth)
        }
    }
}

/// What a top-bar tab opens: a top-level screen, or the meetup planner, which sits over them.
enum TabTarget: Sendable, Equatable {
    case screen(Screen)
    case meetup

    var tab: TabItem {
        switch self {
        case .screen(let screen): screen.tab
        case .meetup: TabItem(titleKey: "tab.meetup", keyLabel: "4")
        }
    }
}

/// Switching between top-level screens with their digit keys or a click on their tab.
enum Screens {
    static func available(_ state: AppState) -> [TabTarget] {
        guard !state.isChoosingMe else { return [.screen(.directory)] }
        let screens = Screen.allCases.filter { $0.isAvailable(in: state) }.map(TabTarget.screen)
        let targets = state.may(.previewMeetup) ? screens + [.meetup] : screens
        return targets.sorted { $0.tab.keyLabel < $1.tab.keyLabel }
    }

    static func selected(_ state: AppState) -> TabTarget {
        state.meetup == nil ? .screen(state.screen) : .meetup
    }

    /// The tab a digit switches to, when it is the key of a tab this user may open. From a card too: the
    /// cards close. (The key map decides where a digit is a key at all — not in a text field.)
    static func target(for key: KeyEvent, _ state: AppState) -> TabTarget? {
        available(state).first { key == .character(Character($0.tab.keyLabel)) }
    }

    static let brand = " Bailanys "
    /// Columns kept free on the right of the tabs for who I am and the language.
    private static let rightRoom = 28

    /// The top bar's tabs and where they are drawn. When full titles do not fit, the tabs not shown
    /// keep only their key, so every tab stays visible and reachable at 80 columns.
    static func tabBar(_ state: AppState) -> (tabs: Tabs, area: Rect) {
        let targets = available(state)
        let selectedIndex = targets.firstIndex(of: selected(state)) ?? 0
        let full = targets.map { "\($0.tab.keyLabel) \(state.strings($0.tab.titleKey))" }
        let x = DisplayWidth.of(brand)
        let area = Rect(x: x, y: 0, width: max(0, state.size.width - x), height: 1)
        let fits = Tabs(titles: full, selectedIndex: selectedIndex).titleRanges(in: area).last.map {
            $0.upperBound <= state.size.width - rightRoom
        } ?? true
        let titles = fits ? full : targets.indices.map { $0 == selectedIndex ? full[$0] : targets[$0].tab.keyLabel }
        return (Tabs(titles: titles, selectedIndex: selectedIndex), area)
    }

    /// The tab under a click on the top bar, when no popup is open.
    static func target(at mouse: MouseEvent, _ state: AppState) -> TabTarget? {
        guard case .press(.left) = mouse.kind, mouse.y == 0, state.overlay == nil,
              !state.directory.isEditingSearch, !ScreenLayout(size: state.size).isTooSmall else { return nil }
        let (tabs, area) = tabBar(state)
        return tabs.index(atColumn: mouse.x, in: area).map { available(state)[$0] }
    }

    static func open(_ target: TabTarget, _ state: inout AppState) -> [Effect] {
        if state.meetup == nil { state.stack = [] }
        switch target {
        case .meetup:
            return MeetupScreen.open(&state, host: nil)
        case .screen(let screen):
            // Leaving the planner may lose a plan; `Leaving` asks, then comes back here with it closed.
            guard state.meetup == nil else { return Leaving.leave(.open(target), &state) }
            return show(screen, &state)
        }
    }

    /// Shows `screen`, loading its figures afresh (they follow the directory as it changes).
    static func show(_ screen: Screen, _ state: inout AppState) -> [Effect] {
        state.screen = screen
        switch screen {
        case .directory: return []
        case .suggestions: return SuggestionsScreen.open(&state)
        case .mentees: return MenteesScreen.reload(&state)
        case .map: return [.loadMap(today: state.today)]
        case .report: return [.loadReport(state.audience, today: state.today)]
        }
    }

    /// After "who am I" changes: a screen this person may not open falls back to the directory.
    static func checkAccess(_ state: inout AppState) {
        let open = available(state)
        if !open.contains(.screen(state.screen)) { state.screen = .directory }
        if !open.contains(.meetup) { state.meetup = nil }
    }
}

extension Strings {
    /// A share as a percentage, `16%` or with `decimals` `16.4%` (`16,4%` in kk and ru).
    func percent(_ fraction: Double, decimals: Int = 0) -> String {
        decimal(fraction * 100, places: decimals) + "%"
    }
}
