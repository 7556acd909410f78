import Foundation

/// One thing wrong with an input file, at a place a person can find in an editor.
public struct ImportIssue: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    /// The policy's refusal (a sensitive column only a coordinator may import), not a fault of the data: a file
    /// refused for that alone is refused like any other write the actor may not make (exit 4).
    public var isRefusal: Bool

    public init(file: String, line: Int, column: Int, message: String, isRefusal: Bool = false) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.isRefusal = isRefusal
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// Every problem found in a file; the import is refused as a whole.
public struct ImportFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var issues: [ImportIssue]

    /// The issues in the file's order (by line, then column), however the checks found them: a list read 6, 5, 3, 4.
    public init(_ issues: [ImportIssue]) {
        self.issues = issues.enumerated()
            .sorted { ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset) }
            .map(\.element)
    }

    public var description: String { issues.map(\.description).joined(separator: "\n") }

    /// Every issue is the policy's: the data is fine, the actor may not import it.
    public var isRefusal: Bool { issues.allSatisfy(\.isRefusal) }
}

public enum TextEncoding: String, Sendable {
    case utf8 = "UTF-8", windows1251 = "Windows-1251"
}

/// A file's text as UTF-8 bytes, whatever encoding it came in, with the means to name a place in it.
public struct SourceText: Sendable {
    public let file: String
    public let bytes: [UInt8]
    public let encoding: TextEncoding
    /// Where each line starts, found once when the first issue needs a line number: looking them up
    /// from the start of the file for every issue made listing 100k bad rows quadratic.
    private let lines = LineIndex()

    public init(file: String, data: Data) throws { try self.init(file: file, bytes: [UInt8](data)) }

    /// Detects the encoding: UTF-8 (a BOM is dropped), else Windows-1251 — the encoding of Kazakh and
    /// Russian Excel exports — when the bytes look like Cyrillic text in it; anything else is refused.
    public init(file: String, bytes: [UInt8]) throws {
        self.file = file
        var raw = bytes
        if raw.starts(with: [0xEF, 0xBB, 0xBF]) { raw.removeFirst(3) }
        if raw.starts(with: [0xFF, 0xFE]) || raw.starts(with: [0xFE, 0xFF]) {
            throw ImportFailure([ImportIssue(file: file, line: 1, column: 1, message: "the file is UTF-16 (expected UTF-8 or Windows-1251; save it again as UTF-8: in Excel \"CSV UTF-8\", in a contacts app a vCard in UTF-8)")])
        }
        if let nul = raw.firstIndex(of: 0) {
            let (line, column) = Self.position(of: nul, in: raw)
            throw ImportFailure([ImportIssue(file: file, line: line, column: column,
                                             message: "a NUL byte: this is not a text file (expected UTF-8 or Windows-1251 text)")])
        }
        switch Self.firstInvalidUTF8(raw) {
        case nil:
            self.bytes = raw
            encoding = .utf8
        case let (offset, sawMultibyte)?:
            // Valid multi-byte sequences next to invalid ones mean damaged UTF-8, not another encoding.
            if !sawMultibyte, let latin = Windows1251.latinLetter(raw) {
                let (line, column) = Self.position(of: latin, in: raw)
                throw ImportFailure([ImportIssue(
                    file: file, line: line, column: column,
                    message: String(format: "byte 0x%02X between Latin letters: this looks like a Western (Latin-1 / Windows-1252) file, which Bailanys does not read (expected UTF-8 or Cyrillic Windows-1251; save it again as UTF-8)", raw[latin]))])
            }
            if !sawMultibyte, let converted = Windows1251.utf8(raw) {
                self.bytes = converted
                encoding = .windows1251
            } else if !sawMultibyte, Windows1251.utf8(raw.map { $0 == 0x98 ? 0xC0 : $0 }) != nil, let unassigned = raw.firstIndex(of: 0x98) {
                // Cyrillic Windows-1251 but for the one byte it leaves unassigned: that byte is the problem, not the
                // first non-ASCII one (a review was sent to a good "И").
                let (line, column) = Self.position(of: unassigned, in: raw)
                throw ImportFailure([ImportIssue(
                    file: file, line: line, column: column,
                    message: "byte 0x98 is neither UTF-8 nor Windows-1251, which the rest of the file is (expected a Cyrillic letter here; re-save the file as UTF-8)")])
            } else {
                let (line, column) = Self.position(of: offset, in: raw)
                throw ImportFailure([ImportIssue(
                    file: file, line: line, column: column,
                    message: String(format: "byte 0x%02X is not valid UTF-8 (expected UTF-8 or Windows-1251 text throughout; re-save the file as UTF-8)", raw[offset]))])
            }
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    public func position(of offset: Int) -> (line: Int, column: Int) {
        let starts = lines.starts(of: bytes)
        let offset = min(max(offset, 0), bytes.count)
        // The last line start at or before the offset.
        var low = 0, high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        var column = 1
        for i in starts[low]..<offset where bytes[i] & 0xC0 != 0x80 { column += 1 }
        return (low + 1, column)
    }

    public func issue(at offset: Int, _ message: String, isRefusal: Bool = false) -> ImportIssue {
        let (line, column) = position(of: offset)
        return ImportIssue(file: file, line: line, column: column, message: message, isRefusal: isRefusal)
    }

    /// For the one issue of a file refused before a `SourceText` exists.
    static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1, lineStart = 0
        for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        // Count characters, not bytes: continuation bytes (10xxxxxx) do not start one.
        var column = 1
        for i in lineStart..<min(offset, bytes.count) where bytes[i] & 0xC0 != 0x80 { column += 1 }
        return (line, column)
    }

    /// The offset of the first byte that breaks UTF-8, and whether a valid multi-byte sequence came before it.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> (Int, Bool)? {
        var i = 0, sawMultibyte = false
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int, minimum: UInt32
            switch b {
            case 0xC2...0xDF: length = 2; minimum = 0x80
            case 0xE0...0xEF: length = 3; minimum = 0x800
            case 0xF0...0xF4: length = 4; minimum = 0x10000
            default: return (i, sawMultibyte)
            }
            guard i + length <= n else { return (i, sawMultibyte) }
            var scalar = UInt32(b) & (0xFF >> (length + 1))
            for k in 1..<length {
                let c = bytes[i + k]
                guard c & 0xC0 == 0x80 else { return (i, sawMultibyte) }
                scalar = scalar << 6 | UInt32(c & 0x3F)
            }
            guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return (i, sawMultibyte) }
            sawMultibyte = true
            i += length
        }
        return nil
    }
}

