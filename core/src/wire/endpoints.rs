//! S1, S2 and S3 as seed 002 writes them: URL, headers, body.

use super::encode::{multipart_body, urlencoded_body, File};
use super::HttpRequest;
use crate::invoice::InvoiceOptions;
use crate::report::{Issue, Report};

/// Where and as whom a service partner talks to Scalepoint.
#[derive(Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// `https://hostname` as Scalepoint supplies it per environment.
    pub base_url: String,
    /// The country part of the URL, e.g. `dk`.
    pub country: String,
    /// The pre-shared GUID; never logged.
    pub security_token: String,
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field("base_url", &self.base_url)
            .field("country", &self.country)
            .field("security_token", &"<redacted>")
            .finish()
    }
}

/// An S2 status update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusUpdate {
    /// The uniqueId of the received task.
    pub unique_id: String,
    /// At most 100 characters.
    pub status: String,
    /// `yyyy-MM-dd HH:mm:ss`; absent means "when Scalepoint receives it".
    pub created: Option<String>,
}

pub mod codes {
    pub const INVALID_ENDPOINT: &str = "invalid-endpoint";
    pub const INVALID_SECURITY_TOKEN: &str = "invalid-security-token";
}

/// Refusals come as a report: an invalid request is never built, so it can
/// never be sent.
type Built = Result<HttpRequest, Report>;

/// S1: `POST {base}/repairValuation/{country}/ws/v3.1/task_feedback.action`,
/// multipart with `securityToken`, `jsonString` and the files.
pub fn feedback_request(
    endpoint: &Endpoint,
    feedback_json: &[u8],
    files: &[File],
    options: &InvoiceOptions,
) -> Built {
    let mut report = crate::validate_feedback(feedback_json, options);
    check_endpoint(endpoint, &mut report);
    refuse_if_invalid(report)?;
    // validate_feedback read it as UTF-8 without error.
    let json = String::from_utf8_lossy(feedback_json);
    let fields = [
        ("securityToken", endpoint.security_token.as_str()),
        ("jsonString", json.as_ref()),
    ];
    // The spec names the file parts attachemtnName1..N (sic); any part name
    // works for Scalepoint, we send the spec's spelling.
    multipart(
        endpoint,
        "ws/v3.1/task_feedback.action",
        &fields,
        "attachemtnName",
        files,
    )
}

/// S2: `POST {base}/repairValuation/{country}/ws/v3/task_status.action`,
/// urlencoded `securityToken`, `uniqueId`, `status`, optional `created`.
pub fn status_request(endpoint: &Endpoint, update: &StatusUpdate) -> Built {
    let mut report =
        crate::validate_status_update(&update.unique_id, &update.status, update.created.as_deref());
    check_endpoint(endpoint, &mut report);
    refuse_if_invalid(report)?;
    let mut fields = vec![
        ("securityToken", endpoint.security_token.as_str()),
        ("uniqueId", update.unique_id.as_str()),
        ("status", update.status.as_str()),
    ];
    if let Some(created) = &update.created {
        fields.push(("created", created.as_str()));
    }
    Ok(HttpRequest {
        method: "POST",
        url: url(endpoint, "ws/v3/task_status.action"),
        headers: vec![(
            "Content-Type".into(),
            "application/x-www-form-urlencoded".into(),
        )],
        body: urlencoded_body(&fields),
    })
}

/// S3: `POST {base}/repairValuation/{country}/ws/v3/message.action`,
/// multipart `securityToken`, `taskGuid`, `textMessage`, `file1..N`.
pub fn message_request(endpoint: &Endpoint, task_guid: &str, text: &str, files: &[File]) -> Built {
    let mut issues = Vec::new();
    if !crate::schema::is_guid(task_guid) {
        issues.push(Issue::error(
            "/taskGuid",
            crate::documents::codes::INVALID_GUID,
            format!("taskGuid {task_guid:?} is not the GUID of a received task"),
        ));
    }
    if text.trim().is_empty() && files.is_empty() {
        issues.push(Issue::error(
            "/textMessage",
            crate::documents::text_message::codes::EMPTY_TEXT,
            "a message needs text or files",
        ));
    }
    let mut report = Report::from_issues(issues);
    check_endpoint(endpoint, &mut report);
    refuse_if_invalid(report)?;
    let fields = [
        ("securityToken", endpoint.security_token.as_str()),
        ("taskGuid", task_guid),
        ("textMessage", text),
    ];
    multipart(endpoint, "ws/v3/message.action", &fields, "file", files)
}

fn multipart(
    endpoint: &Endpoint,
    path: &str,
    fields: &[(&str, &str)],
    prefix: &str,
    files: &[File],
) -> Built {
    let (content_type, body) = multipart_body(fields, prefix, files)
        .map_err(|e| Report::from_issues(vec![Issue::error("", "encoding-failed", e)]))?;
    Ok(HttpRequest {
        method: "POST",
        url: url(endpoint, path),
        headers: vec![
            ("Content-Type".into(), content_type),
            ("Accept".into(), "application/json".into()),
        ],
        body,
    })
}

fn url(endpoint: &Endpoint, path: &str) -> String {
    format!(
        "{}/repairValuation/{}/{path}",
        endpoint.base_url.trim_end_matches('/'),
        endpoint.country
    )
}

fn check_endpoint(endpoint: &Endpoint, report: &mut Report) {
    let mut issues = std::mem::take(&mut report.issues);
    let base = endpoint.base_url.as_str();
    if !(base.starts_with("https://") || base.starts_with("http://"))
        || base.contains(char::is_whitespace)
    {
        issues.push(Issue::error(
            "",
            codes::INVALID_ENDPOINT,
            format!("base URL {base:?} must be an absolute http(s) URL such as https://hostname"),
        ));
    }
    let country = endpoint.country.as_str();
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_lowercase()) {
        issues.push(Issue::error(
            "",
            codes::INVALID_ENDPOINT,
            format!("country {country:?} must be two lower-case letters, e.g. dk"),
        ));
    }
    if !crate::schema::is_guid(&endpoint.security_token) {
        // The token itself is never echoed.
        issues.push(Issue::error(
            "",
            codes::INVALID_SECURITY_TOKEN,
            "the security token must be the GUID Scalepoint issued",
        ));
    }
    *report = Report::from_issues(issues);
}

fn refuse_if_invalid(report: Report) -> Result<(), Report> {
    if report.valid {
        Ok(())
    } else {
        Err(report)
    }
}
