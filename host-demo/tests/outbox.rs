//! The durable outbox of `host-demo serve` (issue: "everything outbound goes
//! through a durable outbox: stored before the first attempt, retried with
//! capped exponential backoff on transport errors and 5xx, never on 4xx,
//! dead letters visible in `tasks list` and the overview page"), against
//! the stand-in Scalepoint on loopback.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::server_common::*;
use host_demo::outbox::commands::refusal;
use host_demo::outbox::worker::WorkerConfig;
use host_demo::outbox::RetryPolicy;
use host_demo::server::ServerConfig;
use host_demo::stand_in::StandIn;
use host_demo::store::{
    Backend, Destination, Outbound, OutboundCall, OutboundFile, OutboxFilter, OutboxView,
};

fn fast_config() -> ServerConfig {
    ServerConfig {
        workers: 2,
        outbox: WorkerConfig {
            policy: RetryPolicy {
                base: Duration::from_millis(30),
                cap: Duration::from_millis(200),
                max_attempts: 4,
            },
            lease: Duration::from_secs(5),
            poll: Duration::from_millis(50),
            batch: 16,
        },
    }
}

fn destination(base_url: &str) -> Destination {
    Destination {
        base_url: base_url.into(),
        country: "dk".into(),
        security_token: TOKEN.into(),
    }
}

fn status_to(base_url: &str, task: &str, text: &str) -> Outbound {
    Outbound {
        destination: destination(base_url),
        call: OutboundCall::Status {
            task: task.into(),
            status: text.into(),
            created: Some("2020-10-21 09:30:00".into()),
        },
        files: Vec::new(),
        task: task.into(),
    }
}

fn message_to(base_url: &str, task: &str, text: &str) -> Outbound {
    Outbound {
        destination: destination(base_url),
        call: OutboundCall::Message {
            task: task.into(),
            text: text.into(),
        },
        files: Vec::new(),
        task: task.into(),
    }
}

/// S1 with `examples/feedback-valid.json`, every amount of its invoice
/// (400.00 + 100.00 VAT, one line) times `factor`, and the invoice's PDF.
fn feedback_to(base_url: &str, factor: u32) -> Outbound {
    let mut document: serde_json::Value =
        serde_json::from_str(include_str!("../../examples/feedback-valid.json")).unwrap();
    let invoice = &mut document["invoice"];
    let times = |amount: u32| serde_json::json!(amount * factor);
    invoice["netAmount"] = times(400);
    invoice["vat"] = times(100);
    invoice["totalAmount"] = times(500);
    let line = &mut invoice["invoiceLines"][0];
    line["unitNetAmount"] = times(400);
    line["unitVatAmount"] = times(100);
    line["unitPrice"] = times(500);
    line["lineTotal"] = times(500);
    let task = document["uniqueId"].as_str().unwrap().to_string();
    Outbound {
        destination: destination(base_url),
        call: OutboundCall::Feedback {
            document: document.to_string().into_bytes(),
            vat_rate: None,
            tolerance: None,
        },
        files: vec![OutboundFile {
            name: "invoice.pdf".into(),
            content_type: "application/pdf".into(),
            data: b"%PDF-1.4\n% test invoice\n".to_vec(),
        }],
        task,
    }
}

/// The codes of a report's issues.
fn codes(report: &serde_json::Value) -> Vec<String> {
    report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap().to_string())
        .collect()
}

fn entry(store: &mut dyn Backend, id: i64) -> OutboxView {
    store
        .outbox(OutboxFilter::All)
        .unwrap()
        .into_iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("outbox #{id} is gone"))
}

/// Waits until every entry in `ids` has left `pending`.
fn settle(store: &mut dyn Backend, ids: &[i64]) -> Vec<OutboxView> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let entries: Vec<OutboxView> = ids.iter().map(|&id| entry(store, id)).collect();
        if entries.iter().all(|e| e.state != "pending") {
            return entries;
        }
        assert!(
            Instant::now() < deadline,
            "still pending after 30 s: {entries:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn host_demo(args: &[&str], db: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_host-demo"))
        .args(args)
        .arg("--db")
        .arg(db)
        .output()
        .expect("run host-demo")
}

