import BailanysCore
import BailanysGraph
import GRDB

extension DirectoryStore {
    /// The graph module's input with every event read from its raw rows, logged contacts included: the reference
    /// that the maintained `tie_pair` state must match (tests, `doctor`). No sensitive category is read:
    /// the graph never sees NEET, vulnerability or disability data, so no reason can reveal it.
    public func graphInput() throws -> (nodes: [GraphNode], events: [TieEvent]) {
        try read { db in
            var (nodes, events) = try structuralGraphInput(db)
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT a_person_id, a_organization_id, b_person_id, b_organization_id, day FROM interaction
                """)
            while let row = try cursor.next() {
                let a = Self.party(row, "a"), b = Self.party(row, "b")
                guard let day = Day(iso: row["day"] as String) else { continue }
                events.append(.contact(a, b, day: day))
            }
            return (nodes, events)
        }
    }

    /// Nodes and every tie event except logged contacts: teams, mentors, partners, cohorts and meetups, derived
    /// from their own small tables at each load (thousands of rows even at 100k people). `progress` hears the fraction done.
    private func structuralGraphInput(_ db: Database, progress: (Double) -> Void = { _ in }) throws
        -> (nodes: [GraphNode], events: [TieEvent]) {
        let rounds = Dictionary(uniqueKeysWithValues: try Self.rounds(db).map {
            ($0.id, RoundRef(id: $0.id, year: $0.year, number: $0.number, format: $0.format, start: $0.start))
        })
        // The parts' shares of the time at 100k people, so the fraction reported moves at about an even pace.
        let initiatives = try Self.initiatives(db, whereSQL: "1", arguments: []) { progress(0.35 * $0) }
        // Per person number (only people of the person table are read back, all numbered up to its largest id): arrays,
        // not dictionaries, so 100k team rows and 100k people cost no hashing.
        let personSlots = (try Int.fetchOne(db, sql: "SELECT max(id) FROM person") ?? -1) + 1
        var memberships = Array(repeating: [InitiativeMembership](), count: personSlots)
        var roundsOf = Array(repeating: [RoundRef](), count: personSlots)
        func slot(_ person: EntityID) -> Int? { person.number >= 0 && person.number < personSlots ? person.number : nil }
        var events: [TieEvent] = []
        // Allocated once at its size: growing an array of 100-byte events by doubling cost a fifth of the load at 100k.
        events.reserveCapacity(initiatives.reduce(0) { total, i in
            total + i.team.count * (i.team.count - 1) / 2 + i.team.count * (i.mentors.count + i.partners.count)
        } + initiatives.count * 3)
        var leadersByCohort: [String: [EntityID]] = [:]
        var ticks = ProgressTicks(total: initiatives.count)
        for (done, initiative) in initiatives.enumerated() {
            ticks.advance(done) { progress(0.35 + 0.15 * $0) }
            guard let round = rounds[initiative.round] else { continue }
            let context = TieContext(initiative: initiative.id, round: round.id)
            for member in initiative.team {
                guard let slot = slot(member.person) else { continue }
                memberships[slot].append(InitiativeMembership(
                    initiative: initiative.id, title: initiative.title, theme: initiative.theme, status: initiative.status,
                    teamRole: member.role, round: round.id, settlement: initiative.settlement))
                roundsOf[slot].append(round)
            }
            for mentor in initiative.mentors { if let slot = slot(mentor) { roundsOf[slot].append(round) } }
            let team = initiative.team.map(\.person)
            for (i, a) in team.enumerated() {
                for b in team[(i + 1)...] { events.append(TieEvent(a, b, day: round.start, kind: .team, context: context)) }
                for mentor in initiative.mentors {
                    events.append(TieEvent(mentor, a, day: round.start, kind: .mentorship, context: context))
                }
                for partner in initiative.partners {
                    events.append(TieEvent(a, partner, day: round.start, kind: .organization, context: context))
                }
            }
            if let leader = initiative.leader {
                leadersByCohort["\(round.id)|\(initiative.settlement)", default: []].append(leader)
            }
        }
        events += cohortEvents(leadersByCohort, rounds: rounds)
        progress(0.65)
        events += try Self.meetupTieEvents(db)
        progress(0.67)
        // Organisations (O…) before people (P…), each by number: id order, which the snapshot keeps without a copy.
        // Only the columns the graph uses, by position: no JSON lists decoded, no lookups by column name.
        var nodes: [GraphNode] = []
        var places: [String: (latitude: Double, longitude: Double)] = [:]
        func place(_ key: String) -> (latitude: Double, longitude: Double) {
            if let known = places[key] { return known }
            let found = gazetteer.settlement(key).map { ($0.latitude, $0.longitude) } ?? (0, 0)
            places[key] = found
            return found
        }
        let orgs = try Row.fetchCursor(db, sql: "SELECT id, name, kind, settlement, region FROM organization ORDER BY id")
        while let row = try orgs.next() {
            let settlement: String = row[3], at = place(settlement)
            nodes.append(.organization(EntityID(.organization, row[0]), name: row[1],
                                       kind: OrganizationKind(rawValue: row[2]) ?? .ngo, settlement: settlement,
                                       region: row[4], latitude: at.latitude, longitude: at.longitude))
        }
        progress(0.7)
        let people = try Row.fetchCursor(db, sql: """
            SELECT id, full_name, is_alumnus, is_mentor, is_coordinator, settlement, region, suggestions_opt_out
            FROM person ORDER BY id
            """)
        ticks = ProgressTicks(total: personSlots)
        while let row = try people.next() {
            let id = EntityID(.person, row[0])
            ticks.advance(id.number) { progress(0.7 + 0.3 * $0) }
            var roles = Set<Role>()
            if row[2] as Bool { roles.insert(.alumnus) }
            if row[3] as Bool { roles.insert(.mentor) }
            if row[4] as Bool { roles.insert(.coordinator) }
            let settlement: String = row[5], at = place(settlement)
            let known = slot(id).map { roundsOf[$0] } ?? []
            let personRounds = known.count < 2 ? known : Array(Set(known)).sorted { ($0.start, $0.id) < ($1.start, $1.id) }
            nodes.append(.person(id, name: row[1], role: GraphNode.primaryRole(roles), alumnus: roles.contains(.alumnus), settlement: settlement,
                                 region: row[6], latitude: at.latitude, longitude: at.longitude,
                                 rounds: personRounds, initiatives: slot(id).map { memberships[$0] } ?? [],
                                 suggestionsOptOut: row[7]))
        }
        progress(1)
        return (nodes, events)
    }

    /// What the graph reads of `person` as edited, with their place's region and coordinates from the gazetteer, as
    /// the snapshot was loaded.
    public func graphProfile(of person: Person) -> NodeProfileEdit {
        let place = gazetteer.settlement(person.settlement)
        return NodeProfileEdit(id: person.id, name: person.fullName, role: GraphNode.primaryRole(person.roles),
                               isAlumnus: person.roles.contains(.alumnus),
                               settlement: person.settlement, region: place?.region ?? "",
                               latitude: place?.latitude ?? 0, longitude: place?.longitude ?? 0,
                               suggestionsOptOut: person.suggestionsOptOut)
    }

    /// Builds the immutable snapshot the graph functions work on: logged contacts come from `tie_pair`, one row
    /// per pair with integer days, the other events from their own tables. `progress` hears each step as it goes,
    /// never backwards: reading people, reading contacts, building.
    public func graphSnapshot(progress: GraphLoadReport = { _, _ in }) throws -> GraphSnapshot {
        let input = try read { db in
            let structural = try structuralGraphInput(db) { progress(.readingPeople, $0) }
            let contacts = try TiePairs.contactRuns(db) { progress(.readingContacts, $0) }
            return (nodes: structural.nodes, events: structural.events, contacts: contacts)
        }
        do {
            return try GraphSnapshot.build(nodes: input.nodes, events: input.events, contacts: input.contacts) {
                progress(.building, $0)
            }
        } catch {
            throw StoreError.sqlite(path: path, message: "the directory's ties could not be built: \(error)")
        }
    }

    /// The snapshot built from every raw event (`graphInput`), ignoring `tie_pair`: slow, for checks only.
    public func rebuiltGraphSnapshot() throws -> GraphSnapshot {
        let input = try graphInput()
        do {
            return try GraphSnapshot.build(nodes: input.nodes, events: input.events)
        } catch {
            throw StoreError.sqlite(path: path, message: "the directory's ties could not be built: \(error)")
        }
    }

    /// Team leaders of one round in one settlement met at the round's regional events. Each leader
    /// is linked to at most `cohortNeighbours` others (a ring in id order), so a big city's cohort
    /// adds a linear number of ties instead of a quadratic one.
    private func cohortEvents(_ groups: [String: [EntityID]], rounds: [EntityID: RoundRef]) -> [TieEvent] {
        let cohortNeighbours = 6
        var events: [TieEvent] = []
        for key in groups.keys.sorted() {
            let leaders = Array(Set(groups[key]!)).sorted()
            guard leaders.count > 1, let roundID = EntityID(String(key.prefix { $0 != "|" })), let round = rounds[roundID] else { continue }
            let context = TieContext(round: round.id)
            let reach = min(cohortNeighbours / 2, (leaders.count - 1) / 2 + (leaders.count - 1) % 2)
            var seen = Set<[EntityID]>()
            for (i, a) in leaders.enumerated() {
                for step in 1...max(1, reach) {
                    let b = leaders[(i + step) % leaders.count]
                    guard a != b, seen.insert([min(a, b), max(a, b)]).inserted else { continue }
                    events.append(TieEvent(a, b, day: round.start, kind: .cohort, context: context))
                }
            }
        }
        return events
    }
}

extension DirectoryStore {
    /// Dismissed and snoozed suggestions, as the graph module wants them; with `viewer`, also the hold-out share and
    /// the arms `viewer`'s suggestions were recorded in, so what they are shown stays the same from day to day.
    public func suggestionFeedback(viewer: EntityID? = nil) throws -> SuggestionFeedback {
        try read { db in
            var feedback = SuggestionFeedback()
            if let viewer {
                feedback.holdoutShare = try Double.fetchOne(db, sql: "SELECT holdout_share FROM suggestion_design WHERE id = 1") ?? 0
                feedback.recordedArms = try recordedArms(db, viewer: viewer)
            }
            for row in try Row.fetchAll(db, sql: "SELECT key, state, until_day FROM suggestion_feedback") {
                switch row["state"] as String {
                case "dismissed": feedback.dismissed.insert(row["key"])
                case "snoozed":
                    if let until = (row["until_day"] as String?).flatMap({ Day(iso: $0) }) { feedback.snoozedUntil[row["key"]] = until }
                default: break
                }
            }
            return feedback
        }
    }
}
