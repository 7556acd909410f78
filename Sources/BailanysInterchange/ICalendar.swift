import BailanysCore
import Foundation

/// One event for an iCalendar file. Times are wall-clock times in `ICalendar.timeZone`.
public struct CalendarEvent: Hashable, Sendable {
    /// Globally unique and stable, so re-exporting updates the same event in a calendar.
    public var uid: String
    public var start: LocalDateTime
    public var end: LocalDateTime
    public var summary: String
    public var location: String
    public var description: String

    public init(uid: String, start: LocalDateTime, end: LocalDateTime, summary: String, location: String, description: String) {
        self.uid = uid
        self.start = start
        self.end = end
        self.summary = summary
        self.location = location
        self.description = description
    }
}

/// An RFC 5545 writer: VCALENDAR with a VTIMEZONE for Asia/Almaty and one VEVENT per event; TEXT values
/// escaped, CRLF line ends, lines folded at 75 octets without splitting a UTF-8 character.
public enum ICalendar {
    public static let timeZone = "Asia/Almaty"
    public static let productID = "-//ZhasProject//Bailanys//EN"
    /// Octets per line, CRLF excluded (RFC 5545 §3.1).
    public static let lineLimit = 75

    /// Asia/Almaty since its last daylight-saving time (2004) and the move to UTC+5 on 1 March 2024 (tzdata 2024a).
    static let timeZoneBlock = [
        "BEGIN:VTIMEZONE", "TZID:\(timeZone)",
        "BEGIN:STANDARD", "DTSTART:20041031T030000", "TZOFFSETFROM:+0700", "TZOFFSETTO:+0600", "TZNAME:+06", "END:STANDARD",
        "BEGIN:STANDARD", "DTSTART:20240301T000000", "TZOFFSETFROM:+0600", "TZOFFSETTO:+0500", "TZNAME:+05", "END:STANDARD",
        "END:VTIMEZONE",
    ]

    /// The calendar file; `stamp` (DTSTAMP, UTC) is when it was written.
    public static func write(_ events: [CalendarEvent], stamp: Date) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:\(productID)", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
        lines += timeZoneBlock
        for event in events {
            lines += [
                "BEGIN:VEVENT",
                "UID:\(escape(event.uid))",
                "DTSTAMP:\(utc(stamp))",
                "DTSTART;TZID=\(timeZone):\(basicTime(event.start))",
                "DTEND;TZID=\(timeZone):\(basicTime(event.end))",
                "SUMMARY:\(escape(event.summary))",
                "LOCATION:\(escape(event.location))",
                "DESCRIPTION:\(escape(event.description))",
                "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined()
    }

    /// TEXT escaping (§3.3.11): backslash, semicolon and comma get a backslash; any line break becomes `\n`;
    /// other control characters (TEXT does not allow them), C1 controls and bidi overrides are dropped.
    public static func escape(_ text: String) -> String {
        var out = ""
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n": if !previousWasCR { out += "\\n" }
            case "\t": out.unicodeScalars.append(scalar)
            default:
                if ExportText.isUnsafe(scalar) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// One content line folded (§3.1): at most 75 octets per line, continuation lines start with a space,
    /// breaks fall between characters, each physical line ends with CRLF.
    public static func fold(_ line: String) -> String {
        var out = ""
        var used = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if used + size > lineLimit {
                out += "\r\n "
                used = 1
            }
            out.unicodeScalars.append(scalar)
            used += size
        }
        return out + "\r\n"
    }

    /// `YYYYMMDDTHHMMSS`, the local form used with TZID.
    public static func basicTime(_ time: LocalDateTime) -> String {
        time.iso.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "") + "00"
    }

    /// `YYYYMMDDTHHMMSSZ`.
    static func utc(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let minuteStart = seconds >= 0 ? seconds / 60 : (seconds - 59) / 60
        let second = seconds - minuteStart * 60
        return basicTime(LocalDateTime(minutes: minuteStart)).dropLast(2) + (second < 10 ? "0" : "") + "\(second)Z"
    }
}
