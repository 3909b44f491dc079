//! Non-blocking calls: every function that talks to the server has a `_start` form that
//! returns at once with a GoTrueRequest, runs the blocking call on the client's worker
//! threads and completes by poll (gotrue_client_poll) or by callback.

use super::GoTrueReleaseFn;
use super::client::GoTrueClient;
use super::error::GoTrueError;
use super::session::{GoTrueSession, gotrue_session_free};
use super::strings::SecretCString;
use super::{ffi_fallible, ffi_infallible, try_out, try_ref};
use crate::core::Client;
use crate::core::error::{Error, ErrorCode, Result};
use crate::core::requests::{self, CancelToken, Job, Mailbox};
use std::ffi::{c_char, c_void};
use std::ptr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Where a request is (gotrue_request_status).
#[repr(C)]
#[allow(non_camel_case_types, clippy::enum_variant_names)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GoTrueRequestStatus {
    /// Queued or running.
    GOTRUE_REQUEST_STATUS_PENDING = 0,
    /// Completed with a result (take it with gotrue_request_take_session / _take_string).
    GOTRUE_REQUEST_STATUS_SUCCEEDED = 1,
    /// Completed with an error (gotrue_request_error), other than a cancellation.
    GOTRUE_REQUEST_STATUS_FAILED = 2,
    /// Completed as cancelled (its error has code GOTRUE_ERROR_CODE_CANCELLED).
    GOTRUE_REQUEST_STATUS_CANCELLED = 3,
}

/// Called once when a request started with a callback completes, on one of the client's
/// worker threads (or, for a request cancelled before it started, on the thread that
/// cancelled it: inside gotrue_request_cancel() or gotrue_client_free()). `request` is the
/// caller's handle: the callback may read its results, and may free it. It runs with no
/// library lock held, so it may call into the client, start further requests, or cancel
/// others. It must not call gotrue_client_free() on the request's own client. A callback
/// that blocks holds up one worker.
pub type GoTrueRequestCallback = Option<unsafe extern "C" fn(request: *mut GoTrueRequest, user_data: *mut c_void)>;

/// The `_start` forms: every function that talks to the server has one, named
/// `<function>_start`. It takes the blocking function's arguments without its
/// out-parameters, then `callback` (NULL: the request completes by gotrue_client_poll()),
/// `user_data` (passed to the callback) and `finalizer` (nullable: runs exactly once with
/// `user_data`, after the request completed and its callback, if any, returned; not run
/// when the start call itself fails), and `out_request`, which receives the handle. It
/// returns at once and fails only for a NULL `client` or `out_request`, or a client being
/// freed (CANCELLED). It copies its string arguments as given; anything wrong with them (a
/// NULL required string, invalid UTF-8, malformed JSON) completes the request with exactly
/// the error the blocking call returns.
/// The call runs on one of the client's worker threads (`request_workers` in the client
/// options, default 4; extra requests queue) with the blocking call's session, storage and
/// event effects; auth state callbacks it causes run on that worker. Results: the blocking
/// call's `out_session` through gotrue_request_take_session(), its `char **` result
/// through gotrue_request_take_string(), its error through gotrue_request_error().
///
/// A request: a non-blocking call in flight or completed. Owned by the caller: free it once with
/// gotrue_request_free(), whether or not it has completed. Thread-safe: any thread may read
/// it, cancel it or wait for it at any time.
///
/// A request may outlive its client: after gotrue_client_free() (which completes every
/// pending request as cancelled) the handle stays valid to read and to free.
pub struct GoTrueRequest {
    token: Arc<CancelToken>,
    state: Mutex<RequestState>,
    done: Condvar,
    /// Set when the caller freed the handle: no callback, no poll entry.
    freed: AtomicBool,
    job: Mutex<Option<CallJob>>,
    completion: Mutex<Option<Completion>>,
}

/// The blocking call, with copies of its arguments; writes the outputs it produces.
pub(super) type CallJob = Box<dyn FnOnce(*const GoTrueClient, &mut Outputs) -> *mut GoTrueError + Send>;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Queued,
    Running,
    Done,
}

struct RequestState {
    phase: Phase,
    error: Option<Error>,
    outputs: Outputs,
}

