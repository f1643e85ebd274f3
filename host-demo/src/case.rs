//! `host-demo case submit`: the insurer's side. Sends a case document to
//! Scalepoint through the component's `case-client`, with the real HTTP
//! transport, a signer holding the client certificate's key, and access
//! tokens cached in memory for the life of the process.
//!
//! Exit status (stable): 0 Scalepoint accepted the case; 1 the case was
//! refused (invalid here: the validation report is printed and nothing is
//! sent; or Scalepoint answered with errors); 2 usage or transport failure,
//! with a message on stderr.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Result};
use clap::{Args, Subcommand};
use serde_json::{json, Value};

use crate::http::UreqTransport;
use crate::imports::{MemoryTokenCache, Signer};
use crate::output::{errln, outln};
use crate::report::{print_report, OutputFormat};
use crate::runtime::{http_client, ComponentHost, HostImports};
use crate::signer::CertificateSigner;

pub use crate::runtime::exports::scalepoint::integration::case_client as wit_case;

/// The client secret, when `--client-secret` is not given (preferred: a
/// command line is visible to other users of the machine).
pub const CLIENT_SECRET_ENV: &str = "SCALEPOINT_CLIENT_SECRET";
/// The password of a `--pkcs12` file.
pub const CERT_PASSWORD_ENV: &str = "SCALEPOINT_CERT_PASSWORD";

#[derive(Args)]
pub struct CaseArgs {
    #[command(subcommand)]
    pub command: CaseCommand,
}

#[derive(Subcommand)]
pub enum CaseCommand {
    /// Send a case to Scalepoint's Case Integration API; print the answer as JSON.
    Submit(SubmitArgs),
}

#[derive(Args)]
pub struct SubmitArgs {
    /// The case document (seed 001, Appendix A); `-` reads standard input.
    pub file: PathBuf,
    /// Scalepoint's address before `/api/integration`, e.g. https://www.scalepoint.com.
    #[arg(long, value_name = "URL")]
    pub base_url: String,
    /// The OAuth 2.0 token endpoint.
    #[arg(long, value_name = "URL")]
    pub token_url: String,
    /// The OAuth 2.0 client id.
    #[arg(long, value_name = "ID")]
    pub client_id: String,
    /// client_secret authentication. Prefer the environment variable SCALEPOINT_CLIENT_SECRET.
    #[arg(long, value_name = "SECRET", conflicts_with_all = ["certificate", "private_key", "pkcs12"])]
    pub client_secret: Option<String>,
    /// private_key_jwt: the client certificate (PEM, RSA 2048 or more).
    #[arg(
        long,
        value_name = "CERT.pem",
        requires = "private_key",
        conflicts_with = "pkcs12"
    )]
    pub certificate: Option<PathBuf>,
    /// private_key_jwt: the certificate's private key (PEM, PKCS#8 or PKCS#1, unencrypted).
    #[arg(long, value_name = "KEY.pem", requires = "certificate")]
    pub private_key: Option<PathBuf>,
    /// private_key_jwt: certificate and key in one PKCS#12 file; its password in SCALEPOINT_CERT_PASSWORD.
    #[arg(long, value_name = "FILE.pfx")]
    pub pkcs12: Option<PathBuf>,
    /// The `<version>` of the endpoint path.
    #[arg(long, value_name = "VERSION", default_value = "v1")]
    pub api_version: String,
    /// Apply the product's rules when validating (hub-property, hub-motor, hub-health, claimshop, ecx, subrogation).
    #[arg(long, value_name = "NAME")]
    pub product: Option<String>,
    /// Tries per request, the first included (transport errors, 5xx and applicationError are retried).
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub max_attempts: u32,
    /// Wait before the first retry; doubled before each next, at most 8000 ms.
    #[arg(long, value_name = "MS", default_value_t = 500)]
    pub retry_delay_ms: u32,
    /// Time allowed for each request.
    #[arg(long, value_name = "MS", default_value_t = 30_000)]
    pub timeout_ms: u32,
}

/// Runs `host-demo case ...`; returns the exit status.
pub fn run(component: Option<&Path>, args: CaseArgs) -> Result<i32> {
    match args.command {
        CaseCommand::Submit(args) => submit_command(component, &args),
    }
}

fn submit_command(component: Option<&Path>, args: &SubmitArgs) -> Result<i32> {
    let (auth, signer) = client_auth(args)?;
    let product = args
        .product
        .as_deref()
        .map(crate::runtime::parse_product)
        .transpose()?;
    let document = crate::cli::read_input(&args.file)?;
    let host = ComponentHost::load(component)?;
    let imports = HostImports {
        http: Some(Arc::new(UreqTransport::new())),
        signer,
        token_cache: Some(Arc::new(MemoryTokenCache::default())),
        ..HostImports::default()
    };
    let credentials = wit_case::Credentials {
        token_url: args.token_url.clone(),
        client_id: args.client_id.clone(),
        auth,
        scope: None,
    };
    let options = wit_case::SubmitOptions {
        base_url: args.base_url.clone(),
        api_version: Some(args.api_version.clone()),
        product,
        timeout_ms: Some(args.timeout_ms),
        retry: Some(wit_case::RetryPolicy {
            max_attempts: args.max_attempts,
            initial_backoff_ms: args.retry_delay_ms,
            max_backoff_ms: 8_000.max(args.retry_delay_ms),
        }),
    };
    match submit(&host, imports, &document, &credentials, &options)? {
        Ok(response) => {
            outln!(
                "{}",
                serde_json::to_string_pretty(&response_json(&response))?
            )?;
            Ok(if response.success { 0 } else { 1 })
        }
        Err(wit_case::SubmitError::InvalidDocument(report)) => {
            print_report(
                &report,
                OutputFormat::Json,
                &args.file.display().to_string(),
            )?;
            Ok(1)
        }
        Err(error) => {
            errln!("host-demo: {}", describe(&error));
            Ok(crate::cli::EXIT_USAGE)
        }
    }
}

