//! `host-demo case submit` end to end: the built component, the real HTTP
//! transport and a fake Scalepoint (token endpoint and case endpoint) on
//! 127.0.0.1, started by each test and stopped when it ends. Each test
//! names the clause it checks: seed 001 (Case Integration API), RFC 6749
//! (OAuth 2.0), RFC 7523 (private_key_jwt), or the issue's own rules.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use host_demo::case::wit_case;
use host_demo::http::UreqTransport;
use host_demo::imports::MemoryTokenCache;
use host_demo::runtime::{ComponentHost, HostImports};
use rsa::pkcs8::EncodePrivateKey;
use rsa::signature::Verifier;
use serde_json::{json, Value};
use sha1::Digest;

const CLIENT_ID: &str = "abc-claims";
const SECRET: &str = "s3cret-never-printed";
const SIMPLEST: &str = "examples/case/simplest.json";
const CASE_PATH: &str = "/api/integration/dk/abcinsurance/v1/case";
const ACCEPTED: &str = r#"{"success":true,"token":"b.06317562-7f4a-4c7e-9ee4-eae06e590c37","url":"https://www.scalepoint.com/api/integration/dk/abcinsurance/v1/case/b.06317562-7f4a-4c7e-9ee4-eae06e590c37","warnings":[{"type":"actionRequired","message":"We could not automatically find claim handler to assign.","isAutoCreationForbidden":false}]}"#;

// ---------------------------------------------------------------- fake server

#[derive(Clone, Debug)]
struct Recorded {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Recorded {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn form(&self) -> Vec<(String, String)> {
        url_decode_form(&self.body)
    }
}

/// What the fake answers, in order; when a list runs out: a token
/// `token-N` for an hour, and the spec's successful case response.
#[derive(Default)]
struct Script {
    token: VecDeque<(u16, String)>,
    case: VecDeque<(u16, String)>,
}

impl Script {
    fn case(replies: &[(u16, &str)]) -> Self {
        Self {
            case: replies.iter().map(|(s, b)| (*s, b.to_string())).collect(),
            ..Self::default()
        }
    }

    fn token(replies: &[(u16, &str)]) -> Self {
        Self {
            token: replies.iter().map(|(s, b)| (*s, b.to_string())).collect(),
            ..Self::default()
        }
    }
}

/// A token endpoint at `/token` and the case endpoint under `/api/...`.
struct FakeScalepoint {
    url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// Bounded: the server stops by itself after this, whatever happens.
const SERVER_LIFETIME: Duration = Duration::from_secs(120);

impl FakeScalepoint {
    fn start(script: Script) -> Self {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!("http://{}", server.server_addr());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (requests, stop) = (requests.clone(), stop.clone());
            std::thread::spawn(move || serve(server, script, &requests, &stop))
        };
        Self {
            url,
            requests,
            stop,
            thread: Some(thread),
        }
    }

    fn token_url(&self) -> String {
        format!("{}/token", self.url)
    }

    fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    fn token_requests(&self) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.path == "/token")
            .collect()
    }

    fn case_requests(&self) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.path != "/token")
            .collect()
    }
}

