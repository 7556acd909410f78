import BailanysCore
import Foundation
import PythonCrossCheck
import Testing

@Suite("SHA-256") struct SHA256Tests {
    /// The examples of FIPS 180-4 (NIST's "SHA256.pdf" and "SHA2_Additional.pdf"): one block, two blocks, the empty message.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func knownVectors(message: String, expected: String) {
        #expect(SHA256.hex(SHA256.digest(message)) == expected)
    }

    /// Every length from 0 to 300 bytes (all the padding cases: 55, 56, 63, 64, 119, 120 …), bytes of every value and
    /// Kazakh text, against Python's hashlib.
    @Test func agreesWithPythonHashlib() throws {
        var messages: [[UInt8]] = (0...300).map { length in (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ length) } }
        messages.append(Array("Айгерім Сапарова — Ақтау, Қазақстан".utf8))
        messages.append(Array(repeating: 0xff, count: 1_000))
        let text = messages.map { SHA256.hex($0) }.joined(separator: "\n")
        let output = try Python.run("""
            import hashlib, sys
            for line in open(sys.argv[1]).read().split("\\n"):
                print(hashlib.sha256(bytes.fromhex(line)).hexdigest())
            """, text: text, fileExtension: "txt", modules: [])
        let theirs = output.split(separator: "\n").map(String.init)
        #expect(theirs.count == messages.count)
        for (index, message) in messages.enumerated() where index < theirs.count {
            #expect(SHA256.hex(SHA256.digest(message)) == theirs[index], "\(message.count) bytes")
        }
    }

    @Test func constantTimeEquality() {
        let digest = SHA256.digest("ABCDEFGHJKMNPQRS")
        #expect(SHA256.constantTimeEqual(digest, SHA256.digest("ABCDEFGHJKMNPQRS")))
        #expect(!SHA256.constantTimeEqual(digest, SHA256.digest("ABCDEFGHJKMNPQRT")))
        var lastByte = digest
        lastByte[31] ^= 1
        #expect(!SHA256.constantTimeEqual(digest, lastByte), "a difference in the last byte counts")
        #expect(!SHA256.constantTimeEqual(digest, Array(digest.prefix(31))))
        #expect(SHA256.constantTimeEqual([], []))
    }
}
