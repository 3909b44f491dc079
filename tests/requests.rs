//! Non-blocking calls against the loopback fault fixture (slow answers, 5xx): completion by
//! poll and by callback, exactly once; cancellation of queued, running and backing-off
//! requests; freeing a client with requests in flight; ABI misuse. The same flows against
//! the real server are in server_requests.rs.

mod common;
#[path = "common/requests.rs"]
mod requests;

use common::fixture::{Fixture, Reply};
use common::*;
use gotrue::ffi::GoTrueErrorCode;
use gotrue::ffi::*;
use requests::*;
use serde_json::json;
use std::ptr::{null, null_mut};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

fn user_json() -> serde_json::Value {
    json!({"id":"11111111-2222-3333-4444-555555555555","aud":"authenticated","role":"authenticated","email":"fixture@example.com"})
}

/// A fixture answering GET /user after `delay`.
fn user_fixture(delay: Duration) -> Fixture {
    Fixture::start(move |_| Reply::json(200, user_json()).delayed(delay))
}

fn client_for(url: &str, extra: &str) -> Client {
    Client::new(url, "anon", Some(&format!("{{\"max_retries\":0{extra}}}"))).unwrap()
}

fn get_user(c: &Client, counter: Option<&Counter>) -> Req {
    let jwt = cs("some.jwt.value");
    start(|cb, ud, fin, out| unsafe { gotrue_client_get_user_start(c.ptr(), jwt.as_ptr(), cb, ud, fin, out) }, counter).unwrap()
}

#[test]
fn poll_hands_back_each_request_once_with_its_result() {
    let fixture = user_fixture(Duration::ZERO);
    let c = client_for(&fixture.url, "");
    let reqs: Vec<Req> = (0..200).map(|_| get_user(&c, None)).collect();
    let seen = poll_until(c.ptr(), reqs.len(), Duration::from_secs(30));
    assert_eq!(seen.len(), reqs.len());
    for r in &reqs {
        assert!(seen.contains(&(r.0 as usize)));
        assert_eq!(r.status(), SUCCEEDED);
        r.error().unwrap();
        let user: serde_json::Value = serde_json::from_str(&r.take_string().unwrap().unwrap()).unwrap();
        assert_eq!(user["id"], user_json()["id"]);
        // The first take took it; there is no session for get_user.
        assert_eq!(r.take_string().unwrap(), None);
        assert!(r.take_session().unwrap().is_none());
    }
    // Nothing more to poll.
    assert!(poll_until(c.ptr(), 1, Duration::from_millis(50)).is_empty());
    assert_eq!(fixture.count("/user"), 200);
    assert_eq!(unsafe { gotrue_client_requests_in_flight(c.ptr()) }, 0);
}

#[test]
fn callbacks_run_once_on_a_worker_then_the_finalizer() {
    let fixture = user_fixture(Duration::from_millis(5));
    let c = client_for(&fixture.url, ",\"request_workers\":3");
    let counters: Vec<Counter> = (0..50).map(|_| Counter::default()).collect();
    let reqs: Vec<Req> = counters.iter().map(|k| get_user(&c, Some(k))).collect();
    assert!(eventually(Duration::from_secs(30), || counters.iter().all(|k| k.finalized() == 1)));
    let me = std::thread::current().id();
    let mut threads = std::collections::HashSet::new();
    for (k, r) in counters.iter().zip(&reqs) {
        assert_eq!((k.callbacks(), k.finalized(), k.out_of_order.load(Ordering::SeqCst)), (1, 1, 0));
        assert_eq!(*k.status.lock().unwrap(), Some(SUCCEEDED));
        let t = k.thread.lock().unwrap().unwrap();
        assert_ne!(t, me, "callback ran on the starting thread");
        threads.insert(t);
        assert!(r.take_string().unwrap().is_some());
    }
    assert!(threads.len() <= 3, "more workers than request_workers: {}", threads.len());
    // Callback-mode requests never show up in poll.
    assert!(poll_until(c.ptr(), 1, Duration::from_millis(50)).is_empty());
}

