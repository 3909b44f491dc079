//! MFA against the real Supabase Auth server (main instance: TOTP and phone factors
//! enabled, phone challenges delivered to the SMS hook sink). Ignored by default;
//! `./x test` runs them when the harness is up.

mod common;
use common::*;
use gotrue::core::totp;
use gotrue::ffi::GoTrueErrorCode;
use gotrue::ffi::*;
use gotrue::ffi::{gotrue_client_sign_in_with_password, gotrue_client_sign_up};
use serde_json::Value;
use std::ptr::{null, null_mut};

const PASSWORD: &str = "mfa-Password-123";

/// A new confirmed user, signed in on a new client (main instance autoconfirms).
fn signed_in_user(tag: &str) -> (Client, String, String) {
    let env = server();
    let c = Client::new(&env.url, &env.anon_key, None).unwrap();
    let email = unique_email(tag);
    let (e, p) = (cs(&email), cs(PASSWORD));
    let mut s = null_mut();
    check(unsafe { gotrue_client_sign_up(c.ptr(), e.as_ptr(), null(), p.as_ptr(), null(), &mut s, null_mut()) }).unwrap();
    let s = session(s).expect("autoconfirm signs the user in");
    let id = s.user_id();
    (c, email, id)
}

fn json_out(f: impl FnOnce(*mut *mut std::ffi::c_char) -> *mut gotrue::ffi::GoTrueError) -> Result<Value, CError> {
    let mut out = null_mut();
    check(f(&mut out))?;
    Ok(serde_json::from_str(&take_string(out)).unwrap())
}

fn level(c: &Client) -> Value {
    json_out(|o| unsafe { gotrue_client_mfa_get_authenticator_assurance_level(c.ptr(), o) }).unwrap()
}

fn enroll_totp(c: &Client, name: &str) -> (String, String) {
    let name = cs(name);
    let factor = json_out(|o| unsafe { gotrue_client_mfa_enroll_totp(c.ptr(), name.as_ptr(), null(), o) }).unwrap();
    assert_eq!(factor["type"], "totp");
    assert!(factor["totp"]["qr_code"].as_str().unwrap().contains("<svg"), "qr_code is an SVG document");
    assert!(factor["totp"]["uri"].as_str().unwrap().starts_with("otpauth://totp/"));
    (factor["id"].as_str().unwrap().to_owned(), factor["totp"]["secret"].as_str().unwrap().to_owned())
}

