//! The `signer` import, for OAuth 2.0 `private_key_jwt`: the client
//! certificate (X.509, RSA) and its private key, from PEM files or a PKCS#12
//! file. The key stays here; the component gets the certificate's thumbprint
//! and signatures. Nothing printed about a signer names key material.

use std::fmt;
use std::path::Path;

use anyhow::{bail, Context, Result};
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::sha2::Sha256;
use rsa::signature::{SignatureEncoding, Signer as _};
use rsa::traits::PublicKeyParts;
use rsa::{PrivateKey, PublicKey};
use sha1::{Digest, Sha1};
use x509_parser::pem::Pem;

/// Smaller RSA keys are refused: the issue asks for RSA 2048.
pub const MIN_KEY_BITS: usize = 2048;

pub struct CertificateSigner {
    thumbprint: [u8; 20],
    key: SigningKey<Sha256>,
}

impl CertificateSigner {
    /// A certificate (`CERTIFICATE`) and its unencrypted key (`PRIVATE KEY`,
    /// PKCS#8, or `RSA PRIVATE KEY`, PKCS#1), both PEM.
    pub fn from_pem(certificate_pem: &[u8], key_pem: &[u8]) -> Result<Self> {
        let certificate =
            pem_block(certificate_pem, &["CERTIFICATE"]).context("the certificate")?;
        let key = pem_block(
            key_pem,
            &["PRIVATE KEY", "RSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY"],
        )
        .context("the private key")?;
        let key = match key.label.as_str() {
            "PRIVATE KEY" => PrivateKey::from_pkcs8_der(&key.contents)
                .map_err(|e| anyhow::anyhow!("the private key is not an RSA PKCS#8 key: {e}"))?,
            "RSA PRIVATE KEY" => PrivateKey::from_pkcs1_der(&key.contents)
                .map_err(|e| anyhow::anyhow!("the private key is not an RSA PKCS#1 key: {e}"))?,
            _ => bail!(
                "the private key is encrypted; decrypt it (openssl pkey) or use --pkcs12 with SCALEPOINT_CERT_PASSWORD"
            ),
        };
        Self::new(&certificate.contents, key)
    }

    pub fn from_pem_files(certificate: &Path, key: &Path) -> Result<Self> {
        let certificate_pem = std::fs::read(certificate)
            .with_context(|| format!("read certificate {}", certificate.display()))?;
        let key_pem =
            std::fs::read(key).with_context(|| format!("read private key {}", key.display()))?;
        Self::from_pem(&certificate_pem, &key_pem)
            .with_context(|| format!("{} and {}", certificate.display(), key.display()))
    }

    /// The first key with its certificate from a PKCS#12 (`.pfx`, `.p12`) file.
    pub fn from_pkcs12(pfx: &[u8], password: &str) -> Result<Self> {
        let store = p12_keystore::KeyStore::from_pkcs12(
            pfx,
            password,
            p12_keystore::Pkcs12ImportPolicy::Strict,
        )
        .map_err(|e| anyhow::anyhow!("cannot open the PKCS#12 file (wrong password?): {e}"))?;
        let Some((_, chain)) = store.private_key_chain() else {
            bail!("the PKCS#12 file holds no private key with its certificate");
        };
        let Some(certificate) = chain.certs().first() else {
            bail!("the PKCS#12 file's key has no certificate");
        };
        let key = PrivateKey::from_pkcs8_der(chain.key().as_der())
            .map_err(|e| anyhow::anyhow!("the PKCS#12 file's key is not an RSA key: {e}"))?;
        Self::new(certificate.as_der(), key)
    }

    pub fn from_pkcs12_file(path: &Path, password: &str) -> Result<Self> {
        let pfx = std::fs::read(path).with_context(|| format!("read {}", path.display()))?;
        Self::from_pkcs12(&pfx, password).with_context(|| path.display().to_string())
    }

    /// SHA-1 of the certificate's DER.
    pub fn thumbprint(&self) -> [u8; 20] {
        self.thumbprint
    }

    fn new(certificate_der: &[u8], key: PrivateKey) -> Result<Self> {
        let (_, certificate) = x509_parser::parse_x509_certificate(certificate_der)
            .map_err(|e| anyhow::anyhow!("the certificate is not X.509: {e}"))?;
        let certified = PublicKey::from_public_key_der(certificate.public_key().raw)
            .map_err(|_| anyhow::anyhow!("the certificate's key is not an RSA key"))?;
        if certified != key.to_public_key() {
            bail!("the private key does not belong to the certificate");
        }
        let bits = key.size() * 8;
        if bits < MIN_KEY_BITS {
            bail!("the RSA key has {bits} bits; at least {MIN_KEY_BITS} are needed");
        }
        Ok(Self {
            thumbprint: Sha1::digest(certificate_der).into(),
            key: SigningKey::new(key),
        })
    }
}

