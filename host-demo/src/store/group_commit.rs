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
use std::time::Duration;

use anyhow::{anyhow, Result};
use tokio::sync::oneshot;

use super::Backend;
use crate::output::errln;

/// Tells a caller how the batch its write was in ended.
type Reply = Box<dyn FnOnce(&Result<(), String>) + Send>;
/// A write, run by the writer thread inside a batch.
type Job = Box<dyn FnOnce(&mut dyn Backend) -> Reply + Send>;

/// The writer thread's queue. Dropping the last handle stops the thread.
pub struct GroupCommit {
    queue: Sender<Job>,
}

/// Says when the writer thread has stopped: once every handle of its
/// [`GroupCommit`] is dropped and the writes queued before are committed.
pub struct Stopped(Receiver<()>);

impl Stopped {
    /// Waits at most `timeout`; false when the writer is still working.
    pub fn wait(&self, timeout: Duration) -> bool {
        // The thread drops its sender when it ends, whichever way it ends.
        matches!(
            self.0.recv_timeout(timeout),
            Err(mpsc::RecvTimeoutError::Disconnected)
        )
    }
}

impl GroupCommit {
    /// Starts the writer thread on `store`; a batch holds at most
    /// `max_batch` writes.
    pub fn start(store: Box<dyn Backend>, max_batch: usize) -> Result<(Arc<Self>, Stopped)> {
        let (queue, jobs) = mpsc::channel();
        let (running, stopped) = mpsc::channel::<()>();
        std::thread::Builder::new()
            .name("group-commit".into())
            .spawn(move || {
                let _running = running;
                run(store, &jobs, max_batch.max(1));
            })?;
        Ok((Arc::new(Self { queue }), Stopped(stopped)))
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
            errln!("group commit: {e:#}");
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

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use super::*;
    use crate::store::testing::{new_insurer as insurer, remove, temp_database};
    use crate::store::Connector;

    #[test]
    fn a_failing_write_is_undone_alone_and_its_batch_is_committed() {
        let connector = temp_database("group-commit");
        let (writer, stopped) = GroupCommit::start(connector.connect().unwrap(), 16).unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();

        // The first write holds the writer until the next two are queued, so
        // those two share the next batch.
        let (release, held) = mpsc::channel::<()>();
        let first = writer.submit(move |store| {
            held.recv().unwrap();
            store.add_insurer(&insurer("First", "2b0c8b1e-3f43-4a57-9f57-0d7c3a8e1a01"))
        });
        let good = writer.submit(|store| {
            store.add_insurer(&insurer("Good", "6c3f2f0e-5a0b-4a5e-8e57-4e6b1b1f0a02"))
        });
        // The same token as the first: the insurers table refuses it.
        let bad = writer.submit(|store| {
            store.add_insurer(&insurer("Bad", "2b0c8b1e-3f43-4a57-9f57-0d7c3a8e1a01"))
        });
        release.send(()).unwrap();

        runtime.block_on(async {
            assert_eq!(first.await.unwrap().settings.name, "First");
            assert_eq!(good.await.unwrap().settings.name, "Good");
            let error = bad.await.unwrap_err().to_string();
            assert!(error.contains("security token"), "{error}");
        });
        // Committed: another connection sees exactly the two good writes.
        let names: Vec<String> = connector
            .connect()
            .unwrap()
            .insurers()
            .unwrap()
            .into_iter()
            .map(|i| i.settings.name)
            .collect();
        assert_eq!(names, ["First", "Good"]);
        drop(writer);
        assert!(stopped.wait(Duration::from_secs(10)), "the writer stops");
        remove(&connector);
    }
}