#[test]
fn a_5xx_is_retried_until_accepted_and_the_task_order_is_kept() {
    let scalepoint = StandIn::start(vec![
        (503, "busy".into()),
        (502, "busy".into()),
        (201, r#"{"status":"SUCCESS"}"#.into()),
    ])
    .unwrap();
    let server = TestServer::start_with("outbox-retry", fast_config());
    let mut store = server.store();
    let task = guid(7, 1);
    let first = store
        .enqueue(&status_to(scalepoint.url(), &task, "Repair started"))
        .unwrap();
    let second = store
        .enqueue(&message_to(scalepoint.url(), &task, "Done"))
        .unwrap();
    let settled = settle(store.as_mut(), &[first, second]);

    assert_eq!(settled[0].state, "sent");
    assert_eq!(settled[0].attempts, 3, "503, 502, then 201");
    assert_eq!(settled[1].state, "sent");
    assert_eq!(
        settled[1].attempts, 1,
        "the message waited for the status of its task"
    );
    let paths: Vec<String> = scalepoint
        .received()
        .iter()
        .map(|r| r.path.rsplit('/').next().unwrap().to_string())
        .collect();
    assert_eq!(
        paths,
        [
            "task_status.action",
            "task_status.action",
            "task_status.action",
            "message.action"
        ]
    );
}

#[test]
fn a_4xx_is_never_retried_and_shows_as_a_dead_letter() {
    let scalepoint = StandIn::start(vec![(
        400,
        r#"{"status":"ERROR","message":"Unknown task"}"#.into(),
    )])
    .unwrap();
    let server = TestServer::start_with("outbox-4xx", fast_config());
    let mut store = server.store();
    let id = store
        .enqueue(&status_to(scalepoint.url(), &guid(7, 2), "Repair started"))
        .unwrap();
    let settled = settle(store.as_mut(), &[id]);
    assert_eq!(settled[0].state, "refused");
    assert_eq!(settled[0].attempts, 1);
    // Several backoff periods later, still exactly one request.
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(scalepoint.received().len(), 1);
    assert_eq!(entry(store.as_mut(), id).attempts, 1);

    let listed = host_demo(&["tasks", "list"], &server.db);
    let text = String::from_utf8_lossy(&listed.stdout);
    assert!(listed.status.success());
    assert!(text.contains("Dead letters"), "{text}");
    assert!(text.contains("Unknown task"), "{text}");
    assert!(text.contains("refused"), "{text}");

    let page = request(server.addr, "GET", "/", None).unwrap();
    assert!(page.body.contains("id=\"dead-letters\""), "{}", page.body);
    assert!(page.body.contains(&format!("#{id}")), "{}", page.body);
    assert!(page.body.contains("Unknown task"), "{}", page.body);

    // A person fixed it at Scalepoint's end: queue it again.
    scalepoint.answer_with(Vec::new());
    let retried = host_demo(&["outbox", "retry", &id.to_string()], &server.db);
    assert!(
        retried.status.success(),
        "{}",
        String::from_utf8_lossy(&retried.stderr)
    );
    server.server.as_ref().unwrap().wake_outbox();
    assert_eq!(settle(store.as_mut(), &[id])[0].state, "sent");
}

#[test]
fn transport_errors_are_retried_with_backoff_then_become_a_dead_letter() {
    // A port nobody listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let server = TestServer::start_with("outbox-transport", fast_config());
    let mut store = server.store();
    let started = Instant::now();
    let id = store.enqueue(&status_to(&url, &guid(7, 3), "x")).unwrap();
    let settled = settle(store.as_mut(), &[id]);
    assert_eq!(settled[0].state, "dead");
    assert_eq!(settled[0].attempts, 4);
    assert_eq!(
        settled[0].last_outcome.as_ref().unwrap()["outcome"],
        "transport-error"
    );
    // Waits of 30 + 60 + 120 ms between the four attempts.
    assert!(started.elapsed() >= Duration::from_millis(210));
}

#[test]
fn an_invoice_number_delivered_before_is_refused_with_another_total() {
    // Seed 001: Scalepoint drops a re-sent invoice number with another
    // total; check-invoice says so when the host gives it the history.
    let scalepoint = StandIn::start(vec![(201, r#"{"status":"SUCCESS"}"#.into())]).unwrap();
    let server = TestServer::start_with("outbox-history", fast_config());
    let mut store = server.store();
    let host = host();
    let first = feedback_to(scalepoint.url(), 1);
    assert_eq!(refusal(&host, store.as_mut(), &first).unwrap(), None);
    let id = store.enqueue(&first).unwrap();
    assert_eq!(settle(store.as_mut(), &[id])[0].state, "sent");

    // The same invoice again, the same total: a re-send, allowed.
    assert_eq!(refusal(&host, store.as_mut(), &first).unwrap(), None);
    // The same number for twice the amount: refused before it is queued...
    let other = feedback_to(scalepoint.url(), 2);
    let report = refusal(&host, store.as_mut(), &other)
        .unwrap()
        .expect("the component refuses it");
    assert_eq!(codes(&report), ["invoice-number-reused"], "{report}");
    // ...and by the outbox worker, when it was queued without that check.
    let id = store.enqueue(&other).unwrap();
    let settled = settle(store.as_mut(), &[id]);
    assert_eq!(settled[0].state, "refused");
    assert_eq!(settled[0].attempts, 1);
    let outcome = settled[0].last_outcome.clone().unwrap();
    assert_eq!(
        codes(&outcome["report"]),
        ["invoice-number-reused"],
        "{outcome}"
    );
    assert_eq!(scalepoint.received().len(), 1, "only the first was sent");
}

#[test]
fn outbox_add_refuses_what_the_component_would_not_send() {
    let db = new_db("outbox-invalid");
    let long = "x".repeat(101);
    let task = guid(7, 4);
    let out = host_demo(&outbox_add_status(&task, &long), &db);
    assert_eq!(out.status.code(), Some(1));
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed["queued"], false);
    assert_eq!(printed["report"]["valid"], false);
    let listed = host_demo(&["outbox", "list", "--json"], &db);
    assert_eq!(String::from_utf8_lossy(&listed.stdout).trim(), "[]");
}

#[test]
fn pending_messages_survive_kill_9_and_are_sent_after_restart() {
    let scalepoint = StandIn::start(vec![(503, "down for maintenance".into())]).unwrap();
    let db = new_db("outbox-restart");
    let flags = [
        "--outbox-retry-base-ms",
        "50",
        "--outbox-retry-cap-ms",
        "200",
        "--outbox-poll-ms",
        "50",
        "--outbox-lease-ms",
        "1000",
    ];
    let (mut server, _) = start_server(&db, &flags);

    let photo = db.with_file_name("damage.png");
    std::fs::write(&photo, b"\x89PNG not really").unwrap();
    let endpoint = [
        "--base-url",
        scalepoint.url(),
        "--country",
        "dk",
        "--security-token",
        TOKEN,
    ];
    let tasks: Vec<String> = (0..3).map(|n| guid(8, n)).collect();
    for (n, task) in tasks.iter().enumerate() {
        let mut args = vec!["outbox", "add", "message"];
        args.extend(endpoint);
        let text = format!("message {n}");
        args.extend(["--task", task, "--text", &text, "--attach"]);
        args.push(photo.to_str().unwrap());
        let out = host_demo(&args, &db);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    // Every message tried at least twice, all refused with 503 ...
    let mut store = host_demo::store::open(&db).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while store
        .outbox(OutboxFilter::Pending)
        .unwrap()
        .iter()
        .any(|e| e.attempts < 2)
    {
        assert!(Instant::now() < deadline, "the messages were not tried");
        std::thread::sleep(Duration::from_millis(20));
    }
    // ... then the server dies without warning.
    server.kill().unwrap();
    server.wait().unwrap();
    let pending = store.outbox(OutboxFilter::Pending).unwrap();
    assert_eq!(pending.len(), 3, "{pending:?}");

    // Scalepoint is back; so is the server, on the same database.
    let before = scalepoint.received().len();
    scalepoint.answer_with(Vec::new());
    let (mut server, _) = start_server(&db, &flags);
    let ids: Vec<i64> = pending.iter().map(|e| e.id).collect();
    let settled = settle(store.as_mut(), &ids);
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(settled.iter().all(|e| e.state == "sent"), "{settled:?}");

    let after: Vec<_> = scalepoint.received().split_off(before);
    assert_eq!(after.len(), 3, "each message sent once after the restart");
    for (n, task) in tasks.iter().enumerate() {
        let body = after
            .iter()
            .map(|r| String::from_utf8_lossy(&r.body).into_owned())
            .find(|b| b.contains(task.as_str()))
            .unwrap_or_else(|| panic!("no request for {task}"));
        assert!(body.contains(&format!("message {n}")));
        assert!(body.contains("damage.png"), "the attachment was kept");
    }
}
