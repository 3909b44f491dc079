//! The core's shape, checked from its source: its modules depend on each other in one
//! direction (no import cycle), it never reaches into the ABI layer, and it has no C types.
//! A module's dependencies are the `super::x` / `crate::core::x` paths it names (in `use`
//! lines and inline), outside its `#[cfg(test)]` module.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

fn core_sources() -> BTreeMap<String, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core");
    let mut sources = BTreeMap::new();
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let text = fs::read_to_string(&path).unwrap();
            // Unit tests may use anything; they are not part of the module graph.
            let text = match text.find("#[cfg(test)]") {
                Some(at) => text[..at].to_owned(),
                None => text,
            };
            sources.insert(name, text);
        }
    }
    sources
}

/// Lines of code, without comments (doc comments may mention anything).
fn code_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(|l| l.split("//").next().unwrap()).filter(|l| !l.trim().is_empty())
}

/// The core modules `text` names through `super::` or `crate::core::`, including grouped
/// imports such as `use super::{a::X, b};`.
fn dependencies(text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut deps = BTreeSet::new();
    for line in code_lines(text) {
        for prefix in ["super::", "crate::core::"] {
            for (at, _) in line.match_indices(prefix) {
                let rest = &line[at + prefix.len()..];
                let names: Vec<&str> = match rest.strip_prefix('{') {
                    Some(group) => group.split('}').next().unwrap().split(',').collect(),
                    None => vec![rest],
                };
                for name in names {
                    let ident: String = name.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    if modules.contains(&ident) {
                        deps.insert(ident);
                    }
                }
            }
        }
    }
    deps
}

#[test]
fn the_core_module_graph_has_no_cycle() {
    let sources = core_sources();
    let modules: BTreeSet<String> = sources.keys().filter(|m| *m != "mod").cloned().collect();
    let graph: BTreeMap<&str, BTreeSet<String>> = sources
        .iter()
        .filter(|(m, _)| *m != "mod")
        .map(|(m, text)| (m.as_str(), dependencies(text, &modules).into_iter().filter(|d| d != m).collect()))
        .collect();
    assert!(graph["client"].contains("http"), "the dependency reader found nothing: {graph:?}");

    // Depth-first search; a module met again while still on the stack closes a cycle.
    fn visit<'a>(
        module: &'a str,
        graph: &'a BTreeMap<&'a str, BTreeSet<String>>,
        stack: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
        cycles: &mut Vec<String>,
    ) {
        if done.contains(module) {
            return;
        }
        if let Some(at) = stack.iter().position(|m| *m == module) {
            cycles.push(format!("{} -> {module}", stack[at..].join(" -> ")));
            return;
        }
        stack.push(module);
        for dep in &graph[module] {
            visit(dep.as_str(), graph, stack, done, cycles);
        }
        stack.pop();
        done.insert(module);
    }
    let mut cycles = Vec::new();
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        visit(module, &graph, &mut Vec::new(), &mut done, &mut cycles);
    }
    assert!(cycles.is_empty(), "import cycles in src/core: {cycles:#?}");
}

#[test]
fn the_core_has_no_c_types_and_never_imports_the_abi_layer() {
    for (module, text) in core_sources() {
        for line in code_lines(&text) {
            for banned in ["crate::ffi", "repr(C)", "extern \"C\"", "c_char", "c_void", "no_mangle", "CStr"] {
                assert!(!line.contains(banned), "src/core/{module}.rs: `{banned}` in `{}`", line.trim());
            }
        }
    }
}

/// The reader itself: grouped, nested and inline paths.
#[test]
fn the_dependency_reader_sees_every_form() {
    let modules: BTreeSet<String> = ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
    let text = "use super::{a::X, b};\nfn f() { crate::core::c::g(); }\n// super::d in a comment\n";
    let deps: Vec<String> = dependencies(text, &modules).into_iter().collect();
    assert_eq!(deps, ["a", "b", "c"]);
}
