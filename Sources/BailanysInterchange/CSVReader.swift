/// One row of a CSV file: its fields and where each starts (byte offsets into the source).
public struct CSVRecord: Sendable {
    public var fields: [String] = []
    public var offsets: [Int] = []
    /// Byte offset of the row's first character.
    public var start = 0
}

/// Reads CSV the way spreadsheets write it (RFC 4180): comma, semicolon or tab delimiters detected
/// from the header line, quoted fields that may hold delimiters, doubled quotes and newlines, CRLF or LF.
public struct CSVReader: Sendable {
    public let source: SourceText
    public let delimiter: UInt8

    /// A longer field means the file is not what it claims (or a missing quote swallowed the rest).
    public static let maximumFieldBytes = 1 << 20

    public init(source: SourceText) {
        self.source = source
        delimiter = Self.detectDelimiter(source.bytes)
    }

    /// The delimiter that occurs most often outside quotes on the first line; comma on a tie.
    static func detectDelimiter(_ bytes: [UInt8]) -> UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, UInt8(ascii: "\t"): 0]
        var quoted = false
        for b in bytes {
            if b == UInt8(ascii: "\"") { quoted.toggle() }
            if !quoted && (b == 0x0A || b == 0x0D) { break }
            if !quoted, counts[b] != nil { counts[b]! += 1 }
        }
        let best = counts.max { a, b in a.value != b.value ? a.value < b.value : a.key != UInt8(ascii: ",") && b.key == UInt8(ascii: ",") }!
        return best.value > 0 ? best.key : UInt8(ascii: ",")
    }

    /// Calls `body` for every non-blank row in order. A syntax error (an unclosed quote, text after a
    /// closing quote, an over-long field) stops reading: what follows it cannot be trusted.
    public func forEachRecord(_ body: (CSVRecord) throws -> Void) throws {
        let quote = UInt8(ascii: "\""), cr: UInt8 = 0x0D, lf: UInt8 = 0x0A, delimiter = self.delimiter
        try source.bytes.withUnsafeBufferPointer { bytes in
            let n = bytes.count
            var i = 0
            var record = CSVRecord()
            var buffer: [UInt8] = []
            func tooLong(_ start: Int) -> ImportFailure {
                ImportFailure([source.issue(at: start, "a field longer than \(Self.maximumFieldBytes / 1024) KiB (expected a spreadsheet cell; is a closing quote missing, or is this not a CSV file?)")])
            }
            while i < n {
                record.fields.removeAll(keepingCapacity: true)
                record.offsets.removeAll(keepingCapacity: true)
                record.start = i
                while true {
                    let fieldStart = i
                    if i < n, bytes[i] == quote {
                        buffer.removeAll(keepingCapacity: true)
                        i += 1
                        while true {
                            var j = i
                            while j < n, bytes[j] != quote { j += 1 }
                            guard j < n else {
                                throw ImportFailure([source.issue(at: fieldStart, "a quoted field is never closed (expected a closing \" before the end of the file)")])
                            }
                            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<j]))
                            if buffer.count > Self.maximumFieldBytes { throw tooLong(fieldStart) }
                            if j + 1 < n, bytes[j + 1] == quote {
                                buffer.append(quote)
                                i = j + 2
                            } else {
                                i = j + 1
                                break
                            }
                        }
                        guard i >= n || bytes[i] == delimiter || bytes[i] == cr || bytes[i] == lf else {
                            throw ImportFailure([source.issue(at: i, "text after a closing quote (expected the delimiter or the end of the row; write a quote inside a quoted field as \"\")")])
                        }
                        record.fields.append(String(decoding: buffer, as: UTF8.self))
                    } else {
                        var j = i
                        while j < n, bytes[j] != delimiter, bytes[j] != lf, bytes[j] != cr { j += 1 }
                        if j - i > Self.maximumFieldBytes { throw tooLong(fieldStart) }
                        record.fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<j]), as: UTF8.self))
                        i = j
                    }
                    record.offsets.append(fieldStart)
                    if i < n, bytes[i] == delimiter {
                        i += 1
                        continue
                    }
                    if i < n, bytes[i] == cr { i += 1 }
                    if i < n, bytes[i] == lf { i += 1 }
                    break
                }
                if record.fields.count == 1, record.fields[0].isEmpty { continue }
                try body(record)
            }
        }
    }
}
