import BailanysCore
import BailanysResources
import BailanysStore
import Foundation
import Testing

@Suite(.serialized) struct InterchangeCommandTests {
    let cli = BinaryRunner()

    func bytes(_ path: String) -> Data { FileManager.default.contents(atPath: path) ?? Data() }

    /// A coordinator's id, found through the export's own filter.
    func coordinator(_ db: String) throws -> String {
        let result = try cli.run(["export", "--format", "json", "--kind", "people", "--where", "role=coordinator", "--db", db])
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        return (document["people"] as! [[String: Any]])[0]["id"] as! String
    }

    @Test func sensitiveExportNeedsACoordinatorWarnsAndIsAudited() throws {
        let db = try cli.demo()
        let plain = try cli.run(["export", "--format", "csv", "--db", db])
        #expect(plain.status == 0 && plain.stdout.hasPrefix("external_id,full_name,"))
        #expect(!plain.stdout.contains("neet"))
        let refused = try cli.run(["export", "--format", "csv", "--include-sensitive", "--db", db])
        #expect(refused.status == 4 && refused.stderr.contains("only a coordinator can export sensitive categories"))
        let me = try coordinator(db)
        let output = cli.path("full.csv")
        let allowed = try cli.run(["export", "--format", "csv", "--include-sensitive", "--as", me, "-o", output, "--db", db])
        #expect(allowed.status == 0 && allowed.stderr.contains("warning"))
        #expect(String(decoding: bytes(output), as: UTF8.self).hasPrefix("external_id,") && String(decoding: bytes(output), as: UTF8.self).contains(",neet,"))
        #expect(try FileManager.default.attributesOfItem(atPath: output)[.posixPermissions] as! Int == 0o600)
        let store = try DirectoryStore.open(path: db, gazetteer: try Gazetteer(json: BailanysResources.data(.gazetteer)))
        let audit = try store.auditLog().filter { $0.action == "export-include-sensitive" }
        #expect(audit.count == 1 && audit[0].actor == me)
    }

