//! Reads a fixture corpus: YAML documents, each with a header saying whether it loads and, if
//! not, the exact error (format: `tests/fixtures/README.md`).
//!
//! Shared by this crate's tests and the tests of every model crate that loads through it (the
//! dstack model's `schema/tests`, codegen's schema agreement test), which include this file with
//! `#[path]`, so every consumer reads the expectations the same way.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// What a bad fixture expects the loader to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// `syntax`, `duplicate-key`, `unknown-key`, `missing-key`, `unknown-value`, `wrong-type`
    /// or `rule`.
    pub kind: String,
    /// The YAML path (empty for the document itself).
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// The exact message.
    pub message: String,
    /// The exact hint, when there is one.
    pub hint: Option<String>,
    /// The accepted keys or values of a closed set, when the error is about one.
    pub expected: Vec<String>,
}

/// One fixture file.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// `good/NAME.yml` or `bad/NAME.yml`.
    pub name: String,
    /// The file's text.
    pub text: String,
    /// What the fixture is about.
    pub about: String,
    /// The expected error; `None` for a good fixture.
    pub error: Option<Expected>,
    /// Why serde and the JSON Schema are not compared on it, when they are not.
    pub schema_skip: Option<String>,
    /// The model type it is a document of, when the header names one.
    pub root: Option<String>,
}

/// Reads every fixture of `DIR/good/` and `DIR/bad/`, sorted by name.
pub fn all_in(root: &Path) -> Vec<Fixture> {
    let mut out = Vec::new();
    for sub in ["good", "bad"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(sub))
            .unwrap_or_else(|e| panic!("{sub}/: {e}"))
            .map(|entry| entry.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yml"))
            .collect();
        files.sort();
        for file in files {
            let name = format!("{sub}/{}", file.file_name().unwrap().to_string_lossy());
            let text = std::fs::read_to_string(&file).unwrap();
            out.push(parse(&name, text));
        }
    }
    out
}

/// Reads a fixture's header.
pub fn parse(name: &str, text: String) -> Fixture {
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix('#') else {
            break;
        };
        let rest = rest.trim();
        let Some((key, value)) = rest.split_once(':') else {
            panic!("{name}: header line `{line}` is not `# key: value`");
        };
        let key = key.trim();
        assert!(
            [
                "about", "error", "path", "at", "message", "hint", "expected", "schema", "root"
            ]
            .contains(&key),
            "{name}: unknown header key `{key}`"
        );
        assert!(
            fields.iter().all(|(k, _)| k != key),
            "{name}: header key `{key}` given twice"
        );
        fields.push((key.to_owned(), value.trim().to_owned()));
    }
    let get = |key: &str| {
        fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    let about = get("about").unwrap_or_else(|| panic!("{name}: no `# about:` line"));
    let bad = name.starts_with("bad/");
    let error = get("error").map(|kind| {
        let at = get("at").unwrap_or_else(|| panic!("{name}: no `# at:` line"));
        let (line, column) = at
            .split_once(':')
            .and_then(|(l, c)| Some((l.parse().ok()?, c.parse().ok()?)))
            .unwrap_or_else(|| panic!("{name}: `at` is not LINE:COLUMN"));
        Expected {
            kind,
            path: get("path").unwrap_or_else(|| panic!("{name}: no `# path:` line")),
            line,
            column,
            message: get("message").unwrap_or_else(|| panic!("{name}: no `# message:` line")),
            hint: get("hint"),
            expected: get("expected")
                .map(|list| list.split(", ").map(str::to_owned).collect())
                .unwrap_or_default(),
        }
    });
    assert_eq!(
        bad,
        error.is_some(),
        "{name}: bad fixtures, and only they, have `# error:`"
    );
    let schema_skip = get("schema").map(|value| {
        value
            .strip_prefix("skip:")
            .unwrap_or_else(|| panic!("{name}: `schema` must be `skip: REASON`"))
            .trim()
            .to_owned()
    });
    Fixture {
        name: name.to_owned(),
        text,
        about,
        error,
        schema_skip,
        root: get("root"),
    }
}

