//! gotrue_client_get_claims with locally generated keys (tests/keys): the fixture serves
//! their JWKS and counts fetches. The real-server version is in tests/server_lifecycle.rs.

mod common;

use common::fixture::{Fixture, Reply};
use common::*;
use gotrue::ffi::GoTrueErrorCode;
use gotrue::ffi::gotrue_client_get_claims;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::{Value, json};
use std::ptr::{null, null_mut};

const JWKS: &str = include_str!("keys/jwks.json");
const JWKS_PATH: &str = "/.well-known/jwks.json";

fn der(pem: &str) -> Vec<u8> {
    use base64::Engine;
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD.decode(body).unwrap()
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

fn sign(alg: Algorithm, kid: &str, exp_in: i64) -> String {
    let key = match alg {
        Algorithm::ES256 => EncodingKey::from_ec_der(&der(include_str!("keys/ec_p256_pkcs8.pem"))),
        _ => EncodingKey::from_rsa_der(&der(include_str!("keys/rsa2048_pkcs1.pem"))),
    };
    let mut header = Header::new(alg);
    header.kid = Some(kid.to_owned());
    encode(&header, &json!({"sub":"user-1","role":"authenticated","exp": now() + exp_in}), &key).unwrap()
}

fn jwks_fixture() -> Fixture {
    Fixture::start(|req| {
        if req.path() == JWKS_PATH { Reply::text(200, JWKS) } else { Reply::json(401, json!({"code":"bad_jwt","message":"invalid JWT"})) }
    })
}

fn claims(c: &Client, jwt: Option<&str>, options: Option<&str>) -> Result<Value, CError> {
    let (jwt, options) = (jwt.map(cs), options.map(cs));
    let mut out = null_mut();
    check(unsafe { gotrue_client_get_claims(c.ptr(), opt_ptr(&jwt), opt_ptr(&options), &mut out) })?;
    Ok(serde_json::from_str(&take_string(out)).unwrap())
}

#[test]
fn es256_and_rs256_tokens_verify_locally_with_one_cached_jwks_fetch() {
    let f = jwks_fixture();
    let c = Client::new(&f.url, "anon", None).unwrap();
    let v = claims(&c, Some(&sign(Algorithm::ES256, "test-es256", 60)), None).unwrap();
    assert_eq!(v["claims"]["sub"], "user-1");
    assert_eq!(v["header"]["alg"], "ES256");
    assert_eq!(v["header"]["kid"], "test-es256");
    let v = claims(&c, Some(&sign(Algorithm::RS256, "test-rs256", 60)), None).unwrap();
    assert_eq!(v["claims"]["role"], "authenticated");
    assert_eq!(f.count(JWKS_PATH), 1, "the JWKS is cached");
    assert_eq!(f.count("/user"), 0, "no server round trip");
}

#[test]
fn an_unknown_kid_refetches_once_then_is_rate_limited() {
    let f = jwks_fixture();
    let c = Client::new(&f.url, "anon", None).unwrap();
    claims(&c, Some(&sign(Algorithm::ES256, "test-es256", 60)), None).unwrap();
    let rotated = sign(Algorithm::ES256, "rotated-key", 60);
    assert_eq!(claims(&c, Some(&rotated), None).unwrap_err().code, GoTrueErrorCode::JwkNotFound);
    assert_eq!(f.count(JWKS_PATH), 2, "exactly one refetch for the unknown kid");
    assert_eq!(claims(&c, Some(&rotated), None).unwrap_err().code, GoTrueErrorCode::JwkNotFound);
    assert_eq!(f.count(JWKS_PATH), 2, "refetches are rate-limited");
    // Known keys keep working from the cache.
    claims(&c, Some(&sign(Algorithm::RS256, "test-rs256", 60)), None).unwrap();
    assert_eq!(f.count(JWKS_PATH), 2);
}

#[test]
fn the_jwks_is_fetched_again_after_its_ttl() {
    let f = jwks_fixture();
    let c = Client::new(&f.url, "anon", Some(r#"{"jwks_ttl_secs":1}"#)).unwrap();
    let t = sign(Algorithm::ES256, "test-es256", 60);
    claims(&c, Some(&t), None).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    claims(&c, Some(&t), None).unwrap();
    assert_eq!(f.count(JWKS_PATH), 2);
}

#[test]
fn expired_and_tampered_tokens_fail_with_their_codes() {
    let f = jwks_fixture();
    let c = Client::new(&f.url, "anon", None).unwrap();
    let expired = sign(Algorithm::ES256, "test-es256", -10);
    assert_eq!(claims(&c, Some(&expired), None).unwrap_err().code, GoTrueErrorCode::JwtExpired);
    let v = claims(&c, Some(&expired), Some(r#"{"allow_expired":true}"#)).unwrap();
    assert_eq!(v["claims"]["sub"], "user-1");
    // Swap the payload of a valid token: the signature no longer matches.
    let good = sign(Algorithm::RS256, "test-rs256", 60);
    let other = sign(Algorithm::RS256, "test-rs256", 3600);
    let parts: Vec<&str> = good.split('.').collect();
    let forged = format!("{}.{}.{}", parts[0], other.split('.').nth(1).unwrap(), parts[2]);
    assert_eq!(claims(&c, Some(&forged), None).unwrap_err().code, GoTrueErrorCode::InvalidJwt);
    // Flip a signature byte.
    let mut sig = parts[2].to_owned();
    let last = if sig.ends_with('A') { 'B' } else { 'A' };
    sig.pop();
    sig.push(last);
    let flipped = format!("{}.{}.{}", parts[0], parts[1], sig);
    assert_eq!(claims(&c, Some(&flipped), None).unwrap_err().code, GoTrueErrorCode::InvalidJwt);
    assert_eq!(claims(&c, Some("not.a.jwt"), None).unwrap_err().code, GoTrueErrorCode::InvalidJwt);
}

#[test]
fn hs256_tokens_are_checked_by_the_server_request_shape() {
    // The fixture rejects them (401 bad_jwt): the error is the server's, and the request
    // was GET /user with the token as bearer.
    let f = jwks_fixture();
    let c = Client::new(&f.url, "anon", None).unwrap();
    let hs = fake_jwt(&json!({"sub":"user-1","exp": now() + 60}));
    let err = claims(&c, Some(&hs), None).unwrap_err();
    assert_eq!(err.code, GoTrueErrorCode::BadJwt);
    let seen = f.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!((seen[0].method.as_str(), seen[0].path()), ("GET", "/user"));
    assert_eq!(seen[0].headers["authorization"], format!("Bearer {hs}"));
    // Expired HS256 tokens fail locally, without a request.
    let old = fake_jwt(&json!({"sub":"user-1","exp": now() - 60}));
    assert_eq!(claims(&c, Some(&old), None).unwrap_err().code, GoTrueErrorCode::JwtExpired);
    assert_eq!(f.requests().len(), 1);
}

#[test]
fn get_claims_checks_its_arguments() {
    let c = Client::new(&Fixture::refused_url(), "anon", None).unwrap();
    let mut out = null_mut();
    let code = |e| check(e).unwrap_err().code;
    let bad = c"\xff".as_ptr();
    unsafe {
        assert_eq!(code(gotrue_client_get_claims(null(), null(), null(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_get_claims(c.ptr(), null(), null(), null_mut())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_get_claims(c.ptr(), bad, null(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        let (t, o) = (cs("a.b.c"), cs(r#"{"allow_expird":true}"#));
        assert_eq!(code(gotrue_client_get_claims(c.ptr(), t.as_ptr(), o.as_ptr(), &mut out)), GoTrueErrorCode::InvalidJson);
        let e = cs("");
        assert_eq!(code(gotrue_client_get_claims(c.ptr(), e.as_ptr(), null(), &mut out)), GoTrueErrorCode::InvalidArgument);
        // No jwt and no session.
        assert_eq!(code(gotrue_client_get_claims(c.ptr(), null(), null(), &mut out)), GoTrueErrorCode::SessionMissing);
    }
    assert!(out.is_null());
}

#[test]
fn a_cached_verification_still_expires_with_its_token() {
    let f = jwks_fixture();
    let c = Client::new(&f.url, "anon", None).unwrap();
    let t = sign(Algorithm::ES256, "test-es256", 2);
    let first = claims(&c, Some(&t), None).unwrap();
    let again = claims(&c, Some(&t), None).unwrap();
    assert_eq!(first, again, "the cached answer is the verified one");
    std::thread::sleep(std::time::Duration::from_millis(2100));
    assert_eq!(claims(&c, Some(&t), None).unwrap_err().code, GoTrueErrorCode::JwtExpired);
    assert_eq!(claims(&c, Some(&t), Some(r#"{"cache":false}"#)).unwrap_err().code, GoTrueErrorCode::JwtExpired);
    assert_eq!(claims(&c, Some(&t), Some(r#"{"allow_expired":true}"#)).unwrap()["claims"]["sub"], "user-1");
}

#[test]
fn a_caller_supplied_jwks_verifies_with_no_request() {
    let f = jwks_fixture();
    let c = Client::new(&f.url, "anon", None).unwrap();
    let jwks: Value = serde_json::from_str(JWKS).unwrap();
    let with_jwks = json!({"jwks": jwks}).to_string();
    let with_keys = json!({"keys": jwks["keys"]}).to_string();
    let es = sign(Algorithm::ES256, "test-es256", 60);
    assert_eq!(claims(&c, Some(&es), Some(&with_jwks)).unwrap()["claims"]["sub"], "user-1");
    assert_eq!(claims(&c, Some(&sign(Algorithm::RS256, "test-rs256", 60)), Some(&with_keys)).unwrap()["header"]["alg"], "RS256");
    assert_eq!(f.count(JWKS_PATH), 0, "the caller's keys need no fetch");
    assert_eq!(f.count("/user"), 0);
    // Expiry still applies.
    let old = sign(Algorithm::ES256, "test-es256", -10);
    assert_eq!(claims(&c, Some(&old), Some(&with_jwks)).unwrap_err().code, GoTrueErrorCode::JwtExpired);
    let allow = json!({"jwks": jwks, "allow_expired": true}).to_string();
    claims(&c, Some(&old), Some(&allow)).unwrap();
}

#[test]
fn a_caller_key_with_the_kid_is_the_one_trusted() {
    let f = jwks_fixture();
    let c = Client::new(&f.url, "anon", None).unwrap();
    let jwks: Value = serde_json::from_str(JWKS).unwrap();
    // The caller says "test-es256" is the RSA key: the ES256 token then fails, although the
    // server's JWKS would have verified it.
    let mut rsa = jwks["keys"].as_array().unwrap().iter().find(|k| k["kid"] == "test-rs256").unwrap().clone();
    rsa["kid"] = json!("test-es256");
    let lying = json!({"keys": [rsa]}).to_string();
    assert_eq!(claims(&c, Some(&sign(Algorithm::ES256, "test-es256", 60)), Some(&lying)).unwrap_err().code, GoTrueErrorCode::InvalidJwt);
    assert_eq!(f.count(JWKS_PATH), 0);
    // A kid the caller lacks falls back to the server's JWKS.
    let only_rsa = json!({"keys": [jwks["keys"].as_array().unwrap().iter().find(|k| k["kid"] == "test-rs256").unwrap()]}).to_string();
    claims(&c, Some(&sign(Algorithm::ES256, "test-es256", 60)), Some(&only_rsa)).unwrap();
    assert_eq!(f.count(JWKS_PATH), 1);
}

#[test]
fn caller_key_sets_are_checked() {
    let c = client();
    let t = sign(Algorithm::ES256, "test-es256", 60);
    let jwks: Value = serde_json::from_str(JWKS).unwrap();
    let both = json!({"jwks": jwks, "keys": jwks["keys"]}).to_string();
    assert_eq!(claims(&c, Some(&t), Some(&both)).unwrap_err().code, GoTrueErrorCode::InvalidArgument);
    let broken = json!({"keys": [{"kid":"test-es256","kty":"EC","crv":"P-256","x":"AAAA"}]}).to_string();
    assert_eq!(claims(&c, Some(&t), Some(&broken)).unwrap_err().code, GoTrueErrorCode::InvalidArgument);
    for o in [r#"{"jwks":[]}"#, r#"{"jwks":{"keys":{}}}"#, r#"{"keys":{}}"#, r#"{"jwks":{}}"#, r#"{"keys":"x"}"#] {
        assert_eq!(claims(&c, Some(&t), Some(o)).unwrap_err().code, GoTrueErrorCode::InvalidJson, "{o}");
    }
}
