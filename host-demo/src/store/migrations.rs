//! Versioned schema migrations. A migration, once released, never changes:
//! a change to the schema is a new entry at the end of [`MIGRATIONS`].

use anyhow::{Context, Result};
use rusqlite::{Connection, TransactionBehavior};

/// `(version, name, SQL)`, in order.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "inbound documents", V1),
    (2, "outbox", V2),
    (3, "a task's JSON read from its delivery", V3),
    (4, "no indexes that nothing reads", V4),
];

/// Insurers, the inbox, tasks, work orders, status and free-text messages.
///
/// Timestamps are UTC RFC 3339 text with milliseconds. GUID keys
/// (`unique_id`, `task_guid`) are lower-case; the documents keep the
/// sender's spelling.
const V1: &str = r#"
CREATE TABLE insurers (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    security_token TEXT NOT NULL UNIQUE,
    alias          TEXT,
    sub_alias      TEXT,
    default_team   TEXT,
    responsible    TEXT,
    customer_type  TEXT,
    template       TEXT,
    created_at     TEXT NOT NULL
);

-- Every document an authenticated insurer posted, valid or not, as received.
CREATE TABLE inbox (
    id          INTEGER PRIMARY KEY,
    received_at TEXT NOT NULL,
    endpoint    TEXT NOT NULL CHECK (endpoint IN ('tasks', 'statuses', 'messages')),
    insurer_id  INTEGER NOT NULL REFERENCES insurers (id),
    outcome     TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected')),
    document    BLOB NOT NULL,
    report      TEXT NOT NULL
);
CREATE INDEX inbox_by_outcome ON inbox (outcome, id);

-- One row per service task; a redelivery updates it in place.
CREATE TABLE tasks (
    id             INTEGER PRIMARY KEY,
    insurer_id     INTEGER NOT NULL REFERENCES insurers (id),
    unique_id      TEXT NOT NULL,
    document       TEXT NOT NULL,
    claim_number   TEXT,
    claimant_name  TEXT,
    created_date   TEXT,
    first_inbox_id INTEGER NOT NULL REFERENCES inbox (id),
    last_inbox_id  INTEGER NOT NULL REFERENCES inbox (id),
    received_at    TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    deliveries     INTEGER NOT NULL,
    UNIQUE (insurer_id, unique_id)
);
CREATE INDEX tasks_by_claim_number ON tasks (claim_number);

-- What map-task made of a task (one work order per service task today),
-- as the component's JSON plus columns to search on; replaced when the
-- task is redelivered.
CREATE TABLE work_orders (
    id               INTEGER PRIMARY KEY,
    task_id          INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    heading          TEXT NOT NULL,
    requisition      TEXT NOT NULL,
    customer_key     TEXT NOT NULL,
    team             TEXT,
    responsible_user TEXT,
    task_template    TEXT,
    document         TEXT NOT NULL,
    UNIQUE (task_id, position)
);
CREATE INDEX work_orders_by_requisition ON work_orders (requisition);
CREATE INDEX work_orders_by_customer ON work_orders (customer_key);

-- SP2. task_known = 0: no such task when it arrived (flagged, kept).
-- A redelivery of the same document counts in deliveries.
CREATE TABLE status_messages (
    id          INTEGER PRIMARY KEY,
    insurer_id  INTEGER NOT NULL REFERENCES insurers (id),
    task_guid   TEXT NOT NULL,
    type        TEXT NOT NULL,
    text        TEXT,
    document    TEXT NOT NULL,
    doc_hash    INTEGER NOT NULL,
    task_known  INTEGER NOT NULL,
    inbox_id    INTEGER NOT NULL REFERENCES inbox (id),
    received_at TEXT NOT NULL,
    deliveries  INTEGER NOT NULL
);
CREATE INDEX status_messages_by_task ON status_messages (insurer_id, task_guid);
CREATE INDEX status_messages_by_hash ON status_messages (doc_hash);

