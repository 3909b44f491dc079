//! The session: the client's current one (get, set, refresh, sign out) and GoTrueSession, an
//! immutable snapshot of tokens, expiry and user.

use super::client::*;
use super::error::GoTrueError;
use super::strings::StringOut;
use super::strings::{SecretCString, to_owned_c_string};
use super::{BoxedHandle, ffi_fallible, ffi_infallible, try_opt_str, try_out, try_ref, try_str};
use crate::core::error::{Error, Result};
use crate::core::{Session, SignOutScope};
use std::ffi::{CString, c_char};
use std::ptr;
use std::sync::{Arc, OnceLock};

/// An immutable session snapshot. Owned by the caller; free with gotrue_session_free().
/// Safe to read from any thread. Borrowed strings from its accessors live until it is freed.
pub struct GoTrueSession {
    session: Arc<Session>,
    // Built on first use: most callers read one or two fields.
    access_token: OnceLock<SecretCString>,
    refresh_token: OnceLock<SecretCString>,
    token_type: OnceLock<CString>,
    user_id: OnceLock<CString>,
    email: OnceLock<Option<CString>>,
    phone: OnceLock<Option<CString>>,
    user_json: OnceLock<CString>,
}

fn c_string(s: &str) -> CString {
    CString::new(s).unwrap_or_default()
}

impl BoxedHandle for GoTrueSession {}

impl GoTrueSession {
    /// A new handle on `session`, owned by the caller.
    pub(crate) fn boxed(session: Arc<Session>) -> *mut GoTrueSession {
        GoTrueSession {
            session,
            access_token: OnceLock::new(),
            refresh_token: OnceLock::new(),
            token_type: OnceLock::new(),
            user_id: OnceLock::new(),
            email: OnceLock::new(),
            phone: OnceLock::new(),
            user_json: OnceLock::new(),
        }
        .into_raw()
    }

    pub fn session(&self) -> &Arc<Session> {
        &self.session
    }
}

/// Writes a new session handle to an optional out-parameter (NULL = not wanted).
pub(crate) fn write_session(out: *mut *mut GoTrueSession, session: Option<Arc<Session>>) {
    // SAFETY: NULL or writable (the caller's contract for every out-parameter).
    if let Some(out) = unsafe { super::try_opt_out(out) } {
        *out = session.map_or(ptr::null_mut(), GoTrueSession::boxed);
    }
}

/// Writes the outcome of a call that yields a session, or only a user, or neither, to its two
/// optional out-parameters. The user JSON is built only when asked for.
pub(crate) fn write_session_and_user(
    out_session: *mut *mut GoTrueSession,
    out_user_json: *mut *mut c_char,
    session: Option<Arc<Session>>,
    user: Option<&crate::core::User>,
) -> crate::core::Result<()> {
    // SAFETY: NULL or writable (the caller's contract for every out-parameter).
    if let Some(out) = unsafe { super::try_opt_out(out_user_json) } {
        *out = match (&session, user) {
            (Some(s), _) => to_owned_c_string(s.user.json().to_owned())?,
            (None, Some(u)) => super::strings::json_to_c(u)?,
            (None, None) => ptr::null_mut(),
        };
    }
    write_session(out_session, session);
    Ok(())
}

/// Runs `f` on the session behind `session`, or returns `fallback` when it is NULL.
fn with_session<T>(session: *const GoTrueSession, fallback: T, f: impl FnOnce(&GoTrueSession) -> T) -> T {
    // SAFETY: NULL or a live session handle (caller contract).
    match unsafe { session.as_ref() } {
        Some(s) => f(s),
        None => fallback,
    }
}

/// Which sessions sign-out ends on the server (the `scope` of gotrue_client_sign_out() and
/// gotrue_admin_sign_out()).
#[repr(C)]
#[allow(non_camel_case_types, clippy::enum_variant_names)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GoTrueSignOutScope {
    /// Every session of the user, on every device.
    GOTRUE_SIGN_OUT_SCOPE_GLOBAL = 0,
    /// Only this session.
    GOTRUE_SIGN_OUT_SCOPE_LOCAL = 1,
    /// Every session except this one (this client stays signed in).
    GOTRUE_SIGN_OUT_SCOPE_OTHERS = 2,
}

