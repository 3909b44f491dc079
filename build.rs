//! Generates, from one reading of the Rust sources by the pinned cbindgen:
//!   - the C header `include/gotrue.h`;
//!   - the ABI manifest `include/gotrue-abi.json` (every function with its parameters, section
//!     and doc, every enum, constant and type), which the wrapper generators read.
//!
//! The error codes come from their one table, `src/core/error_codes.rs`: this script renders
//! the C enum from it (cbindgen does not expand the macro that turns the table into Rust).
//! The generated copies go to OUT_DIR; `tests/header.rs` fails when they differ from the
//! checked-in ones. Set GOTRUE_WRITE_HEADER=1 to refresh the checked-in copies.
use cbindgen::bindgen::ir::{Documentation, Function, ItemContainer, Literal, Type};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::{env, fs, path::Path, path::PathBuf};

/// One row of the error-code table.
struct ErrorCodeRow {
    variant: &'static str,
    number: i64,
    name: &'static str,
    doc: &'static str,
}

macro_rules! error_codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $number:literal => $name:literal,)*) => {
        const ERROR_CODES: &[ErrorCodeRow] = &[$(ErrorCodeRow {
            variant: stringify!($variant),
            number: $number,
            name: $name,
            doc: concat!($($doc, "\n",)*),
        },)*];
    };
}

include!("src/core/error_codes.rs");

const ERROR_ENUM: &str = "GoTrueErrorCode";
const ERROR_ENUM_DOC: &str = "Stable error codes. Client-side codes are below 100; codes from the server's\n\
    `error_code` field start at 100 (the server's string is available verbatim too).\n\
    gotrue_error_code_name() gives each code's name.";

fn main() {
    let crate_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap());
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-env-changed=GOTRUE_WRITE_HEADER");
    println!("cargo:rerun-if-env-changed=GOTRUE_RELR");
    relr(&out_dir);

    let mut config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("cbindgen.toml");
    config.after_includes = Some(format!("\n{}", c_error_enum()));
    let bindings = cbindgen::Builder::new()
        .with_src(crate_dir.join("src/ffi/mod.rs"))
        .with_config(config)
        .generate()
        .expect("cbindgen could not generate the header");
    let mut header = Vec::new();
    bindings.write(&mut header);
    let header = String::from_utf8(header).expect("header is UTF-8");
    let manifest = manifest(&bindings, &sections(&crate_dir.join("src/ffi")));
    let manifest = serde_json::to_string_pretty(&manifest).expect("manifest JSON") + "\n";

    let outputs = [("gotrue.h", header), ("gotrue-abi.json", manifest)];
    for (name, text) in &outputs {
        fs::write(out_dir.join(name), text).expect("write generated file");
        if env::var_os("GOTRUE_WRITE_HEADER").is_some() {
            fs::write(crate_dir.join("include").join(name), text).expect("write include/");
        }
    }
}

/// `InvalidUtf8` -> `INVALID_UTF8`, the way cbindgen qualifies the other enums' variants.
fn screaming_snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

fn error_variant_c_name(row: &ErrorCodeRow) -> String {
    format!("GOTRUE_ERROR_CODE_{}", screaming_snake(row.variant))
}

fn c_comment(out: &mut String, indent: &str, doc: &str) {
    for line in doc.lines() {
        let line = line.strip_prefix(' ').unwrap_or(line);
        if line.is_empty() {
            writeln!(out, "{indent}//").unwrap();
        } else {
            writeln!(out, "{indent}// {line}").unwrap();
        }
    }
}

/// The C enum of the error-code table, in cbindgen's style.
fn c_error_enum() -> String {
    let mut out = String::new();
    c_comment(&mut out, "", ERROR_ENUM_DOC);
    out.push_str("typedef enum {\n");
    for row in ERROR_CODES {
        c_comment(&mut out, "  ", row.doc);
        writeln!(out, "  {} = {},", error_variant_c_name(row), row.number).unwrap();
    }
    writeln!(out, "}} {ERROR_ENUM};").unwrap();
    out
}

/// Function name -> the ffi file (without `.rs`) that declares it: its header section.
fn sections(ffi_dir: &Path) -> BTreeMap<String, String> {
    let mut sections = BTreeMap::new();
    for entry in fs::read_dir(ffi_dir).expect("src/ffi") {
        let path = entry.unwrap().path();
        let section = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(&path).unwrap();
        for line in text.lines() {
            if let Some((_, rest)) = line.split_once("extern \"C\" fn ") {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                sections.insert(name, section.clone());
            }
        }
    }
    sections
}

fn doc_text(doc: &Documentation) -> String {
    doc.doc_comment.iter().map(|line| line.strip_prefix(' ').unwrap_or(line)).collect::<Vec<_>>().join("\n")
}

/// A type spelled as the header spells it (`const char *`, `GoTrueClient **`).
fn c_type(ty: &Type, config: &cbindgen::Config) -> String {
    match ty {
        Type::Primitive(p) => p.to_repr_c(config).to_owned(),
        Type::Path(path) => path.export_name().to_owned(),
        Type::Ptr { ty: inner, is_const, .. } => {
            let inner_text = c_type(inner, config);
            match (**inner).clone() {
                Type::Ptr { .. } => format!("{inner_text}{}*", if *is_const { " const " } else { "" }),
                _ => format!("{}{inner_text} *", if *is_const { "const " } else { "" }),
            }
        }
        Type::Array(..) | Type::FuncPtr { .. } => {
            panic!("build.rs: give this type a name (a typedef) so the manifest can spell it: {ty:?}")
        }
    }
}

