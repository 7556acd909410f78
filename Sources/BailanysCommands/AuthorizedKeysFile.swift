import BailanysCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The authorized_keys file on disk: every change under an exclusive lock, written to a temporary file
/// beside it and renamed over it, so sshd reads either the old file or the new one, never half of one.
struct AuthorizedKeysFile {
    let path: String

    /// `~/.ssh/authorized_keys` of the account Bailanys runs as (the server's system user).
    static func defaultPath(environment: [String: String]) -> String {
        (environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()) + "/.ssh/authorized_keys"
    }

    func read() throws -> AuthorizedKeys {
        try refuseFolder()
        guard FileManager.default.fileExists(atPath: path) else { return AuthorizedKeys(text: "") }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw AccessError.file("\(path) cannot be read as UTF-8 text")
        }
        return AuthorizedKeys(text: text)
    }

    /// Reads, lets `edit` change the lines, and writes the result back if it changed, all under the lock.
    func update<T>(_ edit: (inout AuthorizedKeys) throws -> T) throws -> T {
        try refuseFolder()
        let folder = FilePath.folder(of: path)
        if !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw AccessError.file("cannot create the folder \(folder) for \(path): \((error as NSError).localizedDescription)")
            }
        }
        let lockFD = open(path + ".bailanys-lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lockFD >= 0 else { throw AccessError.file("cannot create the lock file beside \(path): \(String(cString: strerror(errno)))") }
        defer { close(lockFD) }
        guard flock(lockFD, LOCK_EX) == 0 else { throw AccessError.file("cannot lock \(path): \(String(cString: strerror(errno)))") }
        defer { flock(lockFD, LOCK_UN) }

        let before = try read()
        var after = before
        let result = try edit(&after)
        if after != before { try replace(with: after.text) }
        return result
    }

    /// A folder (or a path ending in "/") is no keys file: said so, where the lock file's failure named neither.
    private func refuseFolder() throws {
        var isFolder: ObjCBool = false
        if path.hasSuffix("/") || (FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue) {
            throw AccessError.file("\(path) is a folder (expected the authorized_keys file, e.g. \(path.hasSuffix("/") ? path : path + "/")authorized_keys)")
        }
    }

    private func replace(with text: String) throws {
        var mode: mode_t = 0o600
        var info = stat()
        if stat(path, &info) == 0 { mode = info.st_mode & 0o7777 }
        let temporary = path + ".bailanys-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw AccessError.file("cannot write beside \(path): \(String(cString: strerror(errno)))") }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                close(fd)
                unlink(temporary)
                throw AccessError.file("cannot write beside \(path): \(String(cString: strerror(errno)))")
            }
            written += n
        }
        fchmod(fd, mode)
        fsync(fd)
        close(fd)
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw AccessError.file("cannot replace \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// `ssh-keygen -l`: OpenSSH's own check that a key is well formed, and its SHA256 fingerprint.
enum KeyFingerprint {
    static func of(_ key: PublicKey) throws -> String {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("bailanys-key-\(getpid()).pub").path
        guard FileManager.default.createFile(atPath: temporary, contents: Data((key.line + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw AccessError.file("cannot write a temporary file for ssh-keygen")
        }
        defer { unlink(temporary) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ssh-keygen", "-l", "-E", "sha256", "-f", temporary]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { throw AccessError.file("ssh-keygen could not be run (install openssh-client)") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let words = String(decoding: data, as: UTF8.self).split(separator: " ")
        guard process.terminationStatus == 0, words.count >= 2, words[1].hasPrefix("SHA256:") else {
            throw AccessError.badKey("ssh-keygen -l does not accept it")
        }
        return String(words[1])
    }
}
