import Foundation

/// Makes processes that open the same older directory at once (a shared server's sessions right after an upgrade)
/// take turns at migrating it: each holds an exclusive `flock` on `<directory>.migrating`, a file of its own beside
/// the directory, while it looks again at the schema, writes the backup and migrates. The next one then finds the
/// file migrated. SQLite's own locks cannot do this: GRDB's migrator runs each migration in a transaction of its own,
/// and the backup must be written before the first. The database file itself is never opened here (closing such a
/// descriptor would drop SQLite's POSIX locks on it).
enum MigrationLock {
    static func holding<T>(beside path: String, _ body: () throws -> T) throws -> T {
        let lockPath = path + ".migrating"
        while true {
            let fd = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw StoreError.sqlite(path: lockPath, message: String(cString: strerror(errno))) }
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    let message = String(cString: strerror(errno))
                    close(fd)
                    throw StoreError.sqlite(path: lockPath, message: message)
                }
            }
            // The holder before removes the file when it is done, so a lock won on a removed file guards nothing:
            // only the file still at `lockPath` counts.
            var held = stat(), named = stat()
            if fstat(fd, &held) == 0, stat(lockPath, &named) == 0, held.st_dev == named.st_dev, held.st_ino == named.st_ino {
                defer {
                    unlink(lockPath)
                    close(fd)
                }
                return try body()
            }
            close(fd)
        }
    }
}
