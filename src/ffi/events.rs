//! Auth state change subscriptions through the C ABI.

use super::client::GoTrueClient;
use super::error::GoTrueError;
use super::session::GoTrueSession;
use super::{BoxedHandle, GoTrueReleaseFn, Hook, ffi_fallible, try_ref};
use crate::core::error::{Error, ErrorCode};
use crate::core::events::AuthEvent;
use std::ffi::c_void;
use std::sync::Arc;

/// Auth state changes, as passed to a GoTrueAuthStateCallback.
#[repr(C)]
#[allow(non_camel_case_types, clippy::enum_variant_names)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GoTrueAuthEvent {
    GOTRUE_AUTH_EVENT_INITIAL_SESSION = 0,
    GOTRUE_AUTH_EVENT_SIGNED_IN = 1,
    GOTRUE_AUTH_EVENT_SIGNED_OUT = 2,
    GOTRUE_AUTH_EVENT_TOKEN_REFRESHED = 3,
    GOTRUE_AUTH_EVENT_USER_UPDATED = 4,
    GOTRUE_AUTH_EVENT_PASSWORD_RECOVERY = 5,
    GOTRUE_AUTH_EVENT_MFA_CHALLENGE_VERIFIED = 6,
    /// A refresh of the current session failed for a reason that may pass (network,
    /// timeout, 5xx, 429, unreadable answer) and the session was kept. `session` is the kept
    /// session; the error is what gotrue_client_session_status() reports as `last_error`.
    GOTRUE_AUTH_EVENT_REFRESH_FAILED = 7,
}

impl From<AuthEvent> for GoTrueAuthEvent {
    fn from(event: AuthEvent) -> GoTrueAuthEvent {
        match event {
            AuthEvent::InitialSession => GoTrueAuthEvent::GOTRUE_AUTH_EVENT_INITIAL_SESSION,
            AuthEvent::SignedIn => GoTrueAuthEvent::GOTRUE_AUTH_EVENT_SIGNED_IN,
            AuthEvent::SignedOut => GoTrueAuthEvent::GOTRUE_AUTH_EVENT_SIGNED_OUT,
            AuthEvent::TokenRefreshed => GoTrueAuthEvent::GOTRUE_AUTH_EVENT_TOKEN_REFRESHED,
            AuthEvent::UserUpdated => GoTrueAuthEvent::GOTRUE_AUTH_EVENT_USER_UPDATED,
            AuthEvent::PasswordRecovery => GoTrueAuthEvent::GOTRUE_AUTH_EVENT_PASSWORD_RECOVERY,
            AuthEvent::MfaChallengeVerified => GoTrueAuthEvent::GOTRUE_AUTH_EVENT_MFA_CHALLENGE_VERIFIED,
            AuthEvent::RefreshFailed => GoTrueAuthEvent::GOTRUE_AUTH_EVENT_REFRESH_FAILED,
        }
    }
}

/// Called on every auth state change.
///
/// `event`: what happened. `session`: the session after the change, borrowed for the
/// duration of the call only (gotrue_session_clone() it to keep it); NULL when
/// there is none (SIGNED_OUT, or INITIAL_SESSION with nothing stored). `user_data`: as given
/// to gotrue_client_on_auth_state_change().
///
/// It runs on the thread that caused the change: any thread calling the client, or the
/// auto-refresh thread. No library lock is held, so it may call back into the client (e.g.
/// gotrue_client_get_session) — but must not free it. Keep it short: the call that caused
/// the event waits for it.
pub type GoTrueAuthStateCallback =
    Option<unsafe extern "C" fn(event: GoTrueAuthEvent, session: *const GoTrueSession, user_data: *mut c_void)>;

/// Subscribes `callback` to auth state changes. `*out_subscription_id` receives an id
/// (never 0) for gotrue_client_unsubscribe(). Callbacks are called in subscription order.
///
/// `user_data` (may be NULL) is passed to every call of `callback`. `finalizer` (nullable)
/// runs exactly once with `user_data`, after the last call of `callback` has returned: when
/// the subscription is removed (gotrue_client_unsubscribe) or the client is freed, or, if a
/// call was still running on another thread then, when that call returns (on its thread).
/// Until the finalizer runs, `user_data` must stay valid. When this function fails (NULL
/// `client`, `callback` or `out_subscription_id`) nothing is registered and `finalizer` is
/// not called: `user_data` stays the caller's.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_on_auth_state_change(
    client: *const GoTrueClient,
    callback: GoTrueAuthStateCallback,
    user_data: *mut c_void,
    finalizer: GoTrueReleaseFn,
    out_subscription_id: *mut u64,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let callback = callback.ok_or_else(|| Error::new(ErrorCode::NullArgument, "argument `callback` must not be NULL"))?;
        // SAFETY: NULL or writable (caller contract).
        let out = unsafe { out_subscription_id.as_mut() }
            .ok_or_else(|| Error::new(ErrorCode::NullArgument, "argument `out_subscription_id` must not be NULL"))?;
        // From here on nothing fails: the hook owns user_data, and dropping the listener (the
        // last clone of it, after any delivery in flight) runs the finalizer.
        let hook = Hook::new(callback, user_data, finalizer);
        let listener = move |event: AuthEvent, session: Option<&crate::core::Session>, _error: Option<&Error>| {
            let handle = session.map_or(std::ptr::null_mut(), |s| GoTrueSession::boxed(Arc::new(s.clone())));
            // SAFETY: the callback was supplied for this; the session lives until after it returns.
            unsafe { (hook.callback)(event.into(), handle, hook.user_data()) };
            // SAFETY: created just above (or NULL) and only lent to the call.
            unsafe { GoTrueSession::free(handle) };
        };
        *out = client.client().events().subscribe(Arc::new(listener));
        Ok(())
    })
}

/// Removes a subscription. The callback is not started again after this returns, though a
/// call already running on another thread may still finish. Unknown ids (including ids
/// already removed) give GOTRUE_ERROR_CODE_INVALID_ARGUMENT. A callback may unsubscribe itself.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_unsubscribe(client: *const GoTrueClient, subscription_id: u64) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        if !client.client().events().unsubscribe(subscription_id) {
            return Err(Error::invalid_argument(format!("no subscription with id {subscription_id}")));
        }
        Ok(())
    })
}
