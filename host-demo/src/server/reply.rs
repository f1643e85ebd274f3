//! An HTTP reply, before it is written.

use serde_json::{json, Value};

pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// The `Allow` header of a 405.
    pub allow: Option<&'static str>,
}

impl Reply {
    pub fn json(status: u16, body: &Value) -> Reply {
        Reply {
            status,
            content_type: "application/json",
            body: body.to_string().into_bytes(),
            allow: None,
        }
    }

    /// `{"status": "FAILURE", "message": ...}`, the shape of Scalepoint's own
    /// failure responses (seed 002, S1 "Failure response").
    pub fn failure(status: u16, message: &str) -> Reply {
        Reply::json(status, &json!({"status": "FAILURE", "message": message}))
    }

    pub fn html(body: String) -> Reply {
        Reply {
            status: 200,
            content_type: "text/html; charset=utf-8",
            body: body.into_bytes(),
            allow: None,
        }
    }

    pub fn method_not_allowed(allow: &'static str) -> Reply {
        Reply {
            allow: Some(allow),
            ..Reply::failure(405, &format!("method not allowed; use {allow}"))
        }
    }
}
