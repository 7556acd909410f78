import BailanysCore
import Foundation

/// The one accessor for the data tables in `Resources/`. They are compiled into the binary (the
/// EmbedResources build plugin checks them and generates `EmbeddedTables`), so an installed binary
/// needs nothing beside it, and a missing or broken table fails the build instead of the run.
public enum BailanysResources {
    public enum File: String, Sendable {
        case gazetteer = "gazetteer.json"
        case names = "names.json"
        /// Kazakhstan's border for the map (Natural Earth 1:110m, public domain).
        case kazakhstanOutline = "kazakhstan-outline.json"
    }

    /// The gazetteer, built from values the build step wrote out (no JSON to decode at start).
    public static let gazetteer: Gazetteer = {
        do {
            return try Gazetteer(source: EmbeddedTables.gazetteerSource, regions: EmbeddedTables.gazetteerRegions,
                                 settlements: EmbeddedTables.gazetteerSettlements)
        } catch {
            fatalError("the bundled gazetteer is broken: \(error)")  // embed-resources checked it; unreachable
        }
    }()

    public static func data(_ file: File) -> Data {
        switch file {
        case .gazetteer: Data(EmbeddedTables.gazetteer.utf8)
        case .names: Data(EmbeddedTables.names.utf8)
        case .kazakhstanOutline: Data(EmbeddedTables.kazakhstanOutline.utf8)
        }
    }

    /// UI string tables for a language code (`kk`, `ru`, `en`): every `strings/<code>/*.json`, in file-name
    /// order; empty for a language that has none. Each screen area keeps its own file so that areas grow
    /// without touching one shared table.
    public static func strings(language: String) -> [Data] {
        (EmbeddedTables.strings[language] ?? []).map { Data($0.utf8) }
    }

    /// A language's string files merged into one key → template table (empty for a language that has none).
    /// Keys are unique across a language's files (embed-resources checks the tables), so the merge order is moot.
    public static func stringTable(language: String) -> [String: String] {
        strings(language: language).reduce(into: [:]) { table, file in
            let part = (try? JSONDecoder().decode([String: String].self, from: file)) ?? [:]
            table.merge(part) { first, _ in first }
        }
    }

    // One table per language, each decoded on first use: a start needs its own language and, for a missing key, English.
    private static let kk = stringTable(language: "kk"), ru = stringTable(language: "ru"), en = stringTable(language: "en")

    /// The string table of a UI language (`kk`, `ru`, `en`), decoded once; English for any other code.
    public static func table(_ language: String) -> [String: String] {
        switch language {
        case "kk": kk
        case "ru": ru
        default: en
        }
    }

    /// A message in a language: its template (English when the language lacks the key, the key itself when every
    /// language does, so a gap shows instead of a blank) with its `{names}` filled.
    public static func text(_ key: String, language: String, _ arguments: [String: String] = [:]) -> String {
        fill(table(language)[key] ?? en[key] ?? key, arguments)
    }

    /// The theme a name stands for: a theme's key (`ecology`) or its name in kk, ru or en (`экология`), in any case and
    /// spelling; nil for any other text (perhaps a theme imported as free text).
    public static func themeKey(named text: String) -> String? {
        let folded = TextFold.fold(text)
        for table in [kk, ru, en] {
            for (key, name) in table where key.hasPrefix("theme.") {
                let theme = String(key.dropFirst("theme.".count))
                if TextFold.fold(name) == folded || TextFold.fold(theme) == folded { return theme }
            }
        }
        return nil
    }

    /// `template` with each `{name}` replaced by `arguments[name]`, in one pass: a value that itself holds
    /// `{…}` (a path, a detail from SQLite) stays as it is. A name without a value stays visible.
    public static func fill(_ template: String, _ arguments: [String: String]) -> String {
        guard !arguments.isEmpty else { return template }
        var result = "", rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}"),
                  let value = arguments[String(rest[rest.index(after: open)..<close])] else {
                result.append("{")
                rest = rest[rest.index(after: open)...]
                continue
            }
            result += value
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
