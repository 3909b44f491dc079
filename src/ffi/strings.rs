//! Owned strings handed to C and their one free function.

use super::ffi_infallible;
use crate::core::error::{Error, Result};
use crate::core::secret::wipe_bytes;
use std::ffi::{CString, c_char};

/// Converts a Rust string into an owned C string for the caller.
pub(crate) fn to_owned_c_string(s: String) -> Result<*mut c_char> {
    CString::new(s).map(CString::into_raw).map_err(|_| Error::invalid_response("text contains a NUL byte and cannot be returned to C"))
}

/// Serializes a result for C as an owned string (freed with gotrue_string_free).
pub(crate) fn json_to_c(value: &impl serde::Serialize) -> Result<*mut c_char> {
    to_owned_c_string(serde_json::to_string(value).map_err(|e| Error::invalid_response(e.to_string()))?)
}

/// A `char **` out-parameter for a string result (JSON, a URL), the one way every function
/// writes one: a required one is checked before the call does any work, an optional one
/// (NULL = not wanted) is skipped, and the write is the body's last expression.
pub(crate) struct StringOut<'a>(Option<&'a mut *mut c_char>);

impl<'a> StringOut<'a> {
    /// # Safety
    /// `ptr` must be NULL or valid for writes of one `*mut c_char`.
    pub(crate) unsafe fn required(ptr: *mut *mut c_char, name: &str) -> Result<StringOut<'a>> {
        // SAFETY: forwarded from the caller.
        Ok(StringOut(Some(unsafe { super::try_out(ptr, name) }?)))
    }

    /// # Safety
    /// As for `required`.
    pub(crate) unsafe fn optional(ptr: *mut *mut c_char) -> StringOut<'a> {
        // SAFETY: forwarded from the caller.
        StringOut(unsafe { super::try_opt_out(ptr) })
    }

    /// Writes `value` as JSON (not even serialized when not wanted).
    pub(crate) fn json(self, value: &impl serde::Serialize) -> Result<()> {
        if let Some(out) = self.0 {
            *out = json_to_c(value)?;
        }
        Ok(())
    }

    /// Writes `text` as it is.
    pub(crate) fn text(self, text: String) -> Result<()> {
        if let Some(out) = self.0 {
            *out = to_owned_c_string(text)?;
        }
        Ok(())
    }
}

/// A C string that is wiped when dropped (for tokens kept inside handles).
#[derive(Default)]
pub(crate) struct SecretCString(CString);

impl SecretCString {
    pub(crate) fn new(s: &str) -> SecretCString {
        SecretCString(CString::new(s).unwrap_or_default())
    }
    /// A copy of a C string's bytes, valid UTF-8 or not.
    pub(crate) fn from_c(s: &std::ffi::CStr) -> SecretCString {
        SecretCString(s.to_owned())
    }
    pub(crate) fn as_ptr(&self) -> *const c_char {
        self.0.as_ptr()
    }
}

impl Drop for SecretCString {
    fn drop(&mut self) {
        let mut bytes = std::mem::take(&mut self.0).into_bytes_with_nul();
        wipe_bytes(&mut bytes);
    }
}

/// Frees a string returned by this library (user JSON, session JSON, claims, ...).
/// The memory is wiped first, as it may hold tokens. NULL is ignored.
/// Never pass a string that came from elsewhere, and never free a string twice.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_string_free(s: *mut c_char) {
    ffi_infallible!((), {
        if !s.is_null() {
            // SAFETY: `s` came from CString::into_raw in this library (documented contract).
            let mut bytes = unsafe { CString::from_raw(s) }.into_bytes_with_nul();
            wipe_bytes(&mut bytes);
        }
    })
}
