//! The user's linked identities: list, link (OAuth or ID token), unlink.

use super::client::GoTrueClient;
use super::error::GoTrueError;
use super::session::{GoTrueSession, write_session};
use super::strings::StringOut;
use super::{ffi_fallible, try_opt_str, try_options, try_ref, try_str};
use std::ffi::c_char;

/// The signed-in user's identities as a JSON array, fetched fresh (GET /user). Each has
/// "identity_id", "provider", "identity_data", ... `*out_identities_json` receives an owned
/// string; free with gotrue_string_free(). Fails with SESSION_MISSING when signed out.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_get_user_identities(
    client: *const GoTrueClient,
    out_identities_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let out = unsafe { StringOut::required(out_identities_json, "out_identities_json") }?;
        let identities = client.client().get_user_identities()?;
        out.json(&identities)
    })
}
/// Gets the URL that links OAuth `provider` to the signed-in user (GET
/// /user/identities/authorize with the user's token; needs manual linking enabled on the
/// server). Open it in a browser; the callback goes to
/// gotrue_client_exchange_code_for_session() (PKCE) or gotrue_client_get_session_from_url().
/// `options_json` as for gotrue_client_get_oauth_url(). `*out_url` receives an owned string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_link_identity(
    client: *const GoTrueClient,
    provider: *const c_char,
    options_json: *const c_char,
    out_url: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let provider = unsafe { try_str(provider, "provider") }?;
        let options = unsafe { try_options(options_json, "options_json") }?;
        let out = unsafe { StringOut::required(out_url, "out_url") }?;
        let url = client.client().link_identity(provider, &options)?;
        out.text(url)
    })
}
/// Links an identity to the signed-in user with a provider ID token (POST
/// /token?grant_type=id_token with link_identity and the user's token). Arguments as for
/// gotrue_client_sign_in_with_id_token(). The new session becomes the current session
/// (USER_UPDATED). `out_session` is optional.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_link_identity_with_id_token(
    client: *const GoTrueClient,
    provider: *const c_char,
    id_token: *const c_char,
    access_token: *const c_char,
    nonce: *const c_char,
    options_json: *const c_char,
    out_session: *mut *mut GoTrueSession,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let provider = unsafe { try_str(provider, "provider") }?;
        let id_token = unsafe { try_str(id_token, "id_token") }?;
        let access_token = unsafe { try_opt_str(access_token, "access_token") }?;
        let nonce = unsafe { try_opt_str(nonce, "nonce") }?;
        let options = unsafe { try_options(options_json, "options_json") }?;
        let session = client.client().link_identity_with_id_token(provider, id_token, access_token, nonce, &options)?;
        write_session(out_session, Some(session));
        Ok(())
    })
}
/// Unlinks an identity from the signed-in user (DELETE /user/identities/{identity_id}).
/// `identity_id` is the identity's "identity_id" field (a UUID). The user must keep at least
/// one identity (server code single_identity_not_deletable). On success the current
/// session's user is refreshed (USER_UPDATED).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_unlink_identity(client: *const GoTrueClient, identity_id: *const c_char) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let identity_id = unsafe { try_str(identity_id, "identity_id") }?;
        client.client().unlink_identity(identity_id)
    })
}
