//! The host's side of the component's small imports besides the network:
//! `platform` (time, waiting, randomness), `signer` and `token-cache`
//! (wit/case-client.wit). Traits, so that tests and other embedders put
//! their own into `runtime::HostImports`; the implementations here are
//! those of the demo host.

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub use crate::runtime::scalepoint::integration::token_cache::CachedToken;

/// Time, waiting and randomness (`platform`).
pub trait Platform: Send + Sync {
    /// Seconds since the Unix epoch.
    fn now(&self) -> u64;
    fn sleep(&self, ms: u32);
    /// `len` cryptographically secure random bytes; fewer only on failure.
    fn random_bytes(&self, len: u32) -> Vec<u8>;
}

/// The holder of the client certificate's key (`signer`).
pub trait Signer: Send + Sync {
    /// SHA-1 of the certificate's DER encoding.
    fn certificate_thumbprint(&self) -> Result<Vec<u8>, String>;
    /// RSASSA-PKCS1-v1_5 SHA-256 signature of `data`.
    fn sign_rs256(&self, data: &[u8]) -> Result<Vec<u8>, String>;
}

/// Where access tokens outlive a call (`token-cache`). The component builds
/// the keys and judges expiry; the cache only stores.
pub trait TokenCache: Send + Sync {
    fn get(&self, key: &str) -> Option<CachedToken>;
    fn put(&self, key: String, token: CachedToken);
}

/// The machine's clock, `thread::sleep` and the OS's random source.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemPlatform;

/// No single wait is longer: a component cannot hold the host for ever.
pub const MAX_SLEEP_MS: u32 = 60_000;
/// No more random bytes per call than a component could sensibly need.
pub const MAX_RANDOM_BYTES: u32 = 1024;

impl Platform for SystemPlatform {
    fn now(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    }

    fn sleep(&self, ms: u32) {
        std::thread::sleep(Duration::from_millis(u64::from(ms.min(MAX_SLEEP_MS))));
    }

    fn random_bytes(&self, len: u32) -> Vec<u8> {
        let mut bytes = vec![0; len.min(MAX_RANDOM_BYTES) as usize];
        // On failure the component gets no bytes and reports it, typed.
        match getrandom::fill(&mut bytes) {
            Ok(()) => bytes,
            Err(_) => Vec::new(),
        }
    }
}

/// Tokens in memory, for the life of the process. Its `Debug` shows the
/// number of tokens, never one.
#[derive(Default)]
pub struct MemoryTokenCache {
    tokens: Mutex<HashMap<String, CachedToken>>,
}

impl MemoryTokenCache {
    pub fn len(&self) -> usize {
        self.tokens.lock().map_or(0, |t| t.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl TokenCache for MemoryTokenCache {
    fn get(&self, key: &str) -> Option<CachedToken> {
        self.tokens.lock().ok()?.get(key).cloned()
    }

    fn put(&self, key: String, token: CachedToken) {
        if let Ok(mut tokens) = self.tokens.lock() {
            tokens.insert(key, token);
        }
    }
}

impl fmt::Debug for MemoryTokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryTokenCache")
            .field("tokens", &self.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_memory_cache_keeps_the_last_token_per_key_and_hides_it() {
        let cache = MemoryTokenCache::default();
        let token = |t: &str| CachedToken {
            access_token: t.into(),
            expires_at: 10,
        };
        cache.put("k".into(), token("first"));
        cache.put("k".into(), token("second"));
        assert_eq!(cache.get("k").unwrap().access_token, "second");
        assert!(cache.get("other").is_none());
        assert_eq!(format!("{cache:?}"), "MemoryTokenCache { tokens: 1 }");
    }

    #[test]
    fn the_system_platform_gives_time_and_randomness() {
        let p = SystemPlatform;
        assert!(p.now() > 1_600_000_000);
        let a = p.random_bytes(16);
        assert_eq!(a.len(), 16);
        assert_ne!(a, p.random_bytes(16));
        assert_eq!(p.random_bytes(u32::MAX).len(), MAX_RANDOM_BYTES as usize);
    }
}