/// What the blocking call wrote to its out-parameters. Owned here until taken.
pub(super) struct Outputs {
    pub(super) session: *mut GoTrueSession,
    pub(super) string: *mut c_char,
}

// SAFETY: the pointers are owned exclusively by this value (handles that are thread-safe).
unsafe impl Send for Outputs {}

impl Default for Outputs {
    fn default() -> Outputs {
        Outputs { session: ptr::null_mut(), string: ptr::null_mut() }
    }
}

impl Drop for Outputs {
    fn drop(&mut self) {
        // SAFETY: owned results of this library not handed out (taking sets them to NULL).
        unsafe {
            gotrue_session_free(std::mem::replace(&mut self.session, ptr::null_mut()));
            super::strings::gotrue_string_free(std::mem::replace(&mut self.string, ptr::null_mut()));
        }
    }
}

/// How the caller hears of completion; dropping it runs the finalizer (exactly once).
struct Completion {
    callback: GoTrueRequestCallback,
    user_data: *mut c_void,
    finalizer: GoTrueReleaseFn,
    /// Poll mode: the client's mailbox.
    mailbox: Option<Arc<Mailbox>>,
}

// SAFETY: the documented contract lets callback and finalizer run on any thread.
unsafe impl Send for Completion {}

impl Drop for Completion {
    fn drop(&mut self) {
        if let Some(finalizer) = self.finalizer.take() {
            // SAFETY: supplied for this; runs once, after the callback returned.
            unsafe { finalizer(self.user_data) };
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Takes the core error out of an error handle returned by a blocking call.
fn take_error(err: *mut GoTrueError) -> Option<Error> {
    // SAFETY: NULL or an owned error just returned by this library.
    (!err.is_null()).then(|| unsafe { Box::from_raw(err) }.error().clone())
}

impl GoTrueRequest {
    fn handle(self: &Arc<Self>) -> *mut GoTrueRequest {
        Arc::as_ptr(self).cast_mut()
    }

    /// Moves to Done exactly once; the first caller wins, later ones drop their result. A
    /// request whose cancel came before this completes as CANCELLED whatever it returned.
    fn complete(self: &Arc<Self>, error: Option<Error>, outputs: Outputs) {
        let completion = {
            let mut state = lock(&self.state);
            if state.phase == Phase::Done {
                return;
            }
            state.phase = Phase::Done;
            if self.token.is_cancelled() {
                state.error = Some(requests::cancelled());
            } else {
                state.error = error;
                state.outputs = outputs;
            }
            lock(&self.completion).take()
        };
        // The argument copies (passwords among them) are wiped now, not when the handle goes.
        drop(lock(&self.job).take());
        self.done.notify_all();
        let Some(completion) = completion else { return };
        let freed = self.freed.load(Ordering::SeqCst);
        match (completion.callback, &completion.mailbox) {
            (Some(callback), _) if !freed => {
                // SAFETY: the caller's callback; the handle stays alive (we hold a reference).
                unsafe { callback(self.handle(), completion.user_data) }
            }
            (None, Some(mailbox)) if !freed => mailbox.push(self.clone()),
            _ => {}
        }
        drop(completion);
    }

    fn status(&self) -> GoTrueRequestStatus {
        let state = lock(&self.state);
        match (&state.phase, &state.error) {
            (Phase::Queued | Phase::Running, _) => GoTrueRequestStatus::GOTRUE_REQUEST_STATUS_PENDING,
            (Phase::Done, None) => GoTrueRequestStatus::GOTRUE_REQUEST_STATUS_SUCCEEDED,
            (Phase::Done, Some(e)) if e.code == ErrorCode::Cancelled => GoTrueRequestStatus::GOTRUE_REQUEST_STATUS_CANCELLED,
            (Phase::Done, Some(_)) => GoTrueRequestStatus::GOTRUE_REQUEST_STATUS_FAILED,
        }
    }

    /// The request's result as the blocking call returned it: Ok(state) to take outputs
    /// from, or its error (REQUEST_PENDING while it runs).
    fn finished(&self) -> Result<MutexGuard<'_, RequestState>> {
        let state = lock(&self.state);
        match (&state.phase, &state.error) {
            (Phase::Done, None) => Ok(state),
            (Phase::Done, Some(e)) => Err(e.clone()),
            _ => Err(Error::new(ErrorCode::RequestPending, "the request has not completed yet")),
        }
    }

    fn wait(&self, timeout: Option<Duration>) -> bool {
        let end = timeout.map(|t| Instant::now() + t);
        let mut state = lock(&self.state);
        while state.phase != Phase::Done {
            state = match end {
                None => self.done.wait(state).unwrap_or_else(|p| p.into_inner()),
                Some(end) => {
                    let left = end.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return false;
                    }
                    self.done.wait_timeout(state, left).unwrap_or_else(|p| p.into_inner()).0
                }
            };
        }
        true
    }
}

impl Job<Client> for GoTrueRequest {
    fn run(self: Arc<Self>, client: Option<&Arc<Client>>) {
        {
            let mut state = lock(&self.state);
            if state.phase != Phase::Queued {
                return;
            }
            state.phase = Phase::Running;
        }
        let job = lock(&self.job).take();
        let (Some(client), Some(job), false) = (client, job, self.token.is_cancelled()) else {
            self.complete(Some(requests::cancelled()), Outputs::default());
            return;
        };
        // A handle for the blocking call; dropping it only drops this reference.
        let handle = GoTrueClient { inner: client.clone() };
        let mut outputs = Outputs::default();
        let returned = requests::with_token(self.token.clone(), || {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&handle, &mut outputs)))
        });
        drop(handle);
        let error = match returned {
            Ok(err) => take_error(err),
            Err(_) => Some(Error::new(ErrorCode::Panic, "internal error (panic caught in a request worker)")),
        };
        self.complete(error, outputs);
    }

    fn is_pending(&self) -> bool {
        lock(&self.state).phase != Phase::Done
    }

    fn cancel(self: Arc<Self>) {
        let queued = {
            let state = lock(&self.state);
            if state.phase == Phase::Done {
                return;
            }
            // Under the state lock, so `complete` sees either no cancel or this one.
            self.token.cancel();
            state.phase == Phase::Queued
        };
        if queued {
            self.complete(Some(requests::cancelled()), Outputs::default());
        }
    }
}

