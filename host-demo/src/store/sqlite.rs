//! The embedded default backend: one SQLite file in WAL mode.
//!
//! Durability: `journal_mode=WAL` with `synchronous=FULL`. With WAL, NORMAL
//! already survives a crash of the process (a committed transaction is in
//! the WAL file, in the OS's cache), but not a power cut or a kernel crash:
//! the WAL is fsynced only at checkpoints. A 2xx tells Scalepoint to stop
//! redelivering, so a transaction lost after the reply is a task lost for
//! good; FULL fsyncs the WAL at every commit, before the server replies.
//! The price is one fsync per request, which an ERP's inbound rate affords.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};
use rusqlite::{params, Connection, ErrorCode, OptionalExtension, ToSql};

use super::model::*;
use super::write_tx::WriteTx;
use super::{migrations, sqlite_outbox};
use super::{Backend, OutboxFilter};

/// Statements kept prepared per connection: more than the writes and reads
/// of a request use.
const STATEMENT_CACHE: usize = 64;

pub struct SqliteBackend {
    conn: Connection,
}

impl SqliteBackend {
    /// Opens (creating if needed) and migrates the database at `path`.
    pub fn open(path: &Path) -> Result<Self> {
        let mut conn = Connection::open(path)
            .with_context(|| format!("open the database {}", path.display()))?;
        // Writers queue behind each other (one at a time in SQLite) instead
        // of failing at once.
        conn.busy_timeout(Duration::from_secs(10))?;
        // Every statement a write runs stays prepared (`execute` below).
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
        anyhow::ensure!(
            mode.eq_ignore_ascii_case("wal"),
            "the database {} cannot use WAL (journal mode {mode})",
            path.display()
        );
        conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
        migrations::migrate(&mut conn)
            .with_context(|| format!("migrate the database {}", path.display()))?;
        Ok(Self { conn })
    }

    /// Starts a write (a transaction, or a savepoint of a batch's).
    fn write(&mut self) -> Result<(WriteTx<'_>, String)> {
        let tx = WriteTx::begin(&self.conn)?;
        let now = now(&tx)?;
        Ok((tx, now))
    }
}

/// A status or message row: the columns both tables have, plus its own.
struct Linked<'a> {
    table: &'static str,
    task_guid: &'a str,
    document: &'a str,
    columns: &'a [(&'static str, &'a dyn ToSql)],
}

impl SqliteBackend {
    /// SP2 and SP3 alike: the delivery goes in the inbox; the document is
    /// stored once (a redelivery only counts), flagged when no task has its
    /// `taskGuid`.
    fn accept_linked(&mut self, delivery: &Delivery<'_>, row: Linked<'_>) -> Result<LinkReceipt> {
        let (tx, now) = self.write()?;
        let inbox_id = insert_inbox(&tx, &now, delivery, "accepted")?;
        let task_known = task_exists(&tx, delivery.insurer_id, row.task_guid)?;
        let redelivered = count_redelivery(&tx, row.table, delivery.insurer_id, row.document)?;
        if !redelivered {
            let hash = doc_hash(row.document);
            let mut names =
                "insurer_id, task_guid, document, doc_hash, task_known, inbox_id, received_at"
                    .to_string();
            let mut values: Vec<&dyn ToSql> = vec![
                &delivery.insurer_id,
                &row.task_guid,
                &row.document,
                &hash,
                &task_known,
                &inbox_id,
                &now,
            ];
            for &(name, value) in row.columns {
                names.push_str(", ");
                names.push_str(name);
                values.push(value);
            }
            let placeholders: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
            execute(
                &tx,
                &format!(
                    "INSERT INTO {} ({names}, deliveries) VALUES ({}, 1)",
                    row.table,
                    placeholders.join(", ")
                ),
                values.as_slice(),
            )?;
        }
        tx.commit()?;
        Ok(LinkReceipt {
            inbox_id,
            created: !redelivered,
            task_known,
        })
    }
}

