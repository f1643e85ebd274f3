//! Scalepoint's answer to a case (seed 001, "Create Case Response" and
//! "Errors and warnings"), read into typed values. Anything else is an
//! `UnexpectedResponse`, never a panic.

use std::fmt;

use serde_json::{Map, Value};

use super::error::{Endpoint, UnexpectedResponse};
use super::http::HttpResponse;

/// The `type` of a warning or error. Seed 001 names six; any other is kept
/// as it was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageType {
    UnsupportedValue,
    InvalidFormat,
    ApplicationError,
    ActionRequired,
    UnauthorizedRequest,
    InvalidTenant,
    Other(String),
}

impl MessageType {
    const KNOWN: [(&'static str, MessageType); 6] = [
        ("unsupportedValue", MessageType::UnsupportedValue),
        ("invalidFormat", MessageType::InvalidFormat),
        ("applicationError", MessageType::ApplicationError),
        ("actionRequired", MessageType::ActionRequired),
        ("unauthorizedRequest", MessageType::UnauthorizedRequest),
        ("invalidTenant", MessageType::InvalidTenant),
    ];

    /// The spec's spelling, exactly; an unknown type is `Other`.
    pub fn parse(name: &str) -> Self {
        Self::KNOWN
            .into_iter()
            .find(|(known, _)| *known == name)
            .map_or_else(|| MessageType::Other(name.to_string()), |(_, t)| t)
    }

    pub fn as_str(&self) -> &str {
        match self {
            MessageType::Other(name) => name,
            known => Self::KNOWN
                .iter()
                .find(|(_, t)| t == known)
                .map_or("", |(name, _)| name),
        }
    }
}

impl fmt::Display for MessageType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry of `warnings` or `errors`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub kind: MessageType,
    pub message: String,
    /// Warnings only: whether the claim may still be created automatically.
    pub is_auto_creation_forbidden: Option<bool>,
}

/// The answer to one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseResponse {
    /// The HTTP status it came with.
    pub status: u16,
    pub success: bool,
    /// The created case's token.
    pub token: Option<String>,
    /// Absolute link to the case in the case handling system.
    pub url: Option<String>,
    pub warnings: Vec<Message>,
    pub errors: Vec<Message>,
    /// POSTs of the case it took, retries and the retry after a 401 included.
    pub attempts: u32,
}

impl CaseResponse {
    pub fn has_error(&self, kind: &MessageType) -> bool {
        self.errors.iter().any(|e| &e.kind == kind)
    }
}

/// Whether a case response asks to be tried again: a server error, or an
/// `applicationError` ("database connection failed") under a status that is
/// not a client error. Client errors (4xx) never are.
pub fn should_retry(response: &HttpResponse) -> bool {
    match response.status {
        500.. => true,
        400..=499 => false,
        _ => {
            parse_case_response(response).is_ok_and(|r| r.has_error(&MessageType::ApplicationError))
        }
    }
}

/// Reads the body; `attempts` is left 0 for the caller to fill.
pub fn parse_case_response(response: &HttpResponse) -> Result<CaseResponse, UnexpectedResponse> {
    let status = response.status;
    let unexpected = |reason: String| UnexpectedResponse {
        endpoint: Endpoint::Case,
        status,
        reason,
    };
    if response.body.iter().all(u8::is_ascii_whitespace) {
        return Err(unexpected("the body is empty".into()));
    }
    let body: Value = serde_json::from_slice(&response.body)
        .map_err(|e| unexpected(format!("the body is not JSON ({e})")))?;
    let Value::Object(body) = body else {
        return Err(unexpected("the body is not a JSON object".into()));
    };
    let success = body
        .get("success")
        .and_then(Value::as_bool)
        .ok_or_else(|| unexpected("`success` is missing or not true/false".into()))?;
    Ok(CaseResponse {
        status,
        success,
        token: optional_text(&body, "token").map_err(unexpected)?,
        url: optional_text(&body, "url").map_err(unexpected)?,
        warnings: messages(&body, "warnings").map_err(unexpected)?,
        errors: messages(&body, "errors").map_err(unexpected)?,
        attempts: 0,
    })
}

fn optional_text(body: &Map<String, Value>, name: &str) -> Result<Option<String>, String> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("`{name}` is not a string")),
    }
}

fn messages(body: &Map<String, Value>, name: &str) -> Result<Vec<Message>, String> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| message(item).map_err(|why| format!("`{name}[{i}]` {why}")))
            .collect(),
        Some(_) => Err(format!("`{name}` is not an array")),
    }
}