/// A copy of a string argument (NULL stays NULL), wiped when dropped. The bytes are copied
/// as given: the blocking call checks them (NULL where required, UTF-8, JSON) on the worker,
/// so its error completes the request.
pub(super) struct ArgCopy(Option<SecretCString>);

// SAFETY: an owned, immutable C string.
unsafe impl Send for ArgCopy {}

impl ArgCopy {
    /// # Safety
    /// `ptr` must be NULL or a valid NUL-terminated string for the duration of the call.
    pub(super) unsafe fn new(ptr: *const c_char) -> ArgCopy {
        // SAFETY: forwarded from the caller.
        ArgCopy((!ptr.is_null()).then(|| SecretCString::from_c(unsafe { std::ffi::CStr::from_ptr(ptr) })))
    }

    pub(super) fn ptr(&self) -> *const c_char {
        self.0.as_ref().map_or(ptr::null(), SecretCString::as_ptr)
    }
}

/// Queues `job` on the client's workers and hands back the request handle.
pub(super) fn submit(
    client: &GoTrueClient,
    callback: GoTrueRequestCallback,
    user_data: *mut c_void,
    finalizer: GoTrueReleaseFn,
    job: CallJob,
) -> Result<*mut GoTrueRequest> {
    let core = client.client();
    let mailbox = callback.is_none().then(|| core.request_mailbox().clone());
    let request = Arc::new(GoTrueRequest {
        token: Arc::default(),
        state: Mutex::new(RequestState { phase: Phase::Queued, error: None, outputs: Outputs::default() }),
        done: Condvar::new(),
        freed: AtomicBool::new(false),
        job: Mutex::new(Some(job)),
        completion: Mutex::new(None),
    });
    // Set before queuing: a worker may complete the request before `submit_request` returns.
    *lock(&request.completion) = Some(Completion { callback, user_data, finalizer, mailbox });
    if let Err(e) = core.submit_request(request.clone()) {
        // Not started: the caller keeps user_data, so the finalizer must not run.
        if let Some(mut completion) = lock(&request.completion).take() {
            completion.finalizer = None;
        }
        return Err(e);
    }
    Ok(Arc::into_raw(request).cast_mut())
}

