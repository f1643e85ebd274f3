//! The clock behind every call's deadline: one thread per engine advances
//! the engine's epoch every `TICK`. Compiled code checks the epoch at
//! function entries and loop back edges, so a call past its deadline is
//! noticed within a tick, whatever the guest is doing.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

use wasmtime::Engine;

/// Coarse enough that the thread costs nothing (100 wake-ups a second),
/// fine enough for deadlines counted in hundreds of milliseconds.
pub const TICK: Duration = Duration::from_millis(10);

/// Ticks while it lives; dropping it stops and joins the thread.
pub struct EpochTicker {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl EpochTicker {
    pub fn start(engine: &Engine) -> std::io::Result<Self> {
        let engine = engine.clone();
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("wasm-epoch-ticker".into())
            .spawn(move || {
                // The sender is never used to send: dropping it disconnects
                // the channel, which wakes this loop at once and ends it.
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(TICK) {
                    engine.increment_epoch();
                }
            })?;
        Ok(Self {
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// How many ticks cover `duration` (at least one, so a deadline is
    /// never "already passed" when a call starts).
    pub fn ticks(duration: Duration) -> u64 {
        let ticks = duration.as_nanos().div_ceil(TICK.as_nanos());
        u64::try_from(ticks).unwrap_or(u64::MAX).max(1)
    }
}

impl Drop for EpochTicker {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropping_the_ticker_ends_its_thread() {
        let mut ticker = EpochTicker::start(&Engine::default()).unwrap();
        let thread = ticker.thread.take().unwrap();
        assert!(!thread.is_finished());
        drop(ticker);
        // Generous: the thread wakes at once when the channel disconnects.
        let give_up = std::time::Instant::now() + Duration::from_secs(10);
        while !thread.is_finished() && std::time::Instant::now() < give_up {
            std::thread::sleep(TICK);
        }
        assert!(
            thread.is_finished(),
            "the ticker thread outlived its ticker"
        );
    }

    #[test]
    fn a_deadline_is_at_least_one_tick_and_rounds_up() {
        assert_eq!(EpochTicker::ticks(Duration::ZERO), 1);
        assert_eq!(EpochTicker::ticks(Duration::from_millis(1)), 1);
        assert_eq!(EpochTicker::ticks(TICK), 1);
        assert_eq!(EpochTicker::ticks(TICK + Duration::from_nanos(1)), 2);
        assert_eq!(EpochTicker::ticks(Duration::from_secs(5)), 500);
    }
}
