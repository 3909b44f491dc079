//! Multi-factor authentication for the signed-in user. Every function here needs a
//! current session (GOTRUE_ERROR_CODE_SESSION_MISSING otherwise), except
//! gotrue_client_mfa_get_authenticator_assurance_level, which also answers when signed out.

use super::client::GoTrueClient;
use super::error::GoTrueError;
use super::session::GoTrueSession;
use super::strings::StringOut;
use super::{ffi_fallible, try_opt_out, try_opt_str, try_options, try_ref, try_str};
use std::ffi::c_char;

/// Enrolls a TOTP factor for the signed-in user (POST /factors).
/// `friendly_name` and `issuer` are optional (NULL or ""): the server requires friendly
/// names to be unique per user, and uses its site URL's host as the default issuer.
/// `*out_factor_json` receives {"id", "type":"totp", "friendly_name", "totp":{"qr_code"
/// (an SVG document), "secret" (base32), "uri" (otpauth://...)}}; free with
/// gotrue_string_free(). It holds the TOTP secret: wipe copies you make. The factor is
/// unverified until a challenge for it is verified (gotrue_client_mfa_challenge_and_verify).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_mfa_enroll_totp(
    client: *const GoTrueClient,
    friendly_name: *const c_char,
    issuer: *const c_char,
    out_factor_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let friendly_name = unsafe { try_opt_str(friendly_name, "friendly_name") }?;
        let issuer = unsafe { try_opt_str(issuer, "issuer") }?;
        let out = unsafe { StringOut::required(out_factor_json, "out_factor_json") }?;
        let factor = client.client().mfa_enroll_totp(friendly_name, issuer)?;
        out.json(&factor)
    })
}

/// Enrolls a phone factor (POST /factors) for `phone` (E.164, e.g. "+15555550100").
/// `friendly_name` is optional. `*out_factor_json` receives {"id", "type":"phone",
/// "friendly_name", "phone"}; free with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_mfa_enroll_phone(
    client: *const GoTrueClient,
    phone: *const c_char,
    friendly_name: *const c_char,
    out_factor_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let phone = unsafe { try_str(phone, "phone") }?;
        let friendly_name = unsafe { try_opt_str(friendly_name, "friendly_name") }?;
        let out = unsafe { StringOut::required(out_factor_json, "out_factor_json") }?;
        let factor = client.client().mfa_enroll_phone(phone, friendly_name)?;
        out.json(&factor)
    })
}

/// Creates a challenge for a factor (POST /factors/{factor_id}/challenge). For a phone
/// factor the server sends the code by SMS (or WhatsApp). `options_json` (nullable):
/// {"channel":"sms"|"whatsapp"} (phone factors only). `*out_challenge_json` receives
/// {"id", "type", "expires_at" (unix seconds)}; free with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_mfa_challenge(
    client: *const GoTrueClient,
    factor_id: *const c_char,
    options_json: *const c_char,
    out_challenge_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let factor_id = unsafe { try_str(factor_id, "factor_id") }?;
        let options = unsafe { try_options(options_json, "options_json") }?;
        let out = unsafe { StringOut::required(out_challenge_json, "out_challenge_json") }?;
        let challenge = client.client().mfa_challenge(factor_id, &options)?;
        out.json(&challenge)
    })
}

/// Verifies a challenge with the code from the authenticator app or the SMS
/// (POST /factors/{factor_id}/verify). On success the server's aal2 session becomes the
/// client's current session and MFA_CHALLENGE_VERIFIED is emitted; `*out_session`
/// (optional, NULL = not wanted) receives it. A wrong code fails with
/// GOTRUE_ERROR_CODE_MFA_VERIFICATION_FAILED and leaves the current session as it was.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_mfa_verify(
    client: *const GoTrueClient,
    factor_id: *const c_char,
    challenge_id: *const c_char,
    code: *const c_char,
    out_session: *mut *mut GoTrueSession,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let factor_id = unsafe { try_str(factor_id, "factor_id") }?;
        let challenge_id = unsafe { try_str(challenge_id, "challenge_id") }?;
        let code = unsafe { try_str(code, "code") }?;
        let session = client.client().mfa_verify(factor_id, challenge_id, code)?;
        if let Some(out) = unsafe { try_opt_out(out_session) } {
            *out = GoTrueSession::boxed(session);
        }
        Ok(())
    })
}

/// Challenge and verify in one call, for TOTP factors (the code is already at hand).
/// Same results as gotrue_client_mfa_verify; `out_session` is optional.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_mfa_challenge_and_verify(
    client: *const GoTrueClient,
    factor_id: *const c_char,
    code: *const c_char,
    out_session: *mut *mut GoTrueSession,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let factor_id = unsafe { try_str(factor_id, "factor_id") }?;
        let code = unsafe { try_str(code, "code") }?;
        let session = client.client().mfa_challenge_and_verify(factor_id, code)?;
        if let Some(out) = unsafe { try_opt_out(out_session) } {
            *out = GoTrueSession::boxed(session);
        }
        Ok(())
    })
}

/// Removes a factor (DELETE /factors/{factor_id}). Removing a verified factor requires
/// an aal2 session (the server answers insufficient_aal otherwise). The current session
/// is not changed: refresh it to get a token without the factor's aal2.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_mfa_unenroll(client: *const GoTrueClient, factor_id: *const c_char) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let factor_id = unsafe { try_str(factor_id, "factor_id") }?;
        client.client().mfa_unenroll(factor_id)?;
        Ok(())
    })
}

/// Lists the signed-in user's factors, fetched from the server (GET /user).
/// `*out_factors_json` receives {"all":[every factor, any status], "totp":[verified TOTP
/// factors], "phone":[verified phone factors], "webauthn":[verified WebAuthn factors]}; each factor is {"id", "friendly_name",
/// "factor_type", "status":"verified"|"unverified", "created_at", "updated_at", ...}.
/// Free with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_mfa_list_factors(
    client: *const GoTrueClient,
    out_factors_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let out = unsafe { StringOut::required(out_factors_json, "out_factors_json") }?;
        let factors = client.client().mfa_list_factors()?;
        out.json(&factors)
    })
}

/// The authenticator assurance level of the current session, computed locally (no
/// network call, no refresh). `*out_aal_json` receives {"current_level":"aal1"|"aal2",
/// "next_level":"aal1"|"aal2", "current_authentication_methods":[{"method","timestamp"},...]}:
/// current_level is the access token's `aal` claim; next_level is "aal2" when the session's
/// user has a verified factor (so the app should ask for it when current_level is "aal1"),
/// else the current level; the methods are the token's `amr` claim. When signed out both
/// levels are null and the methods empty (still success). Free with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_mfa_get_authenticator_assurance_level(
    client: *const GoTrueClient,
    out_aal_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let out = unsafe { StringOut::required(out_aal_json, "out_aal_json") }?;
        let level = client.client().mfa_authenticator_assurance_level()?;
        out.json(&level)
    })
}
