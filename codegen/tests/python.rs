//! The Python bindings, proven with the real pydantic and mypy: the Python of
//! `$CODEGEN_PYTHON` or `<repo>/.venv/bin/python` (set up by scripts/test.sh from
//! tests/python/requirements.txt). Without it the tests that need it say they were skipped,
//! except under `CI`, where they fail.
//!
//! - the checked-in package is what the model produces (`--check` covers it too);
//! - pydantic reaches Rust's verdict on every case, naming the same field
//!   (`tests/python/agreement.py`): every example the docs check accepts (and, on machines that
//!   have it, every example of the reference page it accepts), the shared fixture corpus
//!   (`schema/tests/fixtures/corpus.json`: good and bad configs with Rust's exact errors), and
//!   this package's own fixtures (`tests/python/fixtures/{good,bad}`), loaded here with the
//!   model's strict loader; accepted cases dump back to their input;
//! - every type, field, description, requiredness and default of the IR is in the package as
//!   the IR says (`tests/python/conformance.py`);
//! - `mypy --strict` accepts the package and a typed usage file, and rejects misuse;
//! - `pip install` of the package works in a fresh virtualenv, and offline with the build
//!   backend already installed;
//! - a hand-built model with hostile texts and names, and the serde shapes catalogue
//!   (`tests/shapes`, verdicts from `serde_json`), go through the same checks.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use confspec::config::PackageOutput;
use confspec::context::Context;
use confspec::emit::package::{self, PackageFile};
use confspec::emit::python;
use confspec::ir::Model;
use confspec::output::Outputs;
use serde_json::{Value, json};

mod common;
use common::{context, copy_dir, workspace};

fn settings(ctx: &Context) -> &PackageOutput {
    ctx.config
        .python
        .as_ref()
        .expect("codegen.toml has [python]")
}

/// The Python with pydantic and mypy: fails under CI when missing, otherwise says the test
/// was skipped.
fn python() -> Option<PathBuf> {
    let candidate = std::env::var_os("CODEGEN_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join(".venv/bin/python"));
    if candidate.is_file() {
        return Some(candidate);
    }
    let what = format!(
        "no Python at {} (set CODEGEN_PYTHON or run scripts/test.sh, which creates .venv)",
        candidate.display()
    );
    if std::env::var_os("CI").is_some() {
        panic!("{what}; CI is set, so this is a failure");
    }
    println!("skipped: {what}");
    None
}

/// Runs `program` with `args`: whether it succeeded, and what it printed (stdout, stderr).
fn run(program: &Path, args: &[&str], env: &[(&str, &Path)]) -> (bool, String, String) {
    let mut command = Command::new(program);
    command.args(args).current_dir(workspace());
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command
        .output()
        .unwrap_or_else(|err| panic!("cannot run {}: {err}", program.display()));
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn write_package(dir: &Path, files: &[PackageFile]) {
    for file in files {
        let (path, text) = (dir.join(&file.path), &file.text);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
}

/// A package rendered from `model` into `dir`; returns the import name.
fn render_into(dir: &Path, model: &Model, name: &str, roots: &[&str]) -> String {
    let ctx = context();
    let settings = PackageOutput {
        output: dir.to_path_buf(),
        name: name.to_owned(),
        version: "1.2.3".to_owned(),
        roots: roots.iter().map(|r| (*r).to_owned()).collect(),
    };
    let files = python::package(model, &settings, &ctx.templates).expect("the package renders");
    write_package(dir, &files);
    python::import_name(name)
}

// --- The checked-in package ------------------------------------------------------------------

#[test]
fn checked_in_package_is_up_to_date() {
    let ctx = context();
    let mut outputs = Outputs::default();
    let mut diagnostics = Vec::new();
    package::stage(&python::Python, &ctx, &mut outputs, &mut diagnostics).expect("the stage runs");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let dir = &settings(&ctx).output;
    let package = python::import_name(&settings(&ctx).name);
    let files: Vec<&Path> = outputs.files().map(|(p, _)| p).collect();
    for expected in [
        "pyproject.toml".to_owned(),
        "README.md".to_owned(),
        format!("{package}/__init__.py"),
        format!("{package}/models.py"),
        format!("{package}/py.typed"),
    ] {
        assert!(
            files.contains(&dir.join(&expected).as_path()),
            "{expected} missing from {files:?}"
        );
    }
    common::assert_checked_in(&ctx, &outputs, "the checked-in Python package");
}

#[test]
fn an_unknown_root_is_a_located_error() {
    let ctx = context();
    let mut settings = settings(&ctx).clone();
    settings.roots = vec!["ServerConfg".to_owned()];
    let Err(confspec::diagnostics::Failure::Content(found)) =
        python::package(&ctx.model, &settings, &ctx.templates)
    else {
        panic!("an unknown root was accepted");
    };
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].file, Path::new("codegen.toml"));
    assert!(
        found[0].message.contains("`ServerConfg`"),
        "{}",
        found[0].message
    );
}

// --- Agreement with the Rust model -----------------------------------------------------------

/// What the Rust model says about a value.
fn rust_verdict(errors: Result<(), (&str, &str, &str)>) -> Value {
    match errors {
        Ok(()) => json!({"valid": true}),
        Err((kind, path, message)) => {
            // A missing key is reported at the mapping that lacks it; the field is the key.
            let field = if kind == "missing-key" {
                let key = message
                    .split('`')
                    .nth(1)
                    .expect("the message names the key");
                if path.is_empty() {
                    key.to_owned()
                } else {
                    format!("{path}.{key}")
                }
            } else {
                path.to_owned()
            };
            // Cross-field rules keep the model's own wording.
            let message = (kind == "rule").then_some(message);
            json!({"valid": false, "field": field, "message": message})
        }
    }
}

fn kind_name(kind: schema::load::ErrorKind) -> &'static str {
    use schema::load::ErrorKind;
    match kind {
        ErrorKind::Syntax => "syntax",
        ErrorKind::DuplicateKey => "duplicate-key",
        ErrorKind::UnknownKey => "unknown-key",
        ErrorKind::MissingKey => "missing-key",
        ErrorKind::UnknownValue => "unknown-value",
        ErrorKind::WrongType => "wrong-type",
        ErrorKind::Rule => "rule",
        ErrorKind::Other => "other",
    }
}

