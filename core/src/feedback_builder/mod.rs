//! `build-feedback`: from a received task and the ERP's changes, the A2
//! feedback document for S1.
//!
//! Scalepoint deletes every line a feedback leaves out (seed 002, S1 usage
//! notes). Deleting by omission is the classic way to lose data, so every
//! line of the task is carried over unchanged unless the caller names it in
//! an explicit `LineChange::Remove` (shared/README.md §6).

mod invoice;
mod lines;
mod request;

pub use request::{
    Bank, FeedbackRequest, Invoice, InvoiceLine, LineChange, LineUpdate, NewLine, ServicePartner,
    Valuation,
};

use serde_json::{Map, Value};

use crate::invoice::InvoiceOptions;
use crate::report::Report;

/// Why no feedback could be built. Every variant says what to fix.
#[derive(Debug, Clone, PartialEq)]
pub enum BuildError {
    /// The task document itself is not valid (B2).
    InvalidTask(Report),
    /// No serviceTask in the document has this uniqueId.
    UnknownTask(String),
    /// A change names a claimLineId the task does not have.
    UnknownClaimLine(String),
    /// Two changes name the same claimLineId.
    DuplicateChange(String),
    /// An amount or date of the request is not usable: (field, message).
    InvalidValue(String, String),
    /// The document built does not pass A2 and its rules; nothing may be sent.
    InvalidFeedback(Report),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::InvalidTask(r) => write!(
                f,
                "the task document is invalid ({} issue(s))",
                r.issues.len()
            ),
            BuildError::UnknownTask(id) => {
                write!(f, "the document has no serviceTask with uniqueId {id}")
            }
            BuildError::UnknownClaimLine(id) => {
                write!(f, "the task has no service line with claimLineId {id}")
            }
            BuildError::DuplicateChange(id) => {
                write!(f, "claimLineId {id} is changed more than once")
            }
            BuildError::InvalidValue(field, message) => write!(f, "{field}: {message}"),
            BuildError::InvalidFeedback(r) => {
                write!(
                    f,
                    "the feedback built is invalid ({} issue(s))",
                    r.issues.len()
                )
            }
        }
    }
}

impl std::error::Error for BuildError {}

/// The document, as JSON text, and the report of its validation (warnings
/// only: with any error the result is `BuildError::InvalidFeedback`).
#[derive(Debug, Clone, PartialEq)]
pub struct BuiltFeedback {
    pub json: String,
    pub report: Report,
}

pub fn build_feedback(
    request: &FeedbackRequest,
    options: &InvoiceOptions,
) -> Result<BuiltFeedback, BuildError> {
    let task_report = crate::validate_task(request.task_document);
    if !task_report.valid {
        return Err(BuildError::InvalidTask(task_report));
    }
    let document: Value = serde_json::from_slice(request.task_document)
        .map_err(|e| BuildError::InvalidValue("task".into(), e.to_string()))?;
    let task = find_task(&document, &request.task_unique_id)?;
    let lines = lines::merge(task, &request.changes)?;

    let mut feedback = Map::new();
    // The task's own spelling of its id: Scalepoint matches it as sent.
    feedback.insert("uniqueId".into(), task["uniqueId"].clone());
    check_created_date(&request.created_date)?;
    feedback.insert(
        "createdDate".into(),
        Value::String(request.created_date.clone()),
    );
    for (field, amount) in [
        ("takenSelfRisk", &request.taken_self_risk),
        ("updateClaimSelfRisk", &request.update_claim_self_risk),
    ] {
        if let Some(text) = amount {
            feedback.insert(field.into(), request::amount_value(field, text)?);
        }
    }
    if let Some(reason) = &request.update_claim_self_risk_reason {
        feedback.insert(
            "updateClaimSelfRiskReason".into(),
            Value::String(reason.clone()),
        );
    }
    feedback.insert("serviceLines".into(), Value::Array(lines));
    feedback.insert("servicePartner".into(), request.service_partner.to_json());
    if let Some(invoice) = &request.invoice {
        feedback.insert("invoice".into(), invoice::to_json(invoice)?);
    }

    let json = serde_json::to_string_pretty(&Value::Object(feedback))
        .map_err(|e| BuildError::InvalidValue("feedback".into(), e.to_string()))?;
    let report = crate::validate_feedback(json.as_bytes(), options);
    if report.valid {
        Ok(BuiltFeedback { json, report })
    } else {
        Err(BuildError::InvalidFeedback(report))
    }
}

fn find_task<'a>(document: &'a Value, unique_id: &str) -> Result<&'a Value, BuildError> {
    document["serviceTasks"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|task| {
            task["uniqueId"]
                .as_str()
                .is_some_and(|id| id.eq_ignore_ascii_case(unique_id))
        })
        .ok_or_else(|| BuildError::UnknownTask(unique_id.to_string()))
}

/// A3: "Date and time of JSON creation"; the component has no clock, so
/// the host passes it, and it must be a real RFC 3339 date-time.
fn check_created_date(created: &str) -> Result<(), BuildError> {
    if crate::schema::Format::DateTime.matches(created) {
        Ok(())
    } else {
        Err(BuildError::InvalidValue(
            "created-date".into(),
            format!("{created:?} is not an RFC 3339 date-time (e.g. 2020-10-20T13:14:46Z)"),
        ))
    }
}

#[cfg(test)]
mod tests;
