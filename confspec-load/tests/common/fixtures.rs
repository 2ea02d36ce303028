//! Reads a fixture corpus: YAML documents, each with a header saying whether it loads and, if
//! not, every error it gives, exactly (format: `tests/fixtures/README.md`).
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
    /// The expected errors, in document order; none for a good fixture.
    pub errors: Vec<Expected>,
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

impl Fixture {
    /// The first expected error (in document order); `None` for a good fixture.
    pub fn error(&self) -> Option<&Expected> {
        self.errors.first()
    }
}

/// The header keys said once per file.
const FILE_KEYS: &[&str] = &["about", "schema", "root"];
/// The header keys of one error: `error` starts it, the others follow it.
const ERROR_KEYS: &[&str] = &["error", "path", "at", "message", "hint", "expected"];

/// Reads a fixture's header: the file's keys, then one group of error keys per expected error,
/// each opened by its `# error:` line.
pub fn parse(name: &str, text: String) -> Fixture {
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut groups: Vec<Vec<(String, String)>> = Vec::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix('#') else {
            break;
        };
        let rest = rest.trim();
        let Some((key, value)) = rest.split_once(':') else {
            panic!("{name}: header line `{line}` is not `# key: value`");
        };
        let (key, value) = (key.trim().to_owned(), value.trim().to_owned());
        if FILE_KEYS.contains(&key.as_str()) {
            assert!(
                fields.iter().all(|(k, _)| *k != key),
                "{name}: header key `{key}` given twice"
            );
            fields.push((key, value));
        } else if key == "error" {
            groups.push(vec![(key, value)]);
        } else if ERROR_KEYS.contains(&key.as_str()) {
            let group = groups
                .last_mut()
                .unwrap_or_else(|| panic!("{name}: `# {key}:` before any `# error:` line"));
            assert!(
                group.iter().all(|(k, _)| *k != key),
                "{name}: header key `{key}` given twice for one error"
            );
            group.push((key, value));
        } else {
            panic!("{name}: unknown header key `{key}`");
        }
    }
    let get = |fields: &[(String, String)], key: &str| {
        fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    let about = get(&fields, "about").unwrap_or_else(|| panic!("{name}: no `# about:` line"));
    let bad = name.starts_with("bad/");
    let errors: Vec<Expected> = groups
        .iter()
        .map(|group| {
            let field = |key: &str| {
                get(group, key).unwrap_or_else(|| panic!("{name}: an error without `# {key}:`"))
            };
            let at = field("at");
            let (line, column) = at
                .split_once(':')
                .and_then(|(l, c)| Some((l.parse().ok()?, c.parse().ok()?)))
                .unwrap_or_else(|| panic!("{name}: `at` is not LINE:COLUMN"));
            Expected {
                kind: field("error"),
                path: field("path"),
                line,
                column,
                message: field("message"),
                hint: get(group, "hint"),
                expected: get(group, "expected")
                    .map(|list| list.split(", ").map(str::to_owned).collect())
                    .unwrap_or_default(),
            }
        })
        .collect();
    assert_eq!(
        bad,
        !errors.is_empty(),
        "{name}: bad fixtures, and only they, have `# error:`"
    );
    assert!(
        errors
            .windows(2)
            .all(|w| (w[0].line, w[0].column) <= (w[1].line, w[1].column)),
        "{name}: the errors are listed in document order"
    );
    let schema_skip = get(&fields, "schema").map(|value| {
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
        errors,
        schema_skip,
        root: get(&fields, "root"),
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
/// (`error`, the first in document order, and `errors`, all of them) and, when `root_of` is
/// given, its root type.
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
        map.insert("valid".into(), json!(fixture.errors.is_empty()));
        map.insert(
            "compare_schema".into(),
            json!(fixture.schema_skip.is_none()),
        );
        if let Some(reason) = &fixture.schema_skip {
            map.insert("skip_reason".into(), json!(reason));
        }
        let as_json = |error: &Expected| {
            json!({
                "kind": error.kind,
                "path": error.path,
                "line": error.line,
                "column": error.column,
                "message": error.message,
                "hint": error.hint,
                "expected": error.expected,
            })
        };
        if let Some(error) = fixture.error() {
            map.insert("error".into(), as_json(error));
            map.insert(
                "errors".into(),
                Value::Array(fixture.errors.iter().map(as_json).collect()),
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

/// Loads every bad fixture of `fixtures` with `load` and lists each that is accepted, gives
/// another number of errors than its header lists, or an error that differs from the header's
/// at the same rank (worded by `mismatch`). Returns the problems and the number of bad fixtures.
pub fn bad_fixture_problems<T>(
    fixtures: Vec<Fixture>,
    load: impl Fn(&Fixture) -> Result<T, Vec<confspec_load::LoadError>>,
    mismatch: impl Fn(&Fixture, &Expected, &confspec_load::LoadError) -> String,
) -> (Vec<String>, usize) {
    let mut problems = Vec::new();
    let mut count = 0;
    for fixture in fixtures {
        if fixture.errors.is_empty() {
            continue;
        }
        count += 1;
        match load(&fixture) {
            Ok(_) => problems.push(format!("{}: accepted", fixture.name)),
            Err(errors) => {
                if errors.len() != fixture.errors.len() {
                    problems.push(format!(
                        "{}: {} errors where the header lists {}: {errors:#?}",
                        fixture.name,
                        errors.len(),
                        fixture.errors.len()
                    ));
                }
                for (expected, error) in fixture.errors.iter().zip(&errors) {
                    if &actual(error) != expected {
                        problems.push(mismatch(&fixture, expected, error));
                    }
                }
            }
        }
    }
    (problems, count)
}
