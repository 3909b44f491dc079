//! The checked-in header and ABI manifest must be exactly what build.rs generates from the sources.

#[test]
fn checked_in_header_matches_the_generated_one() {
    let generated = include_str!(concat!(env!("OUT_DIR"), "/gotrue.h"));
    let checked_in = include_str!("../include/gotrue.h");
    assert!(generated == checked_in, "include/gotrue.h is stale: run `./x header` (GOTRUE_WRITE_HEADER=1 cargo build) and commit it");
}

#[test]
fn checked_in_manifest_matches_the_generated_one() {
    let generated = include_str!(concat!(env!("OUT_DIR"), "/gotrue-abi.json"));
    let checked_in = include_str!("../include/gotrue-abi.json");
    assert!(
        generated == checked_in,
        "include/gotrue-abi.json is stale: run `./x header` (GOTRUE_WRITE_HEADER=1 cargo build) and commit it"
    );
}

/// The manifest lists exactly the functions the header declares.
#[test]
fn manifest_and_header_name_the_same_functions() {
    let header = include_str!("../include/gotrue.h");
    let manifest: serde_json::Value = serde_json::from_str(include_str!("../include/gotrue-abi.json")).unwrap();
    let mut in_manifest: Vec<&str> = manifest["functions"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
    // Declarations are the non-comment lines naming `gotrue_x(`.
    let mut in_header: Vec<&str> = header
        .lines()
        .filter(|line| !line.trim_start().starts_with("//") && !line.trim_start().starts_with('*'))
        .filter_map(|line| {
            let start = line.find("gotrue_")?;
            let name = &line[start..line[start..].find('(')? + start];
            name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_').then_some(name)
        })
        .collect();
    in_manifest.sort_unstable();
    in_header.sort_unstable();
    assert!(!in_header.is_empty());
    assert_eq!(in_manifest, in_header);
}

/// The `_start` forms are generated from the manifest's blocking signatures.
#[test]
fn checked_in_start_forms_match_the_generated_ones() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = std::process::Command::new("python3")
        .arg(format!("{root}/tools/gen_request_start.py"))
        .arg("--check")
        .output()
        .expect("python3 runs tools/gen_request_start.py");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
