//! Non-blocking calls against the real Supabase Auth server (GOTRUE_TEST_URL): the same
//! results, errors, session, storage and events as the blocking calls; 1,000 requests in
//! flight on one client; cancel storms with the fixture slowing the server's answers; free
//! with 200 in flight; a refresh cancelled after the server rotated the token. The fixture
//! only relays (tests/common/proxy.rs) and delays; every answer is the real server's.

mod common;
#[path = "common/proxy.rs"]
mod proxy;
#[path = "common/requests.rs"]
mod requests;
#[path = "common/lifecycle.rs"]
mod support;

use common::fixture::Fixture;
use common::*;
use gotrue::core::totp;
use gotrue::ffi::GoTrueAuthEvent;
use gotrue::ffi::GoTrueErrorCode;
use gotrue::ffi::*;
use requests::*;
use serde_json::Value;
use std::ptr::{null, null_mut};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};
use support::Recorder;

const PASSWORD: &str = "requests-Password-1";
const WAIT: u32 = 60_000;

fn new_client() -> Client {
    let env = server();
    Client::new(&env.url, &env.anon_key, None).unwrap()
}

/// Signs a new user up with the blocking call; returns (email, session).
fn signed_up(c: &Client, tag: &str) -> (String, Session) {
    let email = unique_email(tag);
    let (e, p) = (cs(&email), cs(PASSWORD));
    let mut s = null_mut();
    check(unsafe { gotrue_client_sign_up(c.ptr(), e.as_ptr(), null(), p.as_ptr(), null(), &mut s, null_mut()) }).unwrap();
    (email, session(s).expect("autoconfirm signs the user in"))
}

fn done(r: Req) -> Req {
    assert!(r.wait(WAIT), "request did not complete");
    r
}

