@testable import BailanysCommands
import BailanysCore
import BailanysGraph
import Foundation
import Testing

/// config.toml: a good file is read, a missing one means defaults, and a file that cannot be read is an
/// error naming it — and is never replaced when the app saves who I am or my language.
@Suite struct ConfigFileTests {
    let folder: String = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bailanys-config-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }()
    var path: String { folder + "/bailanys/config.toml" }

    private func write(_ bytes: [UInt8]) throws {
        try FileManager.default.createDirectory(atPath: folder + "/bailanys", withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
    private func write(_ text: String) throws { try write(Array(text.utf8)) }
    private var bytes: Data? { FileManager.default.contents(atPath: path) }

    @Test func goodFileIsRead() throws {
        try write("""
            me = "P12"
            language = "ru"
            theme = "kept"

            [ties.interaction]
            halfLifeDays = 90
            """)
        #expect(try ConfigFile.load(path: path) == ConfigFile(me: EntityID(.person, 12), language: "ru"))
        var expected = TieModel.standard
        expected.interaction.halfLifeDays = 90
        #expect(try ConfigFile.tieModel(path: path) == expected)
    }

    @Test func missingFileMeansDefaultsAndSavingCreatesIt() throws {
        #expect(try ConfigFile.load(path: path) == ConfigFile())
        #expect(try ConfigFile.tieModel(path: path) == .standard)
        try ConfigFile(me: EntityID(.person, 3), language: "kk").save(path: path)
        #expect(try ConfigFile.load(path: path) == ConfigFile(me: EntityID(.person, 3), language: "kk"))
    }

    @Test func savingKeepsOtherSettings() throws {
        try write("theme = \"kept\"\nme = \"P1\"\n\n[ties.team]\nweight = 4\n")
        try ConfigFile(me: EntityID(.person, 2), language: "en").save(path: path)
        let text = String(decoding: bytes ?? Data(), as: UTF8.self)
        #expect(text.contains("theme = 'kept'") || text.contains("theme = \"kept\""), "\(text)")
        #expect(try ConfigFile.load(path: path) == ConfigFile(me: EntityID(.person, 2), language: "en"))
        #expect(try ConfigFile.tieModel(path: path).team.weight == 4)
    }

    /// Broken TOML, bytes that are not UTF-8, and a folder where the file should be.
    static let corruptions: [(String, [UInt8])] = [
        ("invalid TOML", Array("me = \"P1\"\nlanguage = [unclosed\n".utf8)),
        ("not UTF-8", [0x6D, 0x65, 0x20, 0x3D, 0x20, 0x22, 0xFF, 0xFE, 0x22, 0x0A]),
    ]

    @Test(arguments: corruptions.map(\.0))
    func corruptFileIsAClearErrorAndIsNeverOverwritten(kind: String) throws {
        let corrupt = Self.corruptions.first { $0.0 == kind }!.1
        try write(corrupt)
        for (what, attempt) in [("load", { _ = try ConfigFile.load(path: path) }),
                                ("tieModel", { _ = try ConfigFile.tieModel(path: path) }),
                                ("save", { try ConfigFile(me: EntityID(.person, 2), language: "en").save(path: path) })] as [(String, () throws -> Void)] {
            let error = #expect(throws: CommandError.self, "\(what) of a file with \(kind)") { try attempt() }
            #expect(error?.message.hasPrefix(path) == true, "\(what): the error names the file: \(error?.message ?? "")")
            #expect(error?.message.contains("fix or delete") == true, "\(what): \(error?.message ?? "")")
        }
        #expect(bytes == Data(corrupt), "the corrupt file is left exactly as it was")
    }

    @Test func invalidTOMLErrorNamesTheLine() throws {
        try write("me = \"P1\"\nlanguage = [unclosed\n")
        let error = #expect(throws: CommandError.self) { try ConfigFile.load(path: path) }
        #expect(error?.message.hasPrefix("\(path):2:") == true, "\(error?.message ?? "")")
    }

    @Test func unreadablePlaceIsAClearError() throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let error = #expect(throws: CommandError.self) { try ConfigFile.load(path: path) }
        #expect(error?.message.hasPrefix(path) == true, "\(error?.message ?? "")")
        #expect(throws: CommandError.self) { try ConfigFile(me: nil, language: "en").save(path: path) }
        var isFolder: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue)
    }

    /// The remembered screen, sort and filter are kept per directory file in `[views]`, beside everything else.
    @Test func viewsAreRememberedPerDirectory() throws {
        try write("me = \"P12\"\ntheme = \"kept\"\n")
        #expect(ConfigFile.view(path: path, directory: "/data/a.sqlite") == nil)
        try ConfigFile.saveView("screen=mentees;sort=lastContact", path: path, directory: "/data/a.sqlite")
        try ConfigFile.saveView("screen=map", path: path, directory: "/data/b.sqlite")
        #expect(ConfigFile.view(path: path, directory: "/data/a.sqlite") == "screen=mentees;sort=lastContact")
        #expect(ConfigFile.view(path: path, directory: "/data/b.sqlite") == "screen=map")
        #expect(try ConfigFile.load(path: path).me == EntityID("P12"))
        #expect(String(decoding: bytes ?? Data(), as: UTF8.self).contains("theme = 'kept'")
                || String(decoding: bytes ?? Data(), as: UTF8.self).contains("theme = \"kept\""))
    }

    /// Who I am is per directory file: a new `--db` does not inherit the default directory's P1 (issue 14, item 4).
    @Test func identitiesArePerDirectory() throws {
        let defaultPath = folder + "/data/bailanys/directory.sqlite"
        try write("""
            me = "P1"
            language = "kk"
            """)
        var config = try ConfigFile.load(path: path)
        #expect(config.me(in: defaultPath, defaultPath: defaultPath) == EntityID(.person, 1), "the old `me` answers for the default file")
        #expect(config.me(in: folder + "/other.sqlite", defaultPath: defaultPath) == nil, "and for no other")
        config.setMe(EntityID(.person, 42), in: folder + "/./sub/../other.sqlite", defaultPath: defaultPath)
        try config.save(path: path)
        let reread = try ConfigFile.load(path: path)
        #expect(reread.me(in: folder + "/other.sqlite", defaultPath: defaultPath) == EntityID(.person, 42))
        #expect(reread.me(in: defaultPath, defaultPath: defaultPath) == EntityID(.person, 1))
        #expect(reread.language == "kk")
        let text = String(decoding: bytes ?? Data(), as: UTF8.self)
        #expect(text.contains("[identities]") && text.contains("\(folder)/other.sqlite") && text.contains("P42"), "\(text)")
        var again = reread
        again.setMe(EntityID(.person, 7), in: defaultPath, defaultPath: defaultPath)
        #expect(again.me == EntityID(.person, 7), "the default file keeps the top-level `me` in step")
    }

    @Test func aBadIdentityIsAClearError() throws {
        try write("""
            [identities]
            "/tmp/d.sqlite" = "O3"
            """)
        let error = #expect(throws: CommandError.self) { try ConfigFile.load(path: path) }
        #expect(error?.message.contains("must be a person id") == true, "\(error?.message ?? "")")
    }

    /// `clipboard` (OSC 52 copies) is read, checked, and kept as written when the app saves who I am.
    @Test func clipboardSettingIsReadAndKept() throws {
        try write("clipboard = \"off\"\n")
        #expect(try ConfigFile.load(path: path).clipboard == .off)
        try ConfigFile(me: EntityID(.person, 2), language: "en").save(path: path)
        #expect(try ConfigFile.load(path: path).clipboard == .off)
        try write("clipboard = \"yes\"\n")
        let error = #expect(throws: CommandError.self) { try ConfigFile.load(path: path) }
        #expect(error?.message.contains("`clipboard` must be \"auto\", \"on\" or \"off\"") == true, "\(error?.message ?? "")")
    }
}