/// Reads a GOTRUE_SIGN_OUT_SCOPE_* number; unknown numbers are an error.
pub(crate) fn sign_out_scope(number: i32) -> Result<SignOutScope> {
    use GoTrueSignOutScope::*;
    match number {
        n if n == GOTRUE_SIGN_OUT_SCOPE_GLOBAL as i32 => Ok(SignOutScope::Global),
        n if n == GOTRUE_SIGN_OUT_SCOPE_LOCAL as i32 => Ok(SignOutScope::Local),
        n if n == GOTRUE_SIGN_OUT_SCOPE_OTHERS as i32 => Ok(SignOutScope::Others),
        other => Err(Error::invalid_argument(format!("unknown sign-out scope {other}"))),
    }
}

/// The current session, refreshed first if it expires within the refresh margin. Any
/// refresh failure short of a definitive rejection (network, timeout, 5xx, 429, an
/// unreadable answer) still returns the old session while it is valid; a definitive one
/// (refresh_token_not_found, session_not_found, ...) signs out and is returned.
/// `*out_session` receives a new handle (free with gotrue_session_free), or NULL when the
/// client is signed out; both are success.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_get_session(client: *const GoTrueClient, out_session: *mut *mut GoTrueSession) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let out = unsafe { try_out(out_session, "out_session") }?;
        *out = client.client().get_session()?.map_or(std::ptr::null_mut(), GoTrueSession::boxed);
        Ok(())
    })
}
/// The session the client holds, exactly as it is: no network call and no refresh, so it
/// never blocks (for a UI thread). It may be expired or about to expire: check
/// gotrue_session_seconds_left(), or use gotrue_client_get_session() when a usable access
/// token is needed. `*out_session` receives a new handle (free with gotrue_session_free), or
/// NULL when there is none; both are success.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_current_session(
    client: *const GoTrueClient,
    out_session: *mut *mut GoTrueSession,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let out = unsafe { try_out(out_session, "out_session") }?;
        *out = client.client().current_session().map_or(std::ptr::null_mut(), GoTrueSession::boxed);
        Ok(())
    })
}

