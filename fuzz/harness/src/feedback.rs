//! `build-feedback` requests: one of the repository's valid tasks, and
//! changes against its real claim lines (or ids it does not have), an
//! invoice, self-risk amounts.

use arbitrary::{Result, Unstructured};
use scalepoint_core::documents::feedback::VALUATION_FIELDS;
use scalepoint_core::feedback_builder::{
    Bank, FeedbackRequest, LineChange, LineUpdate, NewLine, ServicePartner, Valuation,
};
use serde_json::Value;

use crate::text::{pick_or_any, DateText, DecimalText, GuidText};

/// Valid B2 tasks: one line, several tasks with several lines, no lines.
pub const SEED_TASKS: [&[u8]; 3] = [
    include_bytes!("../../../examples/task-b1.json"),
    include_bytes!("../../../tests/golden/mapping/multi-task.task.json"),
    include_bytes!("../../../tests/golden/mapping/dedup-key.task.json"),
];

const TASK_TYPES: [&str; 4] = ["REPAIR", "REPAIR_ESTIMATE", "VALUATION", "MATCH_SERVICE"];

/// The serviceTasks of a seed: (uniqueId, its claimLineIds as text).
pub fn service_tasks(document: &[u8]) -> Vec<(String, Vec<String>)> {
    let value: Value = serde_json::from_slice(document).expect("seed tasks are JSON");
    value["serviceTasks"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|task| {
            let id = task["uniqueId"].as_str().unwrap_or_default().to_string();
            let lines = task["serviceLines"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|line| match &line["claimLineId"] {
                    Value::Number(n) => Some(n.to_string()),
                    Value::String(s) => Some(s.clone()),
                    _ => None,
                })
                .collect();
            (id, lines)
        })
        .collect()
}

fn line_ref(u: &mut Unstructured<'_>, ids: &[String]) -> Result<String> {
    if !ids.is_empty() && u.arbitrary()? {
        return Ok(ids[u.choose_index(ids.len())?].clone());
    }
    u.arbitrary()
}

fn valuations(u: &mut Unstructured<'_>) -> Result<Vec<Valuation>> {
    let mut list = Vec::new();
    while list.len() < 4 && u.arbitrary::<bool>()? {
        list.push(Valuation {
            field: pick_or_any(u, &VALUATION_FIELDS)?,
            amount: u.arbitrary::<DecimalText>()?.0,
        });
    }
    Ok(list)
}

fn change(u: &mut Unstructured<'_>, ids: &[String]) -> Result<LineChange> {
    Ok(match u.int_in_range(0..=2u8)? {
        0 => LineChange::Update(LineUpdate {
            claim_line_id: line_ref(u, ids)?,
            task_type: if u.arbitrary()? {
                Some(pick_or_any(u, &TASK_TYPES)?)
            } else {
                None
            },
            valuations: valuations(u)?,
            service_partner_note: u.arbitrary()?,
            total_damage: u.arbitrary()?,
            reject_reason_id: u.arbitrary()?,
            reject_reason_explanation: u.arbitrary()?,
        }),
        1 => LineChange::Insert(NewLine {
            task_type: pick_or_any(u, &TASK_TYPES)?,
            category_name: u.arbitrary()?,
            category_unique_id: u.arbitrary::<GuidText>()?.0,
            parent_category: u.arbitrary()?,
            product_match_description: u.arbitrary()?,
            customer_description: u.arbitrary()?,
            quantity: u.arbitrary()?,
            valuations: valuations(u)?,
            service_partner_note: u.arbitrary()?,
        }),
        _ => LineChange::Remove {
            claim_line_id: line_ref(u, ids)?,
        },
    })
}

fn partner(u: &mut Unstructured<'_>) -> Result<ServicePartner> {
    Ok(ServicePartner {
        name: pick_or_any(u, &["Service partner 1"])?,
        address1: u.arbitrary()?,
        address2: u.arbitrary()?,
        phone: u.arbitrary()?,
        email: u.arbitrary()?,
        postal_code: u.arbitrary()?,
        cvr_number: u.arbitrary()?,
        city: u.arbitrary()?,
        bank: Bank {
            bank_name: u.arbitrary()?,
            reg_number: u.arbitrary()?,
            account_number: u.arbitrary()?,
            iban: u.arbitrary()?,
            giro: u.arbitrary()?,
            fik_number: u.arbitrary()?,
            fik_type: u.arbitrary()?,
            fik_creditor_code: u.arbitrary()?,
        },
    })
}

/// A request against one of `SEED_TASKS`.
pub fn request(u: &mut Unstructured<'_>) -> Result<FeedbackRequest<'static>> {
    let document = SEED_TASKS[u.choose_index(SEED_TASKS.len())?];
    let tasks = service_tasks(document);
    let (id, ids) = &tasks[u.choose_index(tasks.len())?];
    let task_unique_id = match u.int_in_range(0..=2u8)? {
        0 => id.clone(),
        1 => id.to_uppercase(),
        _ => u.arbitrary()?,
    };
    let created_date = u.arbitrary::<DateText>()?.0;
    let service_partner = partner(u)?;
    let mut changes = Vec::new();
    while changes.len() < 6 && u.arbitrary::<bool>()? {
        changes.push(change(u, ids)?);
    }
    let invoice = if u.arbitrary()? {
        Some(crate::invoice::record(u)?)
    } else {
        None
    };
    Ok(FeedbackRequest {
        task_document: document,
        task_unique_id,
        created_date,
        service_partner,
        changes,
        invoice,
        taken_self_risk: u.arbitrary::<Option<DecimalText>>()?.map(|d| d.0),
        update_claim_self_risk: u.arbitrary::<Option<DecimalText>>()?.map(|d| d.0),
        update_claim_self_risk_reason: u.arbitrary()?,
    })
}
