//! Shared by the end-to-end tests: one compiled component per test binary,
//! and the fixture tables of `tests/fixtures/` that say, per spec clause, what
//! a document must produce.

pub mod convert;
pub mod golden;
pub mod recording;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use host_demo::runtime::{wit, wit_product, ComponentHost};
use scalepoint_core::{DocumentKind, Product};
use serde::Deserialize;
use serde_json::Value;

/// The component, compiled once for the whole test binary.
pub fn host() -> &'static ComponentHost {
    static HOST: OnceLock<ComponentHost> = OnceLock::new();
    HOST.get_or_init(|| ComponentHost::built().expect("load the built component"))
}

pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative)
}

pub fn read(relative: &str) -> Vec<u8> {
    std::fs::read(repo_path(relative)).unwrap_or_else(|e| panic!("read {relative}: {e}"))
}

/// One issue reduced to what tests compare.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub struct Found {
    pub code: String,
    pub path: String,
}

/// A report from either side, in one shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub valid: bool,
    /// (severity, path, code, message)
    pub issues: Vec<(String, String, String, String)>,
}

impl Outcome {
    pub fn found(&self) -> Vec<Found> {
        let mut found: Vec<Found> = self
            .issues
            .iter()
            .map(|(_, path, code, _)| Found {
                code: code.clone(),
                path: path.clone(),
            })
            .collect();
        found.sort();
        found
    }

    pub fn has(&self, code: &str, path: &str) -> bool {
        self.issues
            .iter()
            .any(|(_, p, c, _)| c == code && p == path)
    }
}

impl From<wit::Report> for Outcome {
    fn from(report: wit::Report) -> Self {
        let issues = report
            .issues
            .into_iter()
            .map(|i| {
                let severity = match i.severity {
                    wit::Severity::Error => "error",
                    wit::Severity::Warning => "warning",
                };
                (severity.to_string(), i.path, i.code, i.message)
            })
            .collect();
        Outcome {
            valid: report.valid,
            issues,
        }
    }
}

impl From<scalepoint_core::Report> for Outcome {
    fn from(report: scalepoint_core::Report) -> Self {
        let issues = report
            .issues
            .into_iter()
            .map(|i| {
                let severity = match i.severity {
                    scalepoint_core::Severity::Error => "error",
                    scalepoint_core::Severity::Warning => "warning",
                };
                (severity.to_string(), i.path, i.code.to_string(), i.message)
            })
            .collect();
        Outcome {
            valid: report.valid,
            issues,
        }
    }
}

fn default_invoice_options() -> wit::InvoiceOptions {
    wit::InvoiceOptions {
        vat_rate: None,
        tolerance: None,
        previously_sent: Vec::new(),
    }
}

/// Validates inside the component, as a host does.
pub fn validate_in_component(
    kind: DocumentKind,
    document: &[u8],
    product: Option<Product>,
) -> Outcome {
    let report = host()
        .call(|instance, store| {
            let v = instance.validation(&mut *store)?;
            let options = default_invoice_options();
            Ok(match kind {
                DocumentKind::Case => {
                    let options = wit::CaseOptions {
                        product: product.map(wit_product),
                    };
                    v.call_validate_case(store, document, options)?
                }
                DocumentKind::Task => v.call_validate_task(store, document)?,
                DocumentKind::Feedback => v
                    .call_validate_feedback(store, document, &options)?
                    .expect("default options are valid"),
                DocumentKind::StatusMessage => v.call_validate_status_message(store, document)?,
                DocumentKind::TextMessage => v.call_validate_text_message(store, document)?,
            })
        })
        .expect("the call returns a report, never traps");
    report.into()
}

/// Validates with the same logic compiled natively.
pub fn validate_natively(kind: DocumentKind, document: &[u8], product: Option<Product>) -> Outcome {
    let options = match kind {
        DocumentKind::Case => {
            scalepoint_core::Options::Case(scalepoint_core::CaseOptions { product })
        }
        other => scalepoint_core::Options::default_for(other),
    };
    scalepoint_core::validate(kind, document, &options).into()
}

/// One row of a fixture table.
#[derive(Debug, Deserialize)]
pub struct Fixture {
    pub name: String,
    /// The spec clause the row checks.
    pub spec: String,
    /// Absent in `case-rules.json`, where every row is a case.
    pub kind: Option<String>,
    pub product: Option<String>,
    pub document: Value,
    pub valid: bool,
    pub expect: Vec<Found>,
}

impl Fixture {
    pub fn kind(&self) -> DocumentKind {
        self.kind
            .as_deref()
            .unwrap_or("case")
            .parse()
            .expect("fixture kind")
    }

    pub fn product(&self) -> Option<Product> {
        self.product
            .as_deref()
            .map(|p| p.parse().expect("fixture product"))
    }

    pub fn bytes(&self) -> Vec<u8> {
        serde_json::to_vec(&self.document).expect("serialise fixture")
    }

    /// Checks an outcome against the row: the verdict, and exactly the
    /// expected (code, path) pairs.
    pub fn check(&self, outcome: &Outcome) -> Result<(), String> {
        let mut expected = self.expect.clone();
        expected.sort();
        let found = outcome.found();
        if outcome.valid != self.valid || found != expected {
            return Err(format!(
                "{} ({}):\n  expected valid={} {:?}\n  found    valid={} {:?}",
                self.name, self.spec, self.valid, expected, outcome.valid, outcome.issues
            ));
        }
        Ok(())
    }
}

pub fn load_fixtures(relative: &str) -> Vec<Fixture> {
    serde_json::from_slice(&read(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// Runs every row of a table in the component and natively; both must meet
/// the row, and the component must answer exactly what native code answers.
pub fn run_table(relative: &str) {
    let fixtures = load_fixtures(relative);
    assert!(!fixtures.is_empty(), "{relative} has no rows");
    let mut failures = Vec::new();
    for fixture in &fixtures {
        let bytes = fixture.bytes();
        let in_component = validate_in_component(fixture.kind(), &bytes, fixture.product());
        let native = validate_natively(fixture.kind(), &bytes, fixture.product());
        if let Err(e) = fixture.check(&in_component) {
            failures.push(e);
        }
        if in_component != native {
            failures.push(format!(
                "{}: component and native differ:\n  {in_component:?}\n  {native:?}",
                fixture.name
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        fixtures.len(),
        failures.join("\n")
    );
}
