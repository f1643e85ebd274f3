//! What Scalepoint posts (seed 002): SP1 tasks, SP2 status messages, SP3
//! free-text messages. Each is a form with `securityToken` and `jsonString`;
//! the document is validated in the component, then stored, and only then
//! answered. Storing is a [`Write`] handed back to the server, which runs
//! it in the next group commit and answers once that is on disk.

use std::ops::Range;

use anyhow::{Context, Result};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{json, Value};

use super::form::Form;
use super::insurers::Insurers;
use super::reply::Reply;
use super::work_orders::{self, Mapped, TaskFields};
use crate::report::report_json;
use crate::runtime::{wit, ComponentHost};
use crate::store::{
    Backend, Delivery, Endpoint, IncomingMessage, IncomingStatus, IncomingTask, Insurer,
    LinkReceipt, OwnedDelivery,
};

/// What the log says about a request: never the token, never the document.
pub type Note = String;

/// A request's store: run on the database writer inside a transaction;
/// the reply it makes is sent only once that transaction is committed.
pub type Write = Box<dyn FnOnce(&mut dyn Backend) -> Result<(Reply, Note)> + Send>;

/// What the checks and the component made of a request.
pub enum Handled {
    /// Answered without storing anything (refused, malformed, a page).
    Now(Reply, Note),
    /// To be stored first.
    Write(Write),
}

impl Handled {
    fn write(
        write: impl FnOnce(&mut dyn Backend) -> Result<(Reply, Note)> + Send + 'static,
    ) -> Self {
        Handled::Write(Box::new(write))
    }
}

/// Where `part`, a slice borrowed from `whole`, lies in it (byte offsets);
/// `None` when it does not lie inside. Within bounds the range is `part`'s
/// own memory, so its bytes need no comparing.
fn part_of(whole: &[u8], part: &str) -> Option<Range<usize>> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    let range = start..start.checked_add(part.len())?;
    whole.get(range.clone())?;
    Some(range)
}

/// Handles one POST to `endpoint` whose body is `form`. `store` is read
/// (the insurers, when `insurers` has to), never written: the writes are in
/// what it returns.
pub fn receive(
    host: &ComponentHost,
    store: &mut dyn Backend,
    insurers: &Insurers,
    endpoint: Endpoint,
    form: &Form,
) -> Result<Handled> {
    let token = match form.single("securityToken") {
        Ok(token) => token,
        Err(e) => {
            return Ok(Handled::Now(
                Reply::failure(400, &e),
                "malformed form".into(),
            ))
        }
    };
    let insurer = match token {
        Some(token) => insurers.authenticate(store, token)?,
        None => None,
    };
    let Some(insurer) = insurer else {
        let reply = Reply::failure(403, "Access denied: missing or unknown securityToken");
        return Ok(Handled::Now(reply, "access denied".into()));
    };
    let document = match form.single("jsonString") {
        Ok(Some(document)) => document,
        Ok(None) => {
            let reply = Reply::failure(400, "the form has no jsonString field");
            return Ok(Handled::Now(
                reply,
                format!("insurer {}: no jsonString", insurer.id),
            ));
        }
        Err(e) => {
            let note = format!("insurer {}", insurer.id);
            return Ok(Handled::Now(Reply::failure(400, &e), note));
        }
    };
    if endpoint == Endpoint::Tasks {
        return tasks(host, &insurer, document);
    }
    let report = validate(host, endpoint, document)?;
    if !report.valid {
        return Ok(reject(insurer.id, endpoint, document, &report));
    }
    let report_text = report_json(&report).to_string();
    let delivery = Delivery {
        endpoint,
        insurer_id: insurer.id,
        document,
        report: &report_text,
    };
    match endpoint {
        Endpoint::Statuses => status(&delivery),
        _ => message(&delivery),
    }
}

/// Keeps a document that failed validation and answers 400 with its report
/// (plus `status` and `message`, the shape of Scalepoint's own failures).
fn reject(insurer_id: i64, endpoint: Endpoint, document: &[u8], report: &wit::Report) -> Handled {
    let mut body = report_json(report);
    let delivery = OwnedDelivery {
        endpoint,
        insurer_id,
        document: document.to_vec(),
        report: body.to_string(),
    };
    body["status"] = json!("FAILURE");
    body["message"] = json!("The document is not valid; it is kept in the inbox as rejected.");
    Handled::write(move |store| {
        let inbox_id = store.reject(&delivery.get())?;
        let note = format!("insurer {insurer_id}: rejected, inbox {inbox_id}");
        Ok((Reply::json(400, &body), note))
    })
}

/// Validates a status or text message in the component, in a fresh
/// sandboxed instance.
fn validate(host: &ComponentHost, endpoint: Endpoint, document: &[u8]) -> Result<wit::Report> {
    host.call(|instance, store| {
        let v = instance.validation(&mut *store)?;
        match endpoint {
            Endpoint::Statuses => v.call_validate_status_message(store, document),
            _ => v.call_validate_text_message(store, document),
        }
    })
    .context("validate in the component")
}