impl Drop for FakeScalepoint {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(
    server: tiny_http::Server,
    mut script: Script,
    requests: &Mutex<Vec<Recorded>>,
    stop: &AtomicBool,
) {
    let started = Instant::now();
    let mut tokens_issued = 0;
    while !stop.load(Ordering::SeqCst) && started.elapsed() < SERVER_LIFETIME {
        let Ok(Some(mut request)) = server.recv_timeout(Duration::from_millis(50)) else {
            continue;
        };
        let mut body = Vec::new();
        let _ = request.as_reader().read_to_end(&mut body);
        let recorded = Recorded {
            method: request.method().to_string(),
            path: request.url().to_string(),
            headers: request
                .headers()
                .iter()
                .map(|h| (h.field.to_string(), h.value.to_string()))
                .collect(),
            body,
        };
        let (status, reply) = if recorded.path == "/token" {
            script.token.pop_front().unwrap_or_else(|| {
                tokens_issued += 1;
                let grant = json!({"access_token": format!("token-{tokens_issued}"), "token_type": "Bearer", "expires_in": 3600});
                (200, grant.to_string())
            })
        } else {
            script
                .case
                .pop_front()
                .unwrap_or_else(|| (201, ACCEPTED.to_string()))
        };
        requests.lock().unwrap().push(recorded);
        let header = tiny_http::Header::from_bytes("Content-Type", "application/json").unwrap();
        let _ = request.respond(
            tiny_http::Response::from_string(reply)
                .with_status_code(status)
                .with_header(header),
        );
    }
}

fn url_decode_form(body: &[u8]) -> Vec<(String, String)> {
    let decode = |s: &str| {
        let s = s.replace('+', " ");
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    };
    std::str::from_utf8(body)
        .unwrap()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

// ---------------------------------------------------------------- the CLI

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn host_demo(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_host-demo"));
    command.args(args).current_dir(repo());
    for name in [
        "SCALEPOINT_CLIENT_SECRET",
        "SCALEPOINT_CERT_PASSWORD",
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ] {
        command.env_remove(name);
    }
    command.envs(env.iter().copied());
    command.output().expect("run host-demo")
}

/// `case submit FILE --base-url .. --token-url .. --client-id ..` plus `extra`.
fn submit(server: &FakeScalepoint, file: &str, extra: &[&str], env: &[(&str, &str)]) -> Output {
    let token_url = server.token_url();
    let mut args = vec![
        "case",
        "submit",
        file,
        "--base-url",
        &server.url,
        "--token-url",
        &token_url,
        "--client-id",
        CLIENT_ID,
        "--retry-delay-ms",
        "10",
    ];
    args.extend_from_slice(extra);
    host_demo(&args, env)
}

fn stdout_json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Neither the client secret nor any access token is ever printed.
fn assert_no_secrets(output: &Output) {
    let shown = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        stderr(output)
    );
    for secret in [SECRET, "token-1", "token-2", "PRIVATE KEY"] {
        assert!(!shown.contains(secret), "{secret:?} printed: {shown}");
    }
}

fn with_secret() -> [&'static str; 2] {
    ["--client-secret", SECRET]
}

// ---------------------------------------------------------------- certificates

struct TestCertificate {
    key: rsa::PrivateKey,
    certificate_der: Vec<u8>,
    certificate_pem: String,
    key_pem: String,
}

/// One RSA 2048 key and self-signed certificate per test binary, made here:
/// no private key is committed.
fn certificate() -> &'static TestCertificate {
    static CERTIFICATE: OnceLock<TestCertificate> = OnceLock::new();
    CERTIFICATE.get_or_init(|| {
        let key = rsa::PrivateKey::new(&mut getrandom::SysRng, 2048).expect("generate RSA key");
        let key_pem = key
            .to_pkcs8_pem(rsa::pkcs8::LineEnding::LF)
            .unwrap()
            .to_string();
        let key_pair =
            rcgen::KeyPair::from_pkcs8_pem_and_sign_algo(&key_pem, &rcgen::PKCS_RSA_SHA256)
                .unwrap();
        let certificate = rcgen::CertificateParams::new(vec!["abc-claims.example".into()])
            .unwrap()
            .self_signed(&key_pair)
            .unwrap();
        TestCertificate {
            key,
            certificate_der: certificate.der().to_vec(),
            certificate_pem: certificate.pem(),
            key_pem,
        }
    })
}

