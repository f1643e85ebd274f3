//! `host-demo serve`: the service partner's ERP endpoints Scalepoint posts
//! to (seed 002: SP1 tasks, SP2 status messages, SP3 free-text messages),
//! and an overview page at `GET /`.
//!
//! HTTP/1.1 is hyper's, on a small tokio runtime. The work of a request
//! (the component, reading the insurers) runs on blocking threads, at most
//! `--workers` at once, each with a database connection of its own; they
//! share one [`ComponentHost`] (one engine, one `InstancePre`) and every
//! request gets a fresh sandboxed instance from it. What a request stores
//! goes to one writer thread that commits whatever is waiting in one
//! transaction ([`crate::store::group_commit`]); a request is answered 2xx
//! only once the transaction holding its write is committed to disk. The
//! worker does not wait for that: it takes the next request meanwhile.

pub mod auth;
pub mod form;
mod inbound;
mod insurers;
mod reply;
mod routes;
pub(crate) mod work_orders;

use std::convert::Infallible;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::Args;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::{Body as _, Bytes, Incoming};
use hyper::header::{ALLOW, CACHE_CONTROL, CONTENT_TYPE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use crate::http::UreqTransport;
use crate::outbox::worker::{OutboxWorker, WorkerConfig};
use crate::outbox::RetryPolicy;
use crate::output::{errln, outln};
use crate::runtime::ComponentHost;
use crate::store::group_commit::{self, GroupCommit};
use crate::store::{Backend, Connector, SqliteConnector, DEFAULT_DB};
use inbound::{Handled, Note};
use insurers::Insurers;
use reply::Reply;
use routes::Route;

// The host is shared by every request: it must stay Send + Sync.
const _: fn() = || {
    fn shared<T: Send + Sync>() {}
    shared::<ComponentHost>();
};

/// The most writes one commit (one fsync) carries.
const MAX_BATCH: usize = 512;

/// How long a client may take to send a request's head, and its body.
const HEAD_TIMEOUT: Duration = Duration::from_secs(30);
const BODY_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port (printed on start).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// The ERP's SQLite database (created if missing).
    #[arg(long, value_name = "PATH", default_value = DEFAULT_DB)]
    pub db: PathBuf,
    /// Requests worked on at once (each with its own database connection);
    /// default: twice the cores. A worker computes and never waits for the
    /// fsync, so a few per core keep the cores busy and more only add
    /// thread switches (BENCHMARKS.md, 2026-12-01 fifth session, 2 cores:
    /// 2 workers 3,283/s, 3 3,515/s, 4 3,465/s, 16 3,171/s).
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub workers: Option<u16>,
    #[command(flatten)]
    pub outbox: OutboxSettings,
}

/// How the outbox retries what Scalepoint did not take (transport errors,
/// 5xx, 429; never a 4xx).
#[derive(Args)]
pub struct OutboxSettings {
    /// The wait after the first failed attempt; it doubles with each failure.
    #[arg(long, value_name = "MS", default_value_t = 1_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub outbox_retry_base_ms: u64,
    /// The longest wait between two attempts.
    #[arg(long, value_name = "MS", default_value_t = 900_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub outbox_retry_cap_ms: u64,
    /// Attempts before a message becomes a dead letter.
    #[arg(long, value_name = "N", default_value_t = 25, value_parser = clap::value_parser!(u32).range(1..))]
    pub outbox_max_attempts: u32,
    /// How often the outbox is looked at for messages queued by other processes.
    #[arg(long, value_name = "MS", default_value_t = 1_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub outbox_poll_ms: u64,
    /// How long an attempt may take before another process may retry it.
    #[arg(long, value_name = "MS", default_value_t = 120_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub outbox_lease_ms: u64,
}

impl OutboxSettings {
    pub fn config(&self) -> WorkerConfig {
        WorkerConfig {
            policy: RetryPolicy {
                base: Duration::from_millis(self.outbox_retry_base_ms),
                cap: Duration::from_millis(self.outbox_retry_cap_ms),
                max_attempts: self.outbox_max_attempts,
            },
            lease: Duration::from_millis(self.outbox_lease_ms),
            poll: Duration::from_millis(self.outbox_poll_ms),
            ..WorkerConfig::default()
        }
    }
}

/// How a server runs.
#[derive(Clone, Copy, Debug)]
pub struct ServerConfig {
    /// Requests worked on at once.
    pub workers: usize,
    pub outbox: WorkerConfig,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            workers: 4,
            outbox: WorkerConfig::default(),
        }
    }
}

