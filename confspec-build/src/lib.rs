//! `confspec-build`: the build-script helper of `confspec`. It finds the model types of a crate's
//! sources and writes the registry table that the crate's confspec binary includes with
//! `confspec::types!()`; for a model crate that loads with `confspec-load`, it also writes the
//! table of its deprecated fields ([`write_deprecated_fields`]).
//!
//! ```ignore
//! // build.rs
//! fn main() {
//!     confspec_build::scan("src");
//! }
//! ```
//!
//! A model type is a public, non-generic struct or enum that derives `JsonSchema` (and is not
//! `#[schemars(inline)]`), at any depth of modules; no type is registered by hand. The table
//! names each by a path public outside the crate: its module path when every module on it is
//! `pub`, else the path a `pub use` gives it (`mod extra; pub use extra::Artifact;` registers
//! `app::Artifact`); a type that no public path names fails the build at its file and line,
//! naming the private module and both ways out. Each must also
//! implement `Serialize` and `Deserialize`: a type that derives neither and implements neither
//! in the scanned sources fails the build with its file, line and the derive to add (a type
//! named in a macro invocation is left to the compiler, since the macro may implement them).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The file written into `OUT_DIR`, which `confspec::types!()` includes.
pub const TABLE: &str = "confspec_types.rs";

/// The notes of the sources' `#[deprecated]` attributes, which `confspec::types!()` includes
/// too (schemars marks `"deprecated": true` but drops the note).
pub const NOTES: &str = "confspec_deprecated.rs";

/// Where each doc comment of a type or a field is written, with its text as written, which
/// `confspec::types!()` includes too (schemars keeps the text, trimmed, but not its place).
pub const DOCS: &str = "confspec_docs.rs";

mod modules;
/// The digest of each scanned source file without the text of its `///` doc comments, which
/// `confspec::types!()` includes too: a binary told which sources changed since it was built
/// can tell an edit of doc comments only (whose text it then reads from the sources) from one
/// that needs a rebuild.
pub const SOURCES: &str = "confspec_sources.rs";

pub mod sources;

/// Scans `dir` (relative to the crate's manifest directory) as the crate's own types, with the
/// defaults of [`Scan`], and writes the table. Exits the build script with a message on error.
pub fn scan(dir: impl Into<PathBuf>) {
    Scan::new(dir).write();
}

/// What to scan and how to name what is found.
#[derive(Debug, Clone)]
pub struct Scan {
    dir: PathBuf,
    crate_name: Option<String>,
    relative_to: Option<PathBuf>,
    in_own_crate: bool,
}

/// A model type found in the sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The Rust path (`app::net::Port`).
    pub rust_path: String,
    /// The source file, as diagnostics name it.
    pub file: String,
    /// The line of the type's name.
    pub line: usize,
}

/// A reason the sources cannot be registered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanError(pub String);

impl std::fmt::Display for ScanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Scan {
    /// Scans `dir`, relative to the crate's manifest directory (`CARGO_MANIFEST_DIR`): a
    /// directory (every `.rs` file under it, `dir/x/y.rs` the module `x::y`), or one file (the
    /// module of its name).
    pub fn new(dir: impl Into<PathBuf>) -> Scan {
        Scan {
            dir: dir.into(),
            crate_name: None,
            relative_to: None,
            in_own_crate: false,
        }
    }

    /// The crate the types belong to (its library's name, as code outside it writes it). By
    /// default the package being built (`CARGO_PKG_NAME`, `-` as `_`): a build script of the
    /// package whose library holds the types.
    pub fn crate_name(mut self, name: impl Into<String>) -> Scan {
        self.crate_name = Some(name.into());
        self
    }

    /// The directory source files are named from in diagnostics, relative to the manifest
    /// directory (the manifest directory by default; where `codegen.toml` is, ideally).
    pub fn files_relative_to(mut self, dir: impl Into<PathBuf>) -> Scan {
        self.relative_to = Some(dir.into());
        self
    }

    /// The table is included by the scanned crate itself (`confspec::types!()` in its own
    /// library, behind a feature), not by a binary that depends on it: the generated code names
    /// the types from `crate::`, while [`Scan::crate_name`] still names them in every output (a
    /// crate that re-exports the modules, for instance). Each type's schema and loading
    /// functions are then compiled with the type, so that an edit of one model crate
    /// recompiles that crate's and no other's.
    pub fn in_own_crate(mut self) -> Scan {
        self.in_own_crate = true;
        self
    }

