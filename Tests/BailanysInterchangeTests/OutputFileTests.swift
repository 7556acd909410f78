import BailanysInterchange
import Foundation
import Testing

@Suite struct OutputFileTests {
    static func folder() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bailanys-output-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func streamedContentAppearsOnlyWhenCommitted() throws {
        let path = Self.folder() + "/out.json"
        let file = try OutputFile(path: path, overwrite: false)
        try file.write("[1,")
        #expect(!FileManager.default.fileExists(atPath: path))
        try file.write("2]")
        try file.commit()
        #expect(String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self) == "[1,2]")
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! Int == 0o600)
    }

    @Test func aDiscardedFileLeavesTheOldOneAndNoTrace() throws {
        let folder = Self.folder()
        let path = folder + "/out.csv"
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        let file = try OutputFile(path: path, overwrite: true)
        try file.write("half of the new")
        file.discard()
        #expect(String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.csv"])
    }

    /// An export killed midway (kill -9) left its hidden partial file for good, with whatever it held (private
    /// contacts, sensitive categories); the next export of that name removes it. One of a running export stays.
    @Test func aKilledExportsPartialFileGoesWithTheNextExport() throws {
        let folder = Self.folder()
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let abandoned = "\(folder)/.s.csv.partial-\(gone.processIdentifier)-1A2B3C4D"
        let running = "\(folder)/.s.csv.partial-1-5E6F7A8B", other = "\(folder)/.t.csv.partial-\(gone.processIdentifier)-1A2B3C4D"
        for leftover in [abandoned, running, other] { try "P1,NEET".write(toFile: leftover, atomically: false, encoding: .utf8) }
        let file = try OutputFile(path: folder + "/s.csv", overwrite: false)
        try file.write("new")
        try file.commit()
        let left = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(left == [".s.csv.partial-1-5E6F7A8B", ".t.csv.partial-\(gone.processIdentifier)-1A2B3C4D", "s.csv"], "\(left)")
    }

    @Test func aNameTakenWhileWritingIsNotReplaced() throws {
        let path = Self.folder() + "/out.csv"
        let file = try OutputFile(path: path, overwrite: false)
        try file.write("mine")
        try "someone else's".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(throws: OutputFile.Failure.exists(path: path)) { try file.commit() }
        #expect(String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self) == "someone else's")
    }

    @Test func linksDevicesAndFoldersAreRefusedEvenWhenForced() throws {
        let folder = Self.folder()
        let link = folder + "/link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: folder + "/target")
        for path in [link, "/dev/null", folder] {
            #expect(throws: OutputFile.Failure.notARegularFile(path: path)) { try OutputFile.write("x", to: path, overwrite: true) }
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/target"))
    }

    /// The app's exports replaced an earlier file of the same name without a word: another directory's meetup M1,
    /// the day's earlier report (review). Each now goes under the first free name.
    @Test func anAppExportKeepsTheFilesAlreadyThere() throws {
        let folder = Self.folder()
        let path = folder + "/meetup-M1.ics"
        try "another directory's M1".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(try OutputFile.writeKeepingOthers("first", as: path) == folder + "/meetup-M1-2.ics")
        #expect(try OutputFile.writeKeepingOthers("second", as: path) == folder + "/meetup-M1-3.ics")
        #expect(String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self) == "another directory's M1")
        #expect(String(decoding: FileManager.default.contents(atPath: folder + "/meetup-M1-3.ics")!, as: UTF8.self) == "second")
        #expect(try OutputFile.writeKeepingOthers("x", as: folder + "/fresh.csv") == folder + "/fresh.csv")
        // Files that go together share the first number free for all: the list's -2 was free, the calendar's was not.
        #expect(try OutputFile.writeKeepingOthers([("c", path), ("l", folder + "/meetup-M1-invitees.csv")])
                == [folder + "/meetup-M1-4.ics", folder + "/meetup-M1-invitees-4.csv"])
    }
}
