//! The workspace's architecture, enforced:
//!
//! - **Crates depend downward.** `confspec-load` (the runtime) and `confspec-build` (the
//!   build-script scanner) depend on no crate of the workspace; `confspec` (the tool as a
//!   library) on the runtime only, never on a model; `schema` (dstack's model) on the runtime,
//!   never on the tool; `codegen` (this workspace's binary) ties the tool to the model.
//! - **Every crate is a DAG of files.** No two files import each other, directly or round a
//!   loop: a file's imports are read from its source (every `use` and every path through
//!   `crate::`, `self::`, `super::`, a child module or a name a `use` bound), resolved to the
//!   file that defines what they name (through `pub use` re-exports).
//! - **confspec keeps its layers.** Between its top-level modules (and the modules of `emit/`
//!   and `docs/`): no cycle, no emitter imports `job` or `cli`, `docs` does not import `cli`,
//!   only `cli` imports `job`.
//!
//! Test code (`#[cfg(test)]` modules, `tests.rs` files) is not read: it may reach anywhere.
//! `cargo test -p codegen --test architecture -- --nocapture` prints every graph.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The crates whose sources must be a DAG of files, with their source directories (besides
/// each backend's crate, [`backend_crates`]).
const CRATES: &[(&str, &str)] = &[
    ("confspec-load", "confspec-load/src"),
    ("confspec-build", "confspec-build/src"),
    ("confspec", "confspec/src"),
    ("schema-server", "schema-server/src"),
    ("schema-configurations", "schema-configurations/src"),
    ("schema", "schema/src"),
    ("codegen", "codegen/src"),
];

/// What each crate may depend on (normal and build dependencies) among the workspace's crates.
const ALLOWED_DEPENDENCIES: &[(&str, &[&str])] = &[
    ("confspec-load", &[]),
    ("confspec-build", &[]),
    ("confspec", &["confspec-load", "confspec-build"]),
    // A model crate registers its own types for confspec with its `registry` feature; the
    // server configuration's re-exports each backend's crate (see `allowed_dependencies`).
    (
        "schema-server",
        &["confspec-load", "confspec", "confspec-build"],
    ),
    (
        "schema-configurations",
        &["confspec-load", "confspec", "confspec-build"],
    ),
    (
        "schema",
        &[
            "confspec-load",
            "schema-server",
            "schema-configurations",
            "confspec-build",
        ],
    ),
    (
        "codegen",
        &["confspec", "schema-server", "schema-configurations"],
    ),
];

/// What a backend's crate (`schema-aws`...) may depend on.
const BACKEND_DEPENDENCIES: &[&str] = &["confspec-load", "confspec", "confspec-build"];

/// The backends' crates: every `schema-*` directory of the workspace but the server
/// configuration's and `.dstack.yml`'s, by name.
fn backend_crates() -> Vec<String> {
    common::model_crates()
        .into_iter()
        .filter(|name| !matches!(name.as_str(), "schema-server" | "schema-configurations"))
        .collect()
}

/// What each crate may depend on among the workspace's crates: [`ALLOWED_DEPENDENCIES`], each
/// backend's crate, and the server configuration's on the backends'.
fn allowed_dependencies() -> Vec<(String, Vec<String>)> {
    let backends = backend_crates();
    let mut rules: Vec<(String, Vec<String>)> = ALLOWED_DEPENDENCIES
        .iter()
        .map(|(name, allowed)| {
            let mut allowed: Vec<String> = allowed.iter().map(|a| (*a).to_owned()).collect();
            if *name == "schema-server" {
                allowed.extend(backends.iter().cloned());
            }
            ((*name).to_owned(), allowed)
        })
        .collect();
    for backend in &backends {
        let allowed = BACKEND_DEPENDENCIES
            .iter()
            .map(|a| (*a).to_owned())
            .collect();
        rules.push((backend.clone(), allowed));
    }
    rules
}

/// confspec's modules whose children are units of its layer graph.
const LAYERED: &[&str] = &["emit", "docs"];

type Graph = BTreeMap<String, BTreeSet<String>>;

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

