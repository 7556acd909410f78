import BailanysCore
import BailanysPolicy
import BailanysStore
import TerminalKit

/// Who I am: chosen once from the directory, changed later with `I`; either way only a `y` in a confirmation
/// takes effect, so an accidental Enter never makes anyone someone else.
enum IdentityChoice {
    /// Adding people and organisations is a coordinator's (or a coordinator-less file owner's) work.
    static func mayAdd(_ state: AppState) -> Bool { state.actor.isCoordinator || state.actor.isOwner }

    /// People one may become: in a member copy nobody can be a coordinator, so coordinators are not offered.
    static func filter(_ filter: DirectoryFilter, _ state: AppState) -> DirectoryFilter {
        var result = filter
        result.includeOrganizations = false
        if state.fileKind.isMemberCopy {
            result.roles = result.roles.isEmpty ? [.alumnus, .mentor] : result.roles.subtracting([.coordinator])
        }
        return result
    }

    /// Enter on a person while choosing: ask first.
    static func ask(_ entry: DirectoryEntry, _ state: inout AppState) -> [Effect] {
        guard !(state.fileKind.isMemberCopy && entry.roles == [.coordinator]) else { return [] }
        state.overlay = .confirmMe(entry.id, name: entry.name)
        return []
    }

    /// `y` confirms; Esc or `n` goes back to the list; any other key (Enter included) does nothing.
    static func confirm(_ id: EntityID, _ key: KeyEvent, _ state: inout AppState) -> [Effect] {
        switch key {
        case .character("y"), .character("Y"):
            state.overlay = nil
            state.directory.search = TextInput()
            return [.loadMe(id), .saveConfig(.me(id))]
        case .escape, .character("n"), .character("N"):
            state.overlay = nil
            return []
        default:
            return []
        }
    }

    /// `I` in the directory: list people to choose from; the current `me` stays until a choice is confirmed.
    static func startChanging(_ state: inout AppState) -> [Effect] {
        state.isChangingMe = true
        state.directory.search = TextInput()
        return DirectoryScreen.reload(&state)
    }

    /// Esc while changing (with no search to clear): keep being who I was.
    static func cancelChanging(_ state: inout AppState) -> [Effect] {
        state.isChangingMe = false
        return DirectoryScreen.reload(&state)
    }

    static func render(_ name: String, state: AppState, theme: Theme, into buffer: inout Buffer) {
        let strings = state.strings
        let area = ScreenLayout(size: state.size).body
        let question = strings("whoami.confirm", ["name": name])
        let hint = strings("whoami.confirmKeys")
        let width = min(max(DisplayWidth.of(question), DisplayWidth.of(hint)) + 4, area.width - 2)
        let popup = Popup(title: strings("screen.whoami"), width: width, height: 5, style: theme.text, borderStyle: theme.border)
        buffer.render(popup, in: area)
        let content = popup.contentArea(in: area)
        buffer.put(question, x: content.minX + 1, y: content.minY, style: theme.heading, maxWidth: content.width - 1)
        buffer.put(hint, x: content.minX + 1, y: content.minY + 2, style: theme.dim, maxWidth: content.width - 1)
    }
}
