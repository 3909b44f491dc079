//! The bare ring signature check of a JWT, for get_claims's ratio in bench/callgrind.sh.
//!
//! usage: bare_verify es256|rs256 CALLS JWKS_PATH   (token from BENCH_TOKEN_ES256 / BENCH_TOKEN_RS256)
//!
//! Outside the measured function: read the JWKS, pick the token's key by `kid`, decode its
//! components. Inside `cg_measured` (the only function bench/callgrind.sh counts), per call:
//! split the token at its last '.', base64url-decode the signature, ring's verify. That is the
//! least any verifier must do per token; get_claims adds parsing the header and claims,
//! checking exp and building its JSON answer.
use base64::Engine;
use ring::signature;
use serde_json::Value;

fn b64(s: &str) -> Vec<u8> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s.trim_end_matches('=')).expect("base64url")
}

pub enum Key {
    Ec(Vec<u8>),
    Rsa(Vec<u8>, Vec<u8>),
}

fn verify_once(token: &str, key: &Key) -> bool {
    let Some((message, sig)) = token.rsplit_once('.') else { return false };
    let Ok(sig) = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(sig) else { return false };
    match key {
        Key::Ec(point) => {
            signature::UnparsedPublicKey::new(&signature::ECDSA_P256_SHA256_FIXED, point).verify(message.as_bytes(), &sig).is_ok()
        }
        Key::Rsa(n, e) => {
            signature::RsaPublicKeyComponents { n, e }.verify(&signature::RSA_PKCS1_2048_8192_SHA256, message.as_bytes(), &sig).is_ok()
        }
    }
}

#[unsafe(no_mangle)]
#[inline(never)]
pub fn cg_measured(token: &str, key: &Key, calls: u64) -> u64 {
    let mut ok = 0;
    for _ in 0..calls {
        ok += u64::from(verify_once(std::hint::black_box(token), key));
    }
    ok
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: bare_verify es256|rs256 CALLS JWKS_PATH");
        std::process::exit(2);
    }
    let var = if args[1] == "es256" { "BENCH_TOKEN_ES256" } else { "BENCH_TOKEN_RS256" };
    let token = std::env::var(var).expect(var);
    let calls: u64 = args[2].parse().expect("CALLS");
    let jwks: Value = serde_json::from_str(&std::fs::read_to_string(&args[3]).expect("JWKS_PATH")).expect("JWKS JSON");
    let header: Value = serde_json::from_slice(&b64(token.split('.').next().unwrap())).expect("JWT header");
    let kid = header["kid"].as_str().expect("kid");
    let jwk = jwks["keys"].as_array().expect("keys").iter().find(|k| k["kid"] == kid).expect("key for kid");
    let s = |f: &str| jwk[f].as_str().expect(f);
    let key = match s("kty") {
        "EC" => Key::Ec([vec![4u8], b64(s("x")), b64(s("y"))].concat()),
        _ => Key::Rsa(b64(s("n")), b64(s("e"))),
    };
    let ok = cg_measured(&token, &key, calls);
    if ok != calls {
        eprintln!("bare_verify: {} of {calls} checks failed", calls - ok);
        std::process::exit(1);
    }
}
