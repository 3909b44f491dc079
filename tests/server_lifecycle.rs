//! Session lifecycle against the real Supabase Auth server (GOTRUE_TEST_URL: autoconfirm,
//! ES256 asymmetric JWTs). Requests are counted by the fixture used as a pass-through proxy
//! (tests/common/proxy.rs) in front of the real server; it never answers by itself.

mod common;
#[path = "common/proxy.rs"]
mod proxy;
#[path = "common/lifecycle.rs"]
mod support;

use common::fixture::Fixture;
use common::*;
use gotrue::ffi::GoTrueAuthEvent;
use gotrue::ffi::GoTrueErrorCode;
use gotrue::ffi::*;
use serde_json::{Value, json};
use std::collections::HashSet;
use std::ptr::{null, null_mut};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use support::*;

const PASSWORD: &str = "lifecycle-Password-1";

/// A counting proxy in front of the real server.
fn proxy() -> Fixture {
    let upstream = server().url;
    Fixture::start(move |req| proxy::forward(&upstream, req))
}

/// Signs a new user up on `c` (autoconfirm: signed in at once); returns the session.
fn sign_up(c: &Client) -> Session {
    let (email, pw) = (cs(&unique_email("lifecycle")), cs(PASSWORD));
    let mut s = null_mut();
    check(unsafe { gotrue_client_sign_up(c.ptr(), email.as_ptr(), null(), pw.as_ptr(), null(), &mut s, null_mut()) }).unwrap();
    session(s).expect("autoconfirm signs the user in")
}

