import BailanysCore
import Foundation
import GRDB

/// Filters of the directory table and of `bailanys search`. Empty fields do not filter.
public struct DirectoryFilter: Sendable, Equatable {
    public var includePeople = true
    public var includeOrganizations = true
    public var roles: Set<Role> = []
    public var region: String?
    public var settlementType: SettlementType?
    public var round: EntityID?
    public var format: TrainingFormat?
    public var status: InitiativeStatus?
    public var theme: String?

    public init() {}

    /// Filters that only people can satisfy; organisations drop out when any is set.
    var narrowsToPeople: Bool {
        !roles.isEmpty || round != nil || format != nil || status != nil || theme != nil
    }
}

/// One line of the directory: enough to draw the table without opening the card.
public struct DirectoryRow: Sendable, Equatable, Identifiable {
    public var id: EntityID
    public var name: String
    public var roles: Set<Role>
    public var organizationKind: OrganizationKind?
    public var settlement: String
    public var region: String
    /// The person's most recent round, as a team member or a mentor.
    public var latestRound: Round?
    public var sortKey: [UInt8]
}

extension DirectoryStore {
    /// Ranked full-text search across spellings; the query is folded like the index.
    ///
    /// A single letter matches so many names (four in five at 100k people) that ranking them all costs
    /// more than a keystroke may take, and bm25 says little about them: the first `limit` names with a
    /// word starting with that letter come straight from the index (its one-letter prefix table), in
    /// alphabetical order. Longer queries are ranked by bm25.
    public func search(_ text: String, filter: DirectoryFilter = .init(), limit: Int = 50) throws -> [DirectoryRow] {
        guard let query = Self.searchQuery(text) else { return [] }
        let rank = query.isInitial ? "0.0" : "bm25(search, 10.0, 3.0, 1.0)"
        let order = query.isInitial ? "" : "ORDER BY hits.rank, p.sort_key"
        return try read { db in
            let rounds = Dictionary(uniqueKeysWithValues: try Self.rounds(db).map { ($0.id.number, $0) })
            var hits: [(rank: Double, row: DirectoryRow)] = []
            if filter.includePeople {
                let (clause, args) = personFilter(filter)
                // The best `limit` ids first; the costly columns (latest round) only for those.
                let sql = """
                    WITH hits AS (SELECT rowid AS id, \(rank) AS rank FROM search
                                  WHERE search MATCH ? AND rowid > 0),
                         best AS (SELECT hits.id, hits.rank, p.sort_key FROM hits JOIN person p ON p.id = hits.id
                                  WHERE \(clause) \(order) LIMIT ?)
                    SELECT p.*, \(Self.latestRoundSQL) AS latest_round, best.rank FROM best JOIN person p ON p.id = best.id
                    ORDER BY best.rank, best.sort_key
                    """
                for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments([query.match] + args + [limit])) {
                    hits.append((row["rank"], Self.personRow(row, rounds: rounds)))
                }
            }
            if filter.includeOrganizations && !filter.narrowsToPeople {
                let (clause, args) = organizationFilter(filter)
                let sql = """
                    WITH hits AS (SELECT -rowid AS id, \(rank) AS rank FROM search
                                  WHERE search MATCH ? AND rowid < 0)
                    SELECT o.*, hits.rank FROM hits JOIN organization o ON o.id = hits.id
                    WHERE \(clause) ORDER BY hits.rank, o.sort_key LIMIT ?
                    """
                for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments([query.match] + args + [limit])) {
                    hits.append((row["rank"], Self.organizationRow(row)))
                }
            }
            // People and organisations ranked together: best bm25 first, then alphabetical.
            return hits.sorted { a, b in
                a.rank != b.rank ? a.rank < b.rank : a.row.sortKey.lexicographicallyPrecedes(b.row.sortKey)
            }.prefix(limit).map(\.row)
        }
    }

    /// Every entry matching the filter in Kazakh alphabetical order, a page at a time.
    public func list(filter: DirectoryFilter = .init(), limit: Int = .max, offset: Int = 0) throws -> [DirectoryRow] {
        try read { db in
            let rounds = Dictionary(uniqueKeysWithValues: try Self.rounds(db).map { ($0.id.number, $0) })
            var parts: [String] = []
            var args: [DatabaseValueConvertible?] = []
            if filter.includePeople {
                let (clause, a) = personFilter(filter)
                parts.append("SELECT 'P' AS kind, id, sort_key FROM person p WHERE \(clause)")
                args += a
            }
            if filter.includeOrganizations && !filter.narrowsToPeople {
                let (clause, a) = organizationFilter(filter)
                parts.append("SELECT 'O' AS kind, id, sort_key FROM organization o WHERE \(clause)")
                args += a
            }
            guard !parts.isEmpty else { return [] }
            let page = try Row.fetchAll(db, sql: parts.joined(separator: " UNION ALL ") + " ORDER BY sort_key, kind, id LIMIT ? OFFSET ?",
                                        arguments: StatementArguments(args + [min(limit, Int(Int32.max)), offset]))
            let personIDs = page.filter { ($0["kind"] as String) == "P" }.map { $0["id"] as Int }
            let orgIDs = page.filter { ($0["kind"] as String) == "O" }.map { $0["id"] as Int }
            var rows: [String: DirectoryRow] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT p.*, \(Self.latestRoundSQL) AS latest_round FROM person p WHERE id IN (SELECT value FROM json_each(?))",
                                        arguments: [jsonIntegers(personIDs)]) {
                let r = Self.personRow(row, rounds: rounds)
                rows[r.id.description] = r
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM organization WHERE id IN (SELECT value FROM json_each(?))",
                                        arguments: [jsonIntegers(orgIDs)]) {
                let r = Self.organizationRow(row)
                rows[r.id.description] = r
            }
            return page.compactMap { rows["\($0["kind"] as String)\($0["id"] as Int)"] }
        }
    }

    /// How many entries the filter matches, for the "N results" line.
    public func count(filter: DirectoryFilter = .init()) throws -> Int {
        try read { db in
            var total = 0
            if filter.includePeople {
                let (clause, args) = personFilter(filter)
                total += try Int.fetchOne(db, sql: "SELECT count(*) FROM person p WHERE \(clause)", arguments: StatementArguments(args)) ?? 0
            }
            if filter.includeOrganizations && !filter.narrowsToPeople {
                let (clause, args) = organizationFilter(filter)
                total += try Int.fetchOne(db, sql: "SELECT count(*) FROM organization o WHERE \(clause)", arguments: StatementArguments(args)) ?? 0
            }
            return total
        }
    }

    // MARK: - SQL pieces

    /// Each folded word becomes a prefix term; all must match. Nil when nothing searchable is left.
    /// The FTS5 expression for a query: every folded word as a prefix. A lone letter looks in names only.
    static func searchQuery(_ text: String) -> (match: String, isInitial: Bool)? {
        let words = TextFold.words(text).filter { !$0.isEmpty }
        guard !words.isEmpty else { return nil }
        // Folded words are ASCII letters and digits only, so quoting cannot be escaped.
        let match = words.map { "\"\($0)\"*" }.joined(separator: " AND ")
        let isInitial = words.count == 1 && words[0].count == 1
        return (isInitial ? "name : \(match)" : match, isInitial)
    }

    static let latestRoundSQL = """
        (SELECT i.round_id FROM initiative i JOIN round r ON r.id = i.round_id
         WHERE i.id IN (SELECT initiative_id FROM team_member WHERE person_id = p.id
                        UNION SELECT initiative_id FROM initiative_mentor WHERE person_id = p.id)
         ORDER BY r.year DESC, r.number DESC LIMIT 1)
        """

    private func personFilter(_ f: DirectoryFilter) -> (String, [DatabaseValueConvertible?]) {
        var clauses = ["1"]
        var args: [DatabaseValueConvertible?] = []
        if !f.roles.isEmpty {
            clauses.append("(" + f.roles.sorted().map { "p.is_\($0.rawValue) = 1" }.joined(separator: " OR ") + ")")
        }
        if let region = f.region { clauses.append("p.region = ?"); args.append(region) }
        if let type = f.settlementType {
            clauses.append("p.settlement IN (SELECT value FROM json_each(?))")
            args.append(jsonList(gazetteer.settlements.filter { $0.type == type }.map(\.key)))
        }
        var initiativeClauses: [String] = []
        if let round = f.round { initiativeClauses.append("i.round_id = ?"); args.append(round.number) }
        if let format = f.format { initiativeClauses.append("r.format = ?"); args.append(format.rawValue) }
        if let status = f.status { initiativeClauses.append("i.status = ?"); args.append(status.rawValue) }
        if let theme = f.theme { initiativeClauses.append("i.theme = ?"); args.append(theme) }
        if !initiativeClauses.isEmpty {
            clauses.append("""
                EXISTS (SELECT 1 FROM initiative i JOIN round r ON r.id = i.round_id
                        WHERE i.id IN (SELECT initiative_id FROM team_member WHERE person_id = p.id
                                       UNION SELECT initiative_id FROM initiative_mentor WHERE person_id = p.id)
                          AND \(initiativeClauses.joined(separator: " AND ")))
                """)
        }
        return (clauses.joined(separator: " AND "), args)
    }

    private func organizationFilter(_ f: DirectoryFilter) -> (String, [DatabaseValueConvertible?]) {
        var clauses = ["1"]
        var args: [DatabaseValueConvertible?] = []
        if let region = f.region { clauses.append("o.region = ?"); args.append(region) }
        if let type = f.settlementType {
            clauses.append("o.settlement IN (SELECT value FROM json_each(?))")
            args.append(jsonList(gazetteer.settlements.filter { $0.type == type }.map(\.key)))
        }
        return (clauses.joined(separator: " AND "), args)
    }

    static func personRow(_ row: Row, rounds: [Int: Round]) -> DirectoryRow {
        let p = personValues(row)
        return DirectoryRow(id: p.id, name: p.fullName, roles: p.roles, organizationKind: nil, settlement: p.settlement,
                            region: row["region"], latestRound: (row["latest_round"] as Int?).flatMap { rounds[$0] },
                            sortKey: [UInt8](row["sort_key"] as Data))
    }

    static func organizationRow(_ row: Row) -> DirectoryRow {
        let o = organizationValues(row)
        return DirectoryRow(id: o.id, name: o.name, roles: [], organizationKind: o.kind, settlement: o.settlement,
                            region: row["region"], latestRound: nil, sortKey: [UInt8](row["sort_key"] as Data))
    }
}

func jsonIntegers(_ values: [Int]) -> String { "[" + values.map(String.init).joined(separator: ",") + "]" }
