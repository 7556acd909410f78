@testable import BailanysInterchange
import Foundation
import Testing

@Suite struct ReaderTests {
    func records(_ text: String) throws -> [[String]] {
        try records(Data(text.utf8))
    }

    func records(_ data: Data) throws -> [[String]] {
        var rows: [[String]] = []
        try CSVReader(source: SourceText(file: "t.csv", data: data)).forEachRecord { rows.append($0.fields) }
        return rows
    }

    @Test func quotedFieldsHoldDelimitersQuotesAndNewlines() throws {
        let rows = try records("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n\n1,,3\n")
        #expect(rows == [["a", "b", "c"], ["x, y", "say \"hi\"", "two\nlines"], ["1", "", "3"]])
    }

    @Test func semicolonDelimiterIsDetectedFromTheHeader() throws {
        let rows = try records("external_id;full_name\nzp-1;\"Сапарова; Айгерім\"\n")
        #expect(rows == [["external_id", "full_name"], ["zp-1", "Сапарова; Айгерім"]])
    }

    @Test func byteOrderMarkIsDropped() throws {
        let rows = try records(Data([0xEF, 0xBB, 0xBF]) + Data("id,name\n".utf8))
        #expect(rows == [["id", "name"]])
    }

    @Test func windows1251IsDetectedAndDecoded() throws {
        // "ФИО;Город\nАйгерим;Актау" as a Russian Excel saves it.
        let text = "ФИО;Город\nАйгерим Ёлкина;Актау №1\n"
        var bytes: [UInt8] = []
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0410...0x044F: bytes.append(UInt8(scalar.value - 0x0410 + 0xC0))
            case 0x0401: bytes.append(0xA8)
            case 0x2116: bytes.append(0xB9)
            default: bytes.append(UInt8(scalar.value))
            }
        }
        let source = try SourceText(file: "t.csv", data: Data(bytes))
        #expect(source.encoding == .windows1251)
        #expect(try records(Data(bytes)) == [["ФИО", "Город"], ["Айгерим Ёлкина", "Актау №1"]])
    }

    @Test func damagedUTF8IsRefusedAtItsPlace() {
        let data = Data("id,name\nzp-1,Айгерім\nzp-2,Ер".utf8) + Data([0xFF]) + Data("лан\n".utf8)
        #expect(throws: ImportFailure([ImportIssue(file: "t.csv", line: 3, column: 8, message: "byte 0xFF is not valid UTF-8 (expected UTF-8 or Windows-1251 text throughout; re-save the file as UTF-8)")])) {
            _ = try SourceText(file: "t.csv", data: data)
        }
    }

    /// Windows-1251 text with the one byte that code page leaves unassigned: the message named the first Cyrillic
    /// byte of the file ("byte 0xC8 is not valid UTF-8"), a good letter, not the bad one (review).
    @Test func theUnassignedWindows1251ByteIsNamedAtItsPlace() {
        let data = Data("id,name,place\nzz1,".utf8) + Data([0xC8, 0xE2, 0xE0, 0xED, 0x98]) + Data(",Aktau\n".utf8)
        #expect(throws: ImportFailure([ImportIssue(file: "w.csv", line: 2, column: 9, message: "byte 0x98 is neither UTF-8 nor Windows-1251, which the rest of the file is (expected a Cyrillic letter here; re-save the file as UTF-8)")])) {
            _ = try SourceText(file: "w.csv", data: data)
        }
    }

    @Test func unclosedQuoteIsReportedWhereItOpens() {
        #expect(throws: ImportFailure([ImportIssue(file: "t.csv", line: 2, column: 6, message: "a quoted field is never closed (expected a closing \" before the end of the file)")])) {
            _ = try records("a,b\nzp-1,\"Айгерім\nzp-2,Ерлан\n")
        }
    }

    @Test func textAfterAClosingQuoteIsAnError() throws {
        do {
            _ = try records("a,b\n\"x\"y,2\n")
            Issue.record("accepted")
        } catch let failure as ImportFailure {
            #expect(failure.issues.map { "\($0.line):\($0.column)" } == ["2:4"])
        }
    }

    @Test func vCardFoldingEscapingGroupsAndQuotedPrintable() throws {
        let card = """
            BEGIN:VCARD\r
            VERSION:2.1\r
            N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=A1=D0=B0=D0=BF=D0=B0=D1=80=D0=BE=D0=B2=D0=B0;=D0=90=D0=B9=\r
            =D0=B3=D0=B5=D1=80=D1=96=D0=BC;;;\r
            NOTE;CHARSET=WINDOWS-1251;QUOTED-PRINTABLE:=CF=F0=E8=E2=E5=F2\r
            TEL;CELL;VOICE:+7 701 111 22 33\r
            item1.EMAIL;TYPE=INTERNET:a@mail.kz\r
            item1.X-ABLabel:work\r
            X-LONG:first part \r
             and the rest\\, escaped\r
            END:VCARD\r

            """
        let cards = try VCardReader.read(SourceText(file: "t.vcf", data: Data(card.utf8)))
        #expect(cards.count == 1)
        let properties = cards[0].properties
        #expect(properties[0].components.prefix(2) == ["Сапарова", "Айгерім"])
        #expect(properties[0].parameters.isEmpty)
        #expect(properties[1].text == "Привет")
        #expect(properties[2].parameter("TYPE") == ["CELL", "VOICE"])
        #expect(properties[3].group == "item1" && properties[4].group == "item1" && properties[4].name == "X-ABLABEL")
        #expect(properties[5].text == "first part and the rest, escaped")
    }
}
