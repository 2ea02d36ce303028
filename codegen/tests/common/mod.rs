//! The test kit every integration test uses: where the workspace and the reference data are,
//! the project's context, the built binary and its runner, temporary copies of the project, and
//! what a test does when a tool or a file it needs is missing.
//! Each test file is its own crate and uses part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use confspec::context::{Context, LoadOptions};
use confspec::docs::examples::{self, AcceptedExample, Status};
use confspec::ir::{DeprecationNote, DocComment, Model, NoteMember};
use confspec::output::Outputs;

/// The workspace root (the directory of `codegen.toml`).
pub fn workspace() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    dir.canonicalize().unwrap_or(dir)
}

/// dstack's model crates (every `schema-*` directory of the workspace with a manifest, as the
/// workspace's members name them), sorted.
pub fn model_crates() -> Vec<String> {
    let root = workspace();
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .expect("the workspace is readable")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.starts_with("schema-") && root.join(name).join("Cargo.toml").is_file())
        .collect();
    names.sort();
    names
}

/// The project, loaded as `codegen` loads it.
pub fn context() -> Context {
    context_at(&workspace())
}

/// The project found from `start` (a directory at or below its `codegen.toml`), loaded as
/// `codegen` loads it.
pub fn context_at(start: &Path) -> Context {
    Context::load(&LoadOptions {
        start: Some(start.to_path_buf()),
        templates: None,
        registry: codegen::registry(),
        invoked_as: None,
        changed_sources: Vec::new(),
        command_line: Some(confspec::cli::command_line()),
    })
    .unwrap_or_else(|err| panic!("the project at {} loads: {err}", start.display()))
}

/// The built `codegen` binary.
pub const BIN: &str = env!("CARGO_BIN_EXE_codegen");

/// The binary with `args`, run in `cwd`, its output captured.
pub fn codegen(cwd: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the codegen binary runs")
}

/// The binary with `--root root` and `args` (run in the workspace), its output captured.
pub fn codegen_at(root: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--root")
        .arg(root)
        .args(args)
        .current_dir(workspace())
        .output()
        .expect("the codegen binary runs")
}

/// The binary with `args`, run in `cwd` with `stdin` on its standard input, its output
/// captured.
pub fn codegen_with_stdin(cwd: &Path, args: &[&str], stdin: &str) -> Output {
    use std::io::Write as _;
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the codegen binary starts");
    child
        .stdin
        .take()
        .expect("a standard input")
        .write_all(stdin.as_bytes())
        .expect("the input is written");
    child.wait_with_output().expect("the codegen binary runs")
}

/// What a run gave, as text: (exit code, stdout, stderr); -1 when a signal ended it.
pub fn outcome(out: &Output) -> (i32, String, String) {
    (
        out.status.code().unwrap_or(-1),
        text(&out.stdout),
        text(&out.stderr),
    )
}

/// Bytes a process printed, as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Directories a copy leaves out: installed tools and caches are not project files.
const NOT_PROJECT_FILES: &[&str] = &["node_modules", ".venv", "__pycache__", ".cache"];

/// Copies the tree `from` to `to` (created), leaving out installed tools and caches.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to)
        .unwrap_or_else(|err| panic!("cannot create {}: {err}", to.display()));
    for entry in std::fs::read_dir(from)
        .unwrap_or_else(|err| panic!("cannot list {}: {err}", from.display()))
    {
        let entry = entry.expect("a directory entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            if NOT_PROJECT_FILES.contains(&entry.file_name().to_str().unwrap_or("")) {
                continue;
            }
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|err| panic!("cannot copy to {}: {err}", target.display()));
        }
    }
}

/// A temporary copy of the files the job reads and writes: `codegen.toml` and the workspace
/// directories `dirs` that exist (e.g. `site`, `templates`, `bindings`).
pub fn copy_project_with(dirs: &[impl AsRef<str>]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let root = workspace();
    std::fs::copy(root.join("codegen.toml"), dir.path().join("codegen.toml"))
        .expect("codegen.toml is copied");
    for sub in dirs {
        let sub = sub.as_ref();
        let from = root.join(sub);
        if from.is_dir() {
            copy_dir(&from, &dir.path().join(sub));
        }
    }
    dir
}

/// A temporary copy of the whole project: settings, pages, docs, bindings and templates.
pub fn copy_project() -> tempfile::TempDir {
    copy_project_with(&["site", "templates", "bindings"])
}

/// The reader of `#[deprecated]` notes and doc comments every build script uses.
use confspec_build::sources as source_scan;

