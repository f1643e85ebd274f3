//! The insurer's side of the Case Integration API (seed 001): validate a
//! case, get an OAuth 2.0 access token (client credentials, scope
//! `case_integration`), POST the case, read Scalepoint's answer into typed
//! values.
//!
//! No I/O here: the network, the clock, the signing key and the token cache
//! are the host's, reached through [`ClientHost`]. The protocol (URLs,
//! headers, bodies, when to retry, when a token is stale) is decided here,
//! so every host embedding the component gets it right.

pub mod endpoint;
pub mod error;
pub mod host;
pub mod http;
pub mod jwt;
pub mod options;
pub mod response;
pub mod retry;
pub mod secret;
pub mod submit;
pub mod token;

#[cfg(test)]
mod fake_host;
#[cfg(test)]
mod submit_tests;

pub use error::{
    Endpoint, InvalidOption, SubmitError, TokenRefused, TransportFailure, UnexpectedResponse,
};
pub use host::{CachedToken, ClientHost};
pub use http::{HttpRequest, HttpResponse, Method, TransportError};
pub use options::{ClientAuth, Credentials, RetryPolicy, SubmitOptions};
pub use response::{CaseResponse, Message, MessageType};
pub use secret::Secret;
pub use submit::submit_case;
