import BailanysCore
import Foundation

// Build step run by the EmbedResources plugin: `embed-resources <Resources folder> <output.swift>`.
// Checks every data table and writes them all into one Swift source as string literals, so the binary
// carries its data (nothing to find beside it at run time) and a missing or broken table fails the build.

/// A table that cannot go into the build, named by its path under Resources/.
struct TableError: Error, CustomStringConvertible {
    let file: String
    let problem: String
    var description: String { "Resources/\(file): error: \(problem)" }
}

/// The UI languages; every one has the same string files with the same keys.
let languages = ["kk", "ru", "en"]
/// Files that are documentation, not data.
let ignored: Set<String> = ["README.md"]

struct Tables {
    var gazetteer = "", names = "", kazakhstanOutline = ""
    /// The gazetteer as decoded here, written out as Swift values: decoding its JSON at run time took about 3 ms of
    /// every start, more than the rest of opening the directory.
    var places: Gazetteer?
    /// Language → (file name, text), in file-name order.
    var strings: [String: [(name: String, text: String)]] = [:]
}

func readText(_ folder: URL, _ file: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(file).path) else {
        throw TableError(file: file, problem: "missing")
    }
    guard let text = String(validating: data, as: UTF8.self) else {
        throw TableError(file: file, problem: "not valid UTF-8")
    }
    return text
}

func jsonObject(_ text: String, file: String) throws -> [String: Any] {
    do {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw TableError(file: file, problem: "expected a JSON object at the top level")
        }
        return object
    } catch let error as TableError {
        throw error
    } catch {
        throw TableError(file: file, problem: "invalid JSON: \(error.localizedDescription)")
    }
}

/// Every file under `folder`, as paths relative to it, sorted.
func listFiles(_ folder: URL) throws -> [String] {
    guard let walker = FileManager.default.enumerator(atPath: folder.path) else {
        throw TableError(file: "", problem: "the Resources folder is missing")
    }
    var files: [String] = []
    while let path = walker.nextObject() as? String {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isFolder),
           !isFolder.boolValue { files.append(path) }
    }
    return files.sorted()
}

func loadTables(_ folder: URL) throws -> Tables {
    var tables = Tables()
    // The typed tables are decoded by the same code the app uses, so a shape error surfaces here.
    tables.gazetteer = try readText(folder, "gazetteer.json")
    do { tables.places = try Gazetteer(json: Data(tables.gazetteer.utf8)) } catch {
        throw TableError(file: "gazetteer.json", problem: "\(error)")
    }
    tables.kazakhstanOutline = try readText(folder, "kazakhstan-outline.json")
    do { _ = try CountryOutline(json: Data(tables.kazakhstanOutline.utf8)) } catch {
        throw TableError(file: "kazakhstan-outline.json", problem: "\(error)")
    }
    // NameLists lives in BailanysSample, above these tables (its tests decode the file); here: lists and maps, none empty.
    tables.names = try readText(folder, "names.json")
    for (key, value) in try jsonObject(tables.names, file: "names.json") {
        let count = (value as? [Any])?.count ?? (value as? [String: Any])?.count ?? 0
        if count == 0 { throw TableError(file: "names.json", problem: "\"\(key)\" should be a non-empty list or map") }
    }

    var keysByFile: [String: Set<String>] = [:]  // "core.json" → keys, from the first language
    for language in languages {
        let prefix = "strings/\(language)/"
        let names = try listFiles(folder).filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
        if names.isEmpty { throw TableError(file: prefix, problem: "no string tables") }
        var seen: [String: String] = [:]  // key → file that defines it
        var files: [(name: String, text: String)] = []
        for name in names {
            let path = prefix + name
            guard name.hasSuffix(".json"), !name.contains("/") else { throw TableError(file: path, problem: "not a string table") }
            let text = try readText(folder, path)
            var keys = Set<String>()
            for (key, value) in try jsonObject(text, file: path) {
                guard value is String else { throw TableError(file: path, problem: "\"\(key)\" should be a string") }
                if let other = seen[key] { throw TableError(file: path, problem: "\"\(key)\" is also defined in \(prefix)\(other)") }
                seen[key] = name
                keys.insert(key)
            }
            if let expected = keysByFile[name], expected != keys {
                let missing = expected.subtracting(keys).sorted(), extra = keys.subtracting(expected).sorted()
                throw TableError(file: path, problem: "keys differ from strings/\(languages[0])/\(name): "
                                 + "missing \(missing), extra \(extra)")
            }
            if language == languages[0] { keysByFile[name] = keys }
            files.append((name, text))
        }
        if language != languages[0], Set(names) != Set(keysByFile.keys) {
            throw TableError(file: prefix, problem: "files \(names) differ from strings/\(languages[0])/: \(keysByFile.keys.sorted())")
        }
        tables.strings[language] = files
    }

    let known: Set<String> = ["gazetteer.json", "names.json", "kazakhstan-outline.json"]
    for file in try listFiles(folder) where !known.contains(file) && !ignored.contains(file) {
        let isString = languages.contains { file.hasPrefix("strings/\($0)/") }
        if !isString { throw TableError(file: file, problem: "not a known table; teach embed-resources about it") }
    }
    return tables
}