    /// Scans, writes `OUT_DIR/confspec_types.rs` and tells cargo to rerun when a source changes.
    /// On error prints it and ends the build script with a failure.
    pub fn write(self) {
        let manifest = PathBuf::from(env("CARGO_MANIFEST_DIR"));
        let crate_name = self
            .crate_name
            .clone()
            .unwrap_or_else(|| env("CARGO_PKG_NAME").replace('-', "_"));
        let dir = manifest.join(&self.dir);
        let base = manifest.join(self.relative_to.as_deref().unwrap_or(Path::new("")));
        println!("cargo:rerun-if-changed={}", dir.display());
        let (found, notes, docs, digests) = match find_all(&dir, &base, &crate_name) {
            Ok(found) => found,
            Err(err) => {
                eprintln!("error: {err}");
                std::process::exit(1);
            }
        };
        for file in source_files(&dir) {
            println!("cargo:rerun-if-changed={}", file.display());
        }
        let out_dir = PathBuf::from(env("OUT_DIR"));
        for (name, text) in [
            (
                TABLE,
                table_in(&found, self.in_own_crate.then_some(crate_name.as_str())),
            ),
            (NOTES, notes),
            (DOCS, docs),
            (SOURCES, digests),
        ] {
            let dest = out_dir.join(name);
            if let Err(err) = std::fs::write(&dest, text) {
                eprintln!("error: cannot write {}: {err}", dest.display());
                std::process::exit(1);
            }
        }
    }
}

/// The file [`write_deprecated_fields`] writes into `OUT_DIR`.
pub const DEPRECATED_FIELDS: &str = "confspec_deprecated_fields.rs";

/// For a model crate that loads with `confspec-load`: writes `OUT_DIR/confspec_deprecated_fields.rs`,
/// the table of every deprecated field of a struct deriving `JsonSchema` under `dir` (relative
/// to the manifest directory), with its note: an expression of type
/// `&'static [confspec_load::DeprecatedField]` for `confspec_load::deprecated::from_str` and
/// friends. Tells cargo to rerun when a source changes; exits the build script with a message
/// on error.
///
/// ```ignore
/// // build.rs
/// fn main() {
///     confspec_build::write_deprecated_fields("src");
/// }
/// // src/lib.rs
/// pub static DEPRECATED_FIELDS: &[confspec_load::DeprecatedField] =
///     include!(concat!(env!("OUT_DIR"), "/confspec_deprecated_fields.rs"));
/// ```
pub fn write_deprecated_fields(dir: impl AsRef<Path>) {
    write_deprecated_fields_of(&[dir.as_ref()]);
}

/// [`write_deprecated_fields`] for a crate whose model is in several directories (the model
/// crates it re-exports, say `../model-server/src`): one table of every deprecated field under
/// any of `dirs`.
pub fn write_deprecated_fields_of(dirs: &[&Path]) {
    let mut parsed = Vec::new();
    for dir in dirs {
        let dir = PathBuf::from(env("CARGO_MANIFEST_DIR")).join(dir);
        println!("cargo:rerun-if-changed={}", dir.display());
        for file in source_files(&dir) {
            println!("cargo:rerun-if-changed={}", file.display());
            let text = std::fs::read_to_string(&file).unwrap_or_else(|err| {
                eprintln!("error: cannot read {}: {err}", file.display());
                std::process::exit(1)
            });
            parsed.push(syn::parse_file(&text).unwrap_or_else(|err| {
                let at = err.span().start();
                eprintln!(
                    "error: {}:{}:{}: cannot parse: {err}",
                    file.display(),
                    at.line,
                    at.column + 1
                );
                std::process::exit(1)
            }));
        }
    }
    let dest = PathBuf::from(env("OUT_DIR")).join(DEPRECATED_FIELDS);
    if let Err(err) = std::fs::write(
        &dest,
        deprecated_fields_table(&sources::scan_files(&parsed)),
    ) {
        eprintln!("error: cannot write {}: {err}", dest.display());
        std::process::exit(1);
    }
}

