//! A string that is wiped from memory when dropped and never printed.

use std::fmt;
use std::sync::atomic::{Ordering, compiler_fence};

/// Overwrites the bytes with zeros in a way the optimizer may not remove.
pub fn wipe_bytes(bytes: &mut [u8]) {
    for b in bytes.iter_mut() {
        // SAFETY: `b` is a valid, exclusive reference into the slice.
        unsafe { std::ptr::write_volatile(b, 0) };
    }
    compiler_fence(Ordering::SeqCst);
}

/// Wipes a String's whole allocation (including spare capacity) before it is freed.
pub fn wipe_string(s: &mut String) {
    // SAFETY: zero bytes are valid UTF-8; we clear the string right after.
    unsafe { wipe_bytes(s.as_mut_vec()) };
    s.clear();
}

/// A token or password the library owns: zeroized on drop, redacted in Debug.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        wipe_string(&mut self.0);
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Secret, D::Error> {
        String::deserialize(d).map(Secret)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_the_value() {
        let s = Secret::new("hunter2");
        assert!(!format!("{s:?}").contains("hunter2"));
        assert_eq!(s.expose(), "hunter2");
    }

    #[test]
    fn wipe_string_clears_the_buffer() {
        let mut s = String::from("secret-token");
        let ptr = s.as_ptr();
        let cap = s.capacity();
        wipe_string(&mut s);
        // The allocation is still ours: check it holds zeros now.
        let bytes = unsafe { std::slice::from_raw_parts(ptr, cap) };
        assert!(bytes.iter().all(|b| *b == 0));
    }
}
