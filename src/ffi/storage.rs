//! Caller-supplied storage: C callbacks behind the core `Storage` interface.

use super::error::GoTrueError;
use super::strings::SecretCString;
use super::{GoTrueReleaseFn, ffi_fallible, try_str};
use crate::core::error::{Error, ErrorCode, Result};
use crate::core::secret::Secret;
use crate::core::storage::Storage;
use std::ffi::{c_char, c_void};
use std::sync::atomic::{AtomicBool, Ordering};

/// Where a storage `get` callback puts the value it found. Opaque; valid only during that
/// callback. See gotrue_storage_value_set().
pub struct GoTrueStorageValue {
    value: Option<Secret>,
}

/// Storage `get`: looks up `key` for GoTrueStorageCallbacks.
pub type GoTrueStorageGetFn =
    Option<unsafe extern "C" fn(user_data: *mut c_void, key: *const c_char, out_value: *mut GoTrueStorageValue) -> i32>;
/// Storage `set`: stores `value` under `key` for GoTrueStorageCallbacks.
pub type GoTrueStorageSetFn = Option<unsafe extern "C" fn(user_data: *mut c_void, key: *const c_char, value: *const c_char) -> i32>;
/// Storage `remove`: removes `key` for GoTrueStorageCallbacks.
pub type GoTrueStorageRemoveFn = Option<unsafe extern "C" fn(user_data: *mut c_void, key: *const c_char) -> i32>;

/// Storage callbacks for gotrue_client_new_with_storage(). The library copies this struct;
/// `user_data` must stay valid until `release` is called (or the client is freed).
///
/// Keys are short ASCII names derived from the `storage_key` option (the session is stored
/// under `storage_key` itself; PKCE verifiers under keys that start with it). Values are
/// UTF-8 JSON or text and contain tokens: keep them as secret as a password.
///
/// Threads: the callbacks may be called from any thread, including the auto-refresh thread,
/// and from several threads at once; they must be thread-safe. They are called with no
/// library lock held, but must not call back into the same client (a `get` may be running
/// on behalf of a call that is waiting for it).
///
/// Every callback returns 0 on success and any other value on failure (reported to the
/// caller as GOTRUE_ERROR_CODE_STORAGE).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct GoTrueStorageCallbacks {
    /// Passed unchanged as the first argument of every callback.
    pub user_data: *mut c_void,
    /// Looks up `key`. When found, pass the value to gotrue_storage_value_set(out_value, value)
    /// (the library copies it before it returns, so the callback may free its buffer right
    /// after); when absent, just return 0 without calling it. Required.
    pub get: GoTrueStorageGetFn,
    /// Stores `value` (NUL-terminated UTF-8, borrowed for the call) under `key`, replacing
    /// any old value. Required.
    pub set: GoTrueStorageSetFn,
    /// Removes `key`; removing an absent key is success. Required.
    pub remove: GoTrueStorageRemoveFn,
    /// Optional (may be NULL): called once, when the client is freed, so the caller can
    /// release `user_data`. Not called when gotrue_client_new_with_storage() fails.
    pub release: GoTrueReleaseFn,
}

/// Gives the value found by a storage `get` callback to the library, which copies it.
/// Call it at most once per `get` (a second call replaces the first value).
/// Errors: NULL `out_value` or `value` (NULL_ARGUMENT), invalid UTF-8 (INVALID_UTF8).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gotrue_storage_value_set(out_value: *mut GoTrueStorageValue, value: *const c_char) -> *mut GoTrueError {
    ffi_fallible!({
        // SAFETY: NULL or the pointer the library passed to the running `get` callback.
        let out =
            unsafe { out_value.as_mut() }.ok_or_else(|| Error::new(ErrorCode::NullArgument, "argument `out_value` must not be NULL"))?;
        let value = unsafe { try_str(value, "value") }?;
        out.value = Some(Secret::new(value));
        Ok(())
    })
}

/// The core `Storage` backed by the caller's callbacks.
pub(crate) struct CallbackStorage {
    callbacks: GoTrueStorageCallbacks,
    /// False while construction can still fail: then `release` is not the library's to call.
    owns_user_data: AtomicBool,
}

// SAFETY: the documented contract requires the callbacks (and user_data) to be usable from
// any thread, concurrently.
unsafe impl Send for CallbackStorage {}
unsafe impl Sync for CallbackStorage {}

fn c_key(key: &str) -> Result<std::ffi::CString> {
    std::ffi::CString::new(key).map_err(|_| Error::invalid_argument("storage key contains a NUL byte"))
}

fn status(what: &str, code: i32) -> Result<()> {
    if code == 0 { Ok(()) } else { Err(Error::new(ErrorCode::Storage, format!("storage callback `{what}` failed with status {code}"))) }
}

impl CallbackStorage {
    /// Copies the callbacks; fails when a required one is missing.
    pub(crate) fn new(callbacks: &GoTrueStorageCallbacks) -> Result<CallbackStorage> {
        let missing = |name: &str| Error::new(ErrorCode::NullArgument, format!("storage callback `{name}` must not be NULL"));
        if callbacks.get.is_none() {
            return Err(missing("get"));
        }
        if callbacks.set.is_none() {
            return Err(missing("set"));
        }
        if callbacks.remove.is_none() {
            return Err(missing("remove"));
        }
        Ok(CallbackStorage { callbacks: *callbacks, owns_user_data: AtomicBool::new(false) })
    }

    /// From now on the library calls `release` when done.
    pub(crate) fn take_ownership(&self) {
        self.owns_user_data.store(true, Ordering::SeqCst);
    }
}

impl Storage for CallbackStorage {
    fn get(&self, key: &str) -> Result<Option<Secret>> {
        let key = c_key(key)?;
        let mut out = GoTrueStorageValue { value: None };
        let get = self.callbacks.get.expect("checked in new");
        // SAFETY: the caller supplied this callback for exactly this use.
        let code = unsafe { get(self.callbacks.user_data, key.as_ptr(), &mut out) };
        status("get", code)?;
        Ok(out.value.take())
    }

    fn set(&self, key: &str, value: &str) -> Result<()> {
        let key = c_key(key)?;
        // Wiped when dropped: it holds tokens.
        let value = SecretCString::new(value);
        let set = self.callbacks.set.expect("checked in new");
        // SAFETY: as above; both strings outlive the call.
        status("set", unsafe { set(self.callbacks.user_data, key.as_ptr(), value.as_ptr()) })
    }

    fn remove(&self, key: &str) -> Result<()> {
        let key = c_key(key)?;
        let remove = self.callbacks.remove.expect("checked in new");
        // SAFETY: as above.
        status("remove", unsafe { remove(self.callbacks.user_data, key.as_ptr()) })
    }
}

impl Drop for CallbackStorage {
    fn drop(&mut self) {
        if let (true, Some(release)) = (self.owns_user_data.load(Ordering::SeqCst), self.callbacks.release) {
            // SAFETY: called once, after the last use of user_data by this library.
            unsafe { release(self.callbacks.user_data) };
        }
    }
}