fn verify_totp(c: &Client, factor_id: &str, secret: &str) -> Result<Session, CError> {
    let (f, code) = (cs(factor_id), cs(&totp::code_now(secret).unwrap()));
    let mut s = null_mut();
    check(unsafe { gotrue_client_mfa_challenge_and_verify(c.ptr(), f.as_ptr(), code.as_ptr(), &mut s) })?;
    Ok(session(s).unwrap())
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn totp_enroll_verify_reaches_aal2_and_unenroll() {
    let (c, _, _) = signed_in_user("mfa-totp");
    assert_eq!(level(&c)["current_level"], "aal1");
    assert_eq!(level(&c)["next_level"], "aal1", "no verified factor yet");

    let (factor_id, secret) = enroll_totp(&c, "laptop");
    let factors = json_out(|o| unsafe { gotrue_client_mfa_list_factors(c.ptr(), o) }).unwrap();
    assert_eq!(factors["all"].as_array().unwrap().len(), 1);
    assert_eq!(factors["all"][0]["status"], "unverified");
    assert_eq!(factors["totp"], serde_json::json!([]), "only verified factors are listed by type");

    let s = verify_totp(&c, &factor_id, &secret).unwrap();
    let claims = gotrue::core::jwt::decode_unverified(&s.access_token()).unwrap();
    assert_eq!(claims["aal"], "aal2");
    let l = level(&c);
    assert_eq!((l["current_level"].as_str(), l["next_level"].as_str()), (Some("aal2"), Some("aal2")));
    let methods: Vec<&str> =
        l["current_authentication_methods"].as_array().unwrap().iter().map(|m| m["method"].as_str().unwrap()).collect();
    assert!(methods.contains(&"totp") && methods.contains(&"password"), "{methods:?}");

    let factors = json_out(|o| unsafe { gotrue_client_mfa_list_factors(c.ptr(), o) }).unwrap();
    assert_eq!(factors["totp"][0]["id"], factor_id.as_str());
    assert_eq!(factors["totp"][0]["status"], "verified");

    let f = cs(&factor_id);
    check(unsafe { gotrue_client_mfa_unenroll(c.ptr(), f.as_ptr()) }).unwrap();
    let factors = json_out(|o| unsafe { gotrue_client_mfa_list_factors(c.ptr(), o) }).unwrap();
    assert_eq!(factors["all"], serde_json::json!([]));
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn wrong_totp_code_is_rejected_and_the_session_stays_aal1() {
    let (c, _, _) = signed_in_user("mfa-wrong");
    let (factor_id, secret) = enroll_totp(&c, "phone app");
    let right = totp::code_now(&secret).unwrap();
    let wrong = if right == "000000" { "111111" } else { "000000" };
    let (f, w) = (cs(&factor_id), cs(wrong));
    let e = check(unsafe { gotrue_client_mfa_challenge_and_verify(c.ptr(), f.as_ptr(), w.as_ptr(), null_mut()) }).unwrap_err();
    assert_eq!(e.code, GoTrueErrorCode::MfaVerificationFailed, "{e:?}");
    assert_eq!(e.http_status, 422);
    assert_eq!(level(&c)["current_level"], "aal1");
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn signing_in_again_asks_for_the_second_factor_and_aal1_cannot_unenroll() {
    let (c, email, _) = signed_in_user("mfa-stepup");
    let (factor_id, secret) = enroll_totp(&c, "laptop");
    verify_totp(&c, &factor_id, &secret).unwrap();

    let env = server();
    let c2 = Client::new(&env.url, &env.anon_key, None).unwrap();
    let (e, p) = (cs(&email), cs(PASSWORD));
    check(unsafe { gotrue_client_sign_in_with_password(c2.ptr(), e.as_ptr(), null(), p.as_ptr(), null(), null_mut()) }).unwrap();
    let l = level(&c2);
    assert_eq!((l["current_level"].as_str(), l["next_level"].as_str()), (Some("aal1"), Some("aal2")));

    let f = cs(&factor_id);
    let err = check(unsafe { gotrue_client_mfa_unenroll(c2.ptr(), f.as_ptr()) }).unwrap_err();
    assert_eq!(err.code, GoTrueErrorCode::InsufficientAal, "{err:?}");

    // Step up on the second device with the next time step's code, so the test does not
    // depend on whether the server accepts a code twice.
    let now = gotrue::core::types::unix_now() as u64;
    std::thread::sleep(std::time::Duration::from_secs(totp::PERIOD_SECS - now % totp::PERIOD_SECS + 1));
    verify_totp(&c2, &factor_id, &secret).unwrap();
    assert_eq!(level(&c2)["current_level"], "aal2");
}

fn sms_otps(user_id: &str) -> Vec<Value> {
    let url = format!("{}/otps?user_id={user_id}", server().sms_url);
    serde_json::from_str(&reqwest::blocking::get(url).unwrap().text().unwrap()).unwrap()
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn phone_factor_challenge_by_sms_and_verify() {
    let (c, _, user_id) = signed_in_user("mfa-phone");
    // Not one of the test-OTP numbers: MFA challenges go through the send-SMS hook.
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    let phone = format!("+1555{:07}", nanos % 10_000_000);
    let p = cs(&phone);
    let factor = json_out(|o| unsafe { gotrue_client_mfa_enroll_phone(c.ptr(), p.as_ptr(), null(), o) }).unwrap();
    assert_eq!(factor["type"], "phone");
    let factor_id = factor["id"].as_str().unwrap().to_owned();
    let (f, opts) = (cs(&factor_id), cs(r#"{"channel":"sms"}"#));
    let challenge = json_out(|o| unsafe { gotrue_client_mfa_challenge(c.ptr(), f.as_ptr(), opts.as_ptr(), o) }).unwrap();
    assert!(challenge["expires_at"].as_i64().unwrap() > 0);
    let challenge_id = challenge["id"].as_str().unwrap().to_owned();

    let otp = (0..50)
        .find_map(|_| {
            let found = sms_otps(&user_id).last().and_then(|o| o["otp"].as_str().map(str::to_owned));
            if found.is_none() {
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            found
        })
        .expect("the SMS hook received the challenge code");
    let (ch, code) = (cs(&challenge_id), cs(&otp));
    let mut s = null_mut();
    check(unsafe { gotrue_client_mfa_verify(c.ptr(), f.as_ptr(), ch.as_ptr(), code.as_ptr(), &mut s) }).unwrap();
    assert!(session(s).is_some());
    assert_eq!(level(&c)["current_level"], "aal2");
    let factors = json_out(|o| unsafe { gotrue_client_mfa_list_factors(c.ptr(), o) }).unwrap();
    assert_eq!(factors["phone"][0]["id"], factor_id.as_str());
}
