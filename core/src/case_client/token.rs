//! The access token: OAuth 2.0 client credentials grant (RFC 6749 §4.4) at
//! the token endpoint, scope `case_integration` (seed 001, Authentication),
//! with `client_secret_post` or `private_key_jwt` (RFC 7523). Tokens are kept
//! in the host's `token-cache`, because every call runs in a fresh instance.

use serde_json::Value;

use super::error::{Endpoint, SubmitError, TokenRefused, TransportFailure, UnexpectedResponse};
use super::host::{CachedToken, ClientHost};
use super::http::{HttpRequest, HttpResponse, Method};
use super::jwt;
use super::options::{ClientAuth, Credentials, SubmitOptions};
use super::retry::send_with_retries;
use super::secret::Secret;

/// A cached token is used only while it has more than this left, so it does
/// not expire between the cache and the case endpoint.
pub const EXPIRY_MARGIN_SECS: u64 = 30;
/// Longest `error_description` kept from a token endpoint.
const MAX_DESCRIPTION_CHARS: usize = 300;

/// The cache key: every parameter that makes a token, so two clients never
/// share one. A JSON array, so no value can run into the next.
pub fn cache_key(credentials: &Credentials) -> String {
    serde_json::json!([
        credentials.auth.method_name(),
        credentials.token_url,
        credentials.client_id,
        credentials.scope,
    ])
    .to_string()
}

/// A token for the case endpoint: the cached one while it is good for more
/// than the margin, otherwise (or when `fresh`) a new one, which is cached.
pub fn access_token(
    host: &mut (impl ClientHost + ?Sized),
    credentials: &Credentials,
    options: &SubmitOptions,
    fresh: bool,
) -> Result<Secret, SubmitError> {
    let key = cache_key(credentials);
    if !fresh {
        if let Some(cached) = host.cached_token(&key) {
            if cached.expires_at > host.now().saturating_add(EXPIRY_MARGIN_SECS) {
                return Ok(cached.access_token);
            }
        }
    }
    // The lifetime counts from before the request: never later than the server's.
    let requested_at = host.now();
    let sent = send_with_retries(
        host,
        &options.retry,
        |h| token_request(h, credentials, options.timeout_ms),
        |r| r.status >= 500,
    )?;
    let response = sent.result.map_err(|error| {
        SubmitError::Transport(TransportFailure {
            endpoint: Endpoint::Token,
            attempts: sent.attempts,
            error,
        })
    })?;
    let grant = parse_token_response(&response)?;
    if let Some(lifetime) = grant.expires_in {
        let token = CachedToken {
            access_token: grant.access_token.clone(),
            expires_at: requested_at.saturating_add(lifetime),
        };
        host.store_token(&key, &token);
    }
    Ok(grant.access_token)
}

/// The token request: a form (RFC 6749 §4.4.2) with the client's
/// authentication in it (§2.3.1 or RFC 7523 §2.2).
pub fn token_request(
    host: &mut (impl ClientHost + ?Sized),
    credentials: &Credentials,
    timeout_ms: u32,
) -> Result<HttpRequest, SubmitError> {
    let mut form = form_urlencoded::Serializer::new(String::new());
    form.append_pair("grant_type", "client_credentials")
        .append_pair("scope", &credentials.scope)
        .append_pair("client_id", &credentials.client_id);
    match &credentials.auth {
        ClientAuth::ClientSecret(secret) => {
            form.append_pair("client_secret", secret.expose());
        }
        ClientAuth::PrivateKeyJwt => {
            let assertion =
                jwt::client_assertion(host, &credentials.client_id, &credentials.token_url)?;
            form.append_pair("client_assertion_type", jwt::ASSERTION_TYPE)
                .append_pair("client_assertion", assertion.expose());
        }
    }
    Ok(HttpRequest {
        method: Method::Post,
        url: credentials.token_url.clone(),
        headers: vec![
            (
                "Content-Type".into(),
                "application/x-www-form-urlencoded".into(),
            ),
            ("Accept".into(), "application/json".into()),
        ],
        body: form.finish().into_bytes(),
        timeout_ms,
    })
}

struct Grant {
    access_token: Secret,
    expires_in: Option<u64>,
}

