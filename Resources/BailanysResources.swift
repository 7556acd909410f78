import Foundation

/// The one accessor for the bundled data files; everything else receives their bytes.
public enum BailanysResources {
    public enum File: String, Sendable {
        case gazetteer = "gazetteer.json"
        case names = "names.json"
    }

    public static func data(_ file: File) -> Data {
        load(file.rawValue)
    }

    /// UI string table for a language code (`kk`, `ru`, `en`).
    public static func strings(language: String) -> Data? {
        // `.copy("strings")` keeps the folder, so the tables sit in a `strings` subdirectory of the bundle.
        guard let url = Bundle.module.url(forResource: language, withExtension: "json", subdirectory: "strings") else {
            return nil
        }
        return try? Data(contentsOf: url)
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
