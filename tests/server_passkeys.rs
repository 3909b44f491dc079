//! Passkeys and WebAuthn MFA against the real server (instance at GOTRUE_TEST_FEATURES_URL:
//! passkeys and WebAuthn MFA on, relying party "localhost", origin GOTRUE_TEST_WEBAUTHN_ORIGIN).
//! The authenticator is a small software one written here on ring's P-256 ECDSA: it answers
//! the options the library hands out with "none" attestation, as a platform authenticator
//! would, so registration and sign-in run end to end. Ignored by default; `./x test` runs them.

mod common;
use base64::Engine;
use common::*;
use gotrue::ffi::GoTrueErrorCode;
use gotrue::ffi::*;
use ring::rand::SystemRandom;
use ring::signature::{ECDSA_P256_SHA256_ASN1_SIGNING, EcdsaKeyPair, KeyPair};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::cell::Cell;
use std::ffi::c_char;
use std::ptr::{null, null_mut};

const PASSWORD: &str = "passkey-Password-123";

fn features_url() -> String {
    std::env::var("GOTRUE_TEST_FEATURES_URL").unwrap_or_else(|_| server().url)
}

fn origin() -> String {
    std::env::var("GOTRUE_TEST_WEBAUTHN_ORIGIN").unwrap_or_else(|_| "http://localhost:3000".into())
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn unb64(text: &str) -> Vec<u8> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')).unwrap()
}

/// CBOR (RFC 8949) heads for the few shapes WebAuthn needs.
fn cbor_head(major: u8, len: usize, out: &mut Vec<u8>) {
    match len {
        0..=23 => out.push(major << 5 | len as u8),
        24..=255 => out.extend([major << 5 | 24, len as u8]),
        _ => out.extend([major << 5 | 25, (len >> 8) as u8, len as u8]),
    }
}

fn cbor_bytes(b: &[u8], out: &mut Vec<u8>) {
    cbor_head(2, b.len(), out);
    out.extend_from_slice(b);
}

fn cbor_text(t: &str, out: &mut Vec<u8>) {
    cbor_head(3, t.len(), out);
    out.extend_from_slice(t.as_bytes());
}

/// A software authenticator holding one P-256 credential.
struct Authenticator {
    key: EcdsaKeyPair,
    credential_id: Vec<u8>,
    rp_id: String,
    user_handle: Cell<Option<Vec<u8>>>,
    counter: Cell<u32>,
}

impl Authenticator {
    fn new() -> Authenticator {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, &rng).unwrap();
        let key = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, pkcs8.as_ref(), &rng).unwrap();
        let mut credential_id = vec![0u8; 32];
        getrandom::getrandom(&mut credential_id).unwrap();
        Authenticator { key, credential_id, rp_id: "localhost".into(), user_handle: Cell::new(None), counter: Cell::new(0) }
    }

    fn client_data(&self, kind: &str, challenge: &str) -> Vec<u8> {
        json!({"type": kind, "challenge": challenge, "origin": origin(), "crossOrigin": false}).to_string().into_bytes()
    }

    fn auth_data(&self, flags: u8, attested: Option<&[u8]>) -> Vec<u8> {
        let mut data = Sha256::digest(self.rp_id.as_bytes()).to_vec();
        data.push(flags);
        data.extend(self.counter.get().to_be_bytes());
        if let Some(attested) = attested {
            data.extend(attested);
        }
        data
    }

    /// navigator.credentials.create(): a PublicKeyCredential for `options` (creation options).
    fn create(&self, options: &Value) -> Value {
        assert_eq!(options["rp"]["id"], self.rp_id.as_str(), "{options}");
        if let Some(user_id) = options["user"]["id"].as_str() {
            self.user_handle.set(Some(unb64(user_id)));
        }
        let public = self.key.public_key().as_ref(); // 0x04 || x || y
        let mut cose = vec![0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21];
        cbor_bytes(&public[1..33], &mut cose);
        cose.push(0x22);
        cbor_bytes(&public[33..65], &mut cose);
        let mut attested = vec![0u8; 16]; // AAGUID: none
        attested.extend((self.credential_id.len() as u16).to_be_bytes());
        attested.extend(&self.credential_id);
        attested.extend(cose);
        // Flags: user present, user verified, attested credential data.
        let auth_data = self.auth_data(0x45, Some(&attested));
        let mut attestation = vec![0xa3];
        cbor_text("fmt", &mut attestation);
        cbor_text("none", &mut attestation);
        cbor_text("attStmt", &mut attestation);
        attestation.push(0xa0);
        cbor_text("authData", &mut attestation);
        cbor_bytes(&auth_data, &mut attestation);
        let client_data = self.client_data("webauthn.create", options["challenge"].as_str().unwrap());
        json!({"id": b64(&self.credential_id), "rawId": b64(&self.credential_id), "type": "public-key",
            "authenticatorAttachment": "platform", "clientExtensionResults": {},
            "response": {"clientDataJSON": b64(&client_data), "attestationObject": b64(&attestation), "transports": ["internal"]}})
    }

    /// navigator.credentials.get(): an assertion for `options` (request options).
    fn get(&self, options: &Value) -> Value {
        self.counter.set(self.counter.get() + 1);
        let auth_data = self.auth_data(0x05, None);
        let client_data = self.client_data("webauthn.get", options["challenge"].as_str().unwrap());
        let mut signed = auth_data.clone();
        signed.extend(Sha256::digest(&client_data));
        let signature = self.key.sign(&SystemRandom::new(), &signed).unwrap();
        let handle = self.user_handle.take();
        self.user_handle.set(handle.clone());
        json!({"id": b64(&self.credential_id), "rawId": b64(&self.credential_id), "type": "public-key",
            "authenticatorAttachment": "platform", "clientExtensionResults": {},
            "response": {"clientDataJSON": b64(&client_data), "authenticatorData": b64(&auth_data),
                "signature": b64(signature.as_ref()), "userHandle": handle.map(|h| b64(&h))}})
    }
}