/// The body of every `_start` function (src/ffi/request_start.rs): checks the handles and
/// copies the arguments on the caller's thread (`str`: a string, `val`: a plain value), then
/// queues the blocking call on the client's workers with fresh out-parameters.
macro_rules! start_call {
    ($client:ident, $callback:ident, $user_data:ident, $finalizer:ident, $out_request:ident,
     [$($kind:ident $arg:ident),*], |$c:ident, $o:ident| $call:expr) => {
        $crate::ffi::ffi_fallible!({
            let client = unsafe { $crate::ffi::try_ref($client, "client") }?;
            let out = unsafe { $crate::ffi::try_out($out_request, "out_request") }?;
            $(let $arg = start_call!(@copy $kind $arg);)*
            let job: $crate::ffi::request::CallJob =
                Box::new(move |$c: *const GoTrueClient, $o: &mut $crate::ffi::request::Outputs| {
                    $(let $arg = start_call!(@use $kind $arg);)*
                    unsafe { $call }
                });
            *out = $crate::ffi::request::submit(client, $callback, $user_data, $finalizer, job)?;
            Ok(())
        })
    };
    (@copy str $arg:ident) => { unsafe { $crate::ffi::request::ArgCopy::new($arg) } };
    (@copy val $arg:ident) => { $arg };
    (@use str $arg:ident) => { $arg.ptr() };
    (@use val $arg:ident) => { $arg };
}
pub(super) use start_call;

/// Hands back up to `max` completed requests of this client that were started without a
/// callback, each exactly once, in completion order. Never blocks: call it once a frame.
///
/// `out_requests` must have room for `max` pointers (it may be NULL when `max` is 0);
/// `*out_count` receives how many were written. The pointers are the handles the `_start`
/// calls returned (still owned by the caller, who frees each once); requests freed before
/// they were polled are skipped.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_poll(
    client: *const GoTrueClient,
    max: usize,
    out_requests: *mut *mut GoTrueRequest,
    out_count: *mut usize,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        // SAFETY: NULL or writable (caller contract).
        let count = unsafe { out_count.as_mut() }.ok_or_else(|| super::null_argument("out_count"))?;
        if max > 0 && out_requests.is_null() {
            return Err(super::null_argument("out_requests"));
        }
        let taken = client
            .client()
            .request_mailbox()
            .take(max, |item| item.downcast_ref::<GoTrueRequest>().is_some_and(|r| !r.freed.load(Ordering::SeqCst)));
        for (i, item) in taken.iter().enumerate() {
            let request = item.downcast_ref::<GoTrueRequest>().expect("kept only requests");
            // SAFETY: `out_requests` has room for `max` entries (caller contract).
            unsafe { *out_requests.add(i) = (request as *const GoTrueRequest).cast_mut() };
        }
        *count = taken.len();
        Ok(())
    })
}

/// How many requests of this client have not completed yet (0 when `client` is NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_requests_in_flight(client: *const GoTrueClient) -> usize {
    ffi_infallible!(0, {
        // SAFETY: NULL or a live client.
        unsafe { client.as_ref() }.map_or(0, |c| c.client().requests_in_flight())
    })
}

/// Borrows a request handle (NULL-checked).
unsafe fn request_ref<'a>(request: *const GoTrueRequest) -> Result<&'a GoTrueRequest> {
    // SAFETY: NULL or a live handle (caller contract).
    unsafe { try_ref(request, "request") }
}

/// Cancels a request. Safe from any thread at any time, also on a completed request (then
/// nothing changes). NULL is ignored.
///
/// A request not yet completed when this is called completes as cancelled, exactly once:
/// status GOTRUE_REQUEST_STATUS_CANCELLED, error GOTRUE_ERROR_CODE_CANCELLED. A request that
/// had not started completes inside this call (its callback runs on this thread before this
/// returns); a running one completes on its worker as soon as its HTTP request is dropped
/// (at once: the connection is closed). What the server already did stays done, and an
/// answer that had already started to arrive is still used: e.g. a refresh the server
/// answered still stores the rotated session, and a refresh cancelled before any answer
/// leaves the current session usable (the server accepts its refresh token again).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_request_cancel(request: *const GoTrueRequest) {
    ffi_infallible!((), {
        if request.is_null() {
            return;
        }
        // SAFETY: a live handle (caller contract): take a reference of our own for the call.
        let request = unsafe {
            Arc::increment_strong_count(request);
            Arc::from_raw(request)
        };
        request.cancel();
    })
}