/// A Swift string literal whose UTF-8 is exactly `text`'s: quotes, backslashes, controls and invisible
/// format characters escaped, everything else (Cyrillic included) kept readable.
func swiftLiteral(_ text: String) -> String {
    var literal = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": literal += "\\\\"
        case "\"": literal += "\\\""
        case "\n": literal += "\\n"
        default:
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
                literal += "\\u{\(String(scalar.value, radix: 16))}"
            default:
                literal.unicodeScalars.append(scalar)
            }
        }
    }
    return literal + "\""
}

/// Swift expressions that build the gazetteer's values, for the generated source.
func swiftValue(_ names: PlaceNames) -> String {
    "PlaceNames(kk: \(swiftLiteral(names.kk)), kkLatn: \(swiftLiteral(names.kkLatn)), ru: \(swiftLiteral(names.ru)), en: \(swiftLiteral(names.en)))"
}

func swiftValue(_ strings: [String]) -> String { "[" + strings.map(swiftLiteral).joined(separator: ", ") + "]" }

func swiftValue(_ region: Region) -> String {
    "Region(key: \(swiftLiteral(region.key)), kind: .\(region.kind.rawValue), names: \(swiftValue(region.names)), "
        + "centre: \(swiftLiteral(region.centre)), aliases: \(swiftValue(region.aliases)))"
}

func swiftValue(_ place: Settlement) -> String {
    "Settlement(key: \(swiftLiteral(place.key)), region: \(swiftLiteral(place.region)), type: .\(place.type.rawValue), "
        + "names: \(swiftValue(place.names)), latitude: \(place.latitude), longitude: \(place.longitude), "
        + "population: \(place.population), aliases: \(swiftValue(place.aliases)))"
}

func source(_ tables: Tables) -> String {
    let places = tables.places!
    var out = """
        // Generated at build time by embed-resources from Resources/, which it checked; do not edit.
        import BailanysCore

        enum EmbeddedTables {
            static let gazetteer = \(swiftLiteral(tables.gazetteer))
            static let gazetteerSource = \(swiftLiteral(places.source))
            static let gazetteerRegions: [Region] = [
        \(places.regions.map { "        " + swiftValue($0) + "," }.joined(separator: "\n"))
            ]
            static let gazetteerSettlements: [Settlement] = [
        \(places.settlements.map { "        " + swiftValue($0) + "," }.joined(separator: "\n"))
            ]
            static let names = \(swiftLiteral(tables.names))
            static let kazakhstanOutline = \(swiftLiteral(tables.kazakhstanOutline))
            /// Language code → its string tables, in file-name order.
            static let strings: [String: [String]] = [

        """
    for language in languages {
        out += "        \(swiftLiteral(language)): [\n"
        for file in tables.strings[language] ?? [] {
            out += "            // \(file.name)\n            \(swiftLiteral(file.text)),\n"
        }
        out += "        ],\n"
    }
    return out + "    ]\n}\n"
}

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: embed-resources <Resources folder> <output.swift>\n".utf8))
    exit(2)
}
do {
    let tables = try loadTables(URL(fileURLWithPath: arguments[1], isDirectory: true))
    let text = source(tables)
    let output = URL(fileURLWithPath: arguments[2])
    // Unchanged output keeps its timestamp, so nothing downstream recompiles.
    if FileManager.default.contents(atPath: output.path) != Data(text.utf8) {
        try Data(text.utf8).write(to: output, options: .atomic)
    }
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
