import Foundation
import UnsafeText

public struct VCardParameter: Codable, Equatable, Sendable {
    public var name: String
    public var values: [String]
}

/// One content line, unfolded and decoded: `[group.]NAME;PARAM=…:value`. The value keeps vCard escaping
/// (`\,` `\;` `\n` `\\`), so structured values stay structured and a kept property is written back as read.
public struct VCardProperty: Codable, Equatable, Sendable {
    public var group: String?
    public var name: String
    public var parameters: [VCardParameter]
    public var value: String

    public init(group: String? = nil, name: String, parameters: [VCardParameter] = [], value: String) {
        self.group = group
        self.name = name
        self.parameters = parameters
        self.value = value
    }

    public func parameter(_ name: String) -> [String] { parameters.filter { $0.name == name }.flatMap(\.values) }

    /// The value as text: escapes resolved.
    public var text: String { VCardText.unescape(value) }

    /// Components of a structured value (N, ADR), each unescaped.
    public var components: [String] { VCardText.split(value, on: ";").map(VCardText.unescape) }
}

public struct VCard: Sendable {
    public var version: String
    public var properties: [VCardProperty]
    /// Byte offsets of BEGIN and of each property, for issues.
    public var start: Int
    public var offsets: [Int]
}

/// vCard 2.1, 3.0 and 4.0 (RFC 2426, RFC 6350): folding, escaping, groups, parameters, and 2.1's
/// QUOTED-PRINTABLE with CHARSET.
enum VCardReader {
    static let maximumLineBytes = 8 << 20

    static func looksLikeVCard(_ source: SourceText) -> Bool {
        let head = String(decoding: source.bytes.prefix(64), as: UTF8.self)
        return head.trimmingCharacters(in: .whitespacesAndNewlines.union(["\u{FEFF}"])).uppercased().hasPrefix("BEGIN:VCARD")
    }

    /// Logical lines (unfolded) with the byte offset where each begins.
    static func logicalLines(_ source: SourceText) throws -> [(text: String, offset: Int)] {
        var physical: [(bytes: ArraySlice<UInt8>, offset: Int)] = []
        let bytes = source.bytes
        var start = 0
        for i in bytes.indices where bytes[i] == 0x0A {
            var end = i
            if end > start, bytes[end - 1] == 0x0D { end -= 1 }
            physical.append((bytes[start..<end], start))
            start = i + 1
        }
        if start < bytes.count { physical.append((bytes[start...], start)) }
        var lines: [(bytes: [UInt8], offset: Int, quotedPrintable: Bool)] = []
        for (line, offset) in physical {
            if let first = line.first, first == 0x20 || first == 0x09, !lines.isEmpty {
                lines[lines.count - 1].bytes += line.dropFirst()
            } else if let last = lines.last, last.quotedPrintable, last.bytes.last == UInt8(ascii: "=") {
                // 2.1 quoted-printable soft line break: "=" at the end continues on the next line.
                lines[lines.count - 1].bytes.removeLast()
                lines[lines.count - 1].bytes += line
            } else if !line.isEmpty {
                let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.endIndex
                let head = String(decoding: line[line.startIndex..<colon], as: UTF8.self).uppercased()
                lines.append((Array(line), offset, head.contains("QUOTED-PRINTABLE")))
            }
            if let last = lines.last, last.bytes.count > maximumLineBytes {
                throw ImportFailure([source.issue(at: last.offset, "a line longer than \(maximumLineBytes >> 20) MiB (expected a vCard property; is this really a vCard file?)")])
            }
        }
        return lines.map { (String(decoding: $0.bytes, as: UTF8.self), $0.offset) }
    }

