//! A local stand-in for Scalepoint's service-partner endpoints (S1, S2, S3)
//! on loopback: it records what it receives and answers as seed 002 says.
//! `host-demo demo` talks to it; tests script it to answer otherwise.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// One request as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What to answer: (status, body) in order, the last one repeating. The
/// default answers every request `201 {"status":"SUCCESS"}`.
pub type Script = Vec<(u16, String)>;

pub struct StandIn {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
    script: Arc<Mutex<Script>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl StandIn {
    /// Starts on 127.0.0.1 on a free port.
    pub fn start(script: Script) -> anyhow::Result<Self> {
        let server = tiny_http::Server::http("127.0.0.1:0")
            .map_err(|e| anyhow::anyhow!("bind 127.0.0.1: {e}"))?;
        let url = format!("http://{}", server.server_addr());
        let received = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(script));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (received, script, stop) = (received.clone(), script.clone(), stop.clone());
            std::thread::spawn(move || serve(&server, &script, &received, &stop))
        };
        Ok(Self {
            url,
            received,
            script,
            stop,
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`, the base URL to send to.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// Answers the next requests by `script` instead.
    pub fn answer_with(&self, script: Script) {
        if let Ok(mut current) = self.script.lock() {
            *current = script;
        }
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

const SUCCESS: &str = r#"{"status":"SUCCESS"}"#;

fn serve(
    server: &tiny_http::Server,
    script: &Mutex<Script>,
    received: &Mutex<Vec<Received>>,
    stop: &AtomicBool,
) {
    while !stop.load(Ordering::SeqCst) {
        let Ok(Some(mut request)) = server.recv_timeout(Duration::from_millis(50)) else {
            continue;
        };
        let mut body = Vec::new();
        let _ = request.as_reader().read_to_end(&mut body);
        let record = Received {
            method: request.method().to_string(),
            path: request.url().to_string(),
            headers: request
                .headers()
                .iter()
                .map(|h| (h.field.to_string(), h.value.to_string()))
                .collect(),
            body,
        };
        if let Ok(mut list) = received.lock() {
            list.push(record);
        }
        let (status, body) = match script.lock().as_deref_mut() {
            Ok(script) if script.len() > 1 => script.remove(0),
            Ok(script) => script
                .first()
                .cloned()
                .unwrap_or((201, SUCCESS.to_string())),
            Err(_) => (500, String::new()),
        };
        let header = tiny_http::Header::from_bytes("Content-Type", "application/json").ok();
        let mut response = tiny_http::Response::from_string(body).with_status_code(status);
        if let Some(header) = header {
            response.add_header(header);
        }
        let _ = request.respond(response);
    }
}
