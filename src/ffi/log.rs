//! The process-wide log hook through the C ABI.

use super::error::GoTrueError;
use super::{GoTrueReleaseFn, Hook, ffi_fallible};
use crate::core::error::Result;
use crate::core::log::{self, LogLevel};
use std::ffi::{CString, c_char, c_void};
use std::sync::Arc;

/// How much gotrue_set_log_callback() delivers: a level and every more severe one.
#[repr(C)]
#[allow(non_camel_case_types, clippy::enum_variant_names)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GoTrueLogLevel {
    /// Nothing (removes the callback).
    GOTRUE_LOG_LEVEL_OFF = 0,
    GOTRUE_LOG_LEVEL_ERROR = 1,
    /// Failed requests without an answer or with a 5xx; refreshes that failed but kept the session.
    GOTRUE_LOG_LEVEL_WARN = 2,
    /// Every HTTP request attempt.
    GOTRUE_LOG_LEVEL_INFO = 3,
    /// Refresh decisions (request, join a refresh in flight, answer without a request).
    GOTRUE_LOG_LEVEL_DEBUG = 4,
}

/// Receives one log line. `line` is NUL-terminated UTF-8 `key=value` pairs separated by
/// spaces, starting with `level=` and `event=` (e.g. "level=info event=http method=POST
/// path=/token?grant_type=password status=200 duration_ms=12 retries=0 result=ok"), borrowed
/// for the call only. Lines never contain tokens, passwords, OTPs, nonces, codes, verifiers
/// or emails: query values other than plain words of known keys read `<redacted>`.
///
/// It runs on whichever thread made the request (any thread calling a client, the
/// auto-refresh thread, worker threads), possibly on several at once: it must be
/// thread-safe. It must not call gotrue_set_log_callback().
pub type GoTrueLogCallback = Option<unsafe extern "C" fn(level: GoTrueLogLevel, line: *const c_char, user_data: *mut c_void)>;

fn c_level(level: LogLevel) -> GoTrueLogLevel {
    match level {
        LogLevel::Error => GoTrueLogLevel::GOTRUE_LOG_LEVEL_ERROR,
        LogLevel::Warn => GoTrueLogLevel::GOTRUE_LOG_LEVEL_WARN,
        LogLevel::Info => GoTrueLogLevel::GOTRUE_LOG_LEVEL_INFO,
        LogLevel::Debug => GoTrueLogLevel::GOTRUE_LOG_LEVEL_DEBUG,
    }
}

fn core_level(level: GoTrueLogLevel) -> Option<LogLevel> {
    match level {
        GoTrueLogLevel::GOTRUE_LOG_LEVEL_OFF => None,
        GoTrueLogLevel::GOTRUE_LOG_LEVEL_ERROR => Some(LogLevel::Error),
        GoTrueLogLevel::GOTRUE_LOG_LEVEL_WARN => Some(LogLevel::Warn),
        GoTrueLogLevel::GOTRUE_LOG_LEVEL_INFO => Some(LogLevel::Info),
        GoTrueLogLevel::GOTRUE_LOG_LEVEL_DEBUG => Some(LogLevel::Debug),
    }
}

/// Installs the process-wide log callback (one for all clients), replacing any earlier one.
/// `level` is a GOTRUE_LOG_LEVEL_* number: lines at that level and more severe ones are
/// delivered. `callback` NULL or level OFF removes the callback (then `finalizer`, if any,
/// runs at once with `user_data`). Unknown levels are GOTRUE_ERROR_CODE_INVALID_ARGUMENT
/// (and nothing changes; `finalizer` is not called).
///
/// `finalizer` (nullable) runs exactly once with `user_data`, after the last line was
/// delivered: when a later call replaces or removes this callback and every delivery
/// already running on other threads has returned (on the thread of the last one).
/// See GoTrueLogCallback for the threading rules.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_set_log_callback(
    callback: GoTrueLogCallback,
    level: i32,
    user_data: *mut c_void,
    finalizer: GoTrueReleaseFn,
) -> *mut GoTrueError {
    ffi_fallible!({
        let level = log_level(level)?;
        let hook = callback.map(|callback| Hook::new(callback, user_data, finalizer));
        let (Some(hook), Some(level)) = (hook, level) else {
            if let (None, Some(finalizer)) = (callback, finalizer) {
                // No hook was built to own user_data: hand it back now.
                // SAFETY: supplied for this; called exactly once.
                unsafe { finalizer(user_data) };
            }
            log::set_sink(None);
            return Ok(());
        };
        let hook = Arc::new(hook);
        let sink = move |level: LogLevel, line: &str| {
            let Ok(text) = CString::new(line) else { return };
            // SAFETY: the callback was supplied for this; the line lives until it returns.
            unsafe { (hook.callback)(c_level(level), text.as_ptr(), hook.user_data()) };
        };
        log::set_sink(Some((level, Arc::new(sink))));
        Ok(())
    })
}

fn log_level(number: i32) -> Result<Option<LogLevel>> {
    use GoTrueLogLevel::*;
    [GOTRUE_LOG_LEVEL_OFF, GOTRUE_LOG_LEVEL_ERROR, GOTRUE_LOG_LEVEL_WARN, GOTRUE_LOG_LEVEL_INFO, GOTRUE_LOG_LEVEL_DEBUG]
        .into_iter()
        .find(|l| *l as i32 == number)
        .map(core_level)
        .ok_or_else(|| crate::core::error::Error::invalid_argument(format!("unknown log level {number}")))
}
