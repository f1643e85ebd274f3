//! Shared by the server tests: a server on a loopback port chosen by the
//! OS, a minimal HTTP/1.1 client, and documents built from the spec's
//! examples (seed 002, B1, C1, D1) with ids of the test's own.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use host_demo::runtime::ComponentHost;
use host_demo::server::{form, Server, ServerConfig};
use host_demo::store::{self, NewInsurer, SqliteConnector};
use serde_json::Value;

/// The token of the insurer every test database starts with.
pub const TOKEN: &str = "6f1c2a34-8b9d-4e0f-a1b2-c3d4e5f60718";
pub const INSURER: &str = "Zurich";

/// A fresh directory under cargo's temporary directory for tests.
pub fn temp_dir(name: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "{name}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a temporary directory");
    dir
}

/// `host-demo outbox add status` for `task`, addressed to a Scalepoint at a
/// port nothing listens on: it is queued and, without `serve`, never sent.
pub fn outbox_add_status<'a>(task: &'a str, status: &'a str) -> Vec<&'a str> {
    vec![
        "outbox",
        "add",
        "status",
        "--base-url",
        "http://127.0.0.1:9",
        "--country",
        "dk",
        "--security-token",
        TOKEN,
        "--task",
        task,
        "--status",
        status,
    ]
}

/// A database with one insurer whose token is [`TOKEN`].
pub fn new_db(name: &str) -> PathBuf {
    let db = temp_dir(name).join("erp.db");
    store::open(&db)
        .and_then(|mut s| {
            s.add_insurer(&NewInsurer {
                name: INSURER.into(),
                security_token: TOKEN.into(),
                alias: Some("zurich-dk".into()),
                default_team: Some("Glass team".into()),
                responsible: Some("Anna".into()),
                template: Some("Insurance job".into()),
                ..NewInsurer::default()
            })
        })
        .expect("create the test database");
    db
}

/// Starts `host-demo serve` on port 0 with `extra` arguments and reads the
/// port it printed; its stderr goes to `serve.log` beside the database.
pub fn start_server(db: &Path, extra: &[&str]) -> (Child, SocketAddr) {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(db.with_file_name("serve.log"))
        .expect("open the server's log");
    let mut child = Command::new(env!("CARGO_BIN_EXE_host-demo"))
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(db)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .expect("start host-demo serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .expect("read the listening line");
    let addr = line
        .trim()
        .strip_prefix("listening on http://")
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"));
    (child, addr)
}

pub fn host() -> Arc<ComponentHost> {
    static HOST: OnceLock<Arc<ComponentHost>> = OnceLock::new();
    HOST.get_or_init(|| Arc::new(ComponentHost::built().expect("load the built component")))
        .clone()
}

/// A server in this process, on 127.0.0.1 and a port the OS chose.
pub struct TestServer {
    pub server: Option<Server>,
    pub addr: SocketAddr,
    pub db: PathBuf,
}

impl TestServer {
    pub fn start(name: &str) -> TestServer {
        Self::start_with(name, ServerConfig::default())
    }

    pub fn start_with(name: &str, config: ServerConfig) -> TestServer {
        let db = new_db(name);
        let connector = Arc::new(SqliteConnector { path: db.clone() });
        let server =
            Server::start(host(), connector, "127.0.0.1:0", config).expect("start the server");
        TestServer {
            addr: server.addr(),
            server: Some(server),
            db,
        }
    }

    pub fn post(&self, path: &str, token: &str, json: &str) -> Response {
        post_form(self.addr, path, &form_body(token, json))
    }

    pub fn store(&self) -> Box<dyn store::Backend> {
        store::open(&self.db).expect("open the test database")
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            server.shutdown();
        }
    }
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

impl Response {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("the body is not JSON ({e}): {}", self.body))
    }
}

pub fn form_body(token: &str, json: &str) -> String {
    form::encode(&[
        ("securityToken", token.as_bytes()),
        ("jsonString", json.as_bytes()),
    ])
}

pub fn post_form(addr: SocketAddr, path: &str, body: &str) -> Response {
    request(
        addr,
        "POST",
        path,
        Some(("application/x-www-form-urlencoded", body.as_bytes())),
    )
    .expect("the server answers")
}

/// One request on its own connection (`Connection: close`); an error when
/// the server is not there or hangs up before answering.
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<(&str, &[u8])>,
) -> std::io::Result<Response> {
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some((content_type, bytes)) = body {
        head.push_str(&format!(
            "Content-Type: {content_type}\r\nContent-Length: {}\r\n",
            bytes.len()
        ));
    }
    head.push_str("\r\n");
    let mut message = head.into_bytes();
    message.extend_from_slice(body.map_or(&[][..], |(_, bytes)| bytes));
    raw(addr, &message)
}

/// Sends `message` as it is and reads the reply until the server closes.
pub fn raw(addr: SocketAddr, message: &[u8]) -> std::io::Result<Response> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    stream.set_write_timeout(Some(Duration::from_secs(60)))?;
    stream.write_all(message)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (headers, body) = text.split_once("\r\n\r\n").ok_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "no complete response")
    })?;
    let status = headers
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidData, "no status"))?;
    Ok(Response {
        status,
        headers: headers.to_string(),
        body: body.to_string(),
    })
}

fn example(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples")
        .join(name);
    serde_json::from_slice(&std::fs::read(&path).expect("read the example")).unwrap()
}

/// Example B1 with its task's `uniqueId` and claimant name replaced.
pub fn task(unique_id: &str, claimant: &str) -> String {
    let mut doc = example("task-b1.json");
    doc["serviceTasks"][0]["uniqueId"] = unique_id.into();
    doc["serviceTasks"][0]["claimant"]["name"] = claimant.into();
    doc.to_string()
}

/// Example C1 for the task `task_guid`.
pub fn status(task_guid: &str, kind: &str) -> String {
    let mut doc = example("status-message-c1.json");
    doc["details"]["taskGuid"] = task_guid.into();
    doc["type"] = kind.into();
    doc.to_string()
}

/// Example D1 for the task `task_guid`.
pub fn text_message(task_guid: &str, text: &str) -> String {
    let mut doc = example("text-message-d1.json");
    doc["taskGuid"] = task_guid.into();
    doc["textMessage"] = text.into();
    doc.to_string()
}

/// A GUID made of two numbers, so tests can make many distinct ones.
pub fn guid(a: u32, b: u64) -> String {
    format!("{a:08x}-0000-4000-8000-{b:012x}")
}