/// Runs a statement through the connection's statement cache: the group
/// commit writer runs the same few statements for every request, and
/// parsing their SQL again each time was a tenth of its work.
fn execute(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> rusqlite::Result<usize> {
    conn.prepare_cached(sql)?.execute(params)
}

fn now(conn: &Connection) -> Result<String> {
    Ok(conn
        .prepare_cached("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')")?
        .query_row([], |row| row.get(0))?)
}

/// FNV-1a: a stable hash of a document, to find an earlier delivery of it
/// through an index (the document itself is then compared in full).
fn doc_hash(document: &str) -> i64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in document.as_bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash as i64
}

fn insert_inbox(tx: &Connection, now: &str, delivery: &Delivery<'_>, outcome: &str) -> Result<i64> {
    execute(
        tx,
        "INSERT INTO inbox (received_at, endpoint, insurer_id, outcome, document, report)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            now,
            delivery.endpoint.as_str(),
            delivery.insurer_id,
            outcome,
            delivery.document,
            delivery.report
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

fn task_exists(tx: &Connection, insurer_id: i64, task_guid: &str) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM tasks WHERE insurer_id = ?1 AND unique_id = ?2)",
        )?
        .query_row(params![insurer_id, task_guid], |row| row.get(0))?)
}

/// Counts a redelivery of a document already in `table`; false when it is new.
fn count_redelivery(tx: &Connection, table: &str, insurer_id: i64, document: &str) -> Result<bool> {
    let changed = execute(
        tx,
        &format!(
            "UPDATE {table} SET deliveries = deliveries + 1
             WHERE insurer_id = ?1 AND doc_hash = ?2 AND document = ?3"
        ),
        params![insurer_id, doc_hash(document), document],
    )?;
    Ok(changed > 0)
}

fn upsert_task(
    tx: &Connection,
    now: &str,
    insurer_id: i64,
    inbox_id: i64,
    task: &IncomingTask,
) -> Result<bool> {
    // Offsets into the inbox's copy of the delivery (migration 3).
    let start = i64::try_from(task.document.start)?;
    let length = i64::try_from(task.document.len())?;
    let existing: Option<i64> = tx
        .prepare_cached("SELECT id FROM tasks WHERE insurer_id = ?1 AND unique_id = ?2")?
        .query_row(params![insurer_id, task.unique_id], |row| row.get(0))
        .optional()?;
    let task_id = match existing {
        Some(id) => {
            execute(
                tx,
                "UPDATE tasks SET document = '', document_start = ?2, document_length = ?8,
                     claim_number = ?3, claimant_name = ?4, created_date = ?5,
                     last_inbox_id = ?6, updated_at = ?7, deliveries = deliveries + 1
                 WHERE id = ?1",
                params![
                    id,
                    start,
                    task.claim_number,
                    task.claimant_name,
                    task.created_date,
                    inbox_id,
                    now,
                    length
                ],
            )?;
            execute(tx, "DELETE FROM work_orders WHERE task_id = ?1", [id])?;
            id
        }
        None => {
            execute(
                tx,
                "INSERT INTO tasks (insurer_id, unique_id, document, document_start,
                     document_length, claim_number, claimant_name, created_date,
                     first_inbox_id, last_inbox_id, received_at, updated_at, deliveries)
                 VALUES (?1, ?2, '', ?3, ?9, ?4, ?5, ?6, ?7, ?7, ?8, ?8, 1)",
                params![
                    insurer_id,
                    task.unique_id,
                    start,
                    task.claim_number,
                    task.claimant_name,
                    task.created_date,
                    inbox_id,
                    now,
                    length
                ],
            )?;
            tx.last_insert_rowid()
        }
    };
    let mut insert = tx.prepare_cached(
        "INSERT INTO work_orders (task_id, position, heading, requisition, customer_key, team,
             responsible_user, task_template, document)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (position, order) in task.work_orders.iter().enumerate() {
        insert.execute(params![
            task_id,
            position as i64,
            order.heading,
            order.requisition,
            order.customer_key,
            order.team,
            order.responsible_user,
            order.task_template,
            order.document
        ])?;
    }
    Ok(existing.is_none())
}