/// The kind's name in the corpus (`ErrorKind::MissingKey` is `missing-key`).
pub fn kind_name(kind: confspec_load::ErrorKind) -> &'static str {
    use confspec_load::ErrorKind::*;
    match kind {
        Syntax => "syntax",
        DuplicateKey => "duplicate-key",
        UnknownKey => "unknown-key",
        MissingKey => "missing-key",
        UnknownValue => "unknown-value",
        WrongType => "wrong-type",
        Rule => "rule",
        Other => "other",
    }
}

/// What the loader says, in the corpus's terms.
pub fn actual(error: &confspec_load::LoadError) -> Expected {
    Expected {
        kind: kind_name(error.kind).to_owned(),
        path: error.path.clone(),
        line: error.pos.line,
        column: error.pos.column,
        message: error.message.clone(),
        hint: error.hint.clone(),
        expected: error.expected.clone(),
    }
}

/// The corpus as JSON text (`corpus.json`): every fixture with its document as JSON (YAML 1.2
/// core schema, as the loader reads it; `null` when the text does not parse), its expectation
/// and, when `root_of` is given, its root type.
pub fn corpus_text(
    fixtures: &[Fixture],
    about: &str,
    root_of: Option<&dyn Fn(&Fixture) -> String>,
) -> String {
    use serde_json::{Value, json};
    let mut entries = Vec::new();
    for fixture in fixtures {
        let document = confspec_load::parse(&fixture.text)
            .map(|node| node.to_json())
            .unwrap_or(Value::Null);
        let mut map = serde_json::Map::new();
        map.insert("file".into(), json!(fixture.name));
        if let Some(root_of) = root_of {
            map.insert("root".into(), json!(root_of(fixture)));
        }
        map.insert("about".into(), json!(fixture.about));
        map.insert("valid".into(), json!(fixture.error.is_none()));
        map.insert(
            "compare_schema".into(),
            json!(fixture.schema_skip.is_none()),
        );
        if let Some(reason) = &fixture.schema_skip {
            map.insert("skip_reason".into(), json!(reason));
        }
        if let Some(error) = &fixture.error {
            map.insert(
                "error".into(),
                json!({
                    "kind": error.kind,
                    "path": error.path,
                    "line": error.line,
                    "column": error.column,
                    "message": error.message,
                    "hint": error.hint,
                    "expected": error.expected,
                }),
            );
        }
        map.insert("document".into(), document);
        entries.push(Value::Object(map));
    }
    let corpus = json!({ "about": about, "fixtures": entries });
    let mut text = serde_json::to_string_pretty(&corpus).expect("JSON values serialise");
    text.push('\n');
    text
}

/// Checks that the corpus file at `path` holds `fresh`, or with `UPDATE_CORPUS` set writes it;
/// a stale file fails naming `refresh`, the command that rewrites it.
pub fn assert_corpus_fresh(path: &Path, fresh: &str, refresh: &str) {
    if std::env::var_os("UPDATE_CORPUS").is_some() {
        std::fs::write(path, fresh).unwrap();
        return;
    }
    let current = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        current == fresh,
        "{} is stale: run `{refresh}`",
        path.display()
    );
}

/// Loads every bad fixture of `fixtures` with `load` and lists each that is accepted, gives more
/// than one error, or whose first error differs from its header (worded by `mismatch`). Returns
/// the problems and the number of bad fixtures.
pub fn bad_fixture_problems<T>(
    fixtures: Vec<Fixture>,
    load: impl Fn(&Fixture) -> Result<T, Vec<confspec_load::LoadError>>,
    mismatch: impl Fn(&Fixture, &Expected, &confspec_load::LoadError) -> String,
) -> (Vec<String>, usize) {
    let mut problems = Vec::new();
    let mut count = 0;
    for fixture in fixtures {
        let Some(expected) = &fixture.error else {
            continue;
        };
        count += 1;
        match load(&fixture) {
            Ok(_) => problems.push(format!("{}: accepted", fixture.name)),
            Err(errors) => {
                if errors.len() != 1 {
                    problems.push(format!(
                        "{}: {} errors: {errors:?}",
                        fixture.name,
                        errors.len()
                    ));
                }
                if &actual(&errors[0]) != expected {
                    problems.push(mismatch(&fixture, expected, &errors[0]));
                }
            }
        }
    }
    (problems, count)
}
