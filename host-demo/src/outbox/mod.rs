//! The durable outbox: in server mode every S1, S2 and S3 request is stored
//! (`crate::store`, table `outbox`) before its first attempt, and a worker
//! ([`worker`]) sends it through the component, retrying transport errors
//! and 5xx (and 429) with capped exponential backoff, never a 4xx or a
//! refusal. What cannot be delivered stays as a dead letter, shown by
//! `host-demo tasks list`, `host-demo outbox list` and the overview page.
//!
//! Delivery is at least once: a sender that dies after Scalepoint answered
//! but before the answer was recorded sends again when its lease runs out.

pub mod commands;
pub mod history;
pub mod worker;

use std::time::Duration;

use serde_json::{json, Value};

use crate::report::report_json;
use crate::runtime::exports::scalepoint::integration::service_partner as sp;
use crate::send::outcome_json;
use crate::store::AttemptResult;

/// When to try again, and when to give up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The wait after the first failed attempt; each failure doubles it.
    pub base: Duration,
    /// The longest wait between two attempts.
    pub cap: Duration,
    /// Attempts in all before a retryable failure becomes a dead letter.
    pub max_attempts: u32,
}

impl Default for RetryPolicy {
    /// 1 s, 2 s, 4 s, ... up to 15 minutes between attempts, 25 attempts:
    /// about four hours of Scalepoint being down before a person is asked.
    fn default() -> Self {
        Self {
            base: Duration::from_secs(1),
            cap: Duration::from_secs(15 * 60),
            max_attempts: 25,
        }
    }
}

impl RetryPolicy {
    /// The wait after `attempts` failed attempts (1 → `base`).
    pub fn delay(&self, attempts: u32) -> Duration {
        let doublings = attempts.saturating_sub(1).min(32);
        self.base
            .checked_mul(1u32 << doublings.min(31))
            .map_or(self.cap, |d| d.min(self.cap))
    }
}

/// What one attempt gave, before the outbox judges it.
pub type Attempt = anyhow::Result<Result<sp::SendOutcome, sp::SendError>>;

/// What the outbox records for an attempt: `attempts` counts this one,
/// `now_ms` is when it ended.
pub fn judge(attempt: &Attempt, attempts: u32, policy: &RetryPolicy, now_ms: i64) -> AttemptResult {
    let outcome = attempt_json(attempt);
    let retryable = match attempt {
        Ok(Ok(sp::SendOutcome::Accepted)) => return AttemptResult::Sent { outcome },
        Ok(Ok(sp::SendOutcome::Unexpected(u))) => u.retryable,
        // 400, 403, the invoice not saved: sending the same again cannot help.
        Ok(Ok(_)) => false,
        Ok(Err(sp::SendError::Transport(_))) => true,
        // Refused before anything was sent.
        Ok(Err(sp::SendError::Invalid(_) | sp::SendError::InvalidOption(_))) => false,
        // The host failed (out of memory in the sandbox, past its deadline):
        // perhaps not next time.
        Err(_) => true,
    };
    if !retryable {
        AttemptResult::Refused { outcome }
    } else if attempts >= policy.max_attempts {
        AttemptResult::GaveUp { outcome }
    } else {
        let wait = i64::try_from(policy.delay(attempts).as_millis()).unwrap_or(i64::MAX);
        AttemptResult::Retry {
            outcome,
            due_at_ms: now_ms.saturating_add(wait),
        }
    }
}

/// An attempt as `{"outcome": kebab-case, ...}`, as `host-demo send` prints it.
pub fn attempt_json(attempt: &Attempt) -> Value {
    match attempt {
        Ok(Ok(outcome)) => outcome_json(outcome),
        Ok(Err(sp::SendError::Invalid(report))) => {
            json!({"outcome": "invalid", "sent": false, "report": report_json(report)})
        }
        Ok(Err(sp::SendError::InvalidOption(option))) => json!({
            "outcome": "invalid-option", "sent": false, "option": option.name, "message": option.message
        }),
        Ok(Err(sp::SendError::Transport(error))) => {
            json!({"outcome": "transport-error", "error": format!("{error:?}")})
        }
        Err(error) => json!({"outcome": "host-error", "error": format!("{error:#}")}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::http_client::TransportError;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            base: Duration::from_millis(100),
            cap: Duration::from_millis(1000),
            max_attempts: 5,
        }
    }

    fn unexpected(status: u16, retryable: bool) -> Attempt {
        Ok(Ok(sp::SendOutcome::Unexpected(sp::UnexpectedAnswer {
            status,
            body: String::new(),
            retryable,
        })))
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let waits: Vec<u128> = (1..=6).map(|n| policy().delay(n).as_millis()).collect();
        assert_eq!(waits, [100, 200, 400, 800, 1000, 1000]);
        assert_eq!(policy().delay(500), Duration::from_millis(1000));
    }

    #[test]
    fn transport_errors_and_5xx_are_retried_4xx_never() {
        let transport: Attempt = Ok(Err(sp::SendError::Transport(TransportError::Timeout)));
        assert_eq!(
            judge(&transport, 1, &policy(), 1_000),
            AttemptResult::Retry {
                outcome: attempt_json(&transport),
                due_at_ms: 1_100
            }
        );
        assert!(matches!(
            judge(&unexpected(503, true), 3, &policy(), 0),
            AttemptResult::Retry { due_at_ms: 400, .. }
        ));
        assert!(matches!(
            judge(&unexpected(503, true), 5, &policy(), 0),
            AttemptResult::GaveUp { .. }
        ));
        assert!(matches!(
            judge(&unexpected(418, false), 1, &policy(), 0),
            AttemptResult::Refused { .. }
        ));
        let rejected: Attempt = Ok(Ok(sp::SendOutcome::Rejected(sp::Rejection {
            status: 400,
            message: Some("bad".into()),
            errors: vec![],
        })));
        assert!(matches!(
            judge(&rejected, 1, &policy(), 0),
            AttemptResult::Refused { .. }
        ));
        assert!(matches!(
            judge(&Ok(Ok(sp::SendOutcome::Accepted)), 7, &policy(), 0),
            AttemptResult::Sent { .. }
        ));
    }
}
