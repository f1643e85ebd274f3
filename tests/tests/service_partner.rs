//! The service partner's outbound side in the built component: feedback
//! built from a task, and S1/S2/S3 sent byte for byte as seed 002 says.

use host_demo::demo::repair_price;
use host_demo::runtime::exports::scalepoint::integration::service_partner as sp;
use host_demo::runtime::{http_client, wit};
use scalepoint_e2e::golden::assert_golden;
use scalepoint_e2e::recording::{describe, Recording};
use scalepoint_e2e::{host, read};

const TASK: &str = "dc100952-2005-4fbf-bbdf-badd1ec5a912";
const TOKEN: &str = "6f1c1d8e-3f4b-4a51-9c3e-2b7d8e9f0a1b";

fn endpoint() -> sp::Endpoint {
    sp::Endpoint {
        base_url: "https://scalepoint.test/".into(),
        country: "dk".into(),
        security_token: TOKEN.into(),
    }
}

fn options() -> wit::InvoiceOptions {
    wit::InvoiceOptions {
        vat_rate: None,
        tolerance: None,
        previously_sent: Vec::new(),
    }
}

fn feedback_request(changes: Vec<sp::LineChange>) -> sp::FeedbackRequest {
    host_demo::demo::feedback_request(changes, None)
}

fn build(request: sp::FeedbackRequest) -> Result<sp::BuiltFeedback, sp::BuildError> {
    host()
        .call(|instance, store| {
            instance
                .service_partner(&mut *store)?
                .call_build_feedback(store, &request, &options())
        })
        .expect("no trap")
}

fn photo() -> sp::File {
    sp::File {
        name: "photo.png".into(),
        content_type: "image/png".into(),
        data: b"\x89PNG fake image bytes".to_vec(),
    }
}

/// seed 002 S1: feedback with a repair price, every other part of the line as received.
#[test]
fn feedback_from_b1_with_a_repair_price() {
    let built = build(feedback_request(vec![repair_price("400.00")])).expect("built");
    assert!(built.report.valid);
    assert_golden("wire/feedback-b1-repair-price.json", &built.json);
}

/// shared/README.md §6: nothing is deleted by omission; a REPAIR line without a price is refused.
#[test]
fn feedback_is_never_built_invalid_or_lossy() {
    match build(feedback_request(vec![])) {
        Err(sp::BuildError::InvalidFeedback(report)) => {
            assert!(report
                .issues
                .iter()
                .any(|i| i.code == "repair-price-required"))
        }
        other => panic!("{other:?}"),
    }
    match build(feedback_request(vec![sp::LineChange::Remove("999".into())])) {
        Err(sp::BuildError::UnknownClaimLine(id)) => assert_eq!(id, "999"),
        other => panic!("{other:?}"),
    }
}

fn send_feedback(
    net: &std::sync::Arc<Recording>,
    feedback: &[u8],
) -> Result<sp::SendOutcome, sp::SendError> {
    host()
        .call_with(net.imports(), |instance, store| {
            instance.service_partner(&mut *store)?.call_send_feedback(
                store,
                &endpoint(),
                feedback,
                &[photo()],
                &options(),
            )
        })
        .expect("no trap")
}

