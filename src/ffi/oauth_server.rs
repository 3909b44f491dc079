//! The OAuth 2.1 server's consent side (gotrue_client_oauth_*) and the admin API for its
//! registered clients (gotrue_admin_oauth_*). Needs GOTRUE_OAUTH_SERVER_ENABLED on the server;
//! otherwise every call fails with GOTRUE_ERROR_CODE_FEATURE_DISABLED (HTTP 404).
//!
//! The flow: a third-party app sends the user's browser to /oauth/authorize; the server
//! redirects it to the project's consent page (site URL + GOTRUE_OAUTH_SERVER_AUTHORIZATION_PATH)
//! with ?authorization_id=ID. That page, signed in as the user, shows the details
//! (gotrue_client_oauth_get_authorization_details), then approves or denies, and sends the
//! browser to the "redirect_url" the answer carries.

use super::client::GoTrueClient;
use super::error::GoTrueError;
use super::strings::StringOut;
use super::{ffi_fallible, try_json_object, try_ref, try_str};
use std::ffi::c_char;

/// The details of a pending authorization for the consent page
/// (GET /oauth/authorizations/{authorization_id}, with the current session).
/// `*out_details_json` receives {"authorization_id", "redirect_uri", "client":{"id", "name",
/// "uri", "logo_uri"}, "user":{"id", "email"}, "scope"}; or, when the user already granted this
/// client these scopes, only {"redirect_url":URL} (the server approved it at once: send the
/// browser there). Free with gotrue_string_free(). GOTRUE_ERROR_CODE_SESSION_MISSING without a
/// session; _OAUTH_AUTHORIZATION_NOT_FOUND for an unknown, expired or other user's id.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_oauth_get_authorization_details(
    client: *const GoTrueClient,
    authorization_id: *const c_char,
    out_details_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let authorization_id = unsafe { try_str(authorization_id, "authorization_id") }?;
        let out = unsafe { StringOut::required(out_details_json, "out_details_json") }?;
        out.json(&client.client().oauth_get_authorization_details(authorization_id)?)
    })
}

/// Approves a pending authorization (POST /oauth/authorizations/{id}/consent, action
/// "approve") and records the grant. `*out_redirect_json` (optional) receives
/// {"redirect_url":URL}: the client's redirect URI with "code" (and "state"); free with
/// gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_oauth_approve_authorization(
    client: *const GoTrueClient,
    authorization_id: *const c_char,
    out_redirect_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let authorization_id = unsafe { try_str(authorization_id, "authorization_id") }?;
        unsafe { StringOut::optional(out_redirect_json) }.json(&client.client().oauth_consent(authorization_id, true)?)
    })
}

/// Denies a pending authorization (action "deny"). `*out_redirect_json` (optional) receives
/// {"redirect_url":URL}: the client's redirect URI with error=access_denied; free with
/// gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_oauth_deny_authorization(
    client: *const GoTrueClient,
    authorization_id: *const c_char,
    out_redirect_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let authorization_id = unsafe { try_str(authorization_id, "authorization_id") }?;
        unsafe { StringOut::optional(out_redirect_json) }.json(&client.client().oauth_consent(authorization_id, false)?)
    })
}

/// Lists the OAuth clients the signed-in user has granted access (GET /user/oauth/grants).
/// `*out_grants_json` receives a JSON array of {"client":{"id", "name", "uri", "logo_uri"},
/// "scopes":[...], "granted_at"}; free with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_oauth_list_grants(
    client: *const GoTrueClient,
    out_grants_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let out = unsafe { StringOut::required(out_grants_json, "out_grants_json") }?;
        out.json(&client.client().oauth_list_grants()?)
    })
}

