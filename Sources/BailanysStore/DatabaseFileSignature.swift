import Foundation

/// Recognises a SQLite database, or the write-ahead log or journal of one, by its first bytes: an output the person
/// names is never written over one, even with `--force`. `OpenDirectories` knows only this process's files; a
/// directory an app in another process has open was replaced by `export -o it --force --db other.sqlite`, the app
/// left writing into a file no longer there (review).
public enum DatabaseFileSignature {
    private static let databaseHeader = Array("SQLite format 3\0".utf8)
    /// A write-ahead log's magic number, big-endian, with either checksum order.
    private static let logHeaders: [[UInt8]] = [[0x37, 0x7F, 0x06, 0x82], [0x37, 0x7F, 0x06, 0x83]]

    /// Whether `path` is a SQLite database or a log, journal or shared-memory file beside one (there or not yet).
    ///
    /// Reads the file's first bytes with a descriptor of its own. Call it only after `OpenDirectories.contains(path)`
    /// said no: closing a descriptor drops all of this process's POSIX locks on the file, so it must not be one SQLite
    /// has open here. Other processes' locks are their own and are not touched.
    public static func marksADatabase(_ path: String) -> Bool {
        for suffix in ["-wal", "-shm", "-journal"] where path.hasSuffix(suffix) {
            if startsADatabase(String(path.dropLast(suffix.count))) { return true }
        }
        if OpenDirectories.contains(path) { return true }
        let head = firstBytes(of: path, count: databaseHeader.count)
        return head == databaseHeader || logHeaders.contains(Array(head.prefix(4)))
    }

    private static func startsADatabase(_ path: String) -> Bool {
        // One of this process's directories (under another name) is a database without a look at it.
        OpenDirectories.contains(path) || firstBytes(of: path, count: databaseHeader.count) == databaseHeader
    }

    /// Only of a regular file: opening a device or a FIFO can have effects of its own.
    private static func firstBytes(of path: String, count: Int) -> [UInt8] {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return [] }
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return [] }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: count)
        let got = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, count) }
        return got == count ? bytes : []
    }
}
