//! Helpers for the non-blocking call tests: request handles, completion counters for
//! callbacks and finalizers, and polling. Included with
//! `#[path = "common/requests.rs"] mod requests;` next to `mod common;`.
#![allow(dead_code)]

use crate::common::*;
use gotrue::ffi::*;
use std::collections::HashSet;
use std::ffi::c_void;
use std::ptr::null_mut;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

/// An owned request handle, freed on drop.
pub struct Req(pub *mut GoTrueRequest);
unsafe impl Send for Req {}
unsafe impl Sync for Req {}

impl Req {
    pub fn status(&self) -> GoTrueRequestStatus {
        let mut s = GoTrueRequestStatus::GOTRUE_REQUEST_STATUS_FAILED;
        check(unsafe { gotrue_request_status(self.0, &mut s) }).unwrap();
        s
    }
    pub fn is_done(&self) -> bool {
        unsafe { gotrue_request_is_done(self.0) }
    }
    pub fn wait(&self, ms: u32) -> bool {
        unsafe { gotrue_request_wait(self.0, ms) }
    }
    pub fn error(&self) -> Result<(), CError> {
        check(unsafe { gotrue_request_error(self.0) })
    }
    pub fn take_session(&self) -> Result<Option<Session>, CError> {
        let mut out = null_mut();
        check(unsafe { gotrue_request_take_session(self.0, &mut out) })?;
        Ok(session(out))
    }
    pub fn take_string(&self) -> Result<Option<String>, CError> {
        let mut out = null_mut();
        check(unsafe { gotrue_request_take_string(self.0, &mut out) })?;
        Ok((!out.is_null()).then(|| take_string(out)))
    }
    pub fn cancel(&self) {
        unsafe { gotrue_request_cancel(self.0) }
    }
    /// Gives the handle up without freeing it (the test frees it itself).
    pub fn into_raw(self) -> *mut GoTrueRequest {
        let p = self.0;
        std::mem::forget(self);
        p
    }
}

impl Drop for Req {
    fn drop(&mut self) {
        unsafe { gotrue_request_free(self.0) }
    }
}

/// Starts a request: `f(callback, user_data, finalizer, out_request)` calls a `_start` function.
pub fn start(
    f: impl FnOnce(GoTrueRequestCallback, *mut c_void, GoTrueReleaseFn, *mut *mut GoTrueRequest) -> *mut GoTrueError,
    counter: Option<&Counter>,
) -> Result<Req, CError> {
    let mut out = null_mut();
    let (cb, ud, fin): (GoTrueRequestCallback, *mut c_void, GoTrueReleaseFn) = match counter {
        Some(c) => (Some(on_complete), c as *const Counter as *mut c_void, Some(on_finalize)),
        None => (None, null_mut(), None),
    };
    check(f(cb, ud, fin, &mut out))?;
    assert!(!out.is_null());
    Ok(Req(out))
}

/// Counts one request's callbacks and finalizer runs (user_data points at it; the test
/// keeps it alive until the request completed).
#[derive(Default)]
pub struct Counter {
    pub callbacks: AtomicUsize,
    pub finalized: AtomicUsize,
    /// Set when the finalizer ran before the callback (must never happen).
    pub out_of_order: AtomicUsize,
    pub thread: Mutex<Option<ThreadId>>,
    pub status: Mutex<Option<GoTrueRequestStatus>>,
}

impl Counter {
    pub fn callbacks(&self) -> usize {
        self.callbacks.load(Ordering::SeqCst)
    }
    pub fn finalized(&self) -> usize {
        self.finalized.load(Ordering::SeqCst)
    }
}

pub unsafe extern "C" fn on_complete(request: *mut GoTrueRequest, user_data: *mut c_void) {
    let c = unsafe { &*(user_data as *const Counter) };
    if c.finalized() > 0 {
        c.out_of_order.fetch_add(1, Ordering::SeqCst);
    }
    assert!(unsafe { gotrue_request_is_done(request) }, "callback before completion");
    let mut s = GoTrueRequestStatus::GOTRUE_REQUEST_STATUS_PENDING;
    assert!(unsafe { gotrue_request_status(request, &mut s) }.is_null());
    *c.status.lock().unwrap() = Some(s);
    *c.thread.lock().unwrap() = Some(std::thread::current().id());
    c.callbacks.fetch_add(1, Ordering::SeqCst);
}

pub unsafe extern "C" fn on_finalize(user_data: *mut c_void) {
    let c = unsafe { &*(user_data as *const Counter) };
    c.finalized.fetch_add(1, Ordering::SeqCst);
}

/// Polls `client` until `n` requests came back (or the timeout); asserts none came twice.
pub fn poll_until(client: *const GoTrueClient, n: usize, timeout: Duration) -> HashSet<usize> {
    let mut seen = HashSet::new();
    let end = Instant::now() + timeout;
    let mut buf = vec![null_mut(); 64];
    while seen.len() < n && Instant::now() < end {
        let mut count = 0;
        check(unsafe { gotrue_client_poll(client, buf.len(), buf.as_mut_ptr(), &mut count) }).unwrap();
        for r in &buf[..count] {
            assert!(unsafe { gotrue_request_is_done(*r) }, "poll handed out a pending request");
            assert!(seen.insert(*r as usize), "request {r:?} polled twice");
        }
        if count == 0 {
            std::thread::sleep(Duration::from_millis(2));
        }
    }
    seen
}

/// Waits until `cond` holds (or the timeout); returns whether it held.
pub fn eventually(timeout: Duration, mut cond: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + timeout;
    while Instant::now() < end {
        if cond() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    cond()
}

pub const PENDING: GoTrueRequestStatus = GoTrueRequestStatus::GOTRUE_REQUEST_STATUS_PENDING;
pub const SUCCEEDED: GoTrueRequestStatus = GoTrueRequestStatus::GOTRUE_REQUEST_STATUS_SUCCEEDED;
pub const FAILED: GoTrueRequestStatus = GoTrueRequestStatus::GOTRUE_REQUEST_STATUS_FAILED;
pub const CANCELLED: GoTrueRequestStatus = GoTrueRequestStatus::GOTRUE_REQUEST_STATUS_CANCELLED;
