//! `host-demo serve`, in process on a loopback port: what Scalepoint posts
//! to SP1, SP2 and SP3 (seed 002), and what the ERP keeps of it.

use crate::server_common::*;

const TASKS: &str = "/scalepoint/tasks";
const STATUSES: &str = "/scalepoint/statuses";
const MESSAGES: &str = "/scalepoint/messages";

// Seed 002, Authentication: the pre-shared GUID must be in every request.
#[test]
fn a_missing_or_unknown_security_token_gets_403_and_nothing_is_stored() {
    let server = TestServer::start("auth");
    let doc = task(&guid(1, 1), "Ann");
    let other = "6f1c2a34-8b9d-4e0f-a1b2-c3d4e5f60719";
    for body in [
        form_body(other, &doc),
        form_body("", &doc),
        host_demo::server::form::encode(&[("jsonString", doc.as_bytes())]),
    ] {
        for path in [TASKS, STATUSES, MESSAGES] {
            let reply = post_form(server.addr, path, &body);
            assert_eq!(reply.status, 403, "{path}: {}", reply.body);
            assert_eq!(reply.json()["status"], "FAILURE");
        }
    }
    // The token is a GUID: its case does not matter.
    let reply = server.post(TASKS, &TOKEN.to_uppercase(), &doc);
    assert_eq!(reply.status, 201, "{}", reply.body);
    let mut store = server.store();
    assert_eq!(store.tasks(None).unwrap().len(), 1);
    assert!(store.rejected(10).unwrap().is_empty());
}

#[test]
fn a_malformed_form_gets_400() {
    let server = TestServer::start("malformed");
    let doc = task(&guid(2, 1), "Ann");
    let bad_escape = format!("securityToken={TOKEN}&jsonString=%7B%zz");
    let no_document = format!("securityToken={TOKEN}");
    let two_documents = format!("{}&jsonString=%7B%7D", form_body(TOKEN, &doc));
    for body in [bad_escape, no_document, two_documents] {
        let reply = post_form(server.addr, TASKS, &body);
        assert_eq!(reply.status, 400, "{body}: {}", reply.body);
        assert_eq!(reply.json()["status"], "FAILURE");
    }
    // Seed 002: SP1 is application/x-www-form-urlencoded, nothing else.
    let json = request(
        server.addr,
        "POST",
        TASKS,
        Some(("application/json", doc.as_bytes())),
    )
    .unwrap();
    assert_eq!(json.status, 400, "{}", json.body);
    // A declared length over the limit is refused before the body is read,
    // and costs the server nothing (the connection is closed after).
    let huge = "POST /scalepoint/tasks HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
                Content-Type: application/x-www-form-urlencoded\r\n\
                Content-Length: 999999999999\r\n\r\nsecurityToken=";
    assert_eq!(raw(server.addr, huge.as_bytes()).unwrap().status, 413);
    assert_eq!(
        request(server.addr, "GET", TASKS, None).unwrap().status,
        405
    );
    assert_eq!(
        request(server.addr, "GET", "/nowhere", None)
            .unwrap()
            .status,
        404
    );
    assert!(server.store().tasks(None).unwrap().is_empty());
}

// Validation happens in the component; the document is kept, never a work order.
#[test]
fn an_invalid_document_gets_400_with_its_report_and_is_kept_as_rejected() {
    let server = TestServer::start("invalid");
    let not_a_guid = task("not-a-guid", "Ann");
    let reply = server.post(TASKS, TOKEN, &not_a_guid);
    assert_eq!(reply.status, 400, "{}", reply.body);
    let report = reply.json();
    assert_eq!(report["valid"], false);
    let issue = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["path"] == "/serviceTasks/0/uniqueId")
        .unwrap_or_else(|| panic!("no issue at the uniqueId: {report}"));
    assert_eq!(issue["severity"], "error");

    let reply = server.post(MESSAGES, TOKEN, "{\"taskGuid\": ");
    assert_eq!(reply.status, 400);
    assert!(reply.json()["issues"][0]["position"]["line"].is_number());

    let mut store = server.store();
    assert!(store.tasks(None).unwrap().is_empty());
    let rejected = store.rejected(10).unwrap();
    assert_eq!(rejected.len(), 2);
    assert_eq!(rejected[1].endpoint, "tasks");
    assert_eq!(rejected[1].document, not_a_guid);
    assert_eq!(rejected[1].report["valid"], false);
    assert_eq!(rejected[0].endpoint, "messages");
}