    /// Every card in the file. Problems are collected; a card left open is reported at its BEGIN.
    static func read(_ source: SourceText) throws -> [VCard] {
        var cards: [VCard] = []
        var issues: [ImportIssue] = []
        var current: VCard?
        for (text, offset) in try logicalLines(source) {
            guard var property = parse(text) else {
                issues.append(source.issue(at: offset, "a line without \":\" (expected NAME:value, or a folded line starting with a space)"))
                continue
            }
            // Names are tokens (RFC 6350 §3.3: letters, digits, "-"). A control character in one was kept, and an
            // export wrote it to the terminal of whoever read the file (review).
            if let bad = ([property.group].compactMap { $0 } + [property.name] + property.parameters.map(\.name)).first(where: { !Self.isToken($0) }) {
                let shown = "the name \"\(UnsafeScalars.removingUnsafe(from: bad, allowingLineBreaks: false))\""
                issues.append(source.issue(at: offset, ExportText.firstUnsafe(bad).map { ExportText.refusal(shown, $0) }
                                           ?? "\(shown) (expected letters, digits and hyphens, as in TEL, X-SKYPE or item1.EMAIL)"))
                continue
            }
            switch (property.name, property.value.uppercased()) {
            case ("BEGIN", "VCARD"):
                if let open = current {
                    issues.append(source.issue(at: open.start, "a vCard that never ends (expected END:VCARD before the next BEGIN:VCARD)"))
                }
                current = VCard(version: "", properties: [], start: offset, offsets: [])
            case ("END", "VCARD"):
                guard let card = current else {
                    issues.append(source.issue(at: offset, "END:VCARD without a BEGIN:VCARD (expected BEGIN:VCARD first)"))
                    continue
                }
                if card.version.isEmpty {
                    issues.append(source.issue(at: card.start, "a vCard without VERSION (expected VERSION:2.1, 3.0 or 4.0)"))
                }
                cards.append(card)
                current = nil
            case ("VERSION", _):
                guard current != nil else {
                    issues.append(source.issue(at: offset, "VERSION outside a vCard (expected BEGIN:VCARD first)"))
                    continue
                }
                if !["2.1", "3.0", "4.0"].contains(property.value.trimmed) {
                    issues.append(source.issue(at: offset, "vCard version \"\(property.value)\" (expected 2.1, 3.0 or 4.0)"))
                }
                // Kept even when refused: the card has a VERSION, so its END does not add "a vCard without VERSION" (review).
                current!.version = property.value.trimmed
            default:
                guard current != nil else {
                    issues.append(source.issue(at: offset, "\(property.name) outside a vCard (expected BEGIN:VCARD first)"))
                    continue
                }
                do {
                    try decodeTransferEncoding(&property)
                } catch let invalid as Values.Invalid {
                    issues.append(source.issue(at: offset, "\(property.name): \(invalid.expected)"))
                    continue
                }
                if let character = ExportText.firstUnsafe(property.value)
                    ?? property.parameters.lazy.flatMap(\.values).compactMap(ExportText.firstUnsafe).first {
                    issues.append(source.issue(at: offset, ExportText.refusal(property.name, character)))
                    continue
                }
                current!.properties.append(property)
                current!.offsets.append(offset)
            }
        }
        if let open = current {
            issues.append(source.issue(at: open.start, "a vCard that never ends (expected END:VCARD; is the file truncated?)"))
        }
        guard issues.isEmpty else { throw ImportFailure(issues) }
        return cards
    }

