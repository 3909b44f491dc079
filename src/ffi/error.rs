//! GoTrueError: an owned error object returned by every fallible function.

use super::{BoxedHandle, ffi_infallible};
use crate::core::error::{Error, ErrorCode, Result};
use std::any::Any;
use std::ffi::{CString, c_char};
use std::ptr;

/// Generates the C enum `GoTrueErrorCode` and its conversions from the rows of
/// `core/error_codes.rs`. The header's copy of the enum is rendered by build.rs from the same rows.
macro_rules! error_codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $number:literal => $name:literal,)*) => {
        /// Stable error codes, numbered for the C ABI (see gotrue.h).
        #[repr(C)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum GoTrueErrorCode {
            $($(#[doc = $doc])* $variant = $number,)*
        }

        impl From<ErrorCode> for GoTrueErrorCode {
            fn from(code: ErrorCode) -> GoTrueErrorCode {
                match code {
                    $(ErrorCode::$variant => GoTrueErrorCode::$variant,)*
                }
            }
        }

        /// The NUL-terminated name of the code with this number, for gotrue_error_code_name().
        fn code_name(number: i32) -> Option<&'static str> {
            match number {
                $($number => Some(concat!($name, "\0")),)*
                _ => None,
            }
        }
    };
}

include!("../core/error_codes.rs");

/// An error. Owned by the caller; free with gotrue_error_free(). Immutable, so it may be
/// read from any thread.
pub struct GoTrueError {
    error: Error,
    message: CString,
    server_code: Option<CString>,
    weak_password_reasons: Vec<CString>,
}

fn c_text(s: &str) -> CString {
    CString::new(s.replace('\0', " ")).unwrap_or_default()
}

impl BoxedHandle for GoTrueError {}

impl GoTrueError {
    /// A new error handle, owned by the caller.
    pub(crate) fn boxed(error: Error) -> *mut GoTrueError {
        let reasons = error.weak_password_reasons.iter().map(|r| c_text(r)).collect();
        GoTrueError {
            message: c_text(&error.message),
            server_code: error.server_code.as_deref().map(c_text),
            weak_password_reasons: reasons,
            error,
        }
        .into_raw()
    }

    pub fn error(&self) -> &Error {
        &self.error
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    let detail = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    format!("internal error (panic caught at the C boundary): {detail}")
}

/// Turns the outcome of a panic-guarded body into the C return value.
pub(crate) fn error_from_outcome(outcome: std::thread::Result<Result<()>>) -> *mut GoTrueError {
    match outcome {
        Ok(Ok(())) => ptr::null_mut(),
        Ok(Err(error)) => GoTrueError::boxed(error),
        Err(payload) => GoTrueError::boxed(Error::new(ErrorCode::Panic, panic_message(payload.as_ref()))),
    }
}

/// The stable error code. GOTRUE_ERROR_CODE_NULL_ARGUMENT when `error` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_error_code(error: *const GoTrueError) -> GoTrueErrorCode {
    ffi_infallible!(GoTrueErrorCode::Panic, {
        // SAFETY: NULL or a live error from this library.
        unsafe { error.as_ref() }.map_or(GoTrueErrorCode::NullArgument, |e| e.error.code.into())
    })
}

/// A human-readable message (never contains tokens or passwords). Borrowed: valid until
/// gotrue_error_free(). Returns "" when `error` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_error_message(error: *const GoTrueError) -> *const c_char {
    ffi_infallible!(c"".as_ptr(), {
        // SAFETY: NULL or a live error from this library.
        unsafe { error.as_ref() }.map_or(c"".as_ptr(), |e| e.message.as_ptr())
    })
}

/// The HTTP status of the server's answer, or 0 when the error did not come from the
/// server (network, invalid argument, ...).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_error_http_status(error: *const GoTrueError) -> u16 {
    ffi_infallible!(0, {
        // SAFETY: NULL or a live error from this library.
        unsafe { error.as_ref() }.map_or(0, |e| e.error.http_status)
    })
}

