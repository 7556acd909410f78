import Foundation
import BailanysCore
import TerminalKit

/// One row of a form: free text, a yes/no toggle, or a choice among fixed values.
struct FormField: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        case text
        case toggle
        /// Raw values; shown through the strings table as `labelPrefix + value`.
        case choice([String], labelPrefix: String)
    }

    var id: String
    var labelKey: String
    var kind: Kind
    var input = TextInput()
    var isOn = false
    var choiceIndex = 0

    static func text(_ id: String, _ value: String = "") -> FormField {
        FormField(id: id, labelKey: "form.\(id)", kind: .text, input: TextInput(value))
    }

    static func toggle(_ id: String, labelKey: String, _ isOn: Bool) -> FormField {
        FormField(id: id, labelKey: labelKey, kind: .toggle, isOn: isOn)
    }

    static func choice(_ id: String, _ values: [String], labelPrefix: String, selected: String? = nil) -> FormField {
        FormField(id: id, labelKey: "form.\(id)", kind: .choice(values, labelPrefix: labelPrefix),
                  choiceIndex: selected.flatMap(values.firstIndex(of:)) ?? 0)
    }

    /// Its value in words ("—" for an empty text).
    func value(_ strings: Strings) -> String {
        switch kind {
        case .text: input.text.isEmpty ? "—" : input.text
        case .toggle: strings(isOn ? "form.yes" : "form.no")
        case .choice(let values, let labelPrefix): strings(labelPrefix + values[choiceIndex])
        }
    }
}

/// What a form is for; decides its fields, validation and what saving does.
enum FormPurpose: Equatable, Sendable {
    /// `suggestion`: the key of the suggestion the contact is logged from, counted as acted on.
    case log(party: EntityID, name: String, suggestion: String?)
    /// The form's fields are applied onto `record` and saved as an edit from `base`: the same record when the form
    /// opens, the edit carried onto the record as stored now and that record after a change made elsewhere.
    case editPerson(Person, base: Person)
    case addPerson
    case addOrganization
    case snooze(key: String, subject: EntityID, name: String)
}

struct Form: Equatable, Sendable {
    var purpose: FormPurpose
    var fields: [FormField]
    var focus = 0
    /// Messages shown under their field, by field id.
    var errors: [String: String] = [:]
    /// A message not tied to one field (e.g. the store refused).
    var generalError: String?
    /// Esc on a form that holds changes asks before throwing them away; y confirms, n or Esc goes back to the form
    /// (review: Esc dropped a filled add-person form without a word).
    private(set) var asksToDiscard = false
    /// The fields as the form opened, to tell whether Esc would lose anything.
    private let opened: [FormField]

    init(purpose: FormPurpose, fields: [FormField]) {
        self.purpose = purpose
        self.fields = fields
        opened = fields
    }

    /// Whether any field's value differs from what the form opened with (moving the cursor changes nothing).
    var hasChanges: Bool {
        zip(fields, opened).contains { now, then in
            now.input.text != then.input.text || now.isOn != then.isOn || now.choiceIndex != then.choiceIndex
        }
    }

    enum Outcome: Equatable {
        case editing, cancel, submit
    }

    private func field(_ id: String) -> FormField? { fields.first { $0.id == id } }

    func text(_ id: String) -> String { field(id)?.input.text.trimmingCharacters(in: .whitespaces) ?? "" }
    func isOn(_ id: String) -> Bool { field(id)?.isOn ?? false }

    func choice(_ id: String) -> String? {
        guard let field = field(id), case .choice(let values, _) = field.kind else { return nil }
        return values[field.choiceIndex]
    }

    mutating func handle(_ key: KeyEvent) -> Outcome {
        if asksToDiscard {
            switch KeyMap.action(for: key, in: .confirm) {
            case .confirm?: return .cancel
            case .cancel?: asksToDiscard = false
            default: break
            }
            return .editing
        }
        switch key {
        case .escape:
            guard hasChanges else { return .cancel }
            asksToDiscard = true
        case .enter: return .submit
        case .tab, .down: focus = (focus + 1) % fields.count
        case .backTab, .up: focus = (focus + fields.count - 1) % fields.count
        default:
            edit(&fields[focus], key)
            // The error was about what the field held before this key.
            errors[fields[focus].id] = nil
        }
        return .editing
    }