fn message(item: &Value) -> Result<Message, &'static str> {
    let item = item.as_object().ok_or("is not an object")?;
    let kind = item
        .get("type")
        .and_then(Value::as_str)
        .ok_or("has no `type` string")?;
    let message = match item.get("message") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err("has a `message` that is not a string"),
    };
    let is_auto_creation_forbidden = match item.get("isAutoCreationForbidden") {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => return Err("has an `isAutoCreationForbidden` that is not true/false"),
    };
    Ok(Message {
        kind: MessageType::parse(kind),
        message,
        is_auto_creation_forbidden,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case_client::fake_host::response;

    // Seed 001, "Successful response example", verbatim.
    #[test]
    fn the_spec_success_example_reads_into_typed_values() {
        let body = r#"{
   "success": true,
   "token": "b.06317562-7f4a-4c7e-9ee4-eae06e590c37",
   "url": "https://www.scalepoint.com/api/integration/dk/abcinsurance/v1/case/b.06317562-7f4a-4c7e-9ee4-eae06e590c37",
   "warnings": [{
      "type": "actionRequired",
      "message": "We could not automatically find claim handler to assign. Please open claim wizard to resolve the issue.",
      "isAutoCreationForbidden": false
   }]
}"#;
        let r = parse_case_response(&response(200, body)).unwrap();
        assert!(r.success);
        assert_eq!(
            r.token.as_deref(),
            Some("b.06317562-7f4a-4c7e-9ee4-eae06e590c37")
        );
        assert_eq!(r.warnings[0].kind, MessageType::ActionRequired);
        assert_eq!(r.warnings[0].is_auto_creation_forbidden, Some(false));
        assert!(r.errors.is_empty());
    }

    // Seed 001, "Error response example", verbatim.
    #[test]
    fn the_spec_error_example_reads_into_typed_values() {
        let body = r#"{
   "success": false,
   "errors": [{
      "type": "invalidFormat",
      "message": "Invalid JSON."
   }]
}"#;
        let r = parse_case_response(&response(400, body)).unwrap();
        assert!(!r.success);
        assert_eq!(r.errors[0].kind, MessageType::InvalidFormat);
        assert_eq!(r.errors[0].message, "Invalid JSON.");
        assert!(!should_retry(&response(400, body)));
    }

    // Seed 001, "Errors and warnings": the six types; others are kept.
    #[test]
    fn every_type_of_the_table_and_unknown_ones() {
        for name in [
            "unsupportedValue",
            "invalidFormat",
            "applicationError",
            "actionRequired",
            "unauthorizedRequest",
            "invalidTenant",
        ] {
            let t = MessageType::parse(name);
            assert!(!matches!(t, MessageType::Other(_)), "{name}");
            assert_eq!(t.as_str(), name);
        }
        assert_eq!(
            MessageType::parse("quotaExceeded"),
            MessageType::Other("quotaExceeded".into())
        );
        assert_eq!(
            MessageType::parse("InvalidTenant").as_str(),
            "InvalidTenant"
        );
    }

    // Seed 001: "applicationError: should be used with HTTP status code 500".
    #[test]
    fn server_errors_and_application_errors_are_retried_client_errors_not() {
        let app = r#"{"success":false,"errors":[{"type":"applicationError","message":"db"}]}"#;
        assert!(should_retry(&response(500, app)));
        assert!(should_retry(&response(502, "<html>")));
        assert!(should_retry(&response(200, app)));
        assert!(!should_retry(&response(409, app)));
        assert!(!should_retry(&response(200, r#"{"success":true}"#)));
    }

    #[test]
    fn malformed_bodies_are_unexpected_responses() {
        for (body, reason) in [
            ("", "empty"),
            ("<html>Bad gateway</html>", "not JSON"),
            ("[1]", "not a JSON object"),
            (r#"{"token":"x"}"#, "`success`"),
            (r#"{"success":"yes"}"#, "`success`"),
            (r#"{"success":true,"token":5}"#, "`token`"),
            (
                r#"{"success":false,"errors":{}}"#,
                "`errors` is not an array",
            ),
            (
                r#"{"success":false,"errors":[{"message":"m"}]}"#,
                "`errors[0]` has no `type`",
            ),
            (
                r#"{"success":true,"warnings":[{"type":"actionRequired","isAutoCreationForbidden":"no"}]}"#,
                "`warnings[0]`",
            ),
        ] {
            let e = parse_case_response(&response(502, body)).unwrap_err();
            assert_eq!(e.endpoint, Endpoint::Case);
            assert_eq!(e.status, 502);
            assert!(e.reason.contains(reason), "{body}: {}", e.reason);
        }
    }
}
