//! The limits of one call: its memory cap and its deadline, each
//! remembering whether it stopped the guest, so the call's error can say so.

use std::time::{Duration, Instant};

use wasmtime::UpdateDeadline;

use super::ticker::EpochTicker;

/// Caps an instance's linear memory and remembers a refusal, so the error
/// of the call can say why the guest stopped.
pub(super) struct MemoryCap {
    pub limit: usize,
    pub hit: bool,
    pub sizes: MemorySizes,
}

/// An instance's linear memory, in bytes: as instantiated, and now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MemorySizes {
    pub initial: usize,
    pub now: usize,
}

/// A call's time against its deadline: wall time since the call began, less
/// the time spent in the host's imports (a network round trip or a retry's
/// sleep is waiting, not computing, and has a timeout of its own).
pub(super) struct CallClock {
    pub started: Instant,
    pub in_host: Duration,
    pub deadline: Duration,
    pub expired: bool,
}

impl CallClock {
    fn computing(&self) -> Duration {
        self.started.elapsed().saturating_sub(self.in_host)
    }

    /// Called on each epoch tick past the deadline set so far: stop the
    /// guest, or give it the ticks its remaining time is worth.
    pub fn on_deadline(&mut self) -> UpdateDeadline {
        match self.deadline.checked_sub(self.computing()) {
            Some(left) if !left.is_zero() => UpdateDeadline::Continue(EpochTicker::ticks(left)),
            _ => {
                self.expired = true;
                UpdateDeadline::Interrupt
            }
        }
    }
}

impl wasmtime::ResourceLimiter for MemoryCap {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let allowed = desired <= self.limit;
        self.hit |= !allowed;
        if allowed {
            // Instantiation grows the memory from nothing to its initial size.
            if current == 0 {
                self.sizes.initial = desired;
            }
            self.sizes.now = desired;
        }
        Ok(allowed)
    }

    /// The pool's slot refused (the cap above it already said yes): still
    /// the memory limit, as far as the caller is concerned.
    fn memory_grow_failed(&mut self, _error: wasmtime::Error) -> wasmtime::Result<()> {
        self.hit = true;
        Ok(())
    }

    fn table_growing(
        &mut self,
        _current: usize,
        _desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock(deadline: Duration, ago: Duration, in_host: Duration) -> CallClock {
        CallClock {
            started: Instant::now() - ago,
            in_host,
            deadline,
            expired: false,
        }
    }

    #[test]
    fn a_call_within_its_deadline_gets_the_ticks_it_has_left() {
        let mut clock = clock(
            Duration::from_secs(5),
            Duration::from_secs(1),
            Duration::ZERO,
        );
        let UpdateDeadline::Continue(ticks) = clock.on_deadline() else {
            panic!("stopped a call with 4 s left");
        };
        // About 4 s of 10 ms ticks (a little less: time passes in the test).
        assert!((390..=400).contains(&ticks), "{ticks}");
        assert!(!clock.expired);
    }

    #[test]
    fn a_call_past_its_deadline_is_interrupted_and_remembers_it() {
        let mut clock = clock(
            Duration::from_secs(1),
            Duration::from_secs(2),
            Duration::ZERO,
        );
        assert!(matches!(clock.on_deadline(), UpdateDeadline::Interrupt));
        assert!(clock.expired);
    }

    #[test]
    fn time_in_the_host_does_not_count() {
        let mut clock = clock(
            Duration::from_secs(1),
            Duration::from_secs(30),
            Duration::from_secs(29) + Duration::from_millis(500),
        );
        assert!(matches!(clock.on_deadline(), UpdateDeadline::Continue(_)));
        assert!(!clock.expired);
    }
}