/// Adopts an access + refresh token pair obtained elsewhere (e.g. from another process).
/// An expired access token is refreshed at once; otherwise the user is fetched with it.
/// `out_session` is optional.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_set_session(
    client: *const GoTrueClient,
    access_token: *const c_char,
    refresh_token: *const c_char,
    out_session: *mut *mut GoTrueSession,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let access_token = unsafe { try_str(access_token, "access_token") }?;
        let refresh_token = unsafe { try_str(refresh_token, "refresh_token") }?;
        let session = client.client().set_session(access_token, refresh_token)?;
        write_session(out_session, Some(session));
        Ok(())
    })
}
/// Exchanges a refresh token for a new session: `refresh_token`, or the current session's
/// when NULL. Single-flight: threads refreshing the same token at once share one request,
/// and a token this client already exchanged yields that exchange's session.
/// A transient failure (network, timeout, 5xx, 429) never removes the current session;
/// only a definitive rejection (e.g. refresh_token_not_found) signs the client out.
/// `out_session` is optional.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_refresh_session(
    client: *const GoTrueClient,
    refresh_token: *const c_char,
    out_session: *mut *mut GoTrueSession,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let refresh_token = unsafe { try_opt_str(refresh_token, "refresh_token") }?;
        let session = client.client().refresh_session(refresh_token)?;
        write_session(out_session, Some(session));
        Ok(())
    })
}
/// Signs out. `scope` is one of GOTRUE_SIGN_OUT_SCOPE_GLOBAL (all the user's sessions),
/// _LOCAL (this one) or _OTHERS (all but this one). For GLOBAL and LOCAL the local session
/// is removed even when the server reports it already gone (401/403/404). Signing out
/// while signed out succeeds.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_sign_out(client: *const GoTrueClient, scope: i32) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let scope = super::session::sign_out_scope(scope)?;
        client.client().sign_out(scope)
    })
}
/// The access token (a JWT). Borrowed; NULL when `session` is NULL. Treat it as a secret.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_session_access_token(session: *const GoTrueSession) -> *const c_char {
    ffi_infallible!(ptr::null(), {
        with_session(session, ptr::null(), |s| s.access_token.get_or_init(|| SecretCString::new(s.session.access_token.expose())).as_ptr())
    })
}
/// The refresh token. Borrowed; NULL when `session` is NULL. Treat it as a secret.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_session_refresh_token(session: *const GoTrueSession) -> *const c_char {
    ffi_infallible!(ptr::null(), {
        with_session(session, ptr::null(), |s| {
            s.refresh_token.get_or_init(|| SecretCString::new(s.session.refresh_token.expose())).as_ptr()
        })
    })
}
/// The token type ("bearer"). Borrowed; NULL when `session` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_session_token_type(session: *const GoTrueSession) -> *const c_char {
    ffi_infallible!(ptr::null(), {
        with_session(session, ptr::null(), |s| s.token_type.get_or_init(|| c_string(&s.session.token_type)).as_ptr())
    })
}
/// Expiry time in Unix seconds; 0 when `session` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_session_expires_at(session: *const GoTrueSession) -> i64 {
    ffi_infallible!(0, { with_session(session, 0, |s| s.session.expires_at) })
}
/// The lifetime the server granted, in seconds (as sent with the token); 0 when NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_session_expires_in(session: *const GoTrueSession) -> i64 {
    ffi_infallible!(0, { with_session(session, 0, |s| s.session.expires_in) })
}
/// Seconds left before expiry on this machine's clock (negative once expired); 0 when NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_session_seconds_left(session: *const GoTrueSession) -> i64 {
    ffi_infallible!(0, { with_session(session, 0, |s| s.session.seconds_left()) })
}
/// The user's id (UUID). Borrowed; NULL when `session` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_session_user_id(session: *const GoTrueSession) -> *const c_char {
    ffi_infallible!(ptr::null(), {
        with_session(session, ptr::null(), |s| s.user_id.get_or_init(|| c_string(s.session.user.id())).as_ptr())
    })
}
/// The user's email, or NULL when the user has none (phone or anonymous users). Borrowed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_session_user_email(session: *const GoTrueSession) -> *const c_char {
    ffi_infallible!(ptr::null(), {
        with_session(session, ptr::null(), |s| {
            s.email.get_or_init(|| s.session.user.email().map(c_string)).as_ref().map_or(ptr::null(), |c| c.as_ptr())
        })
    })
}
/// The user's phone, or NULL when the user has none. Borrowed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_session_user_phone(session: *const GoTrueSession) -> *const c_char {
    ffi_infallible!(ptr::null(), {
        with_session(session, ptr::null(), |s| {
            s.phone.get_or_init(|| s.session.user.phone().map(c_string)).as_ref().map_or(ptr::null(), |c| c.as_ptr())
        })
    })
}
/// The whole user object as JSON (every field the server sent). Borrowed; NULL when NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_session_user_json(session: *const GoTrueSession) -> *const c_char {
    ffi_infallible!(ptr::null(), {
        with_session(session, ptr::null(), |s| s.user_json.get_or_init(|| c_string(s.session.user.json())).as_ptr())
    })
}
/// Serializes the session (tokens included: store it like a password). `*out_json`
/// receives an owned string; free with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_session_to_json(session: *const GoTrueSession, out_json: *mut *mut c_char) -> *mut GoTrueError {
    ffi_fallible!({
        let session = unsafe { try_ref(session, "session") }?;
        let out = unsafe { StringOut::required(out_json, "out_json") }?;
        out.text(session.session.to_json())
    })
}
/// Parses a session from JSON (as made by gotrue_session_to_json, or a GoTrue token answer).
/// Needs access_token, refresh_token, expires_in and user. `*out_session` receives a new handle.
/// To make it the client's session, pass its tokens to gotrue_client_set_session().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_session_from_json(json: *const c_char, out_session: *mut *mut GoTrueSession) -> *mut GoTrueError {
    ffi_fallible!({
        let out = unsafe { try_out(out_session, "out_session") }?;
        let json = unsafe { try_str(json, "json") }?;
        *out = GoTrueSession::boxed(Arc::new(Session::from_json(json)?));
        Ok(())
    })
}
/// An owned copy of `session` (for example of the session an auth state callback borrows),
/// valid until freed with gotrue_session_free() and independent of the original's lifetime.
/// Copying is cheap: the snapshot is shared, immutable, and wiped when its last copy is freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_session_clone(session: *const GoTrueSession, out_session: *mut *mut GoTrueSession) -> *mut GoTrueError {
    ffi_fallible!({
        let session = unsafe { try_ref(session, "session") }?;
        let out = unsafe { try_out(out_session, "out_session") }?;
        *out = GoTrueSession::boxed(Arc::clone(&session.session));
        Ok(())
    })
}
/// Frees a session handle (its tokens are wiped). NULL is ignored.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_session_free(session: *mut GoTrueSession) {
    // SAFETY: NULL or from this library, freed once (caller contract).
    ffi_infallible!((), { unsafe { GoTrueSession::free(session) } })
}
