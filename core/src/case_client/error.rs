//! Every way a submission can fail, typed: a host matches on the variant, a
//! person reads the `Display`. No variant carries a secret or a token.

use std::fmt;

use super::http::TransportError;
use crate::report::Report;

/// Which of the two endpoints a failure concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    Token,
    Case,
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Endpoint::Token => "token endpoint",
            Endpoint::Case => "case endpoint",
        })
    }
}

/// An option the caller passed that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidOption {
    /// The option's name, e.g. `base-url`.
    pub name: String,
    pub message: String,
}

impl InvalidOption {
    pub fn new(name: &str, message: impl Into<String>) -> Self {
        Self {
            name: name.to_string(),
            message: message.into(),
        }
    }
}

/// The token endpoint gave no token (RFC 6749 §5.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRefused {
    pub status: u16,
    /// The OAuth `error` code, e.g. `invalid_client`, when the body had one.
    pub error: Option<String>,
    pub description: Option<String>,
}

/// No response arrived, after every try.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportFailure {
    pub endpoint: Endpoint,
    pub attempts: u32,
    pub error: TransportError,
}

/// A response arrived that is not what the protocol defines. The body is
/// never quoted: a token endpoint's body may hold a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnexpectedResponse {
    pub endpoint: Endpoint,
    pub status: u16,
    /// What was wrong with it, for a person.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmitError {
    /// The document failed validation; nothing was sent.
    InvalidDocument(Report),
    InvalidOption(InvalidOption),
    TokenRefused(TokenRefused),
    /// The host's signer failed (its own words).
    Signer(String),
    Transport(TransportFailure),
    UnexpectedResponse(UnexpectedResponse),
}

impl fmt::Display for SubmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SubmitError::InvalidDocument(report) => write!(
                f,
                "the case document is invalid ({} issues); nothing was sent",
                report.issues.len()
            ),
            SubmitError::InvalidOption(o) => write!(f, "{}: {}", o.name, o.message),
            SubmitError::TokenRefused(t) => {
                write!(f, "the token endpoint refused (HTTP {})", t.status)?;
                if let Some(error) = &t.error {
                    write!(f, ": {error}")?;
                }
                if let Some(description) = &t.description {
                    write!(f, " ({description})")?;
                }
                Ok(())
            }
            SubmitError::Signer(m) => write!(f, "the signer failed: {m}"),
            SubmitError::Transport(t) => write!(
                f,
                "the {} could not be reached ({} attempts): {}",
                t.endpoint, t.attempts, t.error
            ),
            SubmitError::UnexpectedResponse(u) => write!(
                f,
                "the {} answered HTTP {} with an unexpected response: {}",
                u.endpoint, u.status, u.reason
            ),
        }
    }
}

impl std::error::Error for SubmitError {}

impl From<InvalidOption> for SubmitError {
    fn from(o: InvalidOption) -> Self {
        SubmitError::InvalidOption(o)
    }
}
