import BailanysCore
import BailanysResources
import BailanysStore
import Foundation
import Synchronization
import Testing

@Suite(.serialized) struct CommandLineTests {
    let cli = BinaryRunner()

    @Test func versionAndHelp() throws {
        let version = try cli.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("0."))
        let help = try cli.run(["--help"])
        #expect(help.status == 0)
        for command in ["sample", "init", "add", "edit", "search", "show", "log", "stats", "doctor"] {
            #expect(help.stdout.contains(command), "help lists \(command)")
        }
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try cli.run(["--no-such-flag"]).status == 2)
        #expect(try cli.run(["search", "a", "--limit", "zero"]).status == 2)
        let db = try cli.demo()
        let badID = try cli.run(["show", "nonsense", "--db", db])
        #expect(badID.status == 2)
        #expect(badID.stderr.contains("\"nonsense\" is not"))
        // A usage message keeps its lines: they came out as one, joined by "␊" (review).
        let missing = try cli.run(["export", "--db", db])
        #expect(missing.status == 2 && !missing.stderr.contains("␊"), "\(missing.stderr)")
        #expect(missing.stderr.split(separator: "\n").contains { $0.hasPrefix("Usage: bailanys export") }, "\(missing.stderr)")
    }

    @Test func sampleIsDeterministicAndNeverOverwritesSilently() throws {
        let first = try cli.demo(name: "a.sqlite")
        let second = try cli.demo(name: "b.sqlite")
        let a = FileManager.default.contents(atPath: first)!
        #expect(a == FileManager.default.contents(atPath: second)!, "same seed and day give byte-identical files")
        let again = try cli.run(["sample", "--alumni", "300", "--seed", "7", "--db", first])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already exists"))
        #expect(FileManager.default.contents(atPath: first)! == a)
        let forced = try cli.run(["sample", "--alumni", "300", "--seed", "7", "--db", first, "--force"])
        #expect(forced.status == 0)
        #expect(FileManager.default.contents(atPath: first)! != a)
        let mode = try FileManager.default.attributesOfItem(atPath: first)[.posixPermissions] as! Int
        #expect(mode & 0o077 == 0)
    }

    @Test func searchAcrossSpellings() throws {
        let db = try cli.demo()
        let latin = try cli.run(["search", "aigerim", "--db", db, "--limit", "100", "--json"])
        #expect(latin.status == 0)
        let results = try JSONSerialization.jsonObject(with: Data(latin.stdout.utf8)) as! [[String: Any]]
        #expect(!results.isEmpty)
        #expect(results.contains { ($0["name"] as! String).contains("Айгерім") })
        let cyrillic = try cli.run(["search", "Айгерім", "--db", db, "--limit", "100", "--json"])
        #expect(cyrillic.stdout == latin.stdout)
        let empty = try cli.run(["search", "  ", "--db", db])
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("Search needs a word"))
        // Filters alone list what they admit, alphabetically, as the directory does (review: "--role mentor" was refused).
        let mentors = try cli.run(["search", "--role", "mentor", "--region", "Mangystau", "--db", db, "--limit", "5", "--json"])
        #expect(mentors.status == 0, "\(mentors.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(mentors.stdout.utf8)) as? [[String: Any]])
        #expect((1...5).contains(rows.count) && rows.allSatisfy { ($0["roles"] as? [String])?.contains("mentor") == true && ($0["region"] as? String) == "Mangystau Region" },
                "\(mentors.stdout)")
    }

    /// An `edit` that waits for another writer reads the record after it: it read first and wrote the record whole,
    /// undoing what the other wrote between (review: parallel loops of `edit`s lost some of each other's, and an edit
    /// during an import reverted the import's row). Another process holds the write lock while it changes the note of
    /// a person and an organisation; `edit` changes other fields meanwhile; both changes stay.
    @Test func anEditWaitingForAnotherWriterKeepsWhatItWrote() throws {
        let db = try cli.demo()
        let coordinator = try cli.coordinatorID(db)
        let held = cli.path("held")
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        writer.arguments = ["python3", "-c", """
            import sqlite3, sys, time, pathlib
            db = sqlite3.connect(sys.argv[1], isolation_level=None)
            db.execute("BEGIN IMMEDIATE")
            db.execute("UPDATE person SET note = 'theirs' WHERE id = 1")
            db.execute("UPDATE organization SET note = 'theirs' WHERE id = 1")
            pathlib.Path(sys.argv[2]).touch()
            time.sleep(1.5)
            db.execute("COMMIT")
            """, db, held]
        try writer.run()
        while !FileManager.default.fileExists(atPath: held) { usleep(10_000) }
        let edits = [["edit", "P1", "--interests", "sport"], ["edit", "O1", "--name", "Renamed body"]]
        let statuses = Mutex<[Int32]>([])
        DispatchQueue.concurrentPerform(iterations: edits.count) { i in
            let status = (try? cli.run(edits[i] + ["--db", db, "--as", coordinator]).status) ?? -1
            statuses.withLock { $0.append(status) }
        }
        writer.waitUntilExit()
        #expect(statuses.withLock { $0 } == [0, 0])
        let store = try cli.open(db)
        let stored = try store.person(EntityID(.person, 1), audience: .coordinator)
        #expect(stored.note == "theirs" && stored.interests == ["sport"], "\(stored)")
        #expect(try store.organization(EntityID(.organization, 1)).note == "theirs")
    }

    /// `fading` and `mentees` head their columns, and `fading` shows the strength lost that orders it (its rows read
    /// as unordered without it; review).
    @Test func fadingAndMenteesHeadTheirColumns() throws {
        let db = try cli.demo()
        let mentor = try #require(try cli.open(db).loadDirectory().people.first { $0.roles == [.mentor] }).id.description
        let fading = try cli.run(["fading", "--as", mentor, "--db", db]).stdout.split(separator: "\n")
        #expect(fading.first?.contains("lost") == true && fading.first?.contains("last contact") == true, "\(fading)")
        let lost = fading.dropFirst().compactMap { line in line.split(separator: " ").first { $0.contains(".") }.flatMap { Double($0) } }
        #expect(lost.count > 1 && lost == lost.sorted(by: >), "\(fading)")
        let mentees = try cli.run(["mentees", "--as", mentor, "--db", db]).stdout
        #expect(mentees.hasPrefix(" ") && mentees.split(separator: "\n").first?.contains("last contact") == true, "\(mentees)")
    }

    /// A theme filter takes the theme's name in kk, ru or en, as the app's filter does; one no initiative has is an
    /// error. `--theme экология` matched nobody with exit 0 (search and `export --where theme=`; review).
    @Test func aThemeIsNamedInAnyLanguage() throws {
        let db = try cli.demo()
        func ids(_ arguments: [String]) throws -> [String] {
            let result = try cli.run(arguments + ["--db", db])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            return result.stdout.split(whereSeparator: \.isNewline).map { String($0.prefix { $0 != "," && $0 != " " }) }
        }
        let english = try ids(["search", "--theme", "ecology", "--limit", "10000"])
        #expect(english.count > 1)
        for name in ["экология", "Экология", "ECOLOGY"] {
            #expect(try ids(["search", "--theme", name, "--limit", "10000"]) == english, "\(name)")
        }
        let kazakh = try cli.run(["search", "--theme", "экология", "--db", db, "--json"]).stdout
        let json = try cli.run(["search", "--theme", "ecology", "--db", db, "--json"]).stdout
        #expect(kazakh == json)
        let exported = try ids(["export", "--format", "csv", "--where", "theme=экология"])
        let exportedByKey = try ids(["export", "--format", "csv", "--where", "theme=ecology"])
        #expect(exported.count > 1 && exported == exportedByKey, "\(exported) \(exportedByKey)")
        for arguments in [["search", "--theme", "nonsense"], ["export", "--format", "csv", "--where", "theme=nonsense"]] {
            let unknown = try cli.run(arguments + ["--db", db])
            #expect(unknown.status == 1 && unknown.stderr.contains("No initiative has the theme \"nonsense\"")
                    && unknown.stderr.contains("ecology"), "\(unknown.stderr)")
        }
    }

    /// `show` lists at most 15 people; the rest were cut without a word (review).
    @Test func showSaysWhatALongListLeavesOut() throws {
        let db = try cli.demo()
        let json = try cli.run(["show", "P318", "--json", "--db", db])
        let card = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let people = try #require(card["people"] as? [Any]).count
        #expect(people > 15, "a mentor of the demo knows many")
        let text = try cli.run(["show", "P318", "--db", db]).stdout
        #expect(text.contains("… and \(people - 15) more (all with --json)"), "\(text)")
    }

    /// Issue 14 item 6: six-digit ids were cut to "P1033…" in the search table.
    @Test func searchPrintsWholeSixDigitIDs() throws {
        let db = cli.path("big-ids.sqlite")
        let gazetteer = try Gazetteer(json: BailanysResources.data(.gazetteer))
        let store = try DirectoryStore.create(path: db, gazetteer: gazetteer)
        try store.insert(DirectoryData(people: [
            Person(id: EntityID(.person, 103_345), fullName: "Айгерім Сапарова", roles: [.alumnus], settlement: "aktau"),
            Person(id: EntityID(.person, 7), fullName: "Айбек Серік", roles: [.alumnus], settlement: "aktau"),
        ]))
        let result = try cli.run(["search", "ай", "--db", db])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("P103345  ") && $0.contains("Айгерім Сапарова") }, "\(result.stdout)")
        #expect(lines.contains { $0.hasPrefix("P7       ") }, "ids stay one aligned column: \(result.stdout)")
    }

    @Test func showHidesSensitiveCategoriesFromNonCoordinators() throws {
        let db = try cli.demo()
        let member = try cli.run(["show", "P1", "--json", "--db", db])
        #expect(member.status == 0)
        #expect(!member.stdout.contains("\"sensitive\""))
        let coordinator = try cli.coordinatorID(db)
        let privileged = try cli.run(["show", "P1", "--json", "--db", db, "--as", coordinator])
        #expect(privileged.stdout.contains("\"sensitive\""))
        let missing = try cli.run(["show", "P999999", "--db", db])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("No entry with id P999999"))
    }

    /// `unlog` removes a contact logged by mistake, as `u` does in the app (there was no way back); `log` and `unlog`
    /// answer in JSON too. Only whoever may log it removes it (exit 4 otherwise); the programme's records are
    /// coordinators'.
    @Test func unlogTakesBackALoggedContact() throws {
        let db = try cli.demo()
        let people = try cli.open(db).loadDirectory(audience: .coordinator).people.filter { $0.roles == [.alumnus] }
        let (me, other, stranger) = (people[0].id.description, people[1].id.description, people[2].id.description)
        let before = try cli.open(db).stats().interactions
        let logged = try cli.run(["log", me, other, "--channel", "call", "--json", "--db", db, "--as", me])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(logged.stdout.utf8)) as? [String: Any])
        let id = try #require(json["id"] as? String)
        #expect(json["a"] as? String == me && json["b"] as? String == other && json["channel"] as? String == "call")
        let refused = try cli.run(["unlog", id, "--db", db, "--as", stranger])
        #expect(refused.status == 4 && refused.stderr.contains("can remove a contact between"), "\(refused.stderr)")
        let removed = try cli.run(["unlog", id, "--json", "--db", db, "--as", me])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect((try JSONSerialization.jsonObject(with: Data(removed.stdout.utf8)) as? [String: Any])?["id"] as? String == id)
        #expect(try cli.open(db).stats().interactions == before)
        #expect(try cli.run(["unlog", id, "--db", db, "--as", me]).status == 1, "gone")
        #expect(try cli.run(["doctor", "--db", db]).status == 0)
    }

    @Test func logValidatesAndRecords() throws {
        let db = try cli.demo()
        func interactions() throws -> Int {
            let stats = try cli.run(["stats", "--json", "--db", db])
            return (try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as! [String: Any])["interactions"] as! Int
        }
        let before = try interactions()
        let logged = try cli.run(["log", "P1", "P2", "--channel", "call", "--note", "plans", "--as", "P1", "--db", db])
        #expect(logged.status == 0, "\(logged.stderr)")
        #expect(try interactions() == before + 1)
        let itself = try cli.run(["log", "P1", "P1", "--as", "P1", "--db", db])
        #expect(itself.status == 1)
        #expect(itself.stderr.contains("themself"))
        let future = try cli.run(["log", "P1", "P2", "--date", "2027-01-01", "--as", "P1", "--db", db])
        #expect(future.status == 1)
        #expect(future.stderr.contains("in the future"))
        let impossible = try cli.run(["log", "P1", "P2", "--date", "2026-02-30", "--as", "P1", "--db", db])
        #expect(impossible.status == 2)
        #expect(try interactions() == before + 1)
    }

    @Test func addAndEditValidateFields() throws {
        let db = try cli.demo()
        let coordinator = try cli.coordinatorID(db)
        let added = try cli.run(["add", "person", "--name", "Тест Тестұлы", "--settlement", "Aqtau", "--phone", "+7 701 000 00 00",
                                 "--as", coordinator, "--db", db])
        #expect(added.status == 0, "\(added.stderr)")
        let id = String(added.stdout.split(separator: " ")[1].dropLast())
        let shown = try cli.run(["show", id, "--json", "--db", db])
        #expect(shown.stdout.contains("\"key\" : \"aktau\""))
        let badPhone = try cli.run(["edit", id, "--phone", "12", "--as", id, "--db", db])
        #expect(badPhone.status == 1)
        #expect(badPhone.stderr.contains("phone"))
        let unknownPlace = try cli.run(["add", "person", "--name", "X", "--settlement", "Atlantis", "--as", coordinator, "--db", db])
        #expect(unknownPlace.status == 1)
        let sensitive = try cli.run(["edit", id, "--neet", "yes", "--as", id, "--db", db])
        #expect(sensitive.status == 4)
        #expect(sensitive.stderr.contains("can change \(id)'s sensitive categories"))
        let asCoordinator = try cli.run(["edit", id, "--neet", "yes", "--db", db, "--as", coordinator])
        #expect(asCoordinator.status == 0)
    }

    @Test func refusesFilesThatAreNotDirectories() throws {
        let notes = cli.path("notes.txt")
        try "just some notes\n".write(toFile: notes, atomically: true, encoding: .utf8)
        let result = try cli.run(["stats", "--db", notes])
        #expect(result.status == 3)
        #expect(result.stderr.contains("not a Bailanys directory"))
        #expect(try String(contentsOfFile: notes, encoding: .utf8) == "just some notes\n")
        let missing = try cli.run(["stats", "--db", cli.path("nope.sqlite")])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("bailanys sample"))
    }

    @Test func unknownIdsAndEmptyQueriesGetOneSentence() throws {
        let db = try cli.demo()
        for arguments in [["show", "P999999"], ["log", "P1", "P999999"], ["edit", "O999999", "--name", "X"]] {
            let result = try cli.run(arguments + ["--db", db])
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.contains("No entry with id"), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
        for query in ["", "   ", " ,. ;"] {
            let result = try cli.run(["search", query, "--db", db])
            #expect(result.status == 1, "\"\(query)\"")
            #expect(result.stderr.contains("Search needs a word"))
        }
    }

    @Test func lockedDirectoryIsReportedAndLeftAlone() throws {
        let db = try cli.demo()
        let before = try cli.run(["stats", "--json", "--db", db]).stdout
        // Another program holds the write lock: Python's sqlite3 in an exclusive transaction.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1], isolation_level=None); c.execute('BEGIN EXCLUSIVE')
            print('locked', flush=True); sys.stdin.read()
            """, db]
        // Released by closing its stdin: signals may be blocked in processes the test runner starts.
        let ready = Pipe(), release = Pipe()
        holder.standardOutput = ready
        holder.standardInput = release
        try holder.run()
        defer { try? release.fileHandleForWriting.close() }
        #expect(String(decoding: ready.fileHandleForReading.availableData, as: UTF8.self).hasPrefix("locked"))
        let logged = try cli.run(["log", "P1", "P2", "--note", "while locked", "--as", "P1", "--db", db])
        #expect(logged.status == 1)
        #expect(logged.stderr.contains("Someone else is saving"), "\(logged.stderr)")
        try release.fileHandleForWriting.close()
        holder.waitUntilExit()
        #expect(try cli.run(["stats", "--json", "--db", db]).stdout == before)
    }

    @Test func doctorAndStats() throws {
        let db = try cli.demo()
        let doctor = try cli.run(["doctor", "--db", db])
        #expect(doctor.status == 0)
        #expect(!doctor.stdout.contains("FAIL"))
        let stats = try cli.run(["stats", "--db", db])
        #expect(stats.stdout.contains("People:"))
    }

    @Test func initEmptyAndDefaultLocation() throws {
        let created = try cli.run(["init", "--empty"])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(FileManager.default.fileExists(atPath: cli.path("data/bailanys/directory.sqlite")))
        #expect(try cli.run(["init", "--empty"]).status == 1)
        #expect(try cli.run(["init"]).status == 2)
        let viaEnvironment = try cli.run(["stats"], environment: ["BAILANYS_DB": cli.path("elsewhere.sqlite")])
        #expect(viaEnvironment.stderr.contains("elsewhere.sqlite"))
    }
}