fn current_refresh_token(c: &Client) -> Option<String> {
    let mut s = null_mut();
    check(unsafe { gotrue_client_current_session(c.ptr(), &mut s) }).unwrap();
    session(s).map(|s| s.refresh_token())
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_start_forms_have_the_blocking_semantics() {
    let c = new_client();
    let (recorder, _) = Recorder::subscribe(&c);
    let email = unique_email("req-flow");
    let (e, p) = (cs(&email), cs(PASSWORD));

    // Sign-up: session and user, SIGNED_IN, the client's current session.
    let r = done(
        start(
            |cb, ud, fin, out| unsafe { gotrue_client_sign_up_start(c.ptr(), e.as_ptr(), null(), p.as_ptr(), null(), cb, ud, fin, out) },
            None,
        )
        .unwrap(),
    );
    assert_eq!(r.status(), SUCCEEDED, "{:?}", r.error());
    let s = r.take_session().unwrap().expect("autoconfirm signs in");
    let user: Value = serde_json::from_str(&r.take_string().unwrap().unwrap()).unwrap();
    assert_eq!(user["email"], email.as_str());
    assert_eq!(current_refresh_token(&c), Some(s.refresh_token()));
    assert_eq!(recorder.count(GoTrueAuthEvent::GOTRUE_AUTH_EVENT_SIGNED_IN), 1);

    // Wrong password: the server's error, exactly as the blocking call reports it.
    let wrong = cs("not-the-password");
    let r = done(
        start(
            |cb, ud, fin, out| unsafe {
                gotrue_client_sign_in_with_password_start(c.ptr(), e.as_ptr(), null(), wrong.as_ptr(), null(), cb, ud, fin, out)
            },
            None,
        )
        .unwrap(),
    );
    assert_eq!(r.status(), FAILED);
    let err = r.error().unwrap_err();
    assert_eq!((err.code, err.http_status), (GoTrueErrorCode::InvalidCredentials, 400));

    // Sign-in, by callback this time.
    let counter = Counter::default();
    let r = done(
        start(
            |cb, ud, fin, out| unsafe {
                gotrue_client_sign_in_with_password_start(c.ptr(), e.as_ptr(), null(), p.as_ptr(), null(), cb, ud, fin, out)
            },
            Some(&counter),
        )
        .unwrap(),
    );
    assert!(eventually(Duration::from_secs(5), || counter.finalized() == 1));
    assert_eq!(counter.callbacks(), 1);
    let signed_in = r.take_session().unwrap().unwrap();
    assert_eq!(current_refresh_token(&c), Some(signed_in.refresh_token()));
    assert_eq!(recorder.count(GoTrueAuthEvent::GOTRUE_AUTH_EVENT_SIGNED_IN), 2);

    // get_session, get_user (current session), update_user (USER_UPDATED).
    let r = done(start(|cb, ud, fin, out| unsafe { gotrue_client_get_session_start(c.ptr(), cb, ud, fin, out) }, None).unwrap());
    assert_eq!(r.take_session().unwrap().unwrap().refresh_token(), signed_in.refresh_token());
    let r = done(start(|cb, ud, fin, out| unsafe { gotrue_client_get_user_start(c.ptr(), null(), cb, ud, fin, out) }, None).unwrap());
    let user: Value = serde_json::from_str(&r.take_string().unwrap().unwrap()).unwrap();
    assert_eq!(user["id"], s.user_id().as_str());
    let attrs = cs(r#"{"data":{"level":7}}"#);
    let r = done(
        start(|cb, ud, fin, out| unsafe { gotrue_client_update_user_start(c.ptr(), attrs.as_ptr(), null(), cb, ud, fin, out) }, None)
            .unwrap(),
    );
    let user: Value = serde_json::from_str(&r.take_string().unwrap().unwrap()).unwrap();
    assert_eq!(user["user_metadata"]["level"], 7);
    assert_eq!(recorder.count(GoTrueAuthEvent::GOTRUE_AUTH_EVENT_USER_UPDATED), 1);

    // Refresh: a new token pair, stored, TOKEN_REFRESHED.
    let r =
        done(start(|cb, ud, fin, out| unsafe { gotrue_client_refresh_session_start(c.ptr(), null(), cb, ud, fin, out) }, None).unwrap());
    let refreshed = r.take_session().unwrap().unwrap();
    assert_ne!(refreshed.refresh_token(), signed_in.refresh_token());
    assert_eq!(current_refresh_token(&c), Some(refreshed.refresh_token()));
    assert_eq!(recorder.count(GoTrueAuthEvent::GOTRUE_AUTH_EVENT_TOKEN_REFRESHED), 1);

    // MFA: enroll a TOTP factor, challenge and verify (aal2 session), list, unenroll.
    let name = cs("req-totp");
    let r = done(
        start(|cb, ud, fin, out| unsafe { gotrue_client_mfa_enroll_totp_start(c.ptr(), name.as_ptr(), null(), cb, ud, fin, out) }, None)
            .unwrap(),
    );
    let factor: Value = serde_json::from_str(&r.take_string().unwrap().unwrap()).unwrap();
    let (factor_id, secret) = (cs(factor["id"].as_str().unwrap()), factor["totp"]["secret"].as_str().unwrap().to_owned());
    let code = cs(&totp::code_now(&secret).unwrap());
    let r = done(
        start(
            |cb, ud, fin, out| unsafe {
                gotrue_client_mfa_challenge_and_verify_start(c.ptr(), factor_id.as_ptr(), code.as_ptr(), cb, ud, fin, out)
            },
            None,
        )
        .unwrap(),
    );
    let aal2 = r.take_session().unwrap().expect("aal2 session");
    assert_eq!(gotrue::core::jwt::decode_unverified(&aal2.access_token()).unwrap()["aal"], "aal2");
    assert_eq!(recorder.count(GoTrueAuthEvent::GOTRUE_AUTH_EVENT_MFA_CHALLENGE_VERIFIED), 1);
    let r = done(start(|cb, ud, fin, out| unsafe { gotrue_client_mfa_list_factors_start(c.ptr(), cb, ud, fin, out) }, None).unwrap());
    let factors: Value = serde_json::from_str(&r.take_string().unwrap().unwrap()).unwrap();
    assert_eq!(factors["totp"][0]["id"], factor["id"]);
    let r = done(
        start(|cb, ud, fin, out| unsafe { gotrue_client_mfa_unenroll_start(c.ptr(), factor_id.as_ptr(), cb, ud, fin, out) }, None).unwrap(),
    );
    r.error().unwrap();

    // Sign-out: SIGNED_OUT, no session.
    let r = done(start(|cb, ud, fin, out| unsafe { gotrue_client_sign_out_start(c.ptr(), 1, cb, ud, fin, out) }, None).unwrap());
    r.error().unwrap();
    assert_eq!(r.status(), SUCCEEDED);
    assert_eq!(current_refresh_token(&c), None);
    assert_eq!(recorder.count(GoTrueAuthEvent::GOTRUE_AUTH_EVENT_SIGNED_OUT), 1);
    let r = done(start(|cb, ud, fin, out| unsafe { gotrue_client_get_session_start(c.ptr(), cb, ud, fin, out) }, None).unwrap());
    assert!(r.take_session().unwrap().is_none(), "signed out: no session, and success");

    // Anonymous sign-in.
    let r = done(
        start(|cb, ud, fin, out| unsafe { gotrue_client_sign_in_anonymously_start(c.ptr(), null(), cb, ud, fin, out) }, None).unwrap(),
    );
    let anon = r.take_session().unwrap().unwrap();
    assert!(anon.email().is_none());
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_otp_verify_and_code_exchange_start_forms() {
    let env = server();
    let c = new_client();
    let (email, _) = signed_up(&c, "req-otp");
    // Ask for an OTP (the main instance answers {}), then verify a code the admin API issued.
    let e = cs(&email);
    let r = done(
        start(
            |cb, ud, fin, out| unsafe { gotrue_client_sign_in_with_otp_start(c.ptr(), e.as_ptr(), null(), null(), cb, ud, fin, out) },
            None,
        )
        .unwrap(),
    );
    assert_eq!(r.status(), SUCCEEDED, "{:?}", r.error());
    let admin = Client::new(&env.url, &env.service_role_key, None).unwrap();
    let t = cs("magiclink");
    let r = done(
        start(
            |cb, ud, fin, out| unsafe {
                gotrue_admin_generate_link_start(admin.ptr(), t.as_ptr(), e.as_ptr(), null(), null(), cb, ud, fin, out)
            },
            None,
        )
        .unwrap(),
    );
    let link: Value = serde_json::from_str(&r.take_string().unwrap().unwrap()).unwrap();
    let otp = cs(link["email_otp"].as_str().or(link["properties"]["email_otp"].as_str()).expect("email_otp"));
    let kind = cs("magiclink");
    let r = done(
        start(
            |cb, ud, fin, out| unsafe {
                gotrue_client_verify_otp_start(c.ptr(), e.as_ptr(), null(), otp.as_ptr(), null(), kind.as_ptr(), null(), cb, ud, fin, out)
            },
            None,
        )
        .unwrap(),
    );
    assert_eq!(r.status(), SUCCEEDED, "{:?}", r.error());
    let s = r.take_session().unwrap().expect("verify signs in");
    assert_eq!(s.email().as_deref(), Some(email.as_str()));
    // A bad code: the PKCE verifier the OTP request stored goes to the server, which
    // rejects the code; the verifier is used up, as with the blocking call.
    let code = cs("not-a-real-code");
    let r = done(
        start(|cb, ud, fin, out| unsafe { gotrue_client_exchange_code_for_session_start(c.ptr(), code.as_ptr(), cb, ud, fin, out) }, None)
            .unwrap(),
    );
    assert_eq!(r.error().unwrap_err().code, GoTrueErrorCode::FlowStateNotFound);
    let blocking = check(unsafe { gotrue_client_exchange_code_for_session(c.ptr(), code.as_ptr(), null_mut()) }).unwrap_err();
    assert_eq!(blocking.code, GoTrueErrorCode::PkceVerifierMissing);
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_thousand_requests_in_flight_on_one_client_each_complete_once() {
    let c = new_client();
    let (_, s) = signed_up(&c, "req-1000");
    let jwt = cs(&s.access_token());
    let t0 = Instant::now();
    let reqs: Vec<Req> = (0..1000)
        .map(|_| start(|cb, ud, fin, out| unsafe { gotrue_client_get_user_start(c.ptr(), jwt.as_ptr(), cb, ud, fin, out) }, None).unwrap())
        .collect();
    let started = t0.elapsed();
    assert!(unsafe { gotrue_client_requests_in_flight(c.ptr()) } > 0);
    let seen = poll_until(c.ptr(), reqs.len(), Duration::from_secs(300));
    assert_eq!(seen.len(), 1000, "only {} of 1000 completed", seen.len());
    for r in &reqs {
        assert!(seen.contains(&(r.0 as usize)));
        assert_eq!(r.status(), SUCCEEDED, "{:?}", r.error());
        let user: Value = serde_json::from_str(&r.take_string().unwrap().unwrap()).unwrap();
        assert_eq!(user["id"], s.user_id().as_str());
    }
    assert!(poll_until(c.ptr(), 1, Duration::from_millis(100)).is_empty(), "a request completed twice");
    assert_eq!(unsafe { gotrue_client_requests_in_flight(c.ptr()) }, 0);
    eprintln!("1000 get_user: started in {started:?}, all done in {:?}", t0.elapsed());
}

/// A relay to the real server that holds every answer back for 0..`max_ms` (varied).
fn slow_proxy(max_ms: u64) -> Fixture {
    let upstream = server().url;
    let n = AtomicU64::new(0);
    Fixture::start(move |req| {
        let delay = Duration::from_millis(n.fetch_add(13, Ordering::Relaxed) % max_ms.max(1));
        proxy::forward(&upstream, req).delayed(delay)
    })
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_cancel_storm_with_slow_answers_completes_each_exactly_once() {
    let env = server();
    let fixture = slow_proxy(80);
    let c = Arc::new(Client::new(&fixture.url, &env.anon_key, Some(r#"{"request_workers":8}"#)).unwrap());
    let (_, s) = signed_up(&new_client(), "req-storm");
    let jwt = cs(&s.access_token());
    let total = 400;
    let counters: Arc<Vec<Counter>> = Arc::new((0..total).map(|_| Counter::default()).collect());
    let reqs: Arc<Vec<Req>> = Arc::new(
        counters
            .iter()
            .enumerate()
            .map(|(i, k)| {
                // Half by callback, half by poll.
                let counter = (i % 2 == 0).then_some(k);
                start(|cb, ud, fin, out| unsafe { gotrue_client_get_user_start(c.ptr(), jwt.as_ptr(), cb, ud, fin, out) }, counter).unwrap()
            })
            .collect(),
    );
    let storm: Vec<_> = (0..3u64)
        .map(|t| {
            let reqs = reqs.clone();
            std::thread::spawn(move || {
                let mut x: u64 = 0x2545f4914f6cdd1d ^ (t + 1);
                for _ in 0..300 {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    reqs[(x % total as u64) as usize].cancel();
                    std::thread::sleep(Duration::from_micros(x % 4000));
                }
            })
        })
        .collect();
    let polled = poll_until(c.ptr(), total / 2, Duration::from_secs(300));
    for t in storm {
        t.join().unwrap();
    }
    assert_eq!(polled.len(), total / 2, "not every poll-mode request came back once");
    assert!(eventually(Duration::from_secs(60), || counters.iter().step_by(2).all(|k| k.finalized() == 1)));
    let mut cancelled = 0;
    for (i, r) in reqs.iter().enumerate() {
        if i % 2 == 0 {
            let k = &counters[i];
            assert_eq!((k.callbacks(), k.finalized(), k.out_of_order.load(Ordering::SeqCst)), (1, 1, 0), "request {i}");
        } else {
            assert!(polled.contains(&(r.0 as usize)));
        }
        match r.status() {
            SUCCEEDED => {
                let user: Value = serde_json::from_str(&r.take_string().unwrap().unwrap()).unwrap();
                assert_eq!(user["id"], s.user_id().as_str());
            }
            CANCELLED => cancelled += 1,
            other => panic!("request {i}: {other:?} {:?}", r.error()),
        }
    }
    assert!(poll_until(c.ptr(), 1, Duration::from_millis(100)).is_empty());
    assert!(cancelled > 0 && cancelled < total, "storm cancelled {cancelled} of {total}");
    eprintln!("cancel storm (real server, slowed): {cancelled} of {total} cancelled");
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_free_with_200_in_flight_completes_all_before_returning() {
    let env = server();
    let fixture = slow_proxy(3000);
    let c = Client::new(&fixture.url, &env.anon_key, None).unwrap();
    let (_, s) = signed_up(&new_client(), "req-free");
    let jwt = cs(&s.access_token());
    let counters: Vec<Counter> = (0..200).map(|_| Counter::default()).collect();
    let reqs: Vec<Req> = counters
        .iter()
        .map(|k| {
            start(|cb, ud, fin, out| unsafe { gotrue_client_get_user_start(c.ptr(), jwt.as_ptr(), cb, ud, fin, out) }, Some(k)).unwrap()
        })
        .collect();
    assert!(eventually(Duration::from_secs(10), || fixture.count("/user") >= 4));
    let t0 = Instant::now();
    drop(c);
    let freed_in = t0.elapsed();
    let snapshot: Vec<(usize, usize)> = counters.iter().map(|k| (k.callbacks(), k.finalized())).collect();
    assert!(snapshot.iter().all(|&x| x == (1, 1)), "a request had not completed when free returned");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(snapshot, counters.iter().map(|k| (k.callbacks(), k.finalized())).collect::<Vec<_>>(), "callback after free");
    let cancelled = reqs.iter().filter(|r| r.status() == CANCELLED).count();
    assert!(reqs.iter().all(|r| matches!(r.status(), CANCELLED | SUCCEEDED)));
    assert!(cancelled >= 190, "only {cancelled} of 200 were cancelled");
    assert!(freed_in < Duration::from_secs(5), "free took {freed_in:?}");
    drop(reqs); // the handles outlive their client and are freed normally
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_refresh_cancelled_after_the_server_rotated_leaves_a_usable_session() {
    let env = server();
    let upstream = env.url.clone();
    let slow = Arc::new(AtomicBool::new(true));
    let forwarded = Arc::new(AtomicU64::new(0));
    let fixture = {
        let (slow, forwarded) = (slow.clone(), forwarded.clone());
        Fixture::start(move |req| {
            let reply = proxy::forward(&upstream, req);
            if req.path() == "/token" && slow.load(Ordering::SeqCst) {
                // The server has answered (and rotated the token); the client hears nothing yet.
                forwarded.fetch_add(1, Ordering::SeqCst);
                return reply.delayed(Duration::from_secs(10));
            }
            reply
        })
    };
    let c = Client::new(&fixture.url, &env.anon_key, None).unwrap();
    let (recorder, _) = Recorder::subscribe(&c);
    let email = unique_email("req-refresh");
    let (e, p) = (cs(&email), cs(PASSWORD));
    let mut out = null_mut();
    check(unsafe { gotrue_client_sign_up(c.ptr(), e.as_ptr(), null(), p.as_ptr(), null(), &mut out, null_mut()) }).unwrap();
    let before = session(out).unwrap();

    let r = start(|cb, ud, fin, out| unsafe { gotrue_client_refresh_session_start(c.ptr(), null(), cb, ud, fin, out) }, None).unwrap();
    assert!(eventually(Duration::from_secs(20), || forwarded.load(Ordering::SeqCst) == 1), "refresh never reached the server");
    let t0 = Instant::now();
    r.cancel();
    assert!(r.wait(5_000));
    assert!(t0.elapsed() < Duration::from_secs(2));
    assert_eq!(r.status(), CANCELLED);
    // Nothing changed locally: no event, the same session, no refresh failure recorded.
    assert_eq!(current_refresh_token(&c), Some(before.refresh_token()));
    assert_eq!(recorder.count(GoTrueAuthEvent::GOTRUE_AUTH_EVENT_TOKEN_REFRESHED), 0);
    assert_eq!(recorder.count(GoTrueAuthEvent::GOTRUE_AUTH_EVENT_SIGNED_OUT), 0);
    assert_eq!(recorder.count(GoTrueAuthEvent::GOTRUE_AUTH_EVENT_REFRESH_FAILED), 0);

    // The session is usable: the access token works, and its refresh token is accepted (it
    // is the parent of the token the server issued to the cancelled request).
    slow.store(false, Ordering::SeqCst);
    let mut user = null_mut();
    check(unsafe { gotrue_client_get_user(c.ptr(), null(), &mut user) }).unwrap();
    assert!(take_string(user).contains(&email));
    let r =
        done(start(|cb, ud, fin, out| unsafe { gotrue_client_refresh_session_start(c.ptr(), null(), cb, ud, fin, out) }, None).unwrap());
    assert_eq!(r.status(), SUCCEEDED, "{:?}", r.error());
    let after = r.take_session().unwrap().unwrap();
    assert_eq!(current_refresh_token(&c), Some(after.refresh_token()));
    assert_eq!(recorder.count(GoTrueAuthEvent::GOTRUE_AUTH_EVENT_TOKEN_REFRESHED), 1);
    let mut user = null_mut();
    let jwt = cs(&after.access_token());
    check(unsafe { gotrue_client_get_user(c.ptr(), jwt.as_ptr(), &mut user) }).unwrap();
    assert!(take_string(user).contains(&email));
    // A cancel after completion keeps the result.
    r.cancel();
    assert_eq!(r.status(), SUCCEEDED);
}

/// The `_start` forms generated for the newer APIs (OAuth server admin, audit log, passkeys)
/// give the blocking calls' results and errors, on the instance with those features on.
#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_generated_start_forms_cover_the_newer_apis() {
    let env = server();
    let url = std::env::var("GOTRUE_TEST_FEATURES_URL").unwrap_or_else(|_| env.url.clone());
    let admin = Client::new(&url, &env.service_role_key, None).unwrap();
    let json = |r: Req| -> Value { serde_json::from_str(&done(r).take_string().unwrap().expect("a JSON result")).unwrap() };

    // OAuth client registry: create, read, delete, then the read fails with the server's code.
    let name = format!("start-forms {}", unique_email("oauth"));
    let attrs = cs(&serde_json::json!({"redirect_uris": ["http://127.0.0.1:3000/cb"], "client_name": name}).to_string());
    let created = json(
        start(|cb, ud, fin, out| unsafe { gotrue_admin_oauth_create_client_start(admin.ptr(), attrs.as_ptr(), cb, ud, fin, out) }, None)
            .unwrap(),
    );
    let id = cs(created["client_id"].as_str().expect("a client_id"));
    let got = json(
        start(|cb, ud, fin, out| unsafe { gotrue_admin_oauth_get_client_start(admin.ptr(), id.as_ptr(), cb, ud, fin, out) }, None).unwrap(),
    );
    assert_eq!(got["client_name"], name.as_str());
    let counter = requests::Counter::default();
    let deleted = done(
        start(
            |cb, ud, fin, out| unsafe { gotrue_admin_oauth_delete_client_start(admin.ptr(), id.as_ptr(), cb, ud, fin, out) },
            Some(&counter),
        )
        .unwrap(),
    );
    deleted.error().unwrap();
    assert!(eventually(Duration::from_secs(10), || counter.finalized() == 1));
    assert_eq!((counter.callbacks(), counter.out_of_order.load(Ordering::SeqCst)), (1, 0));
    let gone = done(
        start(|cb, ud, fin, out| unsafe { gotrue_admin_oauth_get_client_start(admin.ptr(), id.as_ptr(), cb, ud, fin, out) }, None).unwrap(),
    );
    assert_eq!(gone.status(), FAILED);
    let e = gone.error().unwrap_err();
    assert_eq!((e.code, e.http_status), (GoTrueErrorCode::OauthClientNotFound, 404), "{e:?}");

    // Audit log, paged as asked.
    let opts = cs(r#"{"page":1,"per_page":1}"#);
    let page = json(
        start(|cb, ud, fin, out| unsafe { gotrue_admin_list_audit_log_start(admin.ptr(), opts.as_ptr(), cb, ud, fin, out) }, None).unwrap(),
    );
    assert!(page["entries"].as_array().expect("entries").len() <= 1, "{page}");

    // Passkeys of a fresh user: none; signed out: the blocking call's SESSION_MISSING.
    let user = Client::new(&url, &env.anon_key, None).unwrap();
    let (e, p) = (cs(&unique_email("req-passkeys")), cs(PASSWORD));
    check(unsafe { gotrue_client_sign_up(user.ptr(), e.as_ptr(), null(), p.as_ptr(), null(), null_mut(), null_mut()) }).unwrap();
    let list = json(start(|cb, ud, fin, out| unsafe { gotrue_client_list_passkeys_start(user.ptr(), cb, ud, fin, out) }, None).unwrap());
    assert_eq!(list, serde_json::json!([]));
    let anonymous = Client::new(&url, &env.anon_key, None).unwrap();
    let r = done(start(|cb, ud, fin, out| unsafe { gotrue_client_list_passkeys_start(anonymous.ptr(), cb, ud, fin, out) }, None).unwrap());
    assert_eq!(r.error().unwrap_err().code, GoTrueErrorCode::SessionMissing);
}
