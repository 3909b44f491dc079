//! Faults the real server cannot produce on demand, against a refresh (and an idempotent
//! GET) of a session seeded from file storage: connection refused, reset, truncated body,
//! 5xx, 429 + Retry-After, non-JSON body, slow answer. Each gives a clear error code, a
//! bounded number of attempts with backoff, and leaves the stored session intact; only a
//! definitive rejection of the refresh token removes it (and emits SIGNED_OUT).

mod common;
#[path = "common/lifecycle.rs"]
mod support;

use common::fixture::{Fixture, Reply};
use common::*;
use gotrue::ffi::GoTrueAuthEvent;
use gotrue::ffi::GoTrueErrorCode;
use serde_json::json;
use std::time::{Duration, Instant};
use support::*;

const RETRIES: u32 = 2;

/// A client on `url` whose file storage holds a valid session with refresh token "rt-0".
fn seeded_client(url: &str, tag: &str) -> (Client, std::path::PathBuf) {
    let dir = temp_dir(tag);
    // 1 s per attempt: generous on a loaded machine, short enough for the timeout test.
    // 600 s left: valid, and (with the default 90 s margin) not yet due for refresh.
    seed(&dir, &session_json(600, "rt-0"));
    let options =
        file_options(&dir, json!({"max_retries": RETRIES, "retry_base_delay_ms": 50, "max_retry_delay_ms": 2000, "timeout_ms": 1000}));
    let c = Client::new(url, "anon", Some(&options)).unwrap();
    assert_eq!(initialize(&c).unwrap().unwrap().refresh_token(), "rt-0");
    (c, dir)
}

fn assert_session_intact(c: &Client, dir: &std::path::Path) {
    assert_eq!(stored_refresh_token(dir).as_deref(), Some("rt-0"), "stored session must survive");
    assert_eq!(get_session(c).unwrap().expect("still signed in").refresh_token(), "rt-0");
}

/// Runs one explicit refresh against a fixture answering every request with `reply()`.
fn refresh_fault(tag: &str, reply: impl Fn() -> Reply + Send + Sync + 'static) -> (CError, usize, Duration) {
    let fixture = Fixture::start(move |_| reply());
    let (c, dir) = seeded_client(&fixture.url, tag);
    let started = Instant::now();
    let err = refresh(&c, None).err().expect("refresh must fail");
    let elapsed = started.elapsed();
    assert_session_intact(&c, &dir);
    (err, fixture.count(REFRESH), elapsed)
}

/// Minimum total backoff for RETRIES retries with base 50 ms doubling.
const MIN_BACKOFF: Duration = Duration::from_millis(50 + 100);

#[test]
fn connection_refused_is_network_and_retried_with_backoff() {
    let (c, dir) = seeded_client(&Fixture::refused_url(), "refused");
    let started = Instant::now();
    let err = refresh(&c, None).err().unwrap();
    assert_eq!(err.code, GoTrueErrorCode::Network, "{err:?}");
    assert!(started.elapsed() >= MIN_BACKOFF, "retries back off");
    assert_session_intact(&c, &dir);
}

#[test]
fn reset_before_the_answer_is_network_and_retried() {
    let (err, attempts, elapsed) = refresh_fault("drop", || Reply::Drop);
    assert_eq!(err.code, GoTrueErrorCode::Network, "{err:?}");
    assert_eq!(attempts, 1 + RETRIES as usize);
    assert!(elapsed >= MIN_BACKOFF);
}

#[test]
fn truncated_body_is_network_and_retried() {
    let (err, attempts, _) = refresh_fault("truncate", || Reply::Truncate { status: 200, body: "{\"access_token\":".into() });
    assert_eq!(err.code, GoTrueErrorCode::Network, "{err:?}");
    assert_eq!(attempts, 1 + RETRIES as usize);
}

