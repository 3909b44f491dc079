//! The signed-in user: get and update.

use super::client::GoTrueClient;
use super::error::GoTrueError;
use super::strings::StringOut;
use super::strings::{json_to_c, to_owned_c_string};
use super::{ffi_fallible, try_json_object, try_opt_str, try_options, try_out, try_ref};
use std::ffi::c_char;

/// Fetches the user from the server (GET /user) for `jwt`, or for the current session's
/// access token when `jwt` is NULL (refreshing it first if it is about to expire).
/// `*out_user_json` receives the user JSON; free with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_get_user(
    client: *const GoTrueClient,
    jwt: *const c_char,
    out_user_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let jwt = unsafe { try_opt_str(jwt, "jwt") }?;
        let out = unsafe { StringOut::required(out_user_json, "out_user_json") }?;
        out.text(client.client().get_user_json(jwt)?)
    })
}
/// The user of the session the client holds, as JSON, with no network call and no refresh
/// (as stored: it may be out of date; gotrue_client_get_user() asks the server).
/// `*out_user_json` receives an owned string (free with gotrue_string_free), or NULL when
/// there is no session; both are success.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_current_user(client: *const GoTrueClient, out_user_json: *mut *mut c_char) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let out = unsafe { try_out(out_user_json, "out_user_json") }?;
        *out = match client.client().current_session() {
            Some(session) => to_owned_c_string(session.user.json().to_owned())?,
            None => std::ptr::null_mut(),
        };
        Ok(())
    })
}

/// Updates the signed-in user (PUT /user). `attributes_json` is an object with any of
/// "email", "phone", "password", "current_password", "nonce" (from reauthentication), "data"
/// (metadata). When the server requires the current password to set a new one
/// (GOTRUE_SECURITY_UPDATE_PASSWORD_REQUIRE_CURRENT_PASSWORD), give it as "current_password"
/// beside "password": without it the call fails with GOTRUE_ERROR_CODE_CURRENT_PASSWORD_REQUIRED,
/// with a wrong one with _CURRENT_PASSWORD_INVALID (a session from a recovery link needs none).
/// `options_json` (nullable): {"redirect_to":URL, "flow_id_in_redirect_to":true}. With
/// the PKCE flow type an email change stores a code verifier, so the confirmation links'
/// callback URL can go to gotrue_client_exchange_code_for_session(); links can also be
/// confirmed with gotrue_client_verify_otp(type "email_change"). The current session gets
/// the new user (USER_UPDATED). `*out_user_json` (optional) receives the updated user.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_update_user(
    client: *const GoTrueClient,
    attributes_json: *const c_char,
    options_json: *const c_char,
    out_user_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let attributes = unsafe { try_json_object(attributes_json, "attributes_json") }?;
        let options = unsafe { try_options(options_json, "options_json") }?;
        let user = client.client().update_user(attributes, &options)?;
        if let Some(out) = unsafe { super::try_opt_out(out_user_json) } {
            *out = json_to_c(&user)?;
        }
        Ok(())
    })
}
