//! The ERP's database: insurers and their settings, the inbox of every
//! document Scalepoint posted, tasks, work orders, status messages and
//! free-text messages.
//!
//! Everything goes through [`Backend`], so a Postgres backend can join
//! SQLite (the embedded default, [`sqlite`]) without touching the server.
//! Every `accept_*`/`reject` call is one transaction, committed to disk
//! before it returns (or, in a batch, one savepoint of the batch's
//! transaction, on disk once the batch is committed): the server replies
//! 2xx only after that.

pub mod commands;
pub mod group_commit;
mod migrations;
pub mod model;
pub mod sqlite;
mod sqlite_outbox;
#[cfg(test)]
pub(crate) mod testing;
mod write_tx;

use std::path::{Path, PathBuf};

use anyhow::Result;

pub use model::*;

/// One connection to the database. Not shared between threads: each server
/// worker opens its own through a [`Connector`].
pub trait Backend: Send {
    /// Adds an insurer; its name and security token must be new.
    fn add_insurer(&mut self, insurer: &NewInsurer) -> Result<Insurer>;
    /// Every insurer, in the order they were added.
    fn insurers(&mut self) -> Result<Vec<Insurer>>;

    /// Keeps a document that failed validation in the inbox (never a work
    /// order); returns its inbox id.
    fn reject(&mut self, delivery: &Delivery<'_>) -> Result<i64>;
    /// Stores a valid task document: the delivery in the inbox, each service
    /// task inserted, or updated in place when its `uniqueId` is known, with
    /// its work orders replaced.
    fn accept_tasks(
        &mut self,
        delivery: &Delivery<'_>,
        tasks: &[IncomingTask],
    ) -> Result<TasksReceipt>;
    /// Stores a valid status message (SP2), linked to its task by `taskGuid`.
    fn accept_status(
        &mut self,
        delivery: &Delivery<'_>,
        status: &IncomingStatus,
    ) -> Result<LinkReceipt>;
    /// Stores a valid free-text message (SP3), linked to its task by `taskGuid`.
    fn accept_message(
        &mut self,
        delivery: &Delivery<'_>,
        message: &IncomingMessage,
    ) -> Result<LinkReceipt>;

    /// The newest `limit` tasks (all with `None`), newest first, with their
    /// work orders, statuses and messages.
    fn tasks(&mut self, limit: Option<u32>) -> Result<Vec<TaskView>>;
    /// Statuses and messages whose task is (still) unknown.
    fn unlinked(&mut self) -> Result<Vec<Unlinked>>;
    /// The newest `limit` rejected documents.
    fn rejected(&mut self, limit: u32) -> Result<Vec<RejectedView>>;

    /// Group commit: the writes until [`Backend::commit_batch`] become one
    /// transaction, committed (to disk) at once; each write is still undone
    /// alone when it fails. Nothing is durable before `commit_batch`.
    fn begin_batch(&mut self) -> Result<()>;
    /// Commits the batch; on failure none of its writes are kept.
    fn commit_batch(&mut self) -> Result<()>;

    /// Stores an outbound request, pending and due now, in one transaction
    /// with its files; returns its outbox id. Nothing is sent before this.
    fn enqueue(&mut self, outbound: &Outbound) -> Result<i64>;
    /// Claims up to `limit` pending entries due at `now_ms` (Unix ms), the
    /// oldest first and never one behind an earlier pending entry of the
    /// same task: each counts an attempt and is moved `lease_ms` ahead, so
    /// an entry whose sender died is tried again when its lease runs out.
    fn claim_due(&mut self, now_ms: i64, lease_ms: i64, limit: u32)
        -> Result<Vec<ClaimedOutbound>>;
    /// Records what the attempt on a claimed entry gave.
    fn record_attempt(&mut self, id: i64, result: &AttemptResult) -> Result<()>;
    /// When the next pending entry is due (Unix ms), if any.
    fn next_due(&mut self) -> Result<Option<i64>>;
    /// Outbox entries, newest first.
    fn outbox(&mut self, filter: OutboxFilter) -> Result<Vec<OutboxView>>;
    /// The documents of the S1 feedback entries for `task` (its key, as in
    /// [`Outbound::task`]) that Scalepoint accepted, oldest first.
    fn sent_feedback(&mut self, task: &str) -> Result<Vec<Vec<u8>>>;
    /// Puts a dead letter back in the queue, due now, with no attempts
    /// counted; false when `id` is not a dead letter.
    fn requeue(&mut self, id: i64) -> Result<bool>;
}

/// Which outbox entries to list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutboxFilter {
    All,
    Pending,
    /// Refused or out of attempts.
    DeadLetters,
}

/// Opens connections to one database; shared by the server's workers.
pub trait Connector: Send + Sync {
    fn connect(&self) -> Result<Box<dyn Backend>>;
}

/// The SQLite database at a path (created, and migrated, on first use).
pub struct SqliteConnector {
    pub path: PathBuf,
}

impl Connector for SqliteConnector {
    fn connect(&self) -> Result<Box<dyn Backend>> {
        Ok(Box::new(sqlite::SqliteBackend::open(&self.path)?))
    }
}

/// Opens the SQLite database at `path`, creating and migrating it as needed.
pub fn open(path: &Path) -> Result<Box<dyn Backend>> {
    SqliteConnector {
        path: path.to_path_buf(),
    }
    .connect()
}

/// Unix milliseconds: the outbox's clock (`due_at_ms`).
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The default database of the commands: `./scalepoint.db`.
pub const DEFAULT_DB: &str = "scalepoint.db";