/// Runs the server until the process ends. Prints `listening on http://ADDR`
/// on standard output once requests are accepted.
pub fn serve(component: Option<&Path>, args: &ServeArgs) -> Result<i32> {
    let host = ComponentHost::load(component)?;
    let connector = Arc::new(SqliteConnector {
        path: args.db.clone(),
    });
    let config = ServerConfig {
        workers: args.workers.map_or_else(default_workers, usize::from),
        outbox: args.outbox.config(),
    };
    let server = Server::start(Arc::new(host), connector, &args.addr, config)?;
    // Scripts read this line for the address (`--addr 127.0.0.1:0`) and may
    // close the pipe after it: the server goes on serving.
    outln!("listening on http://{}", server.addr())?;
    std::io::Write::flush(&mut crate::output::stdout())?;
    server.wait();
    Ok(0)
}

/// `--workers` when it is not given: twice the cores, within what the
/// flag allows (the engine's instance slots are sized for 256).
fn default_workers() -> usize {
    std::thread::available_parallelism().map_or(4, |cores| (cores.get() * 2).min(256))
}

/// A running server and its outbox worker; [`Server::shutdown`] stops them.
pub struct Server {
    addr: std::net::SocketAddr,
    runtime: tokio::runtime::Runtime,
    outbox: OutboxWorker,
    writer: group_commit::Stopped,
}

impl Server {
    /// Opens `workers` database connections (the first migrates the
    /// database), starts the outbox worker, binds `addr` and starts accepting.
    pub fn start(
        host: Arc<ComponentHost>,
        connector: Arc<dyn Connector>,
        addr: &str,
        config: ServerConfig,
    ) -> Result<Server> {
        let workers = config.workers.max(1);
        // Requests' writes go through one group-commit writer; the outbox
        // worker writes on a connection of its own.
        let (writer, writer_stopped) = GroupCommit::start(connector.connect()?, MAX_BATCH)?;
        let mut stores = Vec::with_capacity(workers);
        for _ in 0..workers {
            stores.push(connector.connect()?);
        }
        if stores[0].insurers()?.is_empty() {
            errln!(
                "host-demo serve: no insurers yet, every request will get 403; add one with `host-demo insurer add`"
            );
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("erp-server")
            .enable_all()
            .build()?;
        let listener = runtime
            .block_on(TcpListener::bind(addr))
            .with_context(|| format!("listen on {addr}"))?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            host,
            connector: connector.clone(),
            writer,
            insurers: Arc::default(),
            stores: Mutex::new(stores),
            permits: Arc::new(Semaphore::new(workers)),
        });
        let outbox = OutboxWorker::start(
            shared.host.clone(),
            connector,
            Arc::new(UreqTransport::new()),
            config.outbox,
        )?;
        runtime.spawn(accept(listener, shared));
        Ok(Server {
            addr,
            runtime,
            outbox,
            writer: writer_stopped,
        })
    }

    /// Something was queued in the outbox: send it now rather than at the
    /// next poll.
    pub fn wake_outbox(&self) {
        self.outbox.wake();
    }

    pub fn addr(&self) -> std::net::SocketAddr {
        self.addr
    }

    /// Stops accepting and drops the connections; work already on a
    /// blocking thread, and the writes queued for the group commit, are
    /// given a few seconds each to finish.
    pub fn shutdown(self) {
        self.runtime.shutdown_timeout(Duration::from_secs(10));
        // The requests' tasks are gone, and with them the writer's queue.
        if !self.writer.wait(Duration::from_secs(10)) {
            errln!("host-demo serve: the database writer was still writing at shutdown");
        }
        drop(self.outbox);
    }

    /// Serves until the process ends.
    pub fn wait(self) {
        self.runtime.block_on(std::future::pending::<()>());
    }
}

