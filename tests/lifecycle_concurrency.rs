//! Refresh coalescing under load, against a fixture that answers refreshes slowly so calls
//! overlap, and counts them. The real-server versions are in tests/server_lifecycle.rs.

mod common;
#[path = "common/lifecycle.rs"]
mod support;

use common::fixture::Fixture;
use common::*;
use gotrue::ffi::GoTrueAuthEvent;
use serde_json::json;
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use support::*;

#[test]
fn thirty_two_threads_refreshing_one_token_make_one_request() {
    let fixture = Fixture::start(refresh_answers(3600, Duration::from_millis(300)));
    let dir = temp_dir("coalesce");
    seed(&dir, &session_json(3600, "rt-0"));
    let c = Arc::new(Client::new(&fixture.url, "anon", Some(&file_options(&dir, json!({})))).unwrap());
    initialize(&c).unwrap();
    let (recorder, _) = Recorder::subscribe(&c);
    // Every thread captured the same token before the barrier.
    let token = get_session(&c).unwrap().unwrap().refresh_token();
    let got = refresh_from_threads(&c, &token, 32);
    assert_eq!(fixture.count(REFRESH), 1, "exactly one refresh request");
    assert_eq!(got, HashSet::from(["rt-1".to_owned()]), "all threads got its result");
    assert_eq!(recorder.count(GoTrueAuthEvent::GOTRUE_AUTH_EVENT_TOKEN_REFRESHED), 1);
    assert_eq!(stored_refresh_token(&dir).as_deref(), Some("rt-1"));
    // Late callers with the already-exchanged token get the same session, still no request.
    assert_eq!(refresh(&c, Some(&token)).unwrap().refresh_token(), "rt-1");
    assert_eq!(fixture.count(REFRESH), 1);
}

/// 64 threads call get-session and get-user in a loop for `duration` while the access token
/// expires every ~2 s (expires_in 2, margin 1), with the auto-refresher running too.
fn hammer(url: &str, duration: Duration, dir: &std::path::Path) -> (Arc<Recorder>, usize) {
    let options = file_options(dir, json!({"refresh_margin_secs": 1, "auto_refresh": true}));
    let c = Arc::new(Client::new(url, "anon", Some(&options)).unwrap());
    let (recorder, _) = Recorder::subscribe(&c);
    initialize(&c).unwrap().expect("seeded session");
    let stop = Arc::new(AtomicBool::new(false));
    let calls = Arc::new(AtomicUsize::new(0));
    let threads: Vec<_> = (0..64)
        .map(|i| {
            let (c, stop, calls) = (c.clone(), stop.clone(), calls.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let s = get_session(&c).unwrap().expect("never signed out");
                    assert!(!s.access_token().is_empty());
                    if i % 2 == 0 {
                        let mut out = std::ptr::null_mut();
                        check(unsafe { gotrue::ffi::gotrue_client_get_user(c.ptr(), std::ptr::null(), &mut out) }).unwrap();
                        take_string(out);
                    }
                    calls.fetch_add(1, Ordering::Relaxed);
                    std::thread::sleep(Duration::from_millis(5));
                }
            })
        })
        .collect();
    std::thread::sleep(duration);
    stop.store(true, Ordering::Relaxed);
    for t in threads {
        t.join().expect("no worker panicked");
    }
    let started = Instant::now();
    drop(c);
    assert!(started.elapsed() < Duration::from_secs(3), "free does not hang");
    (recorder, calls.load(Ordering::Relaxed))
}

#[test]
fn sixty_four_threads_for_ten_seconds_refresh_once_per_expiry() {
    let fixture = Fixture::start(refresh_answers(2, Duration::from_millis(50)));
    let dir = temp_dir("hammer");
    seed(&dir, &session_json(2, "rt-0"));
    let (recorder, calls) = hammer(&fixture.url, Duration::from_secs(10), &dir);
    let sent = refresh_tokens_sent(&fixture.requests());
    // Every token was exchanged exactly once: one request per expiry, never a repeat.
    let unique: HashSet<&String> = sent.iter().collect();
    assert_eq!(unique.len(), sent.len(), "a refresh token was sent twice: {sent:?}");
    // Tokens last 2 s and are refreshed when under 1 s remains (whole seconds): 5..=11 in 10 s.
    assert!((4..=11).contains(&sent.len()), "refreshes: {}", sent.len());
    assert_eq!(recorder.count(GoTrueAuthEvent::GOTRUE_AUTH_EVENT_SIGNED_OUT), 0);
    assert_eq!(recorder.count(GoTrueAuthEvent::GOTRUE_AUTH_EVENT_TOKEN_REFRESHED), sent.len());
    assert!(calls > 1000, "threads made progress: {calls}");
    assert!(stored(&dir).is_some());
}