/// True once the request has completed (with a result, an error or as cancelled). False
/// when `request` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_request_is_done(request: *const GoTrueRequest) -> bool {
    ffi_infallible!(false, {
        // SAFETY: NULL or a live handle.
        unsafe { request.as_ref() }.is_some_and(|r| lock(&r.state).phase == Phase::Done)
    })
}

/// Where the request is: `*out_status` receives a GOTRUE_REQUEST_STATUS_* value.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_request_status(request: *const GoTrueRequest, out_status: *mut GoTrueRequestStatus) -> *mut GoTrueError {
    ffi_fallible!({
        let request = unsafe { request_ref(request) }?;
        // SAFETY: NULL or writable (caller contract).
        let out = unsafe { out_status.as_mut() }.ok_or_else(|| super::null_argument("out_status"))?;
        *out = request.status();
        Ok(())
    })
}

/// Blocks until the request completes or `timeout_ms` pass (0 = just look); true when it
/// has completed. For threads that may block (tests, shutdown); a frame loop polls instead.
/// False when `request` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_request_wait(request: *const GoTrueRequest, timeout_ms: u32) -> bool {
    ffi_infallible!(false, {
        // SAFETY: NULL or a live handle.
        unsafe { request.as_ref() }.is_some_and(|r| r.wait(Some(Duration::from_millis(u64::from(timeout_ms)))))
    })
}

/// What the blocking call would have returned: NULL when the request succeeded, otherwise
/// an owned copy of its error (free with gotrue_error_free; every call gives a new copy):
/// GOTRUE_ERROR_CODE_CANCELLED when it was cancelled, GOTRUE_ERROR_CODE_REQUEST_PENDING
/// while it has not completed, GOTRUE_ERROR_CODE_NULL_ARGUMENT when `request` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_request_error(request: *const GoTrueRequest) -> *mut GoTrueError {
    ffi_fallible!({
        let request = unsafe { request_ref(request) }?;
        request.finished().map(drop)
    })
}

/// Takes the session of a completed request (for calls whose blocking form has an
/// `out_session`). Returns what gotrue_request_error() returns; on success `*out_session`
/// receives the session (free with gotrue_session_free), or NULL when the call yields none
/// (e.g. get_session while signed out, a sign-up awaiting confirmation) or it was already
/// taken: the first call takes it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_request_take_session(
    request: *const GoTrueRequest,
    out_session: *mut *mut GoTrueSession,
) -> *mut GoTrueError {
    ffi_fallible!({
        let request = unsafe { request_ref(request) }?;
        let out = unsafe { try_out(out_session, "out_session") }?;
        let mut state = request.finished()?;
        *out = std::mem::replace(&mut state.outputs.session, ptr::null_mut());
        Ok(())
    })
}

/// Takes the string result of a completed request: the JSON or URL the blocking form writes
/// to its `char **` out-parameter (user, factor, claims, OTP answer, SSO URL, ...). Returns
/// what gotrue_request_error() returns; on success `*out_string` receives an owned string
/// (free with gotrue_string_free), or NULL when the call yields none or it was already taken.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_request_take_string(request: *const GoTrueRequest, out_string: *mut *mut c_char) -> *mut GoTrueError {
    ffi_fallible!({
        let request = unsafe { request_ref(request) }?;
        let out = unsafe { try_out(out_string, "out_string") }?;
        let mut state = request.finished()?;
        *out = std::mem::replace(&mut state.outputs.string, ptr::null_mut());
        Ok(())
    })
}

/// Frees a request handle. NULL is ignored. A request not yet completed is cancelled
/// first; its callback then does not run (its finalizer still runs, once, when it
/// completes) and it is never returned by gotrue_client_poll(). Results not taken are freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_request_free(request: *mut GoTrueRequest) {
    ffi_infallible!((), {
        if request.is_null() {
            return;
        }
        // SAFETY: from a `_start` function; freed once (caller contract).
        let request = unsafe { Arc::from_raw(request.cast_const()) };
        request.freed.store(true, Ordering::SeqCst);
        request.clone().cancel();
        drop(request);
    })
}