/// The examples the docs check accepts, and those of the reference page where it exists, of
/// the types the packages hold.
fn docs_cases(ctx: &Context) -> Vec<Value> {
    common::accepted_examples(ctx)
        .into_iter()
        .map(|e| {
            json!({
                "source": format!("{}:{}", e.file.display(), e.line),
                "root": e.root,
                "value": e.value,
                "rust": {"valid": true},
            })
        })
        .collect()
}

/// A fixture of a `corpus.json` (in `dir`) as a case of `root`, with Rust's verdict: its first
/// error, and as `also` the field of each other one (pydantic must name every one).
fn corpus_case(fixture: &Value, dir: &str, root: &Value) -> Value {
    let verdict_of = |error: &Value| {
        let text = |key: &str| error[key].as_str().unwrap_or_default();
        rust_verdict(Err((text("kind"), text("path"), text("message"))))
    };
    let verdict = if fixture["valid"] == json!(true) {
        rust_verdict(Ok(()))
    } else {
        let mut verdict = verdict_of(&fixture["error"]);
        let also: Vec<Value> = fixture["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .skip(1)
                    .map(|e| verdict_of(e)["field"].clone())
                    .collect()
            })
            .unwrap_or_default();
        if !also.is_empty() {
            verdict["also"] = Value::Array(also);
        }
        verdict
    };
    json!({
        "source": format!("{dir}/{}", fixture["file"].as_str().unwrap_or_default()),
        "root": root,
        "value": fixture["document"],
        "rust": verdict,
    })
}

/// The shared corpus: every fixture that is a JSON document (not those that fail before the
/// model sees them: not YAML, duplicate keys; nor those whose problem is in the YAML text only:
/// a YAML 1.1 reading, a tag, a key that is not a string).
fn corpus_cases(root: &str) -> Vec<Value> {
    let path = workspace().join("schema/tests/fixtures/corpus.json");
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    let corpus: Value = serde_json::from_str(&text).expect("corpus.json is JSON");
    let fixtures = corpus["fixtures"].as_array().expect("fixtures");
    fixtures
        .iter()
        .filter(|f| !f["document"].is_null())
        // What the JSON document cannot show: the YAML text's own problems, seen by the loader.
        .filter(|f| {
            !f["skip_reason"].as_str().is_some_and(|reason| {
                reason.starts_with("the YAML 1.1 reading differs")
                    || reason.starts_with("a YAML tag")
                    || reason.starts_with("a non-string key")
            })
        })
        .map(|f| corpus_case(f, "schema/tests/fixtures", &json!(root)))
        .collect()
}

