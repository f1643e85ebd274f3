//! The endpoints' URLs: checked before anything is sent, and the case
//! endpoint built from the document (seed 001, "Case Integration API
//! endpoint": `/api/integration/<country>/<tenant>/<version>/case`).

use std::net::IpAddr;

use super::error::InvalidOption;

/// Checks a URL the caller gave: absolute `https://`, or `http://` to a
/// loopback host only, so that a client secret or bearer token never
/// crosses a network in clear text.
pub fn check_url(name: &str, url: &str) -> Result<(), InvalidOption> {
    let invalid = |why: &str| Err(InvalidOption::new(name, format!("{url:?} {why}")));
    let Some((scheme, rest)) = url.split_once("://") else {
        return invalid("is not an absolute URL");
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return invalid("contains white space");
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host_of(authority);
    if host.is_empty() {
        return invalid("has no host");
    }
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Ok(()),
        "http" if is_loopback(host) => Ok(()),
        "http" => invalid(
            "uses plain http, which is allowed only to this machine (localhost, 127.0.0.1, [::1]): \
             credentials would cross the network unencrypted",
        ),
        _ => invalid("is neither https nor http"),
    }
}

/// The base URL: as any URL, and without query or fragment, since the API
/// path is appended to it.
pub fn check_base_url(url: &str) -> Result<(), InvalidOption> {
    check_url("base-url", url)?;
    if url.contains(['?', '#']) {
        return Err(InvalidOption::new(
            "base-url",
            format!("{url:?} has a query or fragment; give scheme, host and any path prefix only"),
        ));
    }
    Ok(())
}

/// `<version>` goes into the path as is: letters, digits, `.`, `_`, `-`.
pub fn check_api_version(version: &str) -> Result<(), InvalidOption> {
    let plain = version
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if version.is_empty() || !plain || version.chars().all(|c| c == '.') {
        return Err(InvalidOption::new(
            "api-version",
            format!("{version:?} is not an API version such as \"v1\""),
        ));
    }
    Ok(())
}

/// `{base}/api/integration/<country>/<tenant>/<version>/case`; country and
/// tenant come from the document and are percent-encoded as path segments.
pub fn case_url(base_url: &str, country: &str, tenant: &str, version: &str) -> String {
    format!(
        "{}/api/integration/{}/{}/{}/case",
        base_url.trim_end_matches('/'),
        path_segment(country),
        path_segment(tenant),
        version
    )
}

/// Percent-encodes everything but RFC 3986 §2.3 unreserved characters.
fn path_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn host_of(authority: &str) -> &str {
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host_port.split(':').next().unwrap_or_default(),
    }
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Seed 001, "Case Integration API endpoint": the example URL.
    #[test]
    fn case_url_follows_the_spec_example() {
        assert_eq!(
            case_url("https://www.scalepoint.com/", "dk", "abcinsurance", "v1"),
            "https://www.scalepoint.com/api/integration/dk/abcinsurance/v1/case"
        );
    }

    #[test]
    fn tenant_is_one_path_segment_whatever_it_holds() {
        assert_eq!(
            case_url("https://h", "dk", "abc/../x y", "v1"),
            "https://h/api/integration/dk/abc%2F..%2Fx%20y/v1/case"
        );
    }

    #[test]
    fn https_anywhere_plain_http_only_to_loopback() {
        assert!(check_url("token-url", "https://idp.example/connect/token").is_ok());
        assert!(check_url("token-url", "http://127.0.0.1:8080/token").is_ok());
        assert!(check_url("token-url", "http://localhost/token").is_ok());
        assert!(check_url("token-url", "http://[::1]:9/token").is_ok());
        let e = check_url("token-url", "http://idp.example/token").unwrap_err();
        assert_eq!(e.name, "token-url");
        assert!(check_url("token-url", "ftp://idp.example/").is_err());
        assert!(check_url("token-url", "idp.example/token").is_err());
        assert!(check_url("token-url", "https:///token").is_err());
        assert!(check_url("token-url", "http://127.0.0.1.evil.example/").is_err());
    }

    #[test]
    fn base_url_takes_no_query_and_versions_are_plain() {
        assert!(check_base_url("https://h/prefix").is_ok());
        assert!(check_base_url("https://h/?x=1").is_err());
        assert!(check_api_version("v1").is_ok());
        assert!(check_api_version("v1/../x").is_err());
        assert!(check_api_version("..").is_err());
        assert!(check_api_version("").is_err());
    }
}
