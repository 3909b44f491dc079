//! Passkeys (gotrue_client_passkey_*, needs GOTRUE_PASSKEY_ENABLED on the server, else
//! GOTRUE_ERROR_CODE_PASSKEY_DISABLED) and WebAuthn MFA factors
//! (gotrue_client_mfa_*_webauthn, needs GOTRUE_MFA_WEB_AUTHN_ENROLL_ENABLED / _VERIFY_ENABLED).
//!
//! Each ceremony is two calls. The *options* call returns the server's WebAuthn options as
//! JSON (binary fields base64url-encoded, as WebAuthn's JSON form has them): hand "options" to
//! the platform authenticator (ASAuthorization on Apple platforms, Credential Manager on
//! Android, a FIDO2 library, navigator.credentials in a web view). The *verify* call takes the
//! authenticator's answer back, as the JSON of a PublicKeyCredential ({"id", "rawId", "type":
//! "public-key", "response":{"clientDataJSON", "attestationObject" | "authenticatorData",
//! "signature", "userHandle"}}, binary fields base64url). The library never talks to an
//! authenticator.

use super::client::GoTrueClient;
use super::error::GoTrueError;
use super::session::{GoTrueSession, write_session};
use super::strings::StringOut;
use super::{ffi_fallible, try_json_object, try_opt_str, try_options, try_ref, try_str};
use std::ffi::c_char;

/// Starts adding a passkey to the signed-in user (POST /passkeys/registration/options).
/// `*out_options_json` receives {"challenge_id", "options":PublicKeyCredentialCreationOptions,
/// "expires_at"}; free with gotrue_string_free(). GOTRUE_ERROR_CODE_SESSION_MISSING without a
/// session; _TOO_MANY_PASSKEYS at the server's limit.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_passkey_registration_options(
    client: *const GoTrueClient,
    out_options_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let out = unsafe { StringOut::required(out_options_json, "out_options_json") }?;
        out.json(&client.client().passkey_registration_options()?)
    })
}

/// Finishes adding a passkey (POST /passkeys/registration/verify). `challenge_id` from the
/// options call; `credential_json`: the authenticator's registration answer (see the top of
/// this section). `*out_passkey_json` (optional) receives {"id", "friendly_name",
/// "created_at"}; free with gotrue_string_free(). A response that does not verify fails with
/// GOTRUE_ERROR_CODE_WEBAUTHN_VERIFICATION_FAILED; an expired or used challenge with
/// _WEBAUTHN_CHALLENGE_EXPIRED / _WEBAUTHN_CHALLENGE_NOT_FOUND.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_passkey_registration_verify(
    client: *const GoTrueClient,
    challenge_id: *const c_char,
    credential_json: *const c_char,
    out_passkey_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let challenge_id = unsafe { try_str(challenge_id, "challenge_id") }?;
        let credential = unsafe { try_json_object(credential_json, "credential_json") }?;
        unsafe { StringOut::optional(out_passkey_json) }.json(&client.client().passkey_registration_verify(challenge_id, credential)?)
    })
}

/// Starts a passkey sign-in (POST /passkeys/authentication/options); no session needed (the
/// authenticator picks a discoverable credential). `options_json` (nullable):
/// {"captcha_token":TOKEN}. `*out_options_json` receives {"challenge_id",
/// "options":PublicKeyCredentialRequestOptions, "expires_at"}; free with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_passkey_authentication_options(
    client: *const GoTrueClient,
    options_json: *const c_char,
    out_options_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let options = unsafe { try_options(options_json, "options_json") }?;
        let out = unsafe { StringOut::required(out_options_json, "out_options_json") }?;
        out.json(&client.client().passkey_authentication_options(&options)?)
    })
}

/// Finishes a passkey sign-in (POST /passkeys/authentication/verify) with the
/// authenticator's assertion (`credential_json`, see the top of this section). The session
/// becomes the client's current session (SIGNED_IN); `out_session` is optional.
/// GOTRUE_ERROR_CODE_WEBAUTHN_CREDENTIAL_NOT_FOUND for an unknown credential,
/// _WEBAUTHN_VERIFICATION_FAILED for a bad signature.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_passkey_authentication_verify(
    client: *const GoTrueClient,
    challenge_id: *const c_char,
    credential_json: *const c_char,
    out_session: *mut *mut GoTrueSession,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let challenge_id = unsafe { try_str(challenge_id, "challenge_id") }?;
        let credential = unsafe { try_json_object(credential_json, "credential_json") }?;
        let session = client.client().passkey_authentication_verify(challenge_id, credential)?;
        write_session(out_session, Some(session));
        Ok(())
    })
}

