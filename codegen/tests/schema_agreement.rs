//! The emitted JSON Schema and the serde model agree on every fixture of
//! `schema/tests/fixtures/` (format in its README): a config the loader accepts validates, a
//! config it rejects does not, and the schema reports an error where the loader does (for an
//! unknown key: at the mapping that holds it). Checked with the `jsonschema` crate here and with
//! ajv in strict mode (`tests/js/ajv.test.mjs`, run by this test against the schema the current
//! code emits). Configs that fail before the model sees them (not YAML, duplicate keys, YAML 1.1
//! booleans) and what JSON cannot express are marked `schema: skip` in their header.
//!
//! Also a snapshot of the emitted schema (`snapshots/schema_agreement__server_config_schema.snap`).

#[path = "../../schema/tests/common/fixtures.rs"]
mod fixtures;

use std::path::{Path, PathBuf};
use std::process::Command;

use schema::load;
use schema::{DstackConfiguration, ProfilesConfig, ServerConfig};
use serde_json::Value;

mod common;

use common::{context, workspace};

/// The schema text the current code emits for the configured root.
fn emitted() -> String {
    let ctx = context();
    let root = &ctx.config.schemas[0].root;
    confspec::emit::json_schema::schema_text(&ctx, root).unwrap_or_else(|f| panic!("{f}"))
}

/// `projects[0].backends[1].creds.type` as JSON pointer segments.
fn segments(path: &str) -> Vec<String> {
    if path.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for part in path.split('.') {
        let mut pieces = part.split('[');
        let key = pieces.next().unwrap();
        if !key.is_empty() {
            out.push(key.to_owned());
        }
        out.extend(pieces.map(|i| i.trim_end_matches(']').to_owned()));
    }
    out
}

fn pointer_segments(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer[1..]
        .split('/')
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// Where an error is, and where the errors inside an `anyOf`/`oneOf` it summarises are (the
/// crate reports a failed `anyOf` at its own location; ajv's `allErrors` lists the inner ones).
fn error_places(error: &jsonschema::ValidationError<'_>, out: &mut Vec<Vec<String>>) {
    out.push(pointer_segments(error.instance_path().as_str()));
    if let jsonschema::error::ValidationErrorKind::AnyOf { context }
    | jsonschema::error::ValidationErrorKind::OneOfNotValid { context } = error.kind()
    {
        for inner in context.iter().flatten() {
            error_places(inner, out);
        }
    }
}

/// The loader's verdict on a parsed document, for a root type.
type SerdeVerdict = dyn Fn(&str, &load::Node) -> Result<(), Vec<load::LoadError>>;

/// Compares serde's verdict with the JSON Schema's on every fixture not marked `schema: skip`:
/// returns how many were compared and every disagreement.
fn compare(
    all: &[fixtures::Fixture],
    validator_for: &dyn Fn(&str) -> jsonschema::Validator,
    serde_for: &SerdeVerdict,
    default_root: &str,
) -> (usize, Vec<String>) {
    let mut compared = 0;
    let mut problems = Vec::new();
    let mut validators: Vec<(String, jsonschema::Validator)> = Vec::new();
    for fixture in all {
        if fixture.schema_skip.is_some() {
            continue;
        }
        compared += 1;
        let name = &fixture.name;
        let root = fixture.root.as_deref().unwrap_or(default_root);
        if !validators.iter().any(|(r, _)| r == root) {
            validators.push((root.to_owned(), validator_for(root)));
        }
        let validator = &validators.iter().find(|(r, _)| r == root).unwrap().1;
        let node = load::parse(&fixture.text)
            .unwrap_or_else(|e| panic!("{name}: compared fixtures must parse: {e}"));
        let serde = serde_for(root, &node);
        let document = node.to_json();
        let errors: Vec<_> = validator.iter_errors(&document).collect();
        match (&serde, errors.is_empty()) {
            (Ok(_), true) => {}
            (Ok(_), false) => problems.push(format!(
                "{name}: serde accepts, the schema rejects: {}",
                errors
                    .iter()
                    .map(|e| format!("{} {e}", e.instance_path().as_str()))
                    .collect::<Vec<_>>()
                    .join("; ")
            )),
            (Err(e), true) => problems.push(format!(
                "{name}: serde rejects ({}), the schema accepts",
                e[0]
            )),
            (Err(e), false) => {
                // Every error serde reports has one of the schema's at its place.
                let mut places = Vec::new();
                for error in &errors {
                    error_places(error, &mut places);
                }
                for serde_error in e {
                    let at = segments(&serde_error.path);
                    let mut allowed = vec![at.clone()];
                    if serde_error.kind == load::ErrorKind::UnknownKey {
                        allowed.push(at[..at.len() - 1].to_vec());
                    }
                    if !places.iter().any(|p| allowed.contains(p)) {
                        problems.push(format!(
                            "{name}: serde points at `{}`, the schema at {:?}",
                            serde_error.path,
                            errors
                                .iter()
                                .map(|e| e.instance_path().as_str().to_owned())
                                .collect::<Vec<_>>()
                        ));
                    }
                }
            }
        }
        // And both agree with the fixture's own verdict.
        if serde.is_ok() != fixture.errors.is_empty() {
            problems.push(format!(
                "{name}: the loader's verdict differs from the header's"
            ));
        }
    }
    (compared, problems)
}

fn validator(schema_text: &str) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(schema_text).unwrap();
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the emitted schema compiles")
}

