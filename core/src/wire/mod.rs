//! The exact requests Scalepoint's service-partner endpoints expect (seed 002:
//! S1 feedback, S2 status, S3 message) and the typed reading of their
//! responses. Built here, sent by the host through the `http-client` import:
//! the protocol belongs to the component, the transport to the host.

mod encode;
mod endpoints;
mod response;

pub use encode::{multipart_body, urlencoded_body, File};
pub use endpoints::{feedback_request, message_request, status_request, Endpoint, StatusUpdate};
pub use response::{read_feedback_response, read_plain_response, SendOutcome};

/// An HTTP request, ready for any transport.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}
