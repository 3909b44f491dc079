//! The session status query.

use super::client::GoTrueClient;
use super::error::GoTrueError;
use super::{ffi_fallible, try_opt_out, try_ref};
use crate::core::SessionStatus;
use crate::core::error::{Error, ErrorCode};

/// Where a client stands, from gotrue_client_session_status().
#[repr(C)]
#[allow(non_camel_case_types, clippy::enum_variant_names)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GoTrueSessionStatus {
    /// Nothing settled yet: gotrue_client_initialize() has not run and no session was set
    /// or removed.
    GOTRUE_SESSION_STATUS_INITIALIZING = 0,
    /// A session is held and its last refresh (if any) succeeded.
    GOTRUE_SESSION_STATUS_AUTHENTICATED = 1,
    /// No session (see `is_sign_out`).
    GOTRUE_SESSION_STATUS_NOT_AUTHENTICATED = 2,
    /// A session is held but its last refresh failed for a reason that may pass (see
    /// `last_error`); the session is kept and refreshing goes on.
    GOTRUE_SESSION_STATUS_REFRESH_FAILING = 3,
}

/// The client's session status now, with no network call. Changes are announced by auth
/// events (any event may change it; REFRESH_FAILED enters REFRESH_FAILING, the next
/// TOKEN_REFRESHED or SIGNED_IN leaves it), so a UI can query it from its event callback.
///
/// `*out_status` (required) receives a GOTRUE_SESSION_STATUS_* value. `*out_is_sign_out`
/// (optional, NULL = not wanted) receives true for NOT_AUTHENTICATED after a session was
/// removed (sign-out, or the server rejected its refresh token for good), false otherwise.
/// `*out_last_error` (optional) receives, for REFRESH_FAILING, a new error describing the
/// last failed refresh (free with gotrue_error_free), and NULL otherwise.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_session_status(
    client: *const GoTrueClient,
    out_status: *mut GoTrueSessionStatus,
    out_is_sign_out: *mut bool,
    out_last_error: *mut *mut GoTrueError,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        // SAFETY: NULL or writable (caller contract).
        let status_out =
            unsafe { out_status.as_mut() }.ok_or_else(|| Error::new(ErrorCode::NullArgument, "argument `out_status` must not be NULL"))?;
        let (status, is_sign_out, error) = match client.client().session_status() {
            SessionStatus::Initializing => (GoTrueSessionStatus::GOTRUE_SESSION_STATUS_INITIALIZING, false, None),
            SessionStatus::Authenticated => (GoTrueSessionStatus::GOTRUE_SESSION_STATUS_AUTHENTICATED, false, None),
            SessionStatus::NotAuthenticated { is_sign_out } => {
                (GoTrueSessionStatus::GOTRUE_SESSION_STATUS_NOT_AUTHENTICATED, is_sign_out, None)
            }
            SessionStatus::RefreshFailing(e) => (GoTrueSessionStatus::GOTRUE_SESSION_STATUS_REFRESH_FAILING, false, Some(e)),
        };
        *status_out = status;
        // SAFETY: NULL or writable (caller contract).
        if let Some(out) = unsafe { out_is_sign_out.as_mut() } {
            *out = is_sign_out;
        }
        if let Some(out) = unsafe { try_opt_out(out_last_error) } {
            *out = error.map_or(std::ptr::null_mut(), GoTrueError::boxed);
        }
        Ok(())
    })
}
