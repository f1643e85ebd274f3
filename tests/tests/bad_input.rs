//! Bad input gets a typed report, never a trap: the component survives
//! anything a host may pass it.

use host_demo::runtime::{CallError, DEFAULT_MEMORY_LIMIT};
use scalepoint_core::DocumentKind;
use scalepoint_e2e::{host, validate_in_component, Outcome};

fn only_issue(outcome: &Outcome) -> (&str, &str) {
    assert!(!outcome.valid);
    assert_eq!(outcome.issues.len(), 1, "{outcome:?}");
    (outcome.issues[0].2.as_str(), outcome.issues[0].3.as_str())
}

#[test]
fn empty_input() {
    for kind in DocumentKind::ALL {
        let outcome = validate_in_component(kind, b"", None);
        assert_eq!(only_issue(&outcome).0, "empty-document");
    }
}

#[test]
fn not_utf8_names_the_byte_offset() {
    let outcome = validate_in_component(DocumentKind::Task, b"{\"serviceTasks\": \"\xFF\"}", None);
    let (code, message) = only_issue(&outcome);
    assert_eq!(code, "invalid-utf8");
    assert!(message.contains("byte offset 18"), "{message}");
}

#[test]
fn not_json_names_line_and_column() {
    let outcome = validate_in_component(DocumentKind::Task, b"{\n  \"serviceTasks\": [\n}", None);
    let (code, message) = only_issue(&outcome);
    assert_eq!(code, "invalid-json");
    assert!(message.contains("line 3"), "{message}");
}

#[test]
fn deep_nesting_is_refused() {
    let deep = format!("{{\"a\": {}{}}}", "[".repeat(10_000), "]".repeat(10_000));
    let outcome = validate_in_component(DocumentKind::TextMessage, deep.as_bytes(), None);
    assert_eq!(only_issue(&outcome).0, "nesting-too-deep");
}

#[test]
fn oversized_documents_are_refused() {
    let mut big = b"{\"textMessage\": \"".to_vec();
    big.resize(5 * 1024 * 1024, b'x');
    big.extend_from_slice(b"\"}");
    let outcome = validate_in_component(DocumentKind::TextMessage, &big, None);
    assert_eq!(only_issue(&outcome).0, "document-too-large");
}

#[test]
fn wrong_top_level_type() {
    for doc in [&b"[]"[..], b"42", b"\"text\"", b"null"] {
        let outcome = validate_in_component(DocumentKind::Feedback, doc, None);
        assert_eq!(only_issue(&outcome).0, "not-an-object");
    }
}

/// Options that cannot be used come back as a typed error naming the option.
#[test]
fn invalid_options_are_typed_errors() {
    use host_demo::runtime::wit;
    let result = host()
        .call(|instance, store| {
            let options = wit::InvoiceOptions {
                vat_rate: Some("25%".into()),
                tolerance: None,
                previously_sent: Vec::new(),
            };
            instance
                .validation(&mut *store)?
                .call_validate_feedback(store, b"{}", &options)
        })
        .unwrap();
    let error = result.unwrap_err();
    assert_eq!(error.name, "vat-rate");
}

/// S2 status fields are checked in the component too (shared/README.md §8).
#[test]
fn status_updates() {
    let report = host()
        .call(|instance, store| {
            instance
                .validation(&mut *store)?
                .call_validate_status_update(
                    store,
                    "dc100952-2005-4fbf-bbdf-badd1ec5a912",
                    &"x".repeat(101),
                    Some("2020-02-21T16:00:00"),
                )
        })
        .unwrap();
    let outcome = Outcome::from(report);
    assert!(outcome.has("status-too-long", "/status"));
    assert!(outcome.has("invalid-created", "/created"));
}

/// A 64 MB document is refused clearly: the instance may not grow past its
/// memory cap, the call fails with an error that says so, and the host goes
/// on serving the next call.
#[test]
fn a_64_mb_document_is_refused_and_the_host_keeps_serving() {
    let mut huge = b"{\"textMessage\": \"".to_vec();
    huge.resize(64 * 1024 * 1024, b'x');
    huge.extend_from_slice(b"\"}");
    let error = host()
        .call(|instance, store| {
            instance
                .validation(&mut *store)?
                .call_validate_text_message(store, &huge)
        })
        .unwrap_err();
    assert!(format!("{error:#}").contains("memory limit"), "{error:#}");
    assert_eq!(
        CallError::of(&error),
        Some(CallError::MemoryLimit {
            limit: DEFAULT_MEMORY_LIMIT
        })
    );
    let outcome = validate_in_component(
        DocumentKind::TextMessage,
        &scalepoint_e2e::read("examples/text-message-d1.json"),
        None,
    );
    assert!(outcome.valid);
}
