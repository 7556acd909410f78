import BailanysCore
@testable import BailanysInterchange
import BailanysStore
import Foundation
import Testing

@Suite struct ImportTests {
    func export(_ store: DirectoryStore, _ kind: RecordKind, privacy: ExportPrivacy = .includeSensitive) throws -> String {
        try DirectoryExporter(store: store, privacy: privacy).export(.csv, kind: kind, only: nil, now: Fixtures.today)
    }

    @Test(arguments: [ExportPrivacy.includeSensitive, .standard])
    func csvRoundTripIsIdentical(privacy: ExportPrivacy) throws {
        let source = try Fixtures.store()
        let target = try Fixtures.store(filled: false)
        var files: [RecordKind: String] = [:]
        for kind in RecordKind.allCases {
            files[kind] = try export(source, kind, privacy: privacy)
            try Fixtures.importText(files[kind]!, into: target, file: "\(kind).csv")
        }
        for kind in RecordKind.allCases {
            #expect(try export(target, kind, privacy: privacy) == files[kind], "\(kind)")
        }
        // Importing the same files again changes nothing and logs no interaction twice.
        let before = Fixtures.bytes(target)
        let again = try Importer.plan(file: "interactions.csv", data: Data(files[.interactions]!.utf8), store: target, options: Fixtures.options())
        #expect(again.batch.interactions.isEmpty && again.summary.alreadyPresent == 3)
        #expect(Fixtures.bytes(target) == before)
    }

    @Test func kazakhAndRussianHeadersMapAndPlacesResolveInAnySpelling() throws {
        let store = try Fixtures.store(filled: false)
        let csv = """
            Сыртқы id;Аты-жөні;Елді мекен;Телефон;Телефон көрсетілсін;Рөлі;Сынып
            a1;Айгерім Сапарова;Ақтау;+7 701 000 00 01;иә;түлек;9
            a2;Ерлан;Aqtau;;;тәлімгер;10
            a3;Dana;Shevchenko;;;alumnus;11
            a4;Асель;Нур-Султан;;;Координатор;
            """
        var options = Fixtures.options()
        options.mappings = ["Сынып": "-"]
        let summary = try Fixtures.importText(csv, into: store, options: options)
        #expect(summary.added == 4 && summary.kind == .people)
        let people = try store.loadDirectory().people
        #expect(people.map(\.settlement) == ["aktau", "aktau", "aktau", "astana"])
        #expect(people[0].contacts == [Contact(kind: .phone, value: "+7 701 000 00 01", shared: true)])
        #expect(people[1].roles == [.mentor] && people[3].roles == [.coordinator])
    }

    @Test func reimportUpdatesByExternalIDAndKeepsUnmentionedFields() throws {
        let store = try Fixtures.store()
        let summary = try Fixtures.importText("external_id,full_name\nzp-001,Айгерім Сапарқызы\nzp-100,Жаңа Адам\n", into: store,
                                              options: { var o = Fixtures.options(); o.defaultSettlement = "shetpe"; return o }())
        #expect(summary.added == 1 && summary.updated == 1)
        let aigerim = try store.person(Fixtures.p(1), audience: .coordinator)
        #expect(aigerim.fullName == "Айгерім Сапарқызы")
        #expect(aigerim.contacts.count == 2 && aigerim.sensitive.neet && aigerim.interests == ["экология", "спорт"])
        #expect(try store.search("сапарқызы").map(\.id) == [Fixtures.p(1)])
        #expect(try store.person(Fixtures.p(6)).settlement == "shetpe")
    }

    @Test func organizationsAndInitiativesImportWithNewRounds() throws {
        let store = try Fixtures.store()
        try Fixtures.importText("external_id,name,kind,settlement\norg-2,Жастар орталығы,youth-centre,Жаңаөзен\n", into: store)
        try Fixtures.importText("""
            external_id,title,theme,round,round_format,round_start,settlement,status,leader,members,mentors,partners
            init-2,Жаңа жоба,sport,2025-1,hybrid,2025-02-01,zhanaozen,completed,zp-002,zp-001;zp-003,zp-004,org-2
            """, into: store)
        let directory = try store.loadDirectory()
        #expect(directory.rounds.contains { $0.year == 2025 && $0.number == 1 && $0.format == .hybrid })
        let initiative = directory.initiatives.first { $0.externalID == "init-2" }!
        #expect(initiative.leader == Fixtures.p(2) && initiative.team.count == 3 && initiative.partners == [EntityID(.organization, 2)])
        #expect(try store.search("жаңа жоба").contains { $0.id == Fixtures.p(2) })
    }

    struct Malformed: Sendable, CustomTestStringConvertible {
        var name: String, data: Data, place: String, message: String
        var testDescription: String { name }
        init(_ name: String, _ data: Data, _ place: String, _ message: String) {
            self.name = name
            self.data = data
            self.place = place
            self.message = message
        }
    }

