//! Helpers for the lifecycle tests (storage, events, refresh through the C ABI). Included by
//! those test files with `#[path = "common/lifecycle.rs"] mod support;` next to `mod common;`.
#![allow(dead_code)]

use crate::common::fixture::{Reply, SeenRequest};
use crate::common::*;
use gotrue::ffi::GoTrueAuthEvent;
use gotrue::ffi::GoTrueSession;
use gotrue::ffi::*;
use serde_json::Value;
use std::ffi::c_void;
use std::path::{Path, PathBuf};
use std::ptr::{null, null_mut};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const KEY: &str = "sb-auth-token";

/// A fresh, empty directory for file storage.
pub fn temp_dir(tag: &str) -> PathBuf {
    static N: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir().join(format!("gotrue-lifecycle-{tag}-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed)));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Client options JSON for file storage in `dir`, merged with `extra` (a JSON object).
pub fn file_options(dir: &Path, extra: Value) -> String {
    let mut o = serde_json::json!({"storage": {"type": "file", "path": dir.to_str().unwrap()}});
    if let Value::Object(map) = extra {
        for (k, v) in map {
            o[k] = v;
        }
    }
    o.to_string()
}

/// Writes a session into file storage as an earlier run would have left it.
pub fn seed(dir: &Path, session: &Value) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join(format!("{KEY}.json")), session.to_string()).unwrap();
}

/// The session currently in file storage, if any.
pub fn stored(dir: &Path) -> Option<Value> {
    std::fs::read_to_string(dir.join(format!("{KEY}.json"))).ok().map(|t| serde_json::from_str(&t).unwrap())
}

pub fn stored_refresh_token(dir: &Path) -> Option<String> {
    stored(dir).map(|v| v["refresh_token"].as_str().unwrap().to_owned())
}

pub fn initialize(c: &Client) -> Result<Option<Session>, CError> {
    let mut out = null_mut();
    check(unsafe { gotrue_client_initialize(c.ptr(), &mut out) })?;
    Ok(session(out))
}

pub fn get_session(c: &Client) -> Result<Option<Session>, CError> {
    let mut out = null_mut();
    check(unsafe { gotrue_client_get_session(c.ptr(), &mut out) })?;
    Ok(session(out))
}

/// `n` threads released together by a barrier, each refreshing `token`; the distinct
/// refresh tokens they got back.
pub fn refresh_from_threads(c: &Arc<Client>, token: &str, n: usize) -> std::collections::HashSet<String> {
    let barrier = Arc::new(std::sync::Barrier::new(n));
    let threads: Vec<_> = (0..n)
        .map(|_| {
            let (c, barrier, token) = (c.clone(), barrier.clone(), token.to_owned());
            std::thread::spawn(move || {
                barrier.wait();
                refresh(&c, Some(&token)).unwrap().refresh_token()
            })
        })
        .collect();
    threads.into_iter().map(|t| t.join().unwrap()).collect()
}

pub fn refresh(c: &Client, token: Option<&str>) -> Result<Session, CError> {
    let token = token.map(cs);
    let mut out = null_mut();
    check(unsafe { gotrue_client_refresh_session(c.ptr(), opt_ptr(&token), &mut out) })?;
    Ok(session(out).expect("refresh returns a session"))
}

/// Records auth events (with the session's refresh token) delivered through the C ABI.
#[derive(Default)]
pub struct Recorder {
    pub events: Mutex<Vec<(GoTrueAuthEvent, Option<String>)>>,
    /// When set, the callback calls back into this client (must not deadlock).
    pub reenter: Mutex<Option<usize>>,
    pub reentered: AtomicU64,
}

unsafe extern "C" fn record(event: GoTrueAuthEvent, session: *const GoTrueSession, user_data: *mut c_void) {
    let recorder = unsafe { &*(user_data as *const Recorder) };
    let token = read(unsafe { gotrue::ffi::gotrue_session_refresh_token(session) });
    recorder.events.lock().unwrap().push((event, token));
    let client = *recorder.reenter.lock().unwrap();
    if let Some(client) = client {
        let mut out = null_mut();
        let err = unsafe { gotrue_client_get_session(client as *const GoTrueClient, &mut out) };
        if err.is_null() {
            unsafe { gotrue::ffi::gotrue_session_free(out) };
        } else {
            unsafe { gotrue::ffi::gotrue_error_free(err) };
        }
        recorder.reentered.fetch_add(1, Ordering::SeqCst);
    }
}

impl Recorder {
    /// Subscribes a recorder; keep the Arc alive as long as the client.
    pub fn subscribe(c: &Client) -> (Arc<Recorder>, u64) {
        let recorder = Arc::new(Recorder::default());
        let mut id = 0;
        check(unsafe { gotrue_client_on_auth_state_change(c.ptr(), Some(record), Arc::as_ptr(&recorder) as *mut c_void, None, &mut id) })
            .unwrap();
        (recorder, id)
    }

    pub fn kinds(&self) -> Vec<GoTrueAuthEvent> {
        self.events.lock().unwrap().iter().map(|(e, _)| *e).collect()
    }

    pub fn count(&self, kind: GoTrueAuthEvent) -> usize {
        self.kinds().iter().filter(|k| **k == kind).count()
    }
}

pub fn no_session() -> *const GoTrueSession {
    null()
}

pub const REFRESH: &str = "/token?grant_type=refresh_token";

/// A fixture handler that answers refreshes with a new session (refresh tokens rt-1, rt-2,
/// ...) lasting `expires_in` seconds, after `delay`; anything else gets 404.
pub fn refresh_answers(expires_in: i64, delay: Duration) -> impl Fn(&SeenRequest) -> Reply + Send + Sync + 'static {
    let n = AtomicU64::new(0);
    move |req: &SeenRequest| {
        if req.target == REFRESH {
            let k = n.fetch_add(1, Ordering::SeqCst) + 1;
            Reply::json(200, session_json(expires_in, &format!("rt-{k}"))).delayed(delay)
        } else if req.path() == "/user" {
            Reply::json(200, session_json(expires_in, "x")["user"].clone())
        } else {
            Reply::json(404, serde_json::json!({"code":"not_found","message":"no route"}))
        }
    }
}

/// The refresh tokens the client sent, in order.
pub fn refresh_tokens_sent(requests: &[SeenRequest]) -> Vec<String> {
    requests
        .iter()
        .filter(|r| r.target == REFRESH)
        .map(|r| serde_json::from_str::<Value>(&r.body).unwrap()["refresh_token"].as_str().unwrap().to_owned())
        .collect()
}