    /// A contact's note goes out only to who may read it: its parties and the coordinators reaching one of them
    /// (privacy.md). A regional coordinator's interactions export carried the notes of every region (review). CSV and
    /// JSON take the interactions from the same place; JSON is read here.
    @Test func aRegionalCoordinatorsExportCarriesOnlyTheNotesTheyMayRead() throws {
        let db = try cli.demo()
        let (coordinator, region) = try cli.regionalCoordinator(db)
        let store = try cli.open(db)
        let export = try cli.run(["export", "--format", "json", "--kind", "interactions", "--db", db, "--as", coordinator])
        #expect(export.status == 0, "\(export.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [String: Any])
        let rows = try #require(root["interactions"] as? [[String: String]])
        var noted = 0, readable = 0
        for row in rows where !(row["note"] ?? "").isEmpty {
            noted += 1
            let regions = try [row["a"]!, row["b"]!].map { try store.subject(EntityID($0)!).region }
            if regions.contains(region) { readable += 1 }
        }
        #expect(noted > 0 && noted == readable, "\(noted) notes, \(readable) of them with a party in \(region)")
        let all = try #require(try JSONSerialization.jsonObject(with: Data(try cli.run(
            ["export", "--format", "json", "--kind", "interactions", "--db", db, "--as", try cli.coordinatorID(db)]).stdout.utf8)) as? [String: Any])
        #expect((all["interactions"] as? [[String: String]])?.count == rows.count, "the contacts themselves all go out")
        // Imported again (by a national coordinator), a contact whose note was withheld is the one already stored.
        let csv = cli.path("regional-interactions.csv")
        #expect(try cli.run(["export", "--format", "csv", "--kind", "interactions", "-o", csv, "--db", db, "--as", coordinator]).status == 0)
        let before = try store.stats().interactions
        let imported = try cli.run(["import", csv, "--db", db, "--as", try cli.coordinatorID(db)])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try store.stats().interactions == before, "\(imported.stdout)")
    }

    /// Someone who is not a coordinator asking for organisations is told why they get people only: the message
    /// blamed --public, which they had not given (review).
    @Test func aMembersExportOfAnotherKindSaysWhyItIsPeopleOnly() throws {
        let db = try cli.demo()
        let refused = try cli.run(["export", "--format", "csv", "--kind", "organizations", "--db", db, "--as", "P12"])
        #expect(refused.status == 2 && refused.stderr.contains("every export of someone who is not a coordinator"), "\(refused.stderr)")
    }

    /// An external id of the form "P9231" on a new person: the next person added became P9231, exports named two
    /// people P9231 (the directory's own export no longer re-imported) and rows for P9231 went to the first (review).
    @Test func aNewEntryCannotTakeAnIDShapedLikeTheDirectorysOwn() throws {
        let db = try cli.demo()
        let me = try coordinator(db)
        let before = bytes(db)
        let csv = cli.path("shaped.csv")
        try "external_id,full_name,settlement\nP99999,Alpha Person,Aktau\nzp-1,Beta Person,Aktau\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let refused = try cli.run(["import", csv, "--as", me, "--db", db])
        #expect(refused.status == 1 && refused.stderr.contains("\(csv):2:1: external_id \"P99999\" has the form of a Bailanys id"), "\(refused.stderr)")
        #expect(bytes(db) == before)
        let orgs = cli.path("orgs.csv")
        try "external_id,name,kind,settlement\nO777,Жастар орталығы,youth-centre,Aktau\n".write(toFile: orgs, atomically: true, encoding: .utf8)
        #expect(try cli.run(["import", orgs, "--as", me, "--db", db]).stderr.contains("external_id \"O777\" has the form"))
        let added = try cli.run(["add", "person", "--name", "Gamma Person", "--settlement", "Aktau", "--external-id", "I40", "--as", me, "--db", db])
        #expect(added.status != 0 && added.stderr.contains("not shaped like P12"), "\(added.stderr)")
        #expect(try cli.run(["edit", "P12", "--external-id", "P13", "--as", me, "--db", db]).stderr.contains("not shaped like P12"))
        // Its own id is no collision.
        #expect(try cli.run(["edit", "P12", "--external-id", "P12", "--as", me, "--db", db]).status == 0)
    }

    /// Messages that sent people the wrong way (review): a newer copy that is not one blamed --db, a folder was
    /// "cannot read", a JSON export "cannot tell what the rows are", a readable-by-others file "restore a backup".
    @Test func messagesNameWhatIsWrong() throws {
        let db = try cli.demo()
        let me = try coordinator(db)
        let copy = cli.path("copy.sqlite")
        #expect(try cli.run(["publish", "--for", "alumni", "-o", copy, "--as", me, "--db", db]).status == 0)
        try "junk".write(toFile: cli.path("junk.sqlite"), atomically: true, encoding: .utf8)
        for (newer, what) in [("junk.sqlite", "is not a copy Bailanys can read"), ("nope.sqlite", "does not exist")] {
            let taken = try cli.run(["take-copy", cli.path(newer), "--as", "P1", "--db", copy])
            #expect(taken.status != 0 && taken.stderr.contains("\(newer) \(what); this member copy was left as it was")
                    && !taken.stderr.contains("--db"), "\(taken.stderr)")
        }
        try FileManager.default.createDirectory(atPath: cli.path("folder"), withIntermediateDirectories: true)
        #expect(try cli.run(["import", cli.path("folder"), "--as", me, "--db", db]).stderr.contains("is a folder"))
        let json = cli.path("people.json")
        #expect(try cli.run(["export", "--format", "json", "-o", json, "--as", me, "--db", db]).status == 0)
        #expect(try cli.run(["import", json, "--as", me, "--db", db]).stderr.contains("this is JSON, which import does not read"))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: db)
        let doctor = try cli.run(["doctor", "--db", db])
        #expect(doctor.status == 3 && doctor.stderr.contains("run the chmod it gives") && !doctor.stderr.contains("restore a backup"), "\(doctor.stderr)")
    }

    @Test func failedImportListsProblemsAndLeavesTheFileAsItWas() throws {
        let db = try cli.demo()
        let file = cli.path("bad.csv")
        try "external_id;full_name;settlement\nn1;Жаңа;Atlantis\nn2;;Ақтау\n".write(toFile: file, atomically: true, encoding: .utf8)
        let before = bytes(db)
        let result = try cli.run(["import", file, "--db", db])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(file):2:9: settlement \"Atlantis\""))
        #expect(result.stderr.contains("\(file):3:1: no name"))
        #expect(result.stderr.contains("2 problems"))
        #expect(bytes(db) == before)
    }

    @Test func dryRunReportsAndChangesNothing() throws {
        let db = try cli.demo()
        let file = cli.path("people.csv")
        // A coordinator's full export, re-imported by the coordinator (anyone else exports the public directory).
        let coordinator = try cli.coordinatorID(db)
        #expect(try cli.run(["export", "--format", "csv", "-o", file, "--as", coordinator, "--db", db]).status == 0)
        let before = bytes(db)
        let result = try cli.run(["import", file, "--dry-run", "--as", coordinator, "--db", db])
        #expect(result.status == 0)
        #expect(result.stdout.contains("0 new, ") && result.stdout.contains("Dry run: nothing was changed."))
        #expect(bytes(db) == before)
    }

    /// Everything a coordinator sees of every person.
    func people(_ db: String) throws -> [Person] {
        try DirectoryStore.open(path: db, gazetteer: try Gazetteer(json: BailanysResources.data(.gazetteer)))
            .loadDirectory(audience: .coordinator).people
    }

    /// Issue 10: the directory's own default CSV, vCard and meetup invite list re-import with nothing lost.
    @Test func ownExportsReimportWithoutLosingAnything() throws {
        let db = try cli.demo()
        // As the national coordinator: the one who holds every private contact, and may import them back.
        let me = try cli.coordinatorID(db)
        let before = try people(db)
        #expect(before.contains { $0.contacts.contains { !$0.shared } }, "the demo has private contacts to lose")
        let plan = try cli.run(["meetup", "plan", "--host", "Астана", "--date", "2026-11-20T18:30", "--capacity", "30", "--radius", "3000", "--save", "--db", db, "--as", me])
        #expect(plan.status == 0, "\(plan.stderr)")
        // Organisations and initiatives too: without an external id they went out as O3 and I40, and came back as new
        // entries (162 organisations became 324; review).
        let exports = [("people.csv", ["export", "--format", "csv"]), ("people.vcf", ["export", "--format", "vcard"]),
                       ("people3.vcf", ["export", "--format", "vcard3"]), ("invite.csv", ["meetup", "export", "M1", "--format", "csv"]),
                       ("invite.vcf", ["meetup", "export", "M1", "--format", "vcard"]),
                       ("organizations.csv", ["export", "--format", "csv", "--kind", "organizations"]),
                       ("initiatives.csv", ["export", "--format", "csv", "--kind", "initiatives"])]
        let stats = try cli.open(db).stats()
        for (name, command) in exports {
            let file = cli.path(name)
            let exported = try cli.run(command + ["-o", file, "--db", db, "--as", me])
            #expect(exported.status == 0, "\(name): \(exported.stderr)")
            let dry = try cli.run(["import", file, "--dry-run", "--db", db, "--as", me])
            #expect(dry.status == 0 && dry.stdout.contains("0 new") && !dry.stdout.contains("deletes"), "\(name): \(dry.stdout)\(dry.stderr)")
            // An entry the file does not change is already present, not updated: it said "9229 updated" (review). A
            // vCard still updates: its N and ADR are kept as vCard properties the first time (see the closing note).
            if name.hasSuffix(".csv") { #expect(dry.stdout.contains("0 new, 0 updated"), "\(name): \(dry.stdout)") }
            let imported = try cli.run(["import", file, "--db", db, "--as", me])
            #expect(imported.status == 0, "\(name): \(imported.stderr)")
            let after = try people(db)
            #expect(after.map(\.contacts) == before.map(\.contacts), "\(name) lost contacts")
            #expect(after.map(\.settlement) == before.map(\.settlement) && after.map(\.sensitive) == before.map(\.sensitive), "\(name)")
            let now = try cli.open(db).stats()
            #expect(now.organizations == stats.organizations && now.initiatives == stats.initiatives, "\(name): \(imported.stdout)")
        }
        // Deleting takes the marker, and the dry run lists it.
        let target = before.first { $0.contacts.contains { $0.kind == .phone } }!
        let file = cli.path("delete.csv")
        try "external_id,full_name,phone\n\(target.externalID ?? target.id.description),,#delete\n".write(toFile: file, atomically: true, encoding: .utf8)
        let unchanged = bytes(db)
        let dry = try cli.run(["import", file, "--dry-run", "--db", db, "--as", me])
        #expect(dry.stdout.contains("\(file):2: ") && dry.stdout.contains("deletes phone") && bytes(db) == unchanged, "\(dry.stdout)")
    }

    /// Issue 10: hostile text in a file is refused with its place; a formula cell leaves neutralised.
    @Test func controlsAreRefusedAndFormulasNeutralised() throws {
        let db = try cli.demo()
        // As the national coordinator: the one who holds every private contact, and may import them back.
        let me = try cli.coordinatorID(db)
        let file = cli.path("hostile.csv")
        try "external_id,full_name,settlement,note\nh1,Evil\u{1B}]52;c;aGk=\u{07},Aktau,\nh2,Formula,Aktau,=HYPERLINK(\"http://x\")\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let refused = try cli.run(["import", file, "--db", db, "--as", me])
        #expect(refused.status == 1 && refused.stderr.contains("\(file):2:4: full_name holds the control character U+001B (ESC)"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("\u{1B}"))
        try "external_id,full_name,settlement,note\nh2,Formula,Aktau,=HYPERLINK(\"http://x\")\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try cli.run(["import", file, "--db", db, "--as", me]).status == 0)
        let csv = try cli.run(["export", "--format", "csv", "--where", "search=Formula", "--db", db, "--as", me]).stdout
        #expect(csv.contains(",\"'=HYPERLINK(\"\"http://x\"\")\"\r\n"), "\(csv)")
    }

    /// kill -9 in the middle of writing a big import: the directory is as it was.
    @Test func killedImportLeavesTheDirectoryAsItWas() throws {
        let db = try cli.demo()
        let file = cli.path("many.csv")
        var csv = "a,b,date,channel,note\n"
        for i in 0..<400_000 {
            csv += "P\(i % 300 + 1),P\((i * 7 + 1) % 300 + 1),20\(10 + i % 15)-0\(i % 9 + 1)-1\(i % 9),call,бір\n"
        }
        try csv.write(toFile: file, atomically: true, encoding: .utf8)
        let before = bytes(db)
        let statsBefore = try cli.run(["stats", "--json", "--db", db]).stdout
        let process = Process()
        process.executableURL = BinaryRunner.binary
        process.arguments = ["import", file, "--as", try cli.coordinatorID(db), "--db", db]
        process.environment = ["HOME": cli.home.path, "BAILANYS_TODAY": cli.today, "LANG": "C.UTF-8"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the transaction writes pages into the write-ahead log, then kill.
        var spilled = false
        while process.isRunning {
            let size = (try? FileManager.default.attributesOfItem(atPath: db + "-wal")[.size] as? Int) ?? 0
            if size > 0 {
                spilled = true
                kill(process.processIdentifier, SIGKILL)
                break
            }
            usleep(500)
        }
        process.waitUntilExit()
        #expect(spilled, "the import finished before it could be killed")
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(bytes(db) == before)
        #expect(try cli.run(["stats", "--json", "--db", db]).stdout == statsBefore)
        #expect(try cli.run(["doctor", "--db", db]).status == 0)
    }
}
