//! `host-demo validate`: output and exit status, as scripts use them.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn host_demo(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_host-demo"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start host-demo");
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or_default()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("stdout is the JSON report")
}

#[test]
fn a_valid_document_exits_0_with_the_json_report() {
    let out = host_demo(&["validate", "task", "examples/task-b1.json"], None);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out), serde_json::json!({"valid": true, "issues": []}));
}

#[test]
fn an_invalid_document_exits_1_and_lists_every_issue() {
    let out = host_demo(
        &[
            "validate",
            "feedback",
            "tests/fixtures/feedback-a1-uncommented.json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    assert_eq!(report["valid"], false);
    let issue = &report["issues"][0];
    for field in ["severity", "path", "code", "message"] {
        assert!(issue[field].is_string(), "{field} in {issue}");
    }
}

#[test]
fn standard_input_is_read_for_a_dash() {
    let doc = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/text-message-d1.json"
    ))
    .unwrap();
    let out = host_demo(&["validate", "text-message", "-"], Some(&doc));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn text_format_is_for_people() {
    let out = host_demo(
        &[
            "validate",
            "feedback",
            "examples/feedback-a1.json",
            "--format",
            "text",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("INVALID") && text.contains("[invalid-json]"),
        "{text}"
    );
}

/// seed 001: HUB Health requires customer.firstName; the simplest case has
/// no customer, so it is valid without a product and invalid for HUB Health.
#[test]
fn product_rules_are_applied_when_named() {
    let out = host_demo(&["validate", "case", "examples/case/simplest.json"], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = host_demo(
        &[
            "validate",
            "case",
            "examples/case/simplest.json",
            "--product",
            "HUB Health",
        ],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let report = json(&out);
    let paths: Vec<&str> = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["path"].as_str())
        .collect();
    assert!(paths.contains(&"/customer/firstName"), "{paths:?}");
}

#[test]
fn usage_and_io_errors_exit_2_with_a_message() {
    for args in [
        &["validate", "task", "does/not/exist.json"][..],
        &["validate", "invoice", "examples/task-b1.json"],
        &[
            "validate",
            "case",
            "examples/case/simplest.json",
            "--product",
            "hub",
        ],
        &[
            "validate",
            "task",
            "examples/task-b1.json",
            "--product",
            "ecx",
        ],
        &[
            "validate",
            "feedback",
            "examples/feedback-valid.json",
            "--vat-rate",
            "abc",
        ],
        &["validate"],
    ] {
        let out = host_demo(args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}: a message on stderr");
        assert!(out.stdout.is_empty(), "{args:?}: nothing on stdout");
    }
}

/// Which of host-demo's output streams goes to a pipe whose reader has
/// already gone, as behind `| head -1` once `head` has its line.
#[derive(Clone, Copy)]
enum Closed {
    Stdout,
    Stderr,
}

/// Runs host-demo with `closed` a pipe nobody reads and the other captured.
fn host_demo_with_a_closed(closed: Closed, args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let mut command = Command::new(env!("CARGO_BIN_EXE_host-demo"));
    command
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .stdin(Stdio::null());
    match closed {
        Closed::Stdout => command.stdout(writer).stderr(Stdio::piped()),
        Closed::Stderr => command.stderr(writer).stdout(Stdio::piped()),
    };
    command.output().expect("run host-demo")
}

/// A reader that stops reading is not an error: no panic, and the exit
/// status is what it would have been. Messages on stderr are for people;
/// when they cannot be shown they are dropped (`serve` logs every outbox
/// attempt there, and must not stop because its log reader did).
#[test]
fn a_closed_output_stream_leaves_the_exit_status_as_it_was() {
    let db = crate::server_common::temp_dir("closed-stderr").join("erp.db");
    let mut queue = crate::server_common::outbox_add_status(GUID, "Repair started");
    queue.extend(["--db", db.to_str().unwrap()]);
    for (closed, args, status) in [
        (
            Closed::Stdout,
            &["validate", "task", "examples/task-b1.json"][..],
            0,
        ),
        (
            Closed::Stdout,
            &[
                "validate",
                "feedback",
                "tests/fixtures/feedback-a1-uncommented.json",
                "--format",
                "text",
            ],
            1,
        ),
        (Closed::Stdout, &["inspect"], 0),
        (
            Closed::Stderr,
            &["validate", "task", "does/not/exist.json"],
            2,
        ),
        (Closed::Stderr, &queue, 0),
    ] {
        let out = host_demo_with_a_closed(closed, args);
        assert_eq!(out.status.code(), Some(status), "{args:?}");
        if let Closed::Stdout = closed {
            assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
        }
    }
}

/// A task id for commands that need one.
const GUID: &str = "0b9a7c1e-3f4d-4e5a-9b6c-7d8e9f0a1b2c";

/// A load run against an address where no server listens measured
/// nothing: it says so and fails, rather than printing zeros and exit 0.
#[test]
fn a_load_that_reaches_no_server_fails_with_the_reason() {
    let out = host_demo(
        &[
            "load",
            "--addr",
            "127.0.0.1:9",
            "--security-token",
            GUID,
            "--seconds",
            "5",
            "--connections",
            "2",
        ],
        None,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("no task was acknowledged") && stderr.contains("127.0.0.1:9"),
        "{stderr}"
    );
    assert!(
        out.stdout.is_empty(),
        "no figures for a run that measured nothing"
    );
}

/// `host-demo demo`: the whole story on a fresh machine, no setup, exit 0.
#[test]
fn the_demo_runs_end_to_end() {
    let dir = std::env::temp_dir().join(format!("scalepoint-demo-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("erp.db");
    let out = host_demo(&["demo", "--db", db.to_str().unwrap()], None);
    let transcript = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{transcript}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for step in [
        "SP1 POST /scalepoint/tasks",
        "work order created",
        "Scalepoint accepted the status",
        "Scalepoint accepted the message",
        "Scalepoint accepted feedback with the repair price",
        "Scalepoint accepted the invoice",
        "status RVTaskApprovedNotificationToServicePartner",
        "Scalepoint received 4 requests, all accepted",
    ] {
        assert!(
            transcript.contains(step),
            "missing {step:?} in:\n{transcript}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