/// RFC 6749 §5.1 (success) and §5.2 (error). Without `expires_in` the token
/// is used once and not cached: how long it lives is unknown.
fn parse_token_response(response: &HttpResponse) -> Result<Grant, SubmitError> {
    let status = response.status;
    let body = serde_json::from_slice::<Value>(&response.body)
        .ok()
        .filter(Value::is_object);
    let text = |name: &str| {
        body.as_ref()
            .and_then(|b| b.get(name))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    if !(200..300).contains(&status) {
        return Err(SubmitError::TokenRefused(TokenRefused {
            status,
            error: text("error"),
            description: text("error_description")
                .map(|d| d.chars().take(MAX_DESCRIPTION_CHARS).collect()),
        }));
    }
    let unexpected = |reason: &str| {
        SubmitError::UnexpectedResponse(UnexpectedResponse {
            endpoint: Endpoint::Token,
            status,
            reason: reason.to_string(),
        })
    };
    let Some(body) = &body else {
        return Err(unexpected("the body is not a JSON object"));
    };
    let access_token = match body.get("access_token").and_then(Value::as_str) {
        Some(token) if !token.is_empty() => Secret::new(token),
        _ => return Err(unexpected("the body has no access_token")),
    };
    match body.get("token_type").and_then(Value::as_str) {
        Some(t) if !t.eq_ignore_ascii_case("bearer") => {
            return Err(unexpected(&format!("token_type is {t:?}, not Bearer")))
        }
        _ => {}
    }
    let expires_in = match body.get("expires_in") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            seconds(v).ok_or_else(|| unexpected("expires_in is not a whole number of seconds"))?,
        ),
    };
    Ok(Grant {
        access_token,
        expires_in,
    })
}

/// A number of seconds; some servers send it as a string.
fn seconds(value: &Value) -> Option<u64> {
    match value {
        Value::String(s) => s.trim().parse().ok(),
        v => v.as_u64(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case_client::fake_host::response;

    // RFC 6749 §5.1.
    #[test]
    fn a_grant_gives_token_and_lifetime() {
        let g = parse_token_response(&response(
            200,
            r#"{"access_token":"at","token_type":"Bearer","expires_in":3600}"#,
        ))
        .ok()
        .unwrap();
        assert_eq!(g.access_token.expose(), "at");
        assert_eq!(g.expires_in, Some(3600));
        let g = parse_token_response(&response(200, r#"{"access_token":"at","expires_in":"60"}"#))
            .ok()
            .unwrap();
        assert_eq!(g.expires_in, Some(60));
    }

    // RFC 6749 §5.2.
    #[test]
    fn an_error_response_is_token_refused_with_its_code() {
        let e = parse_token_response(&response(
            400,
            r#"{"error":"invalid_client","error_description":"bad assertion"}"#,
        ))
        .err()
        .unwrap();
        assert_eq!(
            e,
            SubmitError::TokenRefused(TokenRefused {
                status: 400,
                error: Some("invalid_client".into()),
                description: Some("bad assertion".into()),
            })
        );
        let e = parse_token_response(&response(401, "<html>"))
            .err()
            .unwrap();
        assert!(matches!(
            e,
            SubmitError::TokenRefused(TokenRefused {
                status: 401,
                error: None,
                ..
            })
        ));
    }

    #[test]
    fn odd_grants_are_unexpected_and_never_quote_the_token() {
        for body in [
            "not json",
            r#"{"token_type":"Bearer"}"#,
            r#"{"access_token":"SECRET-AT","token_type":"mac"}"#,
            r#"{"access_token":"SECRET-AT","expires_in":-5}"#,
        ] {
            let e = parse_token_response(&response(200, body)).err().unwrap();
            assert!(matches!(e, SubmitError::UnexpectedResponse(_)), "{body}");
            assert!(!e.to_string().contains("SECRET-AT"));
            assert!(!format!("{e:?}").contains("SECRET-AT"));
        }
    }

    #[test]
    fn the_cache_key_holds_every_parameter() {
        let c = Credentials::new("https://idp/token", "id", ClientAuth::PrivateKeyJwt);
        assert_eq!(
            cache_key(&c),
            r#"["private_key_jwt","https://idp/token","id","case_integration"]"#
        );
    }
}
