import BailanysCore
import BailanysGraph

/// What the user typed as a meetup's focus.
public enum MeetupFocusInput: Equatable, Sendable {
    /// Nothing typed: everyone in the radius.
    case everyone
    case focus(MeetupFocus)
    case invalid

    /// `isolated`, `round:R3`, `theme:ecology` or `region:NAME` (a region in any spelling); the command line's
    /// `--focus` and the planner screen's field read the same syntax.
    public init(_ text: String, places: PlaceResolver) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            self = .everyone
            return
        }
        if trimmed.lowercased() == "isolated" {
            self = .focus(.isolated)
            return
        }
        let kind = trimmed.prefix { $0 != ":" }.lowercased()
        let value = trimmed.drop { $0 != ":" }.dropFirst().trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else {
            self = .invalid
            return
        }
        switch kind {
        case "round":
            guard let id = EntityID(value), id.kind == .round else {
                self = .invalid
                return
            }
            self = .focus(.round(id))
        case "theme":
            // A theme's name in any of the three languages, as the directory's filter reads it.
            self = .focus(.theme(Strings.themeKey(typed: value)))
        case "region":
            guard let match = places.resolve(value).first else {
                self = .invalid
                return
            }
            self = .focus(.region(match.regionKey))
        default:
            self = .invalid
        }
    }
}

extension MeetupFocusInput {
    /// A focus written back in the syntax the field reads (`isolated`, `round:R3`, `theme:ecology`,
    /// `region:Маңғыстау облысы`), so that a saved meetup's form plans it again as it was.
    public static func text(_ focus: MeetupFocus?, gazetteer: Gazetteer, language: Language) -> String {
        switch focus {
        case nil: ""
        case .isolated?: "isolated"
        case .round(let id)?: "round:\(id)"
        case .theme(let theme)?: "theme:\(theme)"
        case .region(let key)?: "region:" + (gazetteer.region(key)?.names.name(for: language.rawValue) ?? key)
        }
    }
}
