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
        case .map: state.audience == .coordinator
        }
    }
}

/// Switching between top-level screens with their digit keys.
enum Screens {
    static func available(_ state: AppState) -> [Screen] {
        state.isChoosingMe ? [.directory] : Screen.allCases.filter { $0.isAvailable(in: state) }
    }

    /// The screen a key switches to, when it is a tab key of a screen this user may open.
    static func screen(for key: KeyEvent, _ state: AppState) -> Screen? {
        guard state.stack.isEmpty, !state.directory.isEditingSearch else { return nil }
        return available(state).first { key == .character(Character($0.tab.keyLabel)) }
    }

    static let brand = " Bailanys "

    /// The top bar's tabs, one per screen this user may open, and where they are drawn.
    static func tabBar(_ state: AppState) -> (tabs: Tabs, area: Rect) {
        let screens = available(state)
        let titles = screens.map { "\($0.tab.keyLabel) \(state.strings($0.tab.titleKey))" }
        let x = DisplayWidth.of(brand)
        return (Tabs(titles: titles, selectedIndex: screens.firstIndex(of: state.screen) ?? 0),
                Rect(x: x, y: 0, width: max(0, state.size.width - x), height: 1))
    }

    /// The screen whose tab is under a click on the top bar, when no card or popup is open.
    static func screen(at mouse: MouseEvent, _ state: AppState) -> Screen? {
        guard case .press(.left) = mouse.kind, mouse.y == 0, state.stack.isEmpty, state.overlay == nil,
              !state.directory.isEditingSearch, !ScreenLayout(size: state.size).isTooSmall else { return nil }
        let (tabs, area) = tabBar(state)
        return tabs.index(atColumn: mouse.x, in: area).map { available(state)[$0] }
    }

    /// Shows `screen`, loading its figures afresh (they follow the directory as it changes).
    static func show(_ screen: Screen, _ state: inout AppState) -> [Effect] {
        state.screen = screen
        switch screen {
        case .directory: return []
        case .suggestions: return SuggestionsScreen.reload(&state)
        case .mentees: return MenteesScreen.reload(&state)
        case .map: return [.loadMap(today: state.today)]
        case .report: return [.loadReport(state.audience, today: state.today)]
        }
    }

    /// After "who am I" changes: a screen this person may not open falls back to the directory.
    static func checkAccess(_ state: inout AppState) {
        if !available(state).contains(state.screen) { state.screen = .directory }
    }
}

extension Strings {
    /// A share as a percentage, `16%` or with `decimals` `16.4%`, the same in every language.
    func percent(_ fraction: Double, decimals: Int = 0) -> String {
        String(format: "%.\(decimals)f%%", fraction * 100)
    }
}