fn json_out(f: impl FnOnce(*mut *mut c_char) -> *mut GoTrueError) -> Result<Value, CError> {
    let mut out = null_mut();
    check(f(&mut out))?;
    Ok(serde_json::from_str(&take_string(out)).unwrap())
}

fn admin() -> Client {
    Client::new(&features_url(), &server().service_role_key, None).unwrap()
}

fn signed_in_user() -> (Client, String, String) {
    let email = unique_email("passkey");
    let attrs = cs(&json!({"email": email, "password": PASSWORD, "email_confirm": true}).to_string());
    let a = admin();
    let user = json_out(|o| unsafe { gotrue_admin_create_user(a.ptr(), attrs.as_ptr(), o) }).unwrap();
    let c = Client::new(&features_url(), &server().anon_key, None).unwrap();
    let (e, p) = (cs(&email), cs(PASSWORD));
    check(unsafe { gotrue_client_sign_in_with_password(c.ptr(), e.as_ptr(), null(), p.as_ptr(), null(), null_mut()) }).unwrap();
    (c, email, user["id"].as_str().unwrap().to_owned())
}

fn register(c: &Client, authenticator: &Authenticator) -> Value {
    let options = json_out(|o| unsafe { gotrue_client_passkey_registration_options(c.ptr(), o) }).unwrap();
    assert!(options["expires_at"].as_i64().unwrap() > 0);
    let credential = cs(&authenticator.create(&options["options"]).to_string());
    let challenge = cs(options["challenge_id"].as_str().unwrap());
    json_out(|o| unsafe { gotrue_client_passkey_registration_verify(c.ptr(), challenge.as_ptr(), credential.as_ptr(), o) }).unwrap()
}

