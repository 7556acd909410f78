@testable import BailanysCommands
import BailanysCore
import Testing

/// SSH_ORIGINAL_COMMAND inside a session: split without a shell, one allowed subcommand, no --db, --as or files.
@Suite struct SessionCommandLineTests {
    func refused(_ text: String) -> Bool {
        (try? SessionCommandLine.arguments(for: text, database: "/srv/d.sqlite")) == nil
    }

    @Test func wordsAndQuotesAreSplitWithoutAShell() throws {
        #expect(try SessionCommandLine.words("search  'Ақтау Айгерім'\t--json") == ["search", "Ақтау Айгерім", "--json"])
        #expect(try SessionCommandLine.words("log P12 P40 --note \"met; at 5\"") == ["log", "P12", "P40", "--note", "met; at 5"])
        #expect(try SessionCommandLine.words("show ''") == ["show", ""])
        #expect(throws: CommandError.self) { try SessionCommandLine.words("search 'open") }
    }

    @Test func theSessionsFileIsAppendedAndBailanysMayLead() throws {
        #expect(try SessionCommandLine.arguments(for: "bailanys show P12 --json", database: "/srv/d.sqlite")
                == ["show", "P12", "--json", "--db", "/srv/d.sqlite"])
        #expect(try SessionCommandLine.arguments(for: "meetup export M1 --format ics", database: "/d")
                == ["meetup", "export", "M1", "--format", "ics", "--db", "/d"])
    }

    @Test func shellMetacharactersAreRefused() {
        for text in ["search a; cat /etc/passwd", "search a | sh", "search $(id)", "search `id`", "show P12 > /tmp/x",
                     "search a && sh", "search a\nsh", "search \\x", "search ~", "show P1*"] {
            #expect(refused(text), "\(text)")
        }
    }

    @Test func anotherFileAnotherPersonOrAFileOnTheServerIsRefused() {
        for text in ["show P1 --as P9", "show P1 --as=P9", "search a --db /tmp/other.sqlite", "search a --db=/x",
                     "export -o /tmp/all.csv", "export --output=/tmp/all.csv", "export -fo /tmp/x", "meetup export M1 --format ics -o x.ics",
                     "meetup plan --region x --ics /tmp/x.ics", "access grant P12 --key k"] {
            #expect(refused(text), "\(text)")
        }
    }

    @Test func onlyTheSafeSubcommandsRun() {
        for text in ["", "import x.csv", "edit P12 --neet yes", "publish --for alumni -o x", "session P9", "sample",
                     "doctor --repair", "take-copy x", "access list", "--db /x show P1", "-h"] {
            #expect(refused(text), "\(text)")
        }
        // health is a coordinator's view like fading --region, which a session already offered: the policy decides (review).
        for text in ["search Aigerim", "show P12", "suggest", "mentees", "fading", "log P12 P40", "report", "meetup list", "export", "uplift", "health"] {
            #expect(!refused(text), "\(text)")
        }
    }
}

/// Enrolment codes: typed loosely, stored strictly.
@Suite struct InviteCodeTests {
    @Test func codesAreSixteenUnambiguousCharactersTypedAnyWay() {
        var random = SeededRandom(seed: 7)
        let code = InviteCode.make(using: &random)
        #expect(code.count == 16 && !code.contains(where: { "01OIL".contains($0) }))
        let shown = InviteCode.shown(code)
        #expect(shown.split(separator: "-").map(\.count) == [4, 4, 4, 4])
        #expect(InviteCode.normalized(shown) == code)
        #expect(InviteCode.normalized(" " + shown.lowercased() + "\n") == code)
        for bad in ["", "ABCD", String(repeating: "A", count: 17), "ABCD-EFGH-JKMN-PQR0", "ABCD;EFGH-JKMN-PQRS"] {
            #expect(InviteCode.normalized(bad) == nil, "\(bad)")
        }
    }
}
