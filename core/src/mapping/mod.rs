//! Mapping a task Scalepoint posts to SP1 (seed 002, B1/B2/B3) into neutral
//! work orders, one per service task, that any ERP can store: the claimant
//! as customer under the insurer (seed 000), texts from the ERP's templates,
//! seed 000's custom fields, service lines, attachments and contacts.
//!
//! Configuration is checked first, on every call and whatever the document
//! holds; then the document is validated exactly as `validate_task` does and
//! refused with that report when it has errors.

mod addresses;
mod attachments;
mod contacts;
mod customer;
mod error;
mod fields;
mod insurer;
mod lines;
mod model;
mod options;
mod templates;
mod values;
mod work_order;

#[cfg(test)]
mod golden;

/// Builds the task's field list (`crate::warm_up`).
pub(crate) fn warm_up() {
    fields::value_paths();
    templates::default_templates();
}

use crate::json::Value;

use crate::input::{parse_object, DEFAULT_MAX_DOCUMENT_BYTES};
use crate::kind::DocumentKind;
use crate::report::Report;
use crate::validate::{check_document, Options};

pub use customer::{dedup_key, normalise_email, normalise_name, normalise_phone};
pub use error::{MappingError, MergeFieldProblem, OptionProblem, TemplateProblem};
pub use insurer::INSURER_NOT_CONFIGURED;
pub use model::{
    Address, Attachment, Category, Claim, Contact, ContactRole, CustomFields, Customer, Insurer,
    Item, RejectReason, ServiceLine, TaskType, Valuations, WorkOrder,
};
pub use options::{
    InsurerSettings, MappingOptions, TemplateName, Templates, DEFAULT_DESCRIPTION, DEFAULT_HEADING,
    DEFAULT_REQUISITION, DEFAULT_RESPONSIBILITY,
};
pub use values::NUMBER_TOO_LONG;
pub use work_order::SCALEPOINT_URL_INCOMPLETE;

/// One work order per element of `serviceTasks`, in document order.
pub fn map_task(input: &[u8], options: &MappingOptions) -> Result<Vec<WorkOrder>, MappingError> {
    validate_and_map_task(input, options).map(|mapped| mapped.work_orders)
}

/// A valid task's validation report (its warnings) and its work orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappedTask {
    /// What `validate_task` reports on the same document.
    pub report: Report,
    /// One per element of `serviceTasks`, in document order.
    pub work_orders: Vec<WorkOrder>,
}

/// `validate_task` and `map_task` from one reading of the document: what a
/// receiver of SP1 does with every task, for the price of one parse and one
/// validation. Errors are `map_task`'s, in the same order.
pub fn validate_and_map_task(
    input: &[u8],
    options: &MappingOptions,
) -> Result<MappedTask, MappingError> {
    let templates = templates::prepare(&options.templates)?;
    insurer::check_settings(&options.insurers)?;
    let doc = parse_object(input, DEFAULT_MAX_DOCUMENT_BYTES)
        .map_err(|issue| MappingError::InvalidDocument(Report::from_issues(vec![issue])))?;
    let report = Report::from_issues(check_document(DocumentKind::Task, &doc, &Options::Plain));
    if !report.valid {
        return Err(MappingError::InvalidDocument(report));
    }
    let context = work_order::Context {
        options,
        templates: &templates,
        warnings: &report.issues,
    };
    let mut reader = values::Reader::default();
    let work_orders = doc
        .get("serviceTasks")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, task)| work_order::work_order(task, i, &context, &mut reader))
        .collect();
    if !reader.problems.is_empty() {
        return Err(MappingError::InvalidDocument(Report::from_issues(
            reader.problems,
        )));
    }
    Ok(MappedTask {
        report,
        work_orders,
    })
}

