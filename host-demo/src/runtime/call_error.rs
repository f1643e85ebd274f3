//! Why a call into the component failed, typed, so a host can `match` on
//! the sandbox's limits instead of reading messages.

use std::fmt;
use std::time::Duration;

/// Attached to the error of a failed call (`anyhow` context: the guest's
/// trap, with its backtrace, stays underneath). Get it back with
/// [`CallError::of`]. The host that returned it goes on serving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallError {
    /// The call computed for longer than its deadline and was stopped. Time
    /// the guest spent waiting on the host's imports (network, sleep,
    /// signing) is not counted: those have their own timeouts.
    DeadlineExceeded { deadline: Duration },
    /// The instance asked for more linear memory than its cap.
    MemoryLimit { limit: usize },
    /// Every instance slot of the pool is in use: more calls at once than
    /// the pool was sized for. Nothing ran; trying again later can work.
    NoFreeInstance { slots: u32 },
    /// The guest trapped for a reason of its own (a panic, a stack
    /// overflow): a bug in the component or a hostile input, never a limit.
    Trap(wasmtime::Trap),
}

impl CallError {
    /// The typed reason of a failed call, if it was the sandbox's (`None`
    /// for errors of the host's own closure).
    pub fn of(error: &anyhow::Error) -> Option<CallError> {
        error.downcast_ref::<CallError>().copied()
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::DeadlineExceeded { deadline } => write!(
                f,
                "the component ran past its deadline of {} ms and was stopped",
                deadline.as_millis()
            ),
            CallError::MemoryLimit { limit } => write!(
                f,
                "the component exceeded its memory limit of {limit} bytes"
            ),
            CallError::NoFreeInstance { slots } => write!(
                f,
                "all {slots} instance slots are busy; too many calls at once"
            ),
            CallError::Trap(trap) => write!(f, "the component trapped: {trap}"),
        }
    }
}
