//! Merging the task's service lines with the ERP's changes.

use serde_json::{Map, Value};

use super::request::{amount_value, LineChange, LineUpdate, NewLine, Valuation};
use super::BuildError;

/// A2's valuation fields are the only ones a change may set.
use crate::documents::feedback::VALUATION_FIELDS;

/// Every line of `task` in order, changed where asked, without the removed
/// ones, then the new lines.
pub(super) fn merge(task: &Value, changes: &[LineChange]) -> Result<Vec<Value>, BuildError> {
    let original = task["serviceLines"]
        .as_array()
        .map_or(&[][..], Vec::as_slice);
    check_targets(original, changes)?;
    let mut lines = Vec::with_capacity(original.len());
    for line in original {
        let id = claim_line_id(line);
        let change = changes.iter().find(|c| target(c) == id.as_deref());
        match change {
            Some(LineChange::Remove { .. }) => {}
            Some(LineChange::Update(update)) => lines.push(apply_update(line.clone(), update)?),
            // Untouched lines go back exactly as received (S1 usage notes).
            _ => lines.push(line.clone()),
        }
    }
    for change in changes {
        if let LineChange::Insert(new) = change {
            lines.push(new_line(new)?);
        }
    }
    Ok(lines)
}

/// The claimLineId as the task writes it (its JSON number text).
fn claim_line_id(line: &Value) -> Option<String> {
    match &line["claimLineId"] {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

fn target(change: &LineChange) -> Option<&str> {
    match change {
        LineChange::Update(u) => Some(u.claim_line_id.as_str()),
        LineChange::Remove { claim_line_id } => Some(claim_line_id.as_str()),
        LineChange::Insert(_) => None,
    }
}

/// Every named claimLineId exists, and is named once.
fn check_targets(original: &[Value], changes: &[LineChange]) -> Result<(), BuildError> {
    let known: Vec<String> = original.iter().filter_map(claim_line_id).collect();
    let mut seen: Vec<&str> = Vec::new();
    for id in changes.iter().filter_map(target) {
        if !known.iter().any(|k| k == id) {
            return Err(BuildError::UnknownClaimLine(id.to_string()));
        }
        if seen.contains(&id) {
            return Err(BuildError::DuplicateChange(id.to_string()));
        }
        seen.push(id);
    }
    Ok(())
}

fn apply_update(mut line: Value, update: &LineUpdate) -> Result<Value, BuildError> {
    let Value::Object(object) = &mut line else {
        return Ok(line);
    };
    if let Some(task_type) = &update.task_type {
        object.insert("taskType".into(), Value::String(task_type.clone()));
    }
    let valuations = object
        .entry("valuations")
        .or_insert_with(|| Value::Object(Map::new()));
    set_valuations(valuations, &update.valuations)?;
    let item = object
        .entry("item")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(item) = item {
        if let Some(note) = &update.service_partner_note {
            item.insert("servicePartnerNote".into(), Value::String(note.clone()));
        }
        if let Some(total) = update.total_damage {
            item.insert("totalDamage".into(), Value::Bool(total));
        }
        if let Some(id) = update.reject_reason_id {
            item.insert("rejectReasonId".into(), Value::from(id));
        }
        if let Some(text) = &update.reject_reason_explanation {
            item.insert(
                "rejectReasonExplanation".into(),
                Value::String(text.clone()),
            );
        }
    }
    Ok(line)
}

fn set_valuations(target: &mut Value, valuations: &[Valuation]) -> Result<(), BuildError> {
    let Value::Object(object) = target else {
        return Ok(());
    };
    for valuation in valuations {
        if !VALUATION_FIELDS.contains(&valuation.field.as_str()) {
            return Err(BuildError::InvalidValue(
                format!("valuations.{}", valuation.field),
                format!(
                    "not an A2 valuation field; expected one of {}",
                    VALUATION_FIELDS.join(", ")
                ),
            ));
        }
        let value = amount_value(
            &format!("valuations.{}", valuation.field),
            &valuation.amount,
        )?;
        object.insert(valuation.field.clone(), value);
    }
    Ok(())
}

fn new_line(new: &NewLine) -> Result<Value, BuildError> {
    let mut item = Map::new();
    item.insert(
        "productMatchDescription".into(),
        Value::String(new.product_match_description.clone()),
    );
    item.insert("quantity".into(), Value::from(new.quantity));
    super::request::put(&mut item, "customerDescription", &new.customer_description);
    super::request::put(&mut item, "servicePartnerNote", &new.service_partner_note);
    let mut valuations = Value::Object(Map::new());
    set_valuations(&mut valuations, &new.valuations)?;
    let category = serde_json::json!({
        "name": new.category_name,
        "uniqueId": new.category_unique_id,
        "parentCategory": new.parent_category,
    });
    Ok(serde_json::json!({
        "taskType": new.task_type,
        "category": category,
        "item": Value::Object(item),
        "valuations": valuations,
    }))
}
