import BailanysCore
import BailanysPolicy
@testable import BailanysInterchange
import BailanysStore
import Foundation
import PythonCrossCheck
import Testing

/// Issue 10: an export re-imports without losing anything, deletions are explicit, and our own files read back.
@Suite struct RoundTripSafetyTests {
    /// Everything a coordinator sees of every person, in id order.
    func people(_ store: DirectoryStore) throws -> [Person] { try store.loadDirectory(audience: .coordinator).people }

    @Test(arguments: [ExportFormat.csv, .vcard, .vcard3])
    func defaultExportReimportsWithoutLosingPrivateContactsOrSensitiveCategories(format: ExportFormat) throws {
        let store = try Fixtures.store()
        let before = try people(store)
        let text = try DirectoryExporter(store: store, privacy: .standard).export(format, kind: nil, only: nil, now: Fixtures.today)
        let summary = try Fixtures.importText(text, into: store, file: format == .csv ? "people.csv" : "people.vcf")
        // Every one found again; a CSV changes none of them (a vCard keeps its N and ADR as properties the first time).
        #expect(summary.added == 0 && summary.updated + summary.alreadyPresent == before.count && summary.deletions.isEmpty)
        if format == .csv { #expect(summary.updated == 0) }
        let after = try people(store)
        #expect(after.map(\.contacts) == before.map(\.contacts))
        #expect(after.map(\.sensitive) == before.map(\.sensitive))
        #expect(after.map(\.note) == before.map(\.note) && after.map(\.birthYear) == before.map(\.birthYear))
    }

    @Test func privateContactsKeepTheirVCardFormThroughADefaultRoundTrip() throws {
        let store = try Fixtures.store(filled: false)
        var options = Fixtures.options()
        options.defaultSettlement = "aktau"
        try Fixtures.importText(VCardTests.appleCard, into: store, file: "apple.vcf", options: options)
        func full() throws -> String {
            try DirectoryExporter(store: store, privacy: .includeSensitive).export(.vcard, kind: nil, only: nil, now: Fixtures.today)
        }
        let before = try full()
        let standard = try DirectoryExporter(store: store, privacy: .standard).export(.vcard, kind: nil, only: nil, now: Fixtures.today)
        #expect(!standard.contains("X-ABLabel"), "the contacts are private, so their labelled forms are left out")
        try Fixtures.importText(standard, into: store, file: "standard.vcf")
        // The same properties, order aside (carried properties come after the card's own).
        func lines(_ text: String) -> [String] { text.components(separatedBy: "\r\n").sorted() }
        #expect(lines(try full()) == lines(before))
    }

    @Test func publicExportReimportKeepsEverythingItLeftOut() throws {
        let store = try Fixtures.store()
        let before = try people(store)
        let text = try DirectoryExporter(store: store, privacy: .publicDirectory).export(.csv, kind: nil, only: nil, now: Fixtures.today)
        try Fixtures.importText(text, into: store, file: "public.csv")
        #expect(try people(store) == before)
    }

    @Test func deletionNeedsTheMarkerAndIsListed() throws {
        let store = try Fixtures.store()
        let plan = try Importer.plan(file: "del.csv", data: Data("external_id,full_name,phone,email,note,gender\nzp-001,,#delete,,#жою,\nzp-002,,,,,\n".utf8),
                                     store: store, options: Fixtures.options())
        #expect(plan.summary.deletions == ["del.csv:2: zp-001 \"Айгерім Сапарова\": deletes phone, note"])
        #expect(plan.summary.lines.contains { $0.contains("deletes phone, note") })
        try store.apply(plan.batch, by: Actor(id: nil, roles: [.coordinator], reach: .country))
        let aigerim = try store.person(Fixtures.p(1), audience: .coordinator)
        #expect(aigerim.contacts.map(\.kind) == [.email] && aigerim.note.isEmpty && aigerim.gender == .female)
        #expect(aigerim.fullName == "Айгерім Сапарова" && aigerim.sensitive.neet)
        let refused = Fixtures.issues(Data("external_id,full_name\nzp-002,#delete\n".utf8), into: store)
        #expect(refused.count == 1 && refused[0].line == 2 && refused[0].message.contains("cannot be deleted"))
    }

    @Test func vcardDeletesOnlyWhatItNames() throws {
        let store = try Fixtures.store()
        let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Bekova\r\nUID:zp-003\r\nX-BAILANYS-DELETE:phone\r\nTEL:+7 705 000 11 22\r\nEND:VCARD\r\n"
        let summary = try Fixtures.importText(card, into: store, file: "d.vcf")
        #expect(summary.deletions.count == 1)
        #expect(try store.person(Fixtures.p(3)).contacts.map(\.value) == ["+7 705 000 11 22"])
        #expect(try store.vcardExtras([Fixtures.p(3)])[Fixtures.p(3)]?.contains("X-BAILANYS-DELETE") == false)
    }

    @Test func quotedPrintableLabelIsWrittenBackEscapedAndReadsAgain() throws {
        let store = try Fixtures.store(filled: false)
        let card = """
            BEGIN:VCARD\r
            VERSION:2.1\r
            N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=A1=D0=B0=D0=BF=D0=B0=D1=80=D0=BE=D0=B2=D0=B0;=D0=90=D0=B9=D0=B3=D0=B5=D1=80=D1=96=D0=BC\r
            ADR;HOME:;;;Aktau;;;\r
            LABEL;HOME;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:14 mkr=0D=0A=\r
            Aktau=0D=0AKazakhstan\r
            END:VCARD\r

            """
        try Fixtures.importText(card, into: store, file: "phone.vcf")
        let exported = try DirectoryExporter(store: store, privacy: .standard).export(.vcard, kind: nil, only: nil, now: Fixtures.today)
        #expect(exported.contains("LABEL;TYPE=HOME:14 mkr\\nAktau\\nKazakhstan\r\n"))
        for line in exported.components(separatedBy: "\r\n").dropLast() { #expect(!line.contains("\n") && !line.contains("\r")) }
        // Python's vobject and Bailanys read the file back.
        let cards = try PythonVCard.parse(exported)
        #expect(cards.count == 1 && cards[0].properties.contains("label") && cards[0].name == "Айгерім Сапарова")
        // Bailanys reads its own file back, into a new directory and onto the same one.
        try Fixtures.importText(exported, into: try Fixtures.store(filled: false), file: "again.vcf")
        try Fixtures.importText(exported, into: store, file: "again.vcf")
    }

    @Test func appleBirthdayWithoutYearImportsWithoutAYear() throws {
        let store = try Fixtures.store(filled: false)
        let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ерлан\r\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-03-15\r\nADR:;;;Aktau;;;\r\nEND:VCARD\r\n"
        try Fixtures.importText(card, into: store, file: "apple.vcf")
        let person = try people(store)[0]
        #expect(person.birthYear == nil)
        let again = try DirectoryExporter(store: store, privacy: .standard).export(.vcard, kind: nil, only: nil, now: Fixtures.today)
        #expect(again.contains("BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-15\r\n"))
    }

    @Test func anUnknownTownNamesThePlaceAndTheCardEvenWithADefaultSettlement() throws {
        let store = try Fixtures.store(filled: false)
        var options = Fixtures.options()
        options.defaultSettlement = "astana"
        let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ерлан Жақсылықов\r\nUID:e1\r\nADR:;;;Atlantis;;;\r\nEND:VCARD\r\n"
        let issues = Fixtures.issues(Data(card.utf8), into: store, file: "t.vcf", options: options)
        #expect(issues.count == 1)
        #expect(issues.first?.line == 5 && issues.first?.message.contains("\"Atlantis\"") == true
            && issues.first?.message.contains("Ерлан Жақсылықов") == true)
        // A card with no address at all takes the default.
        try Fixtures.importText("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Дана\r\nEND:VCARD\r\n", into: store, file: "u.vcf", options: options)
        #expect(try people(store).map(\.settlement) == ["astana"])
    }

    @Test func quotedPrintableNeverStoresAControlOrAGuess() throws {
        let store = try Fixtures.store(filled: false)
        func card(_ fn: String) -> Data {
            Data("BEGIN:VCARD\r\nVERSION:2.1\r\n\(fn)\r\nADR:;;;Aktau;;;\r\nEND:VCARD\r\n".utf8)
        }
        let nul = Fixtures.issues(card("FN;ENCODING=QUOTED-PRINTABLE:A=00B"), into: store, file: "n.vcf")
        #expect(nul.count == 1 && nul[0].line == 3 && nul[0].message.contains("FN") && nul[0].message.contains("U+0000"))
        let ff = Fixtures.issues(card("FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:A=FFB"), into: store, file: "f.vcf")
        #expect(ff.count == 1 && ff[0].line == 3 && ff[0].message.contains("FN") && ff[0].message.contains("=FF"))
        let unassigned = Fixtures.issues(card("FN;CHARSET=WINDOWS-1251;ENCODING=QUOTED-PRINTABLE:=C0=98"), into: store, file: "w.vcf")
        #expect(unassigned.count == 1 && unassigned[0].line == 3 && unassigned[0].message.contains("=98"))
    }

    @Test func latin1IsRefusedAndTheUTF16MessageFitsVCards() throws {
        let store = try Fixtures.store(filled: false)
        var latin = Array("external_id,full_name,settlement\nx1,Jos".utf8) + [0xE9] + Array(" M".utf8) + [0xFC] + Array("ller,Aktau\n".utf8)
        let issues = Fixtures.issues(Data(latin), into: store, file: "l.csv")
        #expect(issues.count == 1 && issues[0].line == 2 && issues[0].message.contains("Latin-1"))
        latin = [0xFF, 0xFE] + Array("B\0E\0".utf8)
        let utf16 = Fixtures.issues(Data(latin), into: store, file: "c.vcf")
        #expect(utf16.first?.message.contains("vCard") == true)
        // Cyrillic Windows-1251 still reads: "Айгерім" is not Latin.
        let cp1251: [UInt8] = Array("external_id,full_name,settlement\nx1,".utf8) + [0xC0, 0xE9, 0xE3, 0xE5, 0xF0, 0xB3, 0xEC] + Array(",Aktau\n".utf8)
        try Fixtures.importData(Data(cp1251), into: store, file: "k.csv")
        #expect(try people(store)[0].fullName == "Айгерім")
    }

    @Test func importRefusesControlsWithTheirPlaceAndField() throws {
        let store = try Fixtures.store(filled: false)
        let csv = Fixtures.issues(Data("external_id,full_name,settlement\nx1,A\u{1B}]52;c;aGk=\u{07}B,Aktau\nx2,\u{202E}abc,Aktau\n".utf8), into: store, file: "c.csv")
        #expect(csv.map { "\($0.line):\($0.column)" } == ["2:4", "3:4"])
        #expect(csv[0].message.contains("full_name") && csv[0].message.contains("ESC") && csv[1].message.contains("U+202E"))
        let vcf = Fixtures.issues(Data("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nNOTE:x\u{9B}y\r\nEND:VCARD\r\n".utf8), into: store, file: "c.vcf")
        #expect(vcf.count == 1 && vcf[0].line == 4 && vcf[0].message.contains("NOTE"))
        let parameter = Fixtures.issues(Data("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nTEL;TYPE=\u{1B}[31m:+7 701 111 22 33\r\nEND:VCARD\r\n".utf8), into: store, file: "p.vcf")
        #expect(parameter.count == 1 && parameter[0].line == 4 && parameter[0].message.contains("TEL"))
    }

    @Test func exportsCarryNoRawControls() throws {
        let store = try Fixtures.store(filled: false)
        var data = Fixtures.directory
        let hostile = "A\u{1B}]52;c;aGk=\u{07}B\u{202E}C\u{85}D"
        data.people[0].fullName = hostile
        data.people[0].note = "=HYPERLINK(\"http://x\")\u{1B}[2J"
        data.organizations[0].name = hostile
        data.interactions[0].note = hostile
        try store.insert(data)
        func raw(_ text: String) -> Bool { text.unicodeScalars.contains { ExportText.isUnsafe($0) } }
        for format in [ExportFormat.csv, .vcard, .vcard3, .graphml, .dot, .json] {
            for kind in format == .csv || format == .json ? RecordKind.allCases.map { Optional($0) } : [nil] {
                let text = try DirectoryExporter(store: store, privacy: .includeSensitive).export(format, kind: kind, only: nil, now: Fixtures.today)
                #expect(!raw(text), "\(format) \(kind?.rawValue ?? "")")
            }
        }
        let json = try DirectoryExporter(store: store, privacy: .standard).export(.json, kind: .people, only: nil, now: Fixtures.today)
        let document = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        #expect((document["people"] as! [[String: Any]])[0]["fullName"] as? String == hostile, "JSON escapes, so the data survives")
        let csv = try DirectoryExporter(store: store, privacy: .standard).export(.csv, kind: .people, only: nil, now: Fixtures.today)
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")[2J\"") && csv.contains(",'+7 701 111 22 33,"))
    }

    @Test func interactionsAreWrittenAsJSONEncoderWritesThem() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for note in ["", "кездесу, Ақтау", "say \"hi\"\\ / \n\t\r\u{1}", "a/b"] {
            let x = Interaction(a: Fixtures.p(1), b: EntityID(.organization, 2), day: Fixtures.today, channel: .call, note: note, source: .imported)
            let ours = try JSONSerialization.jsonObject(with: Data(DirectoryExporter.json(x).utf8)) as! NSDictionary
            let theirs = try JSONSerialization.jsonObject(with: encoder.encode(x)) as! NSDictionary
            #expect(ours == theirs, "\(note)")
        }
    }

    @Test func formulaNeutralisingIsUndoneExactlyOnImport() {
        for text in ["=1+1", "+7 701 111 22 33", "-", "@x", "\tx", "'=x", "''+y", "'abc", "abc", "", "'"] {
            let written = SpreadsheetCell.neutralised(text)
            #expect(SpreadsheetCell.restored(written) == text, "\(text)")
            if let first = written.unicodeScalars.first { #expect(!"=+-@\t\r".unicodeScalars.contains(first), "\(text)") }
        }
        #expect(SpreadsheetCell.restored("'abc") == "'abc")
    }

    @Test func positionsAreFoundFromALineIndex() throws {
        let source = try SourceText(file: "p.csv", data: Data("a,b\nАй,c\n\nx".utf8))
        #expect(source.position(of: 0) == (1, 1) && source.position(of: 4) == (2, 1))
        #expect(source.position(of: 9) == (2, 4) && source.position(of: 12) == (4, 1) && source.position(of: 13) == (4, 2))
    }
}