    /// A vCard name, group or parameter name: ASCII letters, digits and hyphens (and the underscores some programs
    /// write), at least one.
    static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
    }

    /// `[group.]NAME(;PARAM[=v1,v2])*:value`; nil without a colon outside quotes.
    static func parse(_ line: String) -> VCardProperty? {
        var head: [String] = []
        var token = ""
        var quoted = false
        var valueStart: String.Index?
        for index in line.indices {
            let c = line[index]
            if c == "\"" { quoted.toggle(); continue }
            if !quoted && (c == ";" || c == ":") {
                head.append(token)
                token = ""
                if c == ":" { valueStart = line.index(after: index); break }
                continue
            }
            token.append(c)
        }
        guard let valueStart, let nameToken = head.first, !nameToken.isEmpty else { return nil }
        var group: String?
        var name = nameToken
        if let dot = nameToken.lastIndex(of: ".") {
            group = String(nameToken[..<dot])
            name = String(nameToken[nameToken.index(after: dot)...])
        }
        var parameters: [VCardParameter] = []
        for raw in head.dropFirst() where !raw.isEmpty {
            if let eq = raw.firstIndex(of: "=") {
                let values = VCardText.split(String(raw[raw.index(after: eq)...]), on: ",")
                parameters.append(VCardParameter(name: raw[..<eq].uppercased(), values: values))
            } else {
                // vCard 2.1 bare parameters: TEL;CELL;VOICE and ;QUOTED-PRINTABLE.
                let upper = raw.uppercased()
                let isEncoding = ["QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B"].contains(upper)
                parameters.append(VCardParameter(name: isEncoding ? "ENCODING" : "TYPE", values: [raw]))
            }
        }
        return VCardProperty(group: group, name: name.uppercased(), parameters: parameters, value: String(line[valueStart...]))
    }

    /// Decodes 2.1 QUOTED-PRINTABLE in the given CHARSET; ENCODING and CHARSET are then dropped,
    /// since vCard 3.0 and 4.0 carry text as UTF-8 only.
    static func decodeTransferEncoding(_ property: inout VCardProperty) throws {
        let encoding = property.parameter("ENCODING").first?.uppercased()
        let charset = property.parameter("CHARSET").first?.uppercased() ?? "UTF-8"
        guard encoding == "QUOTED-PRINTABLE" else {
            property.parameters.removeAll { $0.name == "CHARSET" }
            return
        }
        var bytes: [UInt8] = []
        let source = Array(property.value.utf8)
        var i = 0
        while i < source.count {
            if source[i] == UInt8(ascii: "="), i + 2 < source.count, let high = hexDigit(source[i + 1]), let low = hexDigit(source[i + 2]) {
                bytes.append(high << 4 | low)
                i += 3
            } else {
                bytes.append(source[i])
                i += 1
            }
        }
        let text: String
        switch charset {
        case "UTF-8", "UTF8", "US-ASCII":
            if let (offset, _) = SourceText.firstInvalidUTF8(bytes) {
                throw Values.Invalid(expected: String(format: "quoted-printable byte =%02X is not valid UTF-8 (expected UTF-8 text, as CHARSET=\(charset) says, or the right CHARSET such as WINDOWS-1251)", bytes[offset]))
            }
            text = String(decoding: bytes, as: UTF8.self)
        case "WINDOWS-1251", "CP1251":
            guard let decoded = Windows1251.string(bytes) else {
                throw Values.Invalid(expected: "quoted-printable byte =98 is not a character in Windows-1251 (expected text in the CHARSET the card names)")
            }
            text = decoded
        default: throw Values.Invalid(expected: "CHARSET \(charset) is not supported (expected UTF-8 or WINDOWS-1251)")
        }
        // Decoded line breaks (=0D=0A, as 2.1 LABELs hold) become the vCard escape `\n`: the value keeps
        // vCard escaping, and a raw line break would break the card when it is written back.
        property.value = VCardText.escapeLineBreaks(text)
        property.parameters.removeAll { $0.name == "ENCODING" || $0.name == "CHARSET" }
    }
}

func hexDigit(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    default: nil
    }
}

/// Escaping and splitting of vCard text values.
enum VCardText {
    static func escape(_ text: String) -> String {
        var out = ""
        for c in ExportText.clean(text) {
            switch c {
            case "\\": out += "\\\\"
            case ",": out += "\\,"
            case ";": out += "\\;"
            case "\n", "\r\n": out += "\\n"
            case "\r": continue
            default: out.append(c)
            }
        }
        return out
    }

    static func escapeLineBreaks(_ text: String) -> String {
        guard text.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\n")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    static func unescape(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var out = ""
        var escaped = false
        for c in text {
            if escaped {
                out.append(c == "n" || c == "N" ? "\n" : c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// Splits on a separator not preceded by a backslash; parts stay escaped.
    static func split(_ text: String, on separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var escaped = false
        for c in text {
            if escaped { current.append(c); escaped = false; continue }
            if c == "\\" { current.append(c); escaped = true; continue }
            if c == separator { parts.append(current); current = ""; continue }
            current.append(c)
        }
        parts.append(current)
        return parts
    }
}

/// Writes vCards: CRLF line ends, lines folded at 75 octets without splitting a character.
enum VCardWriter {
    static func line(_ property: VCardProperty) -> String {
        var head = (property.group.map { "\($0)." } ?? "") + property.name
        for parameter in property.parameters {
            let values = parameter.values.map { raw in
                let value = ExportText.clean(VCardText.escapeLineBreaks(raw))
                return value.contains(where: { ":;,\"".contains($0) }) ? "\"\(value.replacingOccurrences(of: "\"", with: "'"))\"" : value
            }
            head += ";\(parameter.name)=\(values.joined(separator: ","))"
        }
        // Kept values from older versions may hold raw line breaks or controls: never write them raw.
        return fold(ExportText.clean(head) + ":" + ExportText.clean(VCardText.escapeLineBreaks(property.value)))
    }

    static func fold(_ line: String) -> String {
        var out = ""
        var count = 0
        for scalar in line.unicodeScalars {
            let width = String(scalar).utf8.count
            if count + width > 75 {
                out += "\r\n "
                count = 1
            }
            out.unicodeScalars.append(scalar)
            count += width
        }
        return out + "\r\n"
    }
}
