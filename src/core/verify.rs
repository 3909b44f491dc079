//! JWT signature checks with ring directly (ring is already linked for rustls): a JWK is
//! decoded once, when its key set is fetched, into the bytes ring verifies with.

use ring::signature;
use serde_json::Value;

/// The asymmetric JWS algorithms verified locally; anything else goes to the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Alg {
    RS256,
    RS384,
    RS512,
    PS256,
    PS384,
    PS512,
    ES256,
    ES384,
    EdDSA,
}

impl Alg {
    pub(crate) fn from_name(name: &str) -> Option<Alg> {
        Some(match name {
            "RS256" => Alg::RS256,
            "RS384" => Alg::RS384,
            "RS512" => Alg::RS512,
            "PS256" => Alg::PS256,
            "PS384" => Alg::PS384,
            "PS512" => Alg::PS512,
            "ES256" => Alg::ES256,
            "ES384" => Alg::ES384,
            "EdDSA" => Alg::EdDSA,
            _ => return None,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Curve {
    P256,
    P384,
}

/// A public key from a JWK, as ring takes it.
#[derive(Debug)]
pub(crate) enum VerifyingKey {
    /// RSA modulus and exponent, big-endian.
    Rsa { n: Vec<u8>, e: Vec<u8> },
    /// An uncompressed EC point (0x04 || x || y).
    Ec { curve: Curve, point: Vec<u8> },
    /// An Ed25519 public key.
    Ed25519(Vec<u8>),
}

fn b64(jwk: &Value, field: &str) -> Result<Vec<u8>, String> {
    use base64::Engine;
    let text = jwk.get(field).and_then(Value::as_str).ok_or_else(|| format!("missing {field}"))?;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')).map_err(|_| format!("{field} is not base64url"))
}

impl VerifyingKey {
    /// Decodes a public JWK (kty RSA, EC with crv P-256/P-384, OKP with crv Ed25519).
    pub(crate) fn from_jwk(jwk: &Value) -> Result<VerifyingKey, String> {
        let field = |name: &str| jwk.get(name).and_then(Value::as_str);
        match field("kty") {
            Some("RSA") => {
                let (n, e) = (b64(jwk, "n")?, b64(jwk, "e")?);
                if n.is_empty() || e.is_empty() {
                    return Err("empty RSA modulus or exponent".into());
                }
                Ok(VerifyingKey::Rsa { n, e })
            }
            Some("EC") => {
                let (curve, len) = match field("crv") {
                    Some("P-256") => (Curve::P256, 32),
                    Some("P-384") => (Curve::P384, 48),
                    other => return Err(format!("unsupported EC curve {other:?}")),
                };
                let (x, y) = (b64(jwk, "x")?, b64(jwk, "y")?);
                if x.len() != len || y.len() != len {
                    return Err("EC coordinates of the wrong length".into());
                }
                let mut point = Vec::with_capacity(1 + 2 * len);
                point.push(4);
                point.extend_from_slice(&x);
                point.extend_from_slice(&y);
                Ok(VerifyingKey::Ec { curve, point })
            }
            Some("OKP") => match field("crv") {
                Some("Ed25519") => {
                    let x = b64(jwk, "x")?;
                    if x.len() != 32 {
                        return Err("Ed25519 key of the wrong length".into());
                    }
                    Ok(VerifyingKey::Ed25519(x))
                }
                other => Err(format!("unsupported OKP curve {other:?}")),
            },
            other => Err(format!("unsupported key type {other:?}")),
        }
    }

    /// True when `signature` is `alg`'s signature of `message` under this key. A key of
    /// another type than `alg` needs (key confusion) never verifies.
    pub(crate) fn verify(&self, alg: Alg, message: &[u8], signature: &[u8]) -> bool {
        let rsa = |params: &'static signature::RsaParameters, n: &[u8], e: &[u8]| {
            signature::RsaPublicKeyComponents { n, e }.verify(params, message, signature).is_ok()
        };
        let unparsed = |a: &'static dyn signature::VerificationAlgorithm, key: &[u8]| {
            signature::UnparsedPublicKey::new(a, key).verify(message, signature).is_ok()
        };
        match (alg, self) {
            (Alg::RS256, VerifyingKey::Rsa { n, e }) => rsa(&signature::RSA_PKCS1_2048_8192_SHA256, n, e),
            (Alg::RS384, VerifyingKey::Rsa { n, e }) => rsa(&signature::RSA_PKCS1_2048_8192_SHA384, n, e),
            (Alg::RS512, VerifyingKey::Rsa { n, e }) => rsa(&signature::RSA_PKCS1_2048_8192_SHA512, n, e),
            (Alg::PS256, VerifyingKey::Rsa { n, e }) => rsa(&signature::RSA_PSS_2048_8192_SHA256, n, e),
            (Alg::PS384, VerifyingKey::Rsa { n, e }) => rsa(&signature::RSA_PSS_2048_8192_SHA384, n, e),
            (Alg::PS512, VerifyingKey::Rsa { n, e }) => rsa(&signature::RSA_PSS_2048_8192_SHA512, n, e),
            (Alg::ES256, VerifyingKey::Ec { curve: Curve::P256, point }) => unparsed(&signature::ECDSA_P256_SHA256_FIXED, point),
            (Alg::ES384, VerifyingKey::Ec { curve: Curve::P384, point }) => unparsed(&signature::ECDSA_P384_SHA384_FIXED, point),
            (Alg::EdDSA, VerifyingKey::Ed25519(key)) => unparsed(&signature::ED25519, key),
            _ => false,
        }
    }
}
