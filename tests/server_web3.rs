//! Web3 sign-in against the real server (instance at GOTRUE_TEST_FEATURES_URL, Ethereum and
//! Solana enabled): messages built by gotrue_web3_build_message, signed with fresh test keys
//! (secp256k1 personal_sign for Ethereum, ed25519 for Solana), then
//! gotrue_client_sign_in_with_web3. Ignored by default; `./x test` runs them.

mod common;
use base64::Engine;
use common::*;
use gotrue::ffi::GoTrueErrorCode;
use gotrue::ffi::*;
use serde_json::{Value, json};
use sha3::{Digest, Keccak256};
use std::ptr::null_mut;

fn features_url() -> String {
    std::env::var("GOTRUE_TEST_FEATURES_URL").unwrap_or_else(|_| server().url)
}

fn random32() -> [u8; 32] {
    let mut b = [0u8; 32];
    getrandom::getrandom(&mut b).unwrap();
    b
}

fn build(options: Value) -> Result<String, CError> {
    let o = cs(&options.to_string());
    let mut out = null_mut();
    check(unsafe { gotrue_web3_build_message(o.as_ptr(), &mut out) })?;
    Ok(take_string(out))
}

fn sign_in(c: &Client, chain: &str, message: &str, signature: &str) -> Result<Session, CError> {
    let (ch, m, s) = (cs(chain), cs(message), cs(signature));
    let mut out = null_mut();
    check(unsafe { gotrue_client_sign_in_with_web3(c.ptr(), ch.as_ptr(), m.as_ptr(), s.as_ptr(), std::ptr::null(), &mut out) })?;
    Ok(session(out).unwrap())
}

struct EthKey(k256::ecdsa::SigningKey);

