import BailanysCore
import BailanysInterchange
import Foundation
import PythonCrossCheck
import Testing

struct ICalendarTests {
    let event = CalendarEvent(
        uid: "M3@bailanys",
        start: LocalDateTime(iso: "2026-12-10T18:30")!, end: LocalDateTime(iso: "2026-12-10T20:30")!,
        summary: "Түлектер кездесуі, Ақтау; 2026",
        location: "Ақтау жастар ресурстық орталығы, Ақтау",
        description: "Сәлеметсіздер ме!\nZhasProject түлектері, келіңіздер: жолдастар, тәлімгерлер; бәрі.\r\nПуть: C:\\temp\n"
            + String(repeating: "Қазақстан жастары 🇰🇿 ", count: 12))
    let stamp = Date(timeIntervalSince1970: 1_795_000_000.7)

    @Test func pythonICalendarReadsBackEveryField() throws {
        let parsed = try PythonICalendar.parse(ICalendar.write([event], stamp: stamp))
        #expect(parsed.timezones == ["Asia/Almaty"])
        let e = try #require(parsed.events.first)
        #expect(parsed.events.count == 1)
        #expect(e.uid == event.uid && e.summary == event.summary && e.location == event.location)
        #expect(e.description == event.description.replacingOccurrences(of: "\r\n", with: "\n"))
        #expect(e.tzid == "Asia/Almaty")
        #expect(e.start.hasPrefix("2026-12-10T18:30:00") && e.end.hasPrefix("2026-12-10T20:30:00"))
        #expect(e.startUTC == "2026-12-10T13:30:00+00:00", "Almaty is UTC+5 since March 2024")
        #expect(e.stamp == "2026-11-18T11:06:40+00:00")
    }

    @Test func linesAreCRLFAndAtMost75OctetsNeverSplittingACharacter() throws {
        let text = ICalendar.write([event], stamp: stamp)
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        let bytes = Array(text.utf8)
        var lines: [[UInt8]] = [], current: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0D {
                #expect(i + 1 < bytes.count && bytes[i + 1] == 0x0A, "CR only as part of CRLF")
                lines.append(current)
                current = []
                i += 2
                continue
            }
            #expect(bytes[i] != 0x0A, "LF only as part of CRLF")
            current.append(bytes[i])
            i += 1
        }
        #expect(current.isEmpty)
        #expect(lines.contains { $0.count == ICalendar.lineLimit }, "the long description is folded at the limit")
        for line in lines {
            #expect(line.count <= ICalendar.lineLimit)
            #expect(String(validatingUTF8: line.map { CChar(bitPattern: $0) } + [0]) != nil, "each line is whole UTF-8")
        }
        #expect(text.contains("DTSTART;TZID=Asia/Almaty:20261210T183000\r\n"))
        #expect(text.contains("DTSTAMP:20261118T110640Z\r\n"))
    }

    @Test func escapingAndFolding() {
        #expect(ICalendar.escape("a,b;c\\d\ne\r\nf\rg\u{7}h") == "a\\,b\\;c\\\\d\\ne\\nf\\ng" + "h")
        let folded = ICalendar.fold("X:" + String(repeating: "ә", count: 60))
        let parts = folded.components(separatedBy: "\r\n").dropLast()
        #expect(parts.count == 2)
        #expect(parts.allSatisfy { $0.utf8.count <= 75 } && parts.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        #expect(parts.first!.utf8.count == 74, "2 + 36 × 2 octets; a 37th ә would pass 75")
        #expect(parts.joined().replacingOccurrences(of: " ", with: "") == "X:" + String(repeating: "ә", count: 60))
    }
}
