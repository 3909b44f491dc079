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

// Every C type and function, reachable as `gotrue::ffi::NAME` whatever its topic.
pub use self::{
    admin::*, admin_providers::*, auth::*, claims::*, client::*, error::*, events::*, identities::*, mfa::*, oauth::*, oauth_server::*,
    passkeys::*, session::*, settings::*, storage::*, strings::*, user::*, version::*, web3::*,
};

use crate::core::error::{Error, ErrorCode, Result};
use std::ffi::{CStr, c_char};

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