#[test]
fn server_errors_are_retried_and_keep_the_session() {
    for status in [500u16, 502, 503, 504] {
        let (err, attempts, elapsed) = refresh_fault(&format!("s{status}"), move || Reply::text(status, "<html>upstream trouble</html>"));
        assert_eq!(err.code, GoTrueErrorCode::HttpError, "{status}: {err:?}");
        assert_eq!(err.http_status, status);
        assert_eq!(attempts, 1 + RETRIES as usize, "{status}");
        assert!(elapsed >= MIN_BACKOFF, "{status}");
    }
    // A 500 with the server's own error shape keeps its code.
    let (err, _, _) = refresh_fault("s500coded", || Reply::json(500, json!({"code":"unexpected_failure","message":"db down"})));
    assert_eq!(err.code, GoTrueErrorCode::UnexpectedFailure);
}

#[test]
fn rate_limit_honours_retry_after() {
    let (err, attempts, elapsed) = refresh_fault("429", || {
        Reply::json(429, json!({"code":"over_request_rate_limit","message":"slow down"})).header("Retry-After", "1")
    });
    assert_eq!(err.code, GoTrueErrorCode::OverRequestRateLimit);
    assert_eq!(err.http_status, 429);
    assert_eq!(err.retry_after, 1);
    assert_eq!(attempts, 1 + RETRIES as usize);
    // Each retry waited the server's second, not the 50 ms base delay.
    assert!(elapsed >= Duration::from_secs(RETRIES as u64), "{elapsed:?}");
}

#[test]
fn a_body_that_is_not_json_is_invalid_response_and_not_retried() {
    let (err, attempts, _) = refresh_fault("notjson", || Reply::text(200, "<html>captive portal</html>"));
    assert_eq!(err.code, GoTrueErrorCode::InvalidResponse, "{err:?}");
    assert_eq!(attempts, 1, "a complete answer is not retried");
}

#[test]
fn a_slow_answer_times_out_and_is_retried() {
    let (err, attempts, _) = refresh_fault("slow", || Reply::json(200, session_json(3600, "rt-late")).delayed(Duration::from_millis(2500)));
    assert_eq!(err.code, GoTrueErrorCode::Timeout, "{err:?}");
    assert_eq!(attempts, 1 + RETRIES as usize);
}

#[test]
fn a_definitive_rejection_removes_the_session_and_signs_out() {
    for (code, body) in [
        (
            GoTrueErrorCode::RefreshTokenNotFound,
            json!({"code":"refresh_token_not_found","message":"Invalid Refresh Token: Refresh Token Not Found"}),
        ),
        (
            GoTrueErrorCode::RefreshTokenAlreadyUsed,
            json!({"code":"refresh_token_already_used","message":"Invalid Refresh Token: Already Used"}),
        ),
        (GoTrueErrorCode::SessionNotFound, json!({"code":"session_not_found","message":"Session not found"})),
    ] {
        let body2 = body.clone();
        let fixture = Fixture::start(move |_| Reply::json(400, body2.clone()));
        let (c, dir) = seeded_client(&fixture.url, "definitive");
        let (recorder, _) = Recorder::subscribe(&c);
        let err = refresh(&c, None).err().unwrap();
        assert_eq!(err.code, code, "{body}");
        assert_eq!(fixture.count(REFRESH), 1, "a definitive answer is not retried");
        assert!(stored(&dir).is_none(), "session removed from storage");
        assert!(get_session(&c).unwrap().is_none());
        assert_eq!(recorder.kinds(), vec![GoTrueAuthEvent::GOTRUE_AUTH_EVENT_SIGNED_OUT]);
    }
}

