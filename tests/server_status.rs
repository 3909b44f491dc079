//! Cached session reads and the session status against the real Supabase Auth server
//! (GOTRUE_TEST_URL). The transient refresh failure comes from a switchable pass-through
//! proxy (tests/common/proxy.rs) in front of the real server: it forwards everything until
//! told to answer 503, a fault the real server cannot be made to produce on demand.

mod common;
#[path = "common/proxy.rs"]
mod proxy;
#[path = "common/lifecycle.rs"]
mod support;

use common::fixture::{Fixture, Reply};
use common::*;
use gotrue::ffi::auth::*;
use gotrue::ffi::client::*;
use gotrue::ffi::error::{GoTrueError, GoTrueErrorCode, gotrue_error_free, gotrue_error_http_status};
use gotrue::ffi::events::GoTrueAuthEvent;
use gotrue::ffi::session::*;
use gotrue::ffi::status::{GoTrueSessionStatus, gotrue_client_session_status};
use gotrue::ffi::user::gotrue_client_current_user;
use serde_json::{Value, json};
use std::ptr::{null, null_mut};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use support::*;

const PASSWORD: &str = "status-Password-1";

/// A proxy in front of the real server that answers 503 while `failing` is set.
fn switchable_proxy() -> (Fixture, Arc<AtomicBool>) {
    let upstream = server().url;
    let failing = Arc::new(AtomicBool::new(false));
    let flag = failing.clone();
    let fixture =
        Fixture::start(
            move |req| {
                if flag.load(Ordering::SeqCst) { Reply::text(503, "maintenance") } else { proxy::forward(&upstream, req) }
            },
        );
    (fixture, failing)
}

fn sign_up(c: &Client) -> Session {
    let (email, pw) = (cs(&unique_email("status")), cs(PASSWORD));
    let mut s = null_mut();
    check(unsafe { gotrue_client_sign_up(c.ptr(), email.as_ptr(), null(), pw.as_ptr(), null(), &mut s, null_mut()) }).unwrap();
    session(s).expect("autoconfirm signs the user in")
}

fn current_session(c: &Client) -> Option<Session> {
    let mut out = null_mut();
    check(unsafe { gotrue_client_current_session(c.ptr(), &mut out) }).unwrap();
    session(out)
}

fn current_user(c: &Client) -> Option<Value> {
    let mut out = null_mut();
    check(unsafe { gotrue_client_current_user(c.ptr(), &mut out) }).unwrap();
    (!out.is_null()).then(|| serde_json::from_str(&take_string(out)).unwrap())
}

