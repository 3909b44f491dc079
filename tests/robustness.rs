//! A library must never mislead its host or hang it (issue 12): absurd expiry times, token
//! lifetimes at or below the refresh margin, garbage refresh answers, hung servers, and
//! telling transient errors from final ones. Faults a real server cannot produce on demand,
//! so against the loopback fixture; every test goes through the C ABI.

mod common;
#[path = "common/lifecycle.rs"]
mod support;

use common::fixture::{Fixture, Reply};
use common::*;
use gotrue::ffi::GoTrueAuthEvent;
use gotrue::ffi::GoTrueErrorCode as ErrorCode;
use gotrue::ffi::{gotrue_client_get_session_from_url, gotrue_error_is_retryable, gotrue_session_from_json, gotrue_session_seconds_left};
use serde_json::{Value, json};
use std::ptr::{null, null_mut};
use std::time::{Duration, Instant};
use support::*;

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

fn seconds_left(s: &Session) -> i64 {
    unsafe { gotrue_session_seconds_left(s.0) }
}

// --- expiry arithmetic -----------------------------------------------------------------

#[test]
fn absurd_receipt_time_in_session_json_is_not_believed() {
    for received_at in [i64::MAX, now() + 86_400] {
        let mut v = session_json(3600, "rt");
        v["received_at"] = json!(received_at);
        let text = cs(&v.to_string());
        let mut out = null_mut();
        check(unsafe { gotrue_session_from_json(text.as_ptr(), &mut out) }).unwrap();
        let s = session(out).unwrap();
        // A receipt time in the future is unknown: the token's own exp decides (~3600 s).
        let left = seconds_left(&s);
        assert!((3590..=3600).contains(&left), "received_at {received_at}: seconds_left {left}");
    }
}

#[test]
fn absurd_lifetimes_are_clamped_and_the_tokens_exp_wins() {
    // expires_in far beyond the token's own exp - iat, expires_at absurd, then later than exp.
    let t = now();
    let token = fake_jwt(&json!({"sub": "u", "iat": t, "exp": t + 600}));
    let v = json!({"access_token": token, "refresh_token": "rt", "expires_in": i64::MAX,
        "expires_at": i64::MIN, "received_at": t, "user": {"id": "u"}});
    let text = cs(&v.to_string());
    let mut out = null_mut();
    check(unsafe { gotrue_session_from_json(text.as_ptr(), &mut out) }).unwrap();
    let s = session(out).unwrap();
    assert_eq!(s.expires_at(), t + 600);
    let left = seconds_left(&s);
    assert!((590..=600).contains(&left), "seconds_left {left}");
    // Without a receipt time the expiry is expires_at, never later than exp.
    let v = json!({"access_token": token, "refresh_token": "rt", "expires_in": 600,
        "expires_at": t + 999_999, "user": {"id": "u"}});
    let text = cs(&v.to_string());
    check(unsafe { gotrue_session_from_json(text.as_ptr(), &mut out) }).unwrap();
    assert_eq!(session(out).unwrap().expires_at(), t + 600);
}

