//! A scripted host for the unit tests: replies per endpoint, a clock that
//! moves only when the client sleeps, a signer that "signs" by tagging.

use std::collections::{HashMap, VecDeque};

use super::host::{CachedToken, ClientHost};
use super::http::{HttpRequest, HttpResponse, TransportError};
use super::secret::Secret;

pub const TOKEN_URL: &str = "https://idp.example/connect/token";
pub const BASE_URL: &str = "https://scalepoint.example";

pub type Reply = Result<HttpResponse, TransportError>;

pub struct FakeHost {
    pub now: u64,
    pub requests: Vec<HttpRequest>,
    pub sleeps: Vec<u32>,
    /// Replies of the token endpoint, in order; when none is left, a grant
    /// of `at-N` for an hour.
    pub token_replies: VecDeque<Reply>,
    /// Replies of the case endpoint, in order; when none is left, success.
    pub case_replies: VecDeque<Reply>,
    pub cache: HashMap<String, CachedToken>,
    pub tokens_issued: u32,
    pub signer_error: Option<String>,
    pub random_calls: u8,
}

impl Default for FakeHost {
    fn default() -> Self {
        Self {
            now: 1_700_000_000,
            requests: Vec::new(),
            sleeps: Vec::new(),
            token_replies: VecDeque::new(),
            case_replies: VecDeque::new(),
            cache: HashMap::new(),
            tokens_issued: 0,
            signer_error: None,
            random_calls: 0,
        }
    }
}

pub fn response(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: body.as_bytes().to_vec(),
    }
}

pub fn reply(status: u16, body: &str) -> Reply {
    Ok(response(status, body))
}

pub const ACCEPTED: &str =
    r#"{"success":true,"token":"b.1","url":"https://scalepoint.example/case/b.1"}"#;

impl FakeHost {
    pub fn token_requests(&self) -> Vec<&HttpRequest> {
        self.requests
            .iter()
            .filter(|r| r.url == TOKEN_URL)
            .collect()
    }

    pub fn case_requests(&self) -> Vec<&HttpRequest> {
        self.requests
            .iter()
            .filter(|r| r.url != TOKEN_URL)
            .collect()
    }
}

impl ClientHost for FakeHost {
    fn send(&mut self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        self.requests.push(request.clone());
        if request.url == TOKEN_URL {
            self.token_replies.pop_front().unwrap_or_else(|| {
                self.tokens_issued += 1;
                reply(
                    200,
                    &format!(
                        r#"{{"access_token":"at-{}","token_type":"Bearer","expires_in":3600}}"#,
                        self.tokens_issued
                    ),
                )
            })
        } else {
            self.case_replies
                .pop_front()
                .unwrap_or_else(|| reply(201, ACCEPTED))
        }
    }

    fn now(&mut self) -> u64 {
        self.now
    }

    fn sleep(&mut self, ms: u32) {
        self.sleeps.push(ms);
        self.now += u64::from(ms / 1000);
    }

    fn random_bytes(&mut self, len: u32) -> Vec<u8> {
        self.random_calls += 1;
        vec![self.random_calls; len as usize]
    }

    fn certificate_thumbprint(&mut self) -> Result<Vec<u8>, String> {
        match &self.signer_error {
            Some(e) => Err(e.clone()),
            None => Ok(vec![7; 20]),
        }
    }

    fn sign_rs256(&mut self, data: &[u8]) -> Result<Vec<u8>, String> {
        let mut signature = b"signed:".to_vec();
        signature.extend_from_slice(&data[..8]);
        Ok(signature)
    }

    fn cached_token(&mut self, key: &str) -> Option<CachedToken> {
        self.cache.get(key).cloned()
    }

    fn store_token(&mut self, key: &str, token: &CachedToken) {
        self.cache.insert(key.to_string(), token.clone());
    }
}

/// A token the tests put into the cache by hand.
pub fn cached(token: &str, expires_at: u64) -> CachedToken {
    CachedToken {
        access_token: Secret::new(token),
        expires_at,
    }
}