impl EthKey {
    fn random() -> EthKey {
        EthKey(k256::ecdsa::SigningKey::from_slice(&random32()).unwrap())
    }
    fn address(&self) -> String {
        let point = self.0.verifying_key().to_encoded_point(false);
        let hash = Keccak256::digest(&point.as_bytes()[1..]);
        format!("0x{}", hex(&hash[12..]))
    }
    /// personal_sign: Keccak-256 of "\x19Ethereum Signed Message:\n<len><message>", r || s || v.
    fn sign(&self, message: &str) -> String {
        let mut h = Keccak256::new();
        h.update(format!("\x19Ethereum Signed Message:\n{}", message.len()).as_bytes());
        h.update(message.as_bytes());
        let (sig, recid) = self.0.sign_prehash_recoverable(&h.finalize()).unwrap();
        format!("0x{}{:02x}", hex(&sig.to_bytes()), recid.to_byte() + 27)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn base58(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    let mut digits: Vec<u8> = Vec::new();
    for &byte in bytes {
        let mut carry = u32::from(byte);
        for d in digits.iter_mut() {
            carry += u32::from(*d) << 8;
            *d = (carry % 58) as u8;
            carry /= 58;
        }
        while carry > 0 {
            digits.push((carry % 58) as u8);
            carry /= 58;
        }
    }
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    std::iter::repeat_n(b'1', zeros).chain(digits.iter().rev().map(|&d| ALPHABET[d as usize])).map(char::from).collect()
}

fn eth_message(address: &str) -> Value {
    json!({"chain":"ethereum","domain":"localhost:3000","address": address,"uri":"http://localhost:3000/login",
        "statement":"Sign in to the libgotrue tests","nonce": format!("n{}", hex(&random32()[..6])),"chain_id":1})
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn ethereum_wallet_signs_in_and_keeps_its_user() {
    let c = Client::new(&features_url(), &server().anon_key, None).unwrap();
    let key = EthKey::random();
    let message = build(eth_message(&key.address())).unwrap();
    assert!(message.starts_with("localhost:3000 wants you to sign in with your Ethereum account:\n0x"), "{message}");
    let first = sign_in(&c, "ethereum", &message, &key.sign(&message)).unwrap();
    let mut out = null_mut();
    check(unsafe { gotrue_client_get_user(c.ptr(), std::ptr::null(), &mut out) }).unwrap();
    let user: Value = serde_json::from_str(&take_string(out)).unwrap();
    assert_eq!(user["id"], first.user_id().as_str());
    assert_eq!(user["app_metadata"]["provider"], "web3", "{user}");
    let identity = &user["identities"][0];
    assert_eq!(identity["id"].as_str().unwrap().to_lowercase(), format!("web3:ethereum:{}", key.address()), "{user}");
    let claims = &identity["identity_data"]["custom_claims"];
    assert_eq!(claims["chain"], "ethereum", "{user}");
    assert_eq!(claims["network"], "1");
    assert_eq!(claims["statement"], "Sign in to the libgotrue tests");

    // The same wallet again (a new message): the same user.
    let message = build(eth_message(&key.address())).unwrap();
    let again = sign_in(&c, "ethereum", &message, &key.sign(&message)).unwrap();
    assert_eq!(again.user_id(), first.user_id());
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn ethereum_signatures_that_do_not_match_are_refused() {
    let c = Client::new(&features_url(), &server().anon_key, None).unwrap();
    let (key, other) = (EthKey::random(), EthKey::random());
    let message = build(eth_message(&key.address())).unwrap();
    let e = sign_in(&c, "ethereum", &message, &other.sign(&message)).err().unwrap();
    assert_eq!((e.code, e.http_status), (GoTrueErrorCode::InvalidGrant, 400), "{e:?}");
    // A message altered after signing.
    let signature = key.sign(&message);
    let altered = message.replace("Sign in to the libgotrue tests", "Send all my tokens");
    let e = sign_in(&c, "ethereum", &altered, &signature).err().unwrap();
    assert_eq!(e.code, GoTrueErrorCode::InvalidGrant, "{e:?}");
    // Issued an hour ago: beyond the server's maximum validity (10 min).
    let mut stale = eth_message(&key.address());
    stale["issued_at"] = json!(gotrue::core::web3::rfc3339_utc(now() - 3600, 0));
    let message = build(stale).unwrap();
    let e = sign_in(&c, "ethereum", &message, &key.sign(&message)).err().unwrap();
    assert_eq!(e.code, GoTrueErrorCode::InvalidGrant, "{e:?}");
    // A URI outside the server's allow list.
    let mut foreign = eth_message(&key.address());
    foreign["uri"] = json!("https://evil.example.com/login");
    foreign["domain"] = json!("evil.example.com");
    let message = build(foreign).unwrap();
    let e = sign_in(&c, "ethereum", &message, &key.sign(&message)).err().unwrap();
    assert_eq!(e.code, GoTrueErrorCode::InvalidGrant, "{e:?}");
    let mut s = null_mut();
    check(unsafe { gotrue_client_get_session(c.ptr(), &mut s) }).unwrap();
    assert!(s.is_null(), "no session after refused sign-ins");
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn solana_wallet_signs_in() {
    use ring::signature::{Ed25519KeyPair, KeyPair};
    let c = Client::new(&features_url(), &server().anon_key, None).unwrap();
    let key = Ed25519KeyPair::from_seed_unchecked(&random32()).unwrap();
    let address = base58(key.public_key().as_ref());
    let message = build(json!({"chain":"solana","domain":"localhost:3000","address": address,"uri":"http://localhost:3000/login",
        "statement":"Sign in with Solana to the libgotrue tests","chain_id":"devnet"}))
    .unwrap();
    assert!(message.contains("\nChain ID: solana:devnet\n"), "{message}");
    let signature = base64::engine::general_purpose::STANDARD.encode(key.sign(message.as_bytes()).as_ref());
    let s = sign_in(&c, "solana", &message, &signature).unwrap();
    assert!(!s.user_id().is_empty());
    // The URL-safe, unpadded encoding of the same signature is accepted too.
    let message =
        build(json!({"chain":"solana","domain":"localhost:3000","address": address,"uri":"http://localhost:3000/login"})).unwrap();
    let signature = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(key.sign(message.as_bytes()).as_ref());
    assert_eq!(sign_in(&c, "solana", &message, &signature).unwrap().user_id(), s.user_id());
    // Another key's signature.
    let other = Ed25519KeyPair::from_seed_unchecked(&random32()).unwrap();
    let forged = base64::engine::general_purpose::STANDARD.encode(other.sign(message.as_bytes()).as_ref());
    assert_eq!(sign_in(&c, "solana", &message, &forged).err().unwrap().code, GoTrueErrorCode::InvalidGrant);
}
