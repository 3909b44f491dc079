//! get_claims: verifies an access token and returns its claims.
//!
//! Asymmetric tokens (RS*, PS*, ES*, EdDSA with a `kid`) are verified locally against the
//! server's `/.well-known/jwks.json`, cached for `jwks_ttl_secs` and fetched again when a
//! token names a key the cache lacks (at most once per `MIN_REFETCH_INTERVAL`, so a flood of
//! tokens with made-up key ids cannot turn into a flood of requests). Symmetric (HS256)
//! tokens, and tokens without a `kid`, cannot be checked without the server's secret: for
//! them the server itself is asked (`GET /user`), as the reference clients do.

use super::client::Client;
use super::error::{Error, ErrorCode, Result};
use super::http::Request;
use super::jwt::invalid_jwt;
use super::types::unix_now;
use super::verify::{Alg, VerifyingKey};
use serde::Deserialize;
use serde_json::Value;

/// Options for get_claims.
#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClaimsOptions {
    /// Return the claims of an expired (but correctly signed) token instead of failing.
    pub allow_expired: bool,
    /// Reuse the outcome of verifying this exact token earlier (default true). Signatures
    /// are deterministic, so only expiry is checked again; the entry lives as long as the
    /// key set it was verified with (jwks_ttl_secs, or until the JWKS is fetched again).
    pub cache: bool,
    /// A key set the caller already has (`{"keys":[JWK, ...]}`, as /.well-known/jwks.json
    /// serves it), as auth-js's `getClaims(jwt, {jwks})`. A token whose `kid` is in it is
    /// verified against it with no request; other kids fall back to the server's JWKS.
    pub jwks: Option<CallerJwks>,
    /// The same as a bare array of JWKs (auth-js's older `keys` option).
    pub keys: Option<Vec<Value>>,
}

/// A caller-supplied JWKS document.
#[derive(Debug, Deserialize)]
pub struct CallerJwks {
    pub keys: Vec<Value>,
}

impl Default for ClaimsOptions {
    fn default() -> Self {
        ClaimsOptions { allow_expired: false, cache: true, jwks: None, keys: None }
    }
}

impl ClaimsOptions {
    fn caller_keys(&self) -> Result<Option<&[Value]>> {
        match (&self.jwks, &self.keys) {
            (Some(_), Some(_)) => Err(Error::invalid_argument("give either jwks or keys, not both")),
            (Some(jwks), None) => Ok(Some(&jwks.keys)),
            (None, Some(keys)) => Ok(Some(keys)),
            (None, None) => Ok(None),
        }
    }
}

/// The caller's key with this `kid`, decoded (None when the caller has no such key). A
/// caller key that cannot be decoded is the caller's mistake: INVALID_ARGUMENT.
fn caller_key(keys: &[Value], kid: &str) -> Result<Option<(Option<String>, VerifyingKey)>> {
    let Some(jwk) = keys.iter().find(|k| k.get("kid").and_then(Value::as_str) == Some(kid)) else { return Ok(None) };
    let alg = jwk.get("alg").and_then(Value::as_str).map(str::to_owned);
    let key = VerifyingKey::from_jwk(jwk).map_err(|e| Error::invalid_argument(format!("caller JWK {kid:?}: {e}")))?;
    Ok(Some((alg, key)))
}

/// The algorithms verified locally; anything else goes to the server.
fn asymmetric(alg: &str) -> Option<Alg> {
    Alg::from_name(alg)
}

/// Fails with JWT_EXPIRED when `exp` is in the past (on this machine's clock).
fn check_exp_value(exp: Option<f64>) -> Result<()> {
    let exp = exp.ok_or_else(|| invalid_jwt("JWT has no exp claim"))?;
    if (exp as i64) <= unix_now() {
        return Err(Error::new(ErrorCode::JwtExpired, "JWT has expired"));
    }
    Ok(())
}

