//! What the fuzz targets (`fuzz/fuzz_targets/`) and the corpus regression
//! test (`tests/tests/fuzz_corpus.rs`) share: how fuzz bytes become the
//! inputs of each export, the native call of the core function the export
//! wraps, and the invariants every answer keeps. A corpus file means the
//! same input to both, so the test replays exactly what the fuzzer ran.
//!
//! Inputs with options start with the options, decoded by `arbitrary`; the
//! rest of the bytes is the document. An all-zero prefix decodes to the
//! default options, so a document becomes a seed as `seed(target, doc)`.

pub mod feedback;
pub mod invariants;
pub mod invoice;
pub mod mapping;
pub mod options;
pub mod text;

use arbitrary::{Arbitrary, Unstructured};
use scalepoint_core::feedback_builder::{self, BuildError, BuiltFeedback, FeedbackRequest};
use scalepoint_core::mapping::{MappingError, MappingOptions, WorkOrder};
use scalepoint_core::{CaseOptions, DocumentKind, Product, Report};
use serde_json::Value;

use invariants::{check_fast_parse, check_issue, check_paths_resolve, check_report};
pub use options::{InvalidOption, InvoiceOptionsInput};
use text::{CreatedText, GuidText};

/// One fuzz target per export of `wit/` that takes input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    ValidateCase,
    ValidateTask,
    ValidateFeedback,
    ValidateStatusMessage,
    ValidateTextMessage,
    ValidateStatusUpdate,
    CheckInvoice,
    MapTask,
    BuildFeedback,
}

impl Target {
    pub const ALL: [Target; 9] = [
        Target::ValidateCase,
        Target::ValidateTask,
        Target::ValidateFeedback,
        Target::ValidateStatusMessage,
        Target::ValidateTextMessage,
        Target::ValidateStatusUpdate,
        Target::CheckInvoice,
        Target::MapTask,
        Target::BuildFeedback,
    ];

    /// The fuzz target's name, and its corpus directory under `fuzz/corpus/`.
    pub fn name(self) -> &'static str {
        match self {
            Target::ValidateCase => "validate_case",
            Target::ValidateTask => "validate_task",
            Target::ValidateFeedback => "validate_feedback",
            Target::ValidateStatusMessage => "validate_status_message",
            Target::ValidateTextMessage => "validate_text_message",
            Target::ValidateStatusUpdate => "validate_status_update",
            Target::CheckInvoice => "check_invoice",
            Target::MapTask => "map_task",
            Target::BuildFeedback => "build_feedback",
        }
    }

    /// How many zero bytes decode to default options before a document.
    pub fn seed_prefix(self) -> usize {
        match self {
            // product: none
            Target::ValidateCase => 1,
            // vat-rate, tolerance: none; previously-sent: empty
            Target::ValidateFeedback => 3,
            // the options, then "not built": the rest is the invoice
            Target::CheckInvoice => 4,
            // five templates: none; insurers: empty
            Target::MapTask => 6,
            _ => 0,
        }
    }
}

/// A document as a corpus file of `target`, with default options.
pub fn seed(target: Target, document: &[u8]) -> Vec<u8> {
    let mut bytes = vec![0; target.seed_prefix()];
    bytes.extend_from_slice(document);
    bytes
}

// ---------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseInput {
    pub product: Option<Product>,
    pub document: Vec<u8>,
}

impl CaseInput {
    pub fn decode(data: &[u8]) -> Self {
        const PRODUCTS: [Product; 6] = [
            Product::HubProperty,
            Product::HubMotor,
            Product::HubHealth,
            Product::ClaimShop,
            Product::Ecx,
            Product::Subrogation,
        ];
        let (first, document) = data.split_first().map_or((0, data), |(f, r)| (*f, r));
        CaseInput {
            product: PRODUCTS
                .get(usize::from(first % 7).wrapping_sub(1))
                .copied(),
            document: document.to_vec(),
        }
    }
}

