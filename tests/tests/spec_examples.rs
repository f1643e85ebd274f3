//! The specification's own examples, verbatim, through the built component.

use scalepoint_core::DocumentKind;
use scalepoint_e2e::{read, validate_in_component};

/// seed 002 Appendix A1 is not JSON: it carries a `//` comment
/// (shared/README.md §1). The report says so, with line and column.
#[test]
fn a1_verbatim_is_refused_as_json_with_a_comment() {
    let outcome = validate_in_component(
        DocumentKind::Feedback,
        &read("examples/feedback-a1.json"),
        None,
    );
    assert!(!outcome.valid);
    assert_eq!(outcome.issues.len(), 1, "{outcome:?}");
    let (severity, path, code, message) = &outcome.issues[0];
    assert_eq!(
        (severity.as_str(), path.as_str(), code.as_str()),
        ("error", "", "invalid-json")
    );
    assert!(message.contains("line 57, column 47"), "{message}");
    assert!(message.contains("comments are not allowed"), "{message}");
}

/// A1 without the comment is JSON, and its invoice does not add up: lines
/// sum to 750.00, the invoice says 500.00 (shared/README.md §1, §4).
#[test]
fn a1_without_its_comment_does_not_add_up() {
    let outcome = validate_in_component(
        DocumentKind::Feedback,
        &read("tests/fixtures/feedback-a1-uncommented.json"),
        None,
    );
    assert!(!outcome.valid);
    assert!(outcome.has("invoice-lines-total-mismatch", "/invoice/totalAmount"));
    let message = &outcome
        .issues
        .iter()
        .find(|i| i.2 == "invoice-lines-total-mismatch")
        .unwrap()
        .3;
    assert!(
        message.contains("500.00") && message.contains("750.00"),
        "{message}"
    );
}

/// seed 002 Appendix B1, C1, D1 are valid as published.
#[test]
fn b1_c1_d1_are_valid() {
    for (kind, file) in [
        (DocumentKind::Task, "examples/task-b1.json"),
        (
            DocumentKind::StatusMessage,
            "examples/status-message-c1.json",
        ),
        (DocumentKind::TextMessage, "examples/text-message-d1.json"),
    ] {
        let outcome = validate_in_component(kind, &read(file), None);
        assert!(
            outcome.valid && outcome.issues.is_empty(),
            "{file}: {outcome:?}"
        );
    }
}

/// seed 001 "the simplest create case request data" is valid
/// (shared/README.md §7: no subCaseType needed outside insuranceClaim).
#[test]
fn the_simplest_case_is_valid() {
    let outcome = validate_in_component(
        DocumentKind::Case,
        &read("examples/case/simplest.json"),
        None,
    );
    assert!(outcome.valid, "{outcome:?}");
}

/// Every example document we ship is what its name says.
#[test]
fn shipped_examples_are_valid() {
    for (kind, file) in [
        (DocumentKind::Feedback, "examples/feedback-valid.json"),
        (DocumentKind::Case, "examples/case/hub-property-full.json"),
    ] {
        let outcome = validate_in_component(kind, &read(file), None);
        assert!(outcome.valid, "{file}: {outcome:?}");
    }
}
