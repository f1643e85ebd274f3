//! `host-demo load`: a load generator for `host-demo serve`. It posts SP1
//! tasks (example B1, each with a `uniqueId` of its own) as Scalepoint
//! does, over `--connections` keep-alive connections, until `--requests`
//! were sent or `--seconds` passed, whichever comes first, and reports the
//! rate and the latency percentiles of the acknowledged ones.
//!
//! With `--acknowledged FILE` it writes the `uniqueId` of every task the
//! server acknowledged (2xx), one per line: after a `kill -9` of the
//! server, each must be found in the database (`tasks list --json`).
//!
//! Exit status: 0 when the server refused nothing, 1 when it refused some,
//! 2 (the reason on stderr, no figures) when nothing was acknowledged and
//! requests failed: there is no server at `--addr`, or it went away.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::Args;
use serde_json::json;

use crate::output::outln;

const B1: &str = include_str!("../../examples/task-b1.json");
/// B1's `uniqueId`, replaced in each request.
const B1_UNIQUE_ID: &str = "dc100952-2005-4fbf-bbdf-badd1ec5a912";

#[derive(Args)]
pub struct LoadArgs {
    /// The server, e.g. 127.0.0.1:8080.
    #[arg(long, value_name = "HOST:PORT")]
    pub addr: SocketAddr,
    /// An insurer's security token (`host-demo insurer add`).
    #[arg(long, value_name = "GUID")]
    pub security_token: String,
    /// Stop after this many requests ...
    #[arg(long, default_value_t = 20_000)]
    pub requests: u64,
    /// ... or after this many seconds.
    #[arg(long, default_value_t = 10)]
    pub seconds: u64,
    /// Connections in parallel, one thread each.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub connections: u32,
    /// Write the uniqueId of every acknowledged task here.
    #[arg(long, value_name = "FILE")]
    pub acknowledged: Option<PathBuf>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Distinguishes this run's uniqueIds from an earlier run's (default: the time).
    #[arg(long)]
    pub run_id: Option<u32>,
}

/// What one connection saw.
#[derive(Default)]
struct Tally {
    latencies_us: Vec<u32>,
    acknowledged: Vec<String>,
    refused: u64,
    failed: u64,
    /// Why the first failed request failed: reported when none succeeded.
    first_failure: Option<String>,
}

pub fn run(args: &LoadArgs) -> Result<i32> {
    let token = &args.security_token;
    let run_id = args.run_id.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as u32)
    });
    let issued = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let started = Instant::now();
    let threads: Vec<_> = (0..args.connections)
        .map(|connection| {
            let (issued, token, addr, limit) =
                (issued.clone(), token.clone(), args.addr, args.requests);
            std::thread::spawn(move || {
                let mut tally = Tally::default();
                let mut client = None;
                let mut request = TaskRequest::new(addr, &token);
                loop {
                    let n = issued.fetch_add(1, Ordering::Relaxed);
                    if n >= limit || Instant::now() >= deadline {
                        break;
                    }
                    let id = format!("{run_id:08x}-{connection:04x}-4000-8000-{n:012x}");
                    let sent = Instant::now();
                    match post(&mut client, addr, request.with_unique_id(&id)) {
                        Ok(status) if (200..300).contains(&status) => {
                            let us = sent.elapsed().as_micros();
                            tally
                                .latencies_us
                                .push(u32::try_from(us).unwrap_or(u32::MAX));
                            tally.acknowledged.push(id);
                        }
                        Ok(_) => tally.refused += 1,
                        Err(e) => {
                            // The server is gone or hung up: try a new
                            // connection once, then stop this thread.
                            tally.failed += 1;
                            tally.first_failure.get_or_insert_with(|| format!("{e:#}"));
                            client = None;
                            if tally.failed > 3 {
                                break;
                            }
                        }
                    }
                }
                tally
            })
        })
        .collect();
    let mut total = Tally::default();
    for thread in threads {
        let tally = thread
            .join()
            .map_err(|_| anyhow::anyhow!("a load thread panicked"))?;
        total.latencies_us.extend(tally.latencies_us);
        total.acknowledged.extend(tally.acknowledged);
        total.refused += tally.refused;
        total.failed += tally.failed;
        total.first_failure = total.first_failure.or(tally.first_failure);
    }
    if let (true, Some(why)) = (total.acknowledged.is_empty(), &total.first_failure) {
        // Zeros on stdout and exit 0 would read as a measurement.
        bail!(
            "no task was acknowledged: {} requests to {} failed ({why})",
            total.failed,
            args.addr
        );
    }
    let elapsed = started.elapsed().as_secs_f64();
    if let Some(path) = &args.acknowledged {
        let mut lines = total.acknowledged.join("\n");
        lines.push('\n');
        std::fs::write(path, lines).with_context(|| format!("write {}", path.display()))?;
    }
    total.latencies_us.sort_unstable();
    let pct = |p: f64| -> f64 {
        let v = &total.latencies_us;
        if v.is_empty() {
            return 0.0;
        }
        let i = ((v.len() as f64 * p).ceil() as usize).clamp(1, v.len()) - 1;
        f64::from(v[i]) / 1000.0
    };
    let acknowledged = total.latencies_us.len();
    let figures = json!({
        "connections": args.connections,
        "acknowledged": acknowledged,
        "refused": total.refused,
        "failed": total.failed,
        "seconds": (elapsed * 1000.0).round() / 1000.0,
        "requests_per_second": (acknowledged as f64 / elapsed).round(),
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "max_ms": pct(1.0),
    });
    if args.json {
        outln!("{figures}")?;
    } else {
        outln!(
            "{acknowledged} tasks acknowledged in {elapsed:.2} s over {} connections: {} req/s, \
             p50 {} ms, p99 {} ms, max {} ms; {} refused, {} failed",
            args.connections,
            figures["requests_per_second"],
            figures["p50_ms"],
            figures["p99_ms"],
            figures["max_ms"],
            total.refused,
            total.failed
        )?;
    }
    Ok(if total.refused == 0 { 0 } else { 1 })
}

