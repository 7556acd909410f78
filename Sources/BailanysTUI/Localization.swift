import BailanysCore
import BailanysResources
import Foundation
import TerminalKit

/// The three UI languages, in the order `L` cycles through them.
public enum Language: String, CaseIterable, Sendable, Hashable {
    case kk, ru, en

    /// The language after this one: kk → ru → en → kk.
    var next: Language {
        let all = Language.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// Flat key → text tables from `Resources/strings/{kk,ru,en}/*.json`, with `{name}` placeholders.
/// A key missing from a language falls back to English, and a key missing everywhere shows itself,
/// so a gap is visible instead of blank.
struct Strings: Sendable {
    let language: Language

    static func table(_ language: Language) -> [String: String] { BailanysResources.table(language.rawValue) }

    /// A theme's name: the data holds keys (`ecology`); an unknown one (an imported free-text theme) shows as stored.
    func theme(_ key: String) -> String { Self.table(language)["theme.\(key)"] ?? key }

    /// A language a person speaks, by its code (`kk`); a code without a name shows as stored.
    func languageName(_ code: String) -> String { Self.table(language)["language.\(code)"] ?? code }

    /// The theme key someone typed: a theme's name in any of the three languages, or its key, in any case and
    /// spelling (`экология`, `Ecology`); any other text as typed, for themes imported as free text.
    static func themeKey(typed text: String) -> String { BailanysResources.themeKey(named: text) ?? text }

    func callAsFunction(_ key: String, _ arguments: [String: String] = [:]) -> String {
        BailanysResources.text(key, language: language.rawValue, arguments)
    }

    // MARK: Formatting (deterministic: no system locale involved)

    /// `25 қар. 2026`, `25 нояб. 2026`, `25 Nov 2026`.
    func date(_ day: Day) -> String {
        let (year, month, dayOfMonth) = day.components
        return "\(dayOfMonth) \(self("month.\(month)")) \(year)"
    }

    /// The columns the longest `date` takes in this language (`28 сент. 2026`: 13), so a column of dates fits any.
    var widestDate: Int {
        (1...12).map { month in DisplayWidth.of("28 \(self("month.\(month)")) 2026") }.max() ?? 0
    }

    /// The last-contact column of the directory and of Mentees: the longest date or the heading, whichever is
    /// wider, so the column is the same on every screen and whatever dates it holds.
    var lastContactColumnWidth: Int { max(widestDate, DisplayWidth.of(self("col.last"))) }

    /// `3,11` (kk, ru), `3.11` (en): `places` decimals with the language's decimal separator, everywhere a
    /// fraction is shown (scores, percentages, modularity), so a screen never mixes the two.
    func decimal(_ value: Double, places: Int) -> String {
        String(format: "%.\(places)f", value).replacingOccurrences(of: ".", with: self("number.decimal"))
    }

    /// Thousands grouped with the language's separator: `12 345` (kk, ru), `12,345` (en).
    func number(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped += self("number.group") }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    func role(_ role: Role) -> String { self("role.\(role.rawValue)") }

    func roles(_ roles: Set<Role>) -> String { roles.sorted().map(role).joined(separator: ", ") }

    func place(_ settlementKey: String, in gazetteer: Gazetteer) -> String {
        guard let settlement = gazetteer.settlement(settlementKey) else { return settlementKey }
        let name = settlement.names.name(for: language.rawValue)
        guard let region = gazetteer.region(settlement.region), region.centre != settlement.key || region.kind != .city else {
            return name
        }
        return "\(name), \(region.names.name(for: language.rawValue))"
    }
}

extension String {
    /// The text with its first letter capitalised, for words written for the middle of a sentence ("round 5, 2023",
    /// "own team") that begin a line or a heading.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
