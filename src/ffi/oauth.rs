//! Redirect-based and third-party sign-in: OAuth URLs with PKCE, code exchange, implicit
//! callback URLs, ID tokens, SSO.

use super::client::GoTrueClient;
use super::error::GoTrueError;
use super::session::{GoTrueSession, write_session};
use super::strings::StringOut;
use super::{ffi_fallible, try_opt_str, try_options, try_ref, try_str};
use std::ffi::c_char;

/// Builds the URL that starts an OAuth sign-in with `provider` ("github", "google", ...):
/// {url}/authorize?provider=..&redirect_to=..&scopes=..&code_challenge=..&code_challenge_method=s256&<query_params>.
/// No request is made; open the URL in a browser. With the PKCE flow type (the default) a
/// code verifier is stored for this flow (see the file comment on flows) and the callback
/// goes to gotrue_client_exchange_code_for_session(); with the implicit flow type it goes to
/// gotrue_client_get_session_from_url().
/// `options_json` (nullable): {"redirect_to":URL, "scopes":"a b", "query_params":{"k":"v"},
/// "flow_id_in_redirect_to":true}. Set "flow_id_in_redirect_to" to false when the server's
/// allow list has an exact entry for redirect_to (a query would not match it).
/// `*out_url` receives an owned string; free with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_get_oauth_url(
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
        let url = client.client().get_oauth_url(provider, &options)?;
        out.text(url)
    })
}
/// Exchanges a PKCE auth code for a session (POST /token?grant_type=pkce). `code_or_url` is
/// the bare code or the whole callback URL (its flow id selects the verifier; see the file
/// comment). Errors: GOTRUE_ERROR_CODE_PKCE_VERIFIER_MISSING when no verifier is stored for
/// the flow (already exchanged, another client/storage, or storage cleared);
/// GOTRUE_ERROR_CODE_AUTH_REDIRECT when the URL carries error/error_code/error_description
/// (the server's code is in gotrue_error_server_code()). The session becomes the current
/// session: SIGNED_IN, or PASSWORD_RECOVERY for a password-reset flow. `out_session` is optional.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_exchange_code_for_session(
    client: *const GoTrueClient,
    code_or_url: *const c_char,
    out_session: *mut *mut GoTrueSession,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let code_or_url = unsafe { try_str(code_or_url, "code_or_url") }?;
        let session = client.client().exchange_code_for_session(code_or_url)?;
        write_session(out_session, Some(session));
        Ok(())
    })
}
/// Completes any auth redirect from its callback URL: an error in the query or fragment
/// becomes GOTRUE_ERROR_CODE_AUTH_REDIRECT (server code string kept); `?code=` is exchanged
/// as by gotrue_client_exchange_code_for_session(); an implicit-flow fragment
/// (#access_token=..&refresh_token=..&expires_in=..&expires_at=..&token_type=..[&type=recovery])
/// is adopted after fetching the user with the access token (GET /user). The session becomes
/// the current session: PASSWORD_RECOVERY when type=recovery, else SIGNED_IN.
/// `out_session` is optional.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_get_session_from_url(
    client: *const GoTrueClient,
    url: *const c_char,
    out_session: *mut *mut GoTrueSession,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let url = unsafe { try_str(url, "url") }?;
        let session = client.client().get_session_from_url(url)?;
        write_session(out_session, Some(session));
        Ok(())
    })
}
/// Signs in with an OpenID Connect ID token issued by `provider` ("google", "apple",
/// "azure", "facebook", "kakao", or "custom:<name>") (POST /token?grant_type=id_token).
/// `access_token` (nullable) is the provider's access token when the ID token has an
/// at_hash; `nonce` (nullable) the raw nonce when the ID token has a nonce claim.
/// `options_json` (nullable): {"captcha_token":TOKEN}. The session becomes the current
/// session (SIGNED_IN). `out_session` is optional.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_sign_in_with_id_token(
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
        let session = client.client().sign_in_with_id_token(provider, id_token, access_token, nonce, &options)?;
        write_session(out_session, Some(session));
        Ok(())
    })
}
/// Starts SSO (SAML) sign-in by the user's email `domain` or by the SSO `provider_id`
/// (exactly one non-NULL) (POST /sso). `*out_url` receives the identity provider URL to open
/// (owned; free with gotrue_string_free()). With the PKCE flow type a verifier is stored and
/// the callback goes to gotrue_client_exchange_code_for_session().
/// `options_json` (nullable): {"redirect_to":URL, "captcha_token":TOKEN, "flow_id_in_redirect_to":true}.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_sign_in_with_sso(
    client: *const GoTrueClient,
    domain: *const c_char,
    provider_id: *const c_char,
    options_json: *const c_char,
    out_url: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let domain = unsafe { try_opt_str(domain, "domain") }?;
        let provider_id = unsafe { try_opt_str(provider_id, "provider_id") }?;
        let options = unsafe { try_options(options_json, "options_json") }?;
        let out = unsafe { StringOut::required(out_url, "out_url") }?;
        let url = client.client().sign_in_with_sso(domain, provider_id, &options)?;
        out.text(url)
    })
}