async fn accept(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors and the like: wait, do not spin.
                errln!("host-demo serve: accept: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let shared = shared.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| handle(shared.clone(), request));
            // A connection that fails (reset, timed out) concerns only itself.
            let _ = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEAD_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn handle(
    shared: Arc<Shared>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let handled = match routes::route(&method, &path) {
        Route::Refused(reply) => Handled::Now(reply, String::new()),
        Route::Overview => {
            let page = |_: &ComponentHost, store: &mut dyn Backend| {
                let (reply, note) = routes::overview(store)?;
                Ok(Handled::Now(reply, note))
            };
            shared.blocking(page).await
        }
        Route::Inbound(endpoint) => match read_form_body(request).await {
            Ok(body) => {
                let insurers = shared.insurers.clone();
                let job = move |host: &ComponentHost, store: &mut dyn Backend| {
                    routes::inbound(host, store, &insurers, endpoint, &body)
                };
                shared.blocking(job).await
            }
            Err(reply) => Handled::Now(reply, "malformed form".into()),
        },
    };
    let (reply, note) = match handled {
        Handled::Now(reply, note) => (reply, note),
        Handled::Write(write) => shared.store(write).await,
    };
    // One line per request: the path without its query, never a token or a
    // document.
    errln!(
        "{method} {path} {} {}ms {note}",
        reply.status,
        started.elapsed().as_millis()
    );
    Ok(response(reply))
}

/// The body of a form POST, or the reply refusing it (400, 408, 413).
async fn read_form_body(request: Request<Incoming>) -> Result<Bytes, Reply> {
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    if !routes::is_form(content_type) {
        return Err(routes::not_a_form());
    }
    // A declared Content-Length over the limit is refused unread; Limited
    // stops reading a body (chunked, say) that grows past it.
    if request.body().size_hint().lower() > routes::MAX_BODY as u64 {
        return Err(routes::too_large());
    }
    let body = Limited::new(request.into_body(), routes::MAX_BODY);
    match tokio::time::timeout(BODY_TIMEOUT, body.collect()).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => Err(routes::too_large()),
        Ok(Err(e)) => Err(Reply::failure(
            400,
            &format!("the body could not be read: {e}"),
        )),
        Err(_) => Err(Reply::failure(408, "the body did not arrive in time")),
    }
}

/// What the blocking side of the server shares.
struct Shared {
    host: Arc<ComponentHost>,
    connector: Arc<dyn Connector>,
    writer: Arc<GroupCommit>,
    /// Who may post: read from the database only now and then.
    insurers: Arc<Insurers>,
    /// Idle database connections, one per permit.
    stores: Mutex<Vec<Box<dyn Backend>>>,
    permits: Arc<Semaphore>,
}

type Job = dyn FnOnce(&ComponentHost, &mut dyn Backend) -> Result<Handled> + Send;

impl Shared {
    /// Runs `job` on a blocking thread with a database connection, once one
    /// of the `--workers` permits is free.
    async fn blocking(
        self: &Arc<Self>,
        job: impl FnOnce(&ComponentHost, &mut dyn Backend) -> Result<Handled> + Send + 'static,
    ) -> Handled {
        let Ok(permit) = self.permits.clone().acquire_owned().await else {
            return Handled::Now(internal_error(), "error: shutting down".into());
        };
        let shared = self.clone();
        let job: Box<Job> = Box::new(job);
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            shared.run(job)
        })
        .await
        .unwrap_or_else(|_| Handled::Now(internal_error(), "error: the worker stopped".into()))
    }

    /// Runs `write` in the next group commit; its reply once that is on disk.
    async fn store(&self, write: inbound::Write) -> (Reply, Note) {
        match self.writer.submit(write).await {
            Ok(done) => done,
            Err(e) => (internal_error(), format!("error: {e:#}")),
        }
    }

    fn run(&self, job: Box<Job>) -> Handled {
        let idle = self
            .stores
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let mut store = match idle.map_or_else(|| self.connector.connect(), Ok) {
            Ok(store) => store,
            Err(e) => return Handled::Now(internal_error(), format!("error: {e:#}")),
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| job(&self.host, store.as_mut())));
        // After a panic the connection is still sound: an open transaction
        // was rolled back when it was dropped.
        self.stores
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(store);
        match outcome {
            Ok(Ok(handled)) => handled,
            Ok(Err(e)) => Handled::Now(internal_error(), format!("error: {e:#}")),
            Err(_) => Handled::Now(internal_error(), "error: the handler panicked".into()),
        }
    }
}

fn internal_error() -> Reply {
    Reply::failure(
        500,
        "Internal error: the document was not stored; please send it again.",
    )
}

fn response(reply: Reply) -> Response<Full<Bytes>> {
    let mut builder = Response::builder()
        .status(reply.status)
        .header(CONTENT_TYPE, reply.content_type)
        .header("x-content-type-options", "nosniff")
        .header(CACHE_CONTROL, "no-store");
    if reply.content_type.starts_with("text/html") {
        // The page has no scripts: forbid them, whatever a document contains.
        builder = builder.header(
            "content-security-policy",
            "default-src 'none'; style-src 'unsafe-inline'",
        );
    }
    if let Some(allow) = reply.allow {
        builder = builder.header(ALLOW, allow);
    }
    builder
        .body(Full::new(Bytes::from(reply.body)))
        .unwrap_or_else(|_| {
            let mut fallback = Response::new(Full::new(Bytes::new()));
            *fallback.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            fallback
        })
}