/// A document and the `invoice-options` of its call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackInput {
    pub options: InvoiceOptionsInput,
    pub document: Vec<u8>,
}

impl FeedbackInput {
    pub fn decode(data: &[u8]) -> Option<Self> {
        let mut u = Unstructured::new(data);
        let options = InvoiceOptionsInput::arbitrary(&mut u).ok()?;
        Some(FeedbackInput {
            options,
            document: u.take_rest().to_vec(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusUpdateInput {
    pub unique_id: String,
    pub status: String,
    pub created: Option<String>,
}

impl StatusUpdateInput {
    pub fn decode(data: &[u8]) -> Option<Self> {
        let mut u = Unstructured::new(data);
        Some(StatusUpdateInput {
            unique_id: GuidText::arbitrary(&mut u).ok()?.0,
            status: String::arbitrary(&mut u).ok()?,
            created: Option::<CreatedText>::arbitrary(&mut u).ok()?.map(|c| c.0),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckInvoiceInput {
    pub options: InvoiceOptionsInput,
    pub invoice: Vec<u8>,
    /// Built so that its totals are the sums of its lines.
    pub balanced: bool,
}

impl CheckInvoiceInput {
    pub fn decode(data: &[u8]) -> Option<Self> {
        let mut u = Unstructured::new(data);
        let options = InvoiceOptionsInput::arbitrary(&mut u).ok()?;
        if bool::arbitrary(&mut u).ok()? {
            let invoice = invoice::JsonInvoice::arbitrary(&mut u).ok()?;
            return Some(CheckInvoiceInput {
                options,
                invoice: invoice.to_bytes(),
                balanced: invoice.balanced,
            });
        }
        Some(CheckInvoiceInput {
            options,
            invoice: u.take_rest().to_vec(),
            balanced: false,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapInput {
    pub options: MappingOptions,
    pub document: Vec<u8>,
}

impl MapInput {
    pub fn decode(data: &[u8]) -> Option<Self> {
        let mut u = Unstructured::new(data);
        let options = mapping::options(&mut u).ok()?;
        Some(MapInput {
            options,
            document: u.take_rest().to_vec(),
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct BuildInput {
    pub options: InvoiceOptionsInput,
    pub request: FeedbackRequest<'static>,
}

impl BuildInput {
    pub fn decode(data: &[u8]) -> Option<Self> {
        let mut u = Unstructured::new(data);
        Some(BuildInput {
            options: InvoiceOptionsInput::arbitrary(&mut u).ok()?,
            request: feedback::request(&mut u).ok()?,
        })
    }
}

// ---------------------------------------------------------------------------
// Native calls, with the invariants
// ---------------------------------------------------------------------------

/// Runs the target on fuzz bytes: decode, call natively, check invariants.
pub fn run(target: Target, data: &[u8]) {
    match target {
        Target::ValidateCase => drop(validate_case(&CaseInput::decode(data))),
        Target::ValidateTask => drop(validate_plain(DocumentKind::Task, data)),
        Target::ValidateStatusMessage => drop(validate_plain(DocumentKind::StatusMessage, data)),
        Target::ValidateTextMessage => drop(validate_plain(DocumentKind::TextMessage, data)),
        Target::ValidateFeedback => {
            if let Some(input) = FeedbackInput::decode(data) {
                drop(validate_feedback(&input));
            }
        }
        Target::ValidateStatusUpdate => {
            if let Some(input) = StatusUpdateInput::decode(data) {
                drop(validate_status_update(&input));
            }
        }
        Target::CheckInvoice => {
            if let Some(input) = CheckInvoiceInput::decode(data) {
                drop(check_invoice(&input));
            }
        }
        Target::MapTask => {
            if let Some(input) = MapInput::decode(data) {
                drop(map_task(&input));
            }
        }
        Target::BuildFeedback => {
            if let Some(input) = BuildInput::decode(data) {
                drop(build_feedback(&input));
            }
        }
    }
}

fn checked_document_report(report: Report, document: &[u8]) -> Report {
    check_fast_parse(document);
    check_report(&report, document);
    check_paths_resolve(&report, document);
    report
}

/// validate-task, validate-status-message, validate-text-message.
pub fn validate_plain(kind: DocumentKind, document: &[u8]) -> Report {
    let report = match kind {
        DocumentKind::Task => scalepoint_core::validate_task(document),
        DocumentKind::StatusMessage => scalepoint_core::validate_status_message(document),
        DocumentKind::TextMessage => scalepoint_core::validate_text_message(document),
        other => panic!("{other} takes options"),
    };
    checked_document_report(report, document)
}

pub fn validate_case(input: &CaseInput) -> Report {
    let options = CaseOptions {
        product: input.product,
    };
    let report = scalepoint_core::validate_case(&input.document, &options);
    checked_document_report(report, &input.document)
}

/// `Err` where the component answers `invalid-option`.
pub fn validate_feedback(input: &FeedbackInput) -> Result<Report, InvalidOption> {
    let options = input.options.to_core()?;
    let report = scalepoint_core::validate_feedback(&input.document, &options);
    Ok(checked_document_report(report, &input.document))
}

pub fn validate_status_update(input: &StatusUpdateInput) -> Report {
    let report = scalepoint_core::validate_status_update(
        &input.unique_id,
        &input.status,
        input.created.as_deref(),
    );
    check_report(&report, b"");
    report
}

/// The arithmetic codes an invoice whose totals are its sums never gets.
const MISMATCHES: [&str; 5] = [
    scalepoint_core::invoice::codes::LINE_TOTAL_MISMATCH,
    scalepoint_core::invoice::codes::TOTAL_MISMATCH,
    scalepoint_core::invoice::codes::LINES_TOTAL_MISMATCH,
    scalepoint_core::invoice::codes::NET_MISMATCH,
    scalepoint_core::invoice::codes::VAT_MISMATCH,
];

pub fn check_invoice(input: &CheckInvoiceInput) -> Result<Report, InvalidOption> {
    let options = input.options.to_core()?;
    let report = scalepoint_core::check_invoice(&input.invoice, &options);
    let report = checked_document_report(report, &input.invoice);
    if input.balanced {
        let broken: Vec<_> = report
            .issues
            .iter()
            .filter(|i| MISMATCHES.contains(&i.code))
            .collect();
        assert!(
            broken.is_empty(),
            "a balanced invoice mismatches: {broken:?}"
        );
    }
    Ok(report)
}

pub fn map_task(input: &MapInput) -> Result<Vec<WorkOrder>, MappingError> {
    let configuration = scalepoint_core::check_mapping_options(&input.options);
    let result = scalepoint_core::map_task(&input.document, &input.options);
    // validate-and-map-task answers what the two calls answer.
    let both = scalepoint_core::validate_and_map_task(&input.document, &input.options);
    match (&both, &result) {
        (Ok(mapped), Ok(orders)) => {
            assert_eq!(&mapped.work_orders, orders, "not map-task's work orders");
            let validation = scalepoint_core::validate_task(&input.document);
            assert_eq!(mapped.report, validation, "not validate-task's report");
        }
        (Err(e), Err(expected)) => assert_eq!(e, expected, "not map-task's error"),
        _ => panic!("validate-and-map-task {both:?}, map-task {result:?}"),
    }
    match (&configuration, &result) {
        (Err(e), _) => assert_eq!(Err(e), result.as_ref(), "configuration is checked first"),
        (Ok(()), Err(MappingError::InvalidDocument(report))) => {
            assert!(!report.valid, "refused with a valid report: {report:?}");
            check_report(report, &input.document);
            // A task validate-task refuses is refused with that very report.
            let validation = scalepoint_core::validate_task(&input.document);
            if !validation.valid {
                assert_eq!(report, &validation, "not validate-task's report");
            }
        }
        (Ok(()), Err(other)) => panic!("a configuration error the check missed: {other:?}"),
        (Ok(()), Ok(orders)) => {
            let validation = scalepoint_core::validate_task(&input.document);
            assert!(validation.valid, "mapped an invalid task: {validation:?}");
            let doc: Value = serde_json::from_slice(&input.document).expect("mapped, so JSON");
            let tasks = doc["serviceTasks"].as_array().map_or(0, Vec::len);
            assert_eq!(orders.len(), tasks, "one work order per service task");
            orders
                .iter()
                .flat_map(|o| &o.warnings)
                .for_each(check_issue);
        }
    }
    result
}

pub fn build_feedback(
    input: &BuildInput,
) -> Result<Result<BuiltFeedback, BuildError>, InvalidOption> {
    let options = input.options.to_core()?;
    let result = feedback_builder::build_feedback(&input.request, &options);
    match &result {
        Ok(built) => {
            assert!(built.report.valid, "built with errors: {:?}", built.report);
            check_report(&built.report, built.json.as_bytes());
            let again = scalepoint_core::validate_feedback(built.json.as_bytes(), &options);
            assert_eq!(again, built.report, "the report is the document's");
            check_no_line_lost(&input.request, &built.json);
        }
        Err(BuildError::InvalidTask(r) | BuildError::InvalidFeedback(r)) => {
            assert!(!r.valid, "refused with a valid report: {r:?}");
            check_report(r, b"");
        }
        Err(_) => {}
    }
    Ok(result)
}

/// Every line of the task comes back unless removed by name (S1 usage
/// notes: Scalepoint deletes lines left out).
fn check_no_line_lost(request: &FeedbackRequest<'_>, json: &str) {
    use feedback_builder::LineChange;
    let tasks = feedback::service_tasks(request.task_document);
    let (_, ids) = tasks
        .iter()
        .find(|(id, _)| id.eq_ignore_ascii_case(&request.task_unique_id))
        .expect("built, so the task exists");
    let removed = |id: &String| {
        request
            .changes
            .iter()
            .any(|c| matches!(c, LineChange::Remove { claim_line_id } if claim_line_id == id))
    };
    let kept: Vec<&String> = ids.iter().filter(|id| !removed(id)).collect();
    let inserted = request
        .changes
        .iter()
        .filter(|c| matches!(c, LineChange::Insert(_)))
        .count();
    let built: Value = serde_json::from_str(json).expect("built JSON");
    let lines = built["serviceLines"].as_array().expect("serviceLines");
    assert_eq!(lines.len(), kept.len() + inserted, "lines lost or added");
    for id in kept {
        assert!(
            lines.iter().any(|l| match &l["claimLineId"] {
                Value::Number(n) => &n.to_string() == id,
                Value::String(s) => s == id,
                _ => false,
            }),
            "line {id} was lost"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &[u8] = br#"{"serviceTasks": []}"#;

    /// `seed` gives the document with default options, as FUZZING.md says.
    #[test]
    fn zero_prefix_means_default_options() {
        let f = FeedbackInput::decode(&seed(Target::ValidateFeedback, DOC)).unwrap();
        assert_eq!(f.options, InvoiceOptionsInput::default());
        assert_eq!(f.document, DOC);
        let c = CheckInvoiceInput::decode(&seed(Target::CheckInvoice, DOC)).unwrap();
        assert_eq!((c.options, c.invoice.as_slice()), (Default::default(), DOC));
        let m = MapInput::decode(&seed(Target::MapTask, DOC)).unwrap();
        assert_eq!(
            (m.options, m.document.as_slice()),
            (Default::default(), DOC)
        );
        let case = CaseInput::decode(&seed(Target::ValidateCase, DOC));
        assert_eq!((case.product, case.document.as_slice()), (None, DOC));
    }

    #[test]
    fn seed_tasks_are_valid() {
        for task in feedback::SEED_TASKS {
            assert!(scalepoint_core::validate_task(task).valid);
        }
    }
}