/// The deprecated fields of structs: an expression of type
/// `&'static [confspec_load::DeprecatedField]`.
fn deprecated_fields_table(found: &[sources::Found]) -> String {
    let mut out =
        String::from("// Generated by confspec_build from the model's sources. Do not edit.\n&[\n");
    for found in found.iter().filter(|f| !f.test_only) {
        let (sources::Member::Field(key), Some(serde_struct)) =
            (&found.member, &found.serde_struct)
        else {
            continue;
        };
        writeln!(
            out,
            "    ::confspec_load::DeprecatedField {{ serde_struct: {serde_struct:?}, key: {key:?}, note: {:?} }},",
            found.note
        )
        .expect("write to string");
    }
    out.push_str("]\n");
    out
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        eprintln!("error: {name} is not set: confspec_build runs in a build script");
        std::process::exit(1)
    })
}

/// Every `.rs` file under `dir`, sorted.
fn source_files(dir: &Path) -> Vec<PathBuf> {
    if dir.is_file() {
        return vec![dir.to_path_buf()];
    }
    files(dir, |path| path.extension().is_some_and(|e| e == "rs"))
}

/// Every file under `dir` (at any depth) that `keep` accepts, sorted by path.
pub fn files(dir: &Path, keep: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    fn collect(dir: &Path, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                collect(&path, keep, out);
            } else if keep(&path) {
                out.push(path);
            }
        }
    }
    let mut found = Vec::new();
    collect(dir, &keep, &mut found);
    found.sort();
    found
}

/// The model types of the `.rs` files under `dir` (the crate's `src`), in source order (files
/// sorted by path, items in file order); files named relative to `base`.
pub fn find(dir: &Path, base: &Path, crate_name: &str) -> Result<Vec<Found>, ScanError> {
    find_all(dir, base, crate_name).map(|(found, _, _, _)| found)
}

/// [`find`], the notes table of the sources' `#[deprecated]` attributes, the table of their
/// doc comments and the table of the files' digests.
fn find_all(
    dir: &Path,
    base: &Path,
    crate_name: &str,
) -> Result<(Vec<Found>, String, String, String), ScanError> {
    let files = source_files(dir);
    if files.is_empty() {
        return Err(ScanError(format!(
            "{}: no Rust sources to scan for model types",
            dir.display()
        )));
    }
    let mut found = Vec::new();
    let mut missing = Vec::new();
    let mut parsed_files = Vec::new();
    let mut names = Vec::new();
    let mut modules = modules::Modules::default();
    let mut texts = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file)
            .map_err(|err| ScanError(format!("cannot read {}: {err}", file.display())))?;
        let parsed = syn::parse_file(&text).map_err(|err| {
            let at = err.span().start();
            ScanError(format!(
                "{}:{}:{}: cannot parse: {err}",
                file.display(),
                at.line,
                at.column + 1
            ))
        })?;
        // A single file scanned is the module of its name (`src/config.rs`: `config`).
        let rel = match file.strip_prefix(dir) {
            Ok(rel) if !rel.as_os_str().is_empty() => rel,
            _ => Path::new(file.file_name().unwrap_or_default()),
        };
        let display = relative(file, base);
        let mut module = vec![crate_name.to_owned()];
        module.extend(module_path(rel));
        let implemented = Implemented::of(&parsed.items);
        modules.add(&parsed.items, &module, &display);
        scan_items(
            &parsed.items,
            &module,
            &display,
            &implemented,
            &mut found,
            &mut missing,
        );
        parsed_files.push(parsed);
        names.push(display);
        texts.push(text);
    }
    // The table is compiled into another crate: each type by a path public outside this one.
    let canonical: Vec<Vec<String>> = found
        .iter()
        .map(|f| f.rust_path.split("::").map(str::to_owned).collect())
        .collect();
    for (f, path) in found.iter_mut().zip(&canonical) {
        match modules.public_path(path, &canonical) {
            Ok(public) => f.rust_path = public.join("::"),
            Err(private) => missing.push(private_type_error(f, path, &private)),
        }
    }
    if !missing.is_empty() {
        return Err(ScanError(missing.join("\n")));
    }
    let scanned = sources::scan(&parsed_files);
    Ok((
        found,
        notes_table(&scanned.deprecated),
        docs_table(&scanned.docs, &names),
        sources_table(&scanned.docs, &names, &texts),
    ))
}

