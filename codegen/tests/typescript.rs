//! The TypeScript bindings, proven with the real compiler: `tsc` (TypeScript 7, the native
//! compiler) from `$CODEGEN_NODE_MODULES` or `<repo>/tests/js/node_modules`. Without it the
//! tests that need it say they were skipped, except under `CI`, where they fail.
//!
//! - the checked-in package is what the model produces, and its declarations match the snapshot;
//! - `tsc --noEmit --strict` accepts the package;
//! - every example the docs check accepts compiles as a typed constant, and values broken in
//!   the ways the IR knows (unknown key, wrong or missing tag, missing required key, wrong kind
//!   of value), which the model's loader rejects, do not compile — each for the expected reason;
//! - a `switch` on a tagged union's tag narrows to the variant;
//! - `npm install ./bindings/typescript` into a fresh project and `import type` work;
//! - all of the above again on a second model, the serde shapes catalogue (`tests/shapes`).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use confspec::config::PackageOutput;
use confspec::context::Context;
use confspec::emit::typescript::check::{self, MutationKind, Typed, Wrong};
use confspec::emit::typescript::{self, Bindings, PackageFile};
use confspec::ir::Model;
use confspec::output::Outputs;
use serde_json::{Value, json};

mod common;
use common::{context, workspace};

fn settings(ctx: &Context) -> &PackageOutput {
    ctx.config
        .typescript
        .as_ref()
        .expect("codegen.toml has [typescript]")
}

/// A tool the test needs is missing: fails under CI, otherwise says the test was skipped.
fn missing(what: &str) -> Option<PathBuf> {
    common::missing(what);
    None
}

/// The `node_modules` directory that holds `tsc`.
fn node_modules() -> Option<PathBuf> {
    let mut candidates = Vec::new();
    if let Some(dir) = std::env::var_os("CODEGEN_NODE_MODULES") {
        candidates.push(PathBuf::from(dir));
    }
    candidates.push(workspace().join("tests/js/node_modules"));
    if let Some(found) = candidates.iter().find(|dir| dir.join(".bin/tsc").is_file()) {
        return Some(found.clone());
    }
    missing(&format!(
        "no tsc in {} (set CODEGEN_NODE_MODULES or run `npm ci` in tests/js)",
        candidates
            .iter()
            .map(|c| c.display().to_string())
            .collect::<Vec<_>>()
            .join(" or ")
    ))
}

