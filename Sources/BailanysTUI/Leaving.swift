import TerminalKit

/// Leaving a level of the app — quitting, closing the planner or its plan, switching screens — asks first
/// when that would throw away work not yet saved (an unsaved meetup plan, attendance marked but not recorded).
enum Leaving {
    static func leave(_ step: LeaveStep, _ state: inout AppState) -> [Effect] {
        if let meetup = state.meetup, meetup.hasUnsavedWork {
            let question = meetup.saved == nil ? "confirm.discardPlan" : "confirm.discardMarks"
            state.overlay = .confirm(Confirmation(questionKey: question, then: step))
            return []
        }
        return perform(step, &state)
    }

    /// `y` goes ahead; `n` or Esc stays where one was, with nothing lost.
    static func answer(_ confirmation: Confirmation, _ key: KeyEvent, _ state: inout AppState) -> [Effect] {
        switch KeyMap.action(for: key, in: .confirm) {
        case .confirm?:
            state.overlay = nil
            return perform(confirmation.then, &state)
        case .cancel?:
            state.overlay = nil
            return []
        default:
            return []
        }
    }

    private static func perform(_ step: LeaveStep, _ state: inout AppState) -> [Effect] {
        switch step {
        case .quit:
            state.isRunning = false
            return [.quit]
        case .closePlanner:
            state.meetup = nil
            return []
        case .closePlan:
            state.meetup?.closePlan()
            return []
        case .open(let target):
            state.meetup = nil
            return Screens.open(target, &state)
        }
    }
}