/// The error of a model type that no public path names: where it is, the private module on its
/// path, and the two ways to give it a public path.
fn private_type_error(found: &Found, canonical: &[String], private: &modules::Private) -> String {
    let name = &canonical[canonical.len() - 1];
    let module = private.module[1..].join("::");
    let declared = &private.module[private.module.len() - 1];
    // From the module that declares the private one, the path down to the type.
    let below = canonical[private.module.len() - 1..].join("::");
    format!(
        "{}:{}: model type `{name}` is in the private module `{module}` (declared at {}:{}), so \
         the codegen binary, another crate, cannot name it: make the module public (`pub mod \
         {declared}`) or re-export the type from a public module (`pub use {below};` in {})",
        found.file, found.line, private.decl.file, private.decl.line, private.decl.file
    )
}

/// The digests: an expression of type `&'static [confspec::registry::SourceDigest]`, one per
/// scanned file, each without the text of the `///` lines the docs table lists.
fn sources_table(docs: &[sources::Doc], files: &[String], texts: &[String]) -> String {
    let mut out =
        String::from("// Generated by confspec_build from the model's sources. Do not edit.\n&[\n");
    for (index, (file, text)) in files.iter().zip(texts).enumerate() {
        let lines: Vec<&str> = text.split('\n').collect();
        // Doc lines written `///` whose text is the table's (not `#[doc]`, not a block comment).
        let documented: std::collections::BTreeSet<usize> = docs
            .iter()
            .filter(|d| d.file == index && !d.test_only)
            .flat_map(|d| &d.lines)
            .filter(|(line, text)| {
                lines
                    .get(line.wrapping_sub(1))
                    .and_then(|source| sources::doc_comment_text(source))
                    == Some(text.as_str())
            })
            .map(|(line, _)| *line)
            .collect();
        let documented: Vec<usize> = documented.into_iter().collect();
        writeln!(
            out,
            "    ::confspec::registry::SourceDigest {{ file: {file:?}, digest: {:#018x} }},",
            sources::digest(text, &documented)
        )
        .expect("write to string");
    }
    out.push_str("]\n");
    out
}

/// The member of a note or doc comment, as `confspec::ir::NoteMember` is written.
fn member_expr(member: &sources::Member) -> String {
    match member {
        sources::Member::Type => "::confspec::ir::NoteMember::Type".to_owned(),
        sources::Member::Field(key) => format!("::confspec::ir::NoteMember::Field({key:?})"),
        sources::Member::Variant(name) => format!("::confspec::ir::NoteMember::Variant({name:?})"),
    }
}

/// The doc comments (and the places of fields without one): an expression of type
/// `&'static [confspec::ir::DocComment<'static>]`; `files` names the scanned files by index.
fn docs_table(docs: &[sources::Doc], files: &[String]) -> String {
    let mut out =
        String::from("// Generated by confspec_build from the model's sources. Do not edit.\n&[\n");
    for doc in docs.iter().filter(|d| !d.test_only) {
        let Some(file) = files.get(doc.file) else {
            continue;
        };
        let lines: Vec<String> = doc
            .lines
            .iter()
            .map(|(line, text)| format!("({line}, {text:?})"))
            .collect();
        writeln!(
            out,
            "    ::confspec::ir::DocComment {{ type_name: {:?}, member: {}, file: {file:?}, line: {}, lines: &[{}] }},",
            doc.type_name,
            member_expr(&doc.member),
            doc.line,
            lines.join(", ")
        )
        .expect("write to string");
    }
    out.push_str("]\n");
    out
}

/// The notes: an expression of type `&'static [confspec::ir::DeprecationNote<'static>]`.
fn notes_table(notes: &[sources::Found]) -> String {
    let mut out =
        String::from("// Generated by confspec_build from the model's sources. Do not edit.\n&[\n");
    for note in notes.iter().filter(|n| !n.test_only) {
        let member = member_expr(&note.member);
        writeln!(
            out,
            "    ::confspec::ir::DeprecationNote {{ type_name: {:?}, member: {member}, note: {:?} }},",
            note.type_name, note.note
        )
        .expect("write to string");
    }
    out.push_str("]\n");
    out
}

