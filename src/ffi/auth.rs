//! Sign-up and sign-in: password, OTP (email/SMS, magic link), verify, resend, password
//! recovery, reauthentication, anonymous.

use super::client::GoTrueClient;
use super::error::GoTrueError;
use super::session::{GoTrueSession, write_session, write_session_and_user};
use super::strings::StringOut;
use super::{ffi_fallible, try_opt_out, try_opt_str, try_options, try_ref, try_str};
use crate::core::otp::VerifyOutcome;
use crate::core::{Identifier, SignUpOutcome};
use std::ffi::c_char;
use std::sync::Arc;

/// Signs a new user up with email or phone (exactly one non-NULL) and password.
///
/// `options_json` (nullable): {"data":{user metadata}, "redirect_to":URL,
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
/// Sends a one-time password: a magic link / code to an email, or a code by SMS/WhatsApp to
/// a phone (POST /otp). Exactly one of `email` or `phone` must be non-NULL.
///
/// `options_json` (nullable): {"should_create_user":true, "data":{metadata for a new user},
/// "redirect_to":URL, "captcha_token":TOKEN, "channel":"sms"|"whatsapp",
/// "flow_id_in_redirect_to":true}. With the PKCE flow type (the default) an email sign-in
/// stores a code verifier; the link's callback URL then goes to
/// gotrue_client_exchange_code_for_session(). Finish a code with gotrue_client_verify_otp().
/// `*out_result_json` (optional) receives the server's answer, e.g. {"message_id":"..."} for
/// phones or {} for emails; free with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_sign_in_with_otp(
    client: *const GoTrueClient,
    email: *const c_char,
    phone: *const c_char,
    options_json: *const c_char,
    out_result_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let email = unsafe { try_opt_str(email, "email") }?;
        let phone = unsafe { try_opt_str(phone, "phone") }?;
        let options = unsafe { try_options(options_json, "options_json") }?;
        let who = Identifier::from_parts(email, phone)?;
        unsafe { StringOut::optional(out_result_json) }.json(&client.client().sign_in_with_otp(who, &options)?)
    })
}
/// Verifies a one-time password (POST /verify). Either pass `token` with exactly one of
/// `email` / `phone`, or pass `token_hash` (from an email link) alone.
///
/// `type` is one of "sms", "phone_change", "signup", "invite", "magiclink", "recovery",
/// "email_change", "email". `options_json` (nullable): {"redirect_to":URL, "captcha_token":TOKEN}.
/// When the server returns a session it becomes the client's current session (SIGNED_IN, or
/// PASSWORD_RECOVERY for type "recovery") and `*out_session` receives a handle; otherwise
/// `*out_session` is set to NULL. `*out_user_json` receives the user JSON, or NULL when the
/// answer has no user: the first of two confirmations of a secure email change succeeds
/// with neither. Both out-parameters are optional.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_verify_otp(
    client: *const GoTrueClient,
    email: *const c_char,
    phone: *const c_char,
    token: *const c_char,
    token_hash: *const c_char,
    r#type: *const c_char,
    options_json: *const c_char,
    out_session: *mut *mut GoTrueSession,
    out_user_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let email = unsafe { try_opt_str(email, "email") }?;
        let phone = unsafe { try_opt_str(phone, "phone") }?;
        let token = unsafe { try_opt_str(token, "token") }?;
        let token_hash = unsafe { try_opt_str(token_hash, "token_hash") }?;
        let otp_type = unsafe { try_str(r#type, "type") }?;
        let options = unsafe { try_options(options_json, "options_json") }?;
        let outcome = client.client().verify_otp(email, phone, token, token_hash, otp_type, &options)?;
        match outcome {
            VerifyOutcome::Session(s) => write_session_and_user(out_session, out_user_json, Some(s), None),
            VerifyOutcome::User(u) => write_session_and_user(out_session, out_user_json, None, Some(&u)),
            VerifyOutcome::Nothing => write_session_and_user(out_session, out_user_json, None, None),
        }
    })
}
/// Sends a confirmation again (POST /resend). `type` "signup" or "email_change" needs
/// `email`; "sms" or "phone_change" needs `phone` (exactly one non-NULL).
/// `options_json` (nullable): {"redirect_to":URL (emails only), "captcha_token":TOKEN}.
/// `*out_result_json` (optional) receives the server's answer ({"message_id":...} for phones).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_resend(
    client: *const GoTrueClient,
    r#type: *const c_char,
    email: *const c_char,
    phone: *const c_char,
    options_json: *const c_char,
    out_result_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let otp_type = unsafe { try_str(r#type, "type") }?;
        let email = unsafe { try_opt_str(email, "email") }?;
        let phone = unsafe { try_opt_str(phone, "phone") }?;
        let options = unsafe { try_options(options_json, "options_json") }?;
        let who = Identifier::from_parts(email, phone)?;
        unsafe { StringOut::optional(out_result_json) }.json(&client.client().resend(otp_type, who, &options)?)
    })
}
/// Sends a password reset mail (POST /recover). `options_json` (nullable):
/// {"redirect_to":URL, "captcha_token":TOKEN, "flow_id_in_redirect_to":true}.
/// With the PKCE flow type a verifier is stored: pass the link's callback URL to
/// gotrue_client_exchange_code_for_session(), which emits PASSWORD_RECOVERY; then set the
/// new password with gotrue_client_update_user({"password":...}). A recovery OTP from the
/// mail can instead go to gotrue_client_verify_otp() with type "recovery".
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_reset_password_for_email(
    client: *const GoTrueClient,
    email: *const c_char,
    options_json: *const c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let email = unsafe { try_str(email, "email") }?;
        let options = unsafe { try_options(options_json, "options_json") }?;
        client.client().reset_password_for_email(email, &options)
    })
}
/// Sends the signed-in user a reauthentication nonce by email or SMS (GET /reauthenticate).
/// Pass it as "nonce" with the new "password" to gotrue_client_update_user() when the server
/// requires reauthentication for password changes. Fails with SESSION_MISSING when signed out.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_reauthenticate(client: *const GoTrueClient) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        client.client().reauthenticate()
    })
}
/// Signs in as a new anonymous user (POST /signup without email or phone); the session
/// becomes the client's current session (SIGNED_IN). `options_json` (nullable):
/// {"data":{metadata}, "captcha_token":TOKEN}. Make the user permanent later with
/// gotrue_client_update_user({"email":...} or {"phone":...}, then {"password":...}).
/// `out_session` is optional.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_sign_in_anonymously(
    client: *const GoTrueClient,
    options_json: *const c_char,
    out_session: *mut *mut GoTrueSession,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let options = unsafe { try_options(options_json, "options_json") }?;
        let session = client.client().sign_in_anonymously(&options)?;
        if let Some(out) = unsafe { try_opt_out(out_session) } {
            *out = GoTrueSession::boxed(session);
        }
        Ok(())
    })
}