/// The output of `tsc` in `dir` with `args`: whether it succeeded, and its diagnostics.
fn tsc(node_modules: &Path, dir: &Path, args: &[&str]) -> (bool, String) {
    let output = Command::new(node_modules.join(".bin/tsc"))
        .args(args)
        .args(["--pretty", "false"])
        .current_dir(dir)
        .output()
        .expect("tsc runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

fn write_files(dir: &Path, files: &[PackageFile]) {
    for file in files {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, &file.text).expect("write");
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// The compiler options of the test projects: as strict as a consumer could be.
const STRICT_OPTIONS: &str = r#""strict": true, "noEmit": true, "skipLibCheck": false, "target": "es2022",
    "module": "nodenext", "types": [], "exactOptionalPropertyTypes": true,
    "noUncheckedIndexedAccess": true, "verbatimModuleSyntax": true, "noUnusedLocals": true"#;

/// A project in `dir` that has the package in `node_modules/<name>` and compiles `files`.
fn project(dir: &Path, package_name: &str, package: &[PackageFile], files: &[(&str, &str)]) {
    write_files(&dir.join("node_modules").join(package_name), package);
    write(
        &dir.join("package.json"),
        r#"{ "name": "consumer", "private": true, "type": "module" }"#,
    );
    let names: Vec<String> = files.iter().map(|(name, _)| format!("{name:?}")).collect();
    write(
        &dir.join("tsconfig.json"),
        &format!(
            "{{ \"compilerOptions\": {{ {STRICT_OPTIONS} }}, \"files\": [{}] }}",
            names.join(", ")
        ),
    );
    for (name, text) in files {
        write(&dir.join(name), text);
    }
}

/// One error of a `tsc --pretty false` run.
#[derive(Debug)]
struct TsError {
    line: usize,
    code: String,
    message: String,
}

fn errors_in(output: &str, file: &str) -> Vec<TsError> {
    let prefix = format!("{file}(");
    output
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix(&prefix)?;
            let (position, rest) = rest.split_once("): error ")?;
            let (code, message) = rest.split_once(": ")?;
            Some(TsError {
                line: position.split(',').next()?.parse().ok()?,
                code: code.to_owned(),
                message: message.to_owned(),
            })
        })
        .collect()
}

// --- The server config -------------------------------------------------------------------

#[test]
fn checked_in_package_is_up_to_date() {
    let ctx = context();
    let mut outputs = Outputs::default();
    let mut diagnostics = Vec::new();
    confspec::emit::package::stage(
        &typescript::TypeScript,
        &ctx,
        &mut outputs,
        &mut diagnostics,
    )
    .expect("the stage runs");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let package_dir = &settings(&ctx).output;
    let files: Vec<&Path> = outputs.files().map(|(p, _)| p).collect();
    for expected in ["index.d.ts", "index.js", "package.json", "tsconfig.json"] {
        assert!(
            files.contains(&package_dir.join(expected).as_path()),
            "{files:?}"
        );
    }
    common::assert_checked_in(&ctx, &outputs, "the checked-in TypeScript package");
}

#[test]
fn declarations_snapshot() {
    let ctx = context();
    let files =
        typescript::render_package(&ctx.model, settings(&ctx), &ctx.templates).expect("renders");
    let declarations = files
        .iter()
        .find(|f| f.path == Path::new(typescript::DECLARATIONS))
        .expect("declarations");
    insta::assert_snapshot!("index_d_ts", declarations.text);
}

#[test]
fn package_json_points_at_the_declarations() {
    let ctx = context();
    let settings = settings(&ctx);
    let files = typescript::render_package(&ctx.model, settings, &ctx.templates).expect("renders");
    let manifest = files
        .iter()
        .find(|f| f.path == Path::new("package.json"))
        .expect("package.json");
    let manifest: Value = serde_json::from_str(&manifest.text).expect("package.json is JSON");
    assert_eq!(manifest["name"], json!(settings.name));
    assert_eq!(manifest["version"], json!(settings.version));
    assert_eq!(manifest["types"], json!("./index.d.ts"));
    assert_eq!(manifest["exports"]["."]["types"], json!("./index.d.ts"));
    assert_eq!(manifest["exports"]["."]["default"], json!("./index.js"));
}

#[test]
fn every_model_type_is_declared_under_its_name() {
    let ctx = context();
    let files =
        typescript::render_package(&ctx.model, settings(&ctx), &ctx.templates).expect("renders");
    let text = &files
        .iter()
        .find(|f| f.path == Path::new(typescript::DECLARATIONS))
        .expect("declarations")
        .text;
    let bindings = Bindings::new(&ctx.model, &settings(&ctx).roots).expect("roots exist");
    let declared: Vec<&str> = bindings.types().map(|t| t.name.as_str()).collect();
    // Every type the roots reach, as their JSON Schemas name them (the roots and their
    // definitions): model types no root uses (documentation only) are left out.
    let mut reached = std::collections::BTreeSet::new();
    for root in &settings(&ctx).roots {
        let schema: Value = serde_json::from_str(
            &confspec::emit::json_schema::schema_text(&ctx, root).expect("the root's schema"),
        )
        .expect("JSON");
        reached.insert(root.clone());
        reached.extend(
            schema["definitions"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, _)| k.clone()),
        );
    }
    let declared_set: std::collections::BTreeSet<String> =
        declared.iter().map(|n| (*n).to_owned()).collect();
    assert_eq!(declared_set, reached, "{declared:?}");
    for ty in bindings.types() {
        let name = bindings.ts_name(&ty.name).expect("named");
        assert_eq!(name, ty.name, "renamed without need");
        assert!(
            text.contains(&format!("export interface {name} {{"))
                || text.contains(&format!("export type {name} =")),
            "`{name}` is not declared"
        );
    }
}

#[test]
fn package_compiles_with_tsc_strict() {
    let Some(node_modules) = node_modules() else {
        return;
    };
    let ctx = context();
    let files =
        typescript::render_package(&ctx.model, settings(&ctx), &ctx.templates).expect("renders");
    let dir = tempfile::tempdir().expect("temp dir");
    write_files(dir.path(), &files);
    let (ok, output) = tsc(
        &node_modules,
        dir.path(),
        &["--noEmit", "--strict", "-p", "."],
    );
    assert!(ok, "tsc rejects the package:\n{output}");
    // The package's own tsconfig does check the declaration file: a broken one fails.
    let broken = dir.path().join(typescript::DECLARATIONS);
    let text = std::fs::read_to_string(&broken).expect("read");
    std::fs::write(
        &broken,
        format!("{text}\nexport type Broken = DoesNotExist;\n"),
    )
    .expect("write");
    let (ok, output) = tsc(
        &node_modules,
        dir.path(),
        &["--noEmit", "--strict", "-p", "."],
    );
    assert!(
        !ok && output.contains("DoesNotExist"),
        "a broken declaration file passed:\n{output}"
    );
}

