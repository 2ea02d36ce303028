//! The layering of `codegen/src`, enforced: the module graph read from the source (every
//! `use crate::...`, `use super::...` and `crate::...` path, and paths through a module a `use`
//! named) has no cycle; no emitter imports `job` or `cli`; `docs` does not import `cli`; only
//! `cli` imports `job`.
//!
//! A unit of the graph is a top-level module, or a module of `emit/` or `docs/` (their own
//! submodules, `emit/typescript/check.rs` for one, belong to them). `cargo test -p codegen
//! --test architecture -- --nocapture` prints the graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Modules whose children are units of their own.
const LAYERED: &[&str] = &["emit", "docs"];

/// Every `.rs` file under `dir`, sorted.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the source directory is readable")
        .map(|e| e.expect("an entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file (`emit/typescript/check.rs` → `emit::typescript::check`,
/// `docs/mod.rs` → `docs`, `lib.rs` → the crate root, empty).
fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let file = parts.pop().expect("a file name");
    let stem = file.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_owned());
    }
    parts
}

/// The unit a module path belongs to (`emit::typescript::check` → `emit::typescript`).
fn unit_of(path: &[String], modules: &BTreeSet<Vec<String>>) -> Option<String> {
    let first = path.first()?;
    if !modules.contains(&vec![first.clone()]) {
        return None;
    }
    if LAYERED.contains(&first.as_str())
        && let Some(second) = path.get(1)
        && modules.contains(&vec![first.clone(), second.clone()])
    {
        return Some(format!("{first}::{second}"));
    }
    Some(first.clone())
}

/// The source without comments (line comments, doc comments, block comments).
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("//") {
            rest = after.find('\n').map_or("", |i| &after[i..]);
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.find("*/").map_or("", |i| &after[i + 2..]);
        } else {
            let c = rest.chars().next().expect("not empty");
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The paths of a `use` tree (`a::{b, c::{d, e as f}}`), each with the name it binds.
fn expand_use(tree: &str) -> Vec<(Vec<String>, String)> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let mut out = Vec::new();
    expand_into(&tree, &mut Vec::new(), &mut out);
    out
}

fn expand_into(tree: &str, prefix: &mut Vec<String>, out: &mut Vec<(Vec<String>, String)>) {
    // Split at the top-level `{`: `a::b::{...}` or a plain path.
    if let Some(open) = tree.find('{') {
        let head: Vec<String> = tree[..open]
            .split("::")
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        let inner = &tree[open + 1..tree.rfind('}').expect("balanced braces")];
        let depth = prefix.len();
        prefix.extend(head);
        for part in split_top_level(inner) {
            expand_into(part, prefix, out);
        }
        prefix.truncate(depth);
        return;
    }
    let (path, alias) = match tree.split_once("as") {
        Some((path, alias)) if tree.contains("as") && !path.ends_with(':') => (path, Some(alias)),
        _ => (tree, None),
    };
    let mut full = prefix.clone();
    for segment in path.split("::").filter(|s| !s.is_empty()) {
        if segment != "self" {
            full.push(segment.to_owned());
        }
    }
    if full.is_empty() {
        return;
    }
    let name = alias
        .map(str::to_owned)
        .unwrap_or_else(|| full.last().cloned().expect("a segment"));
    out.push((full, name));
}

/// `a, b::{c, d}, e` split at the commas outside braces.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts.into_iter().filter(|p| !p.is_empty()).collect()
}

/// `path` (as written in `module`) made absolute: `crate::` dropped, `super::` and `self::`
/// resolved. `None` for paths outside the crate.
fn absolute(path: &[String], module: &[String]) -> Option<Vec<String>> {
    let mut base: Vec<String> = match path.first()?.as_str() {
        "crate" => Vec::new(),
        "self" | "super" => module.to_vec(),
        _ => return None,
    };
    let mut segments = path.iter().skip(usize::from(path[0] == "crate")).peekable();
    while let Some(segment) = segments.peek() {
        match segment.as_str() {
            "super" => {
                base.pop();
            }
            "self" => {}
            _ => break,
        }
        segments.next();
    }
    base.extend(segments.cloned());
    Some(base)
}