/// The `.dstack.yml` and `profiles.yml` corpus (`schema/tests/fixtures/dstack/corpus.json`),
/// each with its own root; the fixtures whose rule only Rust checks (cross-field rules, a
/// range's order: `compare_schema` false, as for the JSON Schema) are left out.
fn dstack_corpus_cases() -> Vec<Value> {
    let path = workspace().join("schema/tests/fixtures/dstack/corpus.json");
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    let corpus: Value = serde_json::from_str(&text).expect("corpus.json is JSON");
    corpus["fixtures"]
        .as_array()
        .expect("fixtures")
        .iter()
        .filter(|f| !f["document"].is_null() && f["compare_schema"] == json!(true))
        .map(|f| corpus_case(f, "schema/tests/fixtures/dstack", &f["root"]))
        .collect()
}

#[test]
fn pydantic_reaches_rusts_verdict_on_the_dstack_corpus() {
    let ctx = context();
    let cases = dstack_corpus_cases();
    assert!(
        cases.len() >= 30,
        "the corpus shrank: {} cases",
        cases.len()
    );
    let Some(python) = python() else { return };
    let dir = workspace().join(&settings(&ctx).output);
    let report = agreement(
        &python,
        &dir,
        &python::import_name(&settings(&ctx).name),
        &cases,
    );
    assert_agreement(&report, &cases);
}

/// This package's own fixtures, judged now by the model's strict loader; a file under `bad/`
/// that Rust accepts (or under `good/` that it rejects) is a broken fixture.
fn own_cases(root: &str) -> Vec<Value> {
    let registered = codegen::registry()
        .types
        .iter()
        .find(|t| (t.schema_name)() == root)
        .expect("the root is registered");
    let mut cases = Vec::new();
    for verdict in ["good", "bad"] {
        let dir = workspace().join("tests/python/fixtures").join(verdict);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "yml"))
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no fixtures in {}", dir.display());
        for file in files {
            let name = file
                .strip_prefix(workspace())
                .unwrap_or(&file)
                .display()
                .to_string();
            let text = std::fs::read_to_string(&file).expect("read");
            let node = schema::load::parse(&text).unwrap_or_else(|err| panic!("{name}: {err}"));
            let loaded = (registered.load)(&node, &schema::load::loader());
            assert_eq!(
                loaded.is_ok(),
                verdict == "good",
                "{name}: the Rust model's verdict is not the directory's: {loaded:?}"
            );
            let rust = match &loaded {
                Ok(_) => rust_verdict(Ok(())),
                Err(errors) => {
                    let first = &errors[0];
                    rust_verdict(Err((kind_name(first.kind), &first.path, &first.message)))
                }
            };
            cases
                .push(json!({"source": name, "root": root, "value": node.to_json(), "rust": rust}));
        }
    }
    cases
}

/// Runs the script `tests/python/<script>` on the package in `package_dir` (module `module`),
/// with `input` written to a JSON file given as `<flag> FILE`; returns (ok, stdout, stderr).
fn run_script(
    python: &Path,
    script: &str,
    package_dir: &Path,
    module: &str,
    flag: &str,
    input: &impl serde::Serialize,
) -> (bool, String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("input.json");
    std::fs::write(&file, serde_json::to_string(input).expect("JSON")).expect("write");
    let script = workspace().join("tests/python").join(script);
    run(
        python,
        &[
            &script.to_string_lossy(),
            "--package-dir",
            &package_dir.to_string_lossy(),
            "--module",
            module,
            flag,
            &file.to_string_lossy(),
        ],
        &[],
    )
}

/// Runs tests/python/agreement.py on `cases`; returns its report.
fn agreement(python: &Path, package_dir: &Path, module: &str, cases: &[Value]) -> Value {
    let (ok, stdout, stderr) = run_script(
        python,
        "agreement.py",
        package_dir,
        module,
        "--cases",
        &json!({"cases": cases}),
    );
    assert!(ok, "agreement.py failed:\n{stderr}");
    serde_json::from_str(&stdout)
        .unwrap_or_else(|err| panic!("agreement.py printed no report ({err}):\n{stdout}"))
}

fn assert_agreement(report: &Value, cases: &[Value]) {
    assert_eq!(report["checked"], json!(cases.len()));
    let disagreements = report["disagreements"].as_array().expect("a list");
    assert!(
        disagreements.is_empty(),
        "pydantic and Rust disagree on {} of {} cases:\n{}",
        disagreements.len(),
        cases.len(),
        serde_json::to_string_pretty(disagreements).expect("JSON")
    );
}