/// One submission in a fresh instance of the component. Pass the same
/// `token_cache` in `imports` to reuse tokens across submissions.
pub fn submit(
    host: &ComponentHost,
    imports: HostImports,
    document: &[u8],
    credentials: &wit_case::Credentials,
    options: &wit_case::SubmitOptions,
) -> Result<Result<wit_case::CaseResponse, wit_case::SubmitError>> {
    host.call_with(imports, |instance, store| {
        instance
            .case_client(&mut *store)?
            .call_submit_case(store, document, credentials, options)
    })
}

type SignerSlot = Option<Arc<dyn Signer>>;

/// private_key_jwt when a certificate is given, else client_secret.
fn client_auth(args: &SubmitArgs) -> Result<(wit_case::ClientAuth, SignerSlot)> {
    let signer = match (&args.certificate, &args.private_key, &args.pkcs12) {
        (Some(certificate), Some(key), None) => {
            CertificateSigner::from_pem_files(certificate, key)?
        }
        (None, None, Some(pfx)) => {
            let password = std::env::var(CERT_PASSWORD_ENV).unwrap_or_default();
            CertificateSigner::from_pkcs12_file(pfx, &password)?
        }
        (None, None, None) => {
            let secret = match &args.client_secret {
                Some(secret) => secret.clone(),
                None => std::env::var(CLIENT_SECRET_ENV).unwrap_or_default(),
            };
            if secret.is_empty() {
                bail!(
                    "no client authentication: give --client-secret (or {CLIENT_SECRET_ENV}), \
                     --certificate with --private-key, or --pkcs12"
                );
            }
            return Ok((wit_case::ClientAuth::ClientSecret(secret), None));
        }
        _ => bail!("give either --certificate with --private-key, or --pkcs12"),
    };
    Ok((wit_case::ClientAuth::PrivateKeyJwt, Some(Arc::new(signer))))
}

/// Scalepoint's answer with the spec's field names (seed 001, "Create Case
/// Response"), plus the HTTP `status` and the number of `attempts`.
pub fn response_json(response: &wit_case::CaseResponse) -> Value {
    json!({
        "success": response.success,
        "status": response.status,
        "token": response.token,
        "url": response.url,
        "warnings": response.warnings.iter().map(message_json).collect::<Vec<_>>(),
        "errors": response.errors.iter().map(message_json).collect::<Vec<_>>(),
        "attempts": response.attempts,
    })
}

fn message_json(message: &wit_case::Message) -> Value {
    let mut value = json!({
        "type": message_type(&message.type_),
        "message": message.message,
    });
    if let Some(forbidden) = message.is_auto_creation_forbidden {
        value["isAutoCreationForbidden"] = json!(forbidden);
    }
    value
}

/// The spec's spelling of a message type.
pub fn message_type(kind: &wit_case::MessageType) -> &str {
    use wit_case::MessageType as T;
    match kind {
        T::UnsupportedValue => "unsupportedValue",
        T::InvalidFormat => "invalidFormat",
        T::ApplicationError => "applicationError",
        T::ActionRequired => "actionRequired",
        T::UnauthorizedRequest => "unauthorizedRequest",
        T::InvalidTenant => "invalidTenant",
        T::Other(name) => name,
    }
}

/// A sentence for a person; no variant carries a secret.
pub fn describe(error: &wit_case::SubmitError) -> String {
    use wit_case::SubmitError as E;
    let endpoint = |e: wit_case::Endpoint| match e {
        wit_case::Endpoint::Token => "token endpoint",
        wit_case::Endpoint::Case => "case endpoint",
    };
    match error {
        E::InvalidDocument(report) => format!(
            "the case document is invalid ({} issues); nothing was sent",
            report.issues.len()
        ),
        E::InvalidOption(o) => format!("--{}: {}", o.name, o.message),
        E::TokenRefused(t) => format!(
            "the token endpoint refused (HTTP {}){}{}",
            t.status,
            t.error.as_ref().map_or(String::new(), |e| format!(": {e}")),
            t.description
                .as_ref()
                .map_or(String::new(), |d| format!(" ({d})"))
        ),
        E::Signer(m) => format!("the signer failed: {m}"),
        E::Transport(t) => format!(
            "the {} could not be reached ({} attempts): {}",
            endpoint(t.endpoint),
            t.attempts,
            transport_error(&t.error)
        ),
        E::UnexpectedResponse(u) => format!(
            "the {} answered HTTP {} with an unexpected response: {}",
            endpoint(u.endpoint),
            u.status,
            u.reason
        ),
    }
}

fn transport_error(error: &http_client::TransportError) -> String {
    use http_client::TransportError as T;
    match error {
        T::InvalidUrl(m) => format!("invalid URL: {m}"),
        T::Dns(m) => format!("host name not resolved: {m}"),
        T::ConnectionRefused(m) => format!("connection refused: {m}"),
        T::Tls(m) => format!("TLS failed: {m}"),
        T::Timeout => "timed out".into(),
        T::Other(m) => m.clone(),
    }
}