/// The IR of the serde shapes catalogue (`shapes::Catalogue` and every type it uses), built as
/// `context::build_model` builds the model crate's: schemars' draft-07 definitions, then the
/// notes of the catalogue's `#[deprecated]` attributes and its doc comments, read from its
/// source.
pub fn catalogue_model() -> Model {
    let mut generator = schemars::generate::SchemaSettings::draft07().into_generator();
    generator.subschema_for::<shapes::Catalogue>();
    let definitions: Vec<(String, serde_json::Value)> =
        generator.take_definitions(true).into_iter().collect();
    let mut model = Model::from_definitions(&definitions, &std::collections::HashMap::new())
        .unwrap_or_else(|err| panic!("the IR reads the catalogue: {err}"));
    let file_name = "tests/shapes/src/lib.rs";
    let text = std::fs::read_to_string(workspace().join(file_name))
        .expect("the catalogue's source is readable");
    let file = syn::parse_file(&text).expect("the catalogue's source parses");
    let scanned = source_scan::scan(std::slice::from_ref(&file));
    fn member(m: &source_scan::Member) -> NoteMember<'_> {
        match m {
            source_scan::Member::Type => NoteMember::Type,
            source_scan::Member::Field(key) => NoteMember::Field(key),
            source_scan::Member::Variant(name) => NoteMember::Variant(name),
        }
    }
    let notes: Vec<DeprecationNote<'_>> = scanned
        .deprecated
        .iter()
        .map(|f| DeprecationNote {
            type_name: &f.type_name,
            member: member(&f.member),
            note: f.note.as_deref(),
        })
        .collect();
    model.add_deprecation_notes(&notes);
    let lines: Vec<Vec<(usize, &str)>> = scanned
        .docs
        .iter()
        .map(|d| d.lines.iter().map(|(n, t)| (*n, t.as_str())).collect())
        .collect();
    let docs: Vec<DocComment<'_>> = scanned
        .docs
        .iter()
        .zip(&lines)
        .map(|(d, lines)| DocComment {
            type_name: &d.type_name,
            member: member(&d.member),
            file: file_name,
            line: d.line,
            lines,
        })
        .collect();
    model.add_doc_comments(&docs);
    model
}

/// Whether this is a CI run (`CI` set): there, whatever a test needs must be present.
fn in_ci() -> bool {
    std::env::var_os("CI").is_some()
}

/// A tool or file the test needs is missing: fails under CI, otherwise says what is skipped.
pub fn missing(what: &str) {
    if in_ci() {
        panic!("{what} (CI is set, so this is a failure: run scripts/test.sh, which installs it)");
    }
    println!("skipped: {what}");
}

/// dstack's reference page, in the reference data.
pub const SEED: &str = "seed/server-config.yml.md";

/// A file of the reference data (`../shared` beside the workspace; `rel` is relative to it),
/// with its text. The data is beside every checkout in CI, not in a user's clone: when it is
/// absent the caller's test says it is skipped (and fails under CI).
pub fn shared(rel: &str) -> Option<(PathBuf, String)> {
    let path = workspace().join("../shared").join(rel);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some((path, text)),
        Err(err) => {
            missing(&format!("{} is not available ({err})", path.display()));
            None
        }
    }
}

/// A directory of the reference data (`rel` relative to `../shared`), when it is there (else
/// the caller's test says it is skipped, and fails under CI).
pub fn shared_dir(rel: &str) -> Option<PathBuf> {
    let path = workspace().join("../shared").join(rel);
    if path.is_dir() {
        return Some(path);
    }
    missing(&format!("{} is not available", path.display()));
    None
}

/// Every example the docs check accepts of the types the packages hold: those of the project's
/// pages and, where the reference data is present, those of dstack's reference page.
pub fn accepted_examples(ctx: &Context) -> Vec<AcceptedExample> {
    // Of the types the packages hold: the guide's `codegen.toml` blocks are the tool's own
    // settings, which no package of dstack's model holds.
    let roots: Vec<String> = ctx
        .config
        .packages()
        .flat_map(|p| p.roots.clone())
        .collect();
    let in_packages: Vec<String> = ctx
        .model
        .closure(&roots)
        .expect("the packages' roots are registered")
        .iter()
        .map(|t| t.name.clone())
        .collect();
    let mut accepted = examples::accepted_examples(ctx).expect("the examples check runs");
    accepted.retain(|e| in_packages.contains(&e.root));
    assert!(!accepted.is_empty(), "the docs check accepts no example");
    if let Some((path, text)) = shared(SEED) {
        let report = examples::check_text(ctx, &path, &text).expect("the seed is checked");
        accepted.extend(report.examples.into_iter().filter_map(|e| {
            (e.status == Status::Passed).then_some(())?;
            Some(AcceptedExample {
                root: e.root?,
                file: e.file,
                line: e.line,
                value: e.value?,
            })
        }));
    }
    accepted
}

/// Fails, naming every stale, missing or orphaned file, when `outputs` differ from what is
/// checked in (`what`: the files, as the message says them).
pub fn assert_checked_in(ctx: &Context, outputs: &Outputs, what: &str) {
    let problems = outputs.check(&ctx.root, &ctx.refresh);
    assert!(
        problems.is_empty(),
        "{what} is stale:\n{}",
        problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
}