-- SP3, as status_messages.
CREATE TABLE text_messages (
    id           INTEGER PRIMARY KEY,
    insurer_id   INTEGER NOT NULL REFERENCES insurers (id),
    task_guid    TEXT NOT NULL,
    text_message TEXT NOT NULL,
    document     TEXT NOT NULL,
    doc_hash     INTEGER NOT NULL,
    task_known   INTEGER NOT NULL,
    inbox_id     INTEGER NOT NULL REFERENCES inbox (id),
    received_at  TEXT NOT NULL,
    deliveries   INTEGER NOT NULL
);
CREATE INDEX text_messages_by_task ON text_messages (insurer_id, task_guid);
CREATE INDEX text_messages_by_hash ON text_messages (doc_hash);
"#;

/// The outbox: every S1, S2 and S3 request the ERP sends, stored before the
/// first attempt and kept after the last.
///
/// `state`: `pending` (waiting for `due_at_ms`, or being sent: a claim moves
/// `due_at_ms` a lease ahead, so a sender that died mid-attempt is retried
/// when the lease runs out), `sent`, `refused` (Scalepoint refused it, or it
/// was invalid: never retried) or `dead` (retryable failures until the
/// attempts ran out). `refused` and `dead` are the dead letters.
/// `request` is the call's JSON without its document (S1's is `document`)
/// and files (rows of `outbox_files`). `task` is the task's GUID, lower-case, to show a message
/// with its task and to keep one task's messages in order.
const V2: &str = r#"
CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('feedback', 'status', 'message')),
    task         TEXT NOT NULL,
    base_url     TEXT NOT NULL,
    country      TEXT NOT NULL,
    security_token TEXT NOT NULL,
    request      TEXT NOT NULL,
    document     BLOB,
    state        TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'refused', 'dead')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    due_at_ms    INTEGER NOT NULL,
    last_outcome TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX outbox_due ON outbox (state, due_at_ms, id);
CREATE INDEX outbox_by_task ON outbox (task, state, id);

CREATE TABLE outbox_files (
    outbox_id    INTEGER NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    data         BLOB NOT NULL,
    PRIMARY KEY (outbox_id, position)
);
"#;

/// A task's JSON is a part of the document it was delivered in, which the
/// inbox keeps: a task stores where it is there (byte offset and length in
/// the document of `last_inbox_id`) instead of a second copy, a third less
/// written per SP1 request (BENCHMARKS.md, 2026-12-01 sixth session).
/// `document` keeps the JSON of the tasks stored before (for them the two
/// columns are NULL) and is empty for the rest.
const V3: &str = r#"
ALTER TABLE tasks ADD COLUMN document_start INTEGER;
ALTER TABLE tasks ADD COLUMN document_length INTEGER;
"#;

/// Three indexes of V1 that no query of this host reads: nothing searches
/// tasks by claim number or work orders by requisition or customer. Their
/// keys arrive in random order, so each SP1 request dirtied a page of each
/// that the commit wrote to the WAL and the checkpoint wrote again: SQLite's
/// writes per request halved without them (BENCHMARKS.md, 2026-12-02). A
/// search added later brings the index it needs.
const V4: &str = r#"
DROP INDEX IF EXISTS tasks_by_claim_number;
DROP INDEX IF EXISTS work_orders_by_requisition;
DROP INDEX IF EXISTS work_orders_by_customer;
"#;

/// The newest schema version this build knows.
pub fn latest() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

/// Applies every migration the database lacks, each in its own immediate
/// transaction (so two processes opening a new database do not both apply it).
pub fn migrate(conn: &mut Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY,
             name       TEXT NOT NULL,
             applied_at TEXT NOT NULL
         )",
    )?;
    for &(version, name, sql) in MIGRATIONS {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let applied: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = ?1)",
            [version],
            |row| row.get(0),
        )?;
        if !applied {
            tx.execute_batch(sql)
                .with_context(|| format!("apply migration {version} ({name})"))?;
            tx.execute(
                "INSERT INTO schema_migrations (version, name, applied_at)
                 VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                (version, name),
            )?;
        }
        tx.commit()?;
    }
    let newest: i64 = conn.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
        [],
        |row| row.get(0),
    )?;
    anyhow::ensure!(
        newest <= latest(),
        "the database has schema version {newest}, this build knows up to {}; use a newer host-demo",
        latest()
    );
    Ok(())
}
