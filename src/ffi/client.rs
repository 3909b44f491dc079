//! GoTrueClient: creation (with its options or caller storage), start-up and background refresh.

use super::error::GoTrueError;
use super::session::GoTrueSession;
use super::storage::{CallbackStorage, GoTrueStorageCallbacks};
use super::{BoxedHandle, ffi_fallible, ffi_infallible, try_opt_out, try_opt_str, try_out, try_ref, try_str};
use crate::core::config::StorageKind;
use crate::core::error::Error;
use crate::core::{Client, ClientOptions};
use std::ffi::c_char;
use std::sync::Arc;

/// A GoTrue client. Thread-safe: any number of threads may use one client at once; only
/// gotrue_client_free() must not race other calls on the same handle.
pub struct GoTrueClient {
    pub(crate) inner: Arc<Client>,
}

impl BoxedHandle for GoTrueClient {
    /// gotrue_client_free: completes pending requests as cancelled, stops and joins the
    /// auto-refresh thread and cancels the loopback listeners first, so no callback of this
    /// client runs once it returns. (Not a Drop: request workers hold short-lived handles
    /// on the same client, and dropping those must not stop it.)
    unsafe fn free(ptr: *mut Self) {
        if !ptr.is_null() {
            // SAFETY: from into_raw, freed once (the caller's contract).
            let client = unsafe { Box::from_raw(ptr) };
            // Pending requests complete as cancelled first (their workers may still use the client).
            client.inner.shutdown_requests();
            client.inner.stop_auto_refresh();
            client.inner.cancel_loopbacks();
        }
    }
}

impl GoTrueClient {
    pub(crate) fn client(&self) -> &Client {
        &self.inner
    }
}