// Seed 002, SP1: "Scalepoint will try to send the task document again".
#[test]
fn a_redelivered_task_is_updated_in_place() {
    let server = TestServer::start("redelivery");
    let id = guid(3, 1);
    let delivered = task(&id, "Ann");
    let first = server.post(TASKS, TOKEN, &delivered);
    assert_eq!(first.status, 201, "{}", first.body);
    assert_eq!(first.json()["created"], 1);
    let service_task = |document: &str| {
        serde_json::from_str::<serde_json::Value>(document).unwrap()["serviceTasks"][0].clone()
    };
    // The task's JSON as delivered (kept once, in the inbox's copy).
    let stored = server.store().tasks(None).unwrap();
    assert_eq!(stored[0].task, service_task(&delivered));
    let redelivered = task(&id.to_uppercase(), "Ann Updated");
    let again = server.post(TASKS, TOKEN, &redelivered);
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.json()["updated"], 1);

    let tasks = server.store().tasks(None).unwrap();
    assert_eq!(tasks.len(), 1);
    let task = &tasks[0];
    assert_eq!(task.task, service_task(&redelivered));
    assert_eq!(task.unique_id, id);
    assert_eq!(task.deliveries, 2);
    assert_eq!(task.claimant_name.as_deref(), Some("Ann Updated"));
    assert_eq!(task.insurer, INSURER);
    // map-task made one work order of it, with the insurer's settings, and
    // the redelivery replaced it rather than adding a second.
    assert_eq!(task.work_orders.len(), 1, "{:?}", task.work_orders);
    let order = &task.work_orders[0];
    assert_eq!(
        order["customFields"]["scalepointId"],
        id.to_uppercase().as_str()
    );
    assert_eq!(order["team"], "Glass team");
    assert_eq!(order["taskTemplate"], "Insurance job");
}

// SP2 and SP3 name their task by taskGuid (seed 002, C2 details.taskGuid, D2 taskGuid).
#[test]
fn statuses_and_messages_are_linked_and_unknown_ones_flagged() {
    let server = TestServer::start("linked");
    let id = guid(4, 1);
    assert_eq!(server.post(TASKS, TOKEN, &task(&id, "Ann")).status, 201);

    let approved = status(&id, "RVTaskApprovedNotificationToServicePartner");
    let reply = server.post(STATUSES, TOKEN, &approved);
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(reply.json()["taskKnown"], true);
    // The same status again is a redelivery, not a second event.
    assert_eq!(server.post(STATUSES, TOKEN, &approved).status, 200);
    let reply = server.post(MESSAGES, TOKEN, &text_message(&id, "When can you come?"));
    assert_eq!(reply.status, 201, "{}", reply.body);

    let unknown = guid(4, 2);
    let reply = server.post(
        STATUSES,
        TOKEN,
        &status(&unknown, "RVTaskCancelNotificationToSP"),
    );
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(reply.json()["taskKnown"], false);
    assert!(reply.json()["message"].as_str().unwrap().contains(&unknown));
    let reply = server.post(MESSAGES, TOKEN, &text_message(&unknown, "Hello?"));
    assert_eq!(reply.json()["taskKnown"], false);

    let mut store = server.store();
    let tasks = store.tasks(None).unwrap();
    assert_eq!(tasks[0].statuses.len(), 1);
    assert_eq!(tasks[0].statuses[0].deliveries, 2);
    assert!(tasks[0].statuses[0].task_known_on_arrival);
    assert_eq!(tasks[0].messages[0].text, "When can you come?");
    let unlinked = store.unlinked().unwrap();
    assert_eq!(unlinked.len(), 2, "{unlinked:?}");
    assert!(unlinked.iter().all(|u| u.task_guid == unknown));

    // The task arrives after its status: the status is linked from then on.
    assert_eq!(server.post(TASKS, TOKEN, &task(&unknown, "Bo")).status, 201);
    assert!(store.unlinked().unwrap().is_empty());
    let tasks = store.tasks(None).unwrap();
    let late = tasks.iter().find(|t| t.unique_id == unknown).unwrap();
    assert!(!late.statuses[0].task_known_on_arrival);
}