/// The examples to type-check: every example the docs check accepts, and (on machines that
/// have it) every example of the reference dstack page that the check accepts.
fn accepted_examples(ctx: &Context) -> Vec<Typed> {
    let accepted = common::accepted_examples(ctx);
    accepted
        .into_iter()
        .enumerate()
        .map(|(i, e)| Typed {
            name: format!("example_{}", i + 1),
            root: e.root,
            origin: format!("{}:{}", e.file.display(), e.line),
            value: e.value,
        })
        .collect()
}

/// Loads a JSON value as the model type `root` with the model's own strict loader.
fn model_accepts(root: &str, value: &Value) -> bool {
    let registered = codegen::registry()
        .types
        .iter()
        .find(|t| (t.schema_name)() == root)
        .expect("a registered root");
    let text = serde_json::to_string(value).expect("serialises");
    match schema::load::parse(&text) {
        Ok(node) => (registered.load)(&node, &schema::load::loader()).is_ok(),
        Err(_) => false,
    }
}

/// The wrong values derived from `typed`: one per distinct break, each rejected by `accepts`.
fn wrong_values(
    model: &Model,
    typed: &[Typed],
    accepts: &dyn Fn(&str, &Value) -> bool,
) -> (Vec<Wrong>, Vec<MutationKind>) {
    let all = check::distinct(typed.iter().flat_map(|t| {
        check::mutations(model, &t.root, &t.value)
            .into_iter()
            .map(|m| (t.root.clone(), m))
    }));
    let mut wrong = Vec::new();
    let mut kinds = Vec::new();
    for (root, mutation) in all {
        if accepts(&root, &mutation.value) {
            // Not wrong for the model (say, a key whose type admits both kinds): no claim.
            continue;
        }
        kinds.push(mutation.kind);
        wrong.push(Wrong {
            name: format!("wrong_{}", wrong.len() + 1),
            root,
            reason: mutation.reason,
            value: mutation.value,
        });
    }
    (wrong, kinds)
}

/// The codes `tsc` may give each kind of break. An unknown key must be reported as such.
fn expected_codes(kind: MutationKind) -> &'static [&'static str] {
    match kind {
        // 2561: the same as 2353, with a suggestion ("Did you mean to write 'backends'?").
        MutationKind::UnknownKey => &["TS2353", "TS2561"],
        MutationKind::WrongTag
        | MutationKind::WrongType
        | MutationKind::MissingRequired
        | MutationKind::ExactlyOne => {
            // 2559: a value with no key in common with a type whose keys are all optional.
            &["TS2322", "TS2741", "TS2739", "TS2353", "TS2561", "TS2559"]
        }
    }
}

/// Type-checks `typed` and `wrong` against a package: the file with `@ts-expect-error` compiles
/// clean, and without them each wrong value fails on its own line for the expected reason.
/// A generated package and what it was generated from.
struct Subject<'a> {
    bindings: &'a Bindings<'a>,
    env: &'a minijinja::Environment<'a>,
    name: &'a str,
    files: &'a [PackageFile],
}

fn prove(
    node_modules: &Path,
    subject: &Subject<'_>,
    typed: &[Typed],
    wrong: &[Wrong],
    kinds: &[MutationKind],
) {
    let Subject {
        bindings,
        env,
        name: package_name,
        files: package,
    } = *subject;
    let dir = tempfile::tempdir().expect("temp dir");
    let with = check::render(bindings, env, package_name, typed, wrong, true).expect("renders");
    let without = check::render(bindings, env, package_name, typed, wrong, false).expect("renders");
    project(
        dir.path(),
        package_name,
        package,
        &[("check.ts", &with), ("bare.ts", &without)],
    );
    // Kept for reading after a run (tests/artifacts is ignored by git).
    let artifacts = workspace().join("tests/artifacts/typescript");
    write(&artifacts.join(format!("{package_name}.check.ts")), &with);
    for file in package {
        let name = file.path.to_string_lossy();
        write(
            &artifacts.join(format!("{package_name}.{name}")),
            &file.text,
        );
    }

    let (_, output) = tsc(node_modules, dir.path(), &["-p", "."]);
    let check_errors = errors_in(&output, "check.ts");
    assert!(
        check_errors.is_empty(),
        "with @ts-expect-error on every wrong value, tsc still reports (TS2578: the next line compiles; the file is in tests/artifacts/typescript):\n{}",
        check_errors
            .iter()
            .map(|e| format!(
                "{}: {} {}\n  {}",
                e.line,
                e.code,
                e.message,
                with.lines().nth(e.line).unwrap_or_default()
            ))
            .collect::<Vec<_>>()
            .join("\n")
    );

    let errors = errors_in(&output, "bare.ts");
    let lines: Vec<&str> = without.lines().collect();
    let mut by_line: BTreeMap<usize, Vec<&TsError>> = BTreeMap::new();
    for error in &errors {
        by_line.entry(error.line).or_default().push(error);
    }
    let line_of = |needle: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(needle))
            .map(|i| i + 1)
            .unwrap_or_else(|| panic!("`{needle}` not in the check file"))
    };
    let mut expected_lines = Vec::new();
    for (w, kind) in wrong.iter().zip(kinds) {
        let line = line_of(&format!("export const {}: ", w.name));
        expected_lines.push(line);
        let found = by_line.get(&line).map(Vec::as_slice).unwrap_or_default();
        assert!(
            found
                .iter()
                .any(|e| expected_codes(*kind).contains(&e.code.as_str())),
            "{} ({}) compiles, or fails for another reason: {found:?}\n{}",
            w.name,
            w.reason,
            lines[line - 1]
        );
        if *kind == MutationKind::UnknownKey {
            assert!(
                found.iter().any(|e| e.message.contains(check::UNKNOWN_KEY)),
                "{}: the error does not name the unknown key: {found:?}",
                w.name
            );
        }
    }
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("export const leak_") {
            expected_lines.push(i + 1);
            let found = by_line.get(&(i + 1)).map(Vec::as_slice).unwrap_or_default();
            assert!(
                found.iter().any(|e| e.code == "TS2339"),
                "reading a variant's key without narrowing compiles: {line}\n{found:?}"
            );
        }
    }
    let unexpected: Vec<&TsError> = errors
        .iter()
        .filter(|e| !expected_lines.contains(&e.line))
        .collect();
    assert!(
        unexpected.is_empty(),
        "errors where none were expected: {unexpected:#?}"
    );
}

