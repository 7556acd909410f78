import Foundation
import Testing

/// config.toml as the binary meets it: a corrupt file is a clear error naming it, for every command
/// that reads it, and is left exactly as it was.
@Suite struct ConfigCommandTests {
    let cli = BinaryRunner()

    @Test func corruptConfigIsAClearErrorNamingTheFile() throws {
        let db = try cli.demo()
        let config = cli.path("config/bailanys/config.toml")
        try FileManager.default.createDirectory(atPath: (config as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let corrupt = Data([0x6D, 0x65, 0x20, 0x3D, 0x20, 0x22, 0x50, 0xFF, 0x22, 0x0A])  // me = "P\xFF"
        try corrupt.write(to: URL(fileURLWithPath: config))
        for arguments in [["show", "P1", "--db", db], ["suggest", "--db", db]] {
            let result = try cli.run(arguments)
            #expect(result.status == 1, "\(arguments[0]): \(result.stderr)")
            #expect(result.stderr.contains("\(config): the config file is not UTF-8 text"), "\(arguments[0]): \(result.stderr)")
        }
        #expect(FileManager.default.contents(atPath: config) == corrupt)
    }
}
