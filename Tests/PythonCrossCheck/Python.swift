import Foundation

/// Python cross-checks shared by the test targets: a script run by `python3` on a file. A missing package or a
/// failing script throws, so the test fails with the message (CI installs the packages; nothing is skipped).
public enum Python {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `script` with `file` as its argument and returns what it printed.
    public static func run(_ script: String, file: String, modules: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, file]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do {
            try process.run()
        } catch {
            throw Failure(description: "python3 could not be started (\(error)); install Python 3 with \(modules.joined(separator: ", ")).")
        }
        // Read before waiting so a large output cannot fill the pipe and stall the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if stderr.contains("ModuleNotFoundError") {
            throw Failure(description: "Python modules \(modules.joined(separator: ", ")) are needed for this cross-check: "
                          + "python3 -m pip install \(modules.joined(separator: " ")) (.ci/run does it)")
        }
        guard process.terminationStatus == 0 else { throw Failure(description: "python3 failed: \(stderr)") }
        return String(decoding: stdout, as: UTF8.self)
    }

    /// Runs `script` on `text` written to a temporary file with the given extension.
    public static func run(_ script: String, text: String, fileExtension: String, modules: [String]) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bailanys-\(UUID().uuidString).\(fileExtension)")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try run(script, file: file.path, modules: modules)
    }
}

/// A calendar as Python's `icalendar` package reads it.
public struct PythonICalendar: Decodable {
    public struct Event: Decodable {
        public var uid, summary, location, description, start, end, startUTC, tzid, stamp: String
    }

    public var timezones: [String]
    public var events: [Event]

    static let script = """
        import datetime, json, sys, icalendar
        cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
        out = {"timezones": [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")], "events": []}
        for ev in cal.walk("VEVENT"):
            start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
            out["events"].append({
                "uid": str(ev["UID"]), "summary": str(ev["SUMMARY"]), "location": str(ev["LOCATION"]),
                "description": str(ev["DESCRIPTION"]),
                "start": start.isoformat(), "end": end.isoformat(),
                "startUTC": start.astimezone(datetime.timezone.utc).isoformat(),
                "tzid": ev["DTSTART"].params.get("TZID"), "stamp": ev.decoded("DTSTAMP").isoformat(),
            })
        print(json.dumps(out))
        """

    public static func parse(_ text: String) throws -> PythonICalendar {
        let output = try Python.run(script, text: text, fileExtension: "ics", modules: ["icalendar"])
        return try JSONDecoder().decode(PythonICalendar.self, from: Data(output.utf8))
    }
}

/// vCards as Python's `vobject` package reads them.
public struct PythonVCard: Decodable, Equatable {
    public var version: String, name: String, phones: [String], emails: [String]
    /// Every property name on the card, lower-case.
    public var properties: [String]

    static let script = """
        import json, sys, vobject
        print(json.dumps([{
            "version": card.version.value, "name": card.fn.value,
            "phones": [t.value for t in card.contents.get("tel", [])],
            "emails": [e.value for e in card.contents.get("email", [])],
            "properties": sorted(card.contents.keys()),
        } for card in vobject.readComponents(open(sys.argv[1], encoding="utf-8").read())]))
        """

    public static func parse(_ text: String) throws -> [PythonVCard] {
        let output = try Python.run(script, text: text, fileExtension: "vcf", modules: ["vobject"])
        return try JSONDecoder().decode([PythonVCard].self, from: Data(output.utf8))
    }
}
