//! HTTP as the case client sees it: requests it builds, responses it reads,
//! and why no response came. Mirrors `wit/http-client.wit`; the component
//! converts, the host sends.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

/// A request for the host to send. Its `Debug` shows header names and the
/// body's size only: headers and bodies carry tokens and secrets.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub timeout_ms: u32,
}

impl HttpRequest {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &header_names(&self.headers))
            .field("body_bytes", &self.body.len())
            .field("timeout_ms", &self.timeout_ms)
            .finish()
    }
}

/// A response with any status. Its `Debug` leaves the body out: a token
/// endpoint's body is an access token.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &header_names(&self.headers))
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

/// Why no response arrived (`transport-error` in the WIT).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    InvalidUrl(String),
    Dns(String),
    ConnectionRefused(String),
    Tls(String),
    Timeout,
    Other(String),
}

impl TransportError {
    /// A URL that cannot be used stays unusable; everything else may pass.
    pub fn is_retryable(&self) -> bool {
        !matches!(self, TransportError::InvalidUrl(_))
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransportError::InvalidUrl(m) => write!(f, "invalid URL: {m}"),
            TransportError::Dns(m) => write!(f, "host name not resolved: {m}"),
            TransportError::ConnectionRefused(m) => write!(f, "connection refused: {m}"),
            TransportError::Tls(m) => write!(f, "TLS failed: {m}"),
            TransportError::Timeout => f.write_str("timed out"),
            TransportError::Other(m) => f.write_str(m),
        }
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn header_names(headers: &[(String, String)]) -> Vec<&str> {
    headers.iter().map(|(n, _)| n.as_str()).collect()
}
