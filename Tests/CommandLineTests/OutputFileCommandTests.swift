import Foundation
import Testing

/// `-o FILE` and `--ics FILE` overwrote anything silently: system files, device nodes, the targets of symbolic links.
@Suite(.serialized) struct OutputFileCommandTests {
    let cli = BinaryRunner()

    func text(_ path: String) -> String { String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self) }
    func mode(_ path: String) throws -> Int { try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! Int }

    @Test func anExistingFileIsKeptUnlessForced() throws {
        let db = try cli.demo()
        let output = cli.path("people.csv")
        try "keep me\n".write(toFile: output, atomically: true, encoding: .utf8)
        let refused = try cli.run(["export", "--format", "csv", "-o", output, "--db", db])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("\(output) already exists; nothing was written. Add --force"))
        #expect(text(output) == "keep me\n")
        let forced = try cli.run(["export", "--format", "csv", "-o", output, "--force", "--db", db])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(text(output).hasPrefix("external_id,"))
        #expect(try mode(output) == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cli.home.path).filter { $0.contains(".partial-") }
        #expect(leftovers.isEmpty)
    }

    @Test func aLinkOrADeviceIsNeverWrittenThrough() throws {
        let db = try cli.demo()
        let victim = cli.path("passwd")
        try "root:x:0:0\n".write(toFile: victim, atomically: true, encoding: .utf8)
        let link = cli.path("export.csv")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: victim)
        for arguments in [["export", "--format", "csv", "-o", link, "--force"], ["export", "--format", "dot", "-o", "/dev/null", "--force"],
                          ["meetup", "export", "M1", "-o", link, "--force"]] {
            let result = try cli.run(arguments + ["--db", db])
            #expect(result.status != 0)
            if arguments[0] == "export" { #expect(result.stderr.contains("symbolic link, device, pipe or folder")) }
        }
        #expect(text(victim) == "root:x:0:0\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == victim)
    }

    @Test func theInvitationIsPrivateAndNotOverwritten() throws {
        let db = try cli.demo()
        let ics = cli.path("invite.ics")
        let plan = MeetupCommandTests.plan + ["--db", db, "--ics", ics, "--as", try cli.coordinatorID(db)]
        let first = try cli.run(plan)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(text(ics).hasPrefix("BEGIN:VCALENDAR"))
        #expect(try mode(ics) == 0o600)
        let second = try cli.run(plan)
        #expect(second.status == 1 && second.stderr.contains("already exists"))
        // "nothing was written" holds for the directory too: the refused run saved a second, identical meetup (review).
        #expect(try cli.open(db).meetups().count == 1)
        #expect(try cli.run(plan + ["--force"]).status == 0)
        #expect(try cli.open(db).meetups().count == 2)
    }

    /// `-o` naming the directory itself (or its journal, or another name of it) replaced it while the command read
    /// it: with --force the master became a CSV file, a report or a member copy, with no backup (review). Refused
    /// whatever --force says, and the directory stays as it was.
    @Test func theDirectoryItselfIsNeverAnOutput() throws {
        let db = try cli.demo()
        let coordinator = try cli.coordinatorID(db)
        let before = try cli.run(["stats", "--json", "--db", db]).stdout
        let linked = cli.path("same-directory.sqlite")
        try FileManager.default.linkItem(atPath: db, toPath: linked)
        let relative = "./" + (db as NSString).lastPathComponent
        for arguments in [["export", "--format", "csv", "-o", db, "--force"], ["export", "--format", "csv", "-o", db + "-wal", "--force"],
                          ["export", "--format", "json", "-o", linked, "--force"],
                          ["report", "--csv", "-o", db, "--force", "--as", coordinator],
                          ["publish", "--for", "alumni", "-o", db, "--force", "--as", coordinator],
                          ["publish", "--for", "alumni", "-o", relative, "--force", "--as", coordinator]] {
            let result = try cli.run(arguments + ["--db", db], directory: (db as NSString).deletingLastPathComponent)
            #expect(result.status == 1 && result.stderr.contains("is the directory this command works on"), "\(arguments): \(result.stderr)")
        }
        #expect(try cli.run(["stats", "--json", "--db", db]).stdout == before)
    }

    /// The registry of open directories is per process: `export -o OTHER --force --db this.sqlite` replaced a directory
    /// an app in another process had open (its writes went on into a file no longer there), and `publish` turned a
    /// master into a member copy. No output replaces a SQLite database or its journal; a newer member copy still
    /// replaces an older one.
    @Test func anotherDirectoryIsNeverAnOutput() throws {
        let db = try cli.demo()
        let other = try cli.demo(name: "other.sqlite")
        let coordinator = try cli.coordinatorID(db)
        let before = try cli.run(["stats", "--json", "--db", other]).stdout
        for arguments in [["export", "--format", "csv", "-o", other, "--force"], ["export", "--format", "json", "-o", other + "-wal", "--force"],
                          ["report", "--csv", "-o", other + "-journal", "--force", "--as", coordinator],
                          ["publish", "--for", "alumni", "-o", other, "--force", "--as", coordinator]] {
            let result = try cli.run(arguments + ["--db", db])
            #expect(result.status == 1 && result.stderr.contains("is a SQLite database"), "\(arguments): \(result.stderr)")
        }
        // Only SQLite's own files beside it (a reader of a WAL database leaves them): no journal, no export.
        let beside = try FileManager.default.contentsOfDirectory(atPath: cli.home.path).filter { $0.hasPrefix("other") }
        #expect(Set(beside).isSubset(of: ["other.sqlite", "other.sqlite-wal", "other.sqlite-shm"]), "\(beside)")
        #expect(try cli.run(["stats", "--json", "--db", other]).stdout == before)
        let copy = cli.path("alumni.sqlite")
        for _ in 0..<2 {
            let published = try cli.run(["publish", "--for", "alumni", "-o", copy, "--force", "--as", coordinator, "--db", db])
            #expect(published.status == 0, "\(published.stderr)")
        }
    }

    /// `publish --force` over a member copy in use replaced it, and the contacts its member had logged were gone
    /// (review). A copy holding its member's log is refused; the member takes the newer one with take-copy.
    @Test func aMembersCopyWithTheirLogIsNotPublishedOver() throws {
        let db = try cli.demo()
        let coordinator = try cli.coordinatorID(db)
        let copy = cli.path("alumni.sqlite")
        let publish = ["publish", "--for", "alumni", "-o", copy, "--force", "--as", coordinator, "--db", db]
        #expect(try cli.run(publish).status == 0)
        #expect(try cli.run(["log", "P1", "P2", "--as", "P1", "--db", copy]).status == 0)
        let refused = try cli.run(publish)
        #expect(refused.status == 1 && refused.stderr.contains("holds 1 contact its member logged"), "\(refused.stderr)")
        #expect(try cli.run(["export-log", "--as", "P1", "--db", copy]).stdout.contains("P1,P2,"))
    }

    /// A file that is not a database is replaced as any output is with --force; publish said the file "is not a
    /// Bailanys directory … Check --db" (review).
    @Test func publishReplacesAFileThatIsNoDatabaseWhenForced() throws {
        let db = try cli.demo()
        let text = cli.path("notes.sqlite")
        try "text".write(toFile: text, atomically: true, encoding: .utf8)
        let published = try cli.run(["publish", "--for", "alumni", "-o", text, "--force", "--as", try cli.coordinatorID(db), "--db", db])
        #expect(published.status == 0, "\(published.stderr)")
        #expect(try cli.run(["stats", "--db", text]).stdout.contains("member copy for alumni"))
    }
}
