//! `host-demo outbox add|list|retry`: the ERP's screens for what it sends.
//! `add` queues into the database that `host-demo serve --db` sends from.
//!
//! Exit status of `add`: 0 queued; 1 invalid (the component's report is
//! printed, nothing queued); 2 usage or I/O error.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::{bail, Result};
use clap::{Args, Subcommand};
use serde_json::json;

use crate::output::{errln, out, outln};
use crate::report::report_json;
use crate::runtime::exports::scalepoint::integration::service_partner as sp;
use crate::runtime::http_client::{Request, Response, TransportError};
use crate::runtime::{ComponentHost, HostImports, HttpTransport};
use crate::send::SendCommand;
use crate::store::commands::{open_existing, DbArgs};
use crate::store::{Backend, Outbound, OutboxFilter, OutboxView, DEFAULT_DB};

#[derive(Args)]
pub struct OutboxArgs {
    #[command(subcommand)]
    pub command: OutboxCommand,
}

#[derive(Subcommand)]
pub enum OutboxCommand {
    /// Queue S1 feedback, an S2 status or an S3 message for `host-demo serve` to send; it is validated first and never queued invalid.
    Add {
        /// The ERP's SQLite database (created if missing).
        #[arg(long, global = true, value_name = "PATH", default_value = DEFAULT_DB)]
        db: PathBuf,
        #[command(subcommand)]
        request: SendCommand,
    },
    /// What was queued, newest first, with its state and last outcome.
    List(OutboxListArgs),
    /// Queue a dead letter again, its attempts reset.
    Retry {
        #[command(flatten)]
        db: DbArgs,
        /// The outbox id (`outbox list` shows it).
        id: i64,
    },
}

#[derive(Args)]
pub struct OutboxListArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Only the dead letters (refused, or out of attempts).
    #[arg(long, conflicts_with = "pending")]
    pub dead_letters: bool,
    /// Only what is still to be sent.
    #[arg(long)]
    pub pending: bool,
    /// One JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(host: impl FnOnce() -> Result<ComponentHost>, args: OutboxArgs) -> Result<i32> {
    match args.command {
        OutboxCommand::Add { db, request } => {
            let outbound = request.outbound()?;
            let mut store = crate::store::open(&db)?;
            if let Some(report) = refusal(&host()?, store.as_mut(), &outbound)? {
                let refused = json!({"outcome": "invalid", "queued": false, "report": report});
                outln!("{}", serde_json::to_string_pretty(&refused)?)?;
                return Ok(1);
            }
            let id = store.enqueue(&outbound)?;
            outln!(
                "{}",
                serde_json::to_string_pretty(&json!({"outcome": "queued", "id": id}))?
            )?;
            errln!(
                "queued as outbox #{id}; `host-demo serve --db {}` sends it",
                db.display()
            );
            Ok(0)
        }
        OutboxCommand::List(list) => {
            let filter = if list.dead_letters {
                OutboxFilter::DeadLetters
            } else if list.pending {
                OutboxFilter::Pending
            } else {
                OutboxFilter::All
            };
            let entries = open_existing(&list.db)?.outbox(filter)?;
            if list.json {
                outln!("{}", serde_json::to_string_pretty(&entries)?)?;
            } else {
                out!("{}", outbox_text(&entries))?;
            }
            Ok(0)
        }
        OutboxCommand::Retry { db, id } => {
            let mut store: Box<dyn Backend> = open_existing(&db)?;
            if !store.requeue(id)? {
                bail!("outbox #{id} is not a dead letter");
            }
            outln!("outbox #{id} queued again")?;
            Ok(0)
        }
    }
}

/// Why the component would refuse to send `outbound`, found by running its
/// `send-*` export against a transport that sends nothing: the same checks,
/// in the same code, as the real attempt (with what `store`'s outbox has
/// delivered for its task). `None`: it would be sent.
pub fn refusal(
    host: &ComponentHost,
    store: &mut dyn Backend,
    outbound: &Outbound,
) -> Result<Option<serde_json::Value>> {
    let dry_run = Arc::new(DryRun::default());
    let imports = HostImports {
        http: Some(dry_run.clone()),
        ..HostImports::default()
    };
    let history = super::history::previously_sent(store, outbound)?;
    let result = crate::send::call(host, imports, outbound, history)?;
    if dry_run.reached() {
        return Ok(None);
    }
    match result {
        Err(sp::SendError::Invalid(report)) => Ok(Some(report_json(&report))),
        Err(sp::SendError::InvalidOption(o)) => bail!("--{}: {}", o.name, o.message),
        other => bail!("the component neither sent nor refused the request: {other:?}"),
    }
}

/// A transport that notes it was reached and sends nothing.
#[derive(Default)]
struct DryRun {
    reached: Mutex<bool>,
}

impl DryRun {
    fn reached(&self) -> bool {
        *self.reached.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl HttpTransport for DryRun {
    fn send(&self, _request: Request) -> Result<Response, TransportError> {
        *self.reached.lock().unwrap_or_else(PoisonError::into_inner) = true;
        Err(TransportError::Other("dry run: not sent".into()))
    }
}

/// The table of `outbox list`, also the dead-letter part of `tasks list`.
pub fn outbox_text(entries: &[OutboxView]) -> String {
    let header = [
        "ID", "KIND", "TASK", "STATE", "ATTEMPTS", "QUEUED", "NEXT", "LAST",
    ];
    let rows = entries
        .iter()
        .map(|e| {
            vec![
                e.id.to_string(),
                e.kind.clone(),
                e.task.clone(),
                e.state.clone(),
                e.attempts.to_string(),
                e.created_at.clone(),
                e.next_attempt_at.clone().unwrap_or_default(),
                last_outcome(e),
            ]
        })
        .collect();
    crate::store::commands::table(&header, rows)
}

/// The last outcome in a few words: `rejected 400: message`.
pub fn last_outcome(entry: &OutboxView) -> String {
    let Some(outcome) = &entry.last_outcome else {
        return String::new();
    };
    let field = |name: &str| {
        outcome
            .get(name)
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
    };
    [
        field("outcome"),
        field("status"),
        field("message").or_else(|| field("error")),
    ]
    .into_iter()
    .flatten()
    .filter(|s| s != "null")
    .collect::<Vec<_>>()
    .join(" ")
}