/// Line starts of a file, computed on first use under a lock (a `SourceText` is shared and `Sendable`).
final class LineIndex: @unchecked Sendable {
    private let lock = NSLock()
    private var cached: [Int]?

    func starts(of bytes: [UInt8]) -> [Int] {
        lock.lock()
        defer { lock.unlock() }
        if let cached { return cached }
        var starts = [0]
        for i in bytes.indices where bytes[i] == 0x0A { starts.append(i + 1) }
        cached = starts
        return starts
    }
}

/// Windows-1251 (Cyrillic) to Unicode. Written out here because Foundation on Linux does not
/// reliably convert it. Byte 0x98 is unassigned.
enum Windows1251 {
    /// 0x80–0xBF; 0xC0–0xFF are А–я in order.
    static let upper: [UInt32] = [
        0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021, 0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,
        0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,
        0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7, 0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
        0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7, 0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
    ]

    static func scalar(_ byte: UInt8) -> UInt32 {
        switch byte {
        case 0..<0x80: UInt32(byte)
        case 0xC0...: 0x0410 + UInt32(byte - 0xC0)
        default: upper[Int(byte - 0x80)]
        }
    }

    /// The offset of a high byte written between two ASCII letters when such bytes are common: Latin-1 and
    /// Windows-1252 put accented letters inside Latin words ("Müller", "José"), where Cyrillic text in
    /// Windows-1251 has whole words of high bytes. Nil when the file looks Cyrillic.
    static func latinLetter(_ bytes: [UInt8]) -> Int? {
        func isASCIILetter(_ b: UInt8) -> Bool { (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) }
        var high = 0, insideLatin = 0, first: Int?
        for i in bytes.indices where bytes[i] >= 0x80 {
            high += 1
            let before = i > 0 && isASCIILetter(bytes[i - 1]), after = i + 1 < bytes.count && isASCIILetter(bytes[i + 1])
            if before || after {
                insideLatin += 1
                first = first ?? i
            }
        }
        return insideLatin * 5 >= high && high > 0 ? first : nil
    }

    /// The text as UTF-8, or nil when a byte is unassigned or most high bytes are not Cyrillic letters
    /// (then it is some other encoding, and guessing would corrupt names).
    static func utf8(_ bytes: [UInt8]) -> [UInt8]? {
        var high = 0, letters = 0
        for b in bytes where b >= 0x80 {
            high += 1
            if b >= 0xC0 || [0xA8, 0xB8, 0xB2, 0xB3, 0xAA, 0xBA, 0xAF, 0xBF, 0xA1, 0xA2, 0xA5, 0xB4].contains(b) { letters += 1 }
            if b == 0x98 { return nil }
        }
        guard letters * 10 >= high * 8 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            if b < 0x80 { out.append(b); continue }
            out.append(contentsOf: String(Character(Unicode.Scalar(scalar(b))!)).utf8)
        }
        return out
    }

    /// Decodes bytes that a vCard 2.1 CHARSET parameter says are Windows-1251; nil when one is unassigned (0x98).
    static func string(_ bytes: [UInt8]) -> String? {
        guard !bytes.contains(0x98) else { return nil }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar(scalar($0))! }))
    }
}
