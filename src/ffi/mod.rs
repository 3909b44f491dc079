//! The C ABI: a thin translation of `core`. Every extern fn body runs inside one of the
//! panic-boundary macros below, and every pointer goes through a `try_*` helper.

// Each extern fn documents its contract (ownership, NULL, threads) for the C reader, in the
// words of the header; a Rust `# Safety` section would repeat it.
#![allow(clippy::missing_safety_doc)]

// One module per topic, in the order the header presents them (cbindgen keeps source order).
pub mod version;
pub mod client;
pub mod session;
pub mod error;
pub mod strings;
pub mod auth;
pub mod user;
pub mod oauth;
pub mod loopback;
pub mod web3;
pub mod identities;
pub mod mfa;
pub mod passkeys;
pub mod claims;
pub mod events;
pub mod status;
pub mod log;
pub mod storage;
pub mod settings;
pub mod admin;
pub mod admin_providers;
pub mod oauth_server;
pub mod request;
pub mod request_start;

// Every C type and function, reachable as `gotrue::ffi::NAME` whatever its topic.
pub use self::{
    admin::*, admin_providers::*, auth::*, claims::*, client::*, error::*, events::*, identities::*, loopback::*, mfa::*, oauth::*,
    oauth_server::*, passkeys::*, request::*, request_start::*, session::*, settings::*, storage::*, strings::*, user::*, version::*,
    web3::*,
};

use crate::core::error::{Error, ErrorCode, Result};
use std::ffi::{CStr, c_char, c_void};

/// Runs a fallible body, turning `Err` and panics into an owned `*mut GoTrueError`
/// (NULL on success). The body is a block returning `Result<()>`.
macro_rules! ffi_fallible {
    ($body:block) => {{
        let outcome = ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(|| -> $crate::core::error::Result<()> { $body }));
        $crate::ffi::error::error_from_outcome(outcome)
    }};
}

/// Runs an infallible body (accessors, frees); a panic yields `$fallback`.
macro_rules! ffi_infallible {
    ($fallback:expr, $body:block) => {{ ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(|| $body)).unwrap_or($fallback) }};
}

pub(crate) use {ffi_fallible, ffi_infallible};

fn null_argument(name: &str) -> Error {
    Error::new(ErrorCode::NullArgument, format!("argument `{name}` must not be NULL"))
}

/// Borrows a handle, or fails when it is NULL.
///
/// # Safety
/// `ptr` must be NULL or point to a live `T` for the returned lifetime.
pub(crate) unsafe fn try_ref<'a, T>(ptr: *const T, name: &str) -> Result<&'a T> {
    // SAFETY: the caller promises a live pointer when it is not NULL.
    unsafe { ptr.as_ref() }.ok_or_else(|| null_argument(name))
}

/// Reads a required NUL-terminated UTF-8 string.
///
/// # Safety
/// `ptr` must be NULL or a valid NUL-terminated string that outlives the call.
pub(crate) unsafe fn try_str<'a>(ptr: *const c_char, name: &str) -> Result<&'a str> {
    // SAFETY: forwarded from the caller.
    unsafe { try_opt_str(ptr, name) }?.ok_or_else(|| null_argument(name))
}

/// Reads an optional NUL-terminated UTF-8 string (NULL means absent).
///
/// # Safety
/// As for `try_str`.
pub(crate) unsafe fn try_opt_str<'a>(ptr: *const c_char, name: &str) -> Result<Option<&'a str>> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: non-NULL and NUL-terminated per the caller's contract.
    let bytes = unsafe { CStr::from_ptr(ptr) };
    bytes.to_str().map(Some).map_err(|_| Error::new(ErrorCode::InvalidUtf8, format!("argument `{name}` is not valid UTF-8")))
}

/// Checks a required out-parameter and returns it for writing.
///
/// # Safety
/// `ptr` must be NULL or valid for writes of one `*mut T`.
pub(crate) unsafe fn try_out<'a, T>(ptr: *mut *mut T, name: &str) -> Result<&'a mut *mut T> {
    // SAFETY: the caller promises a writable pointer when it is not NULL.
    unsafe { ptr.as_mut() }.ok_or_else(|| null_argument(name))
}

