//! Group commit for the server: one writer thread takes every write waiting
//! at that moment, runs them in one transaction (each in a savepoint of its
//! own, so a failing write is undone alone) and commits them with one
//! fsync; only then is each caller answered. With `synchronous=FULL` a
//! commit costs an fsync (milliseconds on this machine's disk); sharing it
//! between all the requests that arrived meanwhile is what lets the server
//! acknowledge thousands of tasks a second without acknowledging any that
//! is not on disk.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::{anyhow, Result};

use super::model::*;
use super::{Backend, Connector, OutboxFilter};

/// Tells a caller how the batch its write was in ended.
type Reply = Box<dyn FnOnce(&Result<(), String>) + Send>;
/// A write, run by the writer thread inside a batch.
type Job = Box<dyn FnOnce(&mut dyn Backend) -> Reply + Send>;

/// The writer thread's queue. Dropping the last handle stops the thread.
pub struct GroupCommit {
    queue: Mutex<Sender<Job>>,
}

impl GroupCommit {
    /// Starts the writer thread on `store`; a batch holds at most
    /// `max_batch` writes.
    pub fn start(store: Box<dyn Backend>, max_batch: usize) -> Result<Arc<Self>> {
        let (queue, jobs) = mpsc::channel();
        std::thread::Builder::new()
            .name("group-commit".into())
            .spawn(move || run(store, &jobs, max_batch.max(1)))?;
        Ok(Arc::new(Self {
            queue: Mutex::new(queue),
        }))
    }

    /// Runs `write` in the next batch; returns its result once the batch
    /// is committed, or an error when it was not.
    pub fn write<R: Send + 'static>(
        &self,
        write: impl FnOnce(&mut dyn Backend) -> Result<R> + Send + 'static,
    ) -> Result<R> {
        let (answer, answered) = mpsc::sync_channel::<Result<R>>(1);
        let job: Job = Box::new(move |store| {
            let result = write(store);
            Box::new(move |committed| {
                let _ = answer.send(match committed {
                    Ok(()) => result,
                    Err(e) => Err(anyhow!("the transaction was not committed: {e}")),
                });
            })
        });
        self.queue
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .send(job)
            .map_err(|_| anyhow!("the database writer has stopped"))?;
        answered
            .recv()
            .map_err(|_| anyhow!("the write was not committed (the writer failed)"))?
    }
}

fn run(mut store: Box<dyn Backend>, jobs: &Receiver<Job>, max_batch: usize) {
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        while batch.len() < max_batch {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        if let Err(e) = store.begin_batch() {
            // Dropping the jobs tells their callers nothing was written.
            eprintln!("group commit: {e:#}");
            continue;
        }
        let replies: Vec<Reply> = batch
            .into_iter()
            .filter_map(|job| catch_unwind(AssertUnwindSafe(|| job(store.as_mut()))).ok())
            .collect();
        let committed = store.commit_batch().map_err(|e| format!("{e:#}"));
        for reply in replies {
            reply(&committed);
        }
    }
}

/// A connection whose writes go through a [`GroupCommit`]; reads, and the
/// writes the server does not make (insurers, the outbox), go to a
/// connection of its own.
pub struct Batched {
    own: Box<dyn Backend>,
    writer: Arc<GroupCommit>,
}

/// Opens [`Batched`] connections that share one writer.
pub struct BatchedConnector {
    pub inner: Arc<dyn Connector>,
    pub writer: Arc<GroupCommit>,
}

impl Connector for BatchedConnector {
    fn connect(&self) -> Result<Box<dyn Backend>> {
        Ok(Box::new(Batched {
            own: self.inner.connect()?,
            writer: self.writer.clone(),
        }))
    }
}

/// A [`Delivery`] the writer thread can own.
struct OwnedDelivery {
    endpoint: Endpoint,
    insurer_id: i64,
    document: Vec<u8>,
    report: String,
}

impl OwnedDelivery {
    fn of(delivery: &Delivery<'_>) -> Self {
        Self {
            endpoint: delivery.endpoint,
            insurer_id: delivery.insurer_id,
            document: delivery.document.to_vec(),
            report: delivery.report.to_string(),
        }
    }

    fn get(&self) -> Delivery<'_> {
        Delivery {
            endpoint: self.endpoint,
            insurer_id: self.insurer_id,
            document: &self.document,
            report: &self.report,
        }
    }
}

impl Backend for Batched {
    fn add_insurer(&mut self, insurer: &NewInsurer) -> Result<Insurer> {
        self.own.add_insurer(insurer)
    }

    fn insurers(&mut self) -> Result<Vec<Insurer>> {
        self.own.insurers()
    }

    fn reject(&mut self, delivery: &Delivery<'_>) -> Result<i64> {
        let delivery = OwnedDelivery::of(delivery);
        self.writer.write(move |s| s.reject(&delivery.get()))
    }

    fn accept_tasks(
        &mut self,
        delivery: &Delivery<'_>,
        tasks: &[IncomingTask],
    ) -> Result<TasksReceipt> {
        let (delivery, tasks) = (OwnedDelivery::of(delivery), tasks.to_vec());
        self.writer
            .write(move |s| s.accept_tasks(&delivery.get(), &tasks))
    }

    fn accept_status(
        &mut self,
        delivery: &Delivery<'_>,
        status: &IncomingStatus,
    ) -> Result<LinkReceipt> {
        let (delivery, status) = (OwnedDelivery::of(delivery), status.clone());
        self.writer
            .write(move |s| s.accept_status(&delivery.get(), &status))
    }

    fn accept_message(
        &mut self,
        delivery: &Delivery<'_>,
        message: &IncomingMessage,
    ) -> Result<LinkReceipt> {
        let (delivery, message) = (OwnedDelivery::of(delivery), message.clone());
        self.writer
            .write(move |s| s.accept_message(&delivery.get(), &message))
    }

    fn tasks(&mut self, limit: Option<u32>) -> Result<Vec<TaskView>> {
        self.own.tasks(limit)
    }

    fn unlinked(&mut self) -> Result<Vec<Unlinked>> {
        self.own.unlinked()
    }

    fn rejected(&mut self, limit: u32) -> Result<Vec<RejectedView>> {
        self.own.rejected(limit)
    }

    fn begin_batch(&mut self) -> Result<()> {
        self.own.begin_batch()
    }

    fn commit_batch(&mut self) -> Result<()> {
        self.own.commit_batch()
    }

    fn enqueue(&mut self, outbound: &Outbound) -> Result<i64> {
        self.own.enqueue(outbound)
    }

    fn claim_due(
        &mut self,
        now_ms: i64,
        lease_ms: i64,
        limit: u32,
    ) -> Result<Vec<ClaimedOutbound>> {
        self.own.claim_due(now_ms, lease_ms, limit)
    }

    fn record_attempt(&mut self, id: i64, result: &AttemptResult) -> Result<()> {
        self.own.record_attempt(id, result)
    }

    fn next_due(&mut self) -> Result<Option<i64>> {
        self.own.next_due()
    }

    fn outbox(&mut self, filter: OutboxFilter) -> Result<Vec<OutboxView>> {
        self.own.outbox(filter)
    }

    fn requeue(&mut self, id: i64) -> Result<bool> {
        self.own.requeue(id)
    }
}
