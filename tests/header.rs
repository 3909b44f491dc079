//! The checked-in header must be exactly what cbindgen generates from the sources.

#[test]
fn checked_in_header_matches_the_generated_one() {
    let generated = include_str!(concat!(env!("OUT_DIR"), "/gotrue.h"));
    let checked_in = include_str!("../include/gotrue.h");
    assert!(
        generated == checked_in,
        "include/gotrue.h is stale: run `./x header` (GOTRUE_WRITE_HEADER=1 cargo build) and commit it"
    );
}