/// Revokes the user's grant to one OAuth client (DELETE /user/oauth/grants?client_id=) and
/// ends that client's sessions for the user. GOTRUE_ERROR_CODE_OAUTH_CONSENT_NOT_FOUND when
/// there is no active grant.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_oauth_revoke_grant(client: *const GoTrueClient, oauth_client_id: *const c_char) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let oauth_client_id = unsafe { try_str(oauth_client_id, "oauth_client_id") }?;
        client.client().oauth_revoke_grant(oauth_client_id)
    })
}

/// Lists the registered OAuth clients (GET /admin/oauth/clients; service-role key).
/// `*out_clients_json` receives a JSON array of clients; free with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_oauth_list_clients(
    client: *const GoTrueClient,
    out_clients_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let out = unsafe { StringOut::required(out_clients_json, "out_clients_json") }?;
        out.json(&client.client().admin_oauth_list_clients()?)
    })
}

/// Registers an OAuth client (POST /admin/oauth/clients). `attributes_json`:
/// {"redirect_uris":[...] (required), "client_name", "client_uri", "logo_uri",
/// "client_type":"public"|"confidential", "token_endpoint_auth_method", "grant_types"}.
/// `*out_client_json` receives the client {"client_id", "client_type", ...}; a confidential
/// client's carries "client_secret", shown only here: treat it as a secret. Free with
/// gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_oauth_create_client(
    client: *const GoTrueClient,
    attributes_json: *const c_char,
    out_client_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let attributes = unsafe { try_json_object(attributes_json, "attributes_json") }?;
        let out = unsafe { StringOut::required(out_client_json, "out_client_json") }?;
        out.json(&client.client().admin_oauth_create_client(attributes)?)
    })
}

/// Fetches one OAuth client (GET /admin/oauth/clients/{oauth_client_id}).
/// `*out_client_json` receives it; free with gotrue_string_free().
/// GOTRUE_ERROR_CODE_OAUTH_CLIENT_NOT_FOUND for an unknown id.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_oauth_get_client(
    client: *const GoTrueClient,
    oauth_client_id: *const c_char,
    out_client_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let oauth_client_id = unsafe { try_str(oauth_client_id, "oauth_client_id") }?;
        let out = unsafe { StringOut::required(out_client_json, "out_client_json") }?;
        out.json(&client.client().admin_oauth_get_client(oauth_client_id)?)
    })
}

/// Updates an OAuth client (PUT /admin/oauth/clients/{oauth_client_id}) with any of
/// "redirect_uris", "grant_types", "client_name", "client_uri", "logo_uri",
/// "token_endpoint_auth_method". `*out_client_json` (optional) receives the updated client;
/// free with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_oauth_update_client(
    client: *const GoTrueClient,
    oauth_client_id: *const c_char,
    attributes_json: *const c_char,
    out_client_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let oauth_client_id = unsafe { try_str(oauth_client_id, "oauth_client_id") }?;
        let attributes = unsafe { try_json_object(attributes_json, "attributes_json") }?;
        unsafe { StringOut::optional(out_client_json) }.json(&client.client().admin_oauth_update_client(oauth_client_id, attributes)?)
    })
}

/// Deletes an OAuth client (DELETE /admin/oauth/clients/{oauth_client_id}).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_oauth_delete_client(client: *const GoTrueClient, oauth_client_id: *const c_char) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let oauth_client_id = unsafe { try_str(oauth_client_id, "oauth_client_id") }?;
        client.client().admin_oauth_delete_client(oauth_client_id)
    })
}

/// Issues a new secret for a confidential OAuth client (POST
/// /admin/oauth/clients/{oauth_client_id}/regenerate_secret); the old one stops working.
/// `*out_client_json` receives the client with its new "client_secret" (a secret); free with
/// gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_oauth_regenerate_client_secret(
    client: *const GoTrueClient,
    oauth_client_id: *const c_char,
    out_client_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let oauth_client_id = unsafe { try_str(oauth_client_id, "oauth_client_id") }?;
        let out = unsafe { StringOut::required(out_client_json, "out_client_json") }?;
        out.json(&client.client().admin_oauth_regenerate_client_secret(oauth_client_id)?)
    })
}
