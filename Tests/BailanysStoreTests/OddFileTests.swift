import BailanysCore
import BailanysPolicy
@testable import BailanysStore
import Foundation
import Testing

/// Files a directory path can point at by mistake, and what a killed or crashed program leaves behind.
@Suite struct OddFileTests {
    static func folderContents(of path: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent).sorted()
    }

    @Test func aFIFOIsRefusedWithoutBlocking() throws {
        let path = Fixtures.temporaryPath("pipe.sqlite")
        #expect(mkfifo(path, 0o600) == 0)
        #expect(throws: StoreError.notAFile(path: path)) { try DirectoryStore.open(path: path, gazetteer: Fixtures.gazetteer) }
        #expect(throws: StoreError.notAFile(path: path)) {
            try DirectoryStore.replace(path: path, gazetteer: Fixtures.gazetteer, overwrite: true) { _ in }
        }
    }

    @Test func aDeviceOrAFolderIsRefusedAndGetsNoJournal() throws {
        let folder = Fixtures.temporaryPath("folder.sqlite")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for path in ["/dev/null", folder] {
            #expect(throws: StoreError.notAFile(path: path)) { try DirectoryStore.open(path: path, gazetteer: Fixtures.gazetteer) }
            #expect(!FileManager.default.fileExists(atPath: path + "-journal"))
            #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        }
    }

    @Test func anEmptyFileIsNotSilentlyMadeADirectory() throws {
        let path = Fixtures.temporaryPath("empty.sqlite")
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        #expect(throws: StoreError.emptyFile(path: path)) { try DirectoryStore.open(path: path, gazetteer: Fixtures.gazetteer) }
        #expect(Fixtures.bytes(path).isEmpty)
        #expect(try Self.folderContents(of: path) == ["empty.sqlite"])
    }

    /// `sample --force` killed midway left `<path>.partial-<pid>` files that nothing removed.
    @Test func partialFilesOfDeadProcessesAreRemovedByTheNextReplace() throws {
        let store = try Fixtures.store()
        let dead = try Self.pidOfAFinishedProcess()
        let abandoned = "\(store.path).partial-\(dead)"
        let living = "\(store.path).partial-\(getppid())"
        for file in [abandoned, abandoned + "-journal", living] { #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8))) }
        _ = try DirectoryStore.replace(path: store.path, gazetteer: Fixtures.gazetteer, overwrite: true) { _ in }
        #expect(!FileManager.default.fileExists(atPath: abandoned))
        #expect(!FileManager.default.fileExists(atPath: abandoned + "-journal"))
        #expect(FileManager.default.fileExists(atPath: living), "another running process may still be building it")
    }

    /// A killed `sample --force` or `publish` left its partial files until the next replace of that path: any use of
    /// the file now removes them (review G), and a new partial file is hidden like an export's.
    @Test func partialFilesOfDeadProcessesAreRemovedWhenTheFileIsNextOpened() throws {
        let store = try Fixtures.store()
        let dead = try Self.pidOfAFinishedProcess()
        let folder = (store.path as NSString).deletingLastPathComponent, name = (store.path as NSString).lastPathComponent
        let abandoned = ["\(folder)/.\(name).partial-\(dead)", "\(folder)/.\(name).partial-\(dead)-journal", "\(store.path).partial-\(dead)"]
        let living = "\(folder)/.\(name).partial-\(getppid())"
        for file in abandoned + [living] { #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8))) }
        _ = try DirectoryStore.open(path: store.path, gazetteer: Fixtures.gazetteer)
        #expect(abandoned.allSatisfy { !FileManager.default.fileExists(atPath: $0) })
        #expect(FileManager.default.fileExists(atPath: living), "another running process may still be building it")
        try FileManager.default.removeItem(atPath: living)
        _ = try DirectoryStore.replace(path: store.path, gazetteer: Fixtures.gazetteer, overwrite: true) { _ in
            #expect((try? Self.folderContents(of: store.path))?.contains(".\(name).partial-\(getpid())") == true)
        }
    }

    /// `sample --force` renamed a new file over a directory an app still had open: the app went on writing
    /// into the replaced file and its WAL, and those writes were lost.
    @Test func replacingADirectoryThatIsOpenKeepsTheOpenStoreWorking() throws {
        let store = try Fixtures.store()
        try store.logInteraction(SharedUseTests.contact(1, 3), by: Fixtures.national, today: Fixtures.today)
        let replaced = try DirectoryStore.replace(path: store.path, gazetteer: Fixtures.gazetteer, overwrite: true) { fresh in
            try fresh.insert(Fixtures.directory)
        }
        #expect(try store.stats().interactions == 3, "the open store sees the new content")
        try store.logInteraction(SharedUseTests.contact(2, 4), by: Fixtures.national, today: Fixtures.today)
        #expect(try replaced.stats().interactions == 4)
        #expect(try SharedUseTests.interactionsSeenByAnotherProcess(store.path) == 4)
        #expect(try replaced.doctor().healthy)
    }

    /// A damaged page went unnoticed by `stats`, which reads no row on most pages; `stats` now checks every page.
    @Test func aDamagedPageIsReportedByStatsAndDoctor() throws {
        let (sample, _) = try Fixtures.sampleStore(alumni: 300)
        let path = sample.path
        try sample.queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        // The root page of the interactions, which `stats` does not read: a page chosen by its position in the file
        // could be a full-text blob or free space, whose bytes no check can judge.
        let root = try #require(try sample.queue.read { try Int.fetchOne($0, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'interaction'") })
        let pageSize = try #require(try sample.queue.read { try Int.fetchOne($0, sql: "PRAGMA page_size") })
        try sample.queue.close()
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seek(toOffset: UInt64((root - 1) * pageSize))
        handle.write(Data(repeating: 0xFF, count: 2000))
        try handle.close()

        let store = try DirectoryStore.open(path: path, gazetteer: sample.gazetteer)
        #expect {
            try store.checkIntegrity()
        } throws: { error in
            guard case .damaged(let damaged, _) = error as? StoreError else { return false }
            return damaged == path
        }
        let report = try store.doctor()
        #expect(!report.healthy)
        #expect(report.checks.first { $0.name == "integrity" }?.ok == false)
    }

    static func pidOfAFinishedProcess() throws -> pid_t {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }
}