impl crate::imports::Signer for CertificateSigner {
    fn certificate_thumbprint(&self) -> Result<Vec<u8>, String> {
        Ok(self.thumbprint.to_vec())
    }

    fn sign_rs256(&self, data: &[u8]) -> Result<Vec<u8>, String> {
        self.key
            .try_sign(data)
            .map(|s| s.to_vec())
            .map_err(|_| "RSA signing failed".to_string())
    }
}

impl fmt::Debug for CertificateSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hex: String = self.thumbprint.iter().map(|b| format!("{b:02X}")).collect();
        f.debug_struct("CertificateSigner")
            .field("thumbprint", &hex)
            .finish_non_exhaustive()
    }
}

/// The first PEM block with one of `labels`.
fn pem_block(text: &[u8], labels: &[&str]) -> Result<Pem> {
    for block in Pem::iter_from_buffer(text) {
        let block = block.map_err(|e| anyhow::anyhow!("not PEM: {e}"))?;
        if labels.contains(&block.label.as_str()) {
            return Ok(block);
        }
    }
    bail!("no PEM block labelled {}", labels.join(" or "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::imports::Signer as _;
    use rsa::pkcs1::EncodeRsaPrivateKey;
    use rsa::pkcs8::{EncodePrivateKey, LineEnding};
    use rsa::signature::Verifier;

    fn key() -> PrivateKey {
        PrivateKey::new(&mut getrandom::SysRng, 2048).unwrap()
    }

    /// A self-signed certificate for `key`: (PEM, DER).
    fn certificate(key: &PrivateKey) -> (String, Vec<u8>) {
        let pem = key.to_pkcs8_pem(LineEnding::LF).unwrap();
        let pair =
            rcgen::KeyPair::from_pkcs8_pem_and_sign_algo(&pem, &rcgen::PKCS_RSA_SHA256).unwrap();
        let cert = rcgen::CertificateParams::new(vec!["client.example".into()])
            .unwrap()
            .self_signed(&pair)
            .unwrap();
        (cert.pem(), cert.der().to_vec())
    }

    // RFC 7515 §4.1.7 (x5t: SHA-1 of the DER) and RS256 (RFC 7518 §3.3).
    #[test]
    fn pem_certificate_and_key_give_thumbprint_and_verifiable_signatures() {
        let key = key();
        let (cert_pem, cert_der) = certificate(&key);
        let pkcs8 = key.to_pkcs8_pem(LineEnding::LF).unwrap();
        let pkcs1 = key.to_pkcs1_pem(LineEnding::LF).unwrap();
        for key_pem in [pkcs8.as_bytes(), pkcs1.as_bytes()] {
            let signer = CertificateSigner::from_pem(cert_pem.as_bytes(), key_pem).unwrap();
            let expected: [u8; 20] = Sha1::digest(&cert_der).into();
            assert_eq!(signer.certificate_thumbprint().unwrap(), expected);
            let signature = signer.sign_rs256(b"header.claims").unwrap();
            rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key.to_public_key())
                .verify(
                    b"header.claims",
                    &rsa::pkcs1v15::Signature::try_from(signature.as_slice()).unwrap(),
                )
                .unwrap();
            let shown = format!("{signer:?}");
            assert!(shown.starts_with("CertificateSigner { thumbprint: \""));
        }
    }

    #[test]
    fn a_key_of_another_certificate_is_refused() {
        let (cert_pem, _) = certificate(&key());
        let other = key().to_pkcs8_pem(LineEnding::LF).unwrap();
        let e = CertificateSigner::from_pem(cert_pem.as_bytes(), other.as_bytes()).unwrap_err();
        assert!(format!("{e:#}").contains("does not belong"), "{e:#}");
    }

    #[test]
    fn unreadable_input_is_explained_without_key_material() {
        let e = CertificateSigner::from_pem(b"garbage", b"garbage").unwrap_err();
        assert!(format!("{e:#}").contains("the certificate"), "{e:#}");
        let encrypted =
            b"-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n";
        let (cert_pem, _) = certificate(&key());
        let e = CertificateSigner::from_pem(cert_pem.as_bytes(), encrypted).unwrap_err();
        assert!(format!("{e:#}").contains("--pkcs12"), "{e:#}");
    }
}
