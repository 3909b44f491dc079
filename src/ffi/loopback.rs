//! Desktop sign-in through a loopback listener (no custom URL scheme needed).
//!
//! The app calls gotrue_client_start_loopback_sign_in(), opens gotrue_loopback_url() in the
//! system browser, and waits with gotrue_loopback_wait(). The listener, on 127.0.0.1 at a
//! free port, takes the browser's redirect (a PKCE `code`, or an implicit-flow fragment that
//! a small page posts back), completes the sign-in through the client (SIGNED_IN is emitted
//! as for any sign-in), and answers the browser with a short page. It acts only on requests
//! to its path whose `state` matches the one in its URL, is single-use, never redirects the
//! browser anywhere, and never shows request text in its pages.

use super::client::GoTrueClient;
use super::error::GoTrueError;
use super::session::GoTrueSession;
use super::strings::SecretCString;
use super::{BoxedHandle, ffi_fallible, ffi_infallible, try_options, try_out, try_ref, try_str};
use crate::core::loopback::Loopback;
use std::ffi::c_char;
use std::time::Duration;

/// A loopback sign-in in progress, from gotrue_client_start_loopback_sign_in(). Thread-safe:
/// gotrue_loopback_wait() and gotrue_loopback_cancel() may be called from any threads at
/// once; only gotrue_loopback_free() must not race them. Free it with gotrue_loopback_free().
pub struct GoTrueLoopback {
    inner: Loopback,
    // Both carry the state: wiped on free.
    url: SecretCString,
    redirect_to: SecretCString,
}

impl BoxedHandle for GoTrueLoopback {}

/// Opens a loopback listener on 127.0.0.1 for a browser sign-in.
///
/// `provider_or_flow`: an OAuth provider name ("github", "google", ...): gotrue_loopback_url()
/// is then the authorize URL, whose redirect leads back to the listener; or "redirect": the
/// listener only, for a flow the app starts itself (a magic link, a sign-up confirmation,
/// SSO...) with gotrue_loopback_redirect_to() as its redirect URL (e.g. sign_in_with_otp's
/// "email_redirect_to"). The server must accept the redirect URL: it does for
/// http://127.0.0.1:<any port> when the site URL's host is 127.0.0.1, otherwise add
/// "http://127.0.0.1:*/**" (or the chosen port) to its allow list.
/// `options_json` (nullable): {"port":0 (0 = a free port), "path":"/callback",
/// "scopes":"...", "query_params":{...}} (scopes and query_params for providers only).
/// The client's flow type applies: PKCE (a stored verifier, exchanged when the code comes
/// back) or implicit (tokens in the fragment).
/// On success `*out_handle` receives the handle (free with gotrue_loopback_free()).
/// Errors: NULL_ARGUMENT, INVALID_UTF8, INVALID_JSON (options), INVALID_ARGUMENT (empty
/// provider, bad path, provider options with "redirect"), NETWORK (the port cannot be bound).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_start_loopback_sign_in(
    client: *const GoTrueClient,
    provider_or_flow: *const c_char,
    options_json: *const c_char,
    out_handle: *mut *mut GoTrueLoopback,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let provider = unsafe { try_str(provider_or_flow, "provider_or_flow") }?;
        let options = unsafe { try_options(options_json, "options_json") }?;
        let out = unsafe { try_out(out_handle, "out_handle") }?;
        let inner = client.client().start_loopback_sign_in(provider, &options)?;
        let url = SecretCString::new(inner.url());
        let redirect_to = SecretCString::new(inner.redirect_to());
        *out = GoTrueLoopback { inner, url, redirect_to }.into_raw();
        Ok(())
    })
}

/// The URL to open in the browser. Borrowed: valid until gotrue_loopback_free(). NULL for a
/// NULL handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_loopback_url(handle: *const GoTrueLoopback) -> *const c_char {
    ffi_infallible!(std::ptr::null(), {
        // SAFETY: NULL or a live handle (caller contract).
        unsafe { handle.as_ref() }.map_or(std::ptr::null(), |h| h.url.as_ptr())
    })
}

/// The listener's own URL, http://127.0.0.1:<port><path>?state=<random>: the redirect URL
/// for a flow started with "redirect". It carries the state, so treat it as private to this
/// sign-in. Borrowed: valid until gotrue_loopback_free(). NULL for a NULL handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_loopback_redirect_to(handle: *const GoTrueLoopback) -> *const c_char {
    ffi_infallible!(std::ptr::null(), {
        // SAFETY: NULL or a live handle (caller contract).
        unsafe { handle.as_ref() }.map_or(std::ptr::null(), |h| h.redirect_to.as_ptr())
    })
}

/// Waits up to `timeout_ms` milliseconds (0 = just look) for the sign-in to complete.
/// On success `*out_session` (optional, NULL = not wanted) receives the new session (free
/// with gotrue_session_free()); it is also the client's current session.
/// Errors: the flow's own error (e.g. AUTH_REDIRECT when the provider or server refused,
/// or the code exchange's error); TIMEOUT when the time ran out first (the listener stays
/// open: wait again, or cancel); CANCELLED after gotrue_loopback_cancel() or when the
/// client was freed. Once complete, every later wait returns the same result at once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_loopback_wait(
    handle: *const GoTrueLoopback,
    timeout_ms: u64,
    out_session: *mut *mut GoTrueSession,
) -> *mut GoTrueError {
    ffi_fallible!({
        let handle = unsafe { try_ref(handle, "handle") }?;
        let session = handle.inner.wait(Duration::from_millis(timeout_ms))?;
        // SAFETY: NULL or writable (caller contract).
        if let Some(out) = unsafe { out_session.as_mut() } {
            *out = GoTrueSession::boxed(session);
        }
        Ok(())
    })
}

/// Stops the listener: a pending or later gotrue_loopback_wait() returns CANCELLED. An
/// exchange already in flight is waited for (at most the client's deadline_ms) and its
/// result kept. Idempotent; NULL is ignored. The port is closed when this returns.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_loopback_cancel(handle: *const GoTrueLoopback) {
    ffi_infallible!((), {
        // SAFETY: NULL or a live handle (caller contract).
        if let Some(h) = unsafe { handle.as_ref() } {
            h.inner.cancel();
        }
    })
}

/// Cancels (see gotrue_loopback_cancel()) and frees the handle. NULL is ignored. May be
/// called before or after the client is freed (freeing the client cancels its listeners).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_loopback_free(handle: *mut GoTrueLoopback) {
    ffi_infallible!((), {
        // SAFETY: NULL or from gotrue_client_start_loopback_sign_in, freed once (caller contract).
        unsafe { GoTrueLoopback::free(handle) }
    })
}
