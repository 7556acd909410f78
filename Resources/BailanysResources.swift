import Foundation

/// The one accessor for the bundled data files; everything else receives their bytes.
public enum BailanysResources {
    public enum File: String, Sendable {
        case gazetteer = "gazetteer.json"
        case names = "names.json"
        /// Kazakhstan's border for the map (Natural Earth 1:110m, public domain).
        case kazakhstanOutline = "kazakhstan-outline.json"
    }

    public static func data(_ file: File) -> Data {
        load(file.rawValue)
    }

    /// UI string tables for a language code (`kk`, `ru`, `en`): every `strings/<code>/*.json`, by file
    /// name. Each screen area keeps its own file so that areas grow without touching one shared table.
    public static func strings(language: String) -> [Data] {
        // `.copy("strings")` keeps the folder, so the tables sit in `strings/<code>/` inside the bundle.
        // Listed from the folder itself: `Bundle.urls(forResourcesWithExtension:…)` returns `NSURL`s on Linux.
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("strings/\(language)"),
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return names.filter { $0.hasSuffix(".json") }.sorted()
            .compactMap { try? Data(contentsOf: folder.appendingPathComponent($0)) }
    }

    private static func load(_ name: String) -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil),
              let data = try? Data(contentsOf: url) else {
            // A missing bundled file is a broken build, not a user error.
            fatalError("bundled resource \(name) is missing from the Bailanys build")
        }
        return data
    }
}
