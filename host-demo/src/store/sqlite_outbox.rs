//! The outbox's SQL (table `outbox`, migration 2), for [`super::sqlite`].
//! Each function is one transaction, committed (and, with
//! `synchronous=FULL`, on disk) before it returns.

use anyhow::{Context, Result};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::model::*;
use super::write_tx::WriteTx;
use super::{now_ms, OutboxFilter};

const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

pub fn enqueue(conn: &Connection, outbound: &Outbound) -> Result<i64> {
    let tx = WriteTx::begin(conn)?;
    let d = &outbound.destination;
    tx.execute(
        &format!(
            "INSERT INTO outbox (kind, task, base_url, country, security_token, request,
                 document, state, attempts, due_at_ms, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending', 0, ?8, {NOW}, {NOW})"
        ),
        params![
            outbound.call.kind(),
            outbound.task,
            d.base_url,
            d.country,
            d.security_token,
            serde_json::to_string(&outbound.call)?,
            outbound.call.document(),
            now_ms(),
        ],
    )?;
    let id = tx.last_insert_rowid();
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO outbox_files (outbox_id, position, name, content_type, data)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (position, file) in outbound.files.iter().enumerate() {
            insert.execute(params![
                id,
                position as i64,
                file.name,
                file.content_type,
                file.data
            ])?;
        }
    }
    tx.commit()?;
    Ok(id)
}

pub fn claim_due(
    conn: &Connection,
    now_ms: i64,
    lease_ms: i64,
    limit: u32,
) -> Result<Vec<ClaimedOutbound>> {
    let tx = WriteTx::begin(conn)?;
    let ids: Vec<i64> = {
        let mut due = tx.prepare_cached(
            "SELECT o.id FROM outbox o
             WHERE o.state = 'pending' AND o.due_at_ms <= ?1
               AND NOT EXISTS (SELECT 1 FROM outbox e
                               WHERE e.task = o.task AND e.state = 'pending' AND e.id < o.id)
             ORDER BY o.due_at_ms, o.id LIMIT ?2",
        )?;
        let rows = due.query_map(params![now_ms, limit], |row| row.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut claimed = Vec::with_capacity(ids.len());
    for id in ids {
        tx.execute(
            &format!(
                "UPDATE outbox SET attempts = attempts + 1, due_at_ms = ?2, updated_at = {NOW}
                 WHERE id = ?1"
            ),
            params![id, now_ms.saturating_add(lease_ms)],
        )?;
        claimed.push(load(&tx, id)?);
    }
    tx.commit()?;
    Ok(claimed)
}

/// One entry with its files, to send.
fn load(conn: &Connection, id: i64) -> Result<ClaimedOutbound> {
    let (attempts, task, destination, request, document) = conn.query_row(
        "SELECT attempts, task, base_url, country, security_token, request, document
         FROM outbox WHERE id = ?1",
        [id],
        |r| {
            let destination = Destination {
                base_url: r.get(2)?,
                country: r.get(3)?,
                security_token: r.get(4)?,
            };
            let document: Option<Vec<u8>> = r.get(6)?;
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                destination,
                r.get::<_, String>(5)?,
                document,
            ))
        },
    )?;
    let mut call: OutboundCall = serde_json::from_str(&request)
        .with_context(|| format!("outbox entry {id} holds a request this build cannot read"))?;
    if let Some(document) = document {
        call.set_document(document);
    }
    let mut files = conn.prepare_cached(
        "SELECT name, content_type, data FROM outbox_files WHERE outbox_id = ?1 ORDER BY position",
    )?;
    let files = files
        .query_map([id], |r| {
            Ok(OutboundFile {
                name: r.get(0)?,
                content_type: r.get(1)?,
                data: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ClaimedOutbound {
        id,
        attempts,
        outbound: Outbound {
            destination,
            call,
            files,
            task,
        },
    })
}

pub fn record_attempt(conn: &Connection, id: i64, result: &AttemptResult) -> Result<()> {
    let (state, outcome, due_at_ms) = match result {
        AttemptResult::Sent { outcome } => ("sent", outcome, None),
        AttemptResult::Refused { outcome } => ("refused", outcome, None),
        AttemptResult::Retry { outcome, due_at_ms } => ("pending", outcome, Some(*due_at_ms)),
        AttemptResult::GaveUp { outcome } => ("dead", outcome, None),
    };
    let changed = conn.execute(
        &format!(
            "UPDATE outbox SET state = ?2, last_outcome = ?3,
                 due_at_ms = COALESCE(?4, due_at_ms), updated_at = {NOW}
             WHERE id = ?1 AND state = 'pending'"
        ),
        params![id, state, outcome.to_string(), due_at_ms],
    )?;
    anyhow::ensure!(changed == 1, "outbox entry {id} is not pending");
    Ok(())
}

pub fn next_due(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT MIN(due_at_ms) FROM outbox WHERE state = 'pending'",
            [],
            |r| r.get::<_, Option<i64>>(0),
        )
        .optional()?
        .flatten())
}

pub fn list(conn: &Connection, filter: OutboxFilter) -> Result<Vec<OutboxView>> {
    let condition = match filter {
        OutboxFilter::All => "1",
        OutboxFilter::Pending => "state = 'pending'",
        OutboxFilter::DeadLetters => "state IN ('refused', 'dead')",
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM outbox WHERE {condition} ORDER BY id DESC"
    ))?;
    let rows = stmt.query_map([], view)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The entries about one task, in the order they were queued.
pub fn of_task(conn: &Connection, task: &str) -> Result<Vec<OutboxView>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM outbox WHERE task = ?1 ORDER BY id"
    ))?;
    let rows = stmt.query_map([task], view)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn sent_feedback(conn: &Connection, task: &str) -> Result<Vec<Vec<u8>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT document FROM outbox
         WHERE task = ?1 AND state = 'sent' AND kind = 'feedback' AND document IS NOT NULL
         ORDER BY id",
    )?;
    let rows = stmt.query_map([task], |row| row.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn requeue(conn: &Connection, id: i64) -> Result<bool> {
    let changed = conn.execute(
        &format!(
            "UPDATE outbox SET state = 'pending', attempts = 0, due_at_ms = ?2, updated_at = {NOW}
             WHERE id = ?1 AND state IN ('refused', 'dead')"
        ),
        params![id, now_ms()],
    )?;
    Ok(changed == 1)
}

const COLUMNS: &str = "id, kind, task, state, attempts, created_at, updated_at,
    CASE WHEN state = 'pending'
         THEN strftime('%Y-%m-%dT%H:%M:%fZ', due_at_ms / 1000.0, 'unixepoch') END,
    last_outcome";

fn view(row: &Row<'_>) -> rusqlite::Result<OutboxView> {
    Ok(OutboxView {
        id: row.get(0)?,
        kind: row.get(1)?,
        task: row.get(2)?,
        state: row.get(3)?,
        attempts: row.get(4)?,
        created_at: row.get(5)?,
        updated_at: row.get(6)?,
        next_attempt_at: row.get(7)?,
        last_outcome: row.get::<_, Option<String>>(8)?.map(json_or_text),
    })
}