#[test]
fn same_errors_as_the_blocking_call() {
    let fixture = Fixture::start(|_| Reply::json(403, json!({"code":"bad_jwt","message":"invalid JWT"})));
    let c = client_for(&fixture.url, "");
    let r = get_user(&c, None);
    assert!(r.wait(10_000));
    assert_eq!(r.status(), FAILED);
    let e = r.error().unwrap_err();
    assert_eq!((e.code, e.http_status, e.server_code.as_deref()), (GoTrueErrorCode::BadJwt, 403, Some("bad_jwt")));
    // Every result accessor returns the same error (a copy each time).
    assert_eq!(r.take_string().unwrap_err().code, GoTrueErrorCode::BadJwt);
    assert_eq!(r.take_session().err().unwrap().code, GoTrueErrorCode::BadJwt);
    let blocking = {
        let (jwt, mut out) = (cs("some.jwt.value"), null_mut());
        check(unsafe { gotrue_client_get_user(c.ptr(), jwt.as_ptr(), &mut out) }).unwrap_err()
    };
    assert_eq!((blocking.code, blocking.message), (e.code, e.message));
    // Malformed options JSON is the blocking call's error too, through the request.
    let (email, opts) = (cs("a@example.com"), cs("{"));
    let r = start(
        |cb, ud, fin, out| unsafe {
            gotrue_client_sign_in_with_otp_start(c.ptr(), email.as_ptr(), null(), opts.as_ptr(), cb, ud, fin, out)
        },
        None,
    )
    .unwrap();
    assert!(r.wait(10_000));
    assert_eq!(r.error().unwrap_err().code, GoTrueErrorCode::InvalidJson);
    assert_eq!(fixture.count("/otp"), 0);
}

#[test]
fn cancel_drops_the_request_in_flight() {
    let fixture = user_fixture(Duration::from_secs(20));
    let c = client_for(&fixture.url, "");
    let counter = Counter::default();
    let r = get_user(&c, Some(&counter));
    assert!(eventually(Duration::from_secs(10), || fixture.count("/user") == 1), "request never reached the fixture");
    assert_eq!(r.status(), PENDING);
    assert_eq!(r.error().unwrap_err().code, GoTrueErrorCode::RequestPending);
    assert_eq!(r.take_session().err().unwrap().code, GoTrueErrorCode::RequestPending);
    let t0 = Instant::now();
    r.cancel();
    assert!(r.wait(5_000), "cancelled request did not complete");
    assert!(t0.elapsed() < Duration::from_secs(2), "cancel took {:?}", t0.elapsed());
    assert_eq!(r.status(), CANCELLED);
    assert_eq!(r.error().unwrap_err().code, GoTrueErrorCode::Cancelled);
    assert!(eventually(Duration::from_secs(2), || counter.finalized() == 1));
    assert_eq!((counter.callbacks(), counter.finalized()), (1, 1));
    // Cancelling again, or a completed request, changes nothing.
    r.cancel();
    assert_eq!(r.status(), CANCELLED);
    assert_eq!((counter.callbacks(), counter.finalized()), (1, 1));
    // The worker is free again at once: the next request is not stuck behind the old one.
    assert_eq!(fixture.count("/user"), 1);
}

#[test]
fn cancel_closes_the_connection_of_the_request_in_flight() {
    // A server that reads the request and never answers: after the cancel, the library must
    // close the connection (the request is dropped, not left open in the background).
    use std::io::Read;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let c = client_for(&url, "");
    let r = get_user(&c, None);
    let (mut conn, _) = listener.accept().unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut buf = [0u8; 4096];
    let n = conn.read(&mut buf).unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("GET /user"));
    r.cancel();
    assert!(r.wait(5_000));
    assert_eq!(r.status(), CANCELLED);
    let t0 = Instant::now();
    loop {
        match conn.read(&mut buf) {
            Ok(0) => break,
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(e) => panic!("the connection stayed open after the cancel ({e}, {:?})", t0.elapsed()),
        }
    }
    assert!(t0.elapsed() < Duration::from_secs(2), "connection closed only after {:?}", t0.elapsed());
}

