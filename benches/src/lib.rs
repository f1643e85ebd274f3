//! The documents every bench uses, read once at compile time from
//! `examples/` (the spec's examples verbatim, plus valid documents of our
//! own), so `benches/native.rs` and `benches/component.rs` time the same bytes.
//!
//! Run: `cargo bench -p scalepoint-benches` (figures in `BENCHMARKS.md`).

use scalepoint_core::feedback_builder::{
    Bank, FeedbackRequest, LineChange, LineUpdate, ServicePartner, Valuation,
};

/// Seed 002 Appendix B1: the task example (B2 schema).
pub const TASK_B1: &[u8] = include_bytes!("../../examples/task-b1.json");
/// Feedback with an invoice, valid (A2 schema); A1 itself is not valid JSON.
pub const FEEDBACK: &[u8] = include_bytes!("../../examples/feedback-valid.json");
/// Seed 002 Appendix C1: a status message (C2 schema).
pub const STATUS_MESSAGE_C1: &[u8] = include_bytes!("../../examples/status-message-c1.json");
/// Seed 002 Appendix D1: a free-text message (D2 schema).
pub const TEXT_MESSAGE_D1: &[u8] = include_bytes!("../../examples/text-message-d1.json");
/// A HUB Property case with every section filled in (our case schema).
pub const CASE_HUB_PROPERTY: &[u8] = include_bytes!("../../examples/case/hub-property-full.json");

/// The `invoice` object of `FEEDBACK` alone, as `check-invoice` takes it.
pub fn feedback_invoice() -> Vec<u8> {
    let feedback: serde_json::Value =
        serde_json::from_slice(FEEDBACK).expect("examples/feedback-valid.json is JSON");
    serde_json::to_vec(&feedback["invoice"]).expect("an invoice serialises")
}

/// B1's service task and its one line: a repair price, what an ERP sends
/// first (seed 002 S1).
pub fn feedback_request() -> FeedbackRequest<'static> {
    FeedbackRequest {
        task_document: TASK_B1,
        task_unique_id: "dc100952-2005-4fbf-bbdf-badd1ec5a912".into(),
        created_date: "2020-10-21T08:00:00Z".into(),
        service_partner: ServicePartner {
            name: "Service partner 1".into(),
            cvr_number: Some("10166896".into()),
            bank: Bank {
                reg_number: Some("1233".into()),
                account_number: Some("1222222342321112".into()),
                ..Bank::default()
            },
            ..ServicePartner::default()
        },
        changes: vec![LineChange::Update(LineUpdate {
            claim_line_id: "10882352".into(),
            valuations: vec![Valuation {
                field: "repairPrice".into(),
                amount: "400.00".into(),
            }],
            ..LineUpdate::default()
        })],
        ..FeedbackRequest::default()
    }
}
