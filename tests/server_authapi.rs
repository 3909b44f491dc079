//! Real-server tests for the user-facing auth API (passwordless, recovery, anonymous,
//! OAuth/PKCE, implicit callbacks, ID token, SSO, identities, settings, sign-out scopes).
//! Ignored by default: `./x test` runs them with `--ignored` when the harness is up.
//! Instances (tests/server/harness.sh): main = autoconfirm, test phones 15555550100..09 with
//! OTP 123456, anonymous, GitHub, manual linking, SAML domain sso.example.com; confirm =
//! autoconfirm off with SMTP into the mail sink; closed = signup disabled.

mod common;
use common::*;
use gotrue::ffi::GoTrueErrorCode;
use gotrue::ffi::*;
use serde_json::{Value, json};
use std::ptr::{null, null_mut};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const PASSWORD: &str = "Correct-Horse-42";
const TEST_OTP: &str = "123456";

fn http() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// POST /admin/generate_link on `url`: returns email_otp, hashed_token, action_link.
fn generate_link(url: &str, body: Value) -> Value {
    let env = server();
    let r = http()
        .post(format!("{url}/admin/generate_link"))
        .header("apikey", &env.anon_key)
        .bearer_auth(&env.service_role_key)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .unwrap();
    assert!(r.status().is_success(), "generate_link: {}", r.status());
    serde_json::from_slice(&r.bytes().unwrap()).unwrap()
}

/// The mail sink's messages to `to` (GET /messages?to=).
fn messages(mail_url: &str, to: &str) -> Value {
    let r = http().get(format!("{mail_url}/messages")).query(&[("to", to)]).send().unwrap();
    serde_json::from_slice(&r.bytes().unwrap()).unwrap()
}