    static let malformed: [Malformed] = [
        Malformed("bad encoding", Data("external_id,full_name,settlement\nzp-9,Ай".utf8) + Data([0xC3, 0x28]) + Data("ым,aktau\n".utf8), "bad.csv:2:8:", "not valid UTF-8"),
        Malformed("unbalanced quotes", Data("external_id,full_name,settlement\nzp-9,\"Айгерім,aktau\nzp-10,Ерлан,aktau\n".utf8), "bad.csv:2:6:", "never closed"),
        Malformed("wrong column count", Data("external_id,full_name,settlement\nzp-9,Айгерім,aktau,extra\n".utf8), "bad.csv:2:20:", "4 fields (expected 3"),
        Malformed("unknown ids", Data("a,b,date\nzp-001,zp-404,2024-01-01\n".utf8), "bad.csv:2:8:", "unknown id \"zp-404\""),
        Malformed("impossible date", Data("a,b,date,channel\nzp-001,zp-002,2025-02-30,call\n".utf8), "bad.csv:2:15:", "date \"2025-02-30\""),
        Malformed("duplicate ids", Data("external_id,full_name,settlement\nzp-9,A,aktau\nzp-10,B,aktau\nzp-9,C,aktau\n".utf8), "bad.csv:4:1:", "repeats line 2"),
        Malformed("unknown place", Data("external_id,full_name,settlement\nzp-9,A,Atlantis\n".utf8), "bad.csv:2:8:", "settlement \"Atlantis\""),
        Malformed("unknown column", Data("external_id,full_name,shoe_size\nzp-9,A,42\n".utf8), "bad.csv:1:23:", "unknown column \"shoe_size\""),
        ]

    /// Each malformed file is refused with the right place, and the directory's bytes do not change.
    @Test(arguments: malformed)
    func malformedCSVIsRefusedAndChangesNothing(_ c: Malformed) throws {
        let (name, data, place, message) = (c.name, c.data, c.place, c.message)
        let store = try Fixtures.store()
        let before = Fixtures.bytes(store)
        let issues = Fixtures.issues(data, into: store)
        #expect(issues.count == 1, "\(name): \(issues.map(\.description))")
        #expect(issues.first?.description.hasPrefix(place) == true, "\(name): \(issues.map(\.description))")
        #expect(issues.first?.message.contains(message) == true, "\(name): \(issues.map(\.description))")
        #expect(Fixtures.bytes(store) == before)
    }

    @Test func truncatedVCardAndFiftyMegabyteLineAreRefused() throws {
        let store = try Fixtures.store()
        let before = Fixtures.bytes(store)
        let truncated = Fixtures.issues(Data("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:B\r\nTEL:+7 701".utf8), into: store, file: "t.vcf")
        #expect(truncated.map(\.description) == [
            "t.vcf:1:1: a vCard that never ends (expected END:VCARD before the next BEGIN:VCARD)",
            "t.vcf:4:1: a vCard that never ends (expected END:VCARD; is the file truncated?)",
        ])
        let long = Data("external_id,full_name\nzp-9,".utf8) + Data(repeating: UInt8(ascii: "x"), count: 50 << 20) + Data("\n".utf8)
        let issues = Fixtures.issues(long, into: store, file: "long.csv")
        #expect(issues.map { "\($0.line):\($0.column)" } == ["2:6"])
        #expect(issues.first?.message.contains("longer than") == true)
        #expect(Fixtures.bytes(store) == before)
    }

    @Test func everyProblemIsListedAtOnce() throws {
        let store = try Fixtures.store()
        let csv = "a,b,date,channel\nzp-001,zp-002,2024-13-01,call\nzp-001,zp-001,2024-01-01,call\nzp-001,zp-002,2027-01-01,fax\n"
        let issues = Fixtures.issues(Data(csv.utf8), into: store)
        #expect(issues.map { "\($0.line):\($0.column)" } == ["2:15", "3:8", "4:15", "4:26"])
        #expect(issues[2].message.contains("after today"))
        #expect(issues[3].message.contains("expected one of meeting, call, message, email, event"))
    }

    /// Problems are listed in the file's order, whichever check found them first: a review saw lines 6, 5, 3, 4. A
    /// people file whose line 2 names an unknown place and whose line 3 repeats an id (found in an earlier pass).
    @Test func problemsAreListedInTheFilesOrder() throws {
        let store = try Fixtures.store()
        let csv = "external_id,full_name,settlement\nzp-9,Айгерім,Atlantis\nzp-9,Дана,Aktau\nzp-8,,Aktau\n"
        let issues = Fixtures.issues(Data(csv.utf8), into: store)
        #expect(issues.count >= 3, "\(issues)")
        #expect(issues.map(\.line) == issues.map(\.line).sorted(), "\(issues.map { "\($0.line):\($0.column) \($0.message)" })")
        #expect(ImportFailure([ImportIssue(file: "f", line: 6, column: 1, message: "a"), ImportIssue(file: "f", line: 3, column: 9, message: "b"),
                               ImportIssue(file: "f", line: 3, column: 2, message: "c")]).issues.map(\.message) == ["c", "b", "a"])
    }

    @Test func sensitiveColumnsNeedACoordinator() throws {
        let store = try Fixtures.store()
        let csv = "external_id,full_name,neet\nzp-001,Айгерім,no\n"
        let issues = Fixtures.issues(Data(csv.utf8), into: store, options: Fixtures.options(.member))
        #expect(issues.map { "\($0.line):\($0.column)" } == ["1:23"])
        try Fixtures.importText(csv, into: store)
        #expect(try store.person(Fixtures.p(1), audience: .coordinator).sensitive.neet == false)
    }
}
