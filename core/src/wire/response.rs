//! Reading Scalepoint's answers into typed outcomes (seed 002, S1 responses;
//! S2/S3: "Success response has HTTP status code 201 or 200").

use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    /// Saved.
    Accepted,
    /// S1 201 with `validationErrors`: the lines were saved, the invoice was
    /// NOT. An error to the caller.
    InvoiceNotSaved {
        message: Option<String>,
        errors: Vec<String>,
    },
    /// 400: the request was refused (`message`, `validationErrors`).
    Rejected {
        status: u16,
        message: Option<String>,
        errors: Vec<String>,
    },
    /// 403: the security token is not valid or absent.
    Forbidden { message: Option<String> },
    /// Anything else: the status and the start of the body.
    Unexpected { status: u16, body: String },
}

impl SendOutcome {
    pub fn is_accepted(&self) -> bool {
        matches!(self, SendOutcome::Accepted)
    }

    /// Worth another attempt later (5xx and other unexpected answers);
    /// 4xx and content problems are not.
    pub fn is_retryable(&self) -> bool {
        matches!(self, SendOutcome::Unexpected { status, .. } if *status >= 500 || *status == 429)
    }
}

struct Answer {
    status: Option<String>,
    message: Option<String>,
    errors: Vec<String>,
}

fn answer(body: &[u8]) -> Option<Answer> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let text = |v: &Value| v.as_str().map(str::to_string);
    Some(Answer {
        status: value.get("status").and_then(text),
        message: value.get("message").and_then(text),
        errors: value
            .pointer("/validationErrors/errorList")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .map(|e| e.as_str().map_or_else(|| e.to_string(), str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
    })
}

/// The start of a body for messages, never the whole of a large one.
fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    text.chars().take(500).collect()
}

/// S1's responses.
pub fn read_feedback_response(status: u16, body: &[u8]) -> SendOutcome {
    let parsed = answer(body);
    match (status, parsed) {
        (200 | 201, Some(a)) if a.status.as_deref() == Some("SUCCESS") && a.errors.is_empty() => {
            SendOutcome::Accepted
        }
        (200 | 201, Some(a)) if a.status.as_deref() == Some("SUCCESS") => {
            SendOutcome::InvoiceNotSaved {
                message: a.message,
                errors: a.errors,
            }
        }
        (403, a) => SendOutcome::Forbidden {
            message: a.and_then(|a| a.message),
        },
        (400..=499, Some(a)) => SendOutcome::Rejected {
            status,
            message: a.message,
            errors: a.errors,
        },
        (400..=499, None) => SendOutcome::Rejected {
            status,
            message: Some(excerpt(body)).filter(|m| !m.is_empty()),
            errors: Vec::new(),
        },
        _ => SendOutcome::Unexpected {
            status,
            body: excerpt(body),
        },
    }
}

/// S2's and S3's responses: 200 or 201 is success, all else failure.
pub fn read_plain_response(status: u16, body: &[u8]) -> SendOutcome {
    match status {
        200 | 201 => SendOutcome::Accepted,
        403 => SendOutcome::Forbidden {
            message: answer(body).and_then(|a| a.message),
        },
        400..=499 => {
            let a = answer(body);
            SendOutcome::Rejected {
                status,
                message: a
                    .as_ref()
                    .and_then(|a| a.message.clone())
                    .or_else(|| Some(excerpt(body))),
                errors: a.map(|a| a.errors).unwrap_or_default(),
            }
        }
        _ => SendOutcome::Unexpected {
            status,
            body: excerpt(body),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s1_success_and_the_invoice_that_was_not_saved() {
        // seed 002 S1 "Successful responses" 1 and 2.
        assert_eq!(
            read_feedback_response(201, br#"{"status":"SUCCESS"}"#),
            SendOutcome::Accepted
        );
        let body = br#"{"status":"SUCCESS","message":"Validation failed","validationErrors":{"errorList":["You already submitted invoice with the same Invoice number"]}}"#;
        match read_feedback_response(201, body) {
            SendOutcome::InvoiceNotSaved { message, errors } => {
                assert_eq!(message.as_deref(), Some("Validation failed"));
                assert_eq!(errors.len(), 1);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn s1_failures() {
        // seed 002 S1 "Failure response" 1-3.
        let rejected =
            read_feedback_response(400, br#"{"status":"FAILURE","message":"Wrong task GUID"}"#);
        assert_eq!(
            rejected,
            SendOutcome::Rejected {
                status: 400,
                message: Some("Wrong task GUID".into()),
                errors: vec![]
            }
        );
        let forbidden = read_feedback_response(403, br##"{"status":"FAILURE","message":"JSON structure is not valid","validationErrors":{"errorList":["#/servicePartner: required key [bank] not found"]}}"##);
        assert!(matches!(forbidden, SendOutcome::Forbidden { .. }));
        let odd = read_feedback_response(502, b"<html>bad gateway</html>");
        assert!(odd.is_retryable());
        assert!(!rejected.is_retryable());
        assert!(matches!(
            read_feedback_response(201, b"not json"),
            SendOutcome::Unexpected { status: 201, .. }
        ));
    }

    #[test]
    fn s2_s3_accept_200_and_201_only() {
        assert!(read_plain_response(200, b"").is_accepted());
        assert!(read_plain_response(201, br#"{"status":"SUCCESS"}"#).is_accepted());
        assert!(!read_plain_response(204, b"").is_accepted());
        assert!(matches!(
            read_plain_response(400, b"bad"),
            SendOutcome::Rejected { .. }
        ));
    }
}
