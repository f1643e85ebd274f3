//! `submit_case` against a scripted host: every clause of seed 001 the case
//! client implements, and the OAuth rules around it.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};

use super::fake_host::{cached, reply, FakeHost, ACCEPTED, BASE_URL, TOKEN_URL};
use super::*;
use crate::product::Product;

const SIMPLEST: &[u8] = include_bytes!("../../../examples/case/simplest.json");

fn secret_credentials() -> Credentials {
    Credentials::new(
        TOKEN_URL,
        "insurer-client",
        ClientAuth::ClientSecret(Secret::new("very-secret")),
    )
}

fn jwt_credentials() -> Credentials {
    Credentials::new(TOKEN_URL, "insurer-client", ClientAuth::PrivateKeyJwt)
}

fn options() -> SubmitOptions {
    SubmitOptions::new(BASE_URL)
}

fn submit(host: &mut FakeHost, credentials: &Credentials) -> Result<CaseResponse, SubmitError> {
    submit_case(host, SIMPLEST, credentials, &options())
}

fn form(request: &HttpRequest) -> Vec<(String, String)> {
    form_urlencoded::parse(&request.body).into_owned().collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

// Seed 001, "Case Integration API endpoint" and "Create Case Request":
// POST {base}/api/integration/<country>/<tenant>/<version>/case, Bearer
// token, application/json;charset=utf-8, the document as the body.
#[test]
fn the_case_request_has_the_spec_path_headers_and_body() {
    let mut host = FakeHost::default();
    let response = submit(&mut host, &secret_credentials()).unwrap();
    assert!(response.success);
    assert_eq!(response.token.as_deref(), Some("b.1"));
    assert_eq!(response.attempts, 1);
    let cases = host.case_requests();
    assert_eq!(cases.len(), 1);
    let case = cases[0];
    assert_eq!(case.method, Method::Post);
    assert_eq!(
        case.url,
        "https://scalepoint.example/api/integration/dk/abcinsurance/v1/case"
    );
    assert_eq!(case.header("Authorization"), Some("Bearer at-1"));
    assert_eq!(
        case.header("Content-Type"),
        Some("application/json;charset=utf-8")
    );
    assert_eq!(case.body, SIMPLEST);
}

#[test]
fn the_api_version_is_an_option() {
    let mut host = FakeHost::default();
    let mut o = options();
    o.api_version = "v2".into();
    submit_case(&mut host, SIMPLEST, &secret_credentials(), &o).unwrap();
    assert!(host.case_requests()[0]
        .url
        .ends_with("/dk/abcinsurance/v2/case"));
}

// Seed 001, Authentication: client credentials, scope case_integration;
// client_secret_post puts id and secret in the form (RFC 6749 §2.3.1).
#[test]
fn client_secret_token_request_form() {
    let mut host = FakeHost::default();
    submit(&mut host, &secret_credentials()).unwrap();
    let token = host.token_requests()[0];
    assert_eq!(token.method, Method::Post);
    assert_eq!(
        token.header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        form(token),
        pairs(&[
            ("grant_type", "client_credentials"),
            ("scope", "case_integration"),
            ("client_id", "insurer-client"),
            ("client_secret", "very-secret"),
        ])
    );
}

// RFC 7523 §2.2: private_key_jwt; header and claims as the issue says.
#[test]
fn private_key_jwt_token_request_form_and_assertion() {
    let mut host = FakeHost::default();
    submit(&mut host, &jwt_credentials()).unwrap();
    let fields = form(host.token_requests()[0]);
    let names: Vec<_> = fields.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "grant_type",
            "scope",
            "client_id",
            "client_assertion_type",
            "client_assertion"
        ]
    );
    assert_eq!(
        fields[3].1,
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    );
    let parts: Vec<_> = fields[4].1.split('.').collect();
    assert_eq!(parts.len(), 3);
    let decode =
        |p: &str| -> Value { serde_json::from_slice(&URL_SAFE_NO_PAD.decode(p).unwrap()).unwrap() };
    let thumbprint = URL_SAFE_NO_PAD.encode([7u8; 20]);
    assert_eq!(
        decode(parts[0]),
        json!({"alg": "RS256", "typ": "JWT", "x5t": thumbprint, "kid": thumbprint})
    );
    let claims = decode(parts[1]);
    assert_eq!(claims["iss"], "insurer-client");
    assert_eq!(claims["sub"], "insurer-client");
    assert_eq!(claims["aud"], TOKEN_URL);
    assert_eq!(claims["iat"], 1_700_000_000u64);
    assert_eq!(claims["nbf"], 1_700_000_000u64);
    assert_eq!(claims["exp"], 1_700_000_010u64);
    assert_eq!(claims["jti"], "01010101-0101-4101-8101-010101010101");
    // The host signed exactly header.claims.
    let signature = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
    assert_eq!(&signature[..7], b"signed:");
    assert_eq!(&signature[7..], &parts[0].as_bytes()[..8]);
}