#[test]
fn examples_compile_and_broken_examples_do_not() {
    let Some(node_modules) = node_modules() else {
        return;
    };
    let ctx = context();
    let settings = settings(&ctx);
    let bindings = Bindings::new(&ctx.model, &settings.roots).expect("roots exist");
    let typed: Vec<Typed> = accepted_examples(&ctx)
        .into_iter()
        .filter(|t| bindings.ts_name(&t.root).is_some())
        .collect();
    assert!(
        typed.len() >= 3,
        "too few accepted examples to prove anything: {}",
        typed.len()
    );
    let required = [
        MutationKind::UnknownKey,
        MutationKind::WrongTag,
        MutationKind::MissingRequired,
        MutationKind::WrongType,
        MutationKind::ExactlyOne,
    ];
    prove_on_the_package(&node_modules, &ctx, &typed, &model_accepts, &required);
}

/// Derives the wrong values of `typed` (those `accepts` refuses), requires each kind of
/// `required` among them, and proves them all on the project's TypeScript package.
fn prove_on_the_package(
    node_modules: &Path,
    ctx: &Context,
    typed: &[Typed],
    accepts: &dyn Fn(&str, &Value) -> bool,
    required: &[MutationKind],
) {
    let settings = settings(ctx);
    let bindings = Bindings::new(&ctx.model, &settings.roots).expect("roots exist");
    let (wrong, kinds) = wrong_values(&ctx.model, typed, accepts);
    for kind in required {
        assert!(kinds.contains(kind), "no wrong value of kind {kind:?}");
    }
    let package =
        typescript::render_package(&ctx.model, settings, &ctx.templates).expect("renders");
    println!("{} typed values, {} wrong values", typed.len(), wrong.len());
    let subject = Subject {
        bindings: &bindings,
        env: &ctx.templates,
        name: &settings.name,
        files: &package,
    };
    prove(node_modules, &subject, typed, &wrong, &kinds);
}

/// The good documents of the `.dstack.yml`/`profiles.yml` corpus
/// (`schema/tests/fixtures/dstack/corpus.json`), shorthands included, typed as their roots.
fn dstack_fixtures() -> Vec<Typed> {
    let path = workspace().join("schema/tests/fixtures/dstack/corpus.json");
    let text = std::fs::read_to_string(&path).expect("the dstack corpus");
    let corpus: Value = serde_json::from_str(&text).expect("JSON");
    corpus["fixtures"]
        .as_array()
        .expect("fixtures")
        .iter()
        .filter(|f| f["valid"] == Value::Bool(true))
        .enumerate()
        .map(|(i, f)| Typed {
            name: format!("fixture_{}", i + 1),
            root: f["root"].as_str().expect("a root").to_owned(),
            origin: format!(
                "schema/tests/fixtures/dstack/{}",
                f["file"].as_str().unwrap_or("")
            ),
            value: f["document"].clone(),
        })
        .collect()
}

/// Removes every `pattern` of a schema.
fn strip_patterns(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.get("pattern").is_some_and(Value::is_string) {
                map.remove("pattern");
            }
            map.values_mut().for_each(strip_patterns);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_patterns),
        _ => {}
    }
}

