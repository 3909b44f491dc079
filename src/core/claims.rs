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
use super::jwt::segment_text;
use super::types::unix_now;
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Shortest time between two JWKS fetches caused by unknown key ids.
pub const MIN_REFETCH_INTERVAL: Duration = Duration::from_secs(30);

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
}

impl Default for ClaimsOptions {
    fn default() -> Self {
        ClaimsOptions { allow_expired: false, cache: true }
    }
}

/// At most this many verified tokens are remembered (the map is cleared when full).
const VERIFIED_CAPACITY: usize = 256;

/// The result of verifying one token against the key set of one JWKS fetch.
struct Verified {
    output: Arc<str>,
    exp: Option<f64>,
    verified_at: Instant,
    generation: u64,
}

/// The server's signing keys as last fetched.
#[derive(Default)]
pub(crate) struct JwksCache {
    state: Mutex<JwksState>,
    /// Serializes fetches so concurrent callers with the same unknown kid cause one request.
    fetching: Mutex<()>,
    /// Keys decoded from their JWK, by kid, with the fetch generation they came from.
    decoded: Mutex<HashMap<String, (u64, Option<String>, Arc<DecodingKey>)>>,
    /// Tokens verified locally, by the token itself.
    verified: Mutex<HashMap<String, Verified>>,
}

#[derive(Default)]
struct JwksState {
    keys: Vec<Value>,
    fetched_at: Option<Instant>,
    /// When an unknown key id last caused a fetch (the rate limit's clock).
    refetched_for_unknown_kid: Option<Instant>,
    /// Counts completed fetches, so a caller that waited on `fetching` can tell whether
    /// someone else fetched meanwhile.
    generation: u64,
}

impl JwksState {
    fn find(&self, kid: &str) -> Option<Value> {
        self.keys.iter().find(|k| k.get("kid").and_then(Value::as_str) == Some(kid)).cloned()
    }
}

/// The algorithms verified locally; anything else goes to the server.
fn asymmetric(alg: &str) -> Option<Algorithm> {
    Some(match alg {
        "RS256" => Algorithm::RS256,
        "RS384" => Algorithm::RS384,
        "RS512" => Algorithm::RS512,
        "PS256" => Algorithm::PS256,
        "PS384" => Algorithm::PS384,
        "PS512" => Algorithm::PS512,
        "ES256" => Algorithm::ES256,
        "ES384" => Algorithm::ES384,
        "EdDSA" => Algorithm::EdDSA,
        _ => return None,
    })
}

fn invalid_jwt(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidJwt, message)
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

