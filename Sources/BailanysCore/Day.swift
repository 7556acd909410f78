/// A calendar day with no time zone: what people mean by "we met on 3 May".
/// Stored as days since 1970-01-01 so that differences and decay are plain integer arithmetic.
public struct Day: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let ordinal: Int

    public init(ordinal: Int) { self.ordinal = ordinal }

    /// Returns nil for impossible dates such as 2023-02-30.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        ordinal = Day.ordinal(year: year, month: month, day: day)
    }

    /// Parses strict ISO `YYYY-MM-DD`.
    /// Read byte by byte: imports and duplicate checks parse a date per row, millions of them, and splitting the
    /// text into substrings cost most of checking a 300k-row file against a directory of a million contacts.
    public init?(iso: some StringProtocol) {
        guard iso.utf8.count == 10 else { return nil }
        var fields = (year: 0, month: 0, day: 0)
        for (position, byte) in iso.utf8.enumerated() {
            if position == 4 || position == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            let digit = Int(byte - UInt8(ascii: "0"))
            switch position {
            case ..<4: fields.year = fields.year * 10 + digit
            case ..<7: fields.month = fields.month * 10 + digit
            default: fields.day = fields.day * 10 + digit
            }
        }
        self.init(year: fields.year, month: fields.month, day: fields.day)
    }

    public var components: (year: Int, month: Int, day: Int) { Day.civil(fromOrdinal: ordinal) }
    public var year: Int { components.year }

    public var iso: String {
        let (y, m, d) = components
        return "\(Day.pad(y, 4))-\(Day.pad(m, 2))-\(Day.pad(d, 2))"
    }

    public var description: String { iso }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    public func days(since other: Day) -> Int { ordinal - other.ordinal }

    /// Same day-of-month `months` later, clamped to the month's length.
    public func adding(months: Int) -> Day {
        let (y, m, d) = components
        let total = y * 12 + (m - 1) + months
        let ny = total / 12, nm = total % 12 + 1
        return Day(ordinal: Day.ordinal(year: ny, month: nm, day: min(d, Day.daysIn(month: nm, year: ny))))
    }

    /// Whole calendar months from `other` to this day, as people count them: 2025-01-15 to 2025-02-14 is 0 months,
    /// to 2025-02-15 is 1, and 2025-01-01 to 2026-01-01 is 12. Negative when `other` is later.
    public func wholeMonths(since other: Day) -> Int {
        guard other <= self else { return -other.wholeMonths(since: self) }
        let (y, m, _) = components, (oy, om, _) = other.components
        let months = (y - oy) * 12 + (m - om)
        return other.adding(months: months) > self ? months - 1 : months
    }

    /// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { ((ordinal % 7) + 7 + 3) % 7 }

    public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    // Howard Hinnant's days_from_civil / civil_from_days: exact for the proleptic Gregorian calendar.
    static func ordinal(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromOrdinal z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

extension Day {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected YYYY-MM-DD, got \(text)"))
        }
        self = day
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso)
    }
}
