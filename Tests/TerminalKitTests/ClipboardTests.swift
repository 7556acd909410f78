import Foundation
import PropertyBased
import Testing

@testable import TerminalKit

/// OSC 52: the sequence that puts text on the terminal's clipboard (issue 14 item 5).
@Suite struct ClipboardTests {
    /// What `OSC52.copy` sent, with the outcome.
    private func copied(_ text: String, terminator: OSC52.Terminator = .bell) -> (ClipboardOutcome, [String]) {
        var sent: [String] = []
        let outcome = OSC52.copy(text, terminator: terminator) { sent.append($0) }
        return (outcome, sent)
    }

    /// The payload of a sent sequence, decoded as a terminal would.
    private func decoded(_ sequence: String, terminator: String = "\u{07}") throws -> String {
        let prefix = "\u{1B}]52;c;"
        try #require(sequence.hasPrefix(prefix) && sequence.hasSuffix(terminator))
        let base64 = String(sequence.dropFirst(prefix.count).dropLast(terminator.count))
        return String(decoding: try #require(Data(base64Encoded: base64)), as: UTF8.self)
    }

    @Test func sequenceIsIntroducerBase64AndBell() {
        let (outcome, sent) = copied("P1,Айгерім,+7 701\r\n")
        #expect(outcome == .sent)
        #expect(sent == ["\u{1B}]52;c;" + Data("P1,Айгерім,+7 701\r\n".utf8).base64EncodedString() + "\u{07}"])
    }

    @Test func stringTerminatorEndsWithEscBackslash() throws {
        let (_, sent) = copied("hello", terminator: .stringTerminator)
        #expect(sent == ["\u{1B}]52;c;aGVsbG8=\u{1B}\\"])
        #expect(try decoded(sent[0], terminator: "\u{1B}\\") == "hello")
    }

    /// RFC 4648 section 10's test vectors: every padding case.
    @Test func base64MatchesTheRFCVectors() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (input, output) in vectors { #expect(OSC52.base64(Array(input.utf8)) == output, "\(input)") }
        #expect(OSC52.base64([0xFF, 0xFE, 0xFD, 0x00, 0x3E, 0x3F]) == "//79AD4/")
    }

    @Test func base64AgreesWithFoundation() async {
        await propertyCheck(count: 300, input: Gen.uint8().array(of: 0...200)) { bytes in
            #expect(OSC52.base64(bytes) == Data(bytes).base64EncodedString())
        }
    }

    /// Nothing pasted can carry a terminal control: ESC (and so every escape sequence's start), BEL, C1 controls and
    /// bidi overrides are dropped, as in exported files; the tabs and line breaks of multi-line text stay.
    @Test func controlsAreDroppedAndLineBreaksKept() throws {
        let hostile = "a\tb\r\nc\u{1B}[201~rm -rf ~\u{07}\u{9B}d\u{202E}e\n"
        let (outcome, sent) = copied(hostile)
        #expect(outcome == .sent)
        let pasted = try decoded(try #require(sent.first))
        #expect(pasted == "a\tb\r\nc[201~rm -rf ~de\n")
        #expect(pasted == OSC52.clipboardText(hostile))
    }

    @Test func nothingUnsafeReachesTheClipboard() async {
        await propertyCheck(input: TestStrings.mixed) { text in
            let (_, sent) = copied(text)
            let pasted = try decoded(try #require(sent.first))
            #expect(!pasted.unicodeScalars.contains { Sanitizer.isForbidden($0) && !"\t\n\r".unicodeScalars.contains($0) })
            #expect(sent.first?.unicodeScalars.dropFirst().dropLast().contains(where: Sanitizer.isForbidden) == false,
                    "the sequence is ESC, printable ASCII, then its terminator")
        }
    }

    /// A copy near 100 kB goes whole; a longer one is refused, never cut short.
    @Test func sizeIsCappedWithoutTruncating() throws {
        let limit = OSC52.maximumTextBytes(.bell)
        #expect(limit == 74_994)
        let (fits, sent) = copied(String(repeating: "a", count: limit))
        #expect(fits == .sent && sent[0].utf8.count <= OSC52.maximumSequenceBytes)
        #expect(try decoded(sent[0]).utf8.count == limit)
        let (tooLong, none) = copied(String(repeating: "a", count: limit + 1))
        #expect(tooLong == .tooLong(bytes: limit + 1, limit: limit) && none.isEmpty)
        // Counted in UTF-8 bytes after cleaning: Cyrillic takes two, dropped controls none.
        let cyrillic = String(repeating: "ә", count: limit / 2 + 1)
        #expect(copied(cyrillic).0 == .tooLong(bytes: (limit / 2 + 1) * 2, limit: limit))
        #expect(copied(String(repeating: "a", count: limit) + "\u{1B}\u{07}").0 == .sent)
        #expect(OSC52.maximumTextBytes(.stringTerminator) <= limit)
    }

    @Test func memoryBackendRecordsWhatAPasteGives() {
        let backend = MemoryBackend(width: 10, height: 2)
        #expect(backend.copyToClipboard("x\u{1B}]0;t\u{07}y\n") == .sent)
        #expect(backend.clipboard == ["x]0;ty\n"])
        backend.acceptsClipboard = false
        #expect(backend.copyToClipboard("z") == .unsupported)
        #expect(backend.clipboard == ["x]0;ty\n"])
    }
}
