/// A wall-clock date and time with no zone attached: what "10 May at 18:30 in Aktau" means. Meetups keep
/// it this way; exports attach the Asia/Almaty zone.
public struct LocalDateTime: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let day: Day
    public let hour: Int
    public let minute: Int

    public init?(day: Day, hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.day = day
        self.hour = hour
        self.minute = minute
    }

    /// Parses strict `YYYY-MM-DDTHH:MM` (a space instead of `T` is accepted too).
    public init?(iso: some StringProtocol) {
        let text = String(iso)
        guard text.count == 16 else { return nil }
        let separator = text.index(text.startIndex, offsetBy: 10)
        guard text[separator] == "T" || text[separator] == " ", let day = Day(iso: text[..<separator]) else { return nil }
        let time = text[text.index(after: separator)...]
        let parts = time.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        self.init(day: day, hour: h, minute: m)
    }

    /// Minutes since 1970-01-01 00:00 on the same wall clock.
    public var minutes: Int { day.ordinal * 1440 + hour * 60 + minute }

    public init(minutes: Int) {
        let dayOrdinal = minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440
        let rest = minutes - dayOrdinal * 1440
        day = Day(ordinal: dayOrdinal)
        hour = rest / 60
        minute = rest % 60
    }

    public func adding(minutes delta: Int) -> LocalDateTime { LocalDateTime(minutes: minutes + delta) }

    /// `HH:MM`.
    public var clock: String { (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)" }

    /// `YYYY-MM-DDTHH:MM`.
    public var iso: String { "\(day.iso)T\(clock)" }
    public var description: String { iso }

    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool { a.minutes < b.minutes }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = LocalDateTime(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected YYYY-MM-DDTHH:MM, got \(text)"))
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso)
    }
}