    private func edit(_ field: inout FormField, _ key: KeyEvent) {
        switch field.kind {
        case .text:
            field.input.handle(key)
        case .toggle:
            if key == .character(" ") || key == .left || key == .right { field.isOn.toggle() }
        case .choice(let values, _):
            if key == .right || key == .character(" ") { field.choiceIndex = (field.choiceIndex + 1) % values.count }
            if key == .left { field.choiceIndex = (field.choiceIndex + values.count - 1) % values.count }
        }
    }

    // MARK: Drawing

    /// Label column, field and its error under it, wrapped whole (a place's choices, a phone's example), and above the
    /// keys the form's own message (why saving failed), wrapped whole too; when the errors make the form taller than
    /// the screen, it starts at the field that keeps the focused one in view.
    func render(title: String, strings: Strings, theme: Theme, in area: Rect, buffer: inout Buffer) {
        let width = min(76, area.width - 2)
        let labelWidth = min(20, (width - 2) / 3)
        let boxWidth = max(1, width - 2 - labelWidth - 1)
        let errorLines = fields.map { field in errors[field.id].map { Render.wrap("✗ " + $0, width: boxWidth) } ?? [] }
        let heights = errorLines.map { 1 + max(1, $0.count) }
        let message = asksToDiscard ? [strings("confirm.discardForm")] : generalError.map { Render.wrap($0, width: width - 2) } ?? []
        // The message keeps at least one field row on the screen.
        let messageHeight = min(max(1, message.count), max(1, area.height - 5))
        let popup = Popup(title: title, width: width, height: min(heights.reduce(0, +) + 4 + messageHeight, area.height),
                          style: theme.text, borderStyle: theme.border)
        buffer.render(popup, in: area)
        let content = popup.contentArea(in: area)
        let room = content.height - 1 - messageHeight
        var first = 0
        while first < focus, heights[first...focus].reduce(0, +) > room { first += 1 }
        var y = content.minY
        for index in first..<fields.count {
            guard y + errorLines[index].count < content.minY + room else { break }
            let field = fields[index], isFocused = index == focus
            buffer.put(DisplayWidth.pad(strings(field.labelKey), toColumns: labelWidth, alignment: .right),
                       x: content.minX, y: y, style: isFocused ? theme.heading : theme.text)
            let box = Rect(x: content.minX + labelWidth + 1, y: y, width: boxWidth, height: 1)
            draw(field, focused: isFocused, strings: strings, theme: theme, in: box, buffer: &buffer)
            for (row, line) in errorLines[index].enumerated() {
                buffer.put(line, x: box.minX, y: y + 1 + row, style: theme.error, maxWidth: box.width)
            }
            y += heights[index]
        }
        for (row, line) in message.prefix(messageHeight).enumerated() {
            buffer.put(line, x: content.minX, y: content.maxY - 1 - messageHeight + row,
                       style: asksToDiscard ? theme.heading : theme.error, maxWidth: content.width)
        }
        let keys = StatusBar(hints: keyHints(strings), style: theme.dim, keyStyle: theme.statusKey)
        buffer.render(keys, in: Rect(x: content.minX, y: content.maxY - 1, width: content.width, height: 1))
    }

    /// The keys this form obeys: `Tab` only with a field to move to, `←→` only with a choice or a yes/no to change; the
    /// answers while it asks whether to discard.
    func keyHints(_ strings: Strings) -> [KeyHint] {
        if asksToDiscard { return KeyMap.hints(for: .confirm, strings: strings) }
        let changes = fields.contains { if case .text = $0.kind { false } else { true } }
        return (fields.count > 1 ? [KeyHint("Tab", strings("form.key.next"))] : [])
            + (changes ? [KeyHint("←→", strings("form.key.change"))] : [])
            + [KeyHint("Enter", strings("form.key.save")), KeyHint("Esc", strings("form.key.cancel"))]
    }

    private func draw(_ field: FormField, focused: Bool, strings: Strings, theme: Theme, in box: Rect, buffer: inout Buffer) {
        let style = focused ? theme.focusedField : theme.field
        switch field.kind {
        case .text:
            buffer.render(TextField(input: field.input, style: style, isFocused: focused), in: box)
        case .toggle:
            buffer.put((field.isOn ? "[x] " : "[ ] ") + field.value(strings), x: box.minX, y: box.minY, style: style)
        case .choice:
            buffer.put("‹ \(field.value(strings)) ›", x: box.minX, y: box.minY, style: style, maxWidth: box.width)
        }
    }
}