#[test]
fn dstack_fixtures_compile_and_broken_ones_do_not() {
    let Some(node_modules) = node_modules() else {
        return;
    };
    let ctx = context();
    let settings = settings(&ctx);
    let bindings = Bindings::new(&ctx.model, &settings.roots).expect("roots exist");
    let typed = dstack_fixtures();
    assert!(typed.len() >= 10, "too few good fixtures: {}", typed.len());
    assert!(typed.iter().all(|t| bindings.ts_name(&t.root).is_some()));
    // TypeScript has no string patterns (README: "What a target cannot express"): a wrong
    // value that only a `pattern` rejects (`cpu: "not an object"`) is no claim on TypeScript.
    // The schema without its patterns tells them apart.
    let without_patterns: Vec<(String, jsonschema::Validator)> =
        ["DstackConfiguration", "ProfilesConfig"]
            .iter()
            .map(|root| {
                let mut schema: Value = serde_json::from_str(
                    &confspec::emit::json_schema::schema_text(&ctx, root).expect("a schema"),
                )
                .expect("JSON");
                strip_patterns(&mut schema);
                let validator = jsonschema::draft7::new(&schema).expect("compiles");
                ((*root).to_owned(), validator)
            })
            .collect();
    let typescript_can_tell = |root: &str, value: &Value| {
        let validator = &without_patterns
            .iter()
            .find(|(r, _)| r == root)
            .expect("a root")
            .1;
        model_accepts(root, value) || validator.is_valid(value)
    };
    let required = [
        MutationKind::UnknownKey,
        MutationKind::WrongTag,
        MutationKind::MissingRequired,
        MutationKind::WrongType,
    ];
    prove_on_the_package(&node_modules, &ctx, &typed, &typescript_can_tell, &required);
}

#[test]
fn switch_on_backend_type_narrows() {
    let Some(node_modules) = node_modules() else {
        return;
    };
    let ctx = context();
    let settings = settings(&ctx);
    let package =
        typescript::render_package(&ctx.model, settings, &ctx.templates).expect("renders");
    let source = format!(
        r#"import type {{ BackendConfig, ServerConfig }} from "{name}";

export function network(backend: BackendConfig): string | null | undefined {{
  switch (backend.type) {{
    case "aws":
      return backend.vpc_name;
    case "gcp":
      return backend.vpc_project_id;
    case "kubernetes":
      return backend.networking?.ssh_host;
    default:
      return undefined;
  }}
}}

export function regions(config: ServerConfig): string[] {{
  return config.projects.flatMap((p) => p.backends).flatMap((b) => ("regions" in b ? (b.regions ?? []) : []));
}}

// @ts-expect-error `vpc_name` is only on the AWS backend
export const leak = (backend: BackendConfig) => backend.vpc_name;
"#,
        name = settings.name
    );
    let dir = tempfile::tempdir().expect("temp dir");
    project(
        dir.path(),
        &settings.name,
        &package,
        &[("narrow.ts", &source)],
    );
    let (ok, output) = tsc(&node_modules, dir.path(), &["-p", "."]);
    assert!(ok, "{output}\n{source}");
}