/// `file` as named from `base` (`../schema/src/aws.rs` from `codegen/` is `schema/src/aws.rs`
/// from the workspace root), with `/` separators.
fn relative(file: &Path, base: &Path) -> String {
    let clean = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let (file, base) = (clean(file), clean(base));
    file.strip_prefix(&base)
        .unwrap_or(&file)
        .to_string_lossy()
        .replace('\\', "/")
}

fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("lib" | "mod" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The traits each derive list names (last path segment: `serde::Serialize` is `Serialize`).
fn derives(attrs: &[syn::Attribute]) -> Vec<String> {
    let mut names = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            if let Some(last) = meta.path.segments.last() {
                names.push(last.ident.to_string());
            }
            Ok(())
        });
    }
    names
}

fn inline(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        if !attr.path().is_ident("schemars") {
            return false;
        }
        let mut found = false;
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("inline") {
                found = true;
            }
            if meta.input.peek(syn::Token![=]) || meta.input.peek(syn::token::Paren) {
                let _ = meta
                    .value()
                    .and_then(|v| v.parse::<syn::Expr>())
                    .or_else(|_| {
                        meta.parse_nested_meta(|_| Ok(()))?;
                        Ok::<_, syn::Error>(syn::parse_quote!(()))
                    });
            }
            Ok(())
        });
        found
    })
}

/// Hand-written `impl Trait for Type` items of a file, and the identifiers named in its macro
/// invocations (a macro may implement anything for them).
#[derive(Default)]
struct Implemented {
    impls: Vec<(String, String)>,
    in_macros: Vec<String>,
}

impl Implemented {
    fn of(items: &[syn::Item]) -> Implemented {
        let mut found = Implemented::default();
        found.add(items);
        found
    }

    fn add(&mut self, items: &[syn::Item]) {
        for item in items {
            match item {
                syn::Item::Impl(imp) => {
                    let Some((_, trait_path, _)) = &imp.trait_ else {
                        continue;
                    };
                    let syn::Type::Path(ty) = &*imp.self_ty else {
                        continue;
                    };
                    if let (Some(tr), Some(ty)) =
                        (trait_path.segments.last(), ty.path.segments.last())
                    {
                        self.impls
                            .push((tr.ident.to_string(), ty.ident.to_string()));
                    }
                }
                syn::Item::Macro(mac) => {
                    fn idents(tokens: proc_macro2::TokenStream, out: &mut Vec<String>) {
                        for token in tokens {
                            match token {
                                proc_macro2::TokenTree::Ident(ident) => out.push(ident.to_string()),
                                proc_macro2::TokenTree::Group(group) => idents(group.stream(), out),
                                _ => {}
                            }
                        }
                    }
                    idents(mac.mac.tokens.clone(), &mut self.in_macros);
                }
                syn::Item::Mod(m) => {
                    if let Some((_, inner)) = &m.content {
                        self.add(inner);
                    }
                }
                _ => {}
            }
        }
    }

    fn has(&self, ty: &str, trait_name: &str, derived: &[String]) -> bool {
        derived.iter().any(|d| d == trait_name)
            || self.impls.iter().any(|(t, s)| t == trait_name && s == ty)
            || self.in_macros.iter().any(|i| i == ty)
    }
}

fn scan_items(
    items: &[syn::Item],
    module: &[String],
    file: &str,
    implemented: &Implemented,
    found: &mut Vec<Found>,
    missing: &mut Vec<String>,
) {
    for item in items {
        let (attrs, vis, ident, generics) = match item {
            syn::Item::Struct(s) => (&s.attrs, &s.vis, &s.ident, &s.generics),
            syn::Item::Enum(e) => (&e.attrs, &e.vis, &e.ident, &e.generics),
            syn::Item::Mod(m) => {
                // Test modules are compiled only into the tests: their types cannot be named.
                if sources::is_cfg_test(&m.attrs) {
                    continue;
                }
                if let Some((_, inner)) = &m.content {
                    let mut nested = module.to_vec();
                    nested.push(m.ident.to_string());
                    scan_items(inner, &nested, file, implemented, found, missing);
                }
                continue;
            }
            // A macro invocation whose body is Rust items (a struct assembled from groups of
            // fields, say) declares those items in this module.
            syn::Item::Macro(m) => {
                if let Ok(body) = syn::parse2::<syn::File>(m.mac.tokens.clone()) {
                    scan_items(&body.items, module, file, implemented, found, missing);
                }
                continue;
            }
            _ => continue,
        };
        if !matches!(vis, syn::Visibility::Public(_)) || !generics.params.is_empty() {
            continue;
        }
        let derived = derives(attrs);
        if !derived.iter().any(|d| d == "JsonSchema") || inline(attrs) {
            continue;
        }
        let line = ident.span().start().line;
        let name = ident.to_string();
        for (trait_name, derive) in [
            ("Serialize", "serde::Serialize"),
            ("Deserialize", "serde::Deserialize"),
        ] {
            if !implemented.has(&name, trait_name, &derived) {
                missing.push(format!(
                    "{file}:{line}: model type `{name}` derives JsonSchema but not {trait_name}: \
                     add `#[derive({derive})]` (confspec loads and writes every model type)"
                ));
            }
        }
        let mut path = module.to_vec();
        path.push(name);
        found.push(Found {
            rust_path: path.join("::"),
            file: file.to_owned(),
            line,
        });
    }
}

