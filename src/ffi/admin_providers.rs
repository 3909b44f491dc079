//! Admin API for sign-in providers registered at run time (service-role key): custom OAuth
//! 2.0 / OIDC providers (gotrue_admin_*_custom_provider*) and SAML SSO identity providers
//! (gotrue_admin_*_sso_provider*, needs GOTRUE_SAML_ENABLED on the server).

use super::client::GoTrueClient;
use super::error::GoTrueError;
use super::strings::StringOut;
use super::{ffi_fallible, try_json_object, try_options, try_ref, try_str};
use std::ffi::c_char;

/// Lists custom OAuth/OIDC providers (GET /admin/custom-providers). `options_json`
/// (nullable): {"type":"oauth2"|"oidc"}. `*out_providers_json` receives a JSON array; free
/// with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_list_custom_providers(
    client: *const GoTrueClient,
    options_json: *const c_char,
    out_providers_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let options = unsafe { try_options(options_json, "options_json") }?;
        let out = unsafe { StringOut::required(out_providers_json, "out_providers_json") }?;
        out.json(&client.client().admin_list_custom_providers(&options)?)
    })
}

/// Creates a custom provider (POST /admin/custom-providers). `attributes_json`:
/// {"provider_type":"oauth2"|"oidc", "identifier":"custom:NAME", "name", "client_id",
/// "client_secret", "scopes":[...], and for oauth2 "authorization_url", "token_url",
/// "userinfo_url"; for oidc "issuer" (the server fetches its discovery document)}.
/// `*out_provider_json` receives the provider; free with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_create_custom_provider(
    client: *const GoTrueClient,
    attributes_json: *const c_char,
    out_provider_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let attributes = unsafe { try_json_object(attributes_json, "attributes_json") }?;
        let out = unsafe { StringOut::required(out_provider_json, "out_provider_json") }?;
        out.json(&client.client().admin_create_custom_provider(attributes)?)
    })
}

/// Fetches a custom provider by identifier ("custom:NAME") (GET
/// /admin/custom-providers/{identifier}). `*out_provider_json` receives it; free with
/// gotrue_string_free(). GOTRUE_ERROR_CODE_CUSTOM_PROVIDER_NOT_FOUND when there is none.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_get_custom_provider(
    client: *const GoTrueClient,
    identifier: *const c_char,
    out_provider_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let identifier = unsafe { try_str(identifier, "identifier") }?;
        let out = unsafe { StringOut::required(out_provider_json, "out_provider_json") }?;
        out.json(&client.client().admin_get_custom_provider(identifier)?)
    })
}

/// Updates a custom provider (PUT /admin/custom-providers/{identifier}); only the keys given
/// change. `*out_provider_json` (optional) receives the updated provider; free with
/// gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_update_custom_provider(
    client: *const GoTrueClient,
    identifier: *const c_char,
    attributes_json: *const c_char,
    out_provider_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let identifier = unsafe { try_str(identifier, "identifier") }?;
        let attributes = unsafe { try_json_object(attributes_json, "attributes_json") }?;
        unsafe { StringOut::optional(out_provider_json) }.json(&client.client().admin_update_custom_provider(identifier, attributes)?)
    })
}

/// Deletes a custom provider (DELETE /admin/custom-providers/{identifier}).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_delete_custom_provider(client: *const GoTrueClient, identifier: *const c_char) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let identifier = unsafe { try_str(identifier, "identifier") }?;
        client.client().admin_delete_custom_provider(identifier)
    })
}

/// Lists SAML SSO providers (GET /admin/sso/providers), without their metadata XML.
/// `options_json` (nullable): {"resource_id":ID} or {"resource_id_prefix":PREFIX}.
/// `*out_providers_json` receives a JSON array; free with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_list_sso_providers(
    client: *const GoTrueClient,
    options_json: *const c_char,
    out_providers_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let options = unsafe { try_options(options_json, "options_json") }?;
        let out = unsafe { StringOut::required(out_providers_json, "out_providers_json") }?;
        out.json(&client.client().admin_list_sso_providers(&options)?)
    })
}

/// Registers a SAML identity provider (POST /admin/sso/providers). `attributes_json`:
/// {"type":"saml", "metadata_xml":XML or "metadata_url":URL, "domains":[...],
/// "attribute_mapping":{...}, "name_id_format", "resource_id", "disabled"}.
/// `*out_provider_json` receives the provider; free with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_create_sso_provider(
    client: *const GoTrueClient,
    attributes_json: *const c_char,
    out_provider_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let attributes = unsafe { try_json_object(attributes_json, "attributes_json") }?;
        let out = unsafe { StringOut::required(out_provider_json, "out_provider_json") }?;
        out.json(&client.client().admin_create_sso_provider(attributes)?)
    })
}

/// Fetches a SAML provider (GET /admin/sso/providers/{provider_id}); `provider_id` is its id,
/// or "resource_" followed by its resource_id. `*out_provider_json` receives it; free with
/// gotrue_string_free(). GOTRUE_ERROR_CODE_SSO_PROVIDER_NOT_FOUND when there is none.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_get_sso_provider(
    client: *const GoTrueClient,
    provider_id: *const c_char,
    out_provider_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let provider_id = unsafe { try_str(provider_id, "provider_id") }?;
        let out = unsafe { StringOut::required(out_provider_json, "out_provider_json") }?;
        out.json(&client.client().admin_get_sso_provider(provider_id)?)
    })
}

/// Updates a SAML provider (PUT /admin/sso/providers/{provider_id}); only the keys given
/// change ("domains" replaces the list). `*out_provider_json` (optional) receives the updated
/// provider; free with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_update_sso_provider(
    client: *const GoTrueClient,
    provider_id: *const c_char,
    attributes_json: *const c_char,
    out_provider_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let provider_id = unsafe { try_str(provider_id, "provider_id") }?;
        let attributes = unsafe { try_json_object(attributes_json, "attributes_json") }?;
        unsafe { StringOut::optional(out_provider_json) }.json(&client.client().admin_update_sso_provider(provider_id, attributes)?)
    })
}

/// Deletes a SAML provider (DELETE /admin/sso/providers/{provider_id}). `*out_provider_json`
/// (optional) receives the deleted provider; free with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_delete_sso_provider(
    client: *const GoTrueClient,
    provider_id: *const c_char,
    out_provider_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let provider_id = unsafe { try_str(provider_id, "provider_id") }?;
        unsafe { StringOut::optional(out_provider_json) }.json(&client.client().admin_delete_sso_provider(provider_id)?)
    })
}