/// One SP1 request (head and form body) built once per connection; each
/// post only overwrites B1's `uniqueId` in place. The generator shares the
/// server's two cores, so what it spends per request is taken from the
/// server: encoding 4 KB of form per request was a tenth of the machine.
struct TaskRequest {
    bytes: Vec<u8>,
    /// Where the `uniqueId` is in `bytes`.
    id_at: std::ops::Range<usize>,
}

impl TaskRequest {
    fn new(addr: SocketAddr, token: &str) -> Self {
        let body = crate::server::form::encode(&[
            ("securityToken", token.as_bytes()),
            ("jsonString", B1.as_bytes()),
        ]);
        let mut bytes = format!(
            "POST /scalepoint/tasks HTTP/1.1\r\nHost: {addr}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        // Hex digits and dashes are written as they are in a form.
        let start = bytes.len() + body.find(B1_UNIQUE_ID).expect("B1 holds its uniqueId once");
        bytes.extend_from_slice(body.as_bytes());
        Self {
            bytes,
            id_at: start..start + B1_UNIQUE_ID.len(),
        }
    }

    /// The request for the task with `unique_id` (as long as B1's).
    fn with_unique_id(&mut self, unique_id: &str) -> &[u8] {
        self.bytes[self.id_at.clone()].copy_from_slice(unique_id.as_bytes());
        &self.bytes
    }
}

/// A keep-alive connection and its read buffer.
struct Client {
    reader: BufReader<TcpStream>,
}

/// Sends one whole request on the connection (opened if needed); the status.
fn post(client: &mut Option<Client>, addr: SocketAddr, request: &[u8]) -> Result<u16> {
    if client.is_none() {
        let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        *client = Some(Client {
            reader: BufReader::new(stream),
        });
    }
    let Some(c) = client.as_mut() else {
        bail!("no connection");
    };
    c.reader.get_mut().write_all(request)?;
    read_response(&mut c.reader)
}

/// Reads a response with a `Content-Length` body; returns its status.
fn read_response(reader: &mut BufReader<TcpStream>) -> Result<u16> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status: u16 = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .with_context(|| format!("not an HTTP status line: {line:?}"))?;
    let mut length = 0usize;
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            bail!("the connection closed mid-response");
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse()?;
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::form::Form;

    #[test]
    fn each_request_is_b1_with_the_unique_id_it_was_given() {
        let addr: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        let mut request = TaskRequest::new(addr, "a-token");
        let id = "0000002a-0001-4000-8000-000000000007";
        let bytes = request.with_unique_id(id).to_vec();
        let text = String::from_utf8(bytes).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("POST /scalepoint/tasks HTTP/1.1\r\n"));
        assert!(head.ends_with(&format!("\r\nContent-Length: {}", body.len())));
        let form = Form::parse(body.as_bytes()).unwrap();
        assert_eq!(form.single("securityToken").unwrap(), Some(&b"a-token"[..]));
        let document = form.single("jsonString").unwrap().unwrap();
        assert_eq!(document, B1.replace(B1_UNIQUE_ID, id).as_bytes());
    }
}
