//! libgotrue: a Supabase Auth (GoTrue) client with a C ABI.
//!
//! `core` is the pure-Rust client; `ffi` is the C ABI, a thin translation on top of it.

pub mod core;
pub mod ffi;
