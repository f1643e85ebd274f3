//! The durability promise: a task acknowledged with a 2xx survives `kill -9`
//! of the server in the middle of a load (seed 002: Scalepoint stops
//! redelivering once it has a 2xx, so an acknowledged task lost is lost).

use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::server_common::*;

#[test]
fn every_acknowledged_task_survives_kill_9() {
    let db = new_db("crash");
    let (mut child, addr) = start_server(&db, &[]);

    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let attempted = Arc::new(Mutex::new(0usize));
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..6u32)
        .map(|client| {
            let (acknowledged, attempted, stop) =
                (acknowledged.clone(), attempted.clone(), stop.clone());
            std::thread::spawn(move || {
                for n in 0u64.. {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let id = guid(client, n);
                    let body = form_body(TOKEN, &task(&id, "Crash Test"));
                    *attempted.lock().unwrap() += 1;
                    let reply = request(
                        addr,
                        "POST",
                        "/scalepoint/tasks",
                        Some(("application/x-www-form-urlencoded", body.as_bytes())),
                    );
                    match reply {
                        Ok(r) if r.status == 201 || r.status == 200 => {
                            acknowledged.lock().unwrap().push(id)
                        }
                        Ok(r) => panic!("unexpected reply {}: {}", r.status, r.body),
                        // The server is gone: no acknowledgement, no promise.
                        Err(_) => break,
                    }
                }
            })
        })
        .collect();

    // Kill it mid-load: once enough tasks are in, while requests are in flight.
    let deadline = Instant::now() + Duration::from_secs(120);
    while acknowledged.lock().unwrap().len() < 40 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("kill -9 the server"); // SIGKILL on Unix
    child.wait().unwrap();
    stop.store(true, Ordering::SeqCst);
    for client in clients {
        client.join().unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    let attempted = *attempted.lock().unwrap();
    assert!(
        acknowledged.len() >= 40,
        "only {} acknowledged",
        acknowledged.len()
    );

    // Restart on the same database: it opens, and it still takes tasks.
    let (mut child, addr) = start_server(&db, &[]);
    let after = guid(999, 1);
    let reply = post_form(
        addr,
        "/scalepoint/tasks",
        &form_body(TOKEN, &task(&after, "After")),
    );
    assert_eq!(reply.status, 201, "{}", reply.body);
    let out = Command::new(env!("CARGO_BIN_EXE_host-demo"))
        .args(["tasks", "list", "--json", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tasks: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let found: std::collections::HashSet<&str> = tasks
        .iter()
        .filter_map(|t| t["uniqueId"].as_str())
        .collect();
    let missing: Vec<&String> = acknowledged
        .iter()
        .filter(|id| !found.contains(id.as_str()))
        .collect();
    println!(
        "crash test: {attempted} attempted, {} acknowledged, {} of them found after restart, \
         {} tasks in the database (unacknowledged ones may or may not be there)",
        acknowledged.len(),
        acknowledged.len() - missing.len(),
        found.len() - 1
    );
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
    assert!(found.contains(after.as_str()));
}
