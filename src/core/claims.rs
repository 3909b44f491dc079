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
use super::jwt::{decode_header, decode_unverified};
use super::types::unix_now;
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Shortest time between two JWKS fetches caused by unknown key ids.
pub const MIN_REFETCH_INTERVAL: Duration = Duration::from_secs(30);

/// Options for get_claims.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClaimsOptions {
    /// Return the claims of an expired (but correctly signed) token instead of failing.
    pub allow_expired: bool,
}

/// The server's signing keys as last fetched.
#[derive(Default)]
pub(crate) struct JwksCache {
    state: Mutex<JwksState>,
    /// Serializes fetches so concurrent callers with the same unknown kid cause one request.
    fetching: Mutex<()>,
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
fn check_exp(claims: &Map<String, Value>) -> Result<()> {
    let exp = claims.get("exp").and_then(Value::as_f64).ok_or_else(|| invalid_jwt("JWT has no exp claim"))?;
    if (exp as i64) <= unix_now() {
        return Err(Error::new(ErrorCode::JwtExpired, "JWT has expired"));
    }
    Ok(())
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
    /// `{"claims":{...},"header":{...}}`.
    pub fn get_claims(&self, jwt: Option<&str>, options: &ClaimsOptions) -> Result<Value> {
        let session;
        let token = match jwt {
            Some("") => return Err(Error::invalid_argument("jwt must not be empty")),
            Some(t) => t,
            None => {
                session = self.require_session()?;
                session.access_token.expose()
            }
        };
        let header = decode_header(token)?;
        let unverified = decode_unverified(token)?;
        if !options.allow_expired {
            check_exp(&unverified)?;
        }
        let alg = header.get("alg").and_then(Value::as_str).unwrap_or("");
        let kid = header.get("kid").and_then(Value::as_str);
        let claims = match (asymmetric(alg), kid) {
            (Some(alg), Some(kid)) => {
                let jwk = self.signing_key(kid)?;
                verify_with_jwk(token, alg, &jwk)?
            }
            // HS256 (or no kid): only the server can tell.
            _ => {
                self.http.send_json(Request::get("/user").jwt(token))?;
                unverified
            }
        };
        Ok(json!({ "claims": claims, "header": header }))
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
        let mut claims = Map::new();
        claims.insert("exp".into(), json!(unix_now() - 1));
        assert_eq!(check_exp(&claims).unwrap_err().code, ErrorCode::JwtExpired);
        claims.insert("exp".into(), json!(unix_now() + 5));
        assert!(check_exp(&claims).is_ok());
        assert_eq!(check_exp(&Map::new()).unwrap_err().code, ErrorCode::InvalidJwt);
    }
}
