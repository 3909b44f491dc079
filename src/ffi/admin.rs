//! The admin API (gotrue_admin_*). These functions authenticate with the client's API
//! key, so the client must be created with the project's SERVICE-ROLE key
//! (gotrue_client_new(url, service_role_key, ...)). That key bypasses every access rule:
//! use it only on servers you control, never in an app. With the anon key (or a user's
//! token) every call fails with GOTRUE_ERROR_CODE_NOT_ADMIN (HTTP 403).
//! They never read or change the client's own session.

use super::client::GoTrueClient;
use super::error::GoTrueError;
use super::strings::StringOut;
use super::{ffi_fallible, try_json_object, try_opt_str, try_options, try_ref, try_str};
use std::ffi::c_char;

/// Creates a user (POST /admin/users). `attributes_json` is an object with "email" and/or
/// "phone", and optionally "password", "email_confirm":true, "phone_confirm":true,
/// "user_metadata":{...}, "app_metadata":{...}, "role", "ban_duration" ("24h", "none").
/// Without email_confirm/phone_confirm the user is created unconfirmed and no mail is sent.
/// `*out_user_json` (optional) receives the user; free with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_create_user(
    client: *const GoTrueClient,
    attributes_json: *const c_char,
    out_user_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let attributes = unsafe { try_json_object(attributes_json, "attributes_json") }?;
        unsafe { StringOut::optional(out_user_json) }.json(&client.client().admin_create_user(attributes)?)
    })
}

/// Fetches a user by id (GET /admin/users/{user_id}). `*out_user_json` receives the user;
/// free with gotrue_string_free(). An unknown id fails with GOTRUE_ERROR_CODE_USER_NOT_FOUND.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_get_user_by_id(
    client: *const GoTrueClient,
    user_id: *const c_char,
    out_user_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let user_id = unsafe { try_str(user_id, "user_id") }?;
        let out = unsafe { StringOut::required(out_user_json, "out_user_json") }?;
        let user = client.client().admin_get_user_by_id(user_id)?;
        out.json(&user)
    })
}

/// Updates a user by id (PUT /admin/users/{user_id}) with the same attributes as
/// gotrue_admin_create_user (only the keys given change). `*out_user_json` (optional)
/// receives the updated user; free with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_update_user_by_id(
    client: *const GoTrueClient,
    user_id: *const c_char,
    attributes_json: *const c_char,
    out_user_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let user_id = unsafe { try_str(user_id, "user_id") }?;
        let attributes = unsafe { try_json_object(attributes_json, "attributes_json") }?;
        unsafe { StringOut::optional(out_user_json) }.json(&client.client().admin_update_user_by_id(user_id, attributes)?)
    })
}

/// Deletes a user (DELETE /admin/users/{user_id}). With `should_soft_delete` the row is
/// kept but anonymised, and its factors and sessions are removed; otherwise the user is
/// deleted for good.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_delete_user(
    client: *const GoTrueClient,
    user_id: *const c_char,
    should_soft_delete: bool,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let user_id = unsafe { try_str(user_id, "user_id") }?;
        client.client().admin_delete_user(user_id, should_soft_delete)
    })
}

/// Lists users one page at a time (GET /admin/users). `options_json` (nullable):
/// {"page":1, "per_page":50, "filter":"substring of email/phone"}; page and per_page start at 1.
/// `*out_page_json` receives {"users":[...], "aud", "next_page":N|null (null on the last
/// page), "last_page":N (0 when there are no users), "total":N (all users)}; free with
/// gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_list_users(
    client: *const GoTrueClient,
    options_json: *const c_char,
    out_page_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let options = unsafe { try_options(options_json, "options_json") }?;
        let out = unsafe { StringOut::required(out_page_json, "out_page_json") }?;
        let page = client.client().admin_list_users(&options)?;
        out.json(&page)
    })
}

/// Invites a user by email (POST /invite): creates the user and mails an invite link.
/// `options_json` (nullable): {"data":{user metadata}, "redirect_to":URL}.
/// `*out_user_json` (optional) receives the invited user; free with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_invite_user_by_email(
    client: *const GoTrueClient,
    email: *const c_char,
    options_json: *const c_char,
    out_user_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let email = unsafe { try_str(email, "email") }?;
        let options = unsafe { try_options(options_json, "options_json") }?;
        unsafe { StringOut::optional(out_user_json) }.json(&client.client().admin_invite_user_by_email(email, &options)?)
    })
}