/// An optional out-parameter: NULL means the caller does not want that result.
///
/// # Safety
/// As for `try_out`.
pub(crate) unsafe fn try_opt_out<'a, T>(ptr: *mut *mut T) -> Option<&'a mut *mut T> {
    // SAFETY: as above.
    unsafe { ptr.as_mut() }
}

/// Parses an optional JSON options argument into `T` (NULL or "" means defaults).
///
/// # Safety
/// As for `try_opt_str`.
pub(crate) unsafe fn try_options<T: Default + for<'de> serde::Deserialize<'de>>(ptr: *const c_char, name: &str) -> Result<T> {
    // SAFETY: forwarded.
    let text = unsafe { try_opt_str(ptr, name) }?;
    crate::core::config::parse_options(name, text)
}

/// Parses a required JSON object argument.
///
/// # Safety
/// As for `try_str`.
pub(crate) unsafe fn try_json_object(ptr: *const c_char, name: &str) -> Result<serde_json::Map<String, serde_json::Value>> {
    // SAFETY: forwarded.
    let text = unsafe { try_str(ptr, name) }?;
    match serde_json::from_str(text) {
        Ok(serde_json::Value::Object(map)) => Ok(map),
        Ok(_) => Err(Error::invalid_json(format!("argument `{name}` must be a JSON object"))),
        Err(e) => Err(Error::invalid_json(format!("argument `{name}`: {e}"))),
    }
}

/// How a handle type crosses the C boundary, declared once per type (as rustls-ffi's
/// `Castable` does): the library hands it out boxed and owned (`into_raw`), the caller lends
/// it back (`try_ref`), and its `gotrue_*_free` takes it back exactly once (`free`).
pub(crate) trait BoxedHandle: Sized {
    /// Hands `self` to the caller, who frees it with the type's `gotrue_*_free`.
    fn into_raw(self) -> *mut Self {
        Box::into_raw(Box::new(self))
    }

    /// Takes back a handle from `into_raw` and drops it; NULL is ignored.
    ///
    /// # Safety
    /// `ptr` is NULL or came from `into_raw` and is not used afterwards (the caller's contract).
    unsafe fn free(ptr: *mut Self) {
        if !ptr.is_null() {
            // SAFETY: from into_raw, freed once (above).
            drop(unsafe { Box::from_raw(ptr) });
        }
    }
}

/// Finalizer of a `user_data` the caller handed to the library with a callback registration
/// (auth state events, the log hook, storage): called exactly once, with that `user_data`,
/// after the last callback that receives it has returned.
pub type GoTrueReleaseFn = Option<unsafe extern "C" fn(user_data: *mut c_void)>;

/// A registered C callback with its `user_data` and finalizer, shared by every kind of
/// registration: whoever drops the last reference (an unsubscribe, a replacement, the client
/// going away, or the last delivery still running on another thread) runs the finalizer.
pub(crate) struct Hook<F: Copy> {
    pub(crate) callback: F,
    user_data: *mut c_void,
    finalizer: GoTrueReleaseFn,
}

// SAFETY: every registration documents that its callback and finalizer run on any thread.
unsafe impl<F: Copy> Send for Hook<F> {}
unsafe impl<F: Copy> Sync for Hook<F> {}

impl<F: Copy> Hook<F> {
    pub(crate) fn new(callback: F, user_data: *mut c_void, finalizer: GoTrueReleaseFn) -> Hook<F> {
        Hook { callback, user_data, finalizer }
    }

    pub(crate) fn user_data(&self) -> *mut c_void {
        self.user_data
    }
}

impl<F: Copy> Drop for Hook<F> {
    fn drop(&mut self) {
        if let Some(finalizer) = self.finalizer {
            // SAFETY: supplied for this; called exactly once, after the last delivery.
            unsafe { finalizer(self.user_data) };
        }
    }
}