#[test]
fn every_assertion_has_a_fresh_jti() {
    let mut host = FakeHost::default();
    host.token_replies.push_back(reply(503, ""));
    submit(&mut host, &jwt_credentials()).unwrap();
    let jtis: Vec<Value> = host
        .token_requests()
        .iter()
        .map(|r| {
            let assertion = form(r).pop().unwrap().1;
            let claims = assertion.split('.').nth(1).unwrap().to_string();
            serde_json::from_slice::<Value>(&URL_SAFE_NO_PAD.decode(claims).unwrap()).unwrap()
                ["jti"]
                .clone()
        })
        .collect();
    assert_eq!(jtis.len(), 2);
    assert_ne!(jtis[0], jtis[1]);
}

#[test]
fn a_signer_failure_is_typed_and_nothing_is_sent() {
    let mut host = FakeHost {
        signer_error: Some("the key file is unreadable".into()),
        ..FakeHost::default()
    };
    let e = submit(&mut host, &jwt_credentials()).unwrap_err();
    assert_eq!(e, SubmitError::Signer("the key file is unreadable".into()));
    assert!(host.requests.is_empty());
}

// shared/README.md §7 and the issue: an invalid document is refused with
// its report before any HTTP call.
#[test]
fn an_invalid_document_is_refused_before_any_request() {
    let mut host = FakeHost::default();
    let e = submit_case(
        &mut host,
        br#"{"tenant":"abc"}"#,
        &secret_credentials(),
        &options(),
    )
    .unwrap_err();
    let SubmitError::InvalidDocument(report) = e else {
        panic!("{e:?}")
    };
    assert!(!report.valid);
    assert!(report.issues.iter().any(|i| i.path == "/country"));
    assert!(host.requests.is_empty());
}

// Seed 001, Appendix A: product rules apply when the product is named.
#[test]
fn the_product_option_applies_its_rules() {
    let mut host = FakeHost::default();
    let mut o = options();
    o.product = Some(Product::HubHealth);
    let e = submit_case(&mut host, SIMPLEST, &secret_credentials(), &o).unwrap_err();
    assert!(
        matches!(e, SubmitError::InvalidDocument(r) if r.has_code("field-required-by-product"))
    );
    assert!(host.requests.is_empty());
}

type Spoil = fn(&mut Credentials, &mut SubmitOptions);

#[test]
fn unusable_options_are_typed_and_nothing_is_sent() {
    let cases: [(&str, Spoil); 6] = [
        ("base-url", |_, o| {
            o.base_url = "http://scalepoint.example".into()
        }),
        ("token-url", |c, _| c.token_url = "token".into()),
        ("api-version", |_, o| o.api_version = "v1/x".into()),
        ("client-id", |c, _| c.client_id.clear()),
        ("client-secret", |c, _| {
            c.auth = ClientAuth::ClientSecret(Secret::new(""))
        }),
        ("max-attempts", |_, o| o.retry.max_attempts = 0),
    ];
    for (name, spoil) in cases {
        let mut host = FakeHost::default();
        let (mut c, mut o) = (secret_credentials(), options());
        spoil(&mut c, &mut o);
        let e = submit_case(&mut host, SIMPLEST, &c, &o).unwrap_err();
        assert!(
            matches!(&e, SubmitError::InvalidOption(o) if o.name == name),
            "{name}: {e:?}"
        );
        assert!(host.requests.is_empty());
    }
}

