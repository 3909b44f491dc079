//! ctest's generated checks of gotrue's C ABI against include/gotrue.h (see build.rs).
#![allow(bad_style, clippy::all)]

/// The ABI view build.rs generated from the gotrue sources.
mod abi {
    include!(concat!(env!("OUT_DIR"), "/abi_view.rs"));
}
use abi::*;

// Compile-time: the view matches the compiled gotrue crate.
include!(concat!(env!("OUT_DIR"), "/crate_check.rs"));

// Run-time: the view matches the C header (ctest's generated tests and main()).
include!(concat!(env!("OUT_DIR"), "/ctest_gotrue.rs"));