#[test]
fn sixteen_clients_posting_at_once_lose_nothing() {
    let server = TestServer::start("concurrent");
    let addr = server.addr;
    let clients: Vec<_> = (0..16u32)
        .map(|client| {
            std::thread::spawn(move || {
                (0..4u64)
                    .map(|n| {
                        let body = form_body(TOKEN, &task(&guid(100 + client, n), "Ann"));
                        post_form(addr, TASKS, &body).status
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let statuses: Vec<u16> = clients
        .into_iter()
        .flat_map(|c| c.join().unwrap())
        .collect();
    assert_eq!(statuses.len(), 64);
    assert!(statuses.iter().all(|&s| s == 201), "{statuses:?}");
    let tasks = server.store().tasks(None).unwrap();
    assert_eq!(tasks.len(), 64);
}

#[test]
fn the_overview_page_lists_tasks_and_escapes_what_documents_contain() {
    let server = TestServer::start("overview");
    let id = guid(5, 1);
    let name = "<script>alert('x')</script> & Sons";
    assert_eq!(server.post(TASKS, TOKEN, &task(&id, name)).status, 201);
    server.post(MESSAGES, TOKEN, &text_message(&id, "<b>bold</b>"));
    server.post(TASKS, TOKEN, "{\"serviceTasks\": 1}");

    let page = request(server.addr, "GET", "/", None).unwrap();
    assert_eq!(page.status, 200);
    assert!(page
        .headers
        .to_ascii_lowercase()
        .contains("content-type: text/html"));
    assert!(page.body.contains(&id));
    assert!(page
        .body
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Sons"));
    assert!(page.body.contains("&lt;b&gt;bold&lt;/b&gt;"));
    assert!(!page.body.contains("<script>") && !page.body.contains("<b>bold"));
    assert!(page.body.contains("Rejected documents"));
}

// `host-demo insurer add|list` and `host-demo tasks list` on the same database.
#[test]
fn the_commands_manage_insurers_and_list_tasks() {
    use std::process::Command;
    let host_demo = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_host-demo"))
            .args(args)
            .output()
            .expect("run host-demo")
    };
    let server = TestServer::start("commands");
    let db = server.db.to_str().unwrap();
    let token = "0829a953-5f85-4d41-a30c-a582101812f4";
    let added = host_demo(&[
        "insurer",
        "add",
        "--db",
        db,
        "--name",
        "Tryg",
        "--security-token",
        token,
        "--alias",
        "tryg",
        "--sub-alias",
        "tryg-sub",
        "--default-team",
        "Team 2",
        "--responsible",
        "Bo",
        "--customer-type",
        "Private",
        "--template",
        "Glass",
    ]);
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let bad = host_demo(&[
        "insurer",
        "add",
        "--db",
        db,
        "--name",
        "X",
        "--security-token",
        "secret",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    let listed = String::from_utf8(host_demo(&["insurer", "list", "--db", db]).stdout).unwrap();
    assert!(listed.contains("Tryg") && listed.contains("Glass") && listed.contains("****-12f4"));
    assert!(
        !listed.contains(token) && !listed.contains(TOKEN),
        "{listed}"
    );

    // The new insurer's token is accepted by the running server.
    let id = guid(6, 1);
    assert_eq!(server.post(TASKS, token, &task(&id, "Ann")).status, 201);
    server.post(STATUSES, token, &status(&id, "RVInvoiceWasReceivedMail"));
    let out = host_demo(&["tasks", "list", "--db", db, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tasks: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(tasks[0]["uniqueId"], id.as_str());
    assert_eq!(tasks[0]["insurer"], "Tryg");
    // The token says who sent it: Tryg's settings apply, whatever company the
    // task's claim names (B1 names Zurich).
    assert_eq!(tasks[0]["workOrders"][0]["team"], "Team 2");
    assert_eq!(
        tasks[0]["workOrders"][0]["customer"]["customerType"],
        "Private"
    );
    assert_eq!(tasks[0]["statuses"][0]["type"], "RVInvoiceWasReceivedMail");
    let table = String::from_utf8(host_demo(&["tasks", "list", "--db", db]).stdout).unwrap();
    assert!(
        table.contains(&id) && table.contains("RVInvoiceWasReceivedMail"),
        "{table}"
    );
}
