import GRDB

/// Schema versions, oldest first. A migration is never edited once released: add a new one.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-directory", migrate: createDirectory)
        migrator.registerMigration("v2-feedback-audit", migrate: createFeedbackAndAudit)
        migrator.registerMigration("v3-meetups", migrate: createMeetups)
        migrator.registerMigration("v4-interchange", migrate: createInterchange)
        migrator.registerMigration("v5-search-initials", migrate: indexSearchInitials)
        migrator.registerMigration("v6-coordinator-reach", migrate: createCoordinatorReach)
        migrator.registerMigration("v7-tie-pairs", migrate: createTiePairs)
        migrator.registerMigration("v8-search-order", migrate: SearchInitials.createAndRebuild)
        migrator.registerMigration("v9-access", migrate: createAccess)
        migrator.registerMigration("v10-invite-hash", migrate: InviteDigest.hashStoredCodes)
        migrator.registerMigration("v11-suggestion-use", migrate: createSuggestionUse)
        migrator.registerMigration("v12-coordinator-index", migrate: indexCoordinators)
        migrator.registerMigration("v13-meetup-without-seed", migrate: dropMeetupSeed)
        return migrator
    }

    /// Identifiers in order, for `doctor` and for naming backups.
    static var versions: [String] { migrator.migrations }

    private static func createDirectory(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);

            CREATE TABLE person (
                id INTEGER PRIMARY KEY,
                external_id TEXT UNIQUE,
                full_name TEXT NOT NULL CHECK (length(trim(full_name)) > 0),
                gender TEXT CHECK (gender IN ('female', 'male')),
                birth_year INTEGER,
                is_alumnus INTEGER NOT NULL DEFAULT 0,
                is_mentor INTEGER NOT NULL DEFAULT 0,
                is_coordinator INTEGER NOT NULL DEFAULT 0,
                settlement TEXT NOT NULL,
                region TEXT NOT NULL,
                languages TEXT NOT NULL DEFAULT '[]',
                interests TEXT NOT NULL DEFAULT '[]',
                suggestions_opt_out INTEGER NOT NULL DEFAULT 0,
                note TEXT NOT NULL DEFAULT '',
                sort_key BLOB NOT NULL
            );
            CREATE INDEX person_sort ON person(sort_key);
            CREATE INDEX person_region ON person(region);

            -- Coordinator-only categories live apart so no ordinary query can pick them up by accident.
            CREATE TABLE person_sensitive (
                person_id INTEGER PRIMARY KEY REFERENCES person(id) ON DELETE CASCADE,
                neet INTEGER NOT NULL DEFAULT 0,
                vulnerable INTEGER NOT NULL DEFAULT 0,
                disability_group INTEGER CHECK (disability_group BETWEEN 1 AND 3)
            );

            CREATE TABLE organization (
                id INTEGER PRIMARY KEY,
                external_id TEXT UNIQUE,
                name TEXT NOT NULL CHECK (length(trim(name)) > 0),
                kind TEXT NOT NULL,
                settlement TEXT NOT NULL,
                region TEXT NOT NULL,
                note TEXT NOT NULL DEFAULT '',
                sort_key BLOB NOT NULL
            );
            CREATE INDEX organization_sort ON organization(sort_key);

            CREATE TABLE contact (
                id INTEGER PRIMARY KEY,
                person_id INTEGER REFERENCES person(id) ON DELETE CASCADE,
                organization_id INTEGER REFERENCES organization(id) ON DELETE CASCADE,
                kind TEXT NOT NULL CHECK (kind IN ('phone', 'email', 'telegram')),
                value TEXT NOT NULL,
                shared INTEGER NOT NULL,
                CHECK ((person_id IS NULL) <> (organization_id IS NULL))
            );
            CREATE INDEX contact_person ON contact(person_id);
            CREATE INDEX contact_organization ON contact(organization_id);

            CREATE TABLE round (
                id INTEGER PRIMARY KEY,
                year INTEGER NOT NULL,
                number INTEGER NOT NULL,
                format TEXT NOT NULL CHECK (format IN ('offline', 'online', 'hybrid')),
                start_day TEXT NOT NULL
            );

            CREATE TABLE initiative (
                id INTEGER PRIMARY KEY,
                external_id TEXT UNIQUE,
                title TEXT NOT NULL,
                theme TEXT NOT NULL,
                round_id INTEGER NOT NULL REFERENCES round(id),
                settlement TEXT NOT NULL,
                region TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('completed', 'continuing', 'stopped'))
            );
            CREATE INDEX initiative_round ON initiative(round_id);

            CREATE TABLE team_member (
                initiative_id INTEGER NOT NULL REFERENCES initiative(id) ON DELETE CASCADE,
                person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                role TEXT NOT NULL CHECK (role IN ('leader', 'member')),
                PRIMARY KEY (initiative_id, person_id)
            ) WITHOUT ROWID;
            CREATE INDEX team_member_person ON team_member(person_id);

            CREATE TABLE initiative_mentor (
                initiative_id INTEGER NOT NULL REFERENCES initiative(id) ON DELETE CASCADE,
                person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                PRIMARY KEY (initiative_id, person_id)
            ) WITHOUT ROWID;
            CREATE INDEX initiative_mentor_person ON initiative_mentor(person_id);

            CREATE TABLE initiative_partner (
                initiative_id INTEGER NOT NULL REFERENCES initiative(id) ON DELETE CASCADE,
                organization_id INTEGER NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
                PRIMARY KEY (initiative_id, organization_id)
            ) WITHOUT ROWID;
            CREATE INDEX initiative_partner_organization ON initiative_partner(organization_id);

            -- A party is a person or an organisation: exactly one of each pair of columns is set.
            CREATE TABLE interaction (
                id INTEGER PRIMARY KEY,
                a_person_id INTEGER REFERENCES person(id) ON DELETE CASCADE,
                a_organization_id INTEGER REFERENCES organization(id) ON DELETE CASCADE,
                b_person_id INTEGER REFERENCES person(id) ON DELETE CASCADE,
                b_organization_id INTEGER REFERENCES organization(id) ON DELETE CASCADE,
                day TEXT NOT NULL,
                channel TEXT NOT NULL,
                note TEXT NOT NULL DEFAULT '',
                source TEXT NOT NULL,
                CHECK ((a_person_id IS NULL) <> (a_organization_id IS NULL)),
                CHECK ((b_person_id IS NULL) <> (b_organization_id IS NULL))
            );
            CREATE INDEX interaction_a_person ON interaction(a_person_id, day);
            CREATE INDEX interaction_b_person ON interaction(b_person_id, day);
            CREATE INDEX interaction_a_organization ON interaction(a_organization_id, day);
            CREATE INDEX interaction_b_organization ON interaction(b_organization_id, day);

            CREATE TABLE activity (
                id INTEGER PRIMARY KEY,
                person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                day TEXT NOT NULL
            );
            CREATE INDEX activity_person ON activity(person_id);

            -- One row per person (rowid = person id) or organisation (rowid = −organisation id);
            -- every key is folded (docs/text-folding.md) so any script or spelling meets the same tokens.
            CREATE VIRTUAL TABLE search USING fts5(
                name, place, other,
                tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
            );
            """)
    }

    /// Suggestion feedback (dismissed for good, snoozed until a day, acted on) and an audit
    /// trail of privacy-relevant actions such as exports that included sensitive categories.
    private static func createFeedbackAndAudit(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE suggestion_feedback (
                key TEXT PRIMARY KEY NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('dismissed', 'snoozed', 'acted')),
                until_day TEXT,
                recorded_day TEXT NOT NULL
            );
            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY,
                recorded_at TEXT NOT NULL,
                actor TEXT,
                action TEXT NOT NULL,
                detail TEXT NOT NULL DEFAULT ''
            );
            """)
    }

    /// Meetups (`M…`): planned by the planner, held once attendance is marked. Invitees keep their order and
    /// reasons (space-separated codes, see `SavedInviteReason`); attendees make meetup tie events.
    private static func createMeetups(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE meetup (
                id INTEGER PRIMARY KEY,
                host_settlement TEXT NOT NULL,
                venue_organization_id INTEGER REFERENCES organization(id) ON DELETE SET NULL,
                starts_at TEXT NOT NULL,
                capacity INTEGER NOT NULL CHECK (capacity > 0),
                radius_km REAL NOT NULL CHECK (radius_km >= 0),
                focus TEXT,
                seed INTEGER NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('planned', 'held'))
            );
            CREATE TABLE meetup_invitee (
                meetup_id INTEGER NOT NULL REFERENCES meetup(id) ON DELETE CASCADE,
                person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                is_mentor INTEGER NOT NULL DEFAULT 0,
                table_number INTEGER,
                reasons TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (meetup_id, person_id)
            ) WITHOUT ROWID;
            CREATE TABLE meetup_attendee (
                meetup_id INTEGER NOT NULL REFERENCES meetup(id) ON DELETE CASCADE,
                person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                PRIMARY KEY (meetup_id, person_id)
            ) WITHOUT ROWID;
            CREATE INDEX meetup_attendee_person ON meetup_attendee(person_id);
            """)
    }

    /// vCard properties Bailanys has no field for (X- properties, ORG, TITLE, full BDAY and ADR,
    /// labels of grouped properties …), kept per person so a vCard round-trips unchanged.
    /// The organisation sides of interactions are indexed only where set (partial indexes): most
    /// interactions are between people, and a million NULL entries made bulk imports slow.
    private static func createInterchange(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE person_vcard_extra (
                person_id INTEGER PRIMARY KEY REFERENCES person(id) ON DELETE CASCADE,
                properties TEXT NOT NULL DEFAULT '[]'
            );
            DROP INDEX interaction_a_organization;
            DROP INDEX interaction_b_organization;
            CREATE INDEX interaction_a_organization ON interaction(a_organization_id, day) WHERE a_organization_id IS NOT NULL;
            CREATE INDEX interaction_b_organization ON interaction(b_organization_id, day) WHERE b_organization_id IS NOT NULL;
            """)
    }

    /// A one-letter prefix table in the search index, so that the first letter typed finds names at once
    /// (see `DirectoryStore.search`). FTS5 options are fixed at creation: the index is rebuilt with them.
    private static func indexSearchInitials(_ db: Database) throws {
        try db.execute(sql: """
            CREATE VIRTUAL TABLE search_next USING fts5(
                name, place, other,
                tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
            );
            INSERT INTO search_next(rowid, name, place, other) SELECT rowid, name, place, other FROM search;
            DROP TABLE search;
            ALTER TABLE search_next RENAME TO search;
            """)
    }

    /// National coordinators: a coordinator listed here reaches the whole country, any other only their region.
    private static func createCoordinatorReach(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE coordinator_reach (
                person_id INTEGER PRIMARY KEY REFERENCES person(id) ON DELETE CASCADE,
                reach TEXT NOT NULL CHECK (reach = 'country')
            );
            """)
    }

    /// Logged contacts per pair, for loading the tie graph without reading every interaction (`TiePairs`): node keys
    /// are person ids and organisation ids − 2^40; `contacts` holds little-endian Int32 codes (day ordinal × 2, + 1
    /// when logged from the higher key to the lower), ascending. Built here from the interactions already stored.
    private static func createTiePairs(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE tie_pair (
                low INTEGER NOT NULL,
                high INTEGER NOT NULL,
                contacts BLOB NOT NULL,
                PRIMARY KEY (low, high)
            ) WITHOUT ROWID;
            -- The latest tie tempo and learned ranking weights (JSON), under the fingerprint of the snapshot they were
            -- fitted to, the day and the prior: a cache, rebuilt whenever the key differs (TieFitCache.swift).
            CREATE TABLE tie_fit (key TEXT PRIMARY KEY NOT NULL, fitted TEXT NOT NULL);
            """)
        try TiePairs.rebuild(db)
    }

    /// The shared server (docs/server.md): which SSH key proved each audited action, and one-time enrolment codes
    /// (`access invite`), each usable once and only until its day (docs/server.md).
    private static func createAccess(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE audit_log ADD COLUMN key_fingerprint TEXT;
            CREATE TABLE access_invite (
                code TEXT PRIMARY KEY NOT NULL,
                person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                created_at TEXT NOT NULL,
                expires_day TEXT NOT NULL,
                used_at TEXT,
                used_key TEXT
            );
            """)
    }

    /// What the app learns from use (docs/algorithms.md, "What the app learns from use"): each suggestion a person
    /// was shown or, in the hold-out, would have been shown; what they did with it. No text, only ids and days.
    private static func createSuggestionUse(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE suggestion_use (
                key TEXT PRIMARY KEY NOT NULL,
                viewer_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                subject_person_id INTEGER REFERENCES person(id) ON DELETE CASCADE,
                subject_organization_id INTEGER REFERENCES organization(id) ON DELETE CASCADE,
                kind TEXT NOT NULL CHECK (kind IN ('reconnect', 'meet', 'partner')),
                arm TEXT NOT NULL CHECK (arm IN ('shown', 'held-out')),
                first_day TEXT NOT NULL,
                last_day TEXT NOT NULL,
                days_shown INTEGER NOT NULL DEFAULT 1,
                best_rank INTEGER NOT NULL,
                first_score REAL NOT NULL,
                acted_day TEXT,
                dismissed_day TEXT,
                snoozed_day TEXT,
                CHECK ((subject_person_id IS NULL) <> (subject_organization_id IS NULL))
            );
            CREATE INDEX suggestion_use_viewer ON suggestion_use(viewer_id);
            CREATE TABLE suggestion_design (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                holdout_share REAL NOT NULL DEFAULT 0 CHECK (holdout_share >= 0 AND holdout_share <= 0.5)
            );
            INSERT INTO suggestion_design (id, holdout_share) VALUES (1, 0);
            """)
    }

    /// Whether a file has any coordinator decides what someone who has not said who they are may do, and it is asked
    /// before every command and the interface's first frame: without an index it read the whole person table (the
    /// coordinators are few, and imported last).
    private static func indexCoordinators(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX person_coordinators ON person(id) WHERE is_coordinator")
    }

    /// Plans stopped depending on a seed (#13): the column held 1 for every meetup planned since and told nothing.
    private static func dropMeetupSeed(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE meetup DROP COLUMN seed")
    }
}
