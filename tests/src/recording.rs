//! A stand-in network for the component's `http-client` import: records
//! every request and answers from a script, so the wire protocol is tested
//! byte for byte without sockets.

use std::sync::{Arc, Mutex};

use host_demo::runtime::{http_client, HostImports, HttpTransport};

type Answer = Result<http_client::Response, http_client::TransportError>;

#[derive(Default)]
pub struct Recording {
    requests: Mutex<Vec<http_client::Request>>,
    answers: Mutex<Vec<Answer>>,
}

impl Recording {
    /// A transport that answers every request with `status` and `body`.
    pub fn answering(status: u16, body: &str) -> Arc<Self> {
        Self::script(vec![Ok(response(status, body))])
    }

    /// Answers in order; the last answer repeats.
    pub fn script(answers: Vec<Answer>) -> Arc<Self> {
        Arc::new(Self {
            requests: Mutex::new(Vec::new()),
            answers: Mutex::new(answers),
        })
    }

    pub fn imports(self: &Arc<Self>) -> HostImports {
        HostImports {
            http: Some(self.clone()),
            ..HostImports::default()
        }
    }

    pub fn requests(&self) -> Vec<http_client::Request> {
        self.requests.lock().expect("lock").clone()
    }
}

pub fn response(status: u16, body: &str) -> http_client::Response {
    http_client::Response {
        status,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: body.as_bytes().to_vec(),
    }
}

impl HttpTransport for Recording {
    fn send(&self, request: http_client::Request) -> Answer {
        self.requests.lock().expect("lock").push(request);
        let mut answers = self.answers.lock().expect("lock");
        if answers.len() > 1 {
            answers.remove(0)
        } else {
            answers.first().cloned().expect("a scripted answer")
        }
    }
}

/// A request as readable text: method, URL, headers, body; the multipart
/// boundary (random per request) replaced by `BOUNDARY`.
pub fn describe(request: &http_client::Request) -> String {
    let mut text = format!("{:?} {}\n", request.method, request.url);
    let boundary = request
        .headers
        .iter()
        .find_map(|(_, v)| v.split("boundary=").nth(1))
        .map(str::to_string);
    for (name, value) in &request.headers {
        text.push_str(&format!("{name}: {value}\n"));
    }
    text.push('\n');
    text.push_str(&String::from_utf8_lossy(&request.body));
    match boundary {
        Some(b) => text.replace(&b, "BOUNDARY"),
        None => text,
    }
}
