import Foundation

/// The directory files this process has opened. An output the person names (an export's `-o`, a report, a member
/// copy) is never written over one of them, another name of one, or its journal, even with `--force`: an export
/// to the `--db` file replaced the master directory it was reading, with no backup (review).
///
/// Only looked at through `stat` and paths, never opened (opening and closing the file outside SQLite would drop
/// this process's locks on it).
public enum OpenDirectories {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var paths: Set<String> = []

    static func remember(_ path: String) {
        let canonical = canonicalPath(path)
        lock.withLock { _ = paths.insert(canonical) }
    }

    /// Whether `target` names a directory file this process has open (as itself or through a link), or its
    /// `-wal`, `-shm` or `-journal`.
    public static func contains(_ target: String) -> Bool {
        let named = canonicalPath(target), identity = fileIdentity(named)
        return lock.withLock { paths }.contains { open in
            ["", "-wal", "-shm", "-journal"].contains { open + $0 == named }
                || (identity != nil && fileIdentity(open) == identity)
        }
    }

    /// The absolute path with `.`/`..` and symbolic links resolved (of the folder, for a file not there yet).
    private static func canonicalPath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Device and inode, so that a hard link to a directory file is the same file.
    private static func fileIdentity(_ path: String) -> [UInt64]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return [UInt64(info.st_dev), UInt64(info.st_ino)]
    }
}
