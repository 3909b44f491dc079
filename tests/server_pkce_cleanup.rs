//! PKCE verifiers of abandoned flows do not pile up (issue 18): they expire after
//! `pkce_verifier_ttl_secs` and are removed on the next flow start or on initialize. Real
//! server (magic links on the confirming instance, file storage); ignored by default.

mod common;
#[path = "common/mail.rs"]
mod mail;

use common::*;
use gotrue::ffi::GoTrueErrorCode;
use gotrue::ffi::client::gotrue_client_initialize;
use gotrue::ffi::oauth::gotrue_client_exchange_code_for_session;
use mail::*;
use std::path::{Path, PathBuf};
use std::ptr::null_mut;
use std::time::Duration;

const REDIRECT: &str = "http://127.0.0.1:3000/welcome";

fn dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gotrue-pkce-cleanup-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn client(dir: &Path, ttl: u64) -> Client {
    let env = server();
    let options = serde_json::json!({"storage": {"type": "file", "path": dir}, "pkce_verifier_ttl_secs": ttl}).to_string();
    Client::new(&env.confirm_url, &env.anon_key, Some(&options)).unwrap()
}

/// The verifier files in `dir` (one per open flow).
fn verifiers(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("sb-auth-token-code-verifier-"))
        .collect();
    v.sort();
    v
}

fn exchange(c: &Client, callback: &str) -> Result<Session, CError> {
    let cb = cs(callback);
    let mut s = null_mut();
    check(unsafe { gotrue_client_exchange_code_for_session(c.ptr(), cb.as_ptr(), &mut s) })?;
    Ok(session(s).unwrap())
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_an_abandoned_flows_verifier_is_removed_by_the_next_flow_start() {
    let d = dir("start");
    let c = client(&d, 2);
    let (_, abandoned) = magic_link(&c, REDIRECT);
    assert_eq!(verifiers(&d).len(), 1);
    std::thread::sleep(Duration::from_millis(3100));
    // The expiry is stored with the flow: a client with a longer TTL (so the new flow cannot
    // expire on a slow machine) still removes the old one on its next flow start.
    let c = client(&d, 600);
    let (email, fresh) = magic_link(&c, REDIRECT);
    // Only the new flow's verifier is left.
    assert_eq!(verifiers(&d).len(), 1, "{:?}", verifiers(&d));
    // The abandoned link still gives the server's code, but its verifier is gone.
    let late = exchange(&c, &follow_once(&abandoned)).err().unwrap();
    assert_eq!(late.code, GoTrueErrorCode::PkceVerifierMissing, "{late:?}");
    // The new flow completes, and leaves nothing behind.
    let s = exchange(&c, &follow_once(&fresh)).unwrap();
    assert_eq!(s.email().as_deref(), Some(email.as_str()));
    assert!(verifiers(&d).is_empty(), "{:?}", verifiers(&d));
    assert!(!d.join("sb-auth-token-code-verifiers.json").exists(), "no index is kept with no flow open");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_initialize_removes_expired_verifiers_and_keeps_live_ones() {
    let d = dir("init");
    let c = client(&d, 2);
    let (_, old) = magic_link(&c, REDIRECT);
    drop(c);
    std::thread::sleep(Duration::from_millis(3100));
    // A later run with a longer TTL: its own flow is live; the old one expired by its record.
    let c = client(&d, 600);
    let (email, live) = magic_link(&c, REDIRECT);
    assert_eq!(verifiers(&d).len(), 1, "the flow start swept the expired verifier: {:?}", verifiers(&d));
    drop(c);
    let c = client(&d, 600);
    let mut s = null_mut();
    check(unsafe { gotrue_client_initialize(c.ptr(), &mut s) }).unwrap();
    assert!(session(s).is_none());
    assert_eq!(verifiers(&d).len(), 1, "initialize keeps a live verifier");
    assert_eq!(exchange(&c, &follow_once(&old)).err().unwrap().code, GoTrueErrorCode::PkceVerifierMissing);
    assert_eq!(exchange(&c, &follow_once(&live)).unwrap().email().as_deref(), Some(email.as_str()));
    drop(c);

    // A flow left open by a run whose TTL has passed is removed by initialize alone.
    let c = client(&d, 1);
    let _ = magic_link(&c, REDIRECT);
    drop(c);
    assert_eq!(verifiers(&d).len(), 1);
    std::thread::sleep(Duration::from_millis(2100));
    let c = client(&d, 1);
    check(unsafe { gotrue_client_initialize(c.ptr(), null_mut()) }).unwrap();
    assert!(verifiers(&d).is_empty(), "{:?}", verifiers(&d));
    let _ = std::fs::remove_dir_all(&d);
}
