import CNcursesw
@testable import NcursesBackend
import TerminalKit
import Testing

/// What `wget_wch` hands us, turned into the app's key and mouse events.
@Suite struct KeyDecodingTests {
    @Test func controlCharactersHaveTheirMeaning() {
        #expect(KeyDecoding.character(0x0D) == .enter)
        #expect(KeyDecoding.character(0x0A) == .enter)
        #expect(KeyDecoding.character(0x09) == .tab)
        #expect(KeyDecoding.character(0x1B) == .escape)
        #expect(KeyDecoding.character(0x08) == .backspace)
        #expect(KeyDecoding.character(0x7F) == .backspace)
        #expect(KeyDecoding.character(0x01) == .control("a"))
        #expect(KeyDecoding.character(0x03) == .control("c"))
        #expect(KeyDecoding.character(0x12) == .control("r"))
        #expect(KeyDecoding.character(0x1A) == .control("z"))
    }

    /// Every code from 0x01 to 0x1A not named above is Ctrl and its lower-case letter.
    @Test func everyOtherCtrlLetter() {
        let named: Set<UInt32> = [0x08, 0x09, 0x0A, 0x0D]
        for code in UInt32(0x01)...0x1A where !named.contains(code) {
            #expect(KeyDecoding.character(code) == .control(Character(Unicode.Scalar(code + 0x60)!)), "code \(code)")
        }
    }

    /// NUL, the codes after Ctrl-Z and the C1 controls mean nothing and are never taken as text.
    @Test func meaninglessControlsAreDropped() {
        for code in [UInt32(0x00)] + Array(0x1C...0x1F) + Array(0x80...0x9F) {
            #expect(KeyDecoding.character(code) == nil, "code \(code)")
        }
        #expect(KeyDecoding.character(0xD800) == nil, "a lone surrogate is no character")
        #expect(KeyDecoding.character(0x110000) == nil, "past Unicode")
    }

    @Test func textIsText() {
        for text in ["a", "Z", " ", "~", "ә", "Ң", "ү", "Ы", "é", "中", "🙂"] {
            let scalar = text.unicodeScalars.first!
            #expect(KeyDecoding.character(scalar.value) == .character(Character(scalar)), "\(text)")
        }
    }

    @Test func functionKeys() {
        let expected: [(Int32, KeyEvent)] = [
            (tk_key_up(), .up), (tk_key_down(), .down), (tk_key_left(), .left), (tk_key_right(), .right),
            (tk_key_home(), .home), (tk_key_end(), .end), (tk_key_page_up(), .pageUp), (tk_key_page_down(), .pageDown),
            (tk_key_backspace(), .backspace), (tk_key_delete(), .delete), (tk_key_insert(), .insert),
            (tk_key_back_tab(), .backTab), (tk_key_enter(), .enter),
        ]
        for (code, key) in expected { #expect(KeyDecoding.keyCode(code) == key, "\(key)") }
        for number in 1...12 { #expect(KeyDecoding.keyCode(tk_key_f(Int32(number))) == .function(number)) }
        #expect(KeyDecoding.keyCode(tk_key_f(13)) == nil, "F13 and beyond have no binding")
        #expect(KeyDecoding.keyCode(tk_key_resize()) == nil, "resize is not a key")
        #expect(KeyDecoding.keyCode(tk_key_mouse()) == nil, "a mouse report is not a key")
    }

    private func mouse(_ state: mmask_t, x: Int32 = 7, y: Int32 = 3) -> MouseEvent? {
        var event = MEVENT()
        event.x = x
        event.y = y
        event.bstate = state
        return KeyDecoding.mouse(event)
    }

    @Test func mouseButtonsAndWheel() {
        #expect(mouse(tk_button1_pressed()) == MouseEvent(.press(.left), x: 7, y: 3))
        #expect(mouse(tk_button1_released()) == MouseEvent(.release(.left), x: 7, y: 3))
        #expect(mouse(tk_button2_pressed()) == MouseEvent(.press(.middle), x: 7, y: 3))
        #expect(mouse(tk_button2_released()) == MouseEvent(.release(.middle), x: 7, y: 3))
        #expect(mouse(tk_button3_pressed(), x: 0, y: 0) == MouseEvent(.press(.right), x: 0, y: 0))
        #expect(mouse(tk_button3_released()) == MouseEvent(.release(.right), x: 7, y: 3))
        #expect(mouse(tk_button4_pressed()) == MouseEvent(.wheelUp, x: 7, y: 3))
        #expect(mouse(tk_button5_pressed()) == MouseEvent(.wheelDown, x: 7, y: 3))
        // Terminals that report only clicks: a click is a press.
        #expect(mouse(tk_button1_clicked()) == MouseEvent(.press(.left), x: 7, y: 3))
        #expect(mouse(tk_button2_clicked()) == MouseEvent(.press(.middle), x: 7, y: 3))
        #expect(mouse(tk_button3_clicked()) == MouseEvent(.press(.right), x: 7, y: 3))
        #expect(mouse(0) == nil, "motion with no button")
    }
}