/// The header fields get_claims needs.
#[derive(Deserialize)]
struct Header {
    alg: Option<String>,
    kid: Option<String>,
}

/// The payload field get_claims needs (the rest is handed out verbatim).
#[derive(Deserialize)]
struct Expiry {
    exp: Option<f64>,
}

/// `{"claims":<payload>,"header":<header>}` from the token's own (validated) JSON texts.
fn claims_output(payload: &str, header: &str) -> String {
    format!("{{\"claims\":{payload},\"header\":{header}}}")
}

/// Checks `token`'s signature with `key` (declared for `key_alg`, when the JWK says).
/// The one check get_claims makes; expiry is checked separately.
fn verify_signature(token: &str, alg: Alg, key_alg: Option<&str>, key: &VerifyingKey) -> Result<()> {
    use base64::Engine;
    if let Some(key_alg) = key_alg {
        if asymmetric(key_alg) != Some(alg) {
            return Err(invalid_jwt(format!("the key for this JWT is for {key_alg}, the JWT says {alg:?}")));
        }
    }
    let (message, signature) = token.rsplit_once('.').ok_or_else(|| invalid_jwt("not a JWT"))?;
    let signature = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| invalid_jwt("JWT failed verification: the signature is not base64url"))?;
    if !key.verify(alg, message.as_bytes(), &signature) {
        return Err(invalid_jwt("JWT signature does not verify"));
    }
    Ok(())
}

/// One JWT segment decoded and parsed once into `T`, which must be a JSON object (the text
/// is kept for handing out verbatim).
fn segment<T: serde::de::DeserializeOwned>(token: &str, index: usize, what: &str) -> Result<(String, T)> {
    let text = super::jwt::segment_string(token, index)?;
    if !text.trim_start().starts_with('{') {
        return Err(invalid_jwt("JWT segment is not a JSON object"));
    }
    let value = serde_json::from_str::<T>(&text).map_err(|e| invalid_jwt(format!("JWT {what}: {e}")))?;
    Ok((text, value))
}