// The issue: the token is cached until shortly before it expires.
#[test]
fn a_token_is_reused_until_30_seconds_before_it_expires() {
    let mut host = FakeHost::default();
    submit(&mut host, &secret_credentials()).unwrap();
    submit(&mut host, &secret_credentials()).unwrap();
    assert_eq!(host.token_requests().len(), 1);
    assert_eq!(
        host.case_requests()[1].header("Authorization"),
        Some("Bearer at-1")
    );
    // 3600 s lifetime: at 3570 s it is within the margin.
    host.now += 3570;
    submit(&mut host, &secret_credentials()).unwrap();
    assert_eq!(host.token_requests().len(), 2);
    assert_eq!(
        host.case_requests()[2].header("Authorization"),
        Some("Bearer at-2")
    );
}

#[test]
fn tokens_are_cached_per_auth_method_and_client() {
    let mut host = FakeHost::default();
    submit(&mut host, &secret_credentials()).unwrap();
    submit(&mut host, &jwt_credentials()).unwrap();
    let mut other = secret_credentials();
    other.client_id = "other-client".into();
    submit(&mut host, &other).unwrap();
    assert_eq!(host.token_requests().len(), 3);
    assert_eq!(host.cache.len(), 3);
}

#[test]
fn a_token_without_a_lifetime_is_not_cached() {
    let mut host = FakeHost::default();
    host.token_replies.push_back(reply(
        200,
        r#"{"access_token":"once","token_type":"Bearer"}"#,
    ));
    submit(&mut host, &secret_credentials()).unwrap();
    assert!(host.cache.is_empty());
    assert_eq!(
        host.case_requests()[0].header("Authorization"),
        Some("Bearer once")
    );
}

// Seed 001: 401 unauthorizedRequest, "no valid bearer token". The issue:
// refresh the token once and retry once.
#[test]
fn a_401_refreshes_the_token_once_and_retries_once() {
    let mut host = FakeHost::default();
    let key = token::cache_key(&secret_credentials());
    host.cache
        .insert(key.clone(), cached("revoked", host.now + 3600));
    let unauthorized = r#"{"success":false,"errors":[{"type":"unauthorizedRequest","message":"No valid bearer token"}]}"#;
    host.case_replies.push_back(reply(401, unauthorized));
    let response = submit(&mut host, &secret_credentials()).unwrap();
    assert!(response.success);
    assert_eq!(response.attempts, 2);
    let auth: Vec<_> = host
        .case_requests()
        .iter()
        .map(|r| r.header("Authorization").unwrap().to_string())
        .collect();
    assert_eq!(auth, ["Bearer revoked", "Bearer at-1"]);
    assert_eq!(host.cache[&key].access_token.expose(), "at-1");

    // A second 401 in a row is Scalepoint's answer: reported, not retried.
    let mut host = FakeHost::default();
    host.case_replies.push_back(reply(401, unauthorized));
    host.case_replies.push_back(reply(401, unauthorized));
    let response = submit(&mut host, &secret_credentials()).unwrap();
    assert!(!response.success);
    assert_eq!(response.status, 401);
    assert_eq!(response.errors[0].kind, MessageType::UnauthorizedRequest);
    assert_eq!(host.case_requests().len(), 2);
    assert_eq!(host.token_requests().len(), 2);
    assert!(host.sleeps.is_empty());
}

// Seed 001: "applicationError: should be used with HTTP status code 500".
#[test]
fn a_500_is_retried_with_capped_backoff_then_reported() {
    let mut host = FakeHost::default();
    let failure = r#"{"success":false,"errors":[{"type":"applicationError","message":"Database connection failed"}]}"#;
    for _ in 0..4 {
        host.case_replies.push_back(reply(500, failure));
    }
    let response = submit(&mut host, &secret_credentials()).unwrap();
    assert_eq!(response.status, 500);
    assert_eq!(response.attempts, 4);
    assert_eq!(response.errors[0].kind, MessageType::ApplicationError);
    assert_eq!(host.sleeps, [500, 1000, 2000]);
    assert_eq!(host.case_requests().len(), 4);
}