/// A fresh folder for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("case_submit")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Checks a client assertion as a token endpoint would (RFC 7523 §3).
fn verify_assertion(assertion: &str, token_url: &str) {
    let cert = certificate();
    let parts: Vec<&str> = assertion.split('.').collect();
    assert_eq!(parts.len(), 3, "header.claims.signature");
    let decode =
        |p: &str| -> Value { serde_json::from_slice(&URL_SAFE_NO_PAD.decode(p).unwrap()).unwrap() };
    // The RS256 signature verifies with the certificate's public key.
    let verifying_key =
        rsa::pkcs1v15::VerifyingKey::<rsa::sha2::Sha256>::new(cert.key.to_public_key());
    let signature =
        rsa::pkcs1v15::Signature::try_from(URL_SAFE_NO_PAD.decode(parts[2]).unwrap().as_slice())
            .unwrap();
    verifying_key
        .verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &signature)
        .expect("the RS256 signature verifies with the certificate's key");
    // x5t and kid: the certificate's SHA-1 thumbprint, base64url.
    let thumbprint = URL_SAFE_NO_PAD.encode(sha1::Sha1::digest(&cert.certificate_der));
    assert_eq!(
        decode(parts[0]),
        json!({"alg": "RS256", "typ": "JWT", "x5t": thumbprint, "kid": thumbprint})
    );
    let claims = decode(parts[1]);
    assert_eq!(claims["iss"], CLIENT_ID);
    assert_eq!(claims["sub"], CLIENT_ID);
    assert_eq!(claims["aud"], token_url);
    uuid_like(claims["jti"].as_str().unwrap());
    let (iat, nbf, exp) = (
        claims["iat"].as_u64().unwrap(),
        claims["nbf"].as_u64().unwrap(),
        claims["exp"].as_u64().unwrap(),
    );
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(iat <= now && now - iat < 120, "iat {iat} is now");
    assert_eq!(nbf, iat);
    assert_eq!(exp, iat + 10);
}

fn uuid_like(text: &str) {
    let groups: Vec<usize> = text.split('-').map(str::len).collect();
    assert_eq!(groups, [8, 4, 4, 4, 12], "{text} is a UUID");
    assert_eq!(&text[14..15], "4", "version 4");
}

// ---------------------------------------------------------------- tests

