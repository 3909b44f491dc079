//! gotrue_client_get_claims: JWT verification through the C ABI.

use super::client::GoTrueClient;
use super::error::GoTrueError;
use super::strings::StringOut;
use super::{ffi_fallible, try_opt_str, try_options, try_ref};
use crate::core::claims::ClaimsOptions;
use std::ffi::c_char;

/// Verifies a JWT and returns its claims.
///
/// `jwt`: the token to check, or NULL for the current session's access token (refreshed
/// first if it is about to expire; GOTRUE_ERROR_CODE_SESSION_MISSING when signed out).
/// Asymmetric tokens (ES256, RS256, ... with a `kid`) are verified locally against the
/// server's /.well-known/jwks.json, cached for `jwks_ttl_secs` (client option) and fetched
/// again when a token names an unknown key (at most once every 30 s). HS256 tokens, and
/// tokens without `kid`, are checked by asking the server (GET /user).
/// `options_json` (nullable): {"allow_expired":false, "cache":true}. With "cache" (the default) a
/// token this client already verified is not verified again: only its expiry is rechecked,
/// for as long as the key set it was verified with is current (jwks_ttl_secs).
/// "jwks":{"keys":[JWK, ...]} (or "keys":[JWK, ...], not both) gives a key set the caller
/// already holds, as auth-js's getClaims does: a token whose kid is in it is verified against
/// it with no request (and without the verified-token cache); other kids fall back to the
/// server's JWKS. A caller JWK that cannot be decoded is GOTRUE_ERROR_CODE_INVALID_ARGUMENT.
/// Errors: GOTRUE_ERROR_CODE_JWT_EXPIRED (exp in the past, unless allow_expired),
/// _INVALID_JWT (malformed, bad signature, key/algorithm mismatch), _JWK_NOT_FOUND (no key
/// with that kid), or the server's error for the /user check.
/// `*out_claims_json` receives {"claims":{...},"header":{...}}; free with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_get_claims(
    client: *const GoTrueClient,
    jwt: *const c_char,
    options_json: *const c_char,
    out_claims_json: *mut *mut c_char,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let out = unsafe { StringOut::required(out_claims_json, "out_claims_json") }?;
        let jwt = unsafe { try_opt_str(jwt, "jwt") }?;
        let options: ClaimsOptions = unsafe { try_options(options_json, "options_json") }?;
        out.text(client.client().get_claims(jwt, &options)?)
    })
}
