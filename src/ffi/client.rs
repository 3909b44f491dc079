//! GoTrueClient: construction, sessions, sign-up/in/out.

use super::error::GoTrueError;
use super::session::{GoTrueSession, write_session, write_session_and_user};
use super::{ffi_fallible, ffi_infallible, try_opt_out, try_opt_str, try_options, try_out, try_ref, try_str};
use super::storage::{CallbackStorage, GoTrueStorageCallbacks};
use crate::core::config::StorageKind;
use crate::core::error::Error;
use crate::core::{Client, ClientOptions, Identifier, SignUpOutcome};
use std::ffi::c_char;
use std::sync::Arc;

/// A GoTrue client. Thread-safe: any number of threads may use one client at once; only
/// gotrue_client_free() must not race other calls on the same handle.
pub struct GoTrueClient {
    pub(crate) inner: Arc<Client>,
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
/// `options_json` (nullable): {"headers":{...}, "timeout_ms":30000, "connect_timeout_ms":10000,
/// "storage_key":"sb-auth-token", "storage":{"type":"memory"}|{"type":"file","path":DIR},
/// "flow_type":"pkce"|"implicit", "auto_refresh":false, "refresh_margin_secs":90,
/// "persist_session":true, "max_retries":3, "retry_base_delay_ms":200, "max_retry_delay_ms":5000,
/// "jwks_ttl_secs":600}. Unknown keys are an error (GOTRUE_ERROR_CODE_INVALID_JSON).
/// With file storage the session is kept in DIR/<storage_key>.json (mode 0600, replaced
/// atomically: a crash mid-write leaves the old or the new session, never a torn file);
/// resume it in a later run with gotrue_client_initialize(). "auto_refresh":true starts the
/// background refresher (see gotrue_client_start_auto_refresh) as soon as a session appears.
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
        *out = Box::into_raw(Box::new(GoTrueClient { inner: client.shared() }));
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
        let names_storage = options_text
            .and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok())
            .is_some_and(|v| v.get("storage").is_some());
        if names_storage && options.storage != StorageKind::Custom {
            return Err(Error::invalid_argument("options_json names another storage, but callbacks were given"));
        }
        options.storage = StorageKind::Custom;
        let storage = Arc::new(CallbackStorage::new(callbacks)?);
        let client = Client::with_storage(url, api_key, options, storage.clone())?;
        storage.take_ownership();
        *out = Box::into_raw(Box::new(GoTrueClient { inner: client.shared() }));
        Ok(())
    })
}

/// Frees a client. NULL is ignored. No other call on this client may be running or start
/// afterwards. Sessions and errors obtained from it stay valid (they are independent).
/// Stops the auto-refresh thread first and waits for it (if a refresh is in flight, until
/// it completes: at most about timeout_ms per attempt); once this returns no callback of
/// this client (auth state, storage) runs again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_free(client: *mut GoTrueClient) {
    ffi_infallible!((), {
        if !client.is_null() {
            // SAFETY: came from gotrue_client_new; freed once (caller contract).
            let client = unsafe { Box::from_raw(client) };
            client.inner.stop_auto_refresh();
            drop(client);
        }
    })
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
/// cannot be parsed is removed and treated as none.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_initialize(client: *const GoTrueClient, out_session: *mut *mut GoTrueSession) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let session = client.client().initialize()?;
        if let Some(out) = unsafe { try_opt_out(out_session) } {
            *out = session.map_or(std::ptr::null_mut(), GoTrueSession::into_raw);
        }
        Ok(())
    })
}

/// Starts refreshing the session in the background shortly before it expires (when less
/// than `refresh_margin_secs` remain, judged by this machine's clock from when the session
/// arrived, so a skewed clock does not matter). Idempotent.
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

/// Signs a new user up with email or phone (exactly one non-NULL) and password.
///
/// `options_json` (nullable): {"data":{user metadata}, "email_redirect_to":URL,
/// "captcha_token":TOKEN, "channel":"sms"|"whatsapp"}. With the PKCE flow type an email
/// sign-up stores a code verifier, so the confirmation link's callback URL can go to
/// gotrue_client_exchange_code_for_session().
/// When the server signs the user in at once (autoconfirm), `*out_session` receives the
/// session (also saved as the client's current session); when confirmation is required it
/// receives NULL and only the user is returned. `*out_user_json` receives the user as JSON
/// (free with gotrue_string_free). Both out-parameters are optional (NULL = not wanted).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_sign_up(
    client: *const GoTrueClient,
    email: *const c_char,
    phone: *const c_char,
    password: *const c_char,
    options_json: *const c_char,
    out_session: *mut *mut GoTrueSession,
    out_user_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let email = unsafe { try_opt_str(email, "email") }?;
        let phone = unsafe { try_opt_str(phone, "phone") }?;
        let password = unsafe { try_str(password, "password") }?;
        let options = unsafe { try_options(options_json, "options_json") }?;
        let who = Identifier::from_parts(email, phone)?;
        let outcome = client.client().sign_up(who, password, &options)?;
        match outcome {
            SignUpOutcome::Session(s) => write_session_and_user(out_session, out_user_json, Some(Arc::new(s)), None),
            SignUpOutcome::User(u) => write_session_and_user(out_session, out_user_json, None, Some(&u)),
        }
    })
}

/// Signs in with email or phone (exactly one non-NULL) and password. The session becomes
/// the client's current session (SIGNED_IN). `options_json` (nullable): {"captcha_token":TOKEN}.
/// `out_session` is optional (NULL = not wanted).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_sign_in_with_password(
    client: *const GoTrueClient,
    email: *const c_char,
    phone: *const c_char,
    password: *const c_char,
    options_json: *const c_char,
    out_session: *mut *mut GoTrueSession,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let email = unsafe { try_opt_str(email, "email") }?;
        let phone = unsafe { try_opt_str(phone, "phone") }?;
        let password = unsafe { try_str(password, "password") }?;
        let options = unsafe { try_options(options_json, "options_json") }?;
        let who = Identifier::from_parts(email, phone)?;
        let session = client.client().sign_in_with_password(who, password, &options)?;
        write_session(out_session, Some(session));
        Ok(())
    })
}

/// The current session, refreshed first if it expires within the refresh margin (a
/// transient refresh failure still returns the old session while it is valid).
/// `*out_session` receives a new handle (free with gotrue_session_free), or NULL when the
/// client is signed out; both are success.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_get_session(
    client: *const GoTrueClient,
    out_session: *mut *mut GoTrueSession,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let out = unsafe { try_out(out_session, "out_session") }?;
        *out = client.client().get_session()?.map_or(std::ptr::null_mut(), GoTrueSession::into_raw);
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
        *out = client.client().current_session().map_or(std::ptr::null_mut(), GoTrueSession::into_raw);
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