/// The status, whether it is a sign-out, and the last error's (code, http status).
fn status(c: &Client) -> (GoTrueSessionStatus, bool, Option<(GoTrueErrorCode, u16)>) {
    let (mut st, mut sign_out, mut err) = (GoTrueSessionStatus::GOTRUE_SESSION_STATUS_INITIALIZING, true, null_mut::<GoTrueError>());
    check(unsafe { gotrue_client_session_status(c.ptr(), &mut st, &mut sign_out, &mut err) }).unwrap();
    let last = (!err.is_null()).then(|| unsafe {
        let pair = (gotrue::ffi::error::gotrue_error_code(err), gotrue_error_http_status(err));
        gotrue_error_free(err);
        pair
    });
    (st, sign_out, last)
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_current_session_is_the_stored_one_without_any_request() {
    let env = server();
    let (f, _) = switchable_proxy();
    let c = Client::new(&f.url, &env.anon_key, None).unwrap();
    assert!(current_session(&c).is_none());
    assert!(current_user(&c).is_none());
    let signed_up = sign_up(&c);
    let before = f.requests().len();
    let cached = current_session(&c).expect("the session just stored");
    assert_eq!(cached.refresh_token(), signed_up.refresh_token());
    assert_eq!(current_user(&c).unwrap()["id"], json!(signed_up.user_id()));
    assert_eq!(f.requests().len(), before, "a cached read makes no request");

    // An expired session is handed back as it is, still with no request and no refresh.
    let dir = temp_dir("status-cached");
    let a = Client::new(&env.url, &env.anon_key, Some(&file_options(&dir, json!({})))).unwrap();
    let first = sign_up(&a);
    drop(a);
    let mut v = stored(&dir).unwrap();
    v["expires_at"] = json!(1);
    v.as_object_mut().unwrap().remove("received_at");
    seed(&dir, &v);
    let b = Client::new(&f.url, &env.anon_key, Some(&file_options(&dir, json!({"max_retries": 0})))).unwrap();
    let failing_before = f.requests().len();
    assert!(current_session(&b).is_none(), "nothing loaded before initialize");
    let _ = initialize(&b).unwrap();
    let refreshed = current_session(&b).unwrap();
    assert_ne!(refreshed.refresh_token(), first.refresh_token(), "initialize refreshed the expired session");
    let after_init = f.requests().len();
    assert!(after_init > failing_before);
    for _ in 0..5 {
        assert_eq!(current_session(&b).unwrap().refresh_token(), refreshed.refresh_token());
    }
    assert_eq!(f.requests().len(), after_init);
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_status_follows_sign_in_refresh_failure_recovery_and_sign_out() {
    use GoTrueSessionStatus::*;
    let env = server();
    let (f, failing) = switchable_proxy();
    let c = Client::new(&f.url, &env.anon_key, Some(r#"{"max_retries":0}"#)).unwrap();
    assert_eq!(status(&c), (GOTRUE_SESSION_STATUS_INITIALIZING, false, None));
    assert!(initialize(&c).unwrap().is_none());
    assert_eq!(status(&c), (GOTRUE_SESSION_STATUS_NOT_AUTHENTICATED, false, None), "never signed in: not a sign-out");

    let (recorder, _) = Recorder::subscribe(&c);
    let signed_up = sign_up(&c);
    assert_eq!(status(&c), (GOTRUE_SESSION_STATUS_AUTHENTICATED, false, None));

    // The server is briefly unreachable: the refresh fails, the session stays, the app hears of it.
    failing.store(true, Ordering::SeqCst);
    let Err(err) = refresh(&c, None) else { panic!("the refresh must fail while the server answers 503") };
    assert_eq!(err.http_status, 503);
    let kept = current_session(&c).expect("a transient failure keeps the session");
    assert_eq!(kept.refresh_token(), signed_up.refresh_token());
    let (st, _, last) = status(&c);
    assert_eq!(st, GOTRUE_SESSION_STATUS_REFRESH_FAILING);
    assert_eq!(last.expect("the last error").1, 503);
    let failed: Vec<_> =
        recorder.events.lock().unwrap().iter().filter(|(e, _)| *e == GoTrueAuthEvent::GOTRUE_AUTH_EVENT_REFRESH_FAILED).cloned().collect();
    assert_eq!(failed.len(), 1, "one REFRESH_FAILED per failed refresh");
    assert_eq!(failed[0].1.as_deref(), Some(signed_up.refresh_token().as_str()), "it carries the kept session");

    // A refresh of some other token that fails is not the current session's failure.
    let other = cs("not-the-current-token");
    let mut out = null_mut();
    assert!(check(unsafe { gotrue_client_refresh_session(c.ptr(), other.as_ptr(), &mut out) }).is_err());
    assert_eq!(recorder.count(GoTrueAuthEvent::GOTRUE_AUTH_EVENT_REFRESH_FAILED), 1);

    // Back online: the next refresh succeeds and the status recovers.
    failing.store(false, Ordering::SeqCst);
    let fresh = refresh(&c, None).unwrap();
    assert_ne!(fresh.refresh_token(), signed_up.refresh_token());
    assert_eq!(status(&c), (GOTRUE_SESSION_STATUS_AUTHENTICATED, false, None));

    check(unsafe { gotrue_client_sign_out(c.ptr(), 1) }).unwrap();
    assert_eq!(status(&c), (GOTRUE_SESSION_STATUS_NOT_AUTHENTICATED, true, None));
    assert!(current_session(&c).is_none());
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_background_refresh_failure_emits_refresh_failed_and_keeps_the_session() {
    let env = server();
    let dir = temp_dir("status-bg");
    let a = Client::new(&env.url, &env.anon_key, Some(&file_options(&dir, json!({})))).unwrap();
    let first = sign_up(&a);
    drop(a);
    // Due within the refresh margin but still valid: the refresher acts at once.
    let mut v = stored(&dir).unwrap();
    v["expires_at"] = json!(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() + 40);
    v.as_object_mut().unwrap().remove("received_at");
    seed(&dir, &v);
    let (f, failing) = switchable_proxy();
    failing.store(true, Ordering::SeqCst);
    let b = Client::new(&f.url, &env.anon_key, Some(&file_options(&dir, json!({"max_retries": 0})))).unwrap();
    let (recorder, _) = Recorder::subscribe(&b);
    // initialize's own refresh fails (on-demand) and keeps the still-valid session; the
    // failure is announced after INITIAL_SESSION.
    let resumed = initialize(&b).unwrap().expect("kept while valid");
    assert_eq!(resumed.refresh_token(), first.refresh_token());
    assert_eq!(
        recorder.kinds(),
        vec![GoTrueAuthEvent::GOTRUE_AUTH_EVENT_INITIAL_SESSION, GoTrueAuthEvent::GOTRUE_AUTH_EVENT_REFRESH_FAILED]
    );
    check(unsafe { gotrue_client_start_auto_refresh(b.ptr()) }).unwrap();
    wait_for("a background REFRESH_FAILED", || recorder.count(GoTrueAuthEvent::GOTRUE_AUTH_EVENT_REFRESH_FAILED) >= 2);
    assert_eq!(status(&b).0, GoTrueSessionStatus::GOTRUE_SESSION_STATUS_REFRESH_FAILING);
    assert_eq!(stored_refresh_token(&dir).as_deref(), Some(first.refresh_token().as_str()), "still stored");
    failing.store(false, Ordering::SeqCst);
    wait_for("the background refresh to recover", || recorder.count(GoTrueAuthEvent::GOTRUE_AUTH_EVENT_TOKEN_REFRESHED) >= 1);
    assert_eq!(status(&b).0, GoTrueSessionStatus::GOTRUE_SESSION_STATUS_AUTHENTICATED);
    check(unsafe { gotrue_client_stop_auto_refresh(b.ptr()) }).unwrap();
}

#[test]
fn misuse_of_the_cached_reads_and_status_is_an_error_code() {
    let c = client();
    unsafe {
        assert_eq!(code(gotrue_client_current_session(null(), &mut null_mut())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_current_session(c.ptr(), null_mut())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_current_user(null(), &mut null_mut())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_current_user(c.ptr(), null_mut())), GoTrueErrorCode::NullArgument);
        let mut st = GoTrueSessionStatus::GOTRUE_SESSION_STATUS_AUTHENTICATED;
        assert_eq!(code(gotrue_client_session_status(null(), &mut st, null_mut(), null_mut())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_session_status(c.ptr(), null_mut(), null_mut(), null_mut())), GoTrueErrorCode::NullArgument);
        // Optional out-parameters may be NULL.
        check(gotrue_client_session_status(c.ptr(), &mut st, null_mut(), null_mut())).unwrap();
        assert_eq!(st, GoTrueSessionStatus::GOTRUE_SESSION_STATUS_INITIALIZING);
    }
}