/// A module path as the graphs name it (`emit::python::view`; the crate root is `lib`).
fn unit_name(module: &[String]) -> String {
    if module.is_empty() {
        "lib".to_owned()
    } else {
        module.join("::")
    }
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

/// The code without its `#[cfg(test)]` items (test modules): test code may import anything.
fn without_tests(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        // The item ends at its `;` (a declaration) or at the brace closing its body.
        let semi = after.find(';');
        let open = after.find('{');
        match (semi, open) {
            (Some(s), Some(o)) if s < o => rest = &after[s + 1..],
            (_, Some(o)) => {
                let mut depth = 0usize;
                let mut end = after.len();
                for (i, c) in after[o..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = o + i + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                rest = &after[end..];
            }
            (Some(s), None) => rest = &after[s + 1..],
            (None, None) => rest = "",
        }
    }
    out.push_str(rest);
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
        if segment != "self" || full.is_empty() {
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

/// Every path token of `code` (`a::b::c`), skipping `$crate::` paths (macro bodies, resolved
/// where the macro is used).
fn path_tokens(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut i = 0;
    while i < bytes.len() {
        if ident(bytes[i]) && (i == 0 || !(ident(bytes[i - 1]) || bytes[i - 1] == b':')) {
            let in_macro = i > 0 && bytes[i - 1] == b'$';
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
            if segments.len() > 1 && !in_macro {
                out.push(segments);
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// One file of a crate, as the reader sees it.
struct SourceFile {
    module: Vec<String>,
    /// The code without comments and tests.
    code: String,
}

/// A crate's sources: its files by module path.
struct CrateSources {
    files: BTreeMap<Vec<String>, SourceFile>,
}

impl CrateSources {
    /// Reads every `.rs` file under `src` (test-only files left out).
    fn read(src: &Path) -> CrateSources {
        let mut paths = Vec::new();
        sources(src, &mut paths);
        let mut files = BTreeMap::new();
        for path in paths {
            let rel = path.strip_prefix(src).expect("under src");
            if rel.file_name().is_some_and(|n| n == "tests.rs") {
                continue;
            }
            let module = module_of(rel);
            let text = std::fs::read_to_string(&path).expect("a readable source");
            let code = without_tests(&without_comments(&text));
            files.insert(module.clone(), SourceFile { module, code });
        }
        CrateSources { files }
    }

    fn is_module(&self, path: &[String]) -> bool {
        self.files.contains_key(path)
    }

    /// `path` (as written in `module`) made absolute: `crate::` dropped, `super::` and `self::`
    /// resolved, a child module's name or a `use`-bound name expanded. `None` for paths that
    /// leave the crate.
    fn absolute(
        &self,
        path: &[String],
        module: &[String],
        bound: &BTreeMap<String, Vec<String>>,
    ) -> Option<Vec<String>> {
        let first = path.first()?.as_str();
        let (mut base, rest): (Vec<String>, &[String]) = match first {
            "crate" => (Vec::new(), &path[1..]),
            "self" | "super" => (module.to_vec(), path),
            _ => {
                let mut child = module.to_vec();
                child.push(first.to_owned());
                if self.is_module(&child) {
                    (child, &path[1..])
                } else if let Some(full) = bound.get(first) {
                    (full.clone(), &path[1..])
                } else {
                    return None;
                }
            }
        };
        let mut segments = rest.iter().peekable();
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

    /// The `use` trees of a file: every path it imports (absolute) and the names they bind,
    /// and the code left once they are taken out.
    fn uses(&self, file: &SourceFile) -> (Vec<(Vec<String>, String, bool)>, String) {
        let mut found = Vec::new();
        let mut others = String::new();
        let mut rest = file.code.as_str();
        while let Some(at) = rest.find("use ") {
            let starts_statement =
                at == 0 || rest[..at].ends_with(|c: char| c.is_whitespace() || c == ';');
            let public = rest[..at].trim_end().ends_with("pub")
                || rest[..at].trim_end().ends_with(')') && rest[..at].contains("pub(");
            others.push_str(&rest[..at]);
            let after = &rest[at + 4..];
            let Some(end) = after.find(';') else { break };
            if starts_statement {
                let empty = BTreeMap::new();
                for (path, name) in expand_use(&after[..end]) {
                    if let Some(path) = self.absolute(&path, &file.module, &empty) {
                        found.push((path, name, public));
                    }
                }
                rest = &after[end + 1..];
            } else {
                others.push_str("use ");
                rest = after;
            }
        }
        others.push_str(rest);
        (found, others)
    }

    /// The file that defines what an absolute path names: the longest module prefix, followed
    /// through that module's `pub use` re-exports (named or glob).
    fn defining_file(&self, path: &[String], depth: usize) -> Option<Vec<String>> {
        let mut prefix = path.to_vec();
        while !self.is_module(&prefix) {
            prefix.pop()?;
        }
        let Some(item) = path.get(prefix.len()) else {
            return Some(prefix);
        };
        if depth > 8 {
            return Some(prefix);
        }
        let file = &self.files[&prefix];
        let (uses, _) = self.uses(file);
        for (target, name, public) in &uses {
            if !*public {
                continue;
            }
            if name == item {
                let mut full = target.clone();
                full.extend(path[prefix.len() + 1..].iter().cloned());
                return self.defining_file(&full, depth + 1);
            }
            if name == "*" {
                let module: Vec<String> = target[..target.len() - 1].to_vec();
                if self.defines(&module, item) {
                    let mut full = module;
                    full.extend(path[prefix.len()..].iter().cloned());
                    return self.defining_file(&full, depth + 1);
                }
            }
        }
        // Defined here, or a re-export of another crate's item (`pub use other as name`): no
        // file of this crate.
        self.defines(&prefix, item).then_some(prefix)
    }

    /// Whether the module `module` defines an item named `name`.
    fn defines(&self, module: &[String], name: &str) -> bool {
        let Some(file) = self.files.get(module) else {
            return false;
        };
        [
            "struct",
            "enum",
            "fn",
            "type",
            "const",
            "static",
            "trait",
            "mod",
            "union",
            "macro_rules!",
        ]
        .iter()
        .any(|kind| {
            file.code.contains(&format!("{kind} {name}<"))
                || file.code.contains(&format!("{kind} {name}("))
                || file.code.contains(&format!("{kind} {name} "))
                || file.code.contains(&format!("{kind} {name}:"))
                || file.code.contains(&format!("{kind} {name};"))
                || file.code.contains(&format!("{kind} {name} {{"))
        })
    }

    /// The import graph of the files, by [`unit_name`].
    fn file_graph(&self) -> Graph {
        self.graph(|module| Some(module.to_vec()))
    }

    /// The import graph of the units `unit` maps modules to (`None`: not a unit).
    fn graph(&self, unit: impl Fn(&[String]) -> Option<Vec<String>>) -> Graph {
        let mut edges = Graph::new();
        for file in self.files.values() {
            let Some(from) = unit(&file.module) else {
                continue;
            };
            let from_name = unit_name(&from);
            let (uses, others) = self.uses(file);
            let bound: BTreeMap<String, Vec<String>> = uses
                .iter()
                .filter(|(path, _, _)| self.is_module(path))
                .map(|(path, name, _)| (name.clone(), path.clone()))
                .collect();
            let mut used: Vec<Vec<String>> = uses
                .into_iter()
                .map(|(path, name, _)| {
                    // A glob import names its module.
                    if name == "*" {
                        path[..path.len() - 1].to_vec()
                    } else {
                        path
                    }
                })
                .collect();
            for path in path_tokens(&others) {
                if let Some(path) = self.absolute(&path, &file.module, &bound) {
                    used.push(path);
                }
            }
            let targets = edges.entry(from_name.clone()).or_default();
            for path in used {
                let Some(defining) = self.defining_file(&path, 0) else {
                    continue;
                };
                if let Some(to) = unit(&defining) {
                    let to = unit_name(&to);
                    if to != from_name {
                        targets.insert(to);
                    }
                }
            }
        }
        edges
    }
}

/// A cycle of `edges`, when there is one (the units on it, the first repeated at the end).
fn find_cycle(edges: &Graph) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &Graph,
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

fn print_graph(title: &str, edges: &Graph) {
    println!("{title}:");
    for (from, to) in edges {
        let to: Vec<&str> = to.iter().map(String::as_str).collect();
        println!("  {from} -> {}", to.join(", "));
    }
}

/// confspec's layer units: a top-level module, or a module of `emit/` or `docs/` (their own
/// submodules belong to them); the crate root is none.
fn layer_unit(module: &[String]) -> Option<Vec<String>> {
    let first = module.first()?;
    if LAYERED.contains(&first.as_str())
        && let Some(second) = module.get(1)
    {
        return Some(vec![first.clone(), second.clone()]);
    }
    Some(vec![first.clone()])
}

#[test]
fn every_crate_is_a_dag_of_files() {
    let root = common::workspace();
    let backends: Vec<(String, String)> = backend_crates()
        .into_iter()
        .map(|name| (name.clone(), format!("{name}/src")))
        .collect();
    assert!(
        backends.len() > 1,
        "the backends' crates are found: {backends:?}"
    );
    let crates = CRATES.iter().map(|(name, src)| (*name, *src)).chain(
        backends
            .iter()
            .map(|(name, src)| (name.as_str(), src.as_str())),
    );
    for (name, src) in crates {
        let sources = CrateSources::read(&root.join(src));
        let edges = sources.file_graph();
        print_graph(name, &edges);
        if let Some(cycle) = find_cycle(&edges) {
            panic!("{name}: files import each other: {}", cycle.join(" -> "));
        }
    }
}

#[test]
fn the_reader_sees_the_imports_it_must() {
    // Edges the code has, each through another way of writing an import, so that a broken
    // reader cannot pass the DAG test by seeing nothing.
    let root = common::workspace();
    let load = CrateSources::read(&root.join("confspec-load/src")).file_graph();
    let confspec = CrateSources::read(&root.join("confspec/src")).file_graph();
    for (graph, from, to) in [
        // `use crate::x::Y`
        (&load, "deserializer", "path"),
        // a call by its full path, without a `use` (`crate::collect::deserialize`)
        (&load, "loader", "collect"),
        // `use super::x::*` from a child module
        (&confspec, "emit::python::builder", "emit::python::pytype"),
        // a `pub use` re-export followed to its definition (`crate::ir::Model` is ir/model.rs)
        (&confspec, "context", "ir::model"),
        // a child module named by its parent (`view::ModuleView` in python.rs)
        (&confspec, "emit::python", "emit::python::view"),
    ] {
        assert!(
            graph.get(from).is_some_and(|t| t.contains(to)),
            "the reader misses {from} -> {to}: {:?}",
            graph.get(from)
        );
    }
}

#[test]
fn confspec_keeps_its_layers() {
    let sources = CrateSources::read(&common::workspace().join("confspec/src"));
    let edges = sources.graph(layer_unit);
    print_graph("confspec's layers", &edges);
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
    let src = common::workspace().join("confspec/src");
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
fn crates_depend_downward() {
    let out = std::process::Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(common::workspace())
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "{}", common::text(&out.stderr));
    let metadata: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON");
    let packages = metadata["packages"].as_array().expect("packages");
    let members: BTreeSet<&str> = packages.iter().filter_map(|p| p["name"].as_str()).collect();
    for (name, allowed) in allowed_dependencies() {
        let name = name.as_str();
        let package = packages
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{name} is a member of the workspace"));
        let depends: BTreeSet<&str> = package["dependencies"]
            .as_array()
            .expect("dependencies")
            .iter()
            .filter(|d| d["kind"] != "dev")
            .filter_map(|d| d["name"].as_str())
            .filter(|d| members.contains(d) && *d != name)
            .collect();
        let unexpected: Vec<&&str> = depends
            .iter()
            .filter(|d| !allowed.iter().any(|a| a == **d))
            .collect();
        assert!(
            unexpected.is_empty(),
            "{name} depends on {unexpected:?}; it may depend on {allowed:?} only"
        );
        println!("{name} -> {depends:?}");
    }
    // The library any project uses knows no model, not even for its tests.
    let confspec = packages.iter().find(|p| p["name"] == "confspec").unwrap();
    for dependency in confspec["dependencies"].as_array().unwrap() {
        assert!(
            !matches!(dependency["name"].as_str(), Some("schema" | "codegen")),
            "confspec depends on {} ({})",
            dependency["name"],
            dependency["kind"]
        );
    }
}

#[test]
fn a_cycle_added_to_a_copy_of_a_crate_is_found() {
    // The runtime's sources copied, then one import that closes a loop: validate.rs (which
    // deprecated.rs imports) importing deprecated.rs.
    let dir = tempfile::tempdir().expect("a temporary directory");
    common::copy_dir(&common::workspace().join("confspec-load/src"), dir.path());
    let before = CrateSources::read(dir.path()).file_graph();
    assert_eq!(find_cycle(&before), None, "the copy starts as a DAG");
    let validate = dir.path().join("validate.rs");
    let text = std::fs::read_to_string(&validate).unwrap();
    std::fs::write(
        &validate,
        format!("use crate::deprecated::from_str as _loop;\n{text}"),
    )
    .unwrap();
    let after = CrateSources::read(dir.path()).file_graph();
    let cycle = find_cycle(&after).expect("the added import closes a loop");
    assert!(
        cycle.contains(&"validate".to_owned()) && cycle.contains(&"deprecated".to_owned()),
        "{cycle:?}"
    );
}

#[test]
fn the_reader_expands_use_trees_and_skips_tests() {
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
    let code = "use a::b;\n#[cfg(test)]\nmod tests {\n    use super::*;\n    fn f() { if x { y } }\n}\nfn g() {}\n#[cfg(test)]\nmod more;\n";
    assert_eq!(without_tests(code), "use a::b;\n\nfn g() {}\n\n");
    assert_eq!(path_tokens("$crate::x::y + a::b"), [vec!["a", "b"]]);
}
