import CNcursesw
import TerminalKit

/// Translates what `wget_wch` returned into TerminalKit events.
enum KeyDecoding {
    /// A plain character (not a KEY_* code).
    static func character(_ code: UInt32) -> KeyEvent? {
        switch code {
        case 0x0D, 0x0A: return .enter
        case 0x09: return .tab
        case 0x1B: return .escape
        case 0x08, 0x7F: return .backspace
        case 0x01...0x1A: return .control(Character(Unicode.Scalar(code + 0x60)!))
        case 0x00, 0x1C...0x1F, 0x80...0x9F: return nil  // no useful meaning; never echoed as text
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .character(Character(scalar))
        }
    }

    private static let functionKeys: [Int32: KeyEvent] = {
        var keys: [Int32: KeyEvent] = [
            Int32(tk_key_up()): .up, Int32(tk_key_down()): .down, Int32(tk_key_left()): .left,
            Int32(tk_key_right()): .right, Int32(tk_key_home()): .home, Int32(tk_key_end()): .end,
            Int32(tk_key_page_up()): .pageUp, Int32(tk_key_page_down()): .pageDown,
            Int32(tk_key_backspace()): .backspace, Int32(tk_key_delete()): .delete, Int32(tk_key_insert()): .insert,
            Int32(tk_key_back_tab()): .backTab, Int32(tk_key_enter()): .enter,
        ]
        for number in 1...12 { keys[Int32(tk_key_f(Int32(number)))] = .function(number) }
        return keys
    }()

    /// A KEY_* code other than KEY_RESIZE and KEY_MOUSE.
    static func keyCode(_ code: Int32) -> KeyEvent? { functionKeys[code] }

    /// A mouse report; motion and unhandled buttons give nil.
    static func mouse(_ event: MEVENT) -> MouseEvent? {
        let state = event.bstate
        let kinds: [(mmask_t, MouseEvent.Kind)] = [
            (tk_button1_pressed(), .press(.left)), (tk_button1_released(), .release(.left)),
            (tk_button2_pressed(), .press(.middle)), (tk_button2_released(), .release(.middle)),
            (tk_button3_pressed(), .press(.right)), (tk_button3_released(), .release(.right)),
            (tk_button4_pressed(), .wheelUp), (tk_button5_pressed(), .wheelDown),
            // Reported instead of press/release by terminals that only send clicks.
            (tk_button1_clicked(), .press(.left)), (tk_button2_clicked(), .press(.middle)),
            (tk_button3_clicked(), .press(.right)),
        ]
        guard let kind = kinds.first(where: { state & $0.0 != 0 })?.1 else { return nil }
        return MouseEvent(kind, x: Int(event.x), y: Int(event.y))
    }
}
