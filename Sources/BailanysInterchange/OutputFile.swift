import Foundation
import BailanysStore

/// A file a person named for output (`-o`, `--ics`, the app's exports), written so that nothing else is hurt:
/// an existing path is refused unless `overwrite`; a symbolic link, device, pipe or folder is never written
/// through, even with `overwrite`; the content goes to a private temporary file beside the target (mode 0600)
/// and takes the target's name only when it is complete, so a failure midway leaves the old file as it was.
public final class OutputFile {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case exists(path: String)
        case notARegularFile(path: String)
        case cannotWrite(path: String, reason: String)

        public var description: String {
            switch self {
            case .exists(let path):
                "\(path) already exists; nothing was written. Add --force to replace it, or choose another file."
            case .notARegularFile(let path):
                "\(path) is a symbolic link, device, pipe or folder; Bailanys writes only regular files, so nothing was written."
            case .cannotWrite(let path, let reason):
                "Cannot write \(path): \(reason). Check that the folder exists and is writable."
            }
        }
    }

    public let path: String
    private let overwrite: Bool
    private let temporary: String
    private var descriptor: Int32
    /// Streamed exports hand over a record at a time; written to the file in blocks.
    private var pending: [UInt8] = []
    private static let blockSize = 1 << 16

    public init(path: String, overwrite: Bool) throws {
        self.path = path
        self.overwrite = overwrite
        try Self.checkTarget(path, overwrite: overwrite)
        let url = URL(fileURLWithPath: path)
        let prefix = ".\(url.lastPathComponent).partial-"
        // What an export of this name killed midway left (kill -9, a power cut): it may hold private contacts.
        DirectoryStore.removeFilesOfGoneProcesses(beside: path, prefix: prefix)
        temporary = url.deletingLastPathComponent().appendingPathComponent("\(prefix)\(getpid())-\(UUID().uuidString.prefix(8))").path
        descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
    }

    deinit { discard() }

    /// Adds `text`: the whole content at once, or a piece of it (streamed exports call this per record).
    public func write(_ text: String) throws {
        pending.append(contentsOf: text.utf8)
        if pending.count >= Self.blockSize { try flush() }
    }

    private func flush() throws {
        var offset = 0
        while offset < pending.count {
            let written = pending.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw Failure.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
            offset += written
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Flushes the content to disk and gives it the target's name.
    public func commit() throws {
        guard descriptor >= 0 else { return }
        defer { discard() }
        try flush()
        guard fsync(descriptor) == 0 else { throw Failure.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        close(descriptor)
        descriptor = -1
        // Checked again: the path may have changed while the content was written.
        try Self.checkTarget(path, overwrite: overwrite)
        if !overwrite {
            // A hard link fails if the name was taken meanwhile, where a rename would replace it.
            if link(temporary, path) == 0 { return }
            if errno == EEXIST { throw Failure.exists(path: path) }
            guard [EPERM, ENOTSUP, EXDEV, EMLINK].contains(errno) else {
                throw Failure.cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
        }
        guard rename(temporary, path) == 0 else { throw Failure.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
    }

    /// Drops the temporary file (nothing happens to the target).
    public func discard() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
        unlink(temporary)
    }

    /// The whole content under `path`, or, when a file is there, under the first free `name-2.ext`, `name-3.ext` …;
    /// returns where it went. The app's exports go to the folder it was started from: one of another directory's
    /// meetup M1 (or an earlier report) was replaced without a word (review).
    public static func writeKeepingOthers(_ text: String, as path: String) throws -> String {
        try writeKeepingOthers([(text, path)])[0]
    }

    /// Files that belong together (a meetup's invitation and invite list) under one number: the first `-N` free
    /// for all of them, so that `meetup-M1-3.ics` goes with `meetup-M1-invitees-3.csv`.
    public static func writeKeepingOthers(_ files: [(text: String, path: String)]) throws -> [String] {
        func numbered(_ path: String, _ number: Int) -> String {
            guard number > 1 else { return path }
            let url = URL(fileURLWithPath: path)
            let suffix = url.pathExtension.isEmpty ? "" : "." + url.pathExtension
            return url.deletingLastPathComponent().appendingPathComponent("\(url.deletingPathExtension().lastPathComponent)-\(number)\(suffix)").path
        }
        for number in 1...1_000 {
            let paths = files.map { numbered($0.path, number) }
            var info = stat()
            guard paths.allSatisfy({ lstat($0, &info) != 0 && errno == ENOENT }) else { continue }
            var written: [String] = []
            do {
                for (file, path) in zip(files, paths) {
                    try write(file.text, to: path, overwrite: false)
                    written.append(path)
                }
                return paths
            } catch Failure.exists {
                // Taken between the look and the write: this number is not free after all.
                for path in written { unlink(path) }
            }
        }
        throw Failure.exists(path: files.first?.path ?? "")
    }

    /// The whole content at once.
    public static func write(_ text: String, to path: String, overwrite: Bool) throws {
        let file = try OutputFile(path: path, overwrite: overwrite)
        try file.write(text)
        try file.commit()
    }

    /// Looks at the target itself, not at what a symbolic link points to.
    private static func checkTarget(_ path: String, overwrite: Bool) throws {
        if OpenDirectories.contains(path) { throw StoreError.outputIsTheDirectory(path: path) }
        if DatabaseFileSignature.marksADatabase(path) { throw StoreError.outputIsADatabase(path: path) }
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw Failure.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw Failure.notARegularFile(path: path) }
        if !overwrite { throw Failure.exists(path: path) }
    }
}