/// The configuration checks of `map_task` alone, for an ERP's settings page.
pub fn check_mapping_options(options: &MappingOptions) -> Result<(), MappingError> {
    templates::prepare(&options.templates)?;
    insurer::check_settings(&options.insurers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b1() -> Vec<u8> {
        include_bytes!("../../../examples/task-b1.json").to_vec()
    }

    #[test]
    fn b1_gives_one_work_order_per_service_task() {
        // seed 002 B1: one element of serviceTasks.
        let orders = map_task(&b1(), &MappingOptions::default()).unwrap();
        assert_eq!(orders.len(), 1);
        assert_eq!(orders[0].heading, "Scalepoint – claimnumber1234");
        let json: serde_json::Value = serde_json::from_str(&orders[0].to_json()).unwrap();
        assert_eq!(
            json["customFields"]["scalepointId"],
            "dc100952-2005-4fbf-bbdf-badd1ec5a912"
        );
    }

    #[test]
    fn validate_and_map_gives_the_report_of_validate_task_and_the_work_orders_of_map_task() {
        // seed 002 B1; and no task at all, valid with the warning no-tasks.
        let text = String::from_utf8(b1()).unwrap();
        let no_tasks = br#"{"serviceTasks": []}"#;
        for document in [text.as_bytes(), no_tasks] {
            let options = MappingOptions::default();
            let mapped = validate_and_map_task(document, &options).unwrap();
            assert_eq!(mapped.report, crate::validate_task(document));
            assert_eq!(mapped.work_orders, map_task(document, &options).unwrap());
        }
        let no_tasks = validate_and_map_task(no_tasks, &MappingOptions::default()).unwrap();
        assert_eq!(no_tasks.report.issues[0].code, "no-tasks");
        let broken = text.replace("\"claimNumber\": \"claimnumber1234\",", "");
        assert_eq!(
            validate_and_map_task(broken.as_bytes(), &MappingOptions::default()),
            Err(MappingError::InvalidDocument(crate::validate_task(
                broken.as_bytes()
            )))
        );
    }

    #[test]
    fn a_document_without_tasks_gives_no_work_orders() {
        // seed 002 B2 allows an empty serviceTasks (validation warns no-tasks).
        let orders = map_task(br#"{"serviceTasks": []}"#, &MappingOptions::default()).unwrap();
        assert!(orders.is_empty());
    }

    #[test]
    fn configuration_is_checked_before_the_document() {
        let mut options = MappingOptions::default();
        options.templates.requisition = Some("{claim.policyNo}".into());
        for document in [&b""[..], &b1()] {
            match map_task(document, &options) {
                Err(MappingError::UnknownMergeField(p)) => {
                    assert_eq!(p.template, TemplateName::Requisition)
                }
                other => panic!("{other:?}"),
            }
        }
        assert!(check_mapping_options(&options).is_err());
        assert_eq!(check_mapping_options(&MappingOptions::default()), Ok(()));
    }

    #[test]
    fn an_invalid_task_is_refused_with_the_validation_report() {
        // seed 002 B2: claim.claimNumber is required.
        let text = String::from_utf8(b1()).unwrap();
        let broken = text.replace("\"claimNumber\": \"claimnumber1234\",", "");
        let Err(MappingError::InvalidDocument(report)) =
            map_task(broken.as_bytes(), &MappingOptions::default())
        else {
            panic!("expected invalid-document");
        };
        assert_eq!(report, crate::validate_task(broken.as_bytes()));
    }

    #[test]
    fn an_amount_too_long_for_a_decimal_is_refused_not_rounded() {
        let text = String::from_utf8(b1()).unwrap();
        let long = text.replace("4213.02", "4213.0200000000000000000000000001");
        let Err(MappingError::InvalidDocument(report)) =
            map_task(long.as_bytes(), &MappingOptions::default())
        else {
            panic!("expected invalid-document");
        };
        assert_eq!(report.issues[0].code, NUMBER_TOO_LONG);
        assert_eq!(
            report.issues[0].path,
            "/serviceTasks/0/serviceLines/0/valuations/productPrice"
        );
    }
}