#[test]
fn cancel_of_a_queued_request_completes_it_inside_the_call() {
    let fixture = user_fixture(Duration::from_secs(20));
    let c = client_for(&fixture.url, ",\"request_workers\":1");
    let (first_counter, second_counter) = (Counter::default(), Counter::default());
    let first = get_user(&c, Some(&first_counter));
    let second = get_user(&c, Some(&second_counter));
    assert!(eventually(Duration::from_secs(10), || fixture.count("/user") == 1));
    assert_eq!(unsafe { gotrue_client_requests_in_flight(c.ptr()) }, 2);
    second.cancel();
    assert!(second.is_done(), "a queued request must complete inside gotrue_request_cancel");
    assert_eq!(second.status(), CANCELLED);
    assert_eq!((second_counter.callbacks(), second_counter.finalized()), (1, 1));
    assert_eq!(*second_counter.thread.lock().unwrap(), Some(std::thread::current().id()));
    first.cancel();
    assert!(first.wait(5_000));
    // The cancelled queued one never reached the server.
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(fixture.count("/user"), 1);
}

#[test]
fn cancel_wakes_a_retry_backoff() {
    let fixture = Fixture::start(|_| Reply::json(503, json!({"message":"down"})));
    let c = Client::new(&fixture.url, "anon", Some(r#"{"max_retries":5,"retry_base_delay_ms":5000,"max_retry_delay_ms":5000}"#)).unwrap();
    let r = get_user(&c, None);
    assert!(eventually(Duration::from_secs(10), || fixture.count("/user") == 1));
    std::thread::sleep(Duration::from_millis(50));
    let t0 = Instant::now();
    r.cancel();
    assert!(r.wait(3_000));
    assert!(t0.elapsed() < Duration::from_secs(1), "backoff not interrupted: {:?}", t0.elapsed());
    assert_eq!(r.status(), CANCELLED);
    assert_eq!(fixture.count("/user"), 1, "no attempt may start after the cancel");
}

#[test]
fn freeing_the_handle_early_cancels_and_skips_the_callback() {
    let fixture = user_fixture(Duration::from_secs(20));
    let c = client_for(&fixture.url, "");
    let counter = Counter::default();
    let r = get_user(&c, Some(&counter));
    assert!(eventually(Duration::from_secs(10), || fixture.count("/user") == 1));
    drop(r);
    assert!(eventually(Duration::from_secs(5), || counter.finalized() == 1), "finalizer did not run");
    assert_eq!(counter.callbacks(), 0, "callback ran for a freed handle");
    // Poll mode: a freed request is never handed out.
    let polled = get_user(&c, None);
    drop(polled);
    assert!(poll_until(c.ptr(), 1, Duration::from_millis(300)).is_empty());
}

#[test]
fn cancel_storm_from_other_threads_completes_each_exactly_once() {
    // Slow, varied answers: requests are queued, running or done when the cancels land.
    let n = AtomicUsize::new(0);
    let fixture = Fixture::start(move |_| {
        Reply::json(200, user_json()).delayed(Duration::from_millis((n.fetch_add(7, Ordering::Relaxed) % 40) as u64))
    });
    let c = client_for(&fixture.url, ",\"request_workers\":8");
    let total = 1000;
    let counters: Arc<Vec<Counter>> = Arc::new((0..total).map(|_| Counter::default()).collect());
    let reqs: Arc<Vec<Req>> = Arc::new(counters.iter().map(|k| get_user(&c, Some(k))).collect());
    let storm: Vec<_> = (0..4)
        .map(|t| {
            let reqs = reqs.clone();
            std::thread::spawn(move || {
                let mut x: u64 = 0x9e3779b97f4a7c15 ^ t;
                for _ in 0..600 {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    reqs[(x % total as u64) as usize].cancel();
                    if x % 3 == 0 {
                        std::thread::sleep(Duration::from_micros(x % 3000));
                    }
                }
            })
        })
        .collect();
    for t in storm {
        t.join().unwrap();
    }
    assert!(eventually(Duration::from_secs(120), || counters.iter().all(|k| k.finalized() == 1)), "not every request completed");
    let mut cancelled = 0;
    for (k, r) in counters.iter().zip(reqs.iter()) {
        assert_eq!((k.callbacks(), k.finalized(), k.out_of_order.load(Ordering::SeqCst)), (1, 1, 0));
        match r.status() {
            SUCCEEDED => assert!(r.take_string().unwrap().is_some()),
            CANCELLED => cancelled += 1,
            other => panic!("unexpected status {other:?}: {:?}", r.error()),
        }
    }
    assert!(cancelled > 0, "the storm cancelled nothing");
    eprintln!("cancel storm: {cancelled} of {total} cancelled");
}

#[test]
fn free_with_requests_in_flight_cancels_all_and_no_callback_runs_after() {
    let fixture = user_fixture(Duration::from_secs(20));
    let c = client_for(&fixture.url, "");
    let counters: Vec<Counter> = (0..200).map(|_| Counter::default()).collect();
    let reqs: Vec<Req> = counters.iter().map(|k| get_user(&c, Some(k))).collect();
    let polled: Vec<Req> = (0..20).map(|_| get_user(&c, None)).collect();
    assert!(eventually(Duration::from_secs(10), || fixture.count("/user") == 4), "the four workers never started");
    let t0 = Instant::now();
    drop(c); // gotrue_client_free
    assert!(t0.elapsed() < Duration::from_secs(5), "free waited {:?}", t0.elapsed());
    let after: Vec<(usize, usize)> = counters.iter().map(|k| (k.callbacks(), k.finalized())).collect();
    assert!(after.iter().all(|&x| x == (1, 1)), "not all completed before free returned");
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(after, counters.iter().map(|k| (k.callbacks(), k.finalized())).collect::<Vec<_>>(), "a callback ran after free");
    // The handles outlive the client: readable, then freed (by drop).
    for r in reqs.iter().chain(&polled) {
        assert!(r.is_done());
        assert_eq!(r.status(), CANCELLED);
        assert_eq!(r.take_string().unwrap_err().code, GoTrueErrorCode::Cancelled);
    }
}

#[test]
fn a_refresh_led_by_a_cancelled_request_does_not_fail_its_blocking_waiters() {
    let fixture = Fixture::start(|req| match req.path() {
        "/token" => Reply::json(200, session_json(3600, "rt-new")).delayed(Duration::from_millis(800)),
        _ => Reply::json(404, json!({})),
    });
    let c = Arc::new(client_for(&fixture.url, ""));
    let token = cs("rt-old");
    let r =
        start(|cb, ud, fin, out| unsafe { gotrue_client_refresh_session_start(c.ptr(), token.as_ptr(), cb, ud, fin, out) }, None).unwrap();
    assert!(eventually(Duration::from_secs(10), || fixture.count("/token") == 1));
    let waiting = Arc::new(AtomicBool::new(false));
    let blocking = {
        let (c, waiting) = (c.clone(), waiting.clone());
        std::thread::spawn(move || {
            let (token, mut out) = (cs("rt-old"), null_mut());
            waiting.store(true, Ordering::SeqCst);
            let result = check(unsafe { gotrue_client_refresh_session(c.ptr(), token.as_ptr(), &mut out) });
            result.map(|()| session(out).unwrap().refresh_token())
        })
    };
    assert!(eventually(Duration::from_secs(5), || waiting.load(Ordering::SeqCst)));
    std::thread::sleep(Duration::from_millis(100)); // joins the flight of the cancelled request
    r.cancel();
    assert!(r.wait(5_000));
    assert_eq!(r.status(), CANCELLED);
    assert_eq!(blocking.join().unwrap().expect("the blocking refresh must not see the other's cancel"), "rt-new");
    // Its own request after the cancelled one: two in all.
    assert_eq!(fixture.count("/token"), 2);
}

// --- misuse --------------------------------------------------------------------------------

#[test]
fn start_checks_its_handles_at_once_and_keeps_user_data_on_failure() {
    let c = client();
    let counter = Counter::default();
    let ud = &counter as *const Counter as *mut std::ffi::c_void;
    let (email, pw) = (cs("a@example.com"), cs("pw"));
    let mut out = SENTINEL;
    let call = |client: *const GoTrueClient, out: *mut *mut GoTrueRequest| unsafe {
        gotrue_client_sign_in_with_password_start(
            client,
            email.as_ptr(),
            null(),
            pw.as_ptr(),
            null(),
            Some(on_complete),
            ud,
            Some(on_finalize),
            out,
        )
    };
    assert_eq!(code(call(null(), &mut out)), GoTrueErrorCode::NullArgument);
    assert_eq!(code(call(c.ptr(), null_mut())), GoTrueErrorCode::NullArgument);
    assert_eq!(out, SENTINEL, "a failed start wrote its out-parameter");
    assert_eq!((counter.callbacks(), counter.finalized()), (0, 0), "a failed start ran a callback or the finalizer");
}

/// String arguments are the blocking call's to check: a NULL required string, invalid UTF-8
/// and arguments that parse but are wrong each complete the request with the blocking call's error.
#[test]
fn argument_errors_complete_the_request_with_the_blocking_calls_error() {
    let c = client();
    let (email, pw) = (cs("a@example.com"), cs("pw"));
    type Args = (*const std::ffi::c_char, *const std::ffi::c_char);
    let cases: [(Args, GoTrueErrorCode); 4] = [
        ((email.as_ptr(), null()), GoTrueErrorCode::NullArgument),
        ((email.as_ptr(), bad()), GoTrueErrorCode::InvalidUtf8),
        ((bad(), pw.as_ptr()), GoTrueErrorCode::InvalidUtf8),
        ((null(), pw.as_ptr()), GoTrueErrorCode::InvalidArgument),
    ];
    for ((email, password), expected) in cases {
        let counter = Counter::default();
        let r = start(
            |cb, ud, fin, out| unsafe {
                gotrue_client_sign_in_with_password_start(c.ptr(), email, null(), password, null(), cb, ud, fin, out)
            },
            Some(&counter),
        )
        .expect("the start call itself succeeds");
        assert!(eventually(Duration::from_secs(10), || counter.finalized() == 1));
        assert_eq!(counter.callbacks(), 1);
        assert_eq!(r.status(), FAILED);
        assert_eq!(r.error().unwrap_err().code, expected);
    }
}

const SENTINEL: *mut GoTrueRequest = 0x5e47 as *mut GoTrueRequest;

#[test]
fn request_accessors_and_poll_reject_null() {
    let c = client();
    let mut status = PENDING;
    let mut s = null_mut();
    let mut text = null_mut();
    let mut count = 7usize;
    let mut buf = [null_mut(); 4];
    unsafe {
        assert_eq!(code(gotrue_client_poll(null(), 4, buf.as_mut_ptr(), &mut count)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_poll(c.ptr(), 4, null_mut(), &mut count)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_poll(c.ptr(), 4, buf.as_mut_ptr(), null_mut())), GoTrueErrorCode::NullArgument);
        assert_eq!(count, 7);
        check(gotrue_client_poll(c.ptr(), 0, null_mut(), &mut count)).unwrap();
        assert_eq!(count, 0);
        assert_eq!(code(gotrue_request_status(null(), &mut status)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_request_error(null())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_request_take_session(null_mut(), &mut s)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_request_take_string(null_mut(), &mut text)), GoTrueErrorCode::NullArgument);
        assert!(!gotrue_request_is_done(null()));
        assert!(!gotrue_request_wait(null(), 10));
        assert_eq!(gotrue_client_requests_in_flight(null()), 0);
        gotrue_request_cancel(null());
        gotrue_request_free(null_mut());
    }
    let r = get_user(&c, None);
    assert!(r.wait(10_000));
    assert_eq!(r.status(), FAILED);
    assert_eq!(r.error().unwrap_err().code, GoTrueErrorCode::Network);
    unsafe {
        assert_eq!(code(gotrue_request_status(r.0, null_mut())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_request_take_session(r.0, null_mut())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_request_take_string(r.0, null_mut())), GoTrueErrorCode::NullArgument);
    }
    assert!(s.is_null() && text.is_null());
}

#[test]
fn request_workers_option_is_checked() {
    for bad in ["0", "65", "-1", "\"4\""] {
        let e = Client::new("http://127.0.0.1:1", "k", Some(&format!("{{\"request_workers\":{bad}}}"))).err().expect(bad);
        assert!(matches!(e.code, GoTrueErrorCode::InvalidArgument | GoTrueErrorCode::InvalidJson), "{bad}: {e:?}");
    }
    Client::new("http://127.0.0.1:1", "k", Some("{\"request_workers\":64}")).unwrap();
}
