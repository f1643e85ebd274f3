//! What the caller tells the case client: who it is at the token endpoint,
//! where Scalepoint is, and how hard to try.

use super::secret::Secret;
use crate::product::Product;

/// The OAuth 2.0 scope of the Case Integration API (seed 001, Authentication).
pub const DEFAULT_SCOPE: &str = "case_integration";
/// The `<version>` of the endpoint path (seed 001, Case Integration API endpoint).
pub const DEFAULT_API_VERSION: &str = "v1";
/// Per request, token or case.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;

/// How the client proves who it is at the token endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientAuth {
    /// `client_secret_post`: id and secret in the form (RFC 6749 §2.3.1).
    ClientSecret(Secret),
    /// `private_key_jwt` (RFC 7523 §2.2): an RS256 assertion signed by the
    /// host's `signer`, whose key never enters the component.
    PrivateKeyJwt,
}

impl ClientAuth {
    /// The method's registered name (RFC 7591 §2), part of the cache key.
    pub fn method_name(&self) -> &'static str {
        match self {
            ClientAuth::ClientSecret(_) => "client_secret_post",
            ClientAuth::PrivateKeyJwt => "private_key_jwt",
        }
    }
}

/// OAuth 2.0 client credentials for the token endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The token endpoint; also the `aud` of a client assertion.
    pub token_url: String,
    pub client_id: String,
    pub auth: ClientAuth,
    pub scope: String,
}

impl Credentials {
    /// Credentials with the default scope `case_integration`.
    pub fn new(
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        auth: ClientAuth,
    ) -> Self {
        Self {
            token_url: token_url.into(),
            client_id: client_id.into(),
            auth,
            scope: DEFAULT_SCOPE.to_string(),
        }
    }
}

/// Capped exponential backoff: the n-th wait is `initial × 2^(n−1)`, at most
/// `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Tries in all, the first included.
    pub max_attempts: u32,
    pub initial_backoff_ms: u32,
    pub max_backoff_ms: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            initial_backoff_ms: 500,
            max_backoff_ms: 8_000,
        }
    }
}

impl RetryPolicy {
    /// The wait after try number `attempt` (1-based) failed.
    pub fn backoff_ms(&self, attempt: u32) -> u32 {
        let doublings = attempt.saturating_sub(1).min(31);
        self.initial_backoff_ms
            .saturating_mul(1u32 << doublings)
            .min(self.max_backoff_ms)
    }
}

/// Where and how to send a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmitOptions {
    /// Scheme and host (and any path prefix) before `/api/integration/...`,
    /// e.g. `https://www.scalepoint.com` or the assigned project server.
    pub base_url: String,
    pub api_version: String,
    /// Product rules of the case validation apply only when named.
    pub product: Option<Product>,
    pub timeout_ms: u32,
    pub retry: RetryPolicy,
}

impl SubmitOptions {
    pub fn new(base_url: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            api_version: DEFAULT_API_VERSION.to_string(),
            product: None,
            timeout_ms: DEFAULT_TIMEOUT_MS,
            retry: RetryPolicy::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let policy = RetryPolicy::default();
        let waits: Vec<_> = (1..=6).map(|n| policy.backoff_ms(n)).collect();
        assert_eq!(waits, [500, 1000, 2000, 4000, 8000, 8000]);
        assert_eq!(policy.backoff_ms(1000), 8000);
    }

    #[test]
    fn debug_of_credentials_hides_the_client_secret() {
        let c = Credentials::new(
            "https://idp/connect/token",
            "client",
            ClientAuth::ClientSecret(Secret::new("s3cr3t")),
        );
        assert!(!format!("{c:?}").contains("s3cr3t"));
    }
}
