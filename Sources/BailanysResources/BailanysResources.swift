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
}