#[test]
fn initialize_with_an_expired_session_while_the_server_fails_keeps_it_stored() {
    let fixture = Fixture::start(|_| Reply::text(503, "maintenance"));
    let dir = temp_dir("init503");
    seed(&dir, &session_json(-10, "rt-old"));
    let options = file_options(&dir, json!({"max_retries": 1, "retry_base_delay_ms": 10}));
    let c = Client::new(&fixture.url, "anon", Some(&options)).unwrap();
    let (recorder, _) = Recorder::subscribe(&c);
    let err = initialize(&c).err().expect("an expired session cannot be used");
    assert_eq!(err.http_status, 503);
    assert_eq!(fixture.count(REFRESH), 2);
    assert_eq!(stored_refresh_token(&dir).as_deref(), Some("rt-old"));
    // INITIAL_SESSION comes first; then the app hears that the kept session could not be refreshed.
    assert_eq!(
        recorder.kinds(),
        vec![GoTrueAuthEvent::GOTRUE_AUTH_EVENT_INITIAL_SESSION, GoTrueAuthEvent::GOTRUE_AUTH_EVENT_REFRESH_FAILED]
    );
    // Not expired yet but inside the margin: the stored session is returned as is.
    let dir = temp_dir("init503b");
    seed(&dir, &session_json(30, "rt-due"));
    let c = Client::new(&fixture.url, "anon", Some(&file_options(&dir, json!({"max_retries": 0})))).unwrap();
    assert_eq!(initialize(&c).unwrap().unwrap().refresh_token(), "rt-due");
    assert_eq!(get_session(&c).unwrap().unwrap().refresh_token(), "rt-due");
}

#[test]
fn get_user_is_idempotent_and_retried_but_sign_in_is_not() {
    let fixture = Fixture::start(|_| Reply::text(503, "busy"));
    let (c, _dir) = seeded_client(&fixture.url, "getuser");
    let mut out = std::ptr::null_mut();
    let err = check(unsafe { gotrue::ffi::gotrue_client_get_user(c.ptr(), std::ptr::null(), &mut out) }).unwrap_err();
    assert_eq!(err.http_status, 503);
    assert_eq!(fixture.count("/user"), 1 + RETRIES as usize);
    let (email, pw) = (cs("a@example.com"), cs("password-123"));
    let mut s = std::ptr::null_mut();
    let err = check(unsafe {
        gotrue::ffi::gotrue_client_sign_in_with_password(c.ptr(), email.as_ptr(), std::ptr::null(), pw.as_ptr(), std::ptr::null(), &mut s)
    })
    .unwrap_err();
    assert_eq!(err.http_status, 503);
    assert_eq!(fixture.count("/token?grant_type=password"), 1, "a sign-in is not repeated");
}

#[test]
fn auto_refresh_keeps_retrying_transient_failures_without_signing_out() {
    let fixture = Fixture::start(|_| Reply::Drop);
    let dir = temp_dir("autoretry");
    // A one-hour session with 100 s left: due at once (100 s < the 120 s margin); each
    // attempt is 1 request (no inner retries).
    let mut v = session_json(100, "rt-0");
    v["expires_in"] = json!(3600);
    seed(&dir, &v);
    let options =
        file_options(&dir, json!({"refresh_margin_secs": 120, "max_retries": 0, "retry_base_delay_ms": 100, "max_retry_delay_ms": 400}));
    let c = Client::new(&fixture.url, "anon", Some(&options)).unwrap();
    let (recorder, _) = Recorder::subscribe(&c);
    initialize(&c).unwrap();
    check(unsafe { gotrue::ffi::gotrue_client_start_auto_refresh(c.ptr()) }).unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let attempts = fixture.count(REFRESH);
    // initialize's attempt, then backoff 100, 200, 400, 400... ms: bounded, not a busy loop.
    assert!((3..=8).contains(&attempts), "attempts: {attempts}");
    assert_eq!(stored_refresh_token(&dir).as_deref(), Some("rt-0"));
    assert_eq!(recorder.count(GoTrueAuthEvent::GOTRUE_AUTH_EVENT_SIGNED_OUT), 0);
    let started = Instant::now();
    drop(c);
    assert!(started.elapsed() < Duration::from_secs(2), "free stops the refresher promptly");
}