fn passkey_sign_in(c: &Client, authenticator: &Authenticator) -> Result<Session, CError> {
    let options = json_out(|o| unsafe { gotrue_client_passkey_authentication_options(c.ptr(), null(), o) }).unwrap();
    let credential = cs(&authenticator.get(&options["options"]).to_string());
    let challenge = cs(options["challenge_id"].as_str().unwrap());
    let mut s = null_mut();
    check(unsafe { gotrue_client_passkey_authentication_verify(c.ptr(), challenge.as_ptr(), credential.as_ptr(), &mut s) })?;
    Ok(session(s).unwrap())
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn register_a_passkey_then_sign_in_with_it() {
    let (c, email, user_id) = signed_in_user();
    let authenticator = Authenticator::new();
    let passkey = register(&c, &authenticator);
    let passkey_id = passkey["id"].as_str().unwrap().to_owned();
    assert!(passkey["created_at"].is_string(), "{passkey}");

    // A fresh client (no session) signs in with the passkey alone.
    let fresh = Client::new(&features_url(), &server().anon_key, None).unwrap();
    let s = passkey_sign_in(&fresh, &authenticator).unwrap();
    assert_eq!(s.user_id(), user_id);
    assert_eq!(s.email().as_deref(), Some(email.as_str()));

    let list = json_out(|o| unsafe { gotrue_client_list_passkeys(fresh.ptr(), o) }).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["id"], passkey_id.as_str());
    assert!(list[0]["last_used_at"].is_string(), "the sign-in is recorded: {list}");

    let (id, attrs) = (cs(&passkey_id), cs(r#"{"friendly_name":"test laptop"}"#));
    let renamed = json_out(|o| unsafe { gotrue_client_update_passkey(fresh.ptr(), id.as_ptr(), attrs.as_ptr(), o) }).unwrap();
    assert_eq!(renamed["friendly_name"], "test laptop");

    // The admin sees it too.
    let a = admin();
    let uid = cs(&user_id);
    let list = json_out(|o| unsafe { gotrue_admin_list_user_passkeys(a.ptr(), uid.as_ptr(), o) }).unwrap();
    assert_eq!(list[0]["friendly_name"], "test laptop", "{list}");

    check(unsafe { gotrue_client_delete_passkey(fresh.ptr(), id.as_ptr()) }).unwrap();
    let list = json_out(|o| unsafe { gotrue_client_list_passkeys(fresh.ptr(), o) }).unwrap();
    assert_eq!(list, json!([]));
    // A deleted passkey signs nobody in (the same authenticator signed in above).
    let e = passkey_sign_in(&Client::new(&features_url(), &server().anon_key, None).unwrap(), &authenticator).err().unwrap();
    assert_eq!((e.code, e.http_status), (GoTrueErrorCode::WebauthnVerificationFailed, 400), "{e:?}");
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn forged_assertions_and_reused_challenges_fail() {
    let (c, _, user_id) = signed_in_user();
    let authenticator = Authenticator::new();
    register(&c, &authenticator);
    let fresh = Client::new(&features_url(), &server().anon_key, None).unwrap();

    // Signed by another key under the same credential id.
    let impostor = Authenticator { credential_id: authenticator.credential_id.clone(), ..Authenticator::new() };
    let handle = authenticator.user_handle.take();
    authenticator.user_handle.set(handle.clone());
    impostor.user_handle.set(handle);
    let e = passkey_sign_in(&fresh, &impostor).err().unwrap();
    assert_eq!(e.code, GoTrueErrorCode::WebauthnVerificationFailed, "{e:?}");

    // A challenge is good for one verification.
    let options = json_out(|o| unsafe { gotrue_client_passkey_authentication_options(fresh.ptr(), null(), o) }).unwrap();
    let challenge = cs(options["challenge_id"].as_str().unwrap());
    let credential = cs(&authenticator.get(&options["options"]).to_string());
    check(unsafe { gotrue_client_passkey_authentication_verify(fresh.ptr(), challenge.as_ptr(), credential.as_ptr(), null_mut()) })
        .unwrap();
    let credential = cs(&authenticator.get(&options["options"]).to_string());
    let e = check(unsafe { gotrue_client_passkey_authentication_verify(fresh.ptr(), challenge.as_ptr(), credential.as_ptr(), null_mut()) })
        .unwrap_err();
    assert_eq!(e.code, GoTrueErrorCode::WebauthnChallengeNotFound, "{e:?}");

    // The admin removes the passkey.
    let a = admin();
    let uid = cs(&user_id);
    let list = json_out(|o| unsafe { gotrue_admin_list_user_passkeys(a.ptr(), uid.as_ptr(), o) }).unwrap();
    let pid = cs(list[0]["id"].as_str().unwrap());
    check(unsafe { gotrue_admin_delete_user_passkey(a.ptr(), uid.as_ptr(), pid.as_ptr()) }).unwrap();
    let list = json_out(|o| unsafe { gotrue_admin_list_user_passkeys(a.ptr(), uid.as_ptr(), o) }).unwrap();
    assert_eq!(list, json!([]));
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn webauthn_mfa_factor_enrolls_and_upgrades_to_aal2() {
    let (c, _, _) = signed_in_user();
    let authenticator = Authenticator::new();
    let name = cs("security key");
    let factor = json_out(|o| unsafe { gotrue_client_mfa_enroll_webauthn(c.ptr(), name.as_ptr(), o) }).unwrap();
    assert_eq!(factor["type"], "webauthn", "{factor}");
    let fid = cs(factor["id"].as_str().unwrap());

    // First challenge: creation options; verifying registers the authenticator.
    let challenge = json_out(|o| unsafe { gotrue_client_mfa_challenge(c.ptr(), fid.as_ptr(), null(), o) }).unwrap();
    assert_eq!(challenge["webauthn"]["type"], "create", "{challenge}");
    let credential = cs(&authenticator.create(&challenge["webauthn"]["credential_options"]["publicKey"]).to_string());
    let (cid, create) = (cs(challenge["id"].as_str().unwrap()), cs("create"));
    let mut s = null_mut();
    check(unsafe { gotrue_client_mfa_verify_webauthn(c.ptr(), fid.as_ptr(), cid.as_ptr(), create.as_ptr(), credential.as_ptr(), &mut s) })
        .unwrap();
    let s = session(s).unwrap();
    let claims = gotrue::core::jwt::decode_unverified(&s.access_token()).unwrap();
    assert_eq!(claims["aal"], "aal2");

    let factors = json_out(|o| unsafe { gotrue_client_mfa_list_factors(c.ptr(), o) }).unwrap();
    assert_eq!(factors["webauthn"].as_array().unwrap().len(), 1, "{factors}");
    assert_eq!(factors["webauthn"][0]["friendly_name"], "security key");

    // Later sign-ins: request options, an assertion.
    let challenge = json_out(|o| unsafe { gotrue_client_mfa_challenge(c.ptr(), fid.as_ptr(), null(), o) }).unwrap();
    assert_eq!(challenge["webauthn"]["type"], "request", "{challenge}");
    let (cid, request) = (cs(challenge["id"].as_str().unwrap()), cs("request"));
    let assertion = cs(&authenticator.get(&challenge["webauthn"]["credential_options"]["publicKey"]).to_string());
    check(unsafe {
        gotrue_client_mfa_verify_webauthn(c.ptr(), fid.as_ptr(), cid.as_ptr(), request.as_ptr(), assertion.as_ptr(), null_mut())
    })
    .unwrap();
}
