//! Feedback (seed 002, S1, A2/A3): prose rules after the schema.

use crate::json::Value;

use super::{array_field, check_date_time, check_unique};
use crate::invoice::{check_invoice, read_amounts, InvoiceOptions};
use crate::report::{Issue, Severity};
use crate::schema::codes::REQUIRED_FIELD_MISSING;

pub mod codes {
    pub const REPAIR_PRICE_REQUIRED: &str = "repair-price-required";
    pub const SERVICE_LINE_INSERT: &str = "service-line-insert";
    pub const NEW_LINE_HAS_UNIQUE_ID: &str = "new-line-has-unique-id";
}

/// A2's `valuations` fields (all amounts, `#0.00`).
pub const VALUATION_FIELDS: [&str; 7] = [
    "purchasePrice",
    "newPrice",
    "customerDemand",
    "discretionaryValuation",
    "usedPrice",
    "repairEstimate",
    "repairPrice",
];

pub fn check_rules(doc: &Value, options: &InvoiceOptions, issues: &mut Vec<Issue>) {
    reconcile_new_lines(issues);
    check_date_time(doc, "createdDate", &String::new, issues);
    let lines = array_field(doc, "serviceLines");
    for (i, line) in lines.iter().enumerate() {
        check_line(line, i, issues);
    }
    let lines_path = || "/serviceLines".to_string();
    check_unique(lines, "claimLineId", &lines_path, "service line", issues);
    check_unique(lines, "uniqueId", &lines_path, "service line", issues);
    if let Some(invoice) = doc.get("invoice") {
        check_invoice(invoice, "/invoice", options, issues);
    }
}

/// A2's schema requires `claimLineId` on every line, but A3 and the usage
/// notes define a line without it as a new line (insert). We follow the usage
/// notes (shared/README.md §6): a missing claimLineId is a warning that says
/// what Scalepoint will do, not an error.
fn reconcile_new_lines(issues: &mut [Issue]) {
    for issue in issues.iter_mut() {
        if issue.code == REQUIRED_FIELD_MISSING && is_line_field(&issue.path, "claimLineId") {
            issue.severity = Severity::Warning;
            issue.code = codes::SERVICE_LINE_INSERT;
            issue.message = "no claimLineId: Scalepoint inserts this line as a new one (A3); the published A2 schema lists claimLineId as required".into();
        }
    }
}

fn is_line_field(path: &str, field: &str) -> bool {
    path.strip_prefix("/serviceLines/")
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(index, rest)| index.bytes().all(|b| b.is_ascii_digit()) && rest == field)
}

/// The rules of service line `i`; its pointer is written only for an issue.
fn check_line(line: &Value, i: usize, issues: &mut Vec<Issue>) {
    let path = || format!("/serviceLines/{i}");
    let [task_type, valuations, claim_line_id, unique_id] =
        crate::fields::fields(line, &["taskType", "valuations", "claimLineId", "uniqueId"]);
    if task_type.and_then(Value::as_str) == Some("REPAIR") {
        let has_price = valuations
            .and_then(|v| v.get("repairPrice"))
            .is_some_and(Value::is_number);
        if valuations.is_some_and(Value::is_object) && !has_price {
            issues.push(Issue::error(
                format!("{}/valuations/repairPrice", path()),
                codes::REPAIR_PRICE_REQUIRED,
                "a REPAIR line needs valuations.repairPrice (seed 002, S1 requirements)",
            ));
        }
    }
    if let Some(valuations) = valuations {
        read_amounts(
            valuations,
            &VALUATION_FIELDS,
            &|| format!("{}/valuations", path()),
            issues,
        );
    }
    if claim_line_id.is_none() && unique_id.is_some() {
        issues.push(Issue::error(
            format!("{}/uniqueId", path()),
            codes::NEW_LINE_HAS_UNIQUE_ID,
            "a new line (no claimLineId) must not carry a uniqueId: A3 says both are empty for new lines",
        ));
    }
}