/// An implicit-flow callback URL whose expires_at is i64::MIN, for an access token expiring at `exp`.
fn callback_client(exp: i64) -> (Fixture, Client, Option<Session>) {
    let fixture = Fixture::start(refresh_answers(3600, Duration::ZERO));
    let c = Client::new(&fixture.url, "anon", Some(r#"{"flow_type":"implicit","max_retries":0}"#)).unwrap();
    let token = fake_jwt(&json!({"sub": "11111111-2222-3333-4444-555555555555", "exp": exp}));
    let url = cs(&format!("myapp://cb#access_token={token}&refresh_token=rt-cb&expires_in=3600&expires_at={}&token_type=bearer", i64::MIN));
    let mut out = null_mut();
    check(unsafe { gotrue_client_get_session_from_url(c.ptr(), url.as_ptr(), &mut out) }).unwrap();
    (fixture, c, session(out))
}

#[test]
fn callback_expires_at_min_is_overruled_by_the_tokens_exp() {
    let exp = now() + 3600;
    let (fixture, c, s) = callback_client(exp);
    let s = s.unwrap();
    assert_eq!(s.expires_at(), exp);
    assert!((3590..=3600).contains(&seconds_left(&s)));
    // Fresh: get_session hands it out without refreshing.
    assert_eq!(get_session(&c).unwrap().unwrap().refresh_token(), "rt-cb");
    assert_eq!(fixture.count(REFRESH), 0);
}

#[test]
fn callback_with_an_expired_token_is_refreshed_whatever_expires_at_says() {
    let (fixture, c, s) = callback_client(now() - 10);
    assert!(seconds_left(&s.unwrap()) <= 0);
    let fresh = get_session(&c).unwrap().expect("refreshed");
    assert_eq!(fresh.refresh_token(), "rt-1");
    assert_eq!(fixture.count(REFRESH), 1);
}

// --- short lifetimes and on-demand refresh rate -------------------------------------

#[test]
fn ten_second_tokens_with_the_default_margin_refresh_a_bounded_number_of_times() {
    let fixture = Fixture::start(refresh_answers(10, Duration::ZERO));
    let c = Client::new(&fixture.url, "anon", None).unwrap();
    refresh(&c, Some("rt-0")).unwrap(); // a 10-second session; the default margin is 90 s
    let started = Instant::now();
    let mut calls = 0;
    while started.elapsed() < Duration::from_secs(6) {
        let s = get_session(&c).unwrap().expect("signed in");
        assert!(seconds_left(&s) > 0, "an expired session was handed out");
        calls += 1;
        std::thread::sleep(Duration::from_millis(2));
    }
    // Margin capped at half the lifetime: one refresh at ~5 s (plus the first, explicit one).
    let refreshes = fixture.count(REFRESH);
    assert!(calls > 100, "calls: {calls}");
    assert!((2..=3).contains(&refreshes), "refreshes: {refreshes} in {calls} get_session calls");
}

/// A client whose file storage holds a session with `left` seconds of a one-hour lifetime.
fn due_client(fixture: &Fixture, tag: &str, left: i64) -> (Client, std::path::PathBuf) {
    let dir = temp_dir(tag);
    let mut v = session_json(3600, "rt-0");
    v["received_at"] = json!(now() - (3600 - left));
    v["expires_at"] = json!(now() + left);
    seed(&dir, &v);
    let options = file_options(&dir, json!({"max_retries": 0}));
    (Client::new(&fixture.url, "anon", Some(&options)).unwrap(), dir)
}

#[test]
fn failing_refreshes_are_not_retried_on_every_get_session() {
    let fixture = Fixture::start(|_| Reply::json(503, json!({"message": "down"})));
    let (c, dir) = due_client(&fixture, "ratelimit", 60); // due (margin 90), still valid
    assert_eq!(initialize(&c).unwrap().unwrap().refresh_token(), "rt-0");
    let started = Instant::now();
    let mut calls = 0;
    while started.elapsed() < Duration::from_secs(2) {
        assert_eq!(get_session(&c).unwrap().expect("still valid").refresh_token(), "rt-0");
        calls += 1;
        std::thread::sleep(Duration::from_millis(2));
    }
    // initialize's attempt, then at most one a second.
    let attempts = fixture.count(REFRESH);
    assert!(calls > 50, "calls: {calls}");
    assert!((1..=4).contains(&attempts), "{attempts} refresh requests for {calls} get_session calls");
    assert_eq!(stored_refresh_token(&dir).as_deref(), Some("rt-0"));
}

// --- garbage answers --------------------------------------------------------------------

#[test]
fn garbage_200_on_refresh_keeps_the_still_valid_session() {
    for (tag, body) in [("garbage", "<html>oops</html>"), ("empty", ""), ("no-session", "{}")] {
        let fixture = Fixture::start(move |_| Reply::text(200, body));
        let (c, dir) = due_client(&fixture, tag, 8);
        let (recorder, _) = Recorder::subscribe(&c);
        assert_eq!(initialize(&c).unwrap().unwrap().refresh_token(), "rt-0", "{tag}: initialize keeps it");
        std::thread::sleep(Duration::from_millis(1100)); // past the on-demand rate limit
        let s = get_session(&c).unwrap_or_else(|e| panic!("{tag}: get_session failed: {e:?}"));
        assert_eq!(s.expect("still valid").refresh_token(), "rt-0", "{tag}");
        assert_eq!(fixture.count(REFRESH), 2, "{tag}: initialize and get_session both asked");
        assert_eq!(stored_refresh_token(&dir).as_deref(), Some("rt-0"), "{tag}");
        assert_eq!(recorder.count(GoTrueAuthEvent::GOTRUE_AUTH_EVENT_SIGNED_OUT), 0, "{tag}");
    }
}

// --- overall deadline -------------------------------------------------------------------

#[test]
fn a_hung_server_blocks_a_call_no_longer_than_the_deadline() {
    let fixture = Fixture::start(|_| Reply::json(200, json!({})).delayed(Duration::from_secs(5)));
    let options = r#"{"timeout_ms":1000,"max_retries":3,"retry_base_delay_ms":100,"deadline_ms":1500}"#;
    let c = Client::new(&fixture.url, "anon", Some(options)).unwrap();
    let jwt = cs(&fake_jwt(&json!({"sub": "u", "exp": now() + 3600})));
    let started = Instant::now();
    let mut out = null_mut();
    let err = check(unsafe { gotrue::ffi::gotrue_client_get_user(c.ptr(), jwt.as_ptr(), &mut out) }).unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(err.code, ErrorCode::Timeout, "{err:?}");
    assert!(err.message.contains("deadline"), "{}", err.message);
    // Without the deadline: 4 attempts x 1 s + 0.7 s of backoff.
    assert!(elapsed >= Duration::from_millis(1400) && elapsed < Duration::from_millis(2500), "{elapsed:?}");
    assert_eq!(fixture.count("/user"), 2, "the second attempt got the time that was left");
}

#[test]
fn no_retry_starts_that_the_deadline_would_cut_off() {
    let fixture = Fixture::start(|_| Reply::json(503, json!({"message": "down"})));
    let options = r#"{"max_retries":5,"retry_base_delay_ms":1000,"max_retry_delay_ms":5000,"deadline_ms":1500}"#;
    let c = Client::new(&fixture.url, "anon", Some(options)).unwrap();
    let started = Instant::now();
    let mut out = null_mut();
    let err = check(unsafe { gotrue::ffi::gotrue_client_health(c.ptr(), &mut out) }).unwrap_err();
    assert_eq!(err.http_status, 503);
    assert!(started.elapsed() < Duration::from_millis(1500), "{:?}", started.elapsed());
    assert_eq!(fixture.count("/health"), 2, "one retry after 1 s fits, the next (2 s) does not");
}

#[test]
fn the_default_deadline_is_documented_and_accepted() {
    // The header documents the option with its default; a client accepts it.
    let header = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/include/gotrue.h")).unwrap();
    assert!(header.contains(r#""deadline_ms":60000"#));
    Client::new(&Fixture::refused_url(), "anon", Some(r#"{"deadline_ms":60000}"#)).unwrap();
    assert_eq!(Client::new(&Fixture::refused_url(), "anon", Some(r#"{"deadline_ms":0}"#)).err().unwrap().code, ErrorCode::InvalidArgument);
}

// --- is the error transient? ------------------------------------------------------------

/// Runs `health` against a fixture answering `reply` and asks whether its error is retryable.
fn retryable_after(reply: impl Fn() -> Reply + Send + Sync + 'static) -> (bool, Value) {
    let fixture = Fixture::start(move |_| reply());
    let c = Client::new(&fixture.url, "anon", Some(r#"{"max_retries":0}"#)).unwrap();
    let mut out = null_mut();
    let err = unsafe { gotrue::ffi::gotrue_client_health(c.ptr(), &mut out) };
    assert!(!err.is_null());
    let retryable = unsafe { gotrue_error_is_retryable(err) };
    let e = check(err).unwrap_err();
    (retryable, json!({"code": e.code as i32, "status": e.http_status}))
}

#[test]
fn retryable_errors_are_the_transient_ones() {
    assert!(retryable_after(|| Reply::json(503, json!({"message": "down"}))).0);
    assert!(retryable_after(|| Reply::json(429, json!({"code": "over_request_rate_limit", "message": "slow"}))).0);
    assert!(retryable_after(|| Reply::Drop).0, "a reset connection");
    assert!(!retryable_after(|| Reply::json(400, json!({"code": "validation_failed", "message": "no"}))).0);
    assert!(!retryable_after(|| Reply::json(403, json!({"code": "bad_jwt", "message": "no"}))).0);
    // A refused connection and a timeout are transient; an argument error and NULL are not.
    let c = Client::new(&Fixture::refused_url(), "anon", Some(r#"{"max_retries":0}"#)).unwrap();
    let mut out = null_mut();
    let err = unsafe { gotrue::ffi::gotrue_client_health(c.ptr(), &mut out) };
    assert!(unsafe { gotrue_error_is_retryable(err) });
    check(err).unwrap_err();
    let err = unsafe { gotrue::ffi::gotrue_client_get_user(null(), null(), &mut out) };
    assert!(!unsafe { gotrue_error_is_retryable(err) });
    check(err).unwrap_err();
    assert!(!unsafe { gotrue_error_is_retryable(null()) });
    let hung = Fixture::start(|_| Reply::json(200, json!({})).delayed(Duration::from_secs(3)));
    let c = Client::new(&hung.url, "anon", Some(r#"{"max_retries":0,"timeout_ms":200}"#)).unwrap();
    let err = unsafe { gotrue::ffi::gotrue_client_health(c.ptr(), &mut out) };
    assert!(unsafe { gotrue_error_is_retryable(err) });
    assert_eq!(check(err).unwrap_err().code, ErrorCode::Timeout);
}