/// Every path token of `code` (`a::b::c`), with what precedes it (to skip `use` trees).
fn path_tokens(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut i = 0;
    while i < bytes.len() {
        if ident(bytes[i]) && (i == 0 || !(ident(bytes[i - 1]) || bytes[i - 1] == b':')) {
            let mut segments = Vec::new();
            let mut j = i;
            loop {
                let start = j;
                while j < bytes.len() && ident(bytes[j]) {
                    j += 1;
                }
                segments.push(code[start..j].to_owned());
                if code[j..].starts_with("::") && j + 2 < bytes.len() && ident(bytes[j + 2]) {
                    j += 2;
                } else {
                    break;
                }
            }
            if segments.len() > 1 {
                out.push(segments);
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// The module graph of `codegen/src`: unit → units it uses.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let modules: BTreeSet<Vec<String>> = files
        .iter()
        .map(|f| module_of(f.strip_prefix(&src).unwrap()))
        .collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        if rel == Path::new("main.rs") {
            continue; // the binary: a user of the library, not a module of it
        }
        let module = module_of(rel);
        let Some(from) = unit_of(&module, &modules) else {
            continue; // lib.rs: declares the modules
        };
        let code = without_comments(&std::fs::read_to_string(file).unwrap());
        let mut used: Vec<Vec<String>> = Vec::new();
        // `use` trees, and the modules they bind (`use crate::emit;` then `emit::x`).
        let mut bound: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut rest = code.as_str();
        let mut others = String::new();
        while let Some(at) = rest.find("use ") {
            let starts_statement =
                at == 0 || rest[..at].ends_with(|c: char| c.is_whitespace() || c == ';');
            others.push_str(&rest[..at]);
            let after = &rest[at + 4..];
            let Some(end) = after.find(';') else { break };
            if starts_statement {
                for (path, name) in expand_use(&after[..end]) {
                    if let Some(path) = absolute(&path, &module) {
                        if modules.contains(&path) {
                            bound.insert(name, path.clone());
                        }
                        used.push(path);
                    }
                }
                rest = &after[end + 1..];
            } else {
                others.push_str("use ");
                rest = after;
            }
        }
        others.push_str(rest);
        for path in path_tokens(&others) {
            if let Some(path) = absolute(&path, &module) {
                used.push(path);
            } else if let Some(module_path) = bound.get(&path[0]) {
                let mut full = module_path.clone();
                full.extend(path[1..].iter().cloned());
                used.push(full);
            }
        }
        let targets = edges.entry(from.clone()).or_default();
        for path in used {
            // `emit` and `docs` themselves only declare their modules (checked below); a path
            // to them alone is a glob import of a parent (`use super::*` in a test module).
            if let Some(to) = unit_of(&path, &modules)
                && to != from
                && !LAYERED.contains(&to.as_str())
            {
                targets.insert(to);
            }
        }
    }
    edges
}

/// A cycle of `edges`, when there is one (the units on it, the first repeated at the end).
fn find_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, bool>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(node) {
            Some(true) => return None,
            Some(false) => {
                let start = stack.iter().position(|n| n == node).expect("on the stack");
                let mut cycle = stack[start..].to_vec();
                cycle.push(node.to_owned());
                return Some(cycle);
            }
            None => {}
        }
        state.insert(node.to_owned(), false);
        stack.push(node.to_owned());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, state, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        state.insert(node.to_owned(), true);
        None
    }
    let mut state = BTreeMap::new();
    edges
        .keys()
        .find_map(|node| visit(node, edges, &mut state, &mut Vec::new()))
}

#[test]
fn the_module_graph_has_no_cycle_and_keeps_its_layers() {
    let edges = graph();
    for (from, to) in &edges {
        let to: Vec<&str> = to.iter().map(String::as_str).collect();
        println!("{from} -> {}", to.join(", "));
    }
    // The reader sees the code: these edges exist (so a broken reader cannot pass).
    for (from, to) in [
        ("cli", "job"),
        ("job", "emit::package"),
        ("docs::pages", "emit::reference"),
        ("emit::python", "emit::package"),
        ("docs::examples", "emit::json_schema"),
    ] {
        assert!(
            edges.get(from).is_some_and(|t| t.contains(to)),
            "the reader misses {from} -> {to}"
        );
    }
    if let Some(cycle) = find_cycle(&edges) {
        panic!("import cycle: {}", cycle.join(" -> "));
    }
    for (from, to) in &edges {
        if from.starts_with("emit::") {
            for above in ["job", "cli"] {
                assert!(!to.contains(above), "{from} imports {above}");
            }
        }
        if from.starts_with("docs") {
            assert!(!to.contains("cli"), "{from} imports cli");
        }
        if from != "cli" {
            assert!(
                !to.contains("job"),
                "{from} imports job: only cli runs the job"
            );
        }
    }
}

#[test]
fn emit_and_docs_only_declare_their_modules() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for parent in LAYERED {
        let code =
            without_comments(&std::fs::read_to_string(src.join(parent).join("mod.rs")).unwrap());
        for line in code.lines().map(str::trim).filter(|l| !l.is_empty()) {
            assert!(
                line.starts_with("pub mod ") && line.ends_with(';'),
                "{parent}/mod.rs holds more than module declarations: {line}"
            );
        }
    }
}

#[test]
fn the_reader_finds_cycles_and_expands_use_trees() {
    let edges: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec![]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.into_iter().map(str::to_owned).collect()))
    .collect();
    assert_eq!(find_cycle(&edges).unwrap(), ["a", "b", "c", "a"]);
    let acyclic: BTreeMap<String, BTreeSet<String>> =
        [("a".to_owned(), BTreeSet::from(["b".to_owned()]))].into();
    assert_eq!(find_cycle(&acyclic), None);

    let paths: Vec<String> =
        expand_use("crate::emit::{self, json_schema, package::{Emitter as E}}")
            .into_iter()
            .map(|(p, name)| format!("{} as {name}", p.join("::")))
            .collect();
    assert_eq!(
        paths,
        [
            "crate::emit as emit",
            "crate::emit::json_schema as json_schema",
            "crate::emit::package::Emitter as E"
        ]
    );
    let module = vec!["docs".to_owned(), "examples".to_owned()];
    let path: Vec<String> = ["super", "files", "list"].map(str::to_owned).to_vec();
    assert_eq!(absolute(&path, &module).unwrap(), ["docs", "files", "list"]);
}
