//! `case-client`: scalepoint-core's case client, with the component's
//! imports (`http-client`, `platform`, `signer`, `token-cache`) as its host.

use scalepoint_core::case_client as core;

use crate::exports::scalepoint::integration::case_client as wit;
use crate::scalepoint::integration::{http_client, platform, signer, token_cache, types};

impl wit::Guest for crate::Component {
    fn submit_case(
        document: Vec<u8>,
        credentials: wit::Credentials,
        options: wit::SubmitOptions,
    ) -> Result<wit::CaseResponse, wit::SubmitError> {
        let credentials = credentials_from(credentials);
        let options = options_from(options);
        core::submit_case(&mut Imports, &document, &credentials, &options)
            .map(case_response)
            .map_err(submit_error)
    }
}

/// The imports, as the core's `ClientHost`.
struct Imports;

impl core::ClientHost for Imports {
    fn send(
        &mut self,
        request: &core::HttpRequest,
    ) -> Result<core::HttpResponse, core::TransportError> {
        let request = http_client::Request {
            method: match request.method {
                core::Method::Get => http_client::Method::Get,
                core::Method::Post => http_client::Method::Post,
            },
            url: request.url.clone(),
            headers: request.headers.clone(),
            body: request.body.clone(),
            timeout_ms: request.timeout_ms,
        };
        http_client::send(&request)
            .map(|r| core::HttpResponse {
                status: r.status,
                headers: r.headers,
                body: r.body,
            })
            .map_err(transport_error_from)
    }

    fn now(&mut self) -> u64 {
        platform::now()
    }

    fn sleep(&mut self, ms: u32) {
        platform::sleep(ms)
    }

    fn random_bytes(&mut self, len: u32) -> Vec<u8> {
        platform::random_bytes(len)
    }

    fn certificate_thumbprint(&mut self) -> Result<Vec<u8>, String> {
        signer::certificate_thumbprint()
    }

    fn sign_rs256(&mut self, data: &[u8]) -> Result<Vec<u8>, String> {
        signer::sign_rs256(data)
    }

    fn cached_token(&mut self, key: &str) -> Option<core::CachedToken> {
        token_cache::get(key).map(|t| core::CachedToken {
            access_token: core::Secret::new(t.access_token),
            expires_at: t.expires_at,
        })
    }

    fn store_token(&mut self, key: &str, token: &core::CachedToken) {
        let token = token_cache::CachedToken {
            access_token: token.access_token.expose().to_string(),
            expires_at: token.expires_at,
        };
        token_cache::put(key, &token)
    }
}

fn credentials_from(c: wit::Credentials) -> core::Credentials {
    let auth = match c.auth {
        wit::ClientAuth::ClientSecret(secret) => core::ClientAuth::ClientSecret(secret.into()),
        wit::ClientAuth::PrivateKeyJwt => core::ClientAuth::PrivateKeyJwt,
    };
    let mut credentials = core::Credentials::new(c.token_url, c.client_id, auth);
    if let Some(scope) = c.scope {
        credentials.scope = scope;
    }
    credentials
}

fn options_from(o: wit::SubmitOptions) -> core::SubmitOptions {
    let mut options = core::SubmitOptions::new(o.base_url);
    if let Some(version) = o.api_version {
        options.api_version = version;
    }
    options.product =
        crate::convert::case_options(types::CaseOptions { product: o.product }).product;
    if let Some(timeout) = o.timeout_ms {
        options.timeout_ms = timeout;
    }
    if let Some(r) = o.retry {
        options.retry = core::RetryPolicy {
            max_attempts: r.max_attempts,
            initial_backoff_ms: r.initial_backoff_ms,
            max_backoff_ms: r.max_backoff_ms,
        };
    }
    options
}

fn case_response(r: core::CaseResponse) -> wit::CaseResponse {
    wit::CaseResponse {
        status: r.status,
        success: r.success,
        token: r.token,
        url: r.url,
        warnings: r.warnings.into_iter().map(message).collect(),
        errors: r.errors.into_iter().map(message).collect(),
        attempts: r.attempts,
    }
}

fn message(m: core::Message) -> wit::Message {
    use core::MessageType as T;
    wit::Message {
        type_: match m.kind {
            T::UnsupportedValue => wit::MessageType::UnsupportedValue,
            T::InvalidFormat => wit::MessageType::InvalidFormat,
            T::ApplicationError => wit::MessageType::ApplicationError,
            T::ActionRequired => wit::MessageType::ActionRequired,
            T::UnauthorizedRequest => wit::MessageType::UnauthorizedRequest,
            T::InvalidTenant => wit::MessageType::InvalidTenant,
            T::Other(name) => wit::MessageType::Other(name),
        },
        message: m.message,
        is_auto_creation_forbidden: m.is_auto_creation_forbidden,
    }
}

fn submit_error(e: core::SubmitError) -> wit::SubmitError {
    use core::SubmitError as E;
    match e {
        E::InvalidDocument(report) => {
            wit::SubmitError::InvalidDocument(crate::convert::report(report))
        }
        E::InvalidOption(o) => wit::SubmitError::InvalidOption(types::InvalidOption {
            name: o.name,
            message: o.message,
        }),
        E::TokenRefused(t) => wit::SubmitError::TokenRefused(wit::TokenRefused {
            status: t.status,
            error: t.error,
            description: t.description,
        }),
        E::Signer(message) => wit::SubmitError::Signer(message),
        E::Transport(t) => wit::SubmitError::Transport(wit::TransportFailure {
            endpoint: endpoint(t.endpoint),
            attempts: t.attempts,
            error: transport_error_to(t.error),
        }),
        E::UnexpectedResponse(u) => wit::SubmitError::UnexpectedResponse(wit::UnexpectedResponse {
            endpoint: endpoint(u.endpoint),
            status: u.status,
            reason: u.reason,
        }),
    }
}

fn endpoint(e: core::Endpoint) -> wit::Endpoint {
    match e {
        core::Endpoint::Token => wit::Endpoint::Token,
        core::Endpoint::Case => wit::Endpoint::Case,
    }
}

fn transport_error_from(e: http_client::TransportError) -> core::TransportError {
    use http_client::TransportError as W;
    match e {
        W::InvalidUrl(m) => core::TransportError::InvalidUrl(m),
        W::Dns(m) => core::TransportError::Dns(m),
        W::ConnectionRefused(m) => core::TransportError::ConnectionRefused(m),
        W::Tls(m) => core::TransportError::Tls(m),
        W::Timeout => core::TransportError::Timeout,
        W::Other(m) => core::TransportError::Other(m),
    }
}

fn transport_error_to(e: core::TransportError) -> http_client::TransportError {
    use core::TransportError as C;
    match e {
        C::InvalidUrl(m) => http_client::TransportError::InvalidUrl(m),
        C::Dns(m) => http_client::TransportError::Dns(m),
        C::ConnectionRefused(m) => http_client::TransportError::ConnectionRefused(m),
        C::Tls(m) => http_client::TransportError::Tls(m),
        C::Timeout => http_client::TransportError::Timeout,
        C::Other(m) => http_client::TransportError::Other(m),
    }
}
