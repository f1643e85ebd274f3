//! The client assertion of OAuth 2.0 `private_key_jwt` (RFC 7523 §2.2, JWS
//! RFC 7515): the component writes header and claims, the host's `signer`
//! signs, so the private key never enters the component.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Serialize;

use super::error::SubmitError;
use super::host::ClientHost;
use super::secret::Secret;

/// `client_assertion_type` of a JWT client assertion (RFC 7523 §2.2).
pub const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// An assertion is used once, right away; a short life limits replay.
pub const ASSERTION_LIFETIME_SECS: u64 = 10;
/// A SHA-1 digest.
const THUMBPRINT_BYTES: usize = 20;

#[derive(Serialize)]
struct Header<'a> {
    alg: &'static str,
    typ: &'static str,
    /// X.509 certificate SHA-1 thumbprint (RFC 7515 §4.1.7).
    x5t: &'a str,
    /// The same thumbprint: token servers look the key up by `kid`.
    kid: &'a str,
}

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    jti: String,
    iat: u64,
    nbf: u64,
    exp: u64,
}

/// What is signed: `base64url(header) "." base64url(claims)`.
pub fn signing_input(
    thumbprint: &[u8],
    client_id: &str,
    audience: &str,
    jti: uuid::Uuid,
    now: u64,
) -> String {
    let x5t = URL_SAFE_NO_PAD.encode(thumbprint);
    let header = Header {
        alg: "RS256",
        typ: "JWT",
        x5t: &x5t,
        kid: &x5t,
    };
    let claims = Claims {
        iss: client_id,
        sub: client_id,
        aud: audience,
        jti: jti.hyphenated().to_string(),
        iat: now,
        nbf: now,
        exp: now + ASSERTION_LIFETIME_SECS,
    };
    format!("{}.{}", encode_json(&header), encode_json(&claims))
}

/// A fresh, signed assertion for `client_id` at the token endpoint `audience`.
pub fn client_assertion(
    host: &mut (impl ClientHost + ?Sized),
    client_id: &str,
    audience: &str,
) -> Result<Secret, SubmitError> {
    let thumbprint = host.certificate_thumbprint().map_err(SubmitError::Signer)?;
    if thumbprint.len() != THUMBPRINT_BYTES {
        return Err(SubmitError::Signer(format!(
            "the certificate thumbprint has {} bytes; a SHA-1 thumbprint has {THUMBPRINT_BYTES}",
            thumbprint.len()
        )));
    }
    let jti = fresh_uuid(host)?;
    let input = signing_input(&thumbprint, client_id, audience, jti, host.now());
    let signature = host
        .sign_rs256(input.as_bytes())
        .map_err(SubmitError::Signer)?;
    if signature.is_empty() {
        return Err(SubmitError::Signer("the signature is empty".into()));
    }
    Ok(Secret::new(format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(signature)
    )))
}

/// A version 4 UUID from the host's random bytes.
fn fresh_uuid(host: &mut (impl ClientHost + ?Sized)) -> Result<uuid::Uuid, SubmitError> {
    let bytes: [u8; 16] = host.random_bytes(16).try_into().map_err(|_| {
        SubmitError::Signer("the host's platform.random-bytes did not give 16 bytes".into())
    })?;
    Ok(uuid::Builder::from_random_bytes(bytes).into_uuid())
}

fn encode_json(value: &impl Serialize) -> String {
    // Serializing these structs of strings and integers cannot fail.
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn decode(part: &str) -> Value {
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
    }

    // RFC 7523 §3 and the header: alg RS256, typ JWT, x5t = kid =
    // base64url SHA-1 thumbprint; iss = sub = client id, aud = token endpoint.
    #[test]
    fn header_and_claims_are_those_of_private_key_jwt() {
        let jti = uuid::Uuid::from_u128(0x1234);
        let input = signing_input(&[0xAB; 20], "my-client", "https://idp/token", jti, 1_000);
        let (header, claims) = input.split_once('.').unwrap();
        assert_eq!(
            decode(header),
            json!({"alg": "RS256", "typ": "JWT", "x5t": "q6urq6urq6urq6urq6urq6urq6s", "kid": "q6urq6urq6urq6urq6urq6urq6s"})
        );
        assert_eq!(
            decode(claims),
            json!({"iss": "my-client", "sub": "my-client", "aud": "https://idp/token",
                   "jti": "00000000-0000-0000-0000-000000001234", "iat": 1000, "nbf": 1000, "exp": 1010})
        );
        assert!(!input.contains('='), "base64url without padding");
    }
}