/// Turns SQLite's UNIQUE violations on insurers into sentences.
fn insurer_conflict(error: rusqlite::Error, insurer: &NewInsurer) -> anyhow::Error {
    if let rusqlite::Error::SqliteFailure(e, Some(message)) = &error {
        if e.code == ErrorCode::ConstraintViolation {
            if message.contains("insurers.name") {
                return anyhow::anyhow!("an insurer named {:?} already exists", insurer.name);
            }
            if message.contains("insurers.security_token") {
                return anyhow::anyhow!("another insurer already has this security token");
            }
        }
    }
    error.into()
}

fn insurer_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Insurer> {
    Ok(Insurer {
        id: row.get(0)?,
        settings: NewInsurer {
            name: row.get(1)?,
            security_token: row.get(2)?,
            alias: row.get(3)?,
            sub_alias: row.get(4)?,
            default_team: row.get(5)?,
            responsible: row.get(6)?,
            customer_type: row.get(7)?,
            template: row.get(8)?,
        },
        created_at: row.get(9)?,
    })
}

impl Backend for SqliteBackend {
    fn add_insurer(&mut self, insurer: &NewInsurer) -> Result<Insurer> {
        let (tx, now) = self.write()?;
        execute(
            &tx,
            "INSERT INTO insurers (name, security_token, alias, sub_alias, default_team,
                 responsible, customer_type, template, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                insurer.name,
                insurer.security_token,
                insurer.alias,
                insurer.sub_alias,
                insurer.default_team,
                insurer.responsible,
                insurer.customer_type,
                insurer.template,
                now
            ],
        )
        .map_err(|e| insurer_conflict(e, insurer))?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(Insurer {
            id,
            settings: insurer.clone(),
            created_at: now,
        })
    }

    fn insurers(&mut self) -> Result<Vec<Insurer>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, security_token, alias, sub_alias, default_team, responsible,
                 customer_type, template, created_at
             FROM insurers ORDER BY id",
        )?;
        let rows = stmt.query_map([], insurer_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn reject(&mut self, delivery: &Delivery<'_>) -> Result<i64> {
        let (tx, now) = self.write()?;
        let id = insert_inbox(&tx, &now, delivery, "rejected")?;
        tx.commit()?;
        Ok(id)
    }

    fn accept_tasks(
        &mut self,
        delivery: &Delivery<'_>,
        tasks: &[IncomingTask],
    ) -> Result<TasksReceipt> {
        let (tx, now) = self.write()?;
        let mut receipt = TasksReceipt {
            inbox_id: insert_inbox(&tx, &now, delivery, "accepted")?,
            ..TasksReceipt::default()
        };
        for task in tasks {
            // Only a part of this delivery can be read back as the task.
            anyhow::ensure!(
                delivery.document.get(task.document.clone()).is_some(),
                "task {}: bytes {:?} are not in the {}-byte document",
                task.unique_id,
                task.document,
                delivery.document.len()
            );
            if upsert_task(&tx, &now, delivery.insurer_id, receipt.inbox_id, task)? {
                receipt.created += 1;
            } else {
                receipt.updated += 1;
            }
        }
        tx.commit()?;
        Ok(receipt)
    }

    fn accept_status(
        &mut self,
        delivery: &Delivery<'_>,
        status: &IncomingStatus,
    ) -> Result<LinkReceipt> {
        self.accept_linked(
            delivery,
            Linked {
                table: "status_messages",
                task_guid: &status.task_guid,
                document: &status.document,
                columns: &[("type", &status.kind), ("text", &status.text)],
            },
        )
    }

    fn accept_message(
        &mut self,
        delivery: &Delivery<'_>,
        message: &IncomingMessage,
    ) -> Result<LinkReceipt> {
        self.accept_linked(
            delivery,
            Linked {
                table: "text_messages",
                task_guid: &message.task_guid,
                document: &message.document,
                columns: &[("text_message", &message.text)],
            },
        )
    }

    fn tasks(&mut self, limit: Option<u32>) -> Result<Vec<TaskView>> {
        // One read transaction: a consistent snapshot while the server writes.
        let tx = self.conn.transaction()?;
        let mut tasks = Vec::new();
        {
            let mut stmt = tx.prepare_cached(
                "SELECT t.id, t.insurer_id, t.unique_id, i.name, t.claim_number,
                     t.claimant_name, t.created_date, t.received_at, t.updated_at,
                     t.deliveries,
                     CASE WHEN t.document_start IS NULL THEN t.document
                          ELSE CAST(substr(b.document, t.document_start + 1, t.document_length)
                                    AS TEXT) END
                 FROM tasks t JOIN insurers i ON i.id = t.insurer_id
                      JOIN inbox b ON b.id = t.last_inbox_id
                 ORDER BY t.received_at DESC, t.id DESC LIMIT ?1",
            )?;
            // SQLite reads a negative LIMIT as no limit.
            let mut rows = stmt.query([limit.map_or(-1, i64::from)])?;
            while let Some(row) = rows.next()? {
                let (id, insurer_id, unique_id): (i64, i64, String) =
                    (row.get(0)?, row.get(1)?, row.get(2)?);
                tasks.push(TaskView {
                    work_orders: work_orders_of(&tx, id)?,
                    statuses: statuses_of(&tx, insurer_id, &unique_id)?,
                    messages: messages_of(&tx, insurer_id, &unique_id)?,
                    outbox: sqlite_outbox::of_task(&tx, &unique_id)?,
                    unique_id,
                    insurer: row.get(3)?,
                    claim_number: row.get(4)?,
                    claimant_name: row.get(5)?,
                    created_date: row.get(6)?,
                    received_at: row.get(7)?,
                    updated_at: row.get(8)?,
                    deliveries: row.get(9)?,
                    task: json_or_text(row.get(10)?),
                });
            }
        }
        tx.commit()?;
        Ok(tasks)
    }

    fn unlinked(&mut self) -> Result<Vec<Unlinked>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT 'status', i.name, s.task_guid, s.type, s.received_at
             FROM status_messages s JOIN insurers i ON i.id = s.insurer_id
             WHERE NOT EXISTS (SELECT 1 FROM tasks t
                               WHERE t.insurer_id = s.insurer_id AND t.unique_id = s.task_guid)
             UNION ALL
             SELECT 'message', i.name, m.task_guid, m.text_message, m.received_at
             FROM text_messages m JOIN insurers i ON i.id = m.insurer_id
             WHERE NOT EXISTS (SELECT 1 FROM tasks t
                               WHERE t.insurer_id = m.insurer_id AND t.unique_id = m.task_guid)
             ORDER BY 5 DESC",
        )?;
        let rows = stmt.query_map([], |row| {
            let kind: String = row.get(0)?;
            Ok(Unlinked {
                kind: if kind == "status" {
                    "status"
                } else {
                    "message"
                },
                insurer: row.get(1)?,
                task_guid: row.get(2)?,
                summary: row.get(3)?,
                received_at: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn rejected(&mut self, limit: u32) -> Result<Vec<RejectedView>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT b.id, b.endpoint, i.name, b.received_at, b.report, b.document
             FROM inbox b JOIN insurers i ON i.id = b.insurer_id
             WHERE b.outcome = 'rejected'
             ORDER BY b.id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |row| {
            let document: Vec<u8> = row.get(5)?;
            Ok(RejectedView {
                inbox_id: row.get(0)?,
                endpoint: row.get(1)?,
                insurer: row.get(2)?,
                received_at: row.get(3)?,
                report: json_or_text(row.get(4)?),
                document: String::from_utf8_lossy(&document).into_owned(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn begin_batch(&mut self) -> Result<()> {
        anyhow::ensure!(self.conn.is_autocommit(), "a batch is open already");
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(())
    }

    fn commit_batch(&mut self) -> Result<()> {
        if let Err(e) = self.conn.execute_batch("COMMIT") {
            let _ = self.conn.execute_batch("ROLLBACK");
            return Err(e.into());
        }
        Ok(())
    }

    fn enqueue(&mut self, outbound: &Outbound) -> Result<i64> {
        sqlite_outbox::enqueue(&self.conn, outbound)
    }

    fn claim_due(
        &mut self,
        now_ms: i64,
        lease_ms: i64,
        limit: u32,
    ) -> Result<Vec<ClaimedOutbound>> {
        sqlite_outbox::claim_due(&self.conn, now_ms, lease_ms, limit)
    }

    fn record_attempt(&mut self, id: i64, result: &AttemptResult) -> Result<()> {
        sqlite_outbox::record_attempt(&self.conn, id, result)
    }

    fn next_due(&mut self) -> Result<Option<i64>> {
        sqlite_outbox::next_due(&self.conn)
    }

    fn outbox(&mut self, filter: OutboxFilter) -> Result<Vec<OutboxView>> {
        sqlite_outbox::list(&self.conn, filter)
    }

    fn sent_feedback(&mut self, task: &str) -> Result<Vec<Vec<u8>>> {
        sqlite_outbox::sent_feedback(&self.conn, task)
    }

    fn requeue(&mut self, id: i64) -> Result<bool> {
        sqlite_outbox::requeue(&self.conn, id)
    }
}

fn work_orders_of(tx: &Connection, task_id: i64) -> Result<Vec<serde_json::Value>> {
    let mut stmt =
        tx.prepare_cached("SELECT document FROM work_orders WHERE task_id = ?1 ORDER BY position")?;
    let rows = stmt.query_map([task_id], |row| row.get::<_, String>(0))?;
    Ok(rows
        .map(|r| r.map(json_or_text))
        .collect::<rusqlite::Result<_>>()?)
}

fn statuses_of(tx: &Connection, insurer_id: i64, guid: &str) -> Result<Vec<StatusView>> {
    let mut stmt = tx.prepare_cached(
        "SELECT type, text, received_at, deliveries, task_known, document
         FROM status_messages WHERE insurer_id = ?1 AND task_guid = ?2
         ORDER BY received_at, id",
    )?;
    let rows = stmt.query_map(params![insurer_id, guid], |row| {
        Ok(StatusView {
            kind: row.get(0)?,
            text: row.get(1)?,
            received_at: row.get(2)?,
            deliveries: row.get(3)?,
            task_known_on_arrival: row.get(4)?,
            document: json_or_text(row.get(5)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn messages_of(tx: &Connection, insurer_id: i64, guid: &str) -> Result<Vec<MessageView>> {
    let mut stmt = tx.prepare_cached(
        "SELECT text_message, received_at, deliveries, task_known, document
         FROM text_messages WHERE insurer_id = ?1 AND task_guid = ?2
         ORDER BY received_at, id",
    )?;
    let rows = stmt.query_map(params![insurer_id, guid], |row| {
        Ok(MessageView {
            text: row.get(0)?,
            received_at: row.get(1)?,
            deliveries: row.get(2)?,
            task_known_on_arrival: row.get(3)?,
            document: json_or_text(row.get(4)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::{new_insurer, temp_database};

    fn temp_db(name: &str) -> std::path::PathBuf {
        temp_database(&format!("store-{name}")).path
    }

    #[test]
    fn migrations_apply_once_and_record_their_version() {
        let path = temp_db("migrate");
        drop(SqliteBackend::open(&path).unwrap());
        let backend = SqliteBackend::open(&path).unwrap();
        let versions: Vec<i64> = backend
            .conn
            .prepare("SELECT version FROM schema_migrations")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(versions, (1..=migrations::latest()).collect::<Vec<_>>());
        let sync: i64 = backend
            .conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        assert_eq!(sync, 2, "synchronous=FULL");
        // Migration 4 dropped what V1 created and nothing reads; the index
        // the task upsert needs is still there.
        let indexes: Vec<String> = backend
            .conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'index'
                 AND tbl_name IN ('tasks', 'work_orders') ORDER BY name",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            indexes,
            ["sqlite_autoindex_tasks_1", "sqlite_autoindex_work_orders_1"]
        );
    }

    #[test]
    fn a_second_insurer_with_the_same_token_is_refused() {
        let mut backend = SqliteBackend::open(&temp_db("insurers")).unwrap();
        let first = new_insurer("Zurich", "0829a953-5f85-4d41-a30c-a582101812f4");
        backend.add_insurer(&first).unwrap();
        let second = NewInsurer {
            name: "Other".into(),
            ..first.clone()
        };
        let error = backend.add_insurer(&second).unwrap_err().to_string();
        assert!(error.contains("security token"), "{error}");
        let same_name = NewInsurer {
            security_token: "9a4da5d2-ec13-4d10-9949-0461c7ad15c6".into(),
            ..first.clone()
        };
        let error = backend.add_insurer(&same_name).unwrap_err().to_string();
        assert!(error.contains("already exists"), "{error}");
        assert_eq!(backend.insurers().unwrap().len(), 1);
    }

    #[test]
    fn a_task_is_read_from_its_delivery_and_one_stored_before_from_its_own_copy() {
        let mut backend = SqliteBackend::open(&temp_db("task-document")).unwrap();
        let insurer = backend
            .add_insurer(&new_insurer(
                "Zurich",
                "0829a953-5f85-4d41-a30c-a582101812f4",
            ))
            .unwrap();
        let document = r#"{"serviceTasks": [{"uniqueId": "a", "x": [1, 2]}, {"uniqueId": "b"}]}"#;
        let incoming = |id: &str, json: &str| {
            let start = document.find(json).unwrap();
            IncomingTask {
                unique_id: id.into(),
                document: start..start + json.len(),
                claim_number: None,
                claimant_name: None,
                created_date: None,
                work_orders: Vec::new(),
            }
        };
        let tasks = [
            incoming("a", r#"{"uniqueId": "a", "x": [1, 2]}"#),
            incoming("b", r#"{"uniqueId": "b"}"#),
        ];
        let delivery = Delivery {
            endpoint: Endpoint::Tasks,
            insurer_id: insurer.id,
            document: document.as_bytes(),
            report: "{}",
        };
        let outside = IncomingTask {
            document: 10..document.len() + 1,
            ..incoming("c", r#"{"uniqueId": "b"}"#)
        };
        let error = backend.accept_tasks(&delivery, &[outside]).unwrap_err();
        assert!(error.to_string().contains("not in the"), "{error}");
        backend.accept_tasks(&delivery, &tasks).unwrap();
        let read = |backend: &mut SqliteBackend| {
            let mut tasks = backend.tasks(None).unwrap();
            tasks.sort_by(|a, b| a.unique_id.cmp(&b.unique_id));
            tasks.into_iter().map(|t| t.task).collect::<Vec<_>>()
        };
        assert_eq!(
            read(&mut backend),
            [
                serde_json::json!({"uniqueId": "a", "x": [1, 2]}),
                serde_json::json!({"uniqueId": "b"})
            ]
        );
        // A row written before migration 3 has its JSON and no offsets.
        backend
            .conn
            .execute(
                r#"UPDATE tasks SET document = '{"old": true}', document_start = NULL,
                       document_length = NULL WHERE unique_id = 'b'"#,
                [],
            )
            .unwrap();
        assert_eq!(read(&mut backend)[1], serde_json::json!({"old": true}));
    }
}