impl Client {
    /// Verifies `jwt` (or the current session's access token, refreshed if due) and returns
    /// `{"claims":{...},"header":{...}}` as JSON text (the token's own JSON, verbatim).
    pub fn get_claims(&self, jwt: Option<&str>, options: &ClaimsOptions) -> Result<String> {
        let session;
        let token = match jwt {
            Some("") => return Err(Error::invalid_argument("jwt must not be empty")),
            Some(t) => t,
            None => {
                session = self.require_session()?;
                session.access_token.expose()
            }
        };
        let caller_keys = options.caller_keys()?;
        // The verified-token cache belongs to the server's key set: a call with its own keys
        // neither reads nor fills it.
        if options.cache && caller_keys.is_none() {
            if let Some((output, exp)) = self.jwks.cached_verification(&self.http, token) {
                if !options.allow_expired {
                    check_exp_value(exp)?;
                }
                return Ok(output.to_string());
            }
        }
        // Each segment decoded and parsed once (the parse into the struct validates it).
        let (header_text, header) = segment::<Header>(token, 0, "header")?;
        let (payload_text, Expiry { exp }) = segment::<Expiry>(token, 1, "claims")?;
        if !options.allow_expired {
            check_exp_value(exp)?;
        }
        let output = claims_output(&payload_text, &header_text);
        match (asymmetric(header.alg.as_deref().unwrap_or("")), header.kid.as_deref()) {
            (Some(alg), Some(kid)) if caller_keys.is_some() => match caller_key(caller_keys.unwrap_or_default(), kid)? {
                Some((key_alg, key)) => verify_signature(token, alg, key_alg.as_deref(), &key)?,
                None => {
                    let (_, key_alg, key) = self.jwks.decoding_key(&self.http, kid)?;
                    verify_signature(token, alg, key_alg.as_deref(), &key)?;
                }
            },
            (Some(alg), Some(kid)) => {
                let (generation, key_alg, key) = self.jwks.decoding_key(&self.http, kid)?;
                verify_signature(token, alg, key_alg.as_deref(), &key)?;
                // With the cache off nothing reads the entry: do not pay for writing it.
                if options.cache {
                    self.jwks.remember_verification(token, &output, exp, generation);
                }
            }
            // HS256 (or no kid): only the server can tell.
            _ => {
                self.http.send(Request::get("/user").jwt(token))?;
            }
        }
        Ok(output)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
    use serde_json::Value;
    use serde_json::json;

    const EC_PEM: &str = include_str!("../../tests/keys/ec_p256_pkcs8.pem");
    const RSA_PEM: &str = include_str!("../../tests/keys/rsa2048_pkcs1.pem");
    const JWKS: &str = include_str!("../../tests/keys/jwks.json");

    fn der(pem: &str) -> Vec<u8> {
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        base64::engine::general_purpose::STANDARD.decode(body).unwrap()
    }

    fn jwk(kid: &str) -> Value {
        let jwks: Value = serde_json::from_str(JWKS).unwrap();
        jwks["keys"].as_array().unwrap().iter().find(|k| k["kid"] == kid).unwrap().clone()
    }

    fn sign(alg: Algorithm, kid: &str, claims: &Value) -> String {
        let key = match alg {
            Algorithm::ES256 => EncodingKey::from_ec_der(&der(EC_PEM)),
            _ => EncodingKey::from_rsa_der(&der(RSA_PEM)),
        };
        let mut header = Header::new(alg);
        header.kid = Some(kid.to_owned());
        encode(&header, claims, &key).unwrap()
    }

    /// get_claims's signature check with one JWK, as the JWKS cache decodes it.
    fn verify_with_jwk(token: &str, alg: Alg, jwk: &Value) -> Result<()> {
        let key_alg = jwk.get("alg").and_then(Value::as_str);
        verify_signature(token, alg, key_alg, &VerifyingKey::from_jwk(jwk).unwrap())
    }

    #[test]
    fn es256_and_rs256_verify_against_their_jwks() {
        let claims = json!({"sub":"u1","exp": unix_now() + 60, "role":"authenticated"});
        let t = sign(Algorithm::ES256, "test-es256", &claims);
        verify_with_jwk(&t, Alg::ES256, &jwk("test-es256")).unwrap();
        let t = sign(Algorithm::RS256, "test-rs256", &claims);
        verify_with_jwk(&t, Alg::RS256, &jwk("test-rs256")).unwrap();
    }

    #[test]
    fn tampering_and_key_confusion_fail() {
        let claims = json!({"sub":"u1","exp": unix_now() + 60});
        let t = sign(Algorithm::ES256, "test-es256", &claims);
        let mut parts: Vec<String> = t.split('.').map(str::to_owned).collect();
        let b = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        parts[1] = b.encode(json!({"sub":"admin","exp": unix_now() + 60}).to_string());
        let forged = parts.join(".");
        assert_eq!(verify_with_jwk(&forged, Alg::ES256, &jwk("test-es256")).unwrap_err().code, ErrorCode::InvalidJwt);
        // An RS256 token checked against the EC key, or declared ES256 against the RSA key.
        let rs = sign(Algorithm::RS256, "test-rs256", &claims);
        assert_eq!(verify_with_jwk(&rs, Alg::RS256, &jwk("test-es256")).unwrap_err().code, ErrorCode::InvalidJwt);
        assert_eq!(verify_with_jwk(&t, Alg::ES256, &jwk("test-rs256")).unwrap_err().code, ErrorCode::InvalidJwt);
    }

    #[test]
    fn expiry_is_checked_separately() {
        assert_eq!(check_exp_value(Some((unix_now() - 1) as f64)).unwrap_err().code, ErrorCode::JwtExpired);
        assert!(check_exp_value(Some((unix_now() + 5) as f64)).is_ok());
        assert_eq!(check_exp_value(None).unwrap_err().code, ErrorCode::InvalidJwt);
    }
}
