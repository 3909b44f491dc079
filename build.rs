//! Generates the C header from the extern fns with a pinned cbindgen.
//! The generated copy goes to OUT_DIR; `tests/header.rs` fails when it differs from the
//! checked-in `include/gotrue.h`. Set GOTRUE_WRITE_HEADER=1 to refresh the checked-in copy.
use std::{env, path::PathBuf};

fn main() {
    let crate_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("gotrue.h");
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-env-changed=GOTRUE_WRITE_HEADER");
    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("cbindgen.toml");
    let bindings = cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen could not generate the header");
    let mut text = Vec::new();
    bindings.write(&mut text);
    // cbindgen splits "GoTrue" into GO_TRUE_ when qualifying enum variants; the ABI's
    // prefix is GOTRUE_ (GOTRUE_ERROR_CODE_*, GOTRUE_SIGN_OUT_SCOPE_*, GOTRUE_AUTH_EVENT_*).
    let text = String::from_utf8(text).expect("header is UTF-8").replace("GO_TRUE_", "GOTRUE_");
    std::fs::write(&out, &text).expect("write generated header");
    if env::var_os("GOTRUE_WRITE_HEADER").is_some() {
        std::fs::write(crate_dir.join("include/gotrue.h"), &text).expect("write include/gotrue.h");
    }
}