fn session_value(s: &Session) -> Value {
    let mut out = null_mut();
    check(unsafe { gotrue::ffi::gotrue_session_to_json(s.0, &mut out) }).unwrap();
    serde_json::from_str(&take_string(out)).unwrap()
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_resume_from_file_storage_with_one_call() {
    let env = server();
    let dir = temp_dir("srv-resume");
    let a = Client::new(&env.url, &env.anon_key, Some(&file_options(&dir, json!({})))).unwrap();
    let signed_up = sign_up(&a);
    drop(a);
    let b = Client::new(&env.url, &env.anon_key, Some(&file_options(&dir, json!({})))).unwrap();
    let (recorder, _) = Recorder::subscribe(&b);
    let s = initialize(&b).unwrap().expect("resumed");
    assert_eq!(s.user_id(), signed_up.user_id());
    assert_eq!(recorder.kinds(), vec![GoTrueAuthEvent::GOTRUE_AUTH_EVENT_INITIAL_SESSION]);
    let mut user = null_mut();
    check(unsafe { gotrue::ffi::gotrue_client_get_user(b.ptr(), null(), &mut user) }).unwrap();
    assert!(take_string(user).contains(&signed_up.user_id()));
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_expired_stored_session_is_refreshed_by_initialize() {
    let env = server();
    let dir = temp_dir("srv-expired");
    let a = Client::new(&env.url, &env.anon_key, Some(&file_options(&dir, json!({})))).unwrap();
    let first = sign_up(&a);
    drop(a);
    // Mark the stored session as expired: initialize must refresh before returning it.
    let mut v = stored(&dir).unwrap();
    v["expires_at"] = json!(1);
    v.as_object_mut().unwrap().remove("received_at");
    seed(&dir, &v);
    let f = proxy();
    let b = Client::new(&f.url, &env.anon_key, Some(&file_options(&dir, json!({})))).unwrap();
    let (recorder, _) = Recorder::subscribe(&b);
    let s = initialize(&b).unwrap().unwrap();
    assert_ne!(s.refresh_token(), first.refresh_token());
    assert_eq!(f.count(REFRESH), 1);
    assert_eq!(
        recorder.kinds(),
        vec![GoTrueAuthEvent::GOTRUE_AUTH_EVENT_TOKEN_REFRESHED, GoTrueAuthEvent::GOTRUE_AUTH_EVENT_INITIAL_SESSION]
    );
    assert_eq!(stored_refresh_token(&dir), Some(s.refresh_token()));
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_events_follow_the_session() {
    let env = server();
    let c = Client::new(&env.url, &env.anon_key, None).unwrap();
    let (recorder, _) = Recorder::subscribe(&c);
    let s = sign_up(&c);
    refresh(&c, None).unwrap();
    let attrs = cs(r#"{"data":{"lifecycle":true}}"#);
    let mut user = null_mut();
    check(unsafe { gotrue::ffi::gotrue_client_update_user(c.ptr(), attrs.as_ptr(), null(), &mut user) }).unwrap();
    take_string(user);
    check(unsafe { gotrue_client_sign_out(c.ptr(), 1) }).unwrap();
    assert_eq!(
        recorder.kinds(),
        vec![
            GoTrueAuthEvent::GOTRUE_AUTH_EVENT_SIGNED_IN,
            GoTrueAuthEvent::GOTRUE_AUTH_EVENT_TOKEN_REFRESHED,
            GoTrueAuthEvent::GOTRUE_AUTH_EVENT_USER_UPDATED,
            GoTrueAuthEvent::GOTRUE_AUTH_EVENT_SIGNED_OUT
        ]
    );
    assert_eq!(recorder.events.lock().unwrap()[0].1, Some(s.refresh_token()));
    assert_eq!(recorder.events.lock().unwrap()[3].1, None);
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_definitive_refresh_rejection_signs_out() {
    let env = server();
    let a = Client::new(&env.url, &env.anon_key, None).unwrap();
    let s = session_value(&sign_up(&a));
    let dir = temp_dir("srv-dead");
    seed(&dir, &s);
    // The session ends on the server (global sign-out), so its refresh token is dead.
    check(unsafe { gotrue_client_sign_out(a.ptr(), 0) }).unwrap();
    let b = Client::new(&env.url, &env.anon_key, Some(&file_options(&dir, json!({})))).unwrap();
    initialize(&b).unwrap();
    let (recorder, _) = Recorder::subscribe(&b);
    let err = refresh(&b, None).err().unwrap();
    assert!(matches!(err.code, GoTrueErrorCode::RefreshTokenNotFound | GoTrueErrorCode::SessionNotFound), "{err:?}");
    assert!(stored(&dir).is_none());
    assert!(get_session(&b).unwrap().is_none());
    assert_eq!(recorder.kinds(), vec![GoTrueAuthEvent::GOTRUE_AUTH_EVENT_SIGNED_OUT]);
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_refresh_after_sign_out_asks_the_server_and_is_refused() {
    // The single-flight memo once answered a refresh of an already-exchanged token with the
    // session it had bought, even after a sign-out revoked it, without asking the server.
    let env = server();
    let f = proxy();
    let c = Client::new(&f.url, &env.anon_key, None).unwrap();
    let first = sign_up(&c).refresh_token();
    let rotated = refresh(&c, Some(&first)).unwrap();
    assert_ne!(rotated.refresh_token(), first);
    // Within the memo's lifetime the same token gives the same session, with no request.
    assert_eq!(refresh(&c, Some(&first)).unwrap().refresh_token(), rotated.refresh_token());
    assert_eq!(f.count(REFRESH), 1);
    check(unsafe { gotrue_client_sign_out(c.ptr(), 1) }).unwrap();
    let err = refresh(&c, Some(&first)).err().expect("a revoked session must not come back");
    assert_eq!(f.count(REFRESH), 2, "the server is asked");
    assert!(matches!(err.code, GoTrueErrorCode::RefreshTokenNotFound | GoTrueErrorCode::SessionNotFound), "{err:?}");
    assert!(get_session(&c).unwrap().is_none());
    let err = refresh(&c, Some(&rotated.refresh_token())).err().expect("the rotated token is revoked too");
    assert!(matches!(err.code, GoTrueErrorCode::RefreshTokenNotFound | GoTrueErrorCode::SessionNotFound), "{err:?}");
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_refresh_memo_ends_when_another_session_becomes_current() {
    let env = server();
    let f = proxy();
    let c = Client::new(&f.url, &env.anon_key, None).unwrap();
    let first = sign_up(&c).refresh_token();
    refresh(&c, Some(&first)).unwrap();
    // Another user signs in on the same client: the memo of the first user's exchange ends.
    let other = sign_up(&c);
    let again = refresh(&c, Some(&first)).unwrap();
    assert_eq!(f.count(REFRESH), 2, "the server is asked again");
    assert_ne!(again.user_id(), other.user_id());
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_thirty_two_threads_refreshing_one_token_make_one_request() {
    let env = server();
    let f = proxy();
    let c = Arc::new(Client::new(&f.url, &env.anon_key, None).unwrap());
    let token = sign_up(&c).refresh_token();
    let got = refresh_from_threads(&c, &token, 32);
    assert_eq!(f.count(REFRESH), 1);
    assert_eq!(got.len(), 1);
    assert!(!got.contains(&token));
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_sixty_four_threads_for_ten_seconds_refresh_once_per_expiry() {
    let env = server();
    // Learn the server's token lifetime, then use a margin that makes the session due
    // about every 2 s.
    let a = Client::new(&env.url, &env.anon_key, None).unwrap();
    let s = sign_up(&a);
    let lifetime = unsafe { gotrue::ffi::gotrue_session_expires_in(s.0) };
    let dir = temp_dir("srv-hammer");
    seed(&dir, &session_value(&s));
    let f = proxy();
    let options = file_options(&dir, json!({"refresh_margin_secs": lifetime - 2, "auto_refresh": true}));
    let c = Arc::new(Client::new(&f.url, &env.anon_key, Some(&options)).unwrap());
    let (recorder, _) = Recorder::subscribe(&c);
    initialize(&c).unwrap().unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let threads: Vec<_> = (0..64)
        .map(|i| {
            let (c, stop) = (c.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    get_session(&c).unwrap().expect("never signed out");
                    if i % 4 == 0 {
                        let mut out = null_mut();
                        check(unsafe { gotrue::ffi::gotrue_client_get_user(c.ptr(), null(), &mut out) }).unwrap();
                        take_string(out);
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(10));
    stop.store(true, Ordering::Relaxed);
    for t in threads {
        t.join().unwrap();
    }
    let sent = refresh_tokens_sent(&f.requests());
    let unique: HashSet<&String> = sent.iter().collect();
    assert_eq!(unique.len(), sent.len(), "a refresh token was exchanged twice");
    assert!((3..=11).contains(&sent.len()), "refreshes: {}", sent.len());
    assert_eq!(recorder.count(GoTrueAuthEvent::GOTRUE_AUTH_EVENT_SIGNED_OUT), 0);
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_auto_refresh_refreshes_in_the_background() {
    let env = server();
    let a = Client::new(&env.url, &env.anon_key, None).unwrap();
    let s = sign_up(&a);
    let lifetime = unsafe { gotrue::ffi::gotrue_session_expires_in(s.0) };
    let dir = temp_dir("srv-auto");
    seed(&dir, &session_value(&s));
    let c = Client::new(&env.url, &env.anon_key, Some(&file_options(&dir, json!({"refresh_margin_secs": lifetime - 2})))).unwrap();
    let (recorder, _) = Recorder::subscribe(&c);
    initialize(&c).unwrap();
    check(unsafe { gotrue_client_start_auto_refresh(c.ptr()) }).unwrap();
    std::thread::sleep(Duration::from_secs(5));
    assert!(recorder.count(GoTrueAuthEvent::GOTRUE_AUTH_EVENT_TOKEN_REFRESHED) >= 1);
    assert_ne!(stored_refresh_token(&dir), Some(s.refresh_token()));
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_get_claims_verifies_es256_locally() {
    let env = server();
    let f = proxy();
    let c = Client::new(&f.url, &env.anon_key, None).unwrap();
    let s = sign_up(&c);
    let mut out = null_mut();
    check(unsafe { gotrue::ffi::gotrue_client_get_claims(c.ptr(), null(), null(), &mut out) }).unwrap();
    let v: Value = serde_json::from_str(&take_string(out)).unwrap();
    assert_eq!(v["claims"]["sub"], s.user_id());
    assert_eq!(v["header"]["alg"], "ES256");
    assert_eq!(f.count("/.well-known/jwks.json"), 1);
    assert_eq!(f.count("/user"), 0, "asymmetric tokens need no /user call");
    // Tampered payload: rejected locally.
    let token = s.access_token();
    let parts: Vec<&str> = token.split('.').collect();
    use base64::Engine;
    let b = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut claims: Value = serde_json::from_slice(&b.decode(parts[1]).unwrap()).unwrap();
    claims["role"] = json!("service_role");
    let forged = cs(&format!("{}.{}.{}", parts[0], b.encode(claims.to_string()), parts[2]));
    let err = check(unsafe { gotrue::ffi::gotrue_client_get_claims(c.ptr(), forged.as_ptr(), null(), &mut out) }).unwrap_err();
    assert_eq!(err.code, GoTrueErrorCode::InvalidJwt);
}
