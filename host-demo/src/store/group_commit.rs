//! Group commit for the server: one writer thread takes every write waiting
//! at that moment, runs them in one transaction (each in a savepoint of its
//! own, so a failing write is undone alone) and commits them with one
//! fsync; only then is each caller answered. With `synchronous=FULL` a
//! commit costs an fsync (milliseconds on this machine's disk); sharing it
//! between all the requests that arrived meanwhile is what lets the server
//! acknowledge thousands of tasks a second without acknowledging any that
//! is not on disk.

use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;

use anyhow::{anyhow, Result};
use tokio::sync::oneshot;

use super::Backend;

/// Tells a caller how the batch its write was in ended.
type Reply = Box<dyn FnOnce(&Result<(), String>) + Send>;
/// A write, run by the writer thread inside a batch.
type Job = Box<dyn FnOnce(&mut dyn Backend) -> Reply + Send>;

/// The writer thread's queue. Dropping the last handle stops the thread.
pub struct GroupCommit {
    queue: Sender<Job>,
}

impl GroupCommit {
    /// Starts the writer thread on `store`; a batch holds at most
    /// `max_batch` writes.
    pub fn start(store: Box<dyn Backend>, max_batch: usize) -> Result<Arc<Self>> {
        let (queue, jobs) = mpsc::channel();
        std::thread::Builder::new()
            .name("group-commit".into())
            .spawn(move || run(store, &jobs, max_batch.max(1)))?;
        Ok(Arc::new(Self { queue }))
    }

    /// Queues `write` for the next batch and returns at once; the future
    /// gives its result once the batch is committed, or an error when it
    /// was not. The caller's thread is free meanwhile: a server worker
    /// takes its next request instead of waiting for the fsync.
    pub fn submit<R: Send + 'static>(
        &self,
        write: impl FnOnce(&mut dyn Backend) -> Result<R> + Send + 'static,
    ) -> impl Future<Output = Result<R>> + Send + 'static {
        let (answer, answered) = oneshot::channel::<Result<R>>();
        let job: Job = Box::new(move |store| {
            let result = write(store);
            Box::new(move |committed| {
                let _ = answer.send(match committed {
                    Ok(()) => result,
                    Err(e) => Err(anyhow!("the transaction was not committed: {e}")),
                });
            })
        });
        let queued = self.queue.send(job);
        async move {
            queued.map_err(|_| anyhow!("the database writer has stopped"))?;
            answered
                .await
                .map_err(|_| anyhow!("the write was not committed (the writer failed)"))?
        }
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
