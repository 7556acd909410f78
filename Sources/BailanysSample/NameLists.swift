import BailanysCore
import BailanysResources
import Foundation

/// The vocabulary of the demo directory, decoded from `Resources/names.json`.
/// Given-name lists run from most to least popular; surnames are stored in the masculine form.
public struct NameLists: Sendable, Decodable {
    public struct Theme: Sendable, Decodable {
        /// Stable key stored on initiatives, e.g. `ecology`.
        public var key: String
        /// Title templates; `{place}` becomes the settlement's name in the same language.
        public var titlesKk: [String]
        public var titlesRu: [String]
    }

    public struct Foundation: Sendable, Decodable {
        public var name: String
        public var kind: OrganizationKind
    }

    public var kazakhFemale: [String]
    public var kazakhMale: [String]
    public var russianFemale: [String]
    public var russianMale: [String]
    public var kazakhSurnames: [String]
    public var russianSurnames: [String]
    /// Lower-case Cyrillic letter → Latin spelling, as passports and spreadsheets write names.
    public var latin: [String: String]
    public var themes: [Theme]
    public var foundations: [Foundation]
    /// Short interaction notes.
    public var notes: [String]

    public init(json: Data) throws {
        self = try JSONDecoder().decode(NameLists.self, from: json)
        guard !kazakhFemale.isEmpty, !kazakhMale.isEmpty, !russianFemale.isEmpty, !russianMale.isEmpty,
              !kazakhSurnames.isEmpty, !russianSurnames.isEmpty, !themes.isEmpty,
              themes.allSatisfy({ !$0.titlesKk.isEmpty && !$0.titlesRu.isEmpty }) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "names.json: a name list is empty"))
        }
    }

    /// The lists shipped with Bailanys.
    public static func bundled() throws -> NameLists {
        try NameLists(json: BailanysResources.data(.names))
    }

    /// Latin spelling of Cyrillic text, capitalising each word: "Айгерім Бекова" → "Aigerim Bekova".
    public func latinized(_ text: String) -> String {
        var result = ""
        var atWordStart = true
        for character in text {
            let lower = String(character).lowercased()
            let spelled = latin[lower] ?? lower
            if atWordStart, character.isLetter {
                result += spelled.prefix(1).uppercased() + spelled.dropFirst()
            } else {
                result += spelled
            }
            if character.isLetter || character.isNumber {
                if !spelled.isEmpty { atWordStart = false }
            } else {
                atWordStart = true
            }
        }
        return result
    }

    /// Lower-case ASCII spelling for e-mail and Telegram handles.
    func handle(_ text: String) -> String {
        String(latinized(text).lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) })
    }
}

/// Surname forms by gender, following Kazakh and Russian usage.
enum Surname {
    /// Сапаров → Сапарова, Никитин → Никитина, Ковальский → Ковальская; Ким and Шевченко do not change.
    static func form(_ masculine: String, gender: Gender) -> String {
        guard gender == .female else { return masculine }
        if masculine.hasSuffix("ский") { return String(masculine.dropLast(2)) + "ая" }
        for ending in ["ов", "ев", "ёв", "ин", "ын"] where masculine.hasSuffix(ending) {
            return masculine + "а"
        }
        return masculine
    }

    /// The patronymic-style surname many Kazakhs now use: Ерлан → Ерланұлы / Ерланқызы.
    static func patronymic(father: String, gender: Gender) -> String {
        father + (gender == .female ? "қызы" : "ұлы")
    }
}
