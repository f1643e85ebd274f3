//! What Scalepoint posts (seed 002): SP1 tasks, SP2 status messages, SP3
//! free-text messages. Each is a form with `securityToken` and `jsonString`;
//! the document is validated in the component, then stored, and only then
//! answered.

use anyhow::{Context, Result};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{json, Value};

use super::auth::authenticate;
use super::form::Form;
use super::reply::Reply;
use super::work_orders::{self, Mapped, TaskFields};
use crate::report::report_json;
use crate::runtime::{wit, ComponentHost};
use crate::store::{
    Backend, Delivery, Endpoint, IncomingMessage, IncomingStatus, IncomingTask, Insurer,
};

/// What the log says about a request: never the token, never the document.
pub type Note = String;

/// Handles one POST to `endpoint` whose body is `form`.
pub fn receive(
    host: &ComponentHost,
    store: &mut dyn Backend,
    endpoint: Endpoint,
    form: &Form,
) -> Result<(Reply, Note)> {
    let token = match form.single("securityToken") {
        Ok(token) => token,
        Err(e) => return Ok((Reply::failure(400, &e), "malformed form".into())),
    };
    let insurers = store.insurers()?;
    let Some(insurer) = token.and_then(|t| authenticate(&insurers, t)) else {
        let reply = Reply::failure(403, "Access denied: missing or unknown securityToken");
        return Ok((reply, "access denied".into()));
    };
    let document = match form.single("jsonString") {
        Ok(Some(document)) => document,
        Ok(None) => {
            let reply = Reply::failure(400, "the form has no jsonString field");
            return Ok((reply, format!("insurer {}: no jsonString", insurer.id)));
        }
        Err(e) => return Ok((Reply::failure(400, &e), format!("insurer {}", insurer.id))),
    };
    if endpoint == Endpoint::Tasks {
        return tasks(host, store, insurer, document);
    }
    let report = validate(host, endpoint, document)?;
    if !report.valid {
        return reject(store, insurer, endpoint, document, &report);
    }
    let report_text = report_json(&report).to_string();
    let delivery = Delivery {
        endpoint,
        insurer_id: insurer.id,
        document,
        report: &report_text,
    };
    match endpoint {
        Endpoint::Statuses => status(store, insurer, &delivery),
        _ => message(store, insurer, &delivery),
    }
}

/// Keeps a document that failed validation and answers 400 with its report
/// (plus `status` and `message`, the shape of Scalepoint's own failures).
fn reject(
    store: &mut dyn Backend,
    insurer: &Insurer,
    endpoint: Endpoint,
    document: &[u8],
    report: &wit::Report,
) -> Result<(Reply, Note)> {
    let mut body = report_json(report);
    let inbox_id = store.reject(&Delivery {
        endpoint,
        insurer_id: insurer.id,
        document,
        report: &body.to_string(),
    })?;
    body["status"] = json!("FAILURE");
    body["message"] = json!("The document is not valid; it is kept in the inbox as rejected.");
    let note = format!("insurer {}: rejected, inbox {inbox_id}", insurer.id);
    Ok((Reply::json(400, &body), note))
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
fn tasks(
    host: &ComponentHost,
    store: &mut dyn Backend,
    insurer: &Insurer,
    document: &[u8],
) -> Result<(Reply, Note)> {
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
            return reject(store, insurer, Endpoint::Tasks, document, &report)
        }
    };
    let report_text = report_json(&report).to_string();
    let delivery = Delivery {
        endpoint: Endpoint::Tasks,
        insurer_id: insurer.id,
        document,
        report: &report_text,
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
            document: raw.get().to_string(),
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
    let receipt = store.accept_tasks(&delivery, &tasks)?;
    // 201 when something new was created; 200 for a pure redelivery.
    let status = if receipt.created > 0 { 201 } else { 200 };
    let body = json!({
        "status": "SUCCESS",
        "created": receipt.created,
        "updated": receipt.updated,
    });
    let note = format!(
        "insurer {}: tasks {} new, {} updated, inbox {}",
        insurer.id, receipt.created, receipt.updated, receipt.inbox_id
    );
    Ok((Reply::json(status, &body), note))
}

fn status(
    store: &mut dyn Backend,
    insurer: &Insurer,
    delivery: &Delivery<'_>,
) -> Result<(Reply, Note)> {
    let (document, value) = parse(delivery)?;
    let status = IncomingStatus {
        task_guid: text_at(&value, "/details/taskGuid")
            .context("status message without details.taskGuid")?
            .to_ascii_lowercase(),
        kind: text_at(&value, "/type").context("status message without type")?,
        text: text_at(&value, "/text"),
        document,
    };
    let receipt = store.accept_status(delivery, &status)?;
    Ok(linked(insurer, "status", &status.task_guid, receipt))
}

fn message(
    store: &mut dyn Backend,
    insurer: &Insurer,
    delivery: &Delivery<'_>,
) -> Result<(Reply, Note)> {
    let (document, value) = parse(delivery)?;
    let message = IncomingMessage {
        task_guid: text_at(&value, "/taskGuid")
            .context("text message without taskGuid")?
            .to_ascii_lowercase(),
        text: text_at(&value, "/textMessage").context("text message without textMessage")?,
        document,
    };
    let receipt = store.accept_message(delivery, &message)?;
    Ok(linked(insurer, "message", &message.task_guid, receipt))
}

fn parse(delivery: &Delivery<'_>) -> Result<(String, Value)> {
    let text = std::str::from_utf8(delivery.document)?;
    Ok((text.to_string(), serde_json::from_str(text)?))
}

fn linked(
    insurer: &Insurer,
    what: &str,
    task_guid: &str,
    receipt: crate::store::LinkReceipt,
) -> (Reply, Note) {
    let mut body = json!({"status": "SUCCESS", "taskKnown": receipt.task_known});
    if !receipt.task_known {
        body["message"] = json!(format!(
            "No task {task_guid} is known; the {what} is kept and flagged."
        ));
    }
    let status = if receipt.created { 201 } else { 200 };
    let note = format!(
        "insurer {}: {what} {}{}, inbox {}",
        insurer.id,
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