/// Generates an email link without sending mail (POST /admin/generate_link).
/// `link_type`: "signup", "invite", "magiclink", "recovery", "email_change_current" or
/// "email_change_new". `password` (nullable): the new user's password for "signup".
/// `options_json` (nullable): {"data":{user metadata}, "redirect_to":URL,
/// "new_email":ADDRESS (required for the email_change types)}.
/// `*out_link_json` receives {"properties":{"action_link", "email_otp", "hashed_token",
/// "redirect_to", "verification_type"}, "user":{...}}; free with gotrue_string_free().
/// The link and OTP sign the user in: treat them as secrets.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_generate_link(
    client: *const GoTrueClient,
    link_type: *const c_char,
    email: *const c_char,
    password: *const c_char,
    options_json: *const c_char,
    out_link_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let link_type = unsafe { try_str(link_type, "link_type") }?;
        let email = unsafe { try_str(email, "email") }?;
        let password = unsafe { try_opt_str(password, "password") }?;
        let options = unsafe { try_options(options_json, "options_json") }?;
        let out = unsafe { StringOut::required(out_link_json, "out_link_json") }?;
        let link = client.client().admin_generate_link(link_type, email, password, &options)?;
        out.json(&link)
    })
}

/// Signs out the session a user's access token `jwt` belongs to (POST /logout with that
/// token). `scope`: GOTRUE_SIGN_OUT_SCOPE_GLOBAL (all the user's sessions), _LOCAL (that
/// session) or _OTHERS (all but that one). Unlike gotrue_client_sign_out, a session the
/// server no longer knows is reported as an error.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_sign_out(client: *const GoTrueClient, jwt: *const c_char, scope: i32) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let jwt = unsafe { try_str(jwt, "jwt") }?;
        let scope = super::session::sign_out_scope(scope)?;
        client.client().admin_sign_out(jwt, scope)
    })
}

/// Lists every MFA factor of a user, verified or not (GET /admin/users/{user_id}/factors).
/// `*out_factors_json` receives a JSON array of factors; free with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_mfa_list_factors(
    client: *const GoTrueClient,
    user_id: *const c_char,
    out_factors_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let user_id = unsafe { try_str(user_id, "user_id") }?;
        let out = unsafe { StringOut::required(out_factors_json, "out_factors_json") }?;
        let factors = client.client().admin_list_factors(user_id)?;
        out.json(&factors)
    })
}

/// Deletes one MFA factor of a user (DELETE /admin/users/{user_id}/factors/{factor_id}).
/// `*out_factor_json` (optional) receives the deleted factor; free with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_mfa_delete_factor(
    client: *const GoTrueClient,
    user_id: *const c_char,
    factor_id: *const c_char,
    out_factor_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let user_id = unsafe { try_str(user_id, "user_id") }?;
        let factor_id = unsafe { try_str(factor_id, "factor_id") }?;
        unsafe { StringOut::optional(out_factor_json) }.json(&client.client().admin_delete_factor(user_id, factor_id)?)
    })
}

/// Updates one MFA factor of a user (PUT /admin/users/{user_id}/factors/{factor_id}).
/// `attributes_json`: {"friendly_name":NAME} for any factor, {"phone":E164} for a phone
/// factor. `*out_factor_json` (optional) receives the updated factor; free with
/// gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_mfa_update_factor(
    client: *const GoTrueClient,
    user_id: *const c_char,
    factor_id: *const c_char,
    attributes_json: *const c_char,
    out_factor_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let user_id = unsafe { try_str(user_id, "user_id") }?;
        let factor_id = unsafe { try_str(factor_id, "factor_id") }?;
        let attributes = unsafe { try_json_object(attributes_json, "attributes_json") }?;
        unsafe { StringOut::optional(out_factor_json) }.json(&client.client().admin_update_factor(user_id, factor_id, attributes)?)
    })
}

/// Reads the audit log one page at a time, newest first (GET /admin/audit).
/// `options_json` (nullable): {"page":1, "per_page":50, "query":"author:EMAIL" |
/// "action:ACTION" | "type:LOG_TYPE"}; page and per_page start at 1.
/// `*out_page_json` receives {"entries":[{id, payload:{action, actor_id, actor_username,
/// log_type, traits}, created_at, ip_address}], "next_page":N|null, "last_page":N, "total":N};
/// free with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_list_audit_log(
    client: *const GoTrueClient,
    options_json: *const c_char,
    out_page_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let options = unsafe { try_options(options_json, "options_json") }?;
        let out = unsafe { StringOut::required(out_page_json, "out_page_json") }?;
        let page = client.client().admin_list_audit_log(&options)?;
        out.json(&page)
    })
}