/// Waits for mail to `to` and returns the newest message matching `pred`.
fn wait_mail(to: &str, pred: impl Fn(&Value) -> bool) -> Value {
    let env = server();
    for _ in 0..100 {
        let list = messages(&env.mail_url, to);
        if let Some(m) = list.as_array().unwrap().iter().rev().find(|m| pred(m)) {
            return m.clone();
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("no matching mail for {to}");
}

fn verify_link(mail: &Value) -> String {
    mail["links"].as_array().unwrap().iter().filter_map(Value::as_str).find(|l| l.contains("/verify")).unwrap().to_owned()
}

fn link_param(link: &str, key: &str) -> String {
    reqwest::Url::parse(link).unwrap().query_pairs().find(|(k, _)| k == key).unwrap().1.into_owned()
}

/// Opens a verify link like a browser would, without following the redirect.
fn follow_once(link: &str) -> String {
    let r = http().get(link).send().unwrap();
    assert!(r.status().is_redirection(), "verify link answered {}", r.status());
    r.headers()["location"].to_str().unwrap().to_owned()
}

fn six_digits(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 6).expect("a 6-digit code").to_owned()
}

fn sign_up(c: &Client, email: &str) -> Option<Session> {
    let (e, p) = (cs(email), cs(PASSWORD));
    let mut s = null_mut();
    check(unsafe { gotrue_client_sign_up(c.ptr(), e.as_ptr(), null(), p.as_ptr(), null(), &mut s, null_mut()) }).unwrap();
    session(s)
}

fn sign_in(c: &Client, email: &str, password: &str) -> Result<Session, CError> {
    let (e, p) = (cs(email), cs(password));
    let mut s = null_mut();
    check(unsafe { gotrue_client_sign_in_with_password(c.ptr(), e.as_ptr(), null(), p.as_ptr(), null(), &mut s) })?;
    Ok(session(s).unwrap())
}

fn verify(
    c: &Client,
    email: Option<&str>,
    phone: Option<&str>,
    token: Option<&str>,
    hash: Option<&str>,
    ty: &str,
) -> Result<(Option<Session>, Option<Value>), CError> {
    let (e, p, t, h, ty) = (email.map(cs), phone.map(cs), token.map(cs), hash.map(cs), cs(ty));
    let mut s = null_mut();
    let mut u = null_mut();
    check(unsafe {
        gotrue_client_verify_otp(c.ptr(), opt_ptr(&e), opt_ptr(&p), opt_ptr(&t), opt_ptr(&h), ty.as_ptr(), null(), &mut s, &mut u)
    })?;
    let user = (!u.is_null()).then(|| serde_json::from_str(&take_string(u)).unwrap());
    Ok((session(s), user))
}

fn main_client() -> Client {
    let env = server();
    Client::new(&env.url, &env.anon_key, None).unwrap()
}

fn confirm_client(options: Option<&str>) -> Client {
    let env = server();
    Client::new(&env.confirm_url, &env.anon_key, options).unwrap()
}

/// A core client with an event log (events are not yet in the C ABI on this branch).
fn core_client(url: &str, options: &str) -> (gotrue::core::Client, Arc<Mutex<Vec<gotrue::core::AuthEvent>>>) {
    let env = server();
    let c = gotrue::core::Client::new(url, &env.anon_key, gotrue::core::ClientOptions::from_json(Some(options)).unwrap()).unwrap();
    let log = Arc::new(Mutex::new(Vec::new()));
    let l = log.clone();
    c.events().subscribe(Arc::new(move |e, _, _| l.lock().unwrap().push(e)));
    (c, log)
}

fn otp(c: &Client, email: Option<&str>, phone: Option<&str>, options: Option<&str>) -> Result<Value, CError> {
    let (e, p, o) = (email.map(cs), phone.map(cs), options.map(cs));
    let mut out = null_mut();
    check(unsafe { gotrue_client_sign_in_with_otp(c.ptr(), opt_ptr(&e), opt_ptr(&p), opt_ptr(&o), &mut out) })?;
    Ok(serde_json::from_str(&take_string(out)).unwrap())
}

// ---------- passwordless ----------

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn magic_link_pkce_round_trip_signs_in() {
    let c = confirm_client(None);
    let email = unique_email("magic");
    otp(&c, Some(&email), None, Some(r#"{"email_redirect_to":"http://127.0.0.1:3000/welcome"}"#)).unwrap();
    let link = verify_link(&wait_mail(&email, |_| true));
    let callback = follow_once(&link);
    assert!(callback.contains("code=") && callback.contains("gotrue_flow_id="), "{callback}");
    let cb = cs(&callback);
    let mut s = null_mut();
    check(unsafe { gotrue_client_exchange_code_for_session(c.ptr(), cb.as_ptr(), &mut s) }).unwrap();
    assert_eq!(session(s).unwrap().email().as_deref(), Some(email.as_str()));
    // The code is single-use and the verifier is gone.
    let e = check(unsafe { gotrue_client_exchange_code_for_session(c.ptr(), cb.as_ptr(), null_mut()) }).unwrap_err();
    assert_eq!(e.code, GoTrueErrorCode::PkceVerifierMissing);
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn email_otp_code_verifies_and_a_wrong_code_is_rejected() {
    let env = server();
    let c = main_client();
    let email = unique_email("otpcode");
    sign_up(&c, &email).unwrap();
    check(unsafe { gotrue_client_sign_out(c.ptr(), 1) }).unwrap();
    let wrong = verify(&c, Some(&email), None, Some("000000"), None, "email").err().unwrap();
    assert_eq!(wrong.code, GoTrueErrorCode::OtpExpired, "{wrong:?}");
    let link = generate_link(&env.url, json!({"type":"magiclink","email":email}));
    let (s, user) = verify(&c, Some(&email), None, Some(link["email_otp"].as_str().unwrap()), None, "email").unwrap();
    assert_eq!(s.unwrap().email().as_deref(), Some(email.as_str()));
    assert_eq!(user.unwrap()["email"], email);
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn token_hash_verifies_a_magic_link() {
    let env = server();
    let c = main_client();
    let email = unique_email("hash");
    sign_up(&c, &email).unwrap();
    let link = generate_link(&env.url, json!({"type":"magiclink","email":email}));
    let (s, _) = verify(&c, None, None, None, Some(link["hashed_token"].as_str().unwrap()), "magiclink").unwrap();
    assert!(s.is_some());
    let reused = verify(&c, None, None, None, Some(link["hashed_token"].as_str().unwrap()), "magiclink").err().unwrap();
    assert_eq!(reused.code, GoTrueErrorCode::OtpExpired);
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn phone_otp_signs_in_with_the_test_code() {
    let c = main_client();
    let phone = "+15555550106";
    otp(&c, None, Some(phone), None).unwrap();
    let wrong = verify(&c, None, Some(phone), Some("000000"), None, "sms").err().unwrap();
    assert_eq!(wrong.code, GoTrueErrorCode::OtpExpired);
    let (s, _) = verify(&c, None, Some(phone), Some(TEST_OTP), None, "sms").unwrap();
    let s = s.unwrap();
    assert_eq!(read(unsafe { gotrue::ffi::gotrue_session_user_phone(s.0) }).as_deref(), Some("15555550106"));
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn otp_without_create_user_fails_for_unknown_emails() {
    let c = main_client();
    let e = otp(&c, Some(&unique_email("nouser")), None, Some(r#"{"should_create_user":false}"#)).unwrap_err();
    assert_eq!(e.code, GoTrueErrorCode::OtpDisabled, "{e:?}");
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn resend_signup_sends_another_confirmation() {
    let c = confirm_client(Some(r#"{"flow_type":"implicit"}"#));
    let email = unique_email("resend");
    assert!(sign_up(&c, &email).is_none(), "confirmation required");
    wait_mail(&email, |_| true);
    std::thread::sleep(Duration::from_millis(1100)); // GOTRUE_SMTP_MAX_FREQUENCY=1s
    let (ty, e) = (cs("signup"), cs(&email));
    check(unsafe { gotrue_client_resend(c.ptr(), ty.as_ptr(), e.as_ptr(), null(), null(), null_mut()) }).unwrap();
    let env = server();
    let n = || -> usize { messages(&env.mail_url, &email).as_array().unwrap().len() };
    for _ in 0..50 {
        if n() >= 2 {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(n() >= 2);
    // The resent link confirms the user.
    let hash = link_param(&verify_link(&wait_mail(&email, |_| true)), "token");
    assert!(verify(&c, None, None, None, Some(&hash), "signup").unwrap().0.is_some());
    let bad = cs("not-an-email");
    let e = check(unsafe { gotrue_client_resend(c.ptr(), ty.as_ptr(), bad.as_ptr(), null(), null(), null_mut()) }).unwrap_err();
    assert!(matches!(e.code, GoTrueErrorCode::ValidationFailed | GoTrueErrorCode::EmailAddressInvalid), "{e:?}");
}

// ---------- recovery and reauthentication ----------

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn recovery_otp_emits_password_recovery_then_password_changes() {
    let env = server();
    let (c, events) = core_client(&env.url, "{}");
    let email = unique_email("recover");
    c.sign_up(gotrue::core::Identifier::Email(&email), PASSWORD, &Default::default()).unwrap();
    let link = generate_link(&env.url, json!({"type":"recovery","email":email}));
    let outcome = c.verify_otp(Some(&email), None, link["email_otp"].as_str(), None, "recovery", &Default::default()).unwrap();
    assert!(matches!(outcome, gotrue::core::otp::VerifyOutcome::Session(_)));
    assert_eq!(events.lock().unwrap().last(), Some(&gotrue::core::AuthEvent::PasswordRecovery));
    let mut attrs = serde_json::Map::new();
    attrs.insert("password".into(), "New-Password-77".into());
    c.update_user(attrs, &Default::default()).unwrap();
    let fresh = main_client();
    assert!(sign_in(&fresh, &email, "New-Password-77").is_ok());
    assert_eq!(sign_in(&fresh, &email, PASSWORD).err().unwrap().code, GoTrueErrorCode::InvalidCredentials);
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn password_reset_pkce_link_exchanges_with_password_recovery() {
    let env = server();
    let (c, events) = core_client(&env.confirm_url, "{}");
    let email = unique_email("resetpkce");
    c.sign_up(gotrue::core::Identifier::Email(&email), PASSWORD, &Default::default()).unwrap();
    // The sign-up link was made under PKCE: confirm it by opening it, as a browser would.
    let _ = follow_once(&verify_link(&wait_mail(&email, |_| true)));
    std::thread::sleep(Duration::from_millis(1100));
    let options: gotrue::core::otp::EmailLinkOptions =
        serde_json::from_value(json!({"redirect_to":"http://127.0.0.1:3000/reset"})).unwrap();
    c.reset_password_for_email(&email, &options).unwrap();
    let mail = wait_mail(&email, |m| m["subject"].as_str().unwrap_or("").to_lowercase().contains("reset"));
    let callback = follow_once(&verify_link(&mail));
    c.exchange_code_for_session(&callback).unwrap();
    assert_eq!(events.lock().unwrap().last(), Some(&gotrue::core::AuthEvent::PasswordRecovery));
    // A second exchange of the same callback has no verifier left.
    assert_eq!(c.exchange_code_for_session(&callback).unwrap_err().code, gotrue::core::ErrorCode::PkceVerifierMissing);
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn reauthenticate_sends_a_nonce_usable_with_update_user() {
    let env = server();
    let c = confirm_client(Some(r#"{"flow_type":"implicit"}"#));
    let email = unique_email("reauth");
    sign_up(&c, &email);
    let hash = link_param(&verify_link(&wait_mail(&email, |_| true)), "token");
    verify(&c, None, None, None, Some(&hash), "signup").unwrap().0.unwrap();
    std::thread::sleep(Duration::from_millis(1100));
    check(unsafe { gotrue_client_reauthenticate(c.ptr()) }).unwrap();
    // v2.196.0's subject is "<code> is your verification code"; older releases said "reauthentication".
    let mail = wait_mail(&email, |m| {
        let subject = m["subject"].as_str().unwrap_or("").to_lowercase();
        subject.contains("reauth") || subject.contains("verification code")
    });
    let nonce = six_digits(mail["body"].as_str().unwrap());
    let attrs = cs(&json!({"password":"After-Reauth-9","nonce":nonce}).to_string());
    check(unsafe { gotrue_client_update_user(c.ptr(), attrs.as_ptr(), null(), null_mut()) }).unwrap();
    let fresh = confirm_client(None);
    assert!(sign_in(&fresh, &email, "After-Reauth-9").is_ok());
    let _ = env;
    // After a global sign-out elsewhere, reauthentication is refused for the dead session.
    check(unsafe { gotrue_client_sign_out(fresh.ptr(), 0) }).unwrap();
    let e = check(unsafe { gotrue_client_reauthenticate(c.ptr()) }).unwrap_err();
    assert_eq!(e.code, GoTrueErrorCode::SessionNotFound, "{e:?}");
}

// ---------- update user ----------

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn secure_email_change_needs_both_confirmations() {
    let c = confirm_client(Some(r#"{"flow_type":"implicit"}"#));
    let old = unique_email("old");
    let new = unique_email("new");
    sign_up(&c, &old);
    let hash = link_param(&verify_link(&wait_mail(&old, |_| true)), "token");
    verify(&c, None, None, None, Some(&hash), "signup").unwrap().0.unwrap();
    std::thread::sleep(Duration::from_millis(1100));
    let attrs = cs(&json!({"email": new}).to_string());
    let mut u = null_mut();
    check(unsafe { gotrue_client_update_user(c.ptr(), attrs.as_ptr(), null(), &mut u) }).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&take_string(u)).unwrap()["new_email"], new);
    // v2.196.0's subject is "Confirm your new email address" for both mails; older ones said "change".
    let is_change_mail = |m: &Value| {
        let subject = m["subject"].as_str().unwrap_or("").to_lowercase();
        subject.contains("change") || subject.contains("new email")
    };
    let change = |to: &str| link_param(&verify_link(&wait_mail(to, is_change_mail)), "token");
    let (h_old, h_new) = (change(&old), change(&new));
    let (s, u) = verify(&c, None, None, None, Some(&h_new), "email_change").unwrap();
    assert!(s.is_none() && u.is_none(), "first confirmation answers with a message only");
    let (s, _) = verify(&c, None, None, None, Some(&h_old), "email_change").unwrap();
    assert_eq!(s.unwrap().email().as_deref(), Some(new.as_str()));
    let reused = verify(&c, None, None, None, Some(&h_old), "email_change").err().unwrap();
    assert_eq!(reused.code, GoTrueErrorCode::OtpExpired);
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn phone_change_and_metadata_update() {
    let c = main_client();
    let email = unique_email("phonechange");
    sign_up(&c, &email).unwrap();
    // A phone no earlier run attached to a user (the fixed test phones collide across runs).
    let phone = unique_phone();
    let attrs = cs(&json!({"phone": phone, "data": {"nickname": "p"}}).to_string());
    let mut u = null_mut();
    check(unsafe { gotrue_client_update_user(c.ptr(), attrs.as_ptr(), null(), &mut u) }).unwrap();
    let user: Value = serde_json::from_str(&take_string(u)).unwrap();
    assert_eq!(user["user_metadata"]["nickname"], "p");
    assert_eq!(user["new_phone"], phone.trim_start_matches('+'));
    let code = sms_otp(&phone);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let e = verify(&c, None, Some(&phone), Some(wrong), None, "phone_change").err().unwrap();
    assert_eq!(e.code, GoTrueErrorCode::OtpExpired);
    let (s, _) = verify(&c, None, Some(&phone), Some(&code), None, "phone_change").unwrap();
    assert_eq!(s.unwrap().phone().as_deref(), Some(phone.trim_start_matches('+')));
}

// ---------- anonymous ----------

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn anonymous_user_converts_to_permanent() {
    let c = main_client();
    let opts = cs(r#"{"data":{"cart":"3 items"}}"#);
    let mut s = null_mut();
    check(unsafe { gotrue_client_sign_in_anonymously(c.ptr(), opts.as_ptr(), &mut s) }).unwrap();
    let s = session(s).unwrap();
    assert!(s.email().is_none());
    let user: Value = serde_json::from_str(&read(unsafe { gotrue::ffi::gotrue_session_user_json(s.0) }).unwrap()).unwrap();
    assert_eq!(user["is_anonymous"], true);
    assert_eq!(user["user_metadata"]["cart"], "3 items");
    let email = unique_email("anon");
    let attrs = cs(&json!({"email": email}).to_string());
    check(unsafe { gotrue_client_update_user(c.ptr(), attrs.as_ptr(), null(), null_mut()) }).unwrap();
    let attrs = cs(&json!({"password": PASSWORD}).to_string());
    let mut u = null_mut();
    check(unsafe { gotrue_client_update_user(c.ptr(), attrs.as_ptr(), null(), &mut u) }).unwrap();
    let user: Value = serde_json::from_str(&take_string(u)).unwrap();
    assert_eq!(user["is_anonymous"], false);
    assert_eq!(user["id"], s.user_id());
    assert_eq!(sign_in(&main_client(), &email, PASSWORD).unwrap().user_id(), s.user_id());
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn anonymous_sign_in_is_refused_where_disabled() {
    let env = server();
    let c = Client::new(&env.closed_url, &env.anon_key, None).unwrap();
    let e = check(unsafe { gotrue_client_sign_in_anonymously(c.ptr(), null(), null_mut()) }).unwrap_err();
    assert!(matches!(e.code, GoTrueErrorCode::AnonymousProviderDisabled | GoTrueErrorCode::SignupDisabled), "{e:?}");
}

// ---------- OAuth / PKCE / implicit ----------

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn oauth_url_redirects_to_the_provider_with_our_challenge() {
    let c = main_client();
    let (gh, opts) = (cs("github"), cs(r#"{"redirect_to":"http://127.0.0.1:3000/cb","scopes":"read:user"}"#));
    let mut out = null_mut();
    check(unsafe { gotrue_client_get_oauth_url(c.ptr(), gh.as_ptr(), opts.as_ptr(), &mut out) }).unwrap();
    let url = take_string(out);
    let location = follow_once(&url);
    assert!(location.starts_with("https://github.com/login/oauth/authorize"), "{location}");
    assert!(location.contains("client_id=test-github-client-id"));
    // Completing it needs GitHub; an unknown code is refused by the server.
    let code = cs("8d7a4b6e-8f1a-4d0e-9a51-3b2d9c1f0e7a");
    let e = check(unsafe { gotrue_client_exchange_code_for_session(c.ptr(), code.as_ptr(), null_mut()) }).unwrap_err();
    assert_eq!(e.code, GoTrueErrorCode::FlowStateNotFound, "{e:?}");
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn oauth_url_for_a_disabled_provider_is_refused_by_the_server() {
    let c = main_client();
    let p = cs("gitlab");
    let mut out = null_mut();
    check(unsafe { gotrue_client_get_oauth_url(c.ptr(), p.as_ptr(), null(), &mut out) }).unwrap();
    let r = http().get(take_string(out)).send().unwrap();
    assert_eq!(r.status().as_u16(), 400);
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn implicit_magic_link_fragment_becomes_a_session() {
    let env = server();
    let c = Client::new(&env.url, &env.anon_key, Some(r#"{"flow_type":"implicit"}"#)).unwrap();
    let email = unique_email("implicit");
    sign_up(&c, &email).unwrap();
    check(unsafe { gotrue_client_sign_out(c.ptr(), 1) }).unwrap();
    let link = generate_link(&env.url, json!({"type":"magiclink","email":email,"redirect_to":"http://127.0.0.1:3000/cb"}));
    let callback = follow_once(link["action_link"].as_str().unwrap());
    assert!(callback.contains("#access_token="), "{callback}");
    let cb = cs(&callback);
    let mut s = null_mut();
    check(unsafe { gotrue_client_get_session_from_url(c.ptr(), cb.as_ptr(), &mut s) }).unwrap();
    assert_eq!(session(s).unwrap().email().as_deref(), Some(email.as_str()));
    // Opening the used link again redirects with an error, which is reported as such.
    let error_callback = follow_once(link["action_link"].as_str().unwrap());
    let cb = cs(&error_callback);
    let e = check(unsafe { gotrue_client_get_session_from_url(c.ptr(), cb.as_ptr(), null_mut()) }).unwrap_err();
    assert_eq!(e.code, GoTrueErrorCode::AuthRedirect);
    assert_eq!(e.server_code.as_deref(), Some("otp_expired"));
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn implicit_recovery_fragment_emits_password_recovery() {
    let env = server();
    let (c, events) = core_client(&env.url, r#"{"flow_type":"implicit"}"#);
    let email = unique_email("implrec");
    c.sign_up(gotrue::core::Identifier::Email(&email), PASSWORD, &Default::default()).unwrap();
    let link = generate_link(&env.url, json!({"type":"recovery","email":email,"redirect_to":"http://127.0.0.1:3000/cb"}));
    let callback = follow_once(link["action_link"].as_str().unwrap());
    assert!(callback.contains("type=recovery"), "{callback}");
    c.get_session_from_url(&callback).unwrap();
    assert_eq!(events.lock().unwrap().last(), Some(&gotrue::core::AuthEvent::PasswordRecovery));
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn id_token_from_an_unknown_issuer_is_rejected() {
    // A success needs a token signed by a real provider (Google/Apple): not on loopback.
    let c = main_client();
    let (p, t) = (cs("google"), cs(&fake_jwt(&json!({"iss":"https://accounts.google.com","sub":"1","aud":"x","exp":4102444800i64}))));
    let e = check(unsafe { gotrue_client_sign_in_with_id_token(c.ptr(), p.as_ptr(), t.as_ptr(), null(), null(), null(), null_mut()) })
        .unwrap_err();
    assert!((400..500).contains(&e.http_status), "{e:?}");
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn sso_by_domain_returns_the_idp_url_and_unknown_domains_fail() {
    let c = main_client();
    let domain = std::env::var("GOTRUE_TEST_SSO_DOMAIN").unwrap_or_else(|_| "sso.example.com".into());
    let (d, opts) = (cs(&domain), cs(r#"{"redirect_to":"http://127.0.0.1:3000/cb"}"#));
    let mut out = null_mut();
    check(unsafe { gotrue_client_sign_in_with_sso(c.ptr(), d.as_ptr(), null(), opts.as_ptr(), &mut out) }).unwrap();
    assert!(take_string(out).contains("SAMLRequest="));
    let unknown = cs("no-such-domain.example.org");
    let e = check(unsafe { gotrue_client_sign_in_with_sso(c.ptr(), unknown.as_ptr(), null(), null(), &mut out) }).unwrap_err();
    assert_eq!(e.code, GoTrueErrorCode::SsoProviderNotFound, "{e:?}");
}

// ---------- identities ----------

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn identities_list_link_url_and_last_identity_is_kept() {
    let c = main_client();
    let email = unique_email("ident");
    sign_up(&c, &email).unwrap();
    let mut out = null_mut();
    check(unsafe { gotrue_client_get_user_identities(c.ptr(), &mut out) }).unwrap();
    let ids: Value = serde_json::from_str(&take_string(out)).unwrap();
    assert_eq!(ids.as_array().unwrap().len(), 1);
    assert_eq!(ids[0]["provider"], "email");
    let gh = cs("github");
    check(unsafe { gotrue_client_link_identity(c.ptr(), gh.as_ptr(), null(), &mut out) }).unwrap();
    assert!(take_string(out).starts_with("https://github.com/login/oauth/authorize"));
    let id = cs(ids[0]["identity_id"].as_str().unwrap());
    let e = check(unsafe { gotrue_client_unlink_identity(c.ptr(), id.as_ptr()) }).unwrap_err();
    assert_eq!(e.code, GoTrueErrorCode::SingleIdentityNotDeletable);
}

// ---------- settings and health ----------

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn settings_and_health_describe_the_server() {
    let env = server();
    let c = main_client();
    let mut out = null_mut();
    check(unsafe { gotrue_client_get_settings(c.ptr(), &mut out) }).unwrap();
    let settings: Value = serde_json::from_str(&take_string(out)).unwrap();
    assert_eq!(settings["external"]["github"], true);
    assert_eq!(settings["external"]["anonymous_users"], true);
    assert_eq!(settings["mailer_autoconfirm"], true);
    check(unsafe { gotrue_client_health(c.ptr(), &mut out) }).unwrap();
    let health: Value = serde_json::from_str(&take_string(out)).unwrap();
    assert!(health["version"].is_string());
    let wrong = Client::new(&format!("{}/no-such-prefix", env.url), &env.anon_key, Some(r#"{"max_retries":0}"#)).unwrap();
    let e = check(unsafe { gotrue_client_health(wrong.ptr(), &mut out) }).unwrap_err();
    assert_eq!(e.http_status, 404);
}

// ---------- sign-out scopes ----------

fn two_devices() -> (Client, Client, String) {
    let email = unique_email("scopes");
    let a = main_client();
    sign_up(&a, &email).unwrap();
    let b = main_client();
    sign_in(&b, &email, PASSWORD).unwrap();
    (a, b, email)
}

fn refresh(c: &Client) -> Result<(), CError> {
    check(unsafe { gotrue_client_refresh_session(c.ptr(), null(), null_mut()) })
}

fn signed_in(c: &Client) -> bool {
    let mut s = null_mut();
    check(unsafe { gotrue_client_get_session(c.ptr(), &mut s) }).unwrap();
    session(s).is_some()
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn sign_out_others_ends_the_other_devices_only() {
    let (a, b, _) = two_devices();
    check(unsafe { gotrue_client_sign_out(a.ptr(), 2) }).unwrap();
    assert!(signed_in(&a));
    refresh(&a).unwrap();
    let e = refresh(&b).unwrap_err();
    assert!(matches!(e.code, GoTrueErrorCode::RefreshTokenNotFound | GoTrueErrorCode::SessionNotFound), "{e:?}");
    assert!(!signed_in(&b));
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn sign_out_local_leaves_the_other_device_signed_in() {
    let (a, b, _) = two_devices();
    check(unsafe { gotrue_client_sign_out(a.ptr(), 1) }).unwrap();
    assert!(!signed_in(&a));
    refresh(&b).unwrap();
    let mut u = null_mut();
    check(unsafe { gotrue_client_get_user(b.ptr(), null(), &mut u) }).unwrap();
    take_string(u);
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn sign_out_global_ends_every_device() {
    let (a, b, _) = two_devices();
    check(unsafe { gotrue_client_sign_out(a.ptr(), 0) }).unwrap();
    assert!(!signed_in(&a));
    let e = refresh(&b).unwrap_err();
    assert!(matches!(e.code, GoTrueErrorCode::RefreshTokenNotFound | GoTrueErrorCode::SessionNotFound), "{e:?}");
    // Signing out again with the dead session still clears locally (server says 401/403/404).
    let (c, _, email) = two_devices();
    let _ = email;
    check(unsafe { gotrue_client_sign_out(c.ptr(), 0) }).unwrap();
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn a_weak_password_comes_back_with_each_reason_readable_by_index() {
    let c = main_client();
    let (e, p) = (cs(&unique_email("weak")), cs("abc"));
    let mut s = null_mut();
    let err = check(unsafe { gotrue_client_sign_up(c.ptr(), e.as_ptr(), null(), p.as_ptr(), null(), &mut s, null_mut()) }).unwrap_err();
    assert_eq!(err.code, GoTrueErrorCode::WeakPassword, "{err:?}");
    assert_eq!(err.http_status, 422);
    assert_eq!(err.weak_password_reasons, ["length"]);
    assert!(s.is_null());
    // Other errors carry none.
    let wrong = sign_in(&c, &unique_email("weak-none"), PASSWORD).err().expect("no such user");
    assert!(wrong.weak_password_reasons.is_empty());
}