#[test]
fn a_500_then_success_is_success() {
    let mut host = FakeHost::default();
    host.case_replies
        .push_back(reply(503, "<html>unavailable</html>"));
    host.case_replies.push_back(reply(200, ACCEPTED));
    let response = submit(&mut host, &secret_credentials()).unwrap();
    assert!(response.success);
    assert_eq!(response.attempts, 2);
    assert_eq!(host.token_requests().len(), 1);
}

// Seed 001: 400 invalidFormat ("payload is broken"), 403 invalidTenant.
#[test]
fn client_errors_are_reported_and_never_retried() {
    for (status, kind, body) in [
        (
            400,
            MessageType::InvalidFormat,
            r#"{"success":false,"errors":[{"type":"invalidFormat","message":"Invalid JSON."}]}"#,
        ),
        (
            403,
            MessageType::InvalidTenant,
            r#"{"success":false,"errors":[{"type":"invalidTenant","message":"Tenant doesn't exist"}]}"#,
        ),
    ] {
        let mut host = FakeHost::default();
        host.case_replies.push_back(reply(status, body));
        let response = submit(&mut host, &secret_credentials()).unwrap();
        assert!(!response.success);
        assert_eq!(response.status, status);
        assert_eq!(response.errors[0].kind, kind);
        assert_eq!(host.case_requests().len(), 1);
        assert!(host.sleeps.is_empty());
    }
}

#[test]
fn transport_errors_are_retried_then_typed() {
    let mut host = FakeHost::default();
    for _ in 0..4 {
        host.case_replies.push_back(Err(TransportError::Timeout));
    }
    let e = submit(&mut host, &secret_credentials()).unwrap_err();
    assert_eq!(
        e,
        SubmitError::Transport(TransportFailure {
            endpoint: Endpoint::Case,
            attempts: 4,
            error: TransportError::Timeout
        })
    );
    assert_eq!(host.sleeps, [500, 1000, 2000]);

    let mut host = FakeHost::default();
    host.token_replies
        .push_back(Err(TransportError::InvalidUrl("bad".into())));
    let e = submit(&mut host, &secret_credentials()).unwrap_err();
    assert!(
        matches!(e, SubmitError::Transport(t) if t.endpoint == Endpoint::Token && t.attempts == 1)
    );
}

// RFC 6749 §5.2: the token endpoint's refusal is typed; no case is sent.
#[test]
fn a_refused_token_stops_before_the_case() {
    let mut host = FakeHost::default();
    host.token_replies.push_back(reply(
        401,
        r#"{"error":"invalid_client","error_description":"unknown client"}"#,
    ));
    let e = submit(&mut host, &secret_credentials()).unwrap_err();
    assert_eq!(
        e,
        SubmitError::TokenRefused(TokenRefused {
            status: 401,
            error: Some("invalid_client".into()),
            description: Some("unknown client".into())
        })
    );
    assert!(host.case_requests().is_empty());
    assert!(host.sleeps.is_empty());
}

#[test]
fn a_malformed_case_response_is_typed() {
    let mut host = FakeHost::default();
    host.case_replies.push_back(reply(200, "OK"));
    let e = submit(&mut host, &secret_credentials()).unwrap_err();
    assert!(
        matches!(e, SubmitError::UnexpectedResponse(u) if u.endpoint == Endpoint::Case && u.status == 200)
    );
}

// The issue: no secret or token in Debug output or error messages.
#[test]
fn secrets_and_tokens_never_show_in_debug_or_errors() {
    let mut host = FakeHost::default();
    host.case_replies.push_back(Err(TransportError::Timeout));
    host.case_replies.push_back(reply(500, "{"));
    let credentials = secret_credentials();
    let mut o = options();
    o.retry.max_attempts = 2;
    let e = submit_case(&mut host, SIMPLEST, &credentials, &o).unwrap_err();
    let shown = format!(
        "{e} {e:?} {credentials:?} {:?} {:?}",
        host.requests, host.cache
    );
    for secret in ["very-secret", "at-1"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
}
