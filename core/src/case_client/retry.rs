//! Trying again. Transport failures and server errors are retried with
//! capped exponential backoff, the host doing the waiting; what counts as a
//! server error is the caller's to say (5xx, or `applicationError` for the
//! case endpoint). Client errors (4xx) are never retried.

use super::host::ClientHost;
use super::http::{HttpRequest, HttpResponse, TransportError};
use super::options::RetryPolicy;

/// The last result and how many tries it took.
#[derive(Debug)]
pub struct Sent {
    pub result: Result<HttpResponse, TransportError>,
    pub attempts: u32,
}

/// Sends the request `build` makes (afresh for every try: a client assertion
/// must not be replayed) until a response is final or tries run out.
pub fn send_with_retries<H: ClientHost + ?Sized, E>(
    host: &mut H,
    policy: &RetryPolicy,
    mut build: impl FnMut(&mut H) -> Result<HttpRequest, E>,
    retry_response: impl Fn(&HttpResponse) -> bool,
) -> Result<Sent, E> {
    let max_attempts = policy.max_attempts.max(1);
    let mut attempt = 1;
    loop {
        let request = build(host)?;
        let result = host.send(&request);
        let retry = match &result {
            Ok(response) => retry_response(response),
            Err(error) => error.is_retryable(),
        };
        if !retry || attempt >= max_attempts {
            return Ok(Sent {
                result,
                attempts: attempt,
            });
        }
        host.sleep(policy.backoff_ms(attempt));
        attempt += 1;
    }
}
