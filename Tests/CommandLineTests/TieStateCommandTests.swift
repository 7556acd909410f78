import Foundation
import PythonCrossCheck
import Testing

/// `doctor` on the real binary: a tie state that drifted from the interactions is named, `--repair` rebuilds it,
/// and suggestions are then what they were before the damage.
@Suite(.serialized) struct TieStateCommandTests {
    let cli = BinaryRunner()

    @Test func doctorNamesADriftedTieStateAndRepairRebuildsIt() throws {
        let db = try cli.demo()
        let before = try cli.run(["suggest", "--as", "P1", "--json", "--db", db])
        #expect(before.status == 0, "\(before.stderr)")
        _ = try Python.run("""
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            c.execute("DELETE FROM tie_pair WHERE (low, high) IN (SELECT low, high FROM tie_pair ORDER BY low, high LIMIT 5)")
            c.commit()
            """, file: db, modules: [])
        let damaged = try cli.run(["doctor", "--db", db])
        #expect(damaged.status == 3, "\(damaged.stdout)\(damaged.stderr)")
        #expect(damaged.stdout.contains("FAIL tie state: 5 pairs"), "\(damaged.stdout)")
        let repaired = try cli.run(["doctor", "--repair", "--db", db])
        #expect(repaired.status == 0, "\(repaired.stdout)\(repaired.stderr)")
        #expect(repaired.stdout.contains("Rebuilt the tie state"))
        #expect(repaired.stdout.contains("ok   tie state"))
        #expect(try cli.run(["suggest", "--as", "P1", "--json", "--db", db]).stdout == before.stdout)
    }
}