/// Creates a client for the Auth server at `url` (e.g. "https://<project>.supabase.co/auth/v1"
/// or "http://127.0.0.1:9999").
///
/// `api_key`: the project's anon key (sent as `apikey`); for the admin functions use the
/// service-role key, and never ship that key in an app. May be "" for servers that need none.
/// `options_json` (nullable): {"headers":{...}, "timeout_ms":30000, "deadline_ms":60000, "connect_timeout_ms":10000,
/// "storage_key":"sb-auth-token", "storage":{"type":"memory"}|{"type":"file","path":DIR},
/// "flow_type":"pkce"|"implicit", "auto_refresh":false, "refresh_margin_secs":90,
/// "persist_session":true, "max_retries":3, "retry_base_delay_ms":200, "max_retry_delay_ms":5000,
/// "jwks_ttl_secs":600, "pkce_verifier_ttl_secs":86400, "request_workers":4}. Unknown keys are an error (GOTRUE_ERROR_CODE_INVALID_JSON).
/// `timeout_ms` bounds one attempt; `deadline_ms` bounds a whole request, all retries and
/// their backoff included, so a hung server blocks a call for at most deadline_ms (then
/// GOTRUE_ERROR_CODE_TIMEOUT). A call makes one request, a few make two (set_session,
/// get_session_from_url and get_claims may fetch the user or the JWKS first).
/// `refresh_margin_secs` is capped at half the token's lifetime, so short-lived tokens are
/// not refreshed on every call; get_session starts at most one refresh per second while the
/// session is still valid (longer, with backoff, after failed refreshes).
/// With file storage the session is kept in DIR/<storage_key>.json (mode 0600, replaced
/// atomically: a crash mid-write leaves the old or the new session, never a torn file);
/// resume it in a later run with gotrue_client_initialize(). "auto_refresh":true starts the
/// background refresher (see gotrue_client_start_auto_refresh) as soon as a session appears.
/// A PKCE flow's verifier is kept in storage for `pkce_verifier_ttl_secs` (1 s .. 366 days);
/// verifiers of abandoned flows are removed on the next flow start or initialize.
/// `request_workers` (1 to 64) bounds the worker threads that run this client's
/// non-blocking (`_start`) calls; they start on first use and further requests queue.
/// On success `*out_client` receives a client to free with gotrue_client_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_new(
    url: *const c_char,
    api_key: *const c_char,
    options_json: *const c_char,
    out_client: *mut *mut GoTrueClient,
) -> *mut GoTrueError {
    ffi_fallible!({
        let out = unsafe { try_out(out_client, "out_client") }?;
        let url = unsafe { try_str(url, "url") }?;
        let api_key = unsafe { try_str(api_key, "api_key") }?;
        let options = ClientOptions::from_json(unsafe { try_opt_str(options_json, "options_json") }?)?;
        let client = Client::new(url, api_key, options)?;
        *out = GoTrueClient { inner: client.shared() }.into_raw();
        Ok(())
    })
}
/// Creates a client whose sessions and PKCE verifiers live in caller-supplied storage
/// (see GoTrueStorageCallbacks for the callbacks' contract and threading rules).
///
/// `callbacks` is copied; `get`, `set` and `remove` are required (NULL_ARGUMENT otherwise).
/// `options_json` as for gotrue_client_new(), except that "storage" must be absent or
/// {"type":"custom"} (INVALID_ARGUMENT otherwise). The callbacks' `release` runs once, when
/// the client is freed; when this function fails it is not called.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_new_with_storage(
    url: *const c_char,
    api_key: *const c_char,
    options_json: *const c_char,
    callbacks: *const GoTrueStorageCallbacks,
    out_client: *mut *mut GoTrueClient,
) -> *mut GoTrueError {
    ffi_fallible!({
        let out = unsafe { try_out(out_client, "out_client") }?;
        let url = unsafe { try_str(url, "url") }?;
        let api_key = unsafe { try_str(api_key, "api_key") }?;
        let callbacks = unsafe { try_ref(callbacks, "callbacks") }?;
        let options_text = unsafe { try_opt_str(options_json, "options_json") }?;
        let mut options = ClientOptions::from_json(options_text)?;
        // `storage` defaults to memory, so look at the text to tell "absent" from "memory".
        let names_storage =
            options_text.and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok()).is_some_and(|v| v.get("storage").is_some());
        if names_storage && options.storage != StorageKind::Custom {
            return Err(Error::invalid_argument("options_json names another storage, but callbacks were given"));
        }
        options.storage = StorageKind::Custom;
        let storage = Arc::new(CallbackStorage::new(callbacks)?);
        let client = Client::with_storage(url, api_key, options, storage.clone())?;
        storage.take_ownership();
        *out = GoTrueClient { inner: client.shared() }.into_raw();
        Ok(())
    })
}
/// Frees a client. NULL is ignored. No other call on this client may be running or start
/// afterwards. Sessions and errors obtained from it stay valid (they are independent).
/// Stops the auto-refresh thread first and waits for it (if a refresh is in flight, until
/// it completes: at most deadline_ms) and cancels its loopback sign-ins (waiting likewise
/// for an exchange in flight; their handles stay to be freed); once this returns no callback of
/// this client (auth state, storage, request) runs again.
/// Every non-blocking request still pending completes as cancelled before this returns
/// (GOTRUE_ERROR_CODE_CANCELLED; callbacks of queued ones run on this thread, of running ones
/// on their worker, which this waits for). Request handles stay valid after it: read them
/// and free each with gotrue_request_free() as usual. Must not be called from a callback
/// of one of this client's requests.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_free(client: *mut GoTrueClient) {
    // SAFETY: NULL or from gotrue_client_new*, freed once (caller contract).
    ffi_infallible!((), { unsafe { GoTrueClient::free(client) } })
}
/// Resumes the session a previous run saved in the client's storage: the one call an app
/// makes at start-up. Loads it, refreshes it first if it expires within the refresh margin,
/// and emits INITIAL_SESSION (with the session, or NULL when there is none).
///
/// `*out_session` (optional, NULL = not wanted) receives the session or NULL when none is
/// stored; both are success. If the refresh fails for a transient reason (network, 5xx,
/// 429) and the stored session has not yet expired, that session is returned; if it has
/// expired the error is returned and the session stays stored, to be refreshed by a later
/// call. If the server rejects the refresh token for good (e.g. refresh_token_not_found)
/// the session is removed, SIGNED_OUT is emitted and the error returned. A stored entry that
/// cannot be parsed is removed and treated as none. First removes the PKCE verifiers of
/// flows older than `pkce_verifier_ttl_secs` from storage.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_initialize(client: *const GoTrueClient, out_session: *mut *mut GoTrueSession) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let session = client.client().initialize()?;
        if let Some(out) = unsafe { try_opt_out(out_session) } {
            *out = session.map_or(std::ptr::null_mut(), GoTrueSession::boxed);
        }
        Ok(())
    })
}

/// Starts refreshing the session in the background shortly before it expires (when less
/// than `refresh_margin_secs`, at most half the token's lifetime, remain, judged by this
/// machine's clock from when the session arrived, so a skewed clock does not matter). Idempotent.
///
/// The refresher is one plain thread per client. It holds no reference that keeps the
/// client alive and does not keep the process from exiting. Transient failures (network,
/// timeout, 5xx, 429) are retried with bounded exponential backoff and keep the session; a
/// definitive rejection removes it and emits SIGNED_OUT. Events it causes (TOKEN_REFRESHED,
/// SIGNED_OUT) are delivered on that thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_start_auto_refresh(client: *const GoTrueClient) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        client.client().start_auto_refresh()
    })
}
/// Stops the background refresher and waits for its thread to end (a refresh in flight
/// completes first). Idempotent. Afterwards the "auto_refresh" option no longer restarts it
/// until gotrue_client_start_auto_refresh() is called. Safe to call from an auth state
/// callback (then it does not wait).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_stop_auto_refresh(client: *const GoTrueClient) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        client.client().stop_auto_refresh();
        Ok(())
    })
}