/// SP1: validated and mapped in one instance, then stored.
fn tasks(host: &ComponentHost, insurer: &Insurer, document: &[u8]) -> Result<Handled> {
    #[derive(Deserialize)]
    struct TaskDocument<'a> {
        #[serde(rename = "serviceTasks", borrow)]
        service_tasks: Vec<&'a RawValue>,
    }
    // Read before validation only for the insurer names map-task is given;
    // a document this does not read is invalid, and is not mapped.
    let parsed: Option<TaskDocument<'_>> = std::str::from_utf8(document)
        .ok()
        .and_then(|text| serde_json::from_str(text).ok());
    let raw_tasks = parsed.map(|d| d.service_tasks).unwrap_or_default();
    let fields = raw_tasks
        .iter()
        .map(|raw| serde_json::from_str(raw.get()))
        .collect::<Result<Vec<TaskFields<'_>>, _>>()
        .unwrap_or_default();
    let (report, orders) = match work_orders::validate_and_map(host, insurer, document, &fields)? {
        Mapped::Orders { report, orders } => (report, orders),
        Mapped::Invalid(report) => {
            return Ok(reject(insurer.id, Endpoint::Tasks, document, &report))
        }
    };
    let delivery = OwnedDelivery {
        endpoint: Endpoint::Tasks,
        insurer_id: insurer.id,
        document: document.to_vec(),
        report: report_json(&report).to_string(),
    };
    let mut orders = orders.into_iter();
    let mut tasks = Vec::with_capacity(fields.len());
    for (raw, task) in raw_tasks.iter().zip(&fields) {
        let unique_id = task
            .unique_id
            .as_deref()
            .context("serviceTask without uniqueId")?;
        let claim = task.claim.as_ref();
        tasks.push(IncomingTask {
            unique_id: unique_id.to_ascii_lowercase(),
            document: part_of(document, raw.get())
                .context("a service task's JSON is not a part of its document")?,
            claim_number: claim
                .and_then(|c| c.claim_number.as_deref())
                .map(str::to_string),
            claimant_name: task
                .claimant
                .as_ref()
                .and_then(|c| c.name.as_deref())
                .map(str::to_string),
            created_date: task.created_date.as_deref().map(str::to_string),
            work_orders: orders.next().into_iter().collect(),
        });
    }
    let insurer_id = insurer.id;
    Ok(Handled::write(move |store| {
        let receipt = store.accept_tasks(&delivery.get(), &tasks)?;
        // 201 when something new was created; 200 for a pure redelivery.
        let status = if receipt.created > 0 { 201 } else { 200 };
        let body = json!({
            "status": "SUCCESS",
            "created": receipt.created,
            "updated": receipt.updated,
        });
        let note = format!(
            "insurer {insurer_id}: tasks {} new, {} updated, inbox {}",
            receipt.created, receipt.updated, receipt.inbox_id
        );
        Ok((Reply::json(status, &body), note))
    }))
}

fn status(delivery: &Delivery<'_>) -> Result<Handled> {
    let (document, value) = parse(delivery)?;
    let status = IncomingStatus {
        task_guid: text_at(&value, "/details/taskGuid")
            .context("status message without details.taskGuid")?
            .to_ascii_lowercase(),
        kind: text_at(&value, "/type").context("status message without type")?,
        text: text_at(&value, "/text"),
        document,
    };
    let task_guid = status.task_guid.clone();
    let accept = move |store: &mut dyn Backend, d: &Delivery<'_>| store.accept_status(d, &status);
    Ok(store_linked(delivery, "status", task_guid, accept))
}

fn message(delivery: &Delivery<'_>) -> Result<Handled> {
    let (document, value) = parse(delivery)?;
    let message = IncomingMessage {
        task_guid: text_at(&value, "/taskGuid")
            .context("text message without taskGuid")?
            .to_ascii_lowercase(),
        text: text_at(&value, "/textMessage").context("text message without textMessage")?,
        document,
    };
    let task_guid = message.task_guid.clone();
    let accept = move |store: &mut dyn Backend, d: &Delivery<'_>| store.accept_message(d, &message);
    Ok(store_linked(delivery, "message", task_guid, accept))
}

/// SP2 and SP3 alike: the write that stores the document linked to the
/// task `task_guid` names, and the reply that says whether it is known.
fn store_linked(
    delivery: &Delivery<'_>,
    what: &'static str,
    task_guid: String,
    accept: impl FnOnce(&mut dyn Backend, &Delivery<'_>) -> Result<LinkReceipt> + Send + 'static,
) -> Handled {
    let delivery = OwnedDelivery::of(delivery);
    Handled::write(move |store| {
        let receipt = accept(store, &delivery.get())?;
        Ok(linked(delivery.insurer_id, what, &task_guid, receipt))
    })
}

fn parse(delivery: &Delivery<'_>) -> Result<(String, Value)> {
    let text = std::str::from_utf8(delivery.document)?;
    Ok((text.to_string(), serde_json::from_str(text)?))
}

fn linked(insurer_id: i64, what: &str, task_guid: &str, receipt: LinkReceipt) -> (Reply, Note) {
    let mut body = json!({"status": "SUCCESS", "taskKnown": receipt.task_known});
    if !receipt.task_known {
        body["message"] = json!(format!(
            "No task {task_guid} is known; the {what} is kept and flagged."
        ));
    }
    let status = if receipt.created { 201 } else { 200 };
    let note = format!(
        "insurer {insurer_id}: {what} {}{}, inbox {}",
        if receipt.created {
            "new"
        } else {
            "redelivered"
        },
        if receipt.task_known {
            ""
        } else {
            " for an unknown task (flagged)"
        },
        receipt.inbox_id
    );
    (Reply::json(status, &body), note)
}

/// The string (or number, as text) at a JSON Pointer.
fn text_at(value: &Value, pointer: &str) -> Option<String> {
    match value.pointer(pointer)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_is_found_only_inside_the_slice_it_was_borrowed_from() {
        let whole = br#"{"serviceTasks": [{"uniqueId": "a"}]}"#;
        let text = std::str::from_utf8(whole).unwrap();
        let part = &text[18..35];
        assert_eq!(part_of(whole, part), Some(18..35));
        // The same text elsewhere in memory is not a part of `whole`.
        let copy = part.to_string();
        assert_eq!(part_of(whole, &copy), None);
        assert_eq!(part_of(&whole[..20], part), None);
    }
}
