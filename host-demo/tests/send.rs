//! `host-demo send feedback|status|message` against a stand-in Scalepoint on
//! loopback: the wire requests arrive as seed 002 says, and the exit status
//! tells a script what happened (0 accepted, 1 refused, 2 usage/transport).

use std::process::{Command, Output};

use host_demo::stand_in::StandIn;

const TOKEN: &str = "6f1c1d8e-3f4b-4a51-9c3e-2b7d8e9f0a1b";
const TASK: &str = "dc100952-2005-4fbf-bbdf-badd1ec5a912";

fn host_demo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_host-demo"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("run host-demo")
}

fn send(kind: &str, base: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "send",
        kind,
        "--base-url",
        base,
        "--country",
        "dk",
        "--security-token",
        TOKEN,
    ];
    args.extend_from_slice(extra);
    host_demo(&args)
}

fn stdout_json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

/// seed 002 S1: multipart/form-data with securityToken, jsonString and the files.
#[test]
fn feedback_with_an_attachment_is_accepted() {
    let scalepoint = StandIn::start(vec![]).unwrap();
    let out = send(
        "feedback",
        scalepoint.url(),
        &[
            "examples/feedback-valid.json",
            "--attach",
            "examples/task-b1.json",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout_json(&out)["outcome"], "accepted");
    let received = scalepoint.received();
    assert_eq!(received.len(), 1);
    let request = &received[0];
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.path,
        "/repairValuation/dk/ws/v3.1/task_feedback.action"
    );
    assert!(request
        .header("Content-Type")
        .unwrap()
        .starts_with("multipart/form-data; boundary="));
    let body = String::from_utf8_lossy(&request.body);
    assert!(body.contains("name=\"securityToken\"") && body.contains(TOKEN));
    assert!(body.contains("name=\"jsonString\""));
    assert!(body.contains("filename=\"task-b1.json\""));
}

/// seed 002 S1 response 2: 201 with validationErrors — the invoice was not saved.
#[test]
fn invoice_not_saved_exits_1() {
    let answer = r#"{"status":"SUCCESS","message":"Validation failed","validationErrors":{"errorList":["duplicate invoice"]}}"#;
    let scalepoint = StandIn::start(vec![(201, answer.into())]).unwrap();
    let out = send(
        "feedback",
        scalepoint.url(),
        &["examples/feedback-valid.json"],
    );
    assert_eq!(out.status.code(), Some(1));
    let json = stdout_json(&out);
    assert_eq!(json["outcome"], "invoice-not-saved");
    assert_eq!(json["errors"][0], "duplicate invoice");
}

/// An invalid document is refused locally: exit 1, nothing sent.
#[test]
fn invalid_feedback_is_not_sent() {
    let scalepoint = StandIn::start(vec![]).unwrap();
    let out = send("feedback", scalepoint.url(), &["examples/feedback-a1.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout_json(&out)["outcome"], "invalid");
    assert!(scalepoint.received().is_empty());
}

/// seed 002 S2: urlencoded securityToken, uniqueId, status, created.
#[test]
fn status_is_sent_urlencoded() {
    let scalepoint = StandIn::start(vec![(200, String::new())]).unwrap();
    let out = send(
        "status",
        scalepoint.url(),
        &[
            "--task",
            TASK,
            "--status",
            "Repair started",
            "--created",
            "2020-10-21 09:30:00",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let request = &scalepoint.received()[0];
    assert_eq!(request.path, "/repairValuation/dk/ws/v3/task_status.action");
    assert_eq!(
        request.header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    let body = String::from_utf8_lossy(&request.body);
    assert!(
        body.contains("status=Repair+started") && body.contains("created=2020-10-21+09%3A30%3A00"),
        "{body}"
    );
}

/// seed 002 S2 `created` mask and shared/README.md §8 (≤ 100 characters): refused locally.
#[test]
fn bad_status_fields_are_refused_locally() {
    let scalepoint = StandIn::start(vec![]).unwrap();
    let long = "x".repeat(101);
    for extra in [
        vec!["--task", TASK, "--status", long.as_str()],
        vec![
            "--task",
            TASK,
            "--status",
            "ok",
            "--created",
            "2020-10-21T09:30:00",
        ],
    ] {
        let out = send("status", scalepoint.url(), &extra);
        assert_eq!(out.status.code(), Some(1));
    }
    assert!(scalepoint.received().is_empty());
}

/// seed 002 S3: multipart securityToken, taskGuid, textMessage, file1.
#[test]
fn message_with_a_file() {
    let scalepoint = StandIn::start(vec![]).unwrap();
    let out = send(
        "message",
        scalepoint.url(),
        &[
            "--task",
            TASK,
            "--text",
            "Photo attached",
            "--attach",
            "examples/task-b1.json",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let request = &scalepoint.received()[0];
    assert_eq!(request.path, "/repairValuation/dk/ws/v3/message.action");
    let body = String::from_utf8_lossy(&request.body);
    assert!(
        body.contains("name=\"file1\"; filename=\"task-b1.json\""),
        "{body}"
    );
}

/// 400 and 403 are refusals (exit 1); an unreachable host is a transport failure (exit 2).
#[test]
fn refusals_and_transport_failures() {
    let scalepoint = StandIn::start(vec![(
        403,
        r#"{"status":"FAILURE","message":"denied"}"#.into(),
    )])
    .unwrap();
    let out = send(
        "status",
        scalepoint.url(),
        &["--task", TASK, "--status", "ok"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout_json(&out)["outcome"], "forbidden");

    let unreachable = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let out = send("status", &unreachable, &["--task", TASK, "--status", "ok"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!out.stderr.is_empty() && out.stdout.is_empty());
}
