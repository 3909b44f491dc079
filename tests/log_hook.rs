//! The log hook's contract through the C ABI: levels, replacement, finalizer exactly once,
//! bad input. The hook is process-wide, so these run in one test, in order.

mod common;
use common::*;
use gotrue::ffi::error::GoTrueErrorCode;
use gotrue::ffi::log::{GoTrueLogLevel, gotrue_set_log_callback};
use std::ffi::{CStr, c_char, c_void};
use std::ptr::null_mut;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

struct Sink {
    lines: Mutex<Vec<String>>,
    finalized: AtomicUsize,
}

unsafe extern "C" fn collect(_level: GoTrueLogLevel, line: *const c_char, user_data: *mut c_void) {
    let sink = unsafe { &*(user_data as *const Sink) };
    sink.lines.lock().unwrap().push(unsafe { CStr::from_ptr(line) }.to_str().unwrap().to_owned());
}

unsafe extern "C" fn finalize(user_data: *mut c_void) {
    unsafe { &*(user_data as *const Sink) }.finalized.fetch_add(1, Ordering::SeqCst);
}

fn sink() -> &'static Sink {
    Box::leak(Box::new(Sink { lines: Mutex::new(Vec::new()), finalized: AtomicUsize::new(0) }))
}

fn ptr(s: &'static Sink) -> *mut c_void {
    s as *const Sink as *mut c_void
}

/// One request that fails fast (connection refused): logged at WARN.
fn one_failing_request() {
    let c = client();
    let mut out = null_mut();
    let _ = check(unsafe { gotrue::ffi::user::gotrue_client_get_user(c.ptr(), cs("x").as_ptr(), &mut out) });
}

#[test]
fn log_hook_levels_replacement_finalizer_and_bad_input() {
    let first = sink();
    let level = |l: GoTrueLogLevel| l as i32;
    // Unknown levels are refused, nothing is installed and the finalizer is not called.
    for bad in [-1, 5, 99] {
        let err = unsafe { gotrue_set_log_callback(Some(collect), bad, ptr(first), Some(finalize)) };
        assert_eq!(code(err), GoTrueErrorCode::InvalidArgument);
    }
    assert_eq!(first.finalized.load(Ordering::SeqCst), 0);

    // ERROR only: a refused connection (WARN) is not delivered.
    check(unsafe { gotrue_set_log_callback(Some(collect), level(GoTrueLogLevel::GOTRUE_LOG_LEVEL_ERROR), ptr(first), Some(finalize)) })
        .unwrap();
    one_failing_request();
    assert!(first.lines.lock().unwrap().is_empty(), "{:?}", first.lines.lock().unwrap());

    // Replacing runs the old finalizer once; the new hook gets WARN lines.
    let second = sink();
    check(unsafe { gotrue_set_log_callback(Some(collect), level(GoTrueLogLevel::GOTRUE_LOG_LEVEL_WARN), ptr(second), Some(finalize)) })
        .unwrap();
    assert_eq!(first.finalized.load(Ordering::SeqCst), 1);
    one_failing_request();
    let lines = second.lines.lock().unwrap().clone();
    assert!(!lines.is_empty() && lines.iter().all(|l| l.starts_with("level=warn event=http method=GET path=/user")), "{lines:?}");
    assert!(lines.iter().all(|l| l.contains("status=0") && l.contains("result=network")), "{lines:?}");

    // Removing (NULL callback) finalizes the installed hook, and a finalizer passed along with
    // NULL is run at once (nothing else will own its user_data).
    let third = sink();
    check(unsafe { gotrue_set_log_callback(None, 3, ptr(third), Some(finalize)) }).unwrap();
    assert_eq!(second.finalized.load(Ordering::SeqCst), 1);
    assert_eq!(third.finalized.load(Ordering::SeqCst), 1);
    let before = second.lines.lock().unwrap().len();
    one_failing_request();
    assert_eq!(second.lines.lock().unwrap().len(), before, "a removed hook gets nothing");

    // Level OFF with a callback: nothing installed, its finalizer runs once.
    let fourth = sink();
    check(unsafe { gotrue_set_log_callback(Some(collect), 0, ptr(fourth), Some(finalize)) }).unwrap();
    assert_eq!(fourth.finalized.load(Ordering::SeqCst), 1);
    one_failing_request();
    assert!(fourth.lines.lock().unwrap().is_empty());
    // NULL everything is fine (removes nothing twice).
    check(unsafe { gotrue_set_log_callback(None, 0, null_mut(), None) }).unwrap();
}
