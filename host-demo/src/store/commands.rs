//! `host-demo insurer add|list` and `host-demo tasks list`: the commands that
//! read and write the ERP's database directly, as an ERP's own screens do.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};

use super::model::{NewInsurer, OutboxView, TaskView, Unlinked};
use super::{OutboxFilter, DEFAULT_DB};
use crate::outbox::commands::{last_outcome, outbox_text};
use crate::output::{out, outln};

#[derive(Args)]
pub struct InsurerArgs {
    #[command(subcommand)]
    pub command: InsurerCommand,
}

#[derive(Subcommand)]
pub enum InsurerCommand {
    /// Add an insurance company with the security token Scalepoint gave for it.
    Add(InsurerAddArgs),
    /// List the insurance companies (tokens masked).
    List(DbArgs),
}

#[derive(Args)]
pub struct DbArgs {
    /// The ERP's SQLite database.
    #[arg(long, value_name = "PATH", default_value = DEFAULT_DB)]
    pub db: PathBuf,
}

/// Seed 000, "Setting up the integration" and "Setting up an insurance company".
#[derive(Args)]
pub struct InsurerAddArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The insurance company's name.
    #[arg(long)]
    pub name: String,
    /// The pre-shared GUID Scalepoint sends with every request (seed 002, Authentication).
    #[arg(long, value_name = "GUID")]
    pub security_token: String,
    #[arg(long, value_name = "A")]
    pub alias: Option<String>,
    #[arg(long, value_name = "S")]
    pub sub_alias: Option<String>,
    /// Team new work orders are assigned to.
    #[arg(long, value_name = "T")]
    pub default_team: Option<String>,
    /// Responsible user ("our reference") of new work orders.
    #[arg(long, value_name = "R")]
    pub responsible: Option<String>,
    /// CRM customer type of claimants created for this insurer.
    #[arg(long, value_name = "C")]
    pub customer_type: Option<String>,
    /// Task template of new work orders.
    #[arg(long, value_name = "NAME")]
    pub template: Option<String>,
}

#[derive(Args)]
pub struct TasksArgs {
    #[command(subcommand)]
    pub command: TasksCommand,
}

#[derive(Subcommand)]
pub enum TasksCommand {
    /// The tasks received, with their work orders, status history and messages.
    List(TasksListArgs),
}

#[derive(Args)]
pub struct TasksListArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// One JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn insurer(args: InsurerArgs) -> Result<i32> {
    match args.command {
        InsurerCommand::Add(add) => {
            let token = normalize_token(&add.security_token)?;
            let mut store = super::open(&add.db.db)?;
            let insurer = store.add_insurer(&NewInsurer {
                name: non_empty(add.name, "--name")?,
                security_token: token,
                alias: add.alias,
                sub_alias: add.sub_alias,
                default_team: add.default_team,
                responsible: add.responsible,
                customer_type: add.customer_type,
                template: add.template,
            })?;
            outln!("added insurer {} ({:?})", insurer.id, insurer.settings.name)?;
            Ok(0)
        }
        InsurerCommand::List(db) => {
            let insurers = open_existing(&db)?.insurers()?;
            let header = [
                "ID",
                "NAME",
                "TOKEN",
                "ALIAS",
                "SUB-ALIAS",
                "TEAM",
                "RESPONSIBLE",
                "CUSTOMER TYPE",
                "TEMPLATE",
            ];
            let rows = insurers.iter().map(|i| {
                let s = &i.settings;
                let opt = |v: &Option<String>| v.clone().unwrap_or_default();
                vec![
                    i.id.to_string(),
                    s.name.clone(),
                    mask_token(&s.security_token),
                    opt(&s.alias),
                    opt(&s.sub_alias),
                    opt(&s.default_team),
                    opt(&s.responsible),
                    opt(&s.customer_type),
                    opt(&s.template),
                ]
            });
            out!("{}", table(&header, rows.collect()))?;
            Ok(0)
        }
    }
}

pub fn tasks(args: TasksArgs) -> Result<i32> {
    let TasksCommand::List(list) = args.command;
    let mut store = open_existing(&list.db)?;
    let tasks = store.tasks(None)?;
    if list.json {
        outln!("{}", serde_json::to_string_pretty(&tasks)?)?;
    } else {
        let dead_letters = store.outbox(OutboxFilter::DeadLetters)?;
        out!("{}", tasks_text(&tasks, &store.unlinked()?, &dead_letters))?;
    }
    Ok(0)
}

/// The database a listing reads: it must exist (a typo in `--db` would
/// otherwise create an empty one and list nothing).
pub fn open_existing(db: &DbArgs) -> Result<Box<dyn super::Backend>> {
    anyhow::ensure!(
        db.db.exists(),
        "no database at {}; `host-demo insurer add --db {}` creates it",
        db.db.display(),
        db.db.display()
    );
    super::open(&db.db)
}

