//! Library and ABI versions: the first thing a program checks.

use super::ffi_infallible;
use std::ffi::c_char;

/// The ABI version. Bumped on any incompatible change; wrappers compare it at load time.
/// 2: gotrue_client_on_auth_state_change takes a finalizer; weak-password reasons are read by
/// index (gotrue_error_weak_password_reason_count/_reason), the JSON accessor is gone.
pub const GOTRUE_ABI_VERSION: u32 = 2;

/// The library version, e.g. "0.2.0". Static: never free it.
#[unsafe(no_mangle)]
pub extern "C" fn gotrue_version() -> *const c_char {
    ffi_infallible!(c"".as_ptr(), { concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast() })
}

/// The ABI version (GOTRUE_ABI_VERSION the library was built with). A program built
/// against a header whose GOTRUE_ABI_VERSION differs must not use this library.
#[unsafe(no_mangle)]
pub extern "C" fn gotrue_abi_version() -> u32 {
    ffi_infallible!(0, { GOTRUE_ABI_VERSION })
}