#[test]
fn pydantic_reaches_rusts_verdict_on_docs_corpus_and_fixtures() {
    let ctx = context();
    let root = settings(&ctx).roots.first().expect("a root").clone();
    let docs = docs_cases(&ctx);
    let corpus = corpus_cases(&root);
    let own = own_cases(&root);
    let bad = |cases: &[Value]| {
        cases
            .iter()
            .filter(|c| c["rust"]["valid"] == json!(false))
            .count()
    };
    assert!(
        corpus.len() >= 70 && bad(&corpus) >= 40,
        "the corpus shrank: {} cases",
        corpus.len()
    );
    assert!(
        bad(&own) >= 5 && own.len() > bad(&own),
        "own fixtures: {} cases",
        own.len()
    );
    let Some(python) = python() else { return };
    let cases: Vec<Value> = docs.into_iter().chain(corpus).chain(own).collect();
    let dir = workspace().join(&settings(&ctx).output);
    let report = agreement(
        &python,
        &dir,
        &python::import_name(&settings(&ctx).name),
        &cases,
    );
    assert_agreement(&report, &cases);
}

#[test]
fn the_agreement_check_sees_disagreements() {
    // The checker must fail when the verdicts differ or pydantic names another field.
    let Some(python) = python() else { return };
    let ctx = context();
    let root = settings(&ctx).roots.first().expect("a root").clone();
    let mut cases = corpus_cases(&root);
    let mut flipped = 0;
    for case in &mut cases {
        if case["rust"]["valid"] == json!(true) {
            case["rust"] = json!({"valid": false, "field": null});
        } else {
            let field = case["rust"]["field"].as_str().expect("a field").to_owned();
            case["rust"]["field"] = json!(format!("{field}.elsewhere"));
        }
        flipped += 1;
    }
    let dir = workspace().join(&settings(&ctx).output);
    let report = agreement(
        &python,
        &dir,
        &python::import_name(&settings(&ctx).name),
        &cases,
    );
    assert_eq!(
        report["disagreements"].as_array().expect("a list").len(),
        flipped,
        "{report:#}"
    );
}

// --- The package as the IR says --------------------------------------------------------------

/// Runs tests/python/conformance.py: every type and field of `model` in the package as the IR
/// describes it.
fn conformance(python: &Path, package_dir: &Path, module: &str, model: &Model) {
    let (ok, stdout, stderr) =
        run_script(python, "conformance.py", package_dir, module, "--ir", model);
    assert!(ok, "the package differs from the IR:\n{stdout}{stderr}");
    assert!(stdout.contains("conforms"), "{stdout}");
}

#[test]
fn package_conforms_to_the_ir() {
    let Some(python) = python() else { return };
    let ctx = context();
    let dir = workspace().join(&settings(&ctx).output);
    conformance(
        &python,
        &dir,
        &python::import_name(&settings(&ctx).name),
        &ctx.model,
    );
}

// --- mypy --------------------------------------------------------------------------------------

