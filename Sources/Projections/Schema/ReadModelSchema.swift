import GRDB

/// The SQLite schema of the read models, as named migrations. Constraints live in the
/// schema (NOT NULL, CHECK, FOREIGN KEY) so that a projection bug fails loudly instead of
/// writing rows an analyst would trust. Documented for analysts in `docs/schema.md`.
enum ReadModelSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: read models") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2: channel sessions by customer") { db in
            // Moving a derived customer's history to an explicit id updates sessions by customer.
            try db.execute(sql: "CREATE INDEX channel_sessions_by_customer ON channel_sessions (customer_id)")
        }
        migrator.registerMigration("v3: activities checked by the log, message ids in a named index") { db in
            try db.execute(sql: v3)
        }
        migrator.registerMigration("v4: calls") { db in
            try db.execute(sql: v4)
        }
        migrator.registerMigration("v5: erasures") { db in
            try db.execute(sql: v5)
        }
        migrator.registerMigration("v6: full-text search") { db in
            let options = try String.fetchAll(db, sql: "PRAGMA compile_options")
            guard options.contains("ENABLE_FTS5") else {
                throw ProjectionsError(
                    code: .storageFailure,
                    message: "this SQLite has no FTS5 (PRAGMA compile_options lacks ENABLE_FTS5); install Debian's libsqlite3, which has it")
            }
            try db.execute(sql: v6)
        }
        migrator.registerMigration("v7: message ids found through the log") { db in
            // Random text keys made this index ~12 % of the live apply's cost under the batch
            // route; the log's id index already maps a message id to its position, and keeps
            // ids unique (BENCHMARKS.md, issue 24).
            try db.execute(sql: "DROP INDEX IF EXISTS activities_by_message_id")
        }
        return migrator
    }

    /// The log accepts only JSON that passed the strict parser and checks each record's
    /// CRC, so `CHECK (json_valid(message))` re-parsed every 1 KB message for nothing (about
    /// a quarter of an insert's cost). An inline `UNIQUE` cannot be dropped, so a rebuild
    /// could not build the message id index after its bulk load; a named index can.
    private static let v3 = """
        CREATE TABLE activities_v3 (
            position INTEGER PRIMARY KEY,
            message_id TEXT NOT NULL,
            type TEXT NOT NULL,
            body_type TEXT NOT NULL,
            customer_id TEXT REFERENCES customers (customer_id),
            conversation_id TEXT,
            channel_session_id TEXT,
            service_identifier TEXT,
            channel_customer_identifier TEXT,
            sender_id TEXT NOT NULL,
            sender_type TEXT NOT NULL,
            sender_name TEXT,
            occurred_at INTEGER NOT NULL,
            recorded_at INTEGER NOT NULL,
            summary TEXT NOT NULL,
            message TEXT NOT NULL
        );
        INSERT INTO activities_v3 SELECT position, message_id, type, body_type, customer_id, conversation_id, channel_session_id,
            service_identifier, channel_customer_identifier, sender_id, sender_type, sender_name, occurred_at, recorded_at, summary,
            message FROM activities;
        DROP TABLE activities;
        ALTER TABLE activities_v3 RENAME TO activities;
        CREATE UNIQUE INDEX activities_by_message_id ON activities (message_id);
        CREATE INDEX activities_by_customer ON activities (customer_id, occurred_at, position);
        CREATE INDEX activities_by_conversation ON activities (conversation_id, occurred_at, position);
        CREATE INDEX activities_by_channel_session ON activities (channel_session_id, occurred_at, position);
        """

    /// Calls fed by the voice webhooks (and any `VOICE` message): the current state of each
    /// call, and which activities are its history. Values that come from webhooks carry no
    /// CHECK, so that an odd value from a sender cannot stop the projections.
    private static let v4 = """
        CREATE TABLE calls (
            call_id TEXT PRIMARY KEY,
            provider TEXT NOT NULL,
            conversation_id TEXT,
            status TEXT NOT NULL,
            status_at INTEGER NOT NULL,
            agent TEXT,
            menu_path TEXT,
            fail_reason TEXT,
            wait_seconds INTEGER,
            talk_seconds INTEGER,
            hold_seconds INTEGER,
            transfer_count INTEGER NOT NULL DEFAULT 0,
            first_activity_at INTEGER NOT NULL,
            last_activity_at INTEGER NOT NULL,
            activity_count INTEGER NOT NULL CHECK (activity_count >= 1)
        );
        CREATE INDEX calls_by_conversation ON calls (conversation_id);

        CREATE TABLE call_activities (
            position INTEGER PRIMARY KEY REFERENCES activities (position),
            call_id TEXT NOT NULL REFERENCES calls (call_id),
            status TEXT NOT NULL
        );
        CREATE INDEX call_activities_by_call ON call_activities (call_id, position);
        """

    /// The audit of erasures: one row per erasure event, no personal data.
    private static let v5 = """
        CREATE TABLE erasures (
            position INTEGER PRIMARY KEY,
            erasure_id TEXT NOT NULL UNIQUE,
            customer_id TEXT NOT NULL,
            customer_ids TEXT NOT NULL CHECK (json_valid(customer_ids)),
            reason TEXT,
            requested_by TEXT NOT NULL,
            requested_at INTEGER NOT NULL,
            records INTEGER NOT NULL CHECK (records >= 0),
            activities INTEGER NOT NULL CHECK (activities >= 0),
            identities INTEGER NOT NULL CHECK (identities >= 0),
            conversations INTEGER NOT NULL CHECK (conversations >= 0)
        );
        CREATE INDEX erasures_by_customer ON erasures (customer_id);
        """

    /// The full-text index of activities and customers (see `SearchDocument`): FTS5 tables
    /// keyed by the activity's position and the customer's creating position. Case and
    /// accents fold in the tokenizer. Customers, looked up by names typed in part, have
    /// prefix indexes; activities do without (a prefix index doubled the cost of indexing a
    /// million activities, and `word*` is rare there) and without column sizes (used only by
    /// ranking, and activities come in log order).
    private static let v6 = """
        CREATE VIRTUAL TABLE activity_search USING fts5 (
            words, people, numbers, facets, tokenize = 'unicode61 remove_diacritics 2', columnsize = 0
        );
        CREATE VIRTUAL TABLE customer_search USING fts5 (
            customer_id UNINDEXED, people, numbers, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
        );
        """

    private static let v1 = """
        CREATE TABLE projection_state (
            name TEXT PRIMARY KEY,
            version INTEGER NOT NULL CHECK (version >= 1),
            position INTEGER NOT NULL CHECK (position >= 0),
            updated_at INTEGER NOT NULL
        );

        CREATE TABLE customers (
            customer_id TEXT PRIMARY KEY,
            first_name TEXT,
            last_name TEXT,
            is_derived INTEGER NOT NULL CHECK (is_derived IN (0, 1)),
            merged_into TEXT REFERENCES customers (customer_id),
            activity_count INTEGER NOT NULL DEFAULT 0 CHECK (activity_count >= 0),
            first_activity_at INTEGER,
            last_activity_at INTEGER,
            created_position INTEGER NOT NULL
        );

        CREATE TABLE customer_identities (
            channel_customer_identifier TEXT NOT NULL,
            service_identifier TEXT NOT NULL DEFAULT '',
            customer_id TEXT NOT NULL REFERENCES customers (customer_id),
            first_seen_at INTEGER NOT NULL,
            last_seen_at INTEGER NOT NULL,
            PRIMARY KEY (channel_customer_identifier, service_identifier)
        );
        CREATE INDEX customer_identities_by_customer ON customer_identities (customer_id);

        CREATE TABLE activities (
            position INTEGER PRIMARY KEY,
            message_id TEXT NOT NULL UNIQUE,
            type TEXT NOT NULL,
            body_type TEXT NOT NULL,
            customer_id TEXT REFERENCES customers (customer_id),
            conversation_id TEXT,
            channel_session_id TEXT,
            service_identifier TEXT,
            channel_customer_identifier TEXT,
            sender_id TEXT NOT NULL,
            sender_type TEXT NOT NULL,
            sender_name TEXT,
            occurred_at INTEGER NOT NULL,
            recorded_at INTEGER NOT NULL,
            summary TEXT NOT NULL,
            message TEXT NOT NULL CHECK (json_valid(message))
        );
        CREATE INDEX activities_by_customer ON activities (customer_id, occurred_at, position);
        CREATE INDEX activities_by_conversation ON activities (conversation_id, occurred_at, position);
        CREATE INDEX activities_by_channel_session ON activities (channel_session_id, occurred_at, position);

        CREATE TABLE delivery_statuses (
            message_id TEXT PRIMARY KEY,
            status TEXT NOT NULL,
            reason_code INTEGER,
            updated_at INTEGER NOT NULL,
            position INTEGER NOT NULL
        );

        CREATE TABLE conversations (
            conversation_id TEXT PRIMARY KEY,
            customer_id TEXT REFERENCES customers (customer_id),
            status TEXT NOT NULL CHECK (status IN ('ACTIVE', 'CLOSED')),
            closed_reason TEXT,
            first_activity_at INTEGER NOT NULL,
            last_activity_at INTEGER NOT NULL,
            closed_at INTEGER,
            activity_count INTEGER NOT NULL CHECK (activity_count >= 0),
            channels TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(channels)),
            participants TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(participants)),
            wrap_ups TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(wrap_ups))
        );
        CREATE INDEX conversations_by_customer ON conversations (customer_id, last_activity_at, conversation_id);

        CREATE TABLE channel_sessions (
            channel_session_id TEXT PRIMARY KEY,
            customer_id TEXT REFERENCES customers (customer_id),
            conversation_id TEXT,
            service_identifier TEXT,
            channel_customer_identifier TEXT,
            status TEXT NOT NULL CHECK (status IN ('STARTED', 'ENDED')),
            started_at INTEGER NOT NULL,
            ended_at INTEGER,
            last_activity_at INTEGER NOT NULL,
            activity_count INTEGER NOT NULL CHECK (activity_count >= 0)
        );
        CREATE INDEX channel_sessions_by_conversation ON channel_sessions (conversation_id);

        CREATE TABLE ivr_journeys (
            position INTEGER PRIMARY KEY REFERENCES activities (position),
            message_id TEXT NOT NULL,
            call_id TEXT,
            channel_customer_identifier TEXT NOT NULL,
            service_identifier TEXT NOT NULL,
            start_direction TEXT NOT NULL,
            end_direction TEXT CHECK (end_direction IN ('DIALOG_ENDED', 'TRANSFER')),
            started_at INTEGER,
            ended_at INTEGER,
            duration_ms INTEGER CHECK (duration_ms >= 0),
            menu_path TEXT NOT NULL,
            menu_count INTEGER NOT NULL CHECK (menu_count >= 0),
            contained INTEGER CHECK (contained IN (0, 1))
        );
        CREATE INDEX ivr_journeys_by_identity ON ivr_journeys (channel_customer_identifier, started_at);

        CREATE TABLE ivr_menu_visits (
            journey_position INTEGER NOT NULL REFERENCES ivr_journeys (position),
            step INTEGER NOT NULL CHECK (step >= 1),
            menu TEXT NOT NULL,
            selection TEXT,
            visited_at INTEGER,
            PRIMARY KEY (journey_position, step)
        );
        """
}
