//! The thread that empties the outbox: claims what is due, sends each entry
//! through the component, records the outcome, and sleeps until the next
//! entry is due, a poll interval passes, or [`OutboxWorker::wake`] is called.
//! Other processes may queue into the same database (`host-demo outbox
//! add`); the poll interval bounds how long their entries wait.

use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::Result;

use super::{judge, RetryPolicy};
use crate::output::errln;
use crate::runtime::{ComponentHost, HostImports, HttpTransport};
use crate::store::{now_ms, AttemptResult, Backend, ClaimedOutbound, Connector};

#[derive(Clone, Copy, Debug)]
pub struct WorkerConfig {
    pub policy: RetryPolicy,
    /// How long a claimed entry is left to its sender before another may
    /// try it: longer than one attempt can take (the component's requests
    /// time out after 30 s).
    pub lease: Duration,
    /// The longest sleep between two looks at the outbox.
    pub poll: Duration,
    /// Entries claimed at once.
    pub batch: u32,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        Self {
            policy: RetryPolicy::default(),
            lease: Duration::from_secs(120),
            poll: Duration::from_secs(1),
            batch: 16,
        }
    }
}

/// Signals from the server to its worker.
#[derive(Default)]
struct Signal {
    state: Mutex<Flags>,
    changed: Condvar,
}

#[derive(Default)]
struct Flags {
    stop: bool,
    woken: bool,
}

/// A running worker; stops (after the attempt in hand) when dropped.
pub struct OutboxWorker {
    signal: Arc<Signal>,
    thread: Option<JoinHandle<()>>,
}

impl OutboxWorker {
    pub fn start(
        host: Arc<ComponentHost>,
        connector: Arc<dyn Connector>,
        transport: Arc<dyn HttpTransport>,
        config: WorkerConfig,
    ) -> Result<Self> {
        let mut store = connector.connect()?;
        let signal = Arc::new(Signal::default());
        let thread = {
            let signal = signal.clone();
            std::thread::Builder::new()
                .name("outbox".into())
                .spawn(move || run(&host, store.as_mut(), &transport, &config, &signal))?
        };
        Ok(Self {
            signal,
            thread: Some(thread),
        })
    }

    /// Something was queued: look now rather than at the next poll.
    pub fn wake(&self) {
        self.signal.set(|flags| flags.woken = true);
    }
}

impl Drop for OutboxWorker {
    fn drop(&mut self) {
        self.signal.set(|flags| flags.stop = true);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Signal {
    fn set(&self, change: impl FnOnce(&mut Flags)) {
        change(&mut self.state.lock().unwrap_or_else(PoisonError::into_inner));
        self.changed.notify_all();
    }

    /// Sleeps up to `timeout` unless woken; true when told to stop.
    fn sleep(&self, timeout: Duration) -> bool {
        let flags = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let (mut flags, _) = self
            .changed
            .wait_timeout_while(flags, timeout, |f| !f.stop && !f.woken)
            .unwrap_or_else(PoisonError::into_inner);
        flags.woken = false;
        flags.stop
    }

    fn stopped(&self) -> bool {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .stop
    }
}

fn run(
    host: &ComponentHost,
    store: &mut dyn Backend,
    transport: &Arc<dyn HttpTransport>,
    config: &WorkerConfig,
    signal: &Signal,
) {
    while !signal.stopped() {
        let claimed = match claim(store, config) {
            Ok(claimed) => claimed,
            Err(e) => {
                // The database is busy or gone: say so, and look again later.
                errln!("outbox: {e:#}");
                Vec::new()
            }
        };
        if !claimed.is_empty() {
            for entry in claimed {
                if let Err(e) = attempt(host, store, transport, config, entry) {
                    errln!("outbox: {e:#}");
                }
            }
            continue;
        }
        let wait = match store.next_due() {
            Ok(Some(due)) => Duration::from_millis(u64::try_from(due - now_ms()).unwrap_or(0)),
            _ => config.poll,
        };
        if signal.sleep(wait.min(config.poll)) {
            break;
        }
    }
}

fn claim(store: &mut dyn Backend, config: &WorkerConfig) -> Result<Vec<ClaimedOutbound>> {
    let lease = i64::try_from(config.lease.as_millis()).unwrap_or(i64::MAX);
    store.claim_due(now_ms(), lease, config.batch)
}

/// One attempt on a claimed entry, recorded. An entry whose outcome could
/// not be recorded stays claimed and is tried again when its lease ends.
fn attempt(
    host: &ComponentHost,
    store: &mut dyn Backend,
    transport: &Arc<dyn HttpTransport>,
    config: &WorkerConfig,
    entry: ClaimedOutbound,
) -> Result<()> {
    let imports = HostImports {
        http: Some(transport.clone()),
        ..HostImports::default()
    };
    let sent = super::history::previously_sent(store, &entry.outbound)
        .and_then(|history| crate::send::call(host, imports, &entry.outbound, history));
    let attempts = u32::try_from(entry.attempts).unwrap_or(u32::MAX);
    let result = judge(&sent, attempts, &config.policy, now_ms());
    store.record_attempt(entry.id, &result)?;
    let what = match &result {
        AttemptResult::Sent { .. } => "sent".to_string(),
        AttemptResult::Refused { .. } => "refused: a dead letter".to_string(),
        AttemptResult::GaveUp { .. } => "failed, out of attempts: a dead letter".to_string(),
        AttemptResult::Retry { due_at_ms, .. } => {
            format!("failed, next attempt in {} ms", due_at_ms - now_ms())
        }
    };
    errln!(
        "outbox #{} {} attempt {attempts}: {what}",
        entry.id,
        entry.outbound.call.kind()
    );
    Ok(())
}