#[test]
fn serde_and_the_json_schema_agree_on_every_fixture() {
    let text = emitted();
    let (compared, problems) = compare(
        &fixtures::all(),
        &|_| validator(&text),
        &|_, node| load::from_node::<ServerConfig>(node).map(|_| ()),
        "ServerConfig",
    );
    assert!(compared >= 60, "only {compared} fixtures compared");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The schema text the current code emits for `root`.
fn emitted_for(root: &str) -> String {
    confspec::emit::json_schema::schema_text(&context(), root).unwrap_or_else(|f| panic!("{f}"))
}

/// `.dstack.yml` and `profiles.yml` (`schema/tests/fixtures/dstack/`): every shorthand form
/// and rule the schema can express gets the loader's verdict, at the loader's place.
#[test]
fn serde_and_the_json_schemas_agree_on_every_dstack_fixture() {
    let (compared, problems) = compare(
        &fixtures::all_in(&fixtures::dstack_dir()),
        &|root| validator(&emitted_for(root)),
        &|root, node| match root {
            "DstackConfiguration" => load::from_node::<DstackConfiguration>(node).map(|_| ()),
            "ProfilesConfig" => load::from_node::<ProfilesConfig>(node).map(|_| ()),
            other => panic!("unknown root {other}"),
        },
        fixtures::DSTACK_DEFAULT_ROOT,
    );
    assert!(compared >= 30, "only {compared} fixtures compared");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// What JSON cannot tell apart: a whole float is an integer to JSON Schema, never to the model.
/// This is why `bad/port-float.yml` is not compared; if the schema ever rejects it, compare it.
/// The fixed sample of the differential run against dstack 0.18.7
/// (`schema/tests/fixtures/dstack/differential.json`): the emitted JSON Schemas reach on every
/// case the verdict recorded for them, dstack's unless the case names a documented deliberate
/// difference (the loader is held to the same sample by `schema/tests/differential_sample.rs`).
#[test]
fn the_json_schemas_reach_the_recorded_verdicts_on_the_differential_sample() {
    let path = workspace().join("schema/tests/fixtures/dstack/differential.json");
    let sample: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = sample["cases"].as_array().expect("cases");
    assert!(
        cases.len() >= 300,
        "the sample shrank: {} cases",
        cases.len()
    );
    let validators: std::collections::HashMap<&str, jsonschema::Validator> =
        ["DstackConfiguration", "ProfilesConfig"]
            .into_iter()
            .map(|root| (root, validator(&emitted_for(root))))
            .collect();
    let mut problems = Vec::new();
    for case in cases {
        let Some(expected) = case["expect"]["schema"].as_bool() else {
            continue; // not YAML: no document to validate
        };
        let text = case["text"].as_str().expect("text");
        let document = match case.get("document") {
            Some(document) => document.clone(),
            None => serde_json::from_str(text).expect("a text without `document` is JSON"),
        };
        let root = case["root"].as_str().expect("root");
        let valid = validators[root].is_valid(&document);
        if valid != expected {
            problems.push(format!(
                "{} ({}): recorded {expected}, the schema says {valid}: {text}",
                case["mutation"], case["differs"]
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The GPU shorthand's pattern and the loader's parser take the same strings: every sequence of
/// one to four tokens of each kind (names, memory, count, and a few malformed ones) gets the
/// same verdict from both, except a range whose ends are reversed, which only the parser can
/// compare (an error of kind `Other`).
#[test]
fn the_gpu_pattern_and_the_gpu_parser_take_the_same_strings() {
    let tokens = [
        "A100",
        "A10,A100",
        "h100-80gb",
        "A100,",
        "1A",
        "24GB",
        "24gb..",
        "..80GB",
        "24GB..80GB",
        "8..24GB",
        "80GB..24GB",
        "8GiB",
        "0.5TB",
        "2",
        "1..",
        "..8",
        "1..8",
        "8..2",
        "",
        "2.5",
    ];
    let validator = validator(&emitted_for("DstackConfiguration"));
    let mut strings = vec![String::new()];
    let mut all = Vec::new();
    for _ in 0..4 {
        let mut next = Vec::new();
        for prefix in &strings {
            for token in tokens {
                let s = if prefix.is_empty() && next.is_empty() && token.is_empty() {
                    continue;
                } else if prefix.is_empty() {
                    token.to_owned()
                } else {
                    format!("{prefix}:{token}")
                };
                next.push(s);
            }
        }
        all.extend(next.iter().cloned());
        // Longer sequences from well-formed prefixes only, to stay small.
        strings = next
            .into_iter()
            .filter(|s| !s.contains(['1', '8']) || s.len() < 12)
            .take(400)
            .collect();
    }
    let mut problems = Vec::new();
    for gpu in &all {
        let document =
            serde_json::json!({"type": "task", "commands": ["x"], "resources": {"gpu": gpu}});
        let text = serde_json::to_string(&document).unwrap();
        let loaded = load::from_str::<DstackConfiguration>(&text);
        if let Err(errors) = &loaded
            && errors[0].kind == load::ErrorKind::Other
            && errors[0].message.contains("greater than the upper bound")
        {
            continue;
        }
        if loaded.is_ok() != validator.is_valid(&document) {
            problems.push(format!(
                "{gpu:?}: loader {:?}, pattern {}",
                loaded.err().map(|e| e[0].message.clone()),
                validator.is_valid(&document)
            ));
        }
    }
    assert!(all.len() > 1000, "only {} strings", all.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_whole_float_is_the_documented_difference() {
    let schema: Value = serde_json::from_str(&emitted()).unwrap();
    let validator = jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let fixture = fixtures::all()
        .into_iter()
        .find(|f| f.name == "bad/port-float.yml")
        .unwrap();
    assert!(fixture.schema_skip.is_some());
    let document = load::parse(&fixture.text).unwrap().to_json();
    assert!(validator.is_valid(&document));
    assert!(load::from_str::<ServerConfig>(&fixture.text).is_err());
}

#[test]
fn the_emitted_schema_matches_its_snapshot() {
    insta::assert_snapshot!("server_config_schema", emitted());
}

/// Where ajv is, or `None` (and a message) when it is not installed outside CI.
fn node_modules() -> Option<PathBuf> {
    let dir = std::env::var_os("CODEGEN_NODE_MODULES")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("tests/js/node_modules"));
    let present = dir.join("ajv/package.json").is_file()
        && Command::new("node")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
    if present {
        return Some(dir);
    }
    let why = format!("node or ajv not found (looked in {})", dir.display());
    if std::env::var_os("CI").is_some() {
        panic!("{why}; run `bash scripts/test.sh`, which installs them");
    }
    println!("skipped: {why}; run `bash scripts/test.sh` to install them");
    None
}

/// Runs tests/js/ajv.test.mjs with `env`; asserts that it passes, with at least `at_least`
/// checks (the run really compared the corpus).
fn run_ajv(modules: &Path, env: &[(&str, std::ffi::OsString)], at_least: usize) {
    let output = Command::new("node")
        .arg("--test")
        .arg(workspace().join("tests/js/ajv.test.mjs"))
        .env("CODEGEN_NODE_MODULES", modules)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "ajv disagrees:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let passed: usize = stdout
        .lines()
        .find_map(|l| l.strip_prefix("# pass "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    assert!(
        passed >= at_least,
        "only {passed} ajv checks passed:\n{stdout}"
    );
}

#[test]
fn ajv_in_strict_mode_agrees_on_the_dstack_fixtures() {
    let Some(modules) = node_modules() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut files = serde_json::Map::new();
    for root in ["DstackConfiguration", "ProfilesConfig"] {
        let file = dir.path().join(format!("{root}.json"));
        std::fs::write(&file, emitted_for(root)).unwrap();
        files.insert(
            root.into(),
            Value::String(file.to_string_lossy().into_owned()),
        );
    }
    let env = [
        ("CODEGEN_SCHEMAS", Value::Object(files).to_string().into()),
        (
            "CODEGEN_CORPUS",
            fixtures::dstack_dir().join("corpus.json").into(),
        ),
        ("CODEGEN_MIN_GOOD", "10".into()),
        ("CODEGEN_MAX_EXCLUDED", "12".into()),
    ];
    run_ajv(&modules, &env, 35);
}

#[test]
fn ajv_in_strict_mode_agrees_too() {
    let Some(modules) = node_modules() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let schema_file = dir.path().join("server-config.json");
    std::fs::write(&schema_file, emitted()).unwrap();
    let env = [
        ("CODEGEN_SCHEMA", schema_file.into()),
        (
            "CODEGEN_CORPUS",
            workspace().join("schema/tests/fixtures/corpus.json").into(),
        ),
    ];
    run_ajv(&modules, &env, 60);
}