/// seed 002 S1: POST .../ws/v3.1/task_feedback.action, multipart/form-data with
/// securityToken, jsonString and the attachments, Accept: application/json.
#[test]
fn s1_request_is_exact() {
    let net = Recording::answering(201, r#"{"status":"SUCCESS"}"#);
    let feedback = build(feedback_request(vec![repair_price("400.00")]))
        .unwrap()
        .json;
    let outcome = send_feedback(&net, feedback.as_bytes()).unwrap();
    assert!(matches!(outcome, sp::SendOutcome::Accepted));
    let requests = net.requests();
    assert_eq!(requests.len(), 1);
    assert_golden("wire/s1-feedback.txt", &describe(&requests[0]));
}

/// seed 002 S1 "Successful responses" 2: 201 with validationErrors means the
/// invoice was NOT saved — an error to the caller.
#[test]
fn s1_invoice_not_saved() {
    let body = r#"{"status":"SUCCESS","message":"Validation failed","validationErrors":{"errorList":["You already submitted invoice with the same Invoice number and Invoice type, but with another Total invoice amount."]}}"#;
    let net = Recording::answering(201, body);
    let outcome = send_feedback(&net, &read("examples/feedback-valid.json")).unwrap();
    match outcome {
        sp::SendOutcome::InvoiceNotSaved(rejection) => assert_eq!(rejection.errors.len(), 1),
        other => panic!("{other:?}"),
    }
}

/// An invalid document is never sent (seed 002 A1 as published).
#[test]
fn invalid_feedback_is_never_sent() {
    let net = Recording::answering(201, r#"{"status":"SUCCESS"}"#);
    let outcome = send_feedback(&net, &read("examples/feedback-a1.json"));
    assert!(matches!(outcome, Err(sp::SendError::Invalid(_))));
    assert!(net.requests().is_empty());
}

/// S1 failures: 400, 403, 5xx (retryable), transport errors.
#[test]
fn s1_failures_are_typed() {
    let valid = read("examples/feedback-valid.json");
    let net = Recording::answering(400, r#"{"status":"FAILURE","message":"Wrong task GUID"}"#);
    assert!(
        matches!(send_feedback(&net, &valid), Ok(sp::SendOutcome::Rejected(r)) if r.message.as_deref() == Some("Wrong task GUID"))
    );
    let net = Recording::answering(403, r#"{"status":"FAILURE","message":"denied"}"#);
    assert!(matches!(
        send_feedback(&net, &valid),
        Ok(sp::SendOutcome::Forbidden(_))
    ));
    let net = Recording::answering(503, "busy");
    assert!(
        matches!(send_feedback(&net, &valid), Ok(sp::SendOutcome::Unexpected(u)) if u.retryable)
    );
    let net = Recording::script(vec![Err(http_client::TransportError::Timeout)]);
    assert!(matches!(
        send_feedback(&net, &valid),
        Err(sp::SendError::Transport(
            http_client::TransportError::Timeout
        ))
    ));
}

/// seed 002 S2: POST .../ws/v3/task_status.action, urlencoded securityToken,
/// uniqueId, status, created (yyyy-MM-dd HH:mm:ss).
#[test]
fn s2_request_is_exact() {
    let net = Recording::answering(201, "");
    let outcome = host()
        .call_with(net.imports(), |instance, store| {
            instance.service_partner(&mut *store)?.call_send_status(
                store,
                &endpoint(),
                TASK,
                "Repair started: display ordered",
                Some("2020-10-21 09:30:00"),
            )
        })
        .unwrap()
        .unwrap();
    assert!(matches!(outcome, sp::SendOutcome::Accepted));
    assert_golden("wire/s2-status.txt", &describe(&net.requests()[0]));
}

/// shared/README.md §8: a status over 100 characters is never sent.
#[test]
fn s2_long_status_is_refused_locally() {
    let net = Recording::answering(201, "");
    let outcome = host()
        .call_with(net.imports(), |instance, store| {
            instance.service_partner(&mut *store)?.call_send_status(
                store,
                &endpoint(),
                TASK,
                &"x".repeat(101),
                None,
            )
        })
        .unwrap();
    assert!(matches!(outcome, Err(sp::SendError::Invalid(_))));
    assert!(net.requests().is_empty());
}

/// seed 002 S3: POST .../ws/v3/message.action, multipart securityToken,
/// taskGuid, textMessage and file1..N.
#[test]
fn s3_request_is_exact() {
    let net = Recording::answering(201, r#"{"status":"SUCCESS"}"#);
    let outcome = host()
        .call_with(net.imports(), |instance, store| {
            instance.service_partner(&mut *store)?.call_send_message(
                store,
                &endpoint(),
                TASK,
                "Photo of the damage before repair",
                &[photo()],
            )
        })
        .unwrap()
        .unwrap();
    assert!(matches!(outcome, sp::SendOutcome::Accepted));
    assert_golden("wire/s3-message.txt", &describe(&net.requests()[0]));
}
