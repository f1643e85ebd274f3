//! Every rule of the spec, one passing and one failing document each, run
//! through the built component and through native code.

use scalepoint_e2e::run_table;

/// Seed 002: tasks (B2/B3), feedback (A2/A3), status (C2), text (D2).
#[test]
fn seed_002_document_rules() {
    run_table("tests/fixtures/documents.json");
}

/// Seed 001 Appendix A and code lists B–I.
#[test]
fn seed_001_case_rules() {
    run_table("tests/fixtures/case-rules.json");
}