/// Verifies `token`'s signature with one JWK. Expiry is checked separately.
pub fn verify_with_jwk(token: &str, alg: Algorithm, jwk: &Value) -> Result<Map<String, Value>> {
    if let Some(key_alg) = jwk.get("alg").and_then(Value::as_str) {
        if asymmetric(key_alg) != Some(alg) {
            return Err(invalid_jwt(format!("the key for this JWT is for {key_alg}, the JWT says {alg:?}")));
        }
    }
    let jwk: Jwk = serde_json::from_value(jwk.clone()).map_err(|e| invalid_jwt(format!("unusable JWK: {e}")))?;
    let key = DecodingKey::from_jwk(&jwk).map_err(|e| invalid_jwt(format!("unusable JWK: {e}")))?;
    let mut validation = Validation::new(alg);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    jsonwebtoken::decode::<Map<String, Value>>(token, &key, &validation)
        .map(|data| data.claims)
        .map_err(|e| match e.kind() {
            jsonwebtoken::errors::ErrorKind::InvalidSignature => invalid_jwt("JWT signature does not verify"),
            jsonwebtoken::errors::ErrorKind::InvalidAlgorithm => invalid_jwt("JWT algorithm does not match its key"),
            _ => invalid_jwt(format!("JWT failed verification: {e}")),
        })
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
        if options.cache {
            if let Some((output, exp)) = self.cached_verification(token) {
                if !options.allow_expired {
                    check_exp_value(exp)?;
                }
                return Ok(output.to_string());
            }
        }
        let header_text = segment_text(token, 0)?;
        let payload_text = segment_text(token, 1)?;
        let header: Header = serde_json::from_str(&header_text).map_err(|e| invalid_jwt(format!("JWT header: {e}")))?;
        let exp = serde_json::from_str::<Expiry>(&payload_text)
            .map_err(|e| invalid_jwt(format!("JWT claims: {e}")))?
            .exp;
        if !options.allow_expired {
            check_exp_value(exp)?;
        }
        let output = claims_output(&payload_text, &header_text);
        match (asymmetric(header.alg.as_deref().unwrap_or("")), header.kid.as_deref()) {
            (Some(alg), Some(kid)) => {
                let (generation, key_alg, key) = self.decoding_key(kid)?;
                if let Some(key_alg) = key_alg {
                    if asymmetric(&key_alg) != Some(alg) {
                        return Err(invalid_jwt(format!("the key for this JWT is for {key_alg}, the JWT says {alg:?}")));
                    }
                }
                let (message, signature) = token.rsplit_once('.').ok_or_else(|| invalid_jwt("not a JWT"))?;
                let valid = jsonwebtoken::crypto::verify(signature, message.as_bytes(), &key, alg)
                    .map_err(|e| invalid_jwt(format!("JWT failed verification: {e}")))?;
                if !valid {
                    return Err(invalid_jwt("JWT signature does not verify"));
                }
                self.remember_verification(token, &output, exp, generation);
            }
            // HS256 (or no kid): only the server can tell.
            _ => {
                self.http.send(Request::get("/user").jwt(token))?;
            }
        }
        Ok(output)
    }

    fn cached_verification(&self, token: &str) -> Option<(Arc<str>, Option<f64>)> {
        let ttl = Duration::from_secs(self.options().jwks_ttl_secs);
        let generation = self.jwks.state.lock().unwrap_or_else(|p| p.into_inner()).generation;
        let verified = self.jwks.verified.lock().unwrap_or_else(|p| p.into_inner());
        let hit = verified.get(token)?;
        (hit.generation == generation && hit.verified_at.elapsed() < ttl).then(|| (hit.output.clone(), hit.exp))
    }

    fn remember_verification(&self, token: &str, output: &str, exp: Option<f64>, generation: u64) {
        let mut verified = self.jwks.verified.lock().unwrap_or_else(|p| p.into_inner());
        if verified.len() >= VERIFIED_CAPACITY {
            verified.clear();
        }
        let entry = Verified { output: Arc::from(output), exp, verified_at: Instant::now(), generation };
        verified.insert(token.to_owned(), entry);
    }

    /// The decoded key for `kid` (with its declared alg and the JWKS generation it came
    /// from); decoded once per fetched key set.
    fn decoding_key(&self, kid: &str) -> Result<(u64, Option<String>, Arc<DecodingKey>)> {
        // Hot path: the key set is fresh and this key was decoded from it already.
        let ttl = Duration::from_secs(self.options().jwks_ttl_secs);
        let (fresh, generation) = {
            let state = self.jwks.state.lock().unwrap_or_else(|p| p.into_inner());
            (state.fetched_at.is_some_and(|t| t.elapsed() < ttl), state.generation)
        };
        if fresh {
            let decoded = self.jwks.decoded.lock().unwrap_or_else(|p| p.into_inner());
            if let Some((g, alg, key)) = decoded.get(kid).filter(|(g, _, _)| *g == generation) {
                return Ok((*g, alg.clone(), key.clone()));
            }
        }
        let jwk = self.signing_key(kid)?;
        let generation = self.jwks.state.lock().unwrap_or_else(|p| p.into_inner()).generation;
        let mut decoded = self.jwks.decoded.lock().unwrap_or_else(|p| p.into_inner());
        let alg = jwk.get("alg").and_then(Value::as_str).map(str::to_owned);
        let parsed: Jwk = serde_json::from_value(jwk).map_err(|e| invalid_jwt(format!("unusable JWK: {e}")))?;
        let key = Arc::new(DecodingKey::from_jwk(&parsed).map_err(|e| invalid_jwt(format!("unusable JWK: {e}")))?);
        decoded.insert(kid.to_owned(), (generation, alg.clone(), key.clone()));
        Ok((generation, alg, key))
    }

    /// The JWK with this key id, from the cache or a (rate-limited) fetch.
    fn signing_key(&self, kid: &str) -> Result<Value> {
        let ttl = Duration::from_secs(self.options().jwks_ttl_secs);
        let not_found = || Error::new(ErrorCode::JwkNotFound, format!("no key with kid {kid:?} in the server's JWKS"));
        let generation = {
            let mut state = self.jwks.state.lock().unwrap_or_else(|p| p.into_inner());
            let fresh = state.fetched_at.is_some_and(|t| t.elapsed() < ttl);
            match state.find(kid) {
                Some(key) if fresh => return Ok(key),
                None if fresh => {
                    // Maybe the server rotated its keys: look again, but not too often.
                    if state.refetched_for_unknown_kid.is_some_and(|t| t.elapsed() < MIN_REFETCH_INTERVAL) {
                        return Err(not_found());
                    }
                    state.refetched_for_unknown_kid = Some(Instant::now());
                    state.generation
                }
                _ => state.generation,
            }
        };
        let _fetching = self.jwks.fetching.lock().unwrap_or_else(|p| p.into_inner());
        {
            // Someone else fetched while we waited: use theirs.
            let state = self.jwks.state.lock().unwrap_or_else(|p| p.into_inner());
            if state.generation != generation {
                return state.find(kid).ok_or_else(not_found);
            }
        }
        match self.fetch_jwks() {
            Ok(keys) => {
                let mut state = self.jwks.state.lock().unwrap_or_else(|p| p.into_inner());
                state.keys = keys;
                state.fetched_at = Some(Instant::now());
                state.generation += 1;
                state.find(kid).ok_or_else(not_found)
            }
            // Server unreachable: a key we already know is still good for verifying.
            Err(e) => self.jwks.state.lock().unwrap_or_else(|p| p.into_inner()).find(kid).ok_or(e),
        }
    }

    fn fetch_jwks(&self) -> Result<Vec<Value>> {
        let value = self.http.send_json(Request::get("/.well-known/jwks.json"))?;
        match value.get("keys") {
            Some(Value::Array(keys)) => Ok(keys.clone()),
            _ => Err(Error::invalid_response("JWKS answer has no keys array")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use jsonwebtoken::{EncodingKey, Header, encode};
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

    #[test]
    fn es256_and_rs256_verify_against_their_jwks() {
        let claims = json!({"sub":"u1","exp": unix_now() + 60, "role":"authenticated"});
        let t = sign(Algorithm::ES256, "test-es256", &claims);
        assert_eq!(verify_with_jwk(&t, Algorithm::ES256, &jwk("test-es256")).unwrap()["sub"], "u1");
        let t = sign(Algorithm::RS256, "test-rs256", &claims);
        assert_eq!(verify_with_jwk(&t, Algorithm::RS256, &jwk("test-rs256")).unwrap()["role"], "authenticated");
    }

    #[test]
    fn tampering_and_key_confusion_fail() {
        let claims = json!({"sub":"u1","exp": unix_now() + 60});
        let t = sign(Algorithm::ES256, "test-es256", &claims);
        let mut parts: Vec<String> = t.split('.').map(str::to_owned).collect();
        let b = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        parts[1] = b.encode(json!({"sub":"admin","exp": unix_now() + 60}).to_string());
        let forged = parts.join(".");
        assert_eq!(verify_with_jwk(&forged, Algorithm::ES256, &jwk("test-es256")).unwrap_err().code, ErrorCode::InvalidJwt);
        // An RS256 token checked against the EC key, or declared ES256 against the RSA key.
        let rs = sign(Algorithm::RS256, "test-rs256", &claims);
        assert_eq!(verify_with_jwk(&rs, Algorithm::RS256, &jwk("test-es256")).unwrap_err().code, ErrorCode::InvalidJwt);
        assert_eq!(verify_with_jwk(&t, Algorithm::ES256, &jwk("test-rs256")).unwrap_err().code, ErrorCode::InvalidJwt);
    }

    #[test]
    fn expiry_is_checked_separately() {
        assert_eq!(check_exp_value(Some((unix_now() - 1) as f64)).unwrap_err().code, ErrorCode::JwtExpired);
        assert!(check_exp_value(Some((unix_now() + 5) as f64)).is_ok());
        assert_eq!(check_exp_value(None).unwrap_err().code, ErrorCode::InvalidJwt);
    }
}