/// `mypy --strict` on `targets` with the package directory on its path.
fn mypy(python: &Path, package_dir: &Path, targets: &[&Path]) -> (bool, String) {
    let cache = tempfile::tempdir().expect("temp dir");
    let mut args = vec![
        "-m".to_owned(),
        "mypy".to_owned(),
        "--strict".to_owned(),
        "--no-error-summary".to_owned(),
        "--cache-dir".to_owned(),
        cache.path().to_string_lossy().into_owned(),
    ];
    args.extend(targets.iter().map(|t| t.to_string_lossy().into_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (ok, stdout, stderr) = run(python, &args, &[("MYPYPATH", package_dir)]);
    (ok, format!("{stdout}{stderr}"))
}

#[test]
fn mypy_strict_accepts_the_package_and_typed_usage() {
    let Some(python) = python() else { return };
    let ctx = context();
    let dir = workspace().join(&settings(&ctx).output);
    let package = dir.join(python::import_name(&settings(&ctx).name));
    let usage = workspace().join("tests/python/typed_usage.py");
    let (ok, output) = mypy(&python, &dir, &[&package, &usage]);
    assert!(
        ok,
        "mypy --strict rejects the package or its typed use:\n{output}"
    );
}

#[test]
fn mypy_strict_rejects_misuse() {
    let Some(python) = python() else { return };
    let ctx = context();
    let dir = workspace().join(&settings(&ctx).output);
    let package = python::import_name(&settings(&ctx).name);
    let temp = tempfile::tempdir().expect("temp dir");
    let misuse = temp.path().join("misuse.py");
    // Each line is wrong in a way the types say: the line numbers are asserted below.
    let text = format!(
        "from {package} import AWSConfig, AWSDefaultCreds, OCIDefaultCreds, ProjectConfig\n\
         ProjectConfig(name=1, backends=[])\n\
         AWSDefaultCreds(type=\"access_key\")\n\
         OCIDefaultCreds().file.no_such_method()\n\
         AWSConfig(creds=AWSDefaultCreds()).regions.append(\"x\")\n"
    );
    std::fs::write(&misuse, text).expect("write");
    let (ok, output) = mypy(&python, &dir, &[&misuse]);
    assert!(!ok, "mypy accepted misuse:\n{output}");
    for line in 2..=5 {
        assert!(
            output.contains(&format!("misuse.py:{line}: error")),
            "no error on line {line}:\n{output}"
        );
    }
}

// --- Installing --------------------------------------------------------------------------------

fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(listing(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn pip_installs_the_package_in_a_fresh_virtualenv() {
    let Some(python) = python() else { return };
    let ctx = context();
    let package = python::import_name(&settings(&ctx).name);
    let temp = tempfile::tempdir().expect("temp dir");
    let source = temp.path().join("source");
    copy_dir(&workspace().join(&settings(&ctx).output), &source);
    let before = listing(&source);
    // A clean virtualenv: nothing but the standard library. Creating it without pip and
    // installing with the test suite's pip (`--python`, the same pip a new venv would get)
    // saves the ~20 s of ensurepip; the install itself is the real thing, build isolation
    // included (the build backend comes from PyPI).
    let venv = temp.path().join("venv");
    let (ok, _, stderr) = run(
        &python,
        &["-m", "venv", "--without-pip", &venv.to_string_lossy()],
        &[],
    );
    assert!(ok, "python -m venv failed:\n{stderr}");
    let venv_python = venv.join("bin/python");
    // pydantic at the version the test suite pins.
    let constraints = workspace().join("tests/python/requirements.txt");
    let (ok, stdout, stderr) = run(
        &python,
        &[
            "-m",
            "pip",
            "--python",
            &venv_python.to_string_lossy(),
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-c",
            &constraints.to_string_lossy(),
            &source.to_string_lossy(),
        ],
        &[],
    );
    assert!(ok, "pip install failed:\n{stdout}{stderr}");
    assert_eq!(
        listing(&source),
        before,
        "building wrote into the package directory"
    );
    let check = format!(
        "import importlib.metadata, importlib.resources, {package} as p\n\
         assert importlib.resources.files(p).joinpath('py.typed').is_file()\n\
         assert importlib.metadata.version({name:?}) == {version:?} == p.__version__\n\
         config = p.ServerConfig.model_validate({{'projects': [{{'name': 'main', 'backends': [{{'type': 'dstack'}}]}}]}}, by_name=False)\n\
         assert type(config.projects[0].backends[0]).__name__ == 'DstackConfig'\n\
         print('installed', p.__file__)\n",
        name = settings(&ctx).name,
        version = settings(&ctx).version,
    );
    let (ok, stdout, stderr) = run(&venv_python, &["-c", &check], &[]);
    assert!(ok, "the installed package does not work:\n{stdout}{stderr}");
    assert!(
        stdout.contains(&venv.to_string_lossy().into_owned()),
        "imported from elsewhere: {stdout}"
    );
}

#[test]
fn pip_installs_the_package_offline_with_the_backend_present() {
    // The test suite's venv has the build backend (flit_core, pinned in requirements.txt), so
    // no index is needed at all.
    let Some(python) = python() else { return };
    let ctx = context();
    let temp = tempfile::tempdir().expect("temp dir");
    let target = temp.path().join("target");
    let source = workspace().join(&settings(&ctx).output);
    let (ok, stdout, stderr) = run(
        &python,
        &[
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-index",
            "--no-build-isolation",
            "--no-deps",
            "--target",
            &target.to_string_lossy(),
            &source.to_string_lossy(),
        ],
        &[],
    );
    assert!(ok, "an offline install failed:\n{stdout}{stderr}");
    let package = python::import_name(&settings(&ctx).name);
    for file in ["__init__.py", "models.py", "py.typed"] {
        assert!(
            target.join(&package).join(file).is_file(),
            "{file} was not installed"
        );
    }
}

// --- A hostile model -------------------------------------------------------------------------

/// The hand-built model of the emitter's unit tests: hostile descriptions, keyword and
/// non-identifier keys, every kind of type reference.
fn hostile_model() -> Model {
    let text = std::fs::read_to_string(workspace().join("tests/python/fixtures/hostile.json"))
        .expect("read");
    let definitions: serde_json::Map<String, Value> = serde_json::from_str(&text).expect("JSON");
    let definitions: Vec<(String, Value)> = definitions.into_iter().collect();
    Model::from_definitions(&definitions, &HashMap::new()).expect("the IR reads it")
}

#[test]
fn hostile_model_imports_conforms_and_type_checks() {
    let Some(python) = python() else { return };
    let temp = tempfile::tempdir().expect("temp dir");
    let model = hostile_model();
    let module = render_into(temp.path(), &model, "hostile-names", &[]);
    conformance(&python, temp.path(), &module, &model);
    let script = workspace().join("tests/python/check_hostile.py");
    let (ok, stdout, stderr) = run(
        &python,
        &[
            &script.to_string_lossy(),
            "--package-dir",
            &temp.path().to_string_lossy(),
            "--module",
            &module,
        ],
        &[],
    );
    assert!(ok, "check_hostile.py:\n{stdout}{stderr}");
    let (ok, output) = mypy(&python, temp.path(), &[&temp.path().join(&module)]);
    assert!(ok, "mypy --strict rejects the hostile package:\n{output}");
}

// --- The serde shapes catalogue --------------------------------------------------------------

/// A valid catalogue, as serde writes it.
fn catalogue() -> Value {
    json!({
        "color": "sky-blue",
        "external": {"Circle": {"radius": 1.5}},
        "internal": {"kind": "square", "side": 2},
        "adjacent": {"t": "text", "c": "hello"},
        "untagged": ["a", "b"],
        "user": 7,
        "rgb": [1, 2, 3],
        "optionality": {"plain": null, "nullable": true, "retries": 3, "verbose": false},
        "collections": {
            "list": ["x"], "hash": {"a": 1}, "ordered": {"b": true},
            "by_color": {"grass-green": 2}, "matrix": [[1.5, 2.0]], "by_level": {"low": 1},
            "by_id": {"7": "seven"}
        },
        "flattened": {"id": "i", "author": "me", "year": 2020},
        "strict_flattened": {"id": "i", "author": "me", "year": null},
        "renamed": {"firstName": "Ada", "type": "t", "class": null, "x-dash-key": 3},
        "tree": {"value": 1, "children": [{"value": 2, "children": []}]},
        "names": {"items": ["a"], "total": 1},
        "forest": {"items": [{"value": 1, "children": []}], "total": 1},
        "numbers": {
            "i8": -128, "i16": 32767, "i32": 1, "i64": -9223372036854775808i64, "u8": 255, "u16": 0,
            "u32": 4294967295u32, "u64": 18446744073709551615u64, "isize": -1, "usize": 1,
            "f32": 1.5, "f64": -2.0,
            "flag": true, "letter": "x"
        },
        "free": {"anything": {"a": [1, null, "x"]}, "extra": {"k": [true]}},
        "validated": {"percent": 100, "short": "abc", "slug": "a-b", "tags": ["t"], "ratio": 0.5},
        "documented": {"documented": true},
        "flattened_map": {"name": "m", "k": 1},
        "expr": {"add": [{"num": 1}, {"neg": {"num": 2}}]},
        "marker": null,
        "defaults": {"name": "n", "count": 1, "colors": []},
        "legacy_color": "RED",
        "deprecations": {"max-retries": 2, "retry-on-failure": true}
    })
}

/// Sets the value at a `/`-separated path.
fn with(base: &Value, path: &str, value: Value) -> Value {
    let mut out = base.clone();
    let mut target = &mut out;
    let parts: Vec<&str> = path.split('/').collect();
    for part in &parts[..parts.len() - 1] {
        target = match target {
            Value::Array(items) => &mut items[part.parse::<usize>().expect("an index")],
            other => &mut other[*part],
        };
    }
    let last = parts[parts.len() - 1];
    match target {
        Value::Array(items) => items[last.parse::<usize>().expect("an index")] = value,
        Value::Object(map) => {
            map.insert(last.to_owned(), value);
        }
        _ => panic!("{path}: not a container"),
    }
    out
}

fn without(base: &Value, path: &str) -> Value {
    let mut out = base.clone();
    let (parent, key) = path.rsplit_once('/').unwrap_or(("", path));
    let target = parent
        .split('/')
        .filter(|p| !p.is_empty())
        .fold(&mut out, |v, p| &mut v[p]);
    target.as_object_mut().expect("an object").remove(key);
    out
}

/// Values of the catalogue, each judged by serde (through `serde_json`, which converts
/// nothing either).
fn shapes_cases() -> Vec<Value> {
    let base = catalogue();
    let mut values: Vec<(String, Value)> = vec![("the base catalogue".to_owned(), base.clone())];
    let edits: &[(&str, Value)] = &[
        ("color", json!("grass-green")),
        ("color", json!("none")),
        ("color", json!("SkyBlue")),
        ("color", json!(null)),
        ("external", json!("Empty")),
        ("external", json!({"Radius": 2})),
        ("external", json!({"Point": [1, 2]})),
        ("external", json!({"Point": [1, 2, 3]})),
        ("external", json!({"Point": [1, "2"]})),
        ("external", json!({"Circle": {"radius": 1, "x": 1}})),
        ("external", json!("Radius")),
        ("internal", json!({"kind": "named", "name": "n"})),
        ("internal", json!({"kind": "nothing"})),
        ("internal", json!({"kind": "square"})),
        ("internal", json!({"kind": "square", "side": -1})),
        ("internal", json!({"kind": "square", "side": 4294967296u64})),
        ("internal", json!({"kind": "circle"})),
        ("internal", json!({"side": 1})),
        ("adjacent", json!({"t": "number", "c": 5})),
        ("adjacent", json!({"t": "number", "c": 5.5})),
        ("adjacent", json!({"t": "none"})),
        ("adjacent", json!({"t": "text", "c": 5})),
        ("untagged", json!(true)),
        ("untagged", json!({"left": 1, "right": 2})),
        ("untagged", json!({"left": 1})),
        ("untagged", json!(1)),
        ("untagged", json!([1])),
        ("user", json!(-1)),
        ("user", json!(1.0)),
        ("user", json!("7")),
        ("rgb", json!([1, 2])),
        ("rgb", json!([1, 2, 256])),
        ("rgb", json!([1, 2, 3, 4])),
        ("rgb", json!([true, 2, 3])),
        ("optionality/plain", json!("p")),
        ("optionality/skipped", json!(null)),
        ("optionality/skipped", json!(2)),
        ("optionality/retries", json!(null)),
        ("optionality/retries", json!(256)),
        ("optionality/verbose", json!(null)),
        ("optionality/verbose", json!(0)),
        ("optionality/nullable", json!(null)),
        ("collections/hash", json!({"a": 1.5})),
        ("collections/by_color", json!({"red": 1})),
        ("collections/by_color", json!({"sky-blue": 65536})),
        ("collections/matrix", json!([[1, 2]])),
        ("collections/matrix", json!([["1"]])),
        ("collections/list", json!([null])),
        ("flattened/unknown", json!(1)),
        ("flattened/year", json!("2020")),
        ("strict_flattened/unknown", json!(1)),
        ("renamed/firstName", json!(1)),
        ("renamed/first_name", json!("Ada")),
        ("renamed/x-dash-key", json!(-1)),
        ("renamed/x-dash-key", json!(null)),
        ("renamed/class", json!("c")),
        (
            "tree/children/0/children",
            json!([{"value": 3, "children": [], "next": {"value": 4, "children": []}}]),
        ),
        ("tree/children/0/next", json!(null)),
        ("tree/children/0/value", json!(null)),
        ("forest/items/0/value", json!("1")),
        ("names/items", json!([1])),
        ("numbers/i8", json!(-129)),
        ("numbers/i8", json!(127)),
        ("numbers/i16", json!(32768)),
        ("numbers/i32", json!(2147483648u64)),
        ("numbers/i64", json!(9223372036854775807u64)),
        ("numbers/i64", json!(9223372036854775808u64)),
        ("numbers/u8", json!(256)),
        ("numbers/u16", json!(-1)),
        ("numbers/u32", json!(4294967296u64)),
        ("numbers/u64", json!(-1)),
        ("numbers/u64", json!(1.0)),
        ("numbers/f32", json!(1)),
        ("numbers/f64", json!(10)),
        ("numbers/f64", json!("1.5")),
        ("numbers/f64", json!(true)),
        ("numbers/flag", json!(1)),
        ("numbers/letter", json!("")),
        ("numbers/letter", json!("xy")),
        ("numbers/letter", json!("é")),
        ("free/anything", json!(null)),
        ("free/anything", json!([{"deep": [1.5, false]}])),
        ("free/extra", json!({"k": null})),
        ("validated/percent", json!(101)),
        ("validated/short", json!("")),
        ("validated/short", json!("123456789")),
        ("validated/slug", json!("A-b")),
        ("validated/slug", json!("a b")),
        ("validated/tags", json!([])),
        ("validated/tags", json!(["a", "b", "c", "d"])),
        ("documented/documented", json!("true")),
        ("deprecations/legacy", json!("old")),
        ("deprecations/retry-on-failure", json!("yes")),
        ("deprecations/retry_on_failure", json!(true)),
    ];
    for (path, value) in edits {
        values.push((
            format!("{path} = {value}"),
            with(&base, path, value.clone()),
        ));
    }
    for path in [
        "optionality/plain",
        "optionality/nullable",
        "optionality/retries",
        "optionality/verbose",
        "renamed/class",
        "renamed/x-dash-key",
        "flattened/year",
        "tree/children",
        "color",
        "deprecations/retry-on-failure",
    ] {
        values.push((format!("{path} omitted"), without(&base, path)));
    }
    values
        .into_iter()
        .map(|(source, value)| {
            let verdict = serde_json::from_value::<shapes::Catalogue>(value.clone());
            let rust = match &verdict {
                Ok(_) => json!({"valid": true}),
                Err(_) => json!({"valid": false, "field": null}),
            };
            // Keys the model ignores (no `deny_unknown_fields`) are not dumped back.
            let dump = if source.starts_with("external = {\"Circle\"") {
                without(&value, "external/Circle/x")
            } else if source == "flattened/unknown = 1" {
                without(&value, "flattened/unknown")
            } else {
                value.clone()
            };
            json!({"source": source, "root": "Catalogue", "value": value, "dump": dump, "rust": rust})
        })
        .collect()
}

/// Where pydantic cannot reach serde's verdict because the JSON Schema (hence the IR) does not
/// carry the rule: the case, and why. The test fails when one of these starts to agree, so the
/// list stays true.
const SHAPES_KNOWN: &[(&str, &str)] = &[
    (
        "validated/percent = 101",
        "`#[schemars(range)]` is in the schema only: serde does not check it",
    ),
    (
        r#"validated/short = """#,
        "`#[schemars(length)]` is in the schema only: serde does not check it",
    ),
    (
        r#"validated/short = "123456789""#,
        "`#[schemars(length)]` is in the schema only: serde does not check it",
    ),
    (
        r#"validated/slug = "A-b""#,
        "`#[schemars(regex)]` is in the schema only: serde does not check it",
    ),
    (
        r#"validated/slug = "a b""#,
        "`#[schemars(regex)]` is in the schema only: serde does not check it",
    ),
    (
        "validated/tags = []",
        "`#[schemars(length)]` is in the schema only: serde does not check it",
    ),
    (
        r#"validated/tags = ["a","b","c","d"]"#,
        "`#[schemars(length)]` is in the schema only: serde does not check it",
    ),
];

#[test]
fn shapes_catalogue_agrees_with_serde_and_type_checks() {
    let Some(python) = python() else { return };
    let model = common::catalogue_model();
    let temp = tempfile::tempdir().expect("temp dir");
    let module = render_into(temp.path(), &model, "shapes-catalogue", &["Catalogue"]);
    let cases = shapes_cases();
    let bad = cases
        .iter()
        .filter(|c| c["rust"]["valid"] == json!(false))
        .count();
    assert!(
        bad >= 30 && cases.len() - bad >= 20,
        "{bad} bad of {} cases",
        cases.len()
    );
    let report = agreement(&python, temp.path(), &module, &cases);
    let disagreements: Vec<&Value> = report["disagreements"]
        .as_array()
        .expect("a list")
        .iter()
        .collect();
    let unexpected: Vec<&&Value> = disagreements
        .iter()
        .filter(|d| {
            !SHAPES_KNOWN
                .iter()
                .any(|(source, _)| d["source"] == json!(source))
        })
        .collect();
    assert!(
        unexpected.is_empty(),
        "pydantic and serde disagree:\n{}",
        serde_json::to_string_pretty(&unexpected).expect("JSON")
    );
    for (source, why) in SHAPES_KNOWN {
        assert!(
            disagreements.iter().any(|d| d["source"] == json!(source)),
            "`{source}` now agrees ({why}): remove it from SHAPES_KNOWN"
        );
    }
    conformance(&python, temp.path(), &module, &model);
    let (ok, output) = mypy(&python, temp.path(), &[&temp.path().join(&module)]);
    assert!(ok, "mypy --strict rejects the shapes package:\n{output}");
}
