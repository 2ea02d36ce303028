//! Helpers the integration tests share: where the workspace and the reference data are, the
//! project's context, and what a test does when a tool or a file it needs is missing.
//! Each test file is its own crate and uses part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use codegen::context::{Context, LoadOptions};
use codegen::docs::examples::{self, AcceptedExample, Status};
use codegen::ir::{DeprecationNote, Model, NoteMember};
use codegen::output::Outputs;

/// The workspace root (the directory of `codegen.toml`).
pub fn workspace() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    dir.canonicalize().unwrap_or(dir)
}

/// The project, loaded as `codegen` loads it.
pub fn context() -> Context {
    Context::load(&LoadOptions {
        start: Some(workspace()),
        templates: None,
    })
    .expect("the project loads")
}

/// The reader of `#[deprecated]` notes that build.rs uses.
#[path = "../../../schema/build/deprecated.rs"]
mod deprecated_scan;

/// The IR of the serde shapes catalogue (`shapes::Catalogue` and every type it uses), built as
/// `context::build_model` builds the model crate's: schemars' draft-07 definitions, then the
/// notes of the catalogue's `#[deprecated]` attributes, read from its source.
pub fn catalogue_model() -> Model {
    let mut generator = schemars::generate::SchemaSettings::draft07().into_generator();
    generator.subschema_for::<shapes::Catalogue>();
    let definitions: Vec<(String, serde_json::Value)> =
        generator.take_definitions(true).into_iter().collect();
    let mut model = Model::from_definitions(&definitions, &std::collections::HashMap::new())
        .unwrap_or_else(|err| panic!("the IR reads the catalogue: {err}"));
    let source = workspace().join("tests/shapes/src/lib.rs");
    let text = std::fs::read_to_string(&source).expect("the catalogue's source is readable");
    let file = syn::parse_file(&text).expect("the catalogue's source parses");
    let found = deprecated_scan::scan_files(std::slice::from_ref(&file));
    let notes: Vec<DeprecationNote<'_>> = found
        .iter()
        .map(|f| DeprecationNote {
            type_name: &f.type_name,
            member: match &f.member {
                deprecated_scan::Member::Type => NoteMember::Type,
                deprecated_scan::Member::Field(key) => NoteMember::Field(key),
                deprecated_scan::Member::Variant(name) => NoteMember::Variant(name),
            },
            note: f.note.as_deref(),
        })
        .collect();
    model.add_deprecation_notes(&notes);
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

/// Every example the docs check accepts: those of the project's pages and, where the reference
/// data is present, those of dstack's reference page.
pub fn accepted_examples(ctx: &Context) -> Vec<AcceptedExample> {
    let mut accepted = examples::accepted_examples(ctx).expect("the examples check runs");
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
    let problems = outputs.check(&ctx.root, codegen::output::REFRESH);
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