/// Lists the signed-in user's passkeys (GET /passkeys). `*out_passkeys_json` receives a JSON
/// array of {"id", "friendly_name", "created_at", "last_used_at"}; free with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_list_passkeys(client: *const GoTrueClient, out_passkeys_json: *mut *mut c_char) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let out = unsafe { StringOut::required(out_passkeys_json, "out_passkeys_json") }?;
        out.json(&client.client().list_passkeys()?)
    })
}

/// Renames one of the user's passkeys (PATCH /passkeys/{passkey_id}). `attributes_json`:
/// {"friendly_name":NAME}. `*out_passkey_json` (optional) receives the updated passkey; free
/// with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_update_passkey(
    client: *const GoTrueClient,
    passkey_id: *const c_char,
    attributes_json: *const c_char,
    out_passkey_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let passkey_id = unsafe { try_str(passkey_id, "passkey_id") }?;
        let attributes = unsafe { try_json_object(attributes_json, "attributes_json") }?;
        unsafe { StringOut::optional(out_passkey_json) }.json(&client.client().update_passkey(passkey_id, attributes)?)
    })
}

/// Deletes one of the user's passkeys (DELETE /passkeys/{passkey_id}).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_delete_passkey(client: *const GoTrueClient, passkey_id: *const c_char) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let passkey_id = unsafe { try_str(passkey_id, "passkey_id") }?;
        client.client().delete_passkey(passkey_id)
    })
}

/// Lists a user's passkeys (GET /admin/users/{user_id}/passkeys; service-role key).
/// `*out_passkeys_json` receives a JSON array; free with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_list_user_passkeys(
    client: *const GoTrueClient,
    user_id: *const c_char,
    out_passkeys_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let user_id = unsafe { try_str(user_id, "user_id") }?;
        let out = unsafe { StringOut::required(out_passkeys_json, "out_passkeys_json") }?;
        out.json(&client.client().admin_list_passkeys(user_id)?)
    })
}

/// Deletes one of a user's passkeys (DELETE /admin/users/{user_id}/passkeys/{passkey_id};
/// service-role key).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_admin_delete_user_passkey(
    client: *const GoTrueClient,
    user_id: *const c_char,
    passkey_id: *const c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let user_id = unsafe { try_str(user_id, "user_id") }?;
        let passkey_id = unsafe { try_str(passkey_id, "passkey_id") }?;
        client.client().admin_delete_passkey(user_id, passkey_id)
    })
}

/// Enrolls a WebAuthn MFA factor (POST /factors, factor_type "webauthn").
/// `friendly_name` (nullable). `*out_factor_json` receives {"id", "type":"webauthn",
/// "friendly_name"}; free with gotrue_string_free(). Then gotrue_client_mfa_challenge(factor id)
/// answers {"id", "type", "webauthn":{"type":"create", "credential_options":{"publicKey":...}}}:
/// pass the options to the authenticator and its answer to gotrue_client_mfa_verify_webauthn.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_mfa_enroll_webauthn(
    client: *const GoTrueClient,
    friendly_name: *const c_char,
    out_factor_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let friendly_name = unsafe { try_opt_str(friendly_name, "friendly_name") }?;
        let out = unsafe { StringOut::required(out_factor_json, "out_factor_json") }?;
        out.json(&client.client().mfa_enroll_webauthn(friendly_name)?)
    })
}

/// Verifies a WebAuthn MFA challenge (POST /factors/{factor_id}/verify). `webauthn_type`: the
/// challenge's "webauthn"."type": "create" (first verification of a new factor: registers the
/// authenticator) or "request" (a later sign-in). `credential_json`: the authenticator's
/// answer (see the top of this section). The session is upgraded to aal2 and becomes the
/// current session (MFA_CHALLENGE_VERIFIED); `out_session` is optional.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_mfa_verify_webauthn(
    client: *const GoTrueClient,
    factor_id: *const c_char,
    challenge_id: *const c_char,
    webauthn_type: *const c_char,
    credential_json: *const c_char,
    out_session: *mut *mut GoTrueSession,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let factor_id = unsafe { try_str(factor_id, "factor_id") }?;
        let challenge_id = unsafe { try_str(challenge_id, "challenge_id") }?;
        let webauthn_type = unsafe { try_str(webauthn_type, "webauthn_type") }?;
        let credential = unsafe { try_json_object(credential_json, "credential_json") }?;
        let session = client.client().mfa_verify_webauthn(factor_id, challenge_id, webauthn_type, credential)?;
        write_session(out_session, Some(session));
        Ok(())
    })
}