// Seed 001, "Create Case Request" and "Case Integration API endpoint"; RFC
// 6749 §4.4 + §2.3.1 (client_secret_post), scope case_integration.
#[test]
fn client_secret_token_request_then_the_case_request_of_seed_001() {
    let server = FakeScalepoint::start(Script::default());
    let out = submit(&server, SIMPLEST, &with_secret(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_no_secrets(&out);

    let token = &server.token_requests()[0];
    assert_eq!(token.method, "POST");
    assert_eq!(
        token.header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    assert_eq!(
        token.form(),
        pairs(&[
            ("grant_type", "client_credentials"),
            ("scope", "case_integration"),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
        ])
    );

    let cases = server.case_requests();
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].method, "POST");
    assert_eq!(cases[0].path, CASE_PATH);
    assert_eq!(cases[0].header("Authorization"), Some("Bearer token-1"));
    assert_eq!(
        cases[0].header("Content-Type"),
        Some("application/json;charset=utf-8")
    );
    assert_eq!(cases[0].body, std::fs::read(repo().join(SIMPLEST)).unwrap());

    // Seed 001, "Create Case Response": typed, with the spec's names.
    let response = stdout_json(&out);
    assert_eq!(response["success"], true);
    assert_eq!(response["token"], "b.06317562-7f4a-4c7e-9ee4-eae06e590c37");
    assert_eq!(response["warnings"][0]["type"], "actionRequired");
    assert_eq!(response["warnings"][0]["isAutoCreationForbidden"], false);
    assert_eq!(response["errors"], json!([]));
    assert_eq!(response["attempts"], 1);
}

// The issue: the secret may come from SCALEPOINT_CLIENT_SECRET; seed 001:
// `<version>` is part of the path.
#[test]
fn the_secret_from_the_environment_and_another_api_version() {
    let server = FakeScalepoint::start(Script::default());
    let out = submit(
        &server,
        SIMPLEST,
        &["--api-version", "v2"],
        &[("SCALEPOINT_CLIENT_SECRET", SECRET)],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let form = server.token_requests()[0].form();
    assert!(form.contains(&("client_secret".into(), SECRET.into())));
    assert_eq!(
        server.case_requests()[0].path,
        "/api/integration/dk/abcinsurance/v2/case"
    );
}

// RFC 7523 §2.2 and §3: private_key_jwt with a certificate and key in PEM;
// the RS256 signature verifies with the certificate's public key.
#[test]
fn private_key_jwt_from_pem_files() {
    let cert = certificate();
    let dir = scratch("pem");
    let (cert_path, key_path) = (dir.join("client.pem"), dir.join("client.key"));
    std::fs::write(&cert_path, &cert.certificate_pem).unwrap();
    std::fs::write(&key_path, &cert.key_pem).unwrap();
    let server = FakeScalepoint::start(Script::default());
    let out = submit(
        &server,
        SIMPLEST,
        &[
            "--certificate",
            cert_path.to_str().unwrap(),
            "--private-key",
            key_path.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_no_secrets(&out);
    let form = server.token_requests()[0].form();
    let names: Vec<&str> = form.iter().map(|(k, _)| k.as_str()).collect();
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
    assert_eq!(form[0].1, "client_credentials");
    assert_eq!(form[1].1, "case_integration");
    assert_eq!(form[2].1, CLIENT_ID);
    assert_eq!(
        form[3].1,
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    );
    verify_assertion(&form[4].1, &server.token_url());
    assert_eq!(
        server.case_requests()[0].header("Authorization"),
        Some("Bearer token-1")
    );
}

// The issue: --pkcs12 with its password in SCALEPOINT_CERT_PASSWORD.
#[test]
fn private_key_jwt_from_a_pkcs12_file() {
    let cert = certificate();
    let key_der = cert.key.to_pkcs8_der().unwrap();
    let chain = p12_keystore::PrivateKeyChain::new(
        b"abc-claims".as_slice(),
        p12_keystore::PrivateKey::from_der(key_der.as_bytes()).unwrap(),
        [p12_keystore::Certificate::from_der(&cert.certificate_der).unwrap()],
    );
    let mut store = p12_keystore::KeyStore::new();
    store.add_entry(
        "abc-claims",
        p12_keystore::KeyStoreEntry::PrivateKeyChain(chain),
    );
    let pfx = store.writer("pfx-password").write().unwrap();
    let path = scratch("pkcs12").join("client.pfx");
    std::fs::write(&path, pfx).unwrap();

    let server = FakeScalepoint::start(Script::default());
    let out = submit(
        &server,
        SIMPLEST,
        &["--pkcs12", path.to_str().unwrap()],
        &[("SCALEPOINT_CERT_PASSWORD", "pfx-password")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let form = server.token_requests()[0].form();
    verify_assertion(&form.last().unwrap().1, &server.token_url());

    // A wrong password is a usage error; nothing is sent.
    let server = FakeScalepoint::start(Script::default());
    let out = submit(
        &server,
        SIMPLEST,
        &["--pkcs12", path.to_str().unwrap()],
        &[("SCALEPOINT_CERT_PASSWORD", "wrong")],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(server.requests().is_empty());
}

// The issue: the token is cached (in the host, keyed by every parameter)
// and reused across submissions in one process.
#[test]
fn one_token_for_two_submissions_in_one_process() {
    let server = FakeScalepoint::start(Script::default());
    let host = ComponentHost::built().unwrap();
    let cache = Arc::new(MemoryTokenCache::default());
    let document = std::fs::read(repo().join(SIMPLEST)).unwrap();
    let credentials = wit_case::Credentials {
        token_url: server.token_url(),
        client_id: CLIENT_ID.into(),
        auth: wit_case::ClientAuth::ClientSecret(SECRET.into()),
        scope: None,
    };
    let options = wit_case::SubmitOptions {
        base_url: server.url.clone(),
        api_version: None,
        product: None,
        timeout_ms: Some(5_000),
        retry: None,
    };
    for _ in 0..2 {
        let imports = HostImports {
            http: Some(Arc::new(UreqTransport::new())),
            token_cache: Some(cache.clone()),
            ..HostImports::default()
        };
        let response = host_demo::case::submit(&host, imports, &document, &credentials, &options)
            .unwrap()
            .unwrap_or_else(|e| panic!("{}", host_demo::case::describe(&e)));
        assert!(response.success);
    }
    assert_eq!(server.token_requests().len(), 1);
    let auth: Vec<_> = server
        .case_requests()
        .iter()
        .map(|r| r.header("Authorization").unwrap().to_string())
        .collect();
    assert_eq!(auth, ["Bearer token-1", "Bearer token-1"]);
    assert_eq!(cache.len(), 1);
}

// Seed 001: 401 `unauthorizedRequest`, "no valid bearer token". The issue:
// a 401 refreshes the token once and retries once.
#[test]
fn a_401_gets_a_new_token_and_one_retry() {
    let unauthorized = r#"{"success":false,"errors":[{"type":"unauthorizedRequest","message":"No valid bearer token"}]}"#;
    let server = FakeScalepoint::start(Script::case(&[(401, unauthorized)]));
    let out = submit(&server, SIMPLEST, &with_secret(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(server.token_requests().len(), 2);
    let auth: Vec<_> = server
        .case_requests()
        .iter()
        .map(|r| r.header("Authorization").unwrap().to_string())
        .collect();
    assert_eq!(auth, ["Bearer token-1", "Bearer token-2"]);
    assert_eq!(stdout_json(&out)["attempts"], 2);

    // Twice 401: Scalepoint's answer, reported (exit 1), no third try.
    let server = FakeScalepoint::start(Script::case(&[(401, unauthorized), (401, unauthorized)]));
    let out = submit(&server, SIMPLEST, &with_secret(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stdout_json(&out)["errors"][0]["type"],
        "unauthorizedRequest"
    );
    assert_eq!(server.case_requests().len(), 2);
}

// Seed 001, "Errors and warnings": invalidTenant with 403 Forbidden; 4xx is
// never retried.
#[test]
fn a_403_invalid_tenant_is_a_refusal() {
    let server = FakeScalepoint::start(Script::case(&[(
        403,
        r#"{"success":false,"errors":[{"type":"invalidTenant","message":"Tenant doesn't exist in the target system"}]}"#,
    )]));
    let out = submit(&server, SIMPLEST, &with_secret(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let response = stdout_json(&out);
    assert_eq!(response["success"], false);
    assert_eq!(response["status"], 403);
    assert_eq!(response["errors"][0]["type"], "invalidTenant");
    assert_eq!(server.case_requests().len(), 1);
}

// Seed 001, "Error response example" (invalidFormat, "Invalid JSON."), 400.
#[test]
fn a_400_invalid_format_is_a_refusal_not_retried() {
    let server = FakeScalepoint::start(Script::case(&[(
        400,
        r#"{"success":false,"errors":[{"type":"invalidFormat","message":"Invalid JSON."}]}"#,
    )]));
    let out = submit(&server, SIMPLEST, &with_secret(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let response = stdout_json(&out);
    assert_eq!(
        response["errors"],
        json!([{"type": "invalidFormat", "message": "Invalid JSON."}])
    );
    assert_eq!(response["attempts"], 1);
    assert_eq!(server.case_requests().len(), 1);
}

// Seed 001: applicationError "should be used with HTTP status code 500";
// the issue: 5xx retried with backoff up to --max-attempts, then reported.
#[test]
fn a_500_is_retried_then_reported() {
    let failure = r#"{"success":false,"errors":[{"type":"applicationError","message":"Database connection failed"}]}"#;
    let server = FakeScalepoint::start(Script::case(&[(500, failure); 3]));
    let out = submit(
        &server,
        SIMPLEST,
        &[&with_secret()[..], &["--max-attempts", "3"]].concat(),
        &[],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let response = stdout_json(&out);
    assert_eq!(response["status"], 500);
    assert_eq!(response["attempts"], 3);
    assert_eq!(response["errors"][0]["type"], "applicationError");
    assert_eq!(server.case_requests().len(), 3);
    assert_eq!(server.token_requests().len(), 1);
}

// The issue: unexpected bodies are a typed error, never a trap (exit 2).
#[test]
fn malformed_response_bodies_are_reported_not_trapped() {
    let server = FakeScalepoint::start(Script::case(&[(200, "<html>Welcome</html>")]));
    let out = submit(&server, SIMPLEST, &with_secret(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("case endpoint answered HTTP 200 with an unexpected response"),
        "{}",
        stderr(&out)
    );

    // RFC 6749 §5.1: a grant without access_token; the body is not quoted.
    let server = FakeScalepoint::start(Script::token(&[(200, r#"{"token_type":"Bearer"}"#)]));
    let out = submit(&server, SIMPLEST, &with_secret(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("token endpoint"), "{}", stderr(&out));
    assert!(server.case_requests().is_empty());
}

// RFC 6749 §5.2: the token endpoint's refusal stops before the case.
#[test]
fn a_refused_token_is_a_usage_failure() {
    let server = FakeScalepoint::start(Script::token(&[(
        401,
        r#"{"error":"invalid_client","error_description":"Unknown client"}"#,
    )]));
    let out = submit(&server, SIMPLEST, &with_secret(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("invalid_client"), "{}", stderr(&out));
    assert_no_secrets(&out);
    assert!(server.case_requests().is_empty());
}

// The issue: transport failures are retried, then exit 2 with a message.
#[test]
fn an_unreachable_server_exits_2() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let base = format!("http://127.0.0.1:{port}");
    let token_url = format!("{base}/token");
    let out = host_demo(
        &[
            "case",
            "submit",
            SIMPLEST,
            "--base-url",
            &base,
            "--token-url",
            &token_url,
            "--client-id",
            CLIENT_ID,
            "--client-secret",
            SECRET,
            "--max-attempts",
            "2",
            "--retry-delay-ms",
            "10",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    assert!(
        message.contains("token endpoint could not be reached (2 attempts): connection refused"),
        "{message}"
    );
    assert!(out.stdout.is_empty());
    assert_no_secrets(&out);
}

// shared/README.md §7 and the issue: an invalid case is refused here, with
// the validation report, and nothing is sent (exit 1).
#[test]
fn an_invalid_document_is_refused_and_nothing_is_sent() {
    let server = FakeScalepoint::start(Script::default());
    let out = submit(
        &server,
        "examples/case/invalid-deductible.json",
        &with_secret(),
        &[],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = stdout_json(&out);
    assert_eq!(report["valid"], false);
    assert!(!report["issues"].as_array().unwrap().is_empty());
    assert!(server.requests().is_empty());

    // Seed 001, Appendix A: product rules apply when --product is named.
    let out = submit(
        &server,
        SIMPLEST,
        &[&with_secret()[..], &["--product", "hub-health"]].concat(),
        &[],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(stdout_json(&out)["valid"], false);
    assert!(server.requests().is_empty());
}

// The issue: usage errors exit 2 with a message, before anything is sent.
#[test]
fn usage_errors_exit_2_before_anything_is_sent() {
    let server = FakeScalepoint::start(Script::default());
    let out = submit(&server, SIMPLEST, &[], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--client-secret"), "{}", stderr(&out));

    // Plain http only to this machine: a secret never crosses a network in clear.
    let out = host_demo(
        &[
            "case",
            "submit",
            SIMPLEST,
            "--base-url",
            "http://scalepoint.example",
            "--token-url",
            &server.token_url(),
            "--client-id",
            CLIENT_ID,
            "--client-secret",
            SECRET,
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--base-url"), "{}", stderr(&out));
    assert_no_secrets(&out);
    assert!(server.requests().is_empty());
}
