//! The logic of a Scalepoint integration as plain Rust: read documents,
//! validate them against the specification, map and build them. No I/O: the
//! WebAssembly component (and any native host) calls in with bytes and gets
//! typed values back.

pub mod case;
pub mod case_client;
pub mod decimal;
pub mod documents;
pub mod feedback_builder;
pub mod fields;
pub mod input;
pub mod invoice;
pub mod json;
pub mod kind;
pub mod mapping;
pub mod money;
mod names;
pub mod product;
pub mod report;
pub mod schema;
mod swar;
pub mod validate;
mod warm_up;
pub mod wire;

pub use documents::status_update::validate_status_update;
pub use invoice::{InvoiceOptions, SentInvoice};
pub use kind::DocumentKind;
pub use mapping::{
    check_mapping_options, map_task, validate_and_map_task, MappedTask, MappingError,
    MappingOptions, WorkOrder,
};
pub use product::Product;
pub use report::{Issue, Position, Report, Severity};
pub use validate::{
    check_invoice, validate, validate_case, validate_feedback, validate_status_message,
    validate_task, validate_text_message, CaseOptions, Options,
};
pub use warm_up::warm_up;
