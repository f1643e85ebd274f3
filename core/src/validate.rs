//! The public validation entry points: read the bytes, check the schema,
//! then the prose rules; collect everything into one report.

use crate::json::Value;

use crate::documents;
use crate::input::{parse_object, DEFAULT_MAX_DOCUMENT_BYTES};
use crate::invoice::InvoiceOptions;
use crate::kind::DocumentKind;
use crate::product::Product;
use crate::report::{Issue, Report};

/// Options of `validate-case`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseOptions {
    /// The product the case is for; its product-specific rules apply only
    /// when named (shared/README.md §9).
    pub product: Option<Product>,
}

/// Validation options per kind of document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Options {
    Case(CaseOptions),
    Feedback(InvoiceOptions),
    Plain,
}

impl Options {
    /// The defaults for `kind`.
    pub fn default_for(kind: DocumentKind) -> Self {
        match kind {
            DocumentKind::Case => Options::Case(CaseOptions::default()),
            DocumentKind::Feedback => Options::Feedback(InvoiceOptions::default()),
            _ => Options::Plain,
        }
    }
}

/// Validates `input` as a document of `kind`.
pub fn validate(kind: DocumentKind, input: &[u8], options: &Options) -> Report {
    let doc = match parse_object(input, DEFAULT_MAX_DOCUMENT_BYTES) {
        Ok(doc) => doc,
        Err(issue) => return Report::from_issues(vec![issue]),
    };
    Report::from_issues(check_document(kind, &doc, options))
}

/// Schema and prose rules on an already parsed document.
pub fn check_document(kind: DocumentKind, doc: &Value, options: &Options) -> Vec<Issue> {
    let mut issues = Vec::new();
    kind.schema().validate(doc, &mut issues);
    match (kind, options) {
        (DocumentKind::Case, Options::Case(o)) => {
            crate::case::check_rules(doc, o.product, &mut issues)
        }
        (DocumentKind::Case, _) => crate::case::check_rules(doc, None, &mut issues),
        (DocumentKind::Feedback, Options::Feedback(o)) => {
            documents::feedback::check_rules(doc, o, &mut issues)
        }
        (DocumentKind::Feedback, _) => {
            documents::feedback::check_rules(doc, &InvoiceOptions::default(), &mut issues)
        }
        (DocumentKind::Task, _) => documents::task::check_rules(doc, &mut issues),
        (DocumentKind::StatusMessage, _) => {
            documents::status_message::check_rules(doc, &mut issues)
        }
        (DocumentKind::TextMessage, _) => documents::text_message::check_rules(doc, &mut issues),
    }
    issues
}

pub fn validate_case(input: &[u8], options: &CaseOptions) -> Report {
    validate(DocumentKind::Case, input, &Options::Case(options.clone()))
}

pub fn validate_task(input: &[u8]) -> Report {
    validate(DocumentKind::Task, input, &Options::Plain)
}

pub fn validate_feedback(input: &[u8], options: &InvoiceOptions) -> Report {
    validate(
        DocumentKind::Feedback,
        input,
        &Options::Feedback(options.clone()),
    )
}

pub fn validate_status_message(input: &[u8]) -> Report {
    validate(DocumentKind::StatusMessage, input, &Options::Plain)
}

pub fn validate_text_message(input: &[u8]) -> Report {
    validate(DocumentKind::TextMessage, input, &Options::Plain)
}

/// `check-invoice` on an invoice object alone (the `invoice` of A2).
pub fn check_invoice(input: &[u8], options: &InvoiceOptions) -> Report {
    let doc = match parse_object(input, DEFAULT_MAX_DOCUMENT_BYTES) {
        Ok(doc) => doc,
        Err(issue) => return Report::from_issues(vec![issue]),
    };
    let mut issues = Vec::new();
    invoice_schema().validate(&doc, &mut issues);
    crate::invoice::check_invoice(&doc, "", options, &mut issues);
    Report::from_issues(issues)
}

/// A2's `invoice` definition as a schema of its own.
pub(crate) fn invoice_schema() -> &'static crate::schema::Schema {
    static SCHEMA: std::sync::OnceLock<crate::schema::Schema> = std::sync::OnceLock::new();
    SCHEMA.get_or_init(|| {
        let definitions = DocumentKind::Feedback.schema_document()["definitions"].clone();
        let schema =
            serde_json::json!({"definitions": definitions, "$ref": "#/definitions/invoice"});
        crate::schema::compile(&schema, &[]).unwrap_or_else(|e| panic!("A2 invoice: {e}"))
    })
}
