import Foundation
import PythonCrossCheck
import Testing

/// `--json` printed a name's U+202E (right-to-left override) and C1 controls raw: whoever read the output in a
/// terminal got the text reordered or the terminal driven. They now travel as `\uXXXX` escapes.
@Suite struct JSONOutputTests {
    let cli = BinaryRunner()

    @Test func controlsInStoredTextLeaveEscaped() throws {
        let db = try cli.demo()
        // Written past the import's checks, as an older Bailanys or another program could have stored it.
        _ = try Python.run("""
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("UPDATE person SET full_name = 'Evil\\u202eName\\u0085x' WHERE id = 1")
            db.commit()
            """, file: db, modules: [])
        for command in [["show", "P1", "--json"], ["export", "--format", "json", "--kind", "people"]] {
            let result = try cli.run(command + ["--db", db])
            #expect(result.status == 0, "\(command): \(result.stderr)")
            #expect(!result.stdout.unicodeScalars.contains { $0.value == 0x202E || $0.value == 0x85 }, "\(command)")
            #expect(result.stdout.contains("Evil\\u202eName\\u0085x"), "\(command): \(result.stdout.prefix(400))")
            let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
            #expect(String(describing: parsed).contains("Evil"))
        }
    }
}