#[test]
fn npm_install_of_the_package_folder() {
    let Some(node_modules) = node_modules() else {
        return;
    };
    let npm = Command::new("npm").arg("--version").output();
    if npm.as_ref().map_or(true, |o| !o.status.success()) {
        missing("npm is not on PATH");
        return;
    }
    let ctx = context();
    let settings = settings(&ctx);
    let package =
        typescript::render_package(&ctx.model, settings, &ctx.templates).expect("renders");
    let dir = tempfile::tempdir().expect("temp dir");
    write_files(&dir.path().join("bindings/typescript"), &package);
    let app = dir.path().join("app");
    write(
        &app.join("package.json"),
        r#"{ "name": "app", "private": true, "type": "module" }"#,
    );
    let output = Command::new("npm")
        .args([
            "install",
            "--offline",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "../bindings/typescript",
        ])
        .current_dir(&app)
        .output()
        .expect("npm runs");
    assert!(
        output.status.success(),
        "npm install failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(app.join("package.json")).expect("read"))
            .expect("JSON");
    assert_eq!(
        manifest["dependencies"][&settings.name],
        json!("file:../bindings/typescript"),
        "{manifest}"
    );

    let source = format!(
        r#"import type {{ ServerConfig }} from "{name}";

export const config: ServerConfig = {{
  projects: [{{ name: "main", backends: [{{ type: "aws", creds: {{ type: "default" }} }}] }}],
}};

// @ts-expect-error a typo in a key
export const typo: ServerConfig = {{ project: [] }};
"#,
        name = settings.name
    );
    write(&app.join("index.ts"), &source);
    for (config, resolution) in [
        ("tsconfig.json", "nodenext"),
        ("tsconfig.bundler.json", "bundler"),
    ] {
        let module = if resolution == "bundler" {
            "esnext"
        } else {
            "nodenext"
        };
        write(
            &app.join(config),
            &format!(
                r#"{{ "compilerOptions": {{ "strict": true, "noEmit": true, "target": "es2022", "module": "{module}", "moduleResolution": "{resolution}", "types": [] }}, "files": ["index.ts"] }}"#
            ),
        );
        let (ok, output) = tsc(&node_modules, &app, &["-p", config]);
        assert!(ok, "{config}: {output}");
    }
    // Node resolves the package too (it has no runtime code, but importing it must not fail).
    let output = Command::new("node")
        .args([
            "--input-type=module",
            "-e",
            &format!("await import({:?}); console.log('ok')", settings.name),
        ])
        .current_dir(&app)
        .output()
        .expect("node runs");
    assert!(
        output.status.success() && String::from_utf8_lossy(&output.stdout).trim() == "ok",
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

// --- A second model: the serde shapes catalogue ------------------------------------------

fn shapes_settings() -> PackageOutput {
    PackageOutput {
        output: PathBuf::from("shapes"),
        name: "shapes-catalogue".into(),
        version: "0.0.0".into(),
        roots: vec!["Catalogue".into()],
    }
}

/// Catalogues that between them use every variant and every optional form.
/// Values of the deprecated fields, built as serde builds them.
#[allow(deprecated)]
fn deprecated_fields() -> shapes::Deprecations {
    shapes::Deprecations {
        max_retries: Some(3),
        retry_on_failure: Some(true),
        legacy: Some("old".into()),
    }
}

fn catalogue_samples() -> Vec<shapes::Catalogue> {
    use shapes::*;
    let tree = |value, children| Tree {
        value,
        children,
        next: None,
    };
    let first = Catalogue {
        color: Color::SkyBlue,
        external: External::Circle { radius: 1.5 },
        internal: Internal::Square { side: 2 },
        adjacent: Adjacent::Text("hello".into()),
        untagged: Untagged::Pair { left: 1, right: -1 },
        user: UserId(7),
        rgb: Rgb(1, 2, 3),
        optionality: Optionality {
            plain: Some("a".into()),
            defaulted: Some("b".into()),
            skipped: Some(3),
            skipped_only: Some("c".into()),
            nullable: Some(true),
            retries: 5,
            verbose: true,
        },
        collections: Collections {
            list: vec!["x".into()],
            hash: [("a".to_owned(), 1)].into_iter().collect(),
            ordered: [("b".to_owned(), false)].into_iter().collect(),
            by_color: [(Color::GrassGreen, 2), (Color::None, 0)]
                .into_iter()
                .collect(),
            matrix: vec![vec![1.0, 2.5], vec![]],
            by_level: [(Level::High, 1)].into_iter().collect(),
            by_id: [(7, "seven".to_owned())].into_iter().collect(),
        },
        flattened: Flattened {
            id: "f".into(),
            meta: Meta {
                author: "me".into(),
                year: Some(2024),
            },
        },
        strict_flattened: StrictFlattened {
            id: "s".into(),
            meta: Meta {
                author: "you".into(),
                year: None,
            },
        },
        renamed: Renamed {
            first_name: "Ada".into(),
            kind: "person".into(),
            class_name: Some("c".into()),
            dash: Some(4),
        },
        tree: Tree {
            value: 1,
            children: vec![tree(2, vec![]), tree(3, vec![tree(4, vec![])])],
            next: Some(Box::new(tree(5, vec![]))),
        },
        names: Page {
            items: vec!["n".into()],
            total: u64::MAX,
        },
        forest: Page {
            items: vec![tree(6, vec![])],
            total: 1,
        },
        numbers: Numbers {
            i8: -8,
            i16: -16,
            i32: -32,
            i64: i64::MIN,
            u8: 8,
            u16: 16,
            u32: 32,
            u64: u64::MAX,
            isize: -1,
            usize: 1,
            f32: 0.5,
            f64: -1e300,
            flag: true,
            letter: 'x',
        },
        free: FreeForm {
            anything: json!({"any": [1, "two", null]}),
            extra: [("k".to_owned(), json!([true]))].into_iter().collect(),
        },
        validated: Validated {
            percent: 50,
            short: "abc".into(),
            slug: "a-slug".into(),
            tags: vec!["t".into()],
            ratio: 0.5,
        },
        documented: Documented { documented: true },
        flattened_map: FlattenedMap {
            name: "m".into(),
            counts: [("k".to_owned(), 1)].into_iter().collect(),
        },
        expr: Expr::Add(
            Box::new(Expr::Num(1)),
            Box::new(Expr::Neg(Box::new(Expr::Num(2)))),
        ),
        marker: Marker,
        defaults: Defaults::default(),
        legacy_color: legacy::Color::Red,
        deprecations: deprecated_fields(),
    };
    let mut second = first.clone();
    second.color = Color::None;
    second.external = External::Point(1, -2);
    second.internal = Internal::Named(Named { name: "n".into() });
    second.adjacent = Adjacent::Nothing;
    second.untagged = Untagged::Flag(false);
    second.optionality = Optionality {
        plain: None,
        defaulted: None,
        skipped: None,
        skipped_only: None,
        nullable: None,
        retries: 0,
        verbose: false,
    };
    second.renamed.class_name = None;
    second.renamed.dash = None;
    second.free.anything = Value::Null;
    let mut third = first.clone();
    third.external = External::Empty;
    third.internal = Internal::Nothing;
    third.adjacent = Adjacent::Number(-3);
    third.untagged = Untagged::Words(vec!["w".into()]);
    let mut fourth = first.clone();
    fourth.external = External::Radius(2.0);
    vec![first, second, third, fourth]
}

fn catalogue_accepts(_root: &str, value: &Value) -> bool {
    serde_json::from_value::<shapes::Catalogue>(value.clone()).is_ok()
}

#[test]
fn shapes_declarations_snapshot() {
    let env = confspec::templates::environment(None).expect("templates");
    let model = common::catalogue_model();
    let files = typescript::render_package(&model, &shapes_settings(), &env).expect("renders");
    let declarations = files
        .iter()
        .find(|f| f.path == Path::new(typescript::DECLARATIONS))
        .expect("declarations");
    insta::assert_snapshot!("shapes_index_d_ts", declarations.text);
}

#[test]
fn shapes_values_compile_and_broken_values_do_not() {
    let Some(node_modules) = node_modules() else {
        return;
    };
    let env = confspec::templates::environment(None).expect("templates");
    let model = common::catalogue_model();
    let settings = shapes_settings();
    let bindings = Bindings::new(&model, &settings.roots).expect("roots exist");
    let typed: Vec<Typed> = catalogue_samples()
        .iter()
        .enumerate()
        .map(|(i, sample)| Typed {
            name: format!("sample_{}", i + 1),
            root: "Catalogue".into(),
            origin: format!("catalogue_samples()[{i}], as serde writes it"),
            value: serde_json::to_value(sample).expect("serialises"),
        })
        .collect();
    for t in &typed {
        assert!(
            catalogue_accepts("Catalogue", &t.value),
            "a sample does not round-trip"
        );
    }
    let (wrong, kinds) = wrong_values(&model, &typed, &catalogue_accepts);
    for kind in [
        MutationKind::UnknownKey,
        MutationKind::WrongTag,
        MutationKind::MissingRequired,
        MutationKind::WrongType,
    ] {
        assert!(kinds.contains(&kind), "no wrong value of kind {kind:?}");
    }
    let package = typescript::render_package(&model, &settings, &env).expect("renders");
    let dir = tempfile::tempdir().expect("temp dir");
    write_files(dir.path(), &package);
    let (ok, output) = tsc(
        &node_modules,
        dir.path(),
        &["--noEmit", "--strict", "-p", "."],
    );
    assert!(ok, "tsc rejects the catalogue's package:\n{output}");
    println!("{} samples, {} wrong values", typed.len(), wrong.len());
    let subject = Subject {
        bindings: &bindings,
        env: &env,
        name: &settings.name,
        files: &package,
    };
    prove(&node_modules, &subject, &typed, &wrong, &kinds);
}

#[test]
fn hostile_model_compiles() {
    let Some(node_modules) = node_modules() else {
        return;
    };
    let definitions = json!({
        "class": {
            "description": "Ends */ here; `backticks`, ${template} and /* nested\n@param x\n\n```\ncode */ block\n```",
            "type": "object",
            "additionalProperties": false,
            "required": ["x-dash", "class", "Record"],
            "properties": {
                "x-dash": {"type": "string", "pattern": "^a*/$", "description": "*/"},
                "class": {"type": "integer", "minimum": 0, "description": "A keyword as a key"},
                "Record": {"$ref": "#/definitions/Record"},
                "123abc": {"type": "boolean", "default": "*/"},
                "with space": {"type": ["string", "null"]},
                "quote\"d\\": {"type": "string"},
                "__proto__": {"type": "number"},
                "extra": {"type": "object", "additionalProperties": {"type": "integer"}, "properties": {"a": {"type": "string"}}},
                "tuple": {"type": "array", "items": [{"type": "string"}, {"const": -1}], "minItems": 2, "maxItems": 2},
                "keyed": {"type": "object", "additionalProperties": {"type": "boolean"}, "propertyNames": {"enum": ["a", "b-c"]}},
                "any": true,
                "open": {"type": "object", "properties": {"x": {"type": "string"}}},
                "empty": {"type": "object", "properties": {}, "additionalProperties": false},
                "literal": {"const": {"nested": [1, "*/"]}},
                "either": {"anyOf": [
                    {"type": "string"},
                    {"type": "object", "additionalProperties": false, "required": ["a"], "properties": {"a": {"type": "string"}}},
                    {"type": "object", "additionalProperties": false, "required": ["b"], "properties": {"b": {"type": "integer"}}},
                    {"type": "null"},
                ]},
                "mixed": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
            }
        },
        "Record": {"description": "Shadows the global.", "type": "string", "enum": ["a", "b*/", "/*c"]},
    });
    let definitions: Vec<(String, Value)> = definitions
        .as_object()
        .expect("object")
        .clone()
        .into_iter()
        .collect();
    let model = Model::from_definitions(&definitions, &HashMap::new()).expect("the IR reads it");
    let env = confspec::templates::environment(None).expect("templates");
    let settings = PackageOutput {
        output: PathBuf::from("hostile"),
        name: "hostile".into(),
        version: "0.0.0".into(),
        roots: vec!["class".into()],
    };
    let package = typescript::render_package(&model, &settings, &env).expect("renders");
    let bindings = Bindings::new(&model, &settings.roots).expect("roots exist");
    let value = json!({
        "x-dash": "a/", "class": 1, "Record": "b*/", "123abc": true, "with space": null, "quote\"d\\": "q",
        "__proto__": 2, "extra": {"a": "s", "n": 3}, "tuple": ["t", -1], "keyed": {"b-c": true},
        "any": {"whatever": [null]}, "open": {"x": "y", "more": 1}, "empty": {}, "literal": {"nested": [1, "*/"]},
        "either": {"a": "x"}, "mixed": ["a", 1],
    });
    let typed = vec![Typed {
        name: "hostile".into(),
        root: "class".into(),
        origin: "a value with every hostile key */".into(),
        value: value.clone(),
    }];
    type Edit<'a> = (&'a dyn Fn(&mut Value), &'a str);
    let edits: [Edit<'_>; 7] = [
        (
            &|v| v["either"] = json!({"a": "x", "b": 1}),
            "a mixture of two closed objects",
        ),
        (
            &|v| v["mixed"] = json!(["a", true]),
            "an item of neither type",
        ),
        (
            &|v| v["keyed"]["zz"] = json!(true),
            "a key outside the closed set",
        ),
        (
            &|v| v["empty"]["k"] = json!(1),
            "a key in an object that takes none",
        ),
        (&|v| v["Record"] = json!("c"), "a value outside the enum"),
        (
            &|v| v["tuple"] = json!(["t", 1]),
            "a literal mismatch in a tuple",
        ),
        (
            &|v| v["literal"] = json!({"nested": [2, "*/"]}),
            "another literal",
        ),
    ];
    let wrong: Vec<Wrong> = edits
        .iter()
        .enumerate()
        .map(|(i, (edit, reason))| {
            let mut v = value.clone();
            edit(&mut v);
            Wrong {
                name: format!("wrong_{}", i + 1),
                root: "class".into(),
                reason: (*reason).into(),
                value: v,
            }
        })
        .collect();
    let kinds = vec![MutationKind::WrongType; wrong.len()];
    let subject = Subject {
        bindings: &bindings,
        env: &env,
        name: &settings.name,
        files: &package,
    };
    prove(&node_modules, &subject, &typed, &wrong, &kinds);
}

#[test]
fn unknown_root_is_reported_at_its_line_in_codegen_toml() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        &dir.path().join("codegen.toml"),
        "# A project with a typo in a root.\n[typescript]\noutput = \"ts\"\nname = \"x\"\nroots = [\"ServerConfig\", \"ServerConfg\"]\n",
    );
    let ctx = common::context_at(dir.path());
    let mut outputs = Outputs::default();
    let mut diagnostics = Vec::new();
    confspec::emit::package::stage(
        &typescript::TypeScript,
        &ctx,
        &mut outputs,
        &mut diagnostics,
    )
    .expect("the stage runs");
    assert!(outputs.is_empty(), "nothing is written for a bad root");
    let shown: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [format!(
            "codegen.toml:5:26: error: [typescript] root `ServerConfg` is not a model type\n  hint: {}",
            ctx.registration_hint()
        )]
    );
}
