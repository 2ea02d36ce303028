//! The emitter contract (`confspec::emit::package`): a language added from outside the crate,
//! here a JSON-lines dump of the IR (one line per declared type), gets everything the built-in
//! TypeScript and Python packages get from the generic stage: its closure of the roots, its
//! owned directory (a stray file is reported by `--check`), located errors for unknown roots,
//! template errors as diagnostics, and a place among the job's stages.

mod common;

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use confspec::config::{Config, PackageOutput};
use confspec::context::Context;
use confspec::diagnostics::{Diagnostic, Failure, Severity};
use confspec::emit::package::{self, Emitter, Package};
use confspec::output::Outputs;
use minijinja::Environment;

/// The toy language: a JSON-lines file of the IR, with its own settings and template.
struct JsonLines {
    settings: PackageOutput,
    template: &'static str,
}

impl Emitter for JsonLines {
    fn name(&self) -> &'static str {
        "jsonl"
    }

    fn settings<'c>(&'c self, _config: &'c Config) -> Option<&'c PackageOutput> {
        Some(&self.settings)
    }

    fn files(&self) -> &'static [(&'static str, &'static str)] {
        &[("jsonl/types.jsonl.j2", "types.jsonl")]
    }

    fn owned(&self) -> &'static [&'static str] {
        &[".jsonl"]
    }

    fn environment<'e>(&self, env: &'e Environment<'static>) -> Cow<'e, Environment<'static>> {
        let mut env = env.clone();
        env.add_template_owned("jsonl/types.jsonl.j2", self.template)
            .expect("the toy template parses");
        Cow::Owned(env)
    }

    fn view(&self, package: &Package<'_>) -> Result<minijinja::Value, Failure> {
        let lines: Vec<String> = package
            .types
            .iter()
            .map(|def| serde_json::to_string(def).expect("the IR serialises"))
            .collect();
        Ok(minijinja::context! { lines => lines, name => package.settings.name.clone() })
    }
}

const TEMPLATE: &str = "{% for line in lines %}{{ line }}\n{% endfor %}";

fn toy(roots: &[&str], template: &'static str) -> JsonLines {
    JsonLines {
        settings: PackageOutput {
            output: PathBuf::from("bindings/jsonl"),
            name: "ir-dump".to_owned(),
            version: "0.1.0".to_owned(),
            roots: roots.iter().map(|r| (*r).to_owned()).collect(),
        },
        template,
    }
}

fn run(emitter: &JsonLines, ctx: &Context) -> (Outputs, Vec<Diagnostic>) {
    let mut outputs = Outputs::default();
    let mut diagnostics = Vec::new();
    package::stage(emitter, ctx, &mut outputs, &mut diagnostics).expect("the stage runs");
    (outputs, diagnostics)
}

/// The first configured root of the project (the test follows the project's settings).
fn root(ctx: &Context) -> String {
    ctx.config.schemas[0].root.clone()
}

#[test]
fn a_language_added_through_the_contract_dumps_the_closure_of_its_roots() {
    let ctx = common::context();
    let root = root(&ctx);
    let emitter = toy(&[root.as_str()], TEMPLATE);
    let (outputs, diagnostics) = run(&emitter, &ctx);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let text = std::str::from_utf8(
        outputs
            .get(Path::new("bindings/jsonl/types.jsonl"))
            .expect("the file is produced"),
    )
    .unwrap();
    let expected = ctx.model.closure(std::slice::from_ref(&root)).unwrap();
    assert!(expected.len() > 1, "the root uses other types");
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), expected.len());
    for (line, def) in lines.iter().zip(&expected) {
        assert_eq!(line, &serde_json::to_value(def).unwrap());
    }
    assert_eq!(lines[0]["name"], root.as_str(), "the root comes first");

    // Written into a project, the directory is the emitter's: a stray file there is stale.
    let dir = tempfile::tempdir().unwrap();
    outputs.write(dir.path()).expect("written");
    assert!(outputs.check(dir.path(), "refresh").is_empty());
    std::fs::write(dir.path().join("bindings/jsonl/old.jsonl"), "{}\n").unwrap();
    std::fs::write(dir.path().join("bindings/jsonl/notes.txt"), "kept\n").unwrap();
    let problems: Vec<String> = outputs
        .check(dir.path(), "refresh")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("bindings/jsonl/old.jsonl: error: orphaned"),
        "{problems:?}"
    );
}

#[test]
fn unknown_roots_and_template_errors_are_diagnostics_not_failures() {
    let ctx = common::context();
    let (outputs, diagnostics) = run(&toy(&["NoSuchType"], TEMPLATE), &ctx);
    assert!(outputs.is_empty());
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0].file, Path::new("codegen.toml"));
    assert!(
        diagnostics[0]
            .message
            .contains("[jsonl] root `NoSuchType` is not a model type"),
        "{}",
        diagnostics[0]
    );

    let root = root(&ctx);
    let broken = toy(&[root.as_str()], "{{ lines | no_such_filter }}\n");
    let (outputs, diagnostics) = run(&broken, &ctx);
    assert!(outputs.is_empty());
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0].severity, Severity::Error);
    assert!(
        diagnostics[0].to_string().contains("no_such_filter"),
        "{}",
        diagnostics[0]
    );
}

static TOY: LazyLock<JsonLines> = LazyLock::new(|| toy(&[], TEMPLATE));
static BROKEN: LazyLock<JsonLines> = LazyLock::new(|| toy(&[], "{{ nothing.here }}\n"));

#[test]
fn a_registered_language_runs_among_the_jobs_stages() {
    let ctx = common::context();
    let mut stages: Vec<(&'static str, confspec::job::Stage)> = confspec::job::STAGES.to_vec();
    stages.push(("jsonl", |ctx, out, d| package::stage(&*TOY, ctx, out, d)));
    let (outputs, summary) = confspec::job::produce_stages(&ctx, &stages).expect("the job runs");
    let (alone, _) = confspec::job::produce(&ctx).expect("the job runs");
    assert_eq!(summary.produced, alone.len() + 1);
    let dump = std::str::from_utf8(
        outputs
            .get(Path::new("bindings/jsonl/types.jsonl"))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        dump.lines().count(),
        ctx.model.types.len(),
        "every type without roots"
    );

    // A failing template in one language leaves the other stages' diagnostics reported.
    let mut stages: Vec<(&'static str, confspec::job::Stage)> = vec![("broken", |ctx, out, d| {
        package::stage(&*BROKEN, ctx, out, d)
    })];
    stages.extend(confspec::job::STAGES.iter().copied());
    stages.push(("later", |_, _, d| {
        d.push(Diagnostic::error(
            Path::new("later"),
            1,
            1,
            "a later stage's error",
        ));
        Ok(())
    }));
    match confspec::job::produce_stages(&ctx, &stages) {
        Err(Failure::Content(found)) => {
            let shown: Vec<String> = found.iter().map(ToString::to_string).collect();
            assert!(
                shown.iter().any(|d| d.contains("nothing")),
                "the template error: {shown:?}"
            );
            assert!(
                shown.iter().any(|d| d.contains("a later stage's error")),
                "the later stage's error: {shown:?}"
            );
        }
        other => panic!("expected content errors, got {other:?}"),
    }
}