/// A security token as stored and compared: a GUID (seed 002: "a string in
/// the form of a GUID"), lower-case.
pub fn normalize_token(token: &str) -> Result<String> {
    let groups: Vec<&str> = token.split('-').collect();
    let shape_ok = groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()));
    anyhow::ensure!(
        shape_ok,
        "--security-token must be a GUID like 0829a953-5f85-4d41-a30c-a582101812f4"
    );
    Ok(token.to_ascii_lowercase())
}

fn non_empty(value: String, flag: &str) -> Result<String> {
    let trimmed = value.trim();
    (!trimmed.is_empty())
        .then(|| trimmed.to_string())
        .with_context(|| format!("{flag} must not be empty"))
}

/// Enough of a token to tell insurers apart, never the whole secret.
fn mask_token(token: &str) -> String {
    let tail: String = token
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("****-{tail}")
}

fn tasks_text(tasks: &[TaskView], unlinked: &[Unlinked], dead_letters: &[OutboxView]) -> String {
    let header = [
        "TASK",
        "INSURER",
        "CLAIM",
        "CLAIMANT",
        "RECEIVED",
        "DELIVERIES",
        "WORK ORDERS",
        "STATUSES",
        "MESSAGES",
        "SENT",
    ];
    let rows = tasks
        .iter()
        .map(|t| {
            vec![
                t.unique_id.clone(),
                t.insurer.clone(),
                t.claim_number.clone().unwrap_or_default(),
                t.claimant_name.clone().unwrap_or_default(),
                t.received_at.clone(),
                t.deliveries.to_string(),
                t.work_orders.len().to_string(),
                t.statuses.len().to_string(),
                t.messages.len().to_string(),
                sent_summary(&t.outbox),
            ]
        })
        .collect();
    let mut out = table(&header, rows);
    for t in tasks
        .iter()
        .filter(|t| !t.statuses.is_empty() || !t.messages.is_empty() || !t.outbox.is_empty())
    {
        out.push_str(&format!("\n{}\n", t.unique_id));
        for s in &t.statuses {
            let text = s
                .text
                .as_deref()
                .map(|x| format!(" {x:?}"))
                .unwrap_or_default();
            out.push_str(&format!("  {}  status   {}{text}\n", s.received_at, s.kind));
        }
        for m in &t.messages {
            out.push_str(&format!("  {}  message  {:?}\n", m.received_at, m.text));
        }
        for o in &t.outbox {
            out.push_str(&format!(
                "  {}  sent     {} #{} {} after {} attempt(s) {}\n",
                o.created_at,
                o.kind,
                o.id,
                o.state,
                o.attempts,
                last_outcome(o)
            ));
        }
    }
    if !unlinked.is_empty() {
        out.push_str("\nStatuses and messages for tasks this ERP does not have:\n");
        for u in unlinked {
            out.push_str(&format!(
                "  {}  {:<7}  {}  {}  {:?}\n",
                u.received_at, u.kind, u.insurer, u.task_guid, u.summary
            ));
        }
    }
    if !dead_letters.is_empty() {
        out.push_str(
            "\nDead letters: sent to Scalepoint and refused, or out of attempts \
             (`host-demo outbox retry ID` queues one again):\n",
        );
        out.push_str(&outbox_text(dead_letters));
    }
    out
}

/// The outbox of a task in one cell: `3 sent, 1 pending, 1 dead`.
fn sent_summary(outbox: &[OutboxView]) -> String {
    let count = |state: &str| outbox.iter().filter(|o| o.state == state).count();
    ["sent", "pending", "refused", "dead"]
        .into_iter()
        .filter_map(|state| match count(state) {
            0 => None,
            n => Some(format!("{n} {state}")),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Left-aligned columns, two spaces apart; cells lose their line breaks.
pub fn table(header: &[&str], rows: Vec<Vec<String>>) -> String {
    let clean = |cell: &str| cell.replace(['\n', '\r', '\t'], " ");
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|c| clean(c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        format!("{}\n", padded.join("  ").trim_end())
    };
    let mut out = line(header.to_vec());
    for row in &rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_must_be_guids_and_are_stored_lower_case() {
        assert_eq!(
            normalize_token("0829A953-5F85-4D41-A30C-A582101812F4").unwrap(),
            "0829a953-5f85-4d41-a30c-a582101812f4"
        );
        for bad in [
            "",
            "secret",
            "0829a953-5f85-4d41-a30c-a582101812f",
            "{0829a953-5f85-4d41-a30c-a582101812f4}",
        ] {
            assert!(normalize_token(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn listing_shows_only_the_end_of_a_token() {
        assert_eq!(
            mask_token("0829a953-5f85-4d41-a30c-a582101812f4"),
            "****-12f4"
        );
    }
}
