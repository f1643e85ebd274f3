//! A real HTTP transport for the component's `http-client` import: ureq
//! with rustls (Mozilla's roots), the request's `timeout-ms` for the whole
//! exchange, redirects not followed (the component sees every status: the
//! protocol is its own), every failure mapped to the typed
//! `transport-error`. Nothing protocol-specific: every client of the
//! component (case, S1, S2, S3) sends through it.

use std::time::Duration;

use ureq::http;

use crate::runtime::http_client::{Method, Request, Response, TransportError};
use crate::runtime::HttpTransport;

/// Larger responses are refused: no Scalepoint answer comes near this.
pub const MAX_RESPONSE_BYTES: u64 = 16 * 1024 * 1024;

/// One connection pool for the process; cheap to clone.
#[derive(Clone)]
pub struct UreqTransport {
    agent: ureq::Agent,
}

impl Default for UreqTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl UreqTransport {
    pub fn new() -> Self {
        let config = ureq::Agent::config_builder()
            // A 4xx or 5xx is an answer for the component to read.
            .http_status_as_error(false)
            // A redirected POST would lose its body or leak its headers.
            .max_redirects(0)
            .user_agent(concat!(
                "scalepoint-component-host-demo/",
                env!("CARGO_PKG_VERSION")
            ))
            .build();
        Self {
            agent: config.into(),
        }
    }
}

impl HttpTransport for UreqTransport {
    fn send(&self, request: Request) -> Result<Response, TransportError> {
        let uri: http::Uri = request
            .url
            .parse()
            .map_err(|e| TransportError::InvalidUrl(format!("{}: {e}", request.url)))?;
        let mut builder = http::Request::builder()
            .method(method(request.method))
            .uri(uri);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let built = builder
            .body(request.body)
            .map_err(|e| TransportError::Other(format!("invalid request: {e}")))?;
        let timeout = Duration::from_millis(u64::from(request.timeout_ms.max(1)));
        let built = self
            .agent
            .configure_request(built)
            .timeout_global(Some(timeout))
            .build();
        let response = self.agent.run(built).map_err(transport_error)?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_string(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = response
            .into_body()
            .with_config()
            .limit(MAX_RESPONSE_BYTES)
            .read_to_vec()
            .map_err(transport_error)?;
        Ok(Response {
            status,
            headers,
            body,
        })
    }
}

fn method(method: Method) -> http::Method {
    match method {
        Method::Get => http::Method::GET,
        Method::Post => http::Method::POST,
        Method::Put => http::Method::PUT,
        Method::Patch => http::Method::PATCH,
        Method::Delete => http::Method::DELETE,
        Method::Head => http::Method::HEAD,
    }
}

/// ureq's error as the WIT's typed `transport-error`.
pub fn transport_error(error: ureq::Error) -> TransportError {
    use std::io::ErrorKind;
    match error {
        ureq::Error::Timeout(_) => TransportError::Timeout,
        ureq::Error::HostNotFound => TransportError::Dns("host not found".into()),
        ureq::Error::Io(e) => match e.kind() {
            ErrorKind::ConnectionRefused => TransportError::ConnectionRefused(e.to_string()),
            ErrorKind::TimedOut | ErrorKind::WouldBlock => TransportError::Timeout,
            _ => TransportError::Other(e.to_string()),
        },
        ureq::Error::ConnectionFailed => {
            TransportError::ConnectionRefused("the connection failed".into())
        }
        ureq::Error::BadUri(m) => TransportError::InvalidUrl(m),
        ureq::Error::RequireHttpsOnly(m) => TransportError::InvalidUrl(m),
        ureq::Error::Tls(m) => TransportError::Tls(m.to_string()),
        ureq::Error::Rustls(e) => TransportError::Tls(e.to_string()),
        ureq::Error::Pem(e) => TransportError::Tls(e.to_string()),
        ureq::Error::TlsRequired => TransportError::Tls("TLS is required".into()),
        other => TransportError::Other(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(url: &str, timeout_ms: u32) -> Result<Response, TransportError> {
        UreqTransport::new().send(Request {
            method: Method::Get,
            url: url.into(),
            headers: vec![],
            body: vec![],
            timeout_ms,
        })
    }

    #[test]
    fn an_unusable_url_is_invalid_url() {
        assert!(matches!(
            get("not a url", 1000),
            Err(TransportError::InvalidUrl(_))
        ));
        assert!(matches!(
            get("/relative", 1000),
            Err(TransportError::InvalidUrl(_))
        ));
    }

    #[test]
    fn a_closed_port_is_connection_refused() {
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap().port()
        };
        let result = get(&format!("http://127.0.0.1:{port}/"), 2000);
        assert!(
            matches!(result, Err(TransportError::ConnectionRefused(_))),
            "{result:?}"
        );
    }

    #[test]
    fn a_silent_server_is_a_timeout() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        // Accepted by the kernel's backlog, never answered.
        let result = get(&url, 300);
        assert!(matches!(result, Err(TransportError::Timeout)), "{result:?}");
        drop(listener);
    }

    #[test]
    fn any_status_is_a_response_and_redirects_are_not_followed() {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let server = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut buf = [0; 1024];
            let _ = stream.read(&mut buf).unwrap();
            stream
                .write_all(b"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/\r\nContent-Length: 2\r\nConnection: close\r\n\r\nno")
                .unwrap();
        });
        let response = get(&url, 2000).unwrap();
        server.join().unwrap();
        assert_eq!(response.status, 302);
        assert_eq!(response.body, b"no");
        assert!(response
            .headers
            .iter()
            .any(|(n, v)| n.eq_ignore_ascii_case("location") && v == "http://127.0.0.1:1/"));
    }
}
