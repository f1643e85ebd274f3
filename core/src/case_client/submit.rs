//! One case, start to end: check the options, validate the document (an
//! invalid one is never sent), get a token, POST the case, read the answer.

use serde_json::Value;

use super::endpoint::{case_url, check_api_version, check_base_url, check_url};
use super::error::{Endpoint, InvalidOption, SubmitError, TransportFailure};
use super::host::ClientHost;
use super::http::{HttpRequest, Method};
use super::options::{ClientAuth, Credentials, SubmitOptions};
use super::response::{parse_case_response, should_retry, CaseResponse};
use super::retry::{send_with_retries, Sent};
use super::secret::Secret;
use super::token::access_token;
use crate::validate::{validate_case, CaseOptions};

/// Seed 001, "Create Case Request": `application/json;charset=utf-8`.
pub const CASE_CONTENT_TYPE: &str = "application/json;charset=utf-8";

/// Sends `document` to Scalepoint's case endpoint.
///
/// Retrying a case POST is safe: Scalepoint recognises a case by
/// tenant+company+country+caseType+caseNumber (seed 001, Appendix A,
/// `caseNumber`), so a repeat updates rather than duplicates.
pub fn submit_case(
    host: &mut (impl ClientHost + ?Sized),
    document: &[u8],
    credentials: &Credentials,
    options: &SubmitOptions,
) -> Result<CaseResponse, SubmitError> {
    check_options(credentials, options)?;
    let url = case_url_for(document, options)?;
    let token = access_token(host, credentials, options, false)?;
    let mut sent = post_case(host, &url, &token, document, options);
    if matches!(&sent.result, Ok(r) if r.status == 401) {
        // Seed 001: 401 is `unauthorizedRequest`, "no valid bearer token".
        // A cached token may have been revoked: one new token, one more try.
        let token = access_token(host, credentials, options, true)?;
        let again = post_case(host, &url, &token, document, options);
        sent = Sent {
            result: again.result,
            attempts: sent.attempts + again.attempts,
        };
    }
    let response = sent.result.map_err(|error| {
        SubmitError::Transport(TransportFailure {
            endpoint: Endpoint::Case,
            attempts: sent.attempts,
            error,
        })
    })?;
    let mut case = parse_case_response(&response).map_err(SubmitError::UnexpectedResponse)?;
    case.attempts = sent.attempts;
    Ok(case)
}

fn check_options(credentials: &Credentials, options: &SubmitOptions) -> Result<(), InvalidOption> {
    check_base_url(&options.base_url)?;
    check_url("token-url", &credentials.token_url)?;
    check_api_version(&options.api_version)?;
    let empty = [
        ("client-id", credentials.client_id.is_empty()),
        ("scope", credentials.scope.is_empty()),
        (
            "client-secret",
            matches!(&credentials.auth, ClientAuth::ClientSecret(s) if s.expose().is_empty()),
        ),
    ];
    if let Some((name, _)) = empty.iter().find(|(_, is_empty)| *is_empty) {
        return Err(InvalidOption::new(name, "is empty"));
    }
    if options.retry.max_attempts == 0 {
        return Err(InvalidOption::new("max-attempts", "must be at least 1"));
    }
    if options.timeout_ms == 0 {
        return Err(InvalidOption::new("timeout-ms", "must be at least 1"));
    }
    Ok(())
}

/// Validates the document with the product's rules, then builds the case
/// endpoint from its `country` and `tenant`.
fn case_url_for(document: &[u8], options: &SubmitOptions) -> Result<String, SubmitError> {
    let report = validate_case(
        document,
        &CaseOptions {
            product: options.product,
        },
    );
    if !report.valid {
        return Err(SubmitError::InvalidDocument(report));
    }
    let doc: Value = serde_json::from_slice(document).unwrap_or_default();
    let field = |name: &str| {
        doc.get(name)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    match (field("country"), field("tenant")) {
        (Some(country), Some(tenant)) => Ok(case_url(
            &options.base_url,
            country,
            tenant,
            &options.api_version,
        )),
        // A valid case has both (seed 001, Appendix A, Root); kept typed anyway.
        _ => Err(SubmitError::InvalidDocument(report)),
    }
}

/// The document goes as it is: never rewritten (shared/README.md).
fn post_case(
    host: &mut (impl ClientHost + ?Sized),
    url: &str,
    token: &Secret,
    document: &[u8],
    options: &SubmitOptions,
) -> Sent {
    let request = HttpRequest {
        method: Method::Post,
        url: url.to_string(),
        headers: vec![
            ("Authorization".into(), format!("Bearer {}", token.expose())),
            ("Content-Type".into(), CASE_CONTENT_TYPE.into()),
            ("Accept".into(), "application/json".into()),
        ],
        body: document.to_vec(),
        timeout_ms: options.timeout_ms,
    };
    let Ok(sent) = send_with_retries::<_, std::convert::Infallible>(
        host,
        &options.retry,
        |_| Ok(request.clone()),
        should_retry,
    );
    sent
}