fn params(args: &[(Option<String>, Type)], config: &cbindgen::Config) -> Vec<Value> {
    args.iter().map(|(name, ty)| json!({"name": name.clone().unwrap_or_default(), "type": c_type(ty, config)})).collect()
}

fn literal_value(literal: &Literal) -> Value {
    match literal {
        Literal::Expr(text) => text.parse::<i64>().map(Value::from).unwrap_or_else(|_| Value::from(text.trim_matches('"').to_owned())),
        other => panic!("build.rs: constant value not supported in the manifest: {other:?}"),
    }
}

fn function(f: &Function, sections: &BTreeMap<String, String>, config: &cbindgen::Config) -> Value {
    let name = f.path.name();
    let section = sections.get(name).unwrap_or_else(|| panic!("build.rs: no src/ffi file declares {name}"));
    let args: Vec<_> = f.args.iter().map(|a| (a.name.clone(), a.ty.clone())).collect();
    json!({
        "name": name,
        "section": section,
        "returns": c_type(&f.ret, config),
        "params": params(&args, config),
        "doc": doc_text(&f.documentation),
    })
}

fn manifest(bindings: &cbindgen::Bindings, sections: &BTreeMap<String, String>) -> Value {
    let config = &bindings.config;
    let constants: Vec<Value> = bindings
        .constants
        .iter()
        .map(|c| {
            json!({
                "name": c.export_name,
                "type": c_type(&c.ty, config),
                "value": literal_value(&c.value),
                "doc": doc_text(&c.documentation),
            })
        })
        .collect();
    let abi_version =
        constants.iter().find(|c| c["name"] == "GOTRUE_ABI_VERSION").map(|c| c["value"].clone()).expect("GOTRUE_ABI_VERSION constant");

    let mut enums = vec![json!({
        "name": ERROR_ENUM,
        "doc": ERROR_ENUM_DOC,
        "variants": ERROR_CODES.iter().map(|row| json!({
            "name": error_variant_c_name(row),
            "short": row.name,
            "value": row.number,
            "doc": row.doc.lines().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect::<Vec<_>>().join("\n"),
        })).collect::<Vec<_>>(),
    })];
    let mut types = Vec::new();
    for item in &bindings.items {
        match item {
            ItemContainer::Enum(e) => {
                let prefix = format!("GOTRUE_{}_", screaming_snake(e.export_name.trim_start_matches("GoTrue")));
                enums.push(json!({
                    "name": e.export_name,
                    "doc": doc_text(&e.documentation),
                    "variants": e.variants.iter().map(|v| json!({
                        "name": v.export_name,
                        "short": v.export_name.trim_start_matches(&prefix).to_ascii_lowercase(),
                        "value": v.discriminant.as_ref().map(literal_value).expect("explicit discriminant"),
                        "doc": doc_text(&v.documentation),
                    })).collect::<Vec<_>>(),
                }));
            }
            ItemContainer::OpaqueItem(o) => {
                types.push(json!({"name": o.export_name, "kind": "opaque", "doc": doc_text(&o.documentation)}));
            }
            ItemContainer::Struct(s) => types.push(json!({
                "name": s.export_name,
                "kind": "struct",
                "doc": doc_text(&s.documentation),
                "fields": s.fields.iter().map(|f| json!({
                    "name": f.name,
                    "type": c_type(&f.ty, config),
                    "doc": doc_text(&f.documentation),
                })).collect::<Vec<_>>(),
            })),
            ItemContainer::Typedef(t) => match &t.aliased {
                Type::FuncPtr { ret, args, .. } => types.push(json!({
                    "name": t.export_name,
                    "kind": "callback",
                    "doc": doc_text(&t.documentation),
                    "returns": c_type(ret, config),
                    "params": params(args, config),
                })),
                other => panic!("build.rs: typedef {} of {other:?} is not supported in the manifest", t.export_name),
            },
            ItemContainer::Constant(_) | ItemContainer::Static(_) | ItemContainer::Union(_) => {
                panic!("build.rs: item kind not supported in the manifest: {item:?}")
            }
        }
    }
    let functions: Vec<Value> = bindings.functions.iter().map(|f| function(f, sections, config)).collect();
    json!({
        "version": env::var("CARGO_PKG_VERSION").unwrap(),
        "abi_version": abi_version,
        "constants": constants,
        "enums": enums,
        "types": types,
        "functions": functions,
    })
}

/// RELR (`-z pack-relative-relocs`): packs the shared library's relative relocations, about
/// 150 KB smaller stripped. Opt-in, because the result needs glibc 2.36 or newer to load: on for
/// `--profile small` (the profile is read from OUT_DIR, target/<profile>/build/...), or with
/// GOTRUE_RELR=1; GOTRUE_RELR=0 turns it off. Only when the linker accepts the flag (GNU ld 2.38+,
/// lld 15+); the Linux targets only.
fn relr(out_dir: &Path) {
    let wanted = match env::var("GOTRUE_RELR").as_deref() {
        Ok("1") => true,
        Ok("0") => false,
        _ => out_dir.components().any(|c| c.as_os_str() == "small"),
    };
    if !wanted || env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("linux") {
        return;
    }
    let probe = out_dir.join("relr-probe.so");
    let accepted = std::process::Command::new(env::var("CC").unwrap_or_else(|_| "cc".into()))
        .args(["-shared", "-nostdlib", "-Wl,-z,pack-relative-relocs", "-o"])
        .arg(&probe)
        .args(["-x", "c", "/dev/null"])
        .output()
        .is_ok_and(|o| o.status.success());
    if accepted {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-z,pack-relative-relocs");
    } else {
        println!("cargo:warning=the linker does not accept -z pack-relative-relocs: building without RELR");
    }
}