/// The server's error code string verbatim (e.g. "invalid_credentials"), or NULL when the
/// server sent none. Useful for codes newer than this library (GOTRUE_ERROR_CODE_UNKNOWN_SERVER_CODE).
/// Borrowed: valid until gotrue_error_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_error_server_code(error: *const GoTrueError) -> *const c_char {
    ffi_infallible!(ptr::null(), {
        // SAFETY: NULL or a live error from this library.
        unsafe { error.as_ref() }.and_then(|e| e.server_code.as_ref()).map_or(ptr::null(), |s| s.as_ptr())
    })
}

/// For GOTRUE_ERROR_CODE_WEAK_PASSWORD: how many reasons the server gave (read each with
/// gotrue_error_weak_password_reason()); 0 for other errors and when `error` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_error_weak_password_reason_count(error: *const GoTrueError) -> usize {
    ffi_infallible!(0, {
        // SAFETY: NULL or a live error from this library.
        unsafe { error.as_ref() }.map_or(0, |e| e.weak_password_reasons.len())
    })
}

/// Weak-password reason number `index` (from 0, below gotrue_error_weak_password_reason_count()),
/// e.g. "length", "characters" or "pwned". NULL when `error` is NULL or `index` is out of range.
/// Borrowed: valid until gotrue_error_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_error_weak_password_reason(error: *const GoTrueError, index: usize) -> *const c_char {
    ffi_infallible!(ptr::null(), {
        // SAFETY: NULL or a live error from this library.
        unsafe { error.as_ref() }.and_then(|e| e.weak_password_reasons.get(index)).map_or(ptr::null(), |s| s.as_ptr())
    })
}

/// Seconds the server asked to wait (Retry-After), or -1 when it did not say.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_error_retry_after(error: *const GoTrueError) -> i64 {
    ffi_infallible!(-1, {
        // SAFETY: NULL or a live error from this library.
        unsafe { error.as_ref() }.and_then(|e| e.error.retry_after_secs).map_or(-1, |s| s.min(i64::MAX as u64) as i64)
    })
}

/// Whether the failure is transient, so the same call may succeed if tried again later:
/// network errors, timeouts, HTTP 5xx and 429 (the server's `over_request_rate_limit`,
/// `request_timeout`). Wait at least gotrue_error_retry_after() seconds when it is >= 0.
/// The library has already retried idempotent requests (max_retries) before reporting; a
/// non-idempotent one (sign-up, sign-in) may have reached the server, so decide whether
/// repeating it is safe. False for every other error, and when `error` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_error_is_retryable(error: *const GoTrueError) -> bool {
    ffi_infallible!(false, {
        // SAFETY: NULL or a live error from this library.
        unsafe { error.as_ref() }.is_some_and(|e| e.error.is_transient())
    })
}

/// The stable snake_case name of a code (e.g. "invalid_credentials" for server codes,
/// "network" or "unknown_error" for client codes). Static: never free it. NULL for numbers that are not codes.
#[unsafe(no_mangle)]
pub extern "C" fn gotrue_error_code_name(code: i32) -> *const c_char {
    ffi_infallible!(ptr::null(), { code_name(code).map_or(ptr::null(), |name| name.as_ptr().cast()) })
}

/// Frees an error. NULL is ignored.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_error_free(error: *mut GoTrueError) {
    // SAFETY: NULL or from this library, freed once (caller contract).
    ffi_infallible!((), { unsafe { GoTrueError::free(error) } })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_unique_and_names_match_the_core() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::all() {
            let number = GoTrueErrorCode::from(code) as i32;
            assert!(seen.insert(number), "number {number} used twice");
            // SAFETY: a static NUL-terminated name.
            let name = unsafe { std::ffi::CStr::from_ptr(gotrue_error_code_name(number)) };
            assert_eq!(name.to_str().unwrap(), code.as_str());
        }
        assert!(gotrue_error_code_name(-1).is_null());
    }
}
