//! The server's public settings and health.

use super::client::GoTrueClient;
use super::error::GoTrueError;
use super::strings::StringOut;
use super::{ffi_fallible, try_ref};
use std::ffi::c_char;

/// The server's public settings (GET /settings) as JSON: {"external":{"email":true,
/// "github":false,...}, "disable_signup":false, "mailer_autoconfirm":..., ...}.
/// `*out_json` receives an owned string; free with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_get_settings(client: *const GoTrueClient, out_json: *mut *mut c_char) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let out = unsafe { StringOut::required(out_json, "out_json") }?;
        let value = client.client().get_settings()?;
        out.json(&value)
    })
}
/// The server's health answer (GET /health) as JSON: {"version", "name", "description"}.
/// `*out_json` receives an owned string; free with gotrue_string_free().
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_client_health(client: *const GoTrueClient, out_json: *mut *mut c_char) -> *mut GoTrueError {
    ffi_fallible!({
        let client = unsafe { try_ref(client, "client") }?;
        let out = unsafe { StringOut::required(out_json, "out_json") }?;
        let value = client.client().health()?;
        out.json(&value)
    })
}
