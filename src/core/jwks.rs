//! The server's signing keys (`/.well-known/jwks.json`): fetched, cached for
//! `jwks_ttl_secs`, fetched again when a token names a key the cache lacks (at most once per
//! `MIN_REFETCH_INTERVAL`), decoded once per key set; plus the tokens verified with them.

use super::error::{Error, ErrorCode, Result};
use super::http::{Http, Request};
use super::jwt::invalid_jwt;
use super::verify::VerifyingKey;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Shortest time between two JWKS fetches caused by unknown key ids.
pub const MIN_REFETCH_INTERVAL: Duration = Duration::from_secs(30);

/// At most this many verified tokens are remembered (the map is cleared when full).
const VERIFIED_CAPACITY: usize = 256;

/// The result of verifying one token against the key set of one JWKS fetch.
struct Verified {
    output: Arc<str>,
    exp: Option<f64>,
    verified_at: Instant,
    generation: u64,
}

/// A decoded key: the JWKS generation it came from, its declared alg, the key.
pub(crate) type DecodedKey = (u64, Option<String>, Arc<VerifyingKey>);

/// The server's signing keys as last fetched.
#[derive(Default)]
pub(crate) struct JwksCache {
    state: Mutex<JwksState>,
    /// Serializes fetches so concurrent callers with the same unknown kid cause one request.
    fetching: Mutex<()>,
    /// Keys decoded from their JWK, by kid, with the fetch generation they came from.
    decoded: Mutex<HashMap<String, DecodedKey>>,
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

impl JwksCache {
    pub(crate) fn cached_verification(&self, http: &Http, token: &str) -> Option<(Arc<str>, Option<f64>)> {
        let ttl = Duration::from_secs(http.options().jwks_ttl_secs);
        let generation = self.state.lock().unwrap_or_else(|p| p.into_inner()).generation;
        let verified = self.verified.lock().unwrap_or_else(|p| p.into_inner());
        let hit = verified.get(token)?;
        (hit.generation == generation && hit.verified_at.elapsed() < ttl).then(|| (hit.output.clone(), hit.exp))
    }

    pub(crate) fn remember_verification(&self, token: &str, output: &str, exp: Option<f64>, generation: u64) {
        let mut verified = self.verified.lock().unwrap_or_else(|p| p.into_inner());
        if verified.len() >= VERIFIED_CAPACITY {
            verified.clear();
        }
        let entry = Verified { output: Arc::from(output), exp, verified_at: Instant::now(), generation };
        verified.insert(token.to_owned(), entry);
    }

    /// The decoded key for `kid` (with its declared alg and the JWKS generation it came
    /// from); decoded once per fetched key set.
    pub(crate) fn decoding_key(&self, http: &Http, kid: &str) -> Result<DecodedKey> {
        // Hot path: the key set is fresh and this key was decoded from it already.
        let ttl = Duration::from_secs(http.options().jwks_ttl_secs);
        let (fresh, generation) = {
            let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
            (state.fetched_at.is_some_and(|t| t.elapsed() < ttl), state.generation)
        };
        if fresh {
            let decoded = self.decoded.lock().unwrap_or_else(|p| p.into_inner());
            if let Some((g, alg, key)) = decoded.get(kid).filter(|(g, _, _)| *g == generation) {
                return Ok((*g, alg.clone(), key.clone()));
            }
        }
        let jwk = self.signing_key(http, kid)?;
        let generation = self.state.lock().unwrap_or_else(|p| p.into_inner()).generation;
        let mut decoded = self.decoded.lock().unwrap_or_else(|p| p.into_inner());
        let alg = jwk.get("alg").and_then(Value::as_str).map(str::to_owned);
        let key = Arc::new(VerifyingKey::from_jwk(&jwk).map_err(|e| invalid_jwt(format!("unusable JWK: {e}")))?);
        decoded.insert(kid.to_owned(), (generation, alg.clone(), key.clone()));
        Ok((generation, alg, key))
    }

    /// The JWK with this key id, from the cache or a (rate-limited) fetch.
    fn signing_key(&self, http: &Http, kid: &str) -> Result<Value> {
        let ttl = Duration::from_secs(http.options().jwks_ttl_secs);
        let not_found = || Error::new(ErrorCode::JwkNotFound, format!("no key with kid {kid:?} in the server's JWKS"));
        let generation = {
            let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
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
        let _fetching = self.fetching.lock().unwrap_or_else(|p| p.into_inner());
        {
            // Someone else fetched while we waited: use theirs.
            let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
            if state.generation != generation {
                return state.find(kid).ok_or_else(not_found);
            }
        }
        match Self::fetch(http) {
            Ok(keys) => {
                let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
                state.keys = keys;
                state.fetched_at = Some(Instant::now());
                state.generation += 1;
                state.find(kid).ok_or_else(not_found)
            }
            // Server unreachable: a key we already know is still good for verifying.
            Err(e) => self.state.lock().unwrap_or_else(|p| p.into_inner()).find(kid).ok_or(e),
        }
    }

    fn fetch(http: &Http) -> Result<Vec<Value>> {
        let value = http.send_json(Request::get("/.well-known/jwks.json"))?;
        match value.get("keys") {
            Some(Value::Array(keys)) => Ok(keys.clone()),
            _ => Err(Error::invalid_response("JWKS answer has no keys array")),
        }
    }
}
