import BailanysCore
import Foundation
import GRDB
import GRDBSQLite

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
    /// Search across spellings; the query is folded like the index. Three kinds of query:
    ///
    /// - a whole place name in any spelling, current or former ("Орал", "Уральск", "Uralsk"), lists the people
    ///   and organisations of that settlement (of every settlement so named), or of the region when only a
    ///   region has that name ("ЗКО", "Уральская область"), alphabetically;
    /// - one or two letters match so many names (four in five, one in eight at 100k people) that ranking them
    ///   all costs more than a keystroke may take: the first `limit` names with a word starting with those
    ///   letters, alphabetically, come straight from an index (`SearchInitials`);
    /// - anything else lists matches in tiers, each alphabetically, and reads only as many as the page needs:
    ///   first the names that begin with the query (a range of sort keys: "айг" lists Айгерім …, "aigerim s"
    ///   Айгерім Сапарова …), then the other names that hold every word (a surname, a second name), then entries
    ///   that match only with their place or other fields (a person of Шымкент for "шым"). No bm25: at 100k
    ///   people three to five letters match 10–18k entries, and ranking them all took 25–50 ms a keystroke.
    ///
    /// An id (`P3296`, `o3`), as cards, exports and every command show it, lists that entry alone when it exists and
    /// passes the filter; else the text is searched as any other.
    public func search(_ text: String, filter: DirectoryFilter = .init(), limit: Int = 50) throws -> [DirectoryRow] {
        try search(text, filter: filter, limit: limit, walkAbove: Self.walkAbove)
    }

    /// `search`, walking the sort-key index for a tier of more than `walkAbove` matches (tests try both ways).
    func search(_ text: String, filter: DirectoryFilter, limit: Int, walkAbove: Int) throws -> [DirectoryRow] {
        guard let query = Self.searchQuery(text), limit > 0 else { return [] }
        let place = placeNamed(text)
        return try read { db in
            let sides = [SearchSide.people, .organizations].filter {
                $0 == .people ? filter.includePeople : filter.includeOrganizations && !filter.narrowsToPeople
            }
            if let id = EntityID(text), let side = sides.first(where: { $0.kind == id.kind }) {
                let (clause, args) = side == .people ? personFilter(filter) : organizationFilter(filter)
                let t = side.alias
                let hits = try SearchHit.fetch(db, side, sql: """
                    SELECT \(t).id, \(t).sort_key FROM \(side.table) \(t) WHERE \(t).id = ? AND \(clause)
                    """, [id.number as DatabaseValueConvertible?] + args)
                if !hits.isEmpty { return try rows(db, of: hits) }
            }
            var hits: [SearchHit] = []
            if let place {
                for side in sides {
                    let (clause, args) = side == .people ? personFilter(filter) : organizationFilter(filter)
                    let t = side.alias
                    hits += try SearchHit.fetch(db, side, sql: """
                        SELECT \(t).id, \(t).sort_key FROM \(side.table) \(t) WHERE \(t).\(place.column) IN (SELECT value FROM json_each(?))
                        AND \(clause) ORDER BY \(t).sort_key, \(t).id LIMIT ?
                        """, [jsonList(place.keys) as DatabaseValueConvertible?] + args + [limit])
                }
                hits = Array(hits.sorted().prefix(limit))
            } else if let initial = query.initial {
                for side in sides {
                    let (clause, args) = side == .people ? personFilter(filter) : organizationFilter(filter)
                    let t = side.alias
                    hits += try SearchHit.fetch(db, side, sql: """
                        SELECT \(side.sign)s.entry AS id, s.sort_key FROM search_initial s CROSS JOIN \(side.table) \(t) ON \(t).id = \(side.sign)s.entry
                        WHERE s.initial = ? AND s.entry \(side.entries) AND \(clause) ORDER BY s.sort_key, s.entry LIMIT ?
                        """, [initial as DatabaseValueConvertible?] + args + [limit])
                }
                hits = Array(hits.sorted().prefix(limit))
            } else {
                hits = try tieredHits(db, query: query, sides: sides, filter: filter, limit: limit, walkAbove: walkAbove)
            }
            return try rows(db, of: hits)
        }
    }

    /// Above this many matches a tier walks the sort-key index instead of sorting the matches.
    static let walkAbove = 2_000

    /// The tiers of a query of three letters or more (see `search`), each in the directory's order, `limit` in all.
    private func tieredHits(_ db: Database, query: (match: String, initial: String?, phrase: String), sides: [SearchSide],
                            filter: DirectoryFilter, limit: Int, walkAbove: Int) throws -> [SearchHit] {
        // 1. Names that begin with the query: a range scan of the sort keys, as many as the page holds.
        var first: [SearchHit] = []
        for side in sides { first += try namesBeginning(db, with: query.phrase, side: side, filter: filter, limit: limit) }
        var hits = Array(first.sorted().prefix(limit))
        guard hits.count < limit else { return hits }
        // 2. Other names holding every word (the first tier's are among them, so as many more are read);
        // 3. entries that match only with their place or other fields.
        var taken = Set(hits.map(\.key))
        // Tier 3 matches anywhere and leaves out what is taken: when it is reached, tier 2 has read all of its names
        // (fewer than the page), so that is every name match. `… NOT {name} : …` read the same doclists twice more.
        let tiers = ["{name} : (\(query.match))", query.match]
        for (n, match) in tiers.enumerated() {
            let wanted = limit - hits.count + (n == 0 ? hits.count : 0)
            var tier: [SearchHit] = []
            // The matches are read once, for both sides (2 ms for a city's 14k people at 100k, "шым"): counting them
            // first and matching again in the query that orders them, or matching once per side, cost that again.
            var matchedBySide: [SearchSide: [Int]] = [:]
            try forEachRawRow(db, sql: "SELECT rowid FROM search WHERE search MATCH ?", arguments: [match]) { raw in
                let entry = columnInt(raw, 0)
                matchedBySide[entry > 0 ? .people : .organizations, default: []].append(abs(entry))
            }
            for side in sides {
                let (clause, args) = side == .people ? personFilter(filter) : organizationFilter(filter)
                let t = side.alias
                guard let matched = matchedBySide[side]?.filter({ !taken.contains(SearchHit.Key(side: side, id: $0)) }),
                      !matched.isEmpty else { continue }
                if matched.count > walkAbove {
                    // Many: walk the sort-key index and stop at the page's end rather than sort them all (13–25 ms).
                    let members = Set(matched)
                    try stepRawRows(db, sql: """
                        SELECT \(t).id, \(t).sort_key FROM \(side.table) \(t) INDEXED BY \(side.table)_sort
                        WHERE \(clause) ORDER BY \(t).sort_key, \(t).id
                        """, arguments: StatementArguments(args)) { raw in
                        let id = columnInt(raw, 0)
                        if members.contains(id) { tier.append(SearchHit(side: side, id: id, sortKey: columnData(raw, 1))) }
                        return tier.count < wanted
                    }
                } else {
                    // Few: read and sort them.
                    tier += try SearchHit.fetch(db, side, sql: """
                        SELECT \(t).id, \(t).sort_key FROM \(side.table) \(t)
                        WHERE \(t).id IN (SELECT value FROM json_each(?)) AND \(clause) ORDER BY \(t).sort_key, \(t).id LIMIT ?
                        """, [jsonIntegers(matched) as DatabaseValueConvertible?] + args + [wanted])
                }
            }
            for hit in tier.sorted() where hits.count < limit && taken.insert(hit.key).inserted { hits.append(hit) }
            if hits.count >= limit { break }
        }
        return hits
    }

    /// The entries of one side whose folded name begins with `phrase`, in order, at most `limit`: the sort keys of
    /// such names lie in `NameOrder.prefixRanges`, which may also hold names that only weigh alike (c and ts), so
    /// each name is checked and the scan goes on past the ones that fail.
    private func namesBeginning(_ db: Database, with phrase: String, side: SearchSide, filter: DirectoryFilter,
                                limit: Int) throws -> [SearchHit] {
        let (clause, args) = side == .people ? personFilter(filter) : organizationFilter(filter)
        let t = side.alias
        let nameColumn = side == .people ? "full_name" : "name"
        var hits: [SearchHit] = []
        for range in NameOrder.prefixRanges(ofFolded: phrase) {
            var found = 0
            var after: (key: Data, id: Int)?
            while found < limit {
                let batch = limit - found
                var arguments: [DatabaseValueConvertible?] = [sortKeyData(range.lower), sortKeyData(range.upper)]
                if let after { arguments += [after.key, after.id] }
                arguments += args
                arguments.append(batch)
                let rows = try Row.fetchAll(db, sql: """
                    SELECT \(t).id, \(t).sort_key, \(t).\(nameColumn) AS name FROM \(side.table) \(t)
                    WHERE \(t).sort_key >= ? AND \(t).sort_key < ? \(after == nil ? "" : "AND (\(t).sort_key, \(t).id) > (?, ?)")
                    AND \(clause) ORDER BY \(t).sort_key, \(t).id LIMIT ?
                    """, arguments: StatementArguments(arguments))
                for row in rows where TextFold.fold(row["name"] as String).hasPrefix(phrase) {
                    hits.append(SearchHit(side: side, id: row["id"], sortKey: row["sort_key"]))
                    found += 1
                }
                guard rows.count == batch, let last = rows.last else { break }
                after = (last["sort_key"], last["id"])
            }
        }
        return hits
    }

    /// The directory rows of `hits`, in their order: one query per kind.
    private func rows(_ db: Database, of hits: [SearchHit]) throws -> [DirectoryRow] {
        let rounds = Dictionary(uniqueKeysWithValues: try Self.rounds(db).map { ($0.id.number, $0) })
        var found: [SearchHit.Key: DirectoryRow] = [:]
        let people = hits.filter { $0.side == .people }.map(\.id)
        if !people.isEmpty {
            for r in try Self.personRows(db, ids: people, rounds: rounds) { found[SearchHit.Key(side: .people, id: r.id.number)] = r }
        }
        let organizations = hits.filter { $0.side == .organizations }.map(\.id)
        if !organizations.isEmpty {
            for row in try Row.fetchAll(db, sql: "SELECT o.* FROM organization o WHERE o.id IN (SELECT value FROM json_each(?))",
                                        arguments: [jsonIntegers(organizations)]) {
                let r = Self.organizationRow(row)
                found[SearchHit.Key(side: .organizations, id: r.id.number)] = r
            }
        }
        return hits.compactMap { found[$0.key] }
    }

    /// The rows of `ids` that pass `filter`, in the order given (the ranked "people I know" list): one query per
    /// kind, the filter applied in SQL. Ids that are missing or of other kinds are left out.
    public func rows(_ ids: [EntityID], filter: DirectoryFilter = .init()) throws -> [DirectoryRow] {
        try read { db in
            let rounds = Dictionary(uniqueKeysWithValues: try Self.rounds(db).map { ($0.id.number, $0) })
            var found: [EntityID: DirectoryRow] = [:]
            let people = ids.filter { $0.kind == .person }.map(\.number)
            if filter.includePeople && !people.isEmpty {
                let (clause, args) = personFilter(filter)
                for r in try Self.personRows(db, ids: people, clause: clause, args, rounds: rounds) { found[r.id] = r }
            }
            let organizations = ids.filter { $0.kind == .organization }.map(\.number)
            if filter.includeOrganizations && !filter.narrowsToPeople && !organizations.isEmpty {
                let (clause, args) = organizationFilter(filter)
                let sql = "SELECT o.* FROM organization o WHERE o.id IN (SELECT value FROM json_each(?)) AND \(clause)"
                for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments([jsonIntegers(organizations)] + args)) {
                    let r = Self.organizationRow(row)
                    found[r.id] = r
                }
            }
            return ids.compactMap { found[$0] }
        }
    }

    /// The settlements (or, failing those, the regions) that the whole text names exactly, in any spelling.
    func placeNamed(_ text: String) -> (column: String, keys: [String])? {
        let exact = placeResolver.resolve(text).filter(\.quality.isExact)
        var settlements: [String] = [], regions: [String] = []
        for match in exact {
            switch match.place {
            case .settlement(let settlement): settlements.append(settlement.key)
            case .region(let region): regions.append(region.key)
            }
        }
        // A city that is a region of its own (Almaty, Astana, Shymkent) means the whole city, its districts included.
        let cities = settlements.compactMap { gazetteer.settlement($0)?.region }
            .filter { key in gazetteer.region(key).map { $0.kind == .city && settlements.contains($0.centre) } ?? false }
        if !cities.isEmpty { return ("region", Array(Set(cities)).sorted()) }
        if !settlements.isEmpty { return ("settlement", settlements) }
        if !regions.isEmpty { return ("region", regions) }
        return nil
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
            for r in try Self.personRows(db, ids: personIDs, rounds: rounds) { rows[r.id.description] = r }
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

    /// The FTS5 expression for a query: every folded word as a prefix, all must match; the word itself when the
    /// query is one word of one or two letters; and the folded words joined by spaces, the start of the names
    /// listed first. Nil when nothing searchable is left.
    static func searchQuery(_ text: String) -> (match: String, initial: String?, phrase: String)? {
        let words = TextFold.words(text).filter { !$0.isEmpty }
        guard !words.isEmpty else { return nil }
        // Folded words are ASCII letters and digits only, so quoting cannot be escaped.
        let match = words.map { "\"\($0)\"*" }.joined(separator: " AND ")
        return (match, words.count == 1 && words[0].count <= SearchInitials.longest ? words[0] : nil, words.joined(separator: " "))
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

    /// The directory rows of the people `ids` that pass `clause`, in no order: only the columns a row shows (decoding
    /// a person's JSON lists took most of a page's time), read through the C API, as every keystroke of a search and
    /// every page of the list reads a screenful of them.
    static func personRows(_ db: Database, ids: [Int], clause: String = "1", _ args: [DatabaseValueConvertible?] = [],
                           rounds: [Int: Round]) throws -> [DirectoryRow] {
        var result: [DirectoryRow] = []
        try forEachRawRow(db, sql: """
            SELECT p.id, p.full_name, p.is_alumnus, p.is_mentor, p.is_coordinator, p.settlement, p.region, \(latestRoundSQL), p.sort_key
            FROM person p WHERE p.id IN (SELECT value FROM json_each(?)) AND \(clause)
            """, arguments: StatementArguments([jsonIntegers(ids)] + args)) { raw in
            let latest = sqlite3_column_type(raw, 7) == SQLITE_NULL ? nil : rounds[columnInt(raw, 7)]
            result.append(DirectoryRow(id: EntityID(.person, columnInt(raw, 0)), name: columnText(raw, 1), roles: columnRoles(raw, from: 2),
                                       organizationKind: nil, settlement: columnText(raw, 5), region: columnText(raw, 6),
                                       latestRound: latest, sortKey: [UInt8](columnData(raw, 8))))
        }
        return result
    }

    static func organizationRow(_ row: Row) -> DirectoryRow {
        let o = organizationValues(row)
        return DirectoryRow(id: o.id, name: o.name, roles: [], organizationKind: o.kind, settlement: o.settlement,
                            region: row["region"], latestRound: nil, sortKey: [UInt8](row["sort_key"] as Data))
    }
}

/// The two halves of the search index: people under positive rowids, organisations under negative ones.
private enum SearchSide: Int, Comparable {
    // Organisations first among equal sort keys, as in `list`.
    case organizations, people

    var table: String { self == .people ? "person" : "organization" }
    var kind: EntityID.Kind { self == .people ? .person : .organization }
    var alias: String { self == .people ? "p" : "o" }
    /// Turns a search rowid into the table's id.
    var sign: String { self == .people ? "" : "-" }
    var entries: String { self == .people ? "> 0" : "< 0" }

    static func < (a: SearchSide, b: SearchSide) -> Bool { a.rawValue < b.rawValue }
}

/// One entry found, before its row is read; ordered as the directory lists (sort key, kind, id).
private struct SearchHit: Comparable {
    struct Key: Hashable {
        var side: SearchSide
        var id: Int
    }

    var side: SearchSide
    var id: Int
    var sortKey: Data

    var key: Key { Key(side: side, id: id) }

    static func < (a: SearchHit, b: SearchHit) -> Bool {
        if a.sortKey != b.sortKey { return a.sortKey.lexicographicallyPrecedes(b.sortKey) }
        return a.side != b.side ? a.side < b.side : a.id < b.id
    }

    /// Rows of `id` and `sort_key`.
    static func fetch(_ db: Database, _ side: SearchSide, sql: String, _ arguments: [DatabaseValueConvertible?]) throws -> [SearchHit] {
        try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map {
            SearchHit(side: side, id: $0["id"], sortKey: $0["sort_key"])
        }
    }
}

/// A sort key's weights as stored: big-endian, so that SQLite's byte order is the weights' order.
func sortKeyData(_ weights: [UInt32]) -> Data {
    var data = Data(capacity: weights.count * 4)
    for weight in weights { withUnsafeBytes(of: weight.bigEndian) { data.append(contentsOf: $0) } }
    return data
}

func jsonIntegers(_ values: [Int]) -> String { "[" + values.map(String.init).joined(separator: ",") + "]" }
