//! Web3 sign-in: build the Sign-In-With-Ethereum (EIP-4361) / Sign-In-With-Solana message, have
//! the wallet sign it, then gotrue_client_sign_in_with_web3. Needs
//! GOTRUE_EXTERNAL_WEB3_ETHEREUM_ENABLED / _SOLANA_ENABLED on the server (otherwise
//! GOTRUE_ERROR_CODE_WEB3_PROVIDER_DISABLED or _WEB3_UNSUPPORTED_CHAIN).

use super::client::GoTrueClient;
use super::error::GoTrueError;
use super::session::{GoTrueSession, write_session};
use super::strings::StringOut;
use super::{ffi_fallible, try_options, try_ref, try_str};
use crate::core::config::parse_options;
use crate::core::web3::{MessageOptions, build_message};
use std::ffi::c_char;

/// Builds the message a wallet signs to sign in. No network call, no client needed.
/// `options_json` (required): {"chain":"ethereum"|"solana", "domain":"host[:port]" (the site
/// asking), "address":WALLET (0x + 40 hex digits, or a base58 Solana key), "uri":URL (must be in
/// the server's redirect allow list; https, or http on localhost), and optionally
/// "statement" (one line), "version" ("1"), "chain_id" (Ethereum: EIP-155 number, default 1;
/// Solana: "mainnet", "devnet", "testnet", "localnet"), "nonce", "issued_at" (RFC 3339; default
/// now: the server accepts messages issued within 10 minutes of its clock by default),
/// "expiration_time", "not_before", "request_id", "resources":[URI, ...]}.
/// `*out_message` receives the message text, laid out as EIP-4361; free with gotrue_string_free().
/// Errors: GOTRUE_ERROR_CODE_INVALID_JSON (malformed or unknown keys), _INVALID_ARGUMENT
/// (a missing or malformed field, or a field spanning lines).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_web3_build_message(options_json: *const c_char, out_message: *mut *mut c_char) -> *mut GoTrueError {
    ffi_fallible!({
        let text = unsafe { try_str(options_json, "options_json") }?;
        let out = unsafe { StringOut::required(out_message, "out_message") }?;
        let options: MessageOptions = parse_options("options_json", Some(text))?;
        out.text(build_message(&options)?)
    })
}

/// Signs in with a wallet signature (POST /token?grant_type=web3). `chain`: "ethereum" or
/// "solana". `message`: the exact text the wallet signed (gotrue_web3_build_message).
/// `signature`: Ethereum, the 65-byte personal_sign signature as hex ("0x" + 130 digits);
/// Solana, the 64-byte ed25519 signature in base64 (standard or URL-safe, padded or not).
/// `options_json` (nullable): {"captcha_token":TOKEN}. The wallet's user is created on first
/// sign-in; the session becomes the client's current session (SIGNED_IN). `out_session` is
/// optional. A signature that does not match the address fails with
/// GOTRUE_ERROR_CODE_INVALID_GRANT (HTTP 400), as do a stale issued_at and a URI the server
/// does not allow.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_sign_in_with_web3(
    client: *const GoTrueClient,
    chain: *const c_char,
    message: *const c_char,
    signature: *const c_char,
    options_json: *const c_char,
    out_session: *mut *mut GoTrueSession,
) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let chain = unsafe { try_str(chain, "chain") }?;
        let message = unsafe { try_str(message, "message") }?;
        let signature = unsafe { try_str(signature, "signature") }?;
        let options = unsafe { try_options(options_json, "options_json") }?;
        let session = client.client().sign_in_with_web3(chain, message, signature, &options)?;
        write_session(out_session, Some(session));
        Ok(())
    })
}
