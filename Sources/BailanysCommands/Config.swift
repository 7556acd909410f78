import BailanysCore
import BailanysGraph
import Foundation
import NcursesBackend
import TOMLKit

/// `$XDG_CONFIG_HOME/bailanys/config.toml`: who I am and my language. Unknown keys are kept
/// untouched when we write, so hand edits and later versions' settings survive.
///
/// Who I am is remembered per directory file in `[identities]` (absolute path = person id): P12 of one file is
/// not P12 of another, so a new `--db` asks afresh. The older top-level `me` still answers for the default
/// directory, and is kept in step with it.
struct ConfigFile: Equatable {
    var me: EntityID?
    var language: String?
    var identities: [String: EntityID] = [:]
    /// Whether the app sends copies to the terminal's clipboard (OSC 52): "auto" (the default), "on" or "off".
    /// Read only: set by hand.
    var clipboard: ClipboardSetting?

    /// The key of a directory file in `[identities]`: its absolute, standardised path.
    static func identityKey(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }

    /// Who I am in the directory at `path`; the top-level `me` only for the default directory.
    func me(in path: String, defaultPath: String) -> EntityID? {
        identities[Self.identityKey(path)] ?? (Self.identityKey(path) == Self.identityKey(defaultPath) ? me : nil)
    }

    /// Remembers (or, with nil, forgets) who I am in the directory at `path`.
    mutating func setMe(_ id: EntityID?, in path: String, defaultPath: String) {
        identities[Self.identityKey(path)] = id
        if Self.identityKey(path) == Self.identityKey(defaultPath) { me = id }
    }

    static func load(path: String) throws -> ConfigFile {
        guard let table = try table(path: path) else { return ConfigFile() }
        var config = ConfigFile()
        if let me = table["me"] {
            guard let text = me.string, let id = EntityID(text), id.kind == .person else {
                throw CommandError.user("\(path): field `me` must be a person id like \"P12\".")
            }
            config.me = id
        }
        if let language = table["language"] {
            guard let code = language.string, ["kk", "ru", "en"].contains(code) else {
                throw CommandError.user("\(path): field `language` must be \"kk\", \"ru\" or \"en\".")
            }
            config.language = code
        }
        if let clipboard = table["clipboard"] {
            guard let setting = clipboard.string.flatMap(ClipboardSetting.init(rawValue:)) else {
                throw CommandError.user("\(path): field `clipboard` must be \"auto\", \"on\" or \"off\".")
            }
            config.clipboard = setting
        }
        if let identities = table["identities"] {
            guard let entries = identities.table else {
                throw CommandError.user("\(path): `identities` must be a table ([identities]) of directory paths and person ids.")
            }
            for key in entries.keys {
                guard let text = entries[key]?.string, let id = EntityID(text), id.kind == .person else {
                    throw CommandError.user("\(path): identities.\"\(key)\" must be a person id like \"P12\".")
                }
                config.identities[key] = id
            }
        }
        return config
    }

    func save(path: String) throws {
        // A file we cannot read is refused, never replaced: it may hold the user's hand-written settings.
        let existing = try Self.table(path: path) ?? TOMLTable()
        if let me { existing["me"] = me.description } else { existing.remove(at: "me") }
        if let language { existing["language"] = language } else { existing.remove(at: "language") }
        if identities.isEmpty {
            existing.remove(at: "identities")
        } else {
            let table = TOMLTable()
            for (key, id) in identities.sorted(by: { $0.key < $1.key }) { table[key] = id.description }
            existing["identities"] = table
        }
        try FileManager.default.createDirectory(atPath: FilePath.folder(of: path),
                                                withIntermediateDirectories: true)
        try existing.convert().write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The screen, sort and filter remembered for the directory at `directory` (its path), from `[views]`.
    static func view(path: String, directory: String) -> String? {
        (try? table(path: path))??["views"]?.table?[directory]?.string
    }

    /// Remembers `line` for the directory at `directory`, keeping everything else in the file as it was.
    static func saveView(_ line: String, path: String, directory: String) throws {
        let existing = try table(path: path) ?? TOMLTable()
        let views = existing["views"]?.table ?? TOMLTable()
        views[directory] = line
        existing["views"] = views
        try FileManager.default.createDirectory(atPath: FilePath.folder(of: path),
                                                withIntermediateDirectories: true)
        try existing.convert().write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The tie model with the `[ties]` table of the config laid over the defaults, so a user can
    /// change one half-life without restating the rest. Unknown keys are errors, not silent no-ops.
    static func tieModel(path: String) throws -> TieModel {
        guard let overrides = try table(path: path)?["ties"] else { return .standard }
        guard let overrideTable = overrides.table else {
            throw CommandError.user("\(path): `ties` must be a table ([ties]).")
        }
        do {
            let merged: TOMLTable = try TOMLEncoder().encode(TieModel.standard)
            try overlay(overrideTable, onto: merged, path: "ties", file: path)
            return try TOMLDecoder().decode(TieModel.self, from: merged)
        } catch let error as CommandError {
            throw error
        } catch {
            throw CommandError.user("\(path): the [ties] table is invalid: \(error)")
        }
    }

    /// The config's TOML, or nil when there is no file. A file that exists but cannot be read, is not
    /// UTF-8 or is not valid TOML is an error naming it (and the line), never taken for an empty config.
    private static func table(path: String) throws -> TOMLTable? {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch CocoaError.fileReadNoSuchFile {
            return nil
        } catch {
            throw CommandError.user("\(path): the config file cannot be read (\(error.localizedDescription)) — fix or delete the file.")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandError.user("\(path): the config file is not UTF-8 text — fix or delete the file.")
        }
        do {
            return try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw CommandError.user("\(path):\(error.source.begin.line): \(error.description) — fix or delete the file.")
        }
    }

    private static func overlay(_ overrides: TOMLTable, onto base: TOMLTable, path: String, file: String) throws {
        for key in overrides.keys {
            guard let current = base[key], let value = overrides[key] else {
                throw CommandError.user("\(file): unknown setting \(path).\(key) (see docs/algorithms.md for the names).")
            }
            if let nested = current.table {
                guard let nestedOverride = value.table else {
                    throw CommandError.user("\(file): \(path).\(key) must be a table.")
                }
                try overlay(nestedOverride, onto: nested, path: "\(path).\(key)", file: file)
                base[key] = nested
            } else if current.double != nil, let number = value.double ?? value.int.map(Double.init) {
                base[key] = number
            } else if current.int != nil, let number = value.int {
                base[key] = number
            } else {
                throw CommandError.user("\(file): \(path).\(key) must be a number.")
            }
        }
    }
}
