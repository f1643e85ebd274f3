//! What the case client needs from outside its sandbox. In the component
//! each method is one import (`http-client`, `platform`, `signer`,
//! `token-cache`); in tests, a fake.

use super::http::{HttpRequest, HttpResponse, TransportError};
use super::secret::Secret;

/// An access token kept by the host between calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedToken {
    pub access_token: Secret,
    /// Seconds since the Unix epoch at which the token expires.
    pub expires_at: u64,
}

pub trait ClientHost {
    /// Sends one request (`http-client.send`).
    fn send(&mut self, request: &HttpRequest) -> Result<HttpResponse, TransportError>;
    /// Seconds since the Unix epoch (`platform.now`).
    fn now(&mut self) -> u64;
    /// Waits `ms` milliseconds (`platform.sleep`).
    fn sleep(&mut self, ms: u32);
    /// `len` cryptographically secure random bytes (`platform.random-bytes`).
    fn random_bytes(&mut self, len: u32) -> Vec<u8>;
    /// SHA-1 of the client certificate's DER (`signer.certificate-thumbprint`).
    fn certificate_thumbprint(&mut self) -> Result<Vec<u8>, String>;
    /// RS256 signature of `data` with the certificate's key (`signer.sign-rs256`).
    fn sign_rs256(&mut self, data: &[u8]) -> Result<Vec<u8>, String>;
    /// The token last stored under `key` (`token-cache.get`).
    fn cached_token(&mut self, key: &str) -> Option<CachedToken>;
    /// Stores `token` under `key` (`token-cache.put`).
    fn store_token(&mut self, key: &str, token: &CachedToken);
}
