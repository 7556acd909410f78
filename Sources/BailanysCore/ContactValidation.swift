/// Checks for contact values typed in forms, on the command line and in imports: one rule each.
public enum ContactValidation {
    /// What a valid value of the kind looks like, for error messages.
    public static func expected(_ kind: ContactKind) -> String {
        switch kind {
        case .phone: "a phone number of 10–15 digits, e.g. +7 701 234 56 78"
        case .email: "an e-mail address like name@example.kz"
        case .telegram: "a Telegram username of 5–32 letters, digits or _ (with or without @)"
        }
    }

    /// The value in canonical form, or nil when it is not valid for the kind.
    public static func normalized(_ value: String, as kind: ContactKind) -> String? {
        let trimmed = value.trimmingCharacters(in: " \t")
        switch kind {
        case .phone:
            guard trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || " +-()".contains($0)) }) else { return nil }
            let digits = trimmed.filter(\.isNumber)
            guard (10...15).contains(digits.count), !trimmed.dropFirst().contains("+") else { return nil }
            return String(trimmed)
        case .email:
            let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
                  !parts[1].hasSuffix("."), !trimmed.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 32 } == true })
            else { return nil }
            return String(trimmed)
        case .telegram:
            let handle = trimmed.hasPrefix("@") ? trimmed.dropFirst() : trimmed[...]
            guard (5...32).contains(handle.count),
                  handle.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else { return nil }
            return "@" + handle
        }
    }
}