/// The table: an expression of type `&'static [confspec::registry::RegisteredType]`, built once.
pub fn table(found: &[Found]) -> String {
    table_in(found, None)
}

/// [`table`], to be included by the crate named `own_crate` (its types written from `crate::`,
/// see [`Scan::in_own_crate`]), or by another crate with `None`.
pub fn table_in(found: &[Found], own_crate: Option<&str>) -> String {
    let mut out = String::from(
        "// Generated by confspec_build from the model's sources. Do not edit.\n{\n    \
         static TYPES: ::std::sync::OnceLock<::std::vec::Vec<::confspec::registry::RegisteredType>> =\n        \
         ::std::sync::OnceLock::new();\n    TYPES\n        .get_or_init(|| {\n            \
         #[allow(unused_imports)]\n            \
         use ::confspec::registry::{Plain as _, Validated as _};\n            ::std::vec![\n",
    );
    for f in found {
        // Paths are built from identifiers; one that does not parse is not a type to name.
        if syn::parse_str::<syn::Path>(&f.rust_path).is_err() {
            continue;
        }
        let ty = match own_crate.and_then(|name| f.rust_path.strip_prefix(name)) {
            Some(rest) if rest.starts_with("::") => format!("crate{rest}"),
            _ => f.rust_path.clone(),
        };
        writeln!(
            out,
            "                ::confspec::registry::RegisteredType::new::<{ty}>({:?}, {:?}, {}, \
             (&&::confspec::registry::Probe::<{ty}>::new()).load_fn()),",
            f.rust_path, f.file, f.line
        )
        .expect("write to string");
    }
    out.push_str("            ]\n        })\n        .as_slice()\n}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_text(text: &str) -> Result<Vec<Found>, ScanError> {
        // One directory per call: the tests run side by side.
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("confspec-build-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(dir.join("src/lib.rs"), text).unwrap();
        let found = find(&dir.join("src"), &dir, "app");
        let _ = std::fs::remove_dir_all(&dir);
        found
    }

    /// The model types of a crate of `files` (`(path under src, text)`), or the scan's error.
    fn scan_files(files: &[(&str, &str)]) -> Result<Vec<(String, String, usize)>, ScanError> {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("confspec-build-mods-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let file = dir.join("src").join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
        let found = find(&dir.join("src"), &dir, "app");
        let _ = std::fs::remove_dir_all(&dir);
        found.map(|found| {
            found
                .into_iter()
                .map(|f| (f.rust_path, f.file, f.line))
                .collect()
        })
    }

    const DERIVE: &str = "#[derive(Serialize, Deserialize, JsonSchema)]\n";

    #[test]
    fn a_type_in_a_private_module_is_named_by_its_re_export() {
        let artifact =
            format!("/// A build artifact.\n{DERIVE}pub struct Artifact {{ pub path: String }}\n");
        // `pub use` of the type, renamed, through a glob, through `self::` and `crate::`.
        for (lib, expected) in [
            ("mod extra;\npub use extra::Artifact;\n", "app::Artifact"),
            (
                "mod extra;\npub use self::extra::Artifact as Output;\n",
                "app::Output",
            ),
            ("mod extra;\npub use extra::*;\n", "app::Artifact"),
            (
                "mod extra;\npub mod api { pub use crate::extra::{Artifact}; }\n",
                "app::api::Artifact",
            ),
            // The shortest of two public paths.
            (
                "mod extra;\npub mod api { pub use super::extra::Artifact; }\npub use extra::Artifact;\n",
                "app::Artifact",
            ),
            // A public module keeps the path of its file.
            (
                "pub mod extra;\npub use extra::Artifact;\n",
                "app::extra::Artifact",
            ),
        ] {
            let found = scan_files(&[("lib.rs", lib), ("extra.rs", &artifact)]).unwrap();
            assert_eq!(
                found,
                [(expected.to_owned(), "src/extra.rs".to_owned(), 3)],
                "{lib}"
            );
        }
        // Through a chain of re-exports, from a module two levels down, and in an inline module.
        let found = scan_files(&[
            ("lib.rs", "mod a;\npub use a::Artifact;\nmod inline {\n#[derive(Serialize, Deserialize, JsonSchema)]\npub struct Step;\n}\npub use inline::*;\n"),
            ("a.rs", "mod b;\npub use b::Artifact;\n"),
            ("a/b.rs", &artifact),
        ])
        .unwrap();
        assert_eq!(
            found,
            [
                ("app::Artifact".to_owned(), "src/a/b.rs".to_owned(), 3),
                ("app::Step".to_owned(), "src/lib.rs".to_owned(), 5),
            ]
        );
    }

    #[test]
    fn a_type_no_public_path_names_is_an_error_at_the_type() {
        let artifact =
            format!("/// A build artifact.\n{DERIVE}pub struct Artifact {{ pub path: String }}\n");
        for lib in [
            "mod extra;\n",
            "pub(crate) mod extra;\npub(crate) use extra::Artifact;\n",
            // A re-export from a private module is no public path either.
            "mod extra;\nmod api { pub use super::extra::Artifact; }\n",
        ] {
            let err = scan_files(&[("lib.rs", lib), ("extra.rs", &artifact)]).unwrap_err();
            assert_eq!(
                err.0,
                format!(
                    "src/extra.rs:3: model type `Artifact` is in the private module `extra` (declared at \
                     src/lib.rs:1), so the codegen binary, another crate, cannot name it: make the \
                     module public (`pub mod extra`) or re-export the type from a public module \
                     (`pub use extra::Artifact;` in src/lib.rs)"
                ),
                "{lib}"
            );
        }
        // In an inline module of a public one: the `pub use` goes beside the private module.
        let err = scan_files(&[
            ("lib.rs", "pub mod jobs;\n"),
            (
                "jobs.rs",
                &format!("mod steps {{\n{DERIVE}pub struct Run;\n}}\n"),
            ),
        ])
        .unwrap_err();
        assert_eq!(
            err.0,
            "src/jobs.rs:3: model type `Run` is in the private module `jobs::steps` (declared at \
             src/jobs.rs:1), so the codegen binary, another crate, cannot name it: make the module \
             public (`pub mod steps`) or re-export the type from a public module (`pub use \
             steps::Run;` in src/jobs.rs)"
        );
    }

    #[test]
    fn public_types_deriving_json_schema_are_found_in_nested_modules() {
        let found = scan_text(
            "#[derive(Serialize, Deserialize, JsonSchema)]\npub struct A;\n\
             pub mod m {\n  #[derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)]\n  pub enum B { X }\n}\n\
             #[derive(Serialize, Deserialize, JsonSchema)]\nstruct Private;\n\
             #[derive(Serialize, Deserialize, JsonSchema)]\npub struct Generic<T>(T);\n\
             #[derive(Serialize, Deserialize, JsonSchema)]\n#[schemars(inline)]\npub struct Inline;\n",
        )
        .unwrap();
        let paths: Vec<(&str, &str, usize)> = found
            .iter()
            .map(|f| (f.rust_path.as_str(), f.file.as_str(), f.line))
            .collect();
        assert_eq!(
            paths,
            [("app::A", "src/lib.rs", 2), ("app::m::B", "src/lib.rs", 5)]
        );
    }

    #[test]
    fn items_in_a_macro_invocation_are_found() {
        let found = scan_text(
            "with_groups! {\n#[derive(Serialize, Deserialize, JsonSchema)]\npub struct Run { a: u8 }\n}\n",
        )
        .unwrap();
        let paths: Vec<(&str, usize)> = found
            .iter()
            .map(|f| (f.rust_path.as_str(), f.line))
            .collect();
        assert_eq!(paths, [("app::Run", 3)]);
    }

    #[test]
    fn a_missing_serde_derive_names_the_type_line_and_derive() {
        let err =
            scan_text("#[derive(Serialize, JsonSchema)]\npub struct AppConfig;\n").unwrap_err();
        assert_eq!(
            err.0,
            "src/lib.rs:2: model type `AppConfig` derives JsonSchema but not Deserialize: add \
             `#[derive(serde::Deserialize)]` (confspec loads and writes every model type)"
        );
    }

    #[test]
    fn hand_written_and_macro_impls_count() {
        let found = scan_text(
            "#[derive(Serialize, JsonSchema)]\npub struct A;\n\
             impl<'de> serde::Deserialize<'de> for A { }\n\
             #[derive(JsonSchema)]\npub enum U { }\n\
             tagged_union!(U, tag = \"type\", { });\n",
        )
        .unwrap();
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn doc_comments_are_recorded_where_they_are_written() {
        // Each with the line of the name it documents. A field a `macro_rules!` group writes
        // into a struct is documented in the group's file; a `#[doc]` attribute keeps the spaces
        // it ends with.
        let dir = std::env::temp_dir().join(format!("confspec-build-docs-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(
            dir.join("src/groups.rs"),
            "macro_rules! common {\n    () => {\n        /// The name\n        #[doc = \"(or none) \"]\n        pub name: String,\n    };\n}\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("src/lib.rs"),
            "/// The app.\n#[derive(Serialize, Deserialize, JsonSchema)]\n#[serde(rename = \"App\")]\npub struct AppConfig {\n    /// How many.\n    pub count: u8,\n    pub other: u8,\n}\n\
             with_groups! {\n#[derive(Serialize, Deserialize, JsonSchema)]\n#[groups(common)]\npub struct Run { }\n}\n",
        )
        .unwrap();
        let (_, _, docs, _) = find_all(&dir.join("src"), &dir, "app").unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        let member = |m: &str| format!("::confspec::ir::NoteMember::{m}");
        for expected in [
            format!(
                "type_name: \"App\", member: {}, file: \"src/lib.rs\", line: 4, lines: &[(1, \" The app.\")]",
                member("Type")
            ),
            format!(
                "type_name: \"App\", member: {}, file: \"src/lib.rs\", line: 6, lines: &[(5, \" How many.\")]",
                member("Field(\"count\")")
            ),
            // A field without a doc comment: where it is.
            format!(
                "type_name: \"App\", member: {}, file: \"src/lib.rs\", line: 7, lines: &[]",
                member("Field(\"other\")")
            ),
            format!(
                "type_name: \"Run\", member: {}, file: \"src/groups.rs\", line: 5, lines: &[(3, \" The name\"), (4, \"(or none) \")]",
                member("Field(\"name\")")
            ),
        ] {
            assert!(docs.contains(&expected), "{expected}\nin\n{docs}");
        }
    }

    #[test]
    fn the_table_names_each_type_once() {
        let table = table(&[Found {
            rust_path: "app::m::B".into(),
            file: "src/lib.rs".into(),
            line: 5,
        }]);
        assert!(table.contains(
            "RegisteredType::new::<app::m::B>(\"app::m::B\", \"src/lib.rs\", 5, (&&::confspec::registry::Probe::<app::m::B>::new()).load_fn())"
        ));
    }

    #[test]
    fn a_table_in_its_own_crate_writes_types_from_crate_and_names_them_publicly() {
        let found = [Found {
            rust_path: "model::net::Port".into(),
            file: "model-net/src/net.rs".into(),
            line: 3,
        }];
        let own = table_in(&found, Some("model"));
        assert!(own.contains(
            "RegisteredType::new::<crate::net::Port>(\"model::net::Port\", \"model-net/src/net.rs\", 3, (&&::confspec::registry::Probe::<crate::net::Port>::new()).load_fn())"
        ), "{own}");
        // Included elsewhere, or a crate name that is only the start of the first segment: the
        // path as found.
        for other in [table(&found), table_in(&found, Some("mod"))] {
            assert!(
                other.contains("new::<model::net::Port>(\"model::net::Port\""),
                "{other}"
            );
        }
    }
}
