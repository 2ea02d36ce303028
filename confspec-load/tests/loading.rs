//! The loading API on the pipeline model: files, warnings for deprecated keys, errors deep in a
//! tagged union at their exact position, every error of a document (also in serde's own
//! tagged unions, which buffer), the limit on their number, loading with and without the
//! cross-field rules (and a type that has none), other serde formats through the same types,
//! and the YAML 1.1 reading and its guard.

#[path = "common/pipeline.rs"]
mod pipeline;

use std::collections::BTreeMap;

use confspec_load::{
    ErrorKind, FileLoadError, LoadError, Loader, Pos, Yaml11, Yaml11Guard, deprecated,
};
use pipeline::{DEPRECATED_FIELDS, Pipeline, Step, Trigger};
use serde::Deserialize;

const BUILD: &str = "name: build\nsteps:\n  - type: run\n    command: make\n";

#[test]
fn a_file_loads_and_a_missing_file_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pipeline.yml");
    std::fs::write(&path, BUILD).unwrap();
    let pipeline: Pipeline = confspec_load::from_path_validated(&path).expect("loads");
    assert_eq!(pipeline.name, "build");
    match confspec_load::from_path::<Pipeline>(&dir.path().join("missing.yml")) {
        Err(FileLoadError::Io(at, _)) => assert!(at.ends_with("missing.yml")),
        other => panic!("{other:?}"),
    }
    std::fs::write(&path, "name: 7\nsteps: []\n").unwrap();
    match confspec_load::from_path::<Pipeline>(&path) {
        Err(err @ FileLoadError::Content(..)) => {
            let FileLoadError::Content(at, errors) = &err else {
                unreachable!()
            };
            assert_eq!(at, &path);
            assert_eq!(errors[0].path, "name");
            assert!(
                err.to_string()
                    .ends_with("pipeline.yml:1:7: name: expected a string, found integer `7`"),
                "{err}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn deprecated_keys_load_with_a_warning_at_the_key() {
    let text = format!("{BUILD}retry: true\n");
    let (pipeline, warnings) =
        deprecated::from_str::<Pipeline>(&text, DEPRECATED_FIELDS).expect("loads");
    #[allow(deprecated)]
    let retry = pipeline.retry;
    assert_eq!(retry, Some(true));
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].path, "retry");
    assert_eq!(warnings[0].pos, Pos { line: 5, column: 1 });
    assert_eq!(
        warnings[0].to_string(),
        "5:1: warning: retry: `retry` is deprecated. Use `retries` instead."
    );
    // Without a table of deprecated fields, the same document loads with no warning.
    let (_, none) = deprecated::from_str::<Pipeline>(&text, &[]).expect("loads");
    assert!(none.is_empty());
}

#[test]
fn an_error_deep_in_a_tagged_union_is_at_its_own_line_and_column() {
    let text = "name: build\nsteps:\n  - type: run\n    command: make\n  - type: cache\n    key: 5\n    paths: []\n";
    let errors = confspec_load::from_str::<Pipeline>(text).expect_err("refused");
    assert_eq!(errors[0].path, "steps[1].key");
    assert_eq!(
        errors[0].pos,
        Pos {
            line: 6,
            column: 10
        }
    );
    assert_eq!(errors[0].kind, ErrorKind::WrongType);
    assert_eq!(
        errors[0].to_string(),
        "6:10: steps[1].key: expected a string, found integer `5`"
    );
}

#[test]
fn rules_run_with_the_validated_loaders_only() {
    let text = "name: build\nsteps: []\n";
    let errors = confspec_load::from_str_validated::<Pipeline>(text).expect_err("a rule is broken");
    assert_eq!(errors[0].kind, ErrorKind::Rule);
    let node = confspec_load::parse(text).expect("parses");
    let errors = confspec_load::from_node_validated::<Pipeline>(&node).expect_err("the same");
    assert_eq!(errors[0].path, "steps");
    let pipeline: Pipeline = confspec_load::from_node(&node).expect("serde alone accepts it");
    assert!(pipeline.steps.is_empty());
    let pipeline: Pipeline = confspec_load::from_str(text).expect("serde alone accepts it");
    assert!(pipeline.steps.is_empty());
    // Rules run only on a document that deserialises: its serde errors come alone.
    let errors =
        confspec_load::from_str_validated::<Pipeline>("name: 1\nsteps: []\n").expect_err("refused");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].kind, ErrorKind::WrongType);
}

/// A type of a user's own with no cross-field rules: no `Validate`, no `no_rules!`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Job {
    name: String,
    #[serde(default)]
    retries: Option<u32>,
    #[serde(default)]
    tags: Vec<String>,
}

#[test]
fn a_type_without_rules_loads_with_from_str() {
    let job: Job = confspec_load::from_str("name: build\nretries: 2\n").expect("loads");
    assert_eq!((job.name.as_str(), job.retries), ("build", Some(2)));
    assert!(job.tags.is_empty());
    let errors = confspec_load::from_str::<Job>("name: [build]\nretires: 2\ntags: [a, 1]\n")
        .expect_err("three mistakes");
    let shown: Vec<String> = errors.iter().map(LoadError::to_string).collect();
    assert_eq!(
        shown,
        [
            "1:7: name: expected a string, found a list",
            "2:1: retires: unknown key `retires`, expected one of `name`, `retries`, `tags` (did you mean `retries`?)",
            "3:11: tags[1]: expected a string, found integer `1`",
        ]
    );
}

fn shown(errors: &[LoadError]) -> Vec<String> {
    errors.iter().map(LoadError::to_string).collect()
}

#[test]
fn every_error_is_reported_each_at_its_own_key_or_value() {
    let text = "\
name: build
steps:
  - type: cache
    key: 5
    paths: [target]
    ttl: 7
  - type: run
  - type: run
    command: [make]
on: [push, tag]
";
    let errors = confspec_load::from_str::<Pipeline>(text).expect_err("refused");
    assert_eq!(
        shown(&errors),
        [
            "4:10: steps[0].key: expected a string, found integer `5`",
            "6:5: steps[0].ttl: unknown key `ttl`, expected one of `type`, `key`, `paths`",
            "7:5: steps[1]: missing required key `command`",
            "9:14: steps[2].command: expected a string, found a list",
            "10:12: on[1]: unknown value `tag`, expected one of `push`, `pull_request`, `schedule`",
        ]
    );
}

#[test]
fn several_unknown_and_missing_keys_of_one_mapping() {
    let errors = confspec_load::from_str::<Pipeline>("nmae: build\nstesp: []\ncolor: red\n")
        .expect_err("refused");
    let kinds: Vec<(ErrorKind, &str)> = errors.iter().map(|e| (e.kind, e.path.as_str())).collect();
    // In document order: the mapping (its missing keys) starts where its first key does.
    assert_eq!(
        kinds,
        [
            (ErrorKind::UnknownKey, "nmae"),
            (ErrorKind::MissingKey, ""),
            (ErrorKind::MissingKey, ""),
            (ErrorKind::UnknownKey, "stesp"),
            (ErrorKind::UnknownKey, "color"),
        ]
    );
    assert_eq!(errors[0].hint.as_deref(), Some("did you mean `name`?"));
    assert_eq!(errors[1].message, "missing required key `name`");
    assert_eq!(errors[2].message, "missing required key `steps`");
}

#[test]
fn the_number_of_errors_is_limited() {
    let text: String = (0..30).map(|i| format!("key{i}: 1\n")).collect();
    let errors = confspec_load::from_str::<BTreeMap<String, String>>(&text).expect_err("refused");
    assert_eq!(errors.len(), confspec_load::MAX_ERRORS);
    assert_eq!(confspec_load::MAX_ERRORS, 20);
    assert_eq!(errors[19].path, "key19");
    let errors = Loader::new()
        .with_max_errors(3)
        .from_str::<BTreeMap<String, String>>(&text)
        .expect_err("refused");
    assert_eq!(errors.len(), 3);
    // Duplicate keys, found before the model reads the document, are limited the same way.
    let text: String = (0..5).map(|_| "a: 1\n").collect();
    let errors = Loader::new()
        .with_max_errors(3)
        .from_str::<BTreeMap<String, u8>>(&text)
        .expect_err("refused");
    assert_eq!(errors.len(), 3);
    assert!(errors.iter().all(|e| e.kind == ErrorKind::DuplicateKey));
}

/// A union tagged the way serde does it, which reads the mapping into a buffer first.
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Storage {
    #[allow(dead_code)]
    Local(Local),
    #[allow(dead_code)]
    S3(S3),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Local {
    #[allow(dead_code)]
    path: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct S3 {
    #[allow(dead_code)]
    bucket: String,
    #[allow(dead_code)]
    region: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct App {
    #[allow(dead_code)]
    name: String,
    #[allow(dead_code)]
    storage: Vec<Storage>,
}

#[test]
fn errors_in_a_union_serde_buffers_are_placed_at_the_value_they_are_about() {
    let text = "\
name: shop
storage:
  - type: s3
    bucket: 5
    regoin: eu
  - type: local
    path: /srv
    size: 10
  - type: local
";
    let errors = confspec_load::from_str::<App>(text).expect_err("refused");
    assert_eq!(
        shown(&errors),
        [
            "4:13: storage[0].bucket: expected a string, found integer `5`",
            "5:5: storage[0].regoin: unknown key `regoin`, expected one of `bucket`, `region` (did you mean `region`?)",
            "8:5: storage[1].size: unknown key `size`, expected one of `path`",
            "9:5: storage[2]: missing required key `path`",
        ]
    );
}

#[test]
fn a_type_that_refuses_its_stand_in_is_read_without_its_key() {
    // `timeout` refuses `0m`; its stand-in (asked for anything, a shorthand gets null) is
    // refused as well: that error is not reported, the key is left out instead, and the
    // document's other errors are reached; the missing `timeout` that leaving it out causes is
    // not reported either, and ends the collection.
    #[derive(Debug, Deserialize)]
    struct Run {
        #[allow(dead_code)]
        timeout: pipeline::Timeout,
        #[allow(dead_code)]
        name: String,
    }
    let errors = confspec_load::from_str::<Run>("timeout: 0m\nname: 5\n").expect_err("refused");
    assert_eq!(
        shown(&errors),
        [
            "1:10: timeout: a timeout must be longer than zero",
            "2:7: name: expected a string, found integer `5`",
        ]
    );
    let errors = confspec_load::from_str::<Run>("timeout: 0m\n").expect_err("refused");
    assert_eq!(
        shown(&errors),
        ["1:10: timeout: a timeout must be longer than zero"]
    );
}

#[test]
fn the_yaml11_guard_is_off_by_default_and_names_the_reader_it_is_given() {
    let text = "FLAG: on\nWHEN: 1:30\n";
    let env: BTreeMap<String, String> =
        confspec_load::from_str(text).expect("YAML 1.2 reads strings");
    assert_eq!((env["FLAG"].as_str(), env["WHEN"].as_str()), ("on", "1:30"));
    let errors = Loader::new()
        .with_yaml11(Yaml11Guard::new())
        .from_str::<BTreeMap<String, String>>(text)
        .expect_err("the guard refuses both");
    assert_eq!(
        shown(&errors),
        [
            "1:7: FLAG: `on` is the boolean `true` in YAML 1.1 and a string in YAML 1.2 (quote it: `\"on\"`)",
            "2:7: WHEN: `1:30` is the integer 90 in YAML 1.1 and a string in YAML 1.2 (quote it: `\"1:30\"`)",
        ]
    );
    assert!(errors.iter().all(|e| e.text_only));
    let errors = Loader::new()
        .with_yaml11(Yaml11Guard::read_by("the release script's reader"))
        .from_str::<BTreeMap<String, String>>("no: x\n")
        .expect_err("a key too");
    assert_eq!(
        errors[0].message,
        "`no` is the boolean `false` in YAML 1.1 (the release script's reader) and a string in YAML 1.2"
    );
    // A YAML 1.1 boolean word where a boolean is expected is refused with or without the guard.
    #[derive(Debug, Deserialize)]
    struct Flag {
        #[allow(dead_code)]
        on: bool,
    }
    let errors = confspec_load::from_str::<Flag>("on: yes\n").expect_err("not a boolean");
    assert_eq!(errors[0].hint.as_deref(), Some("write `true`"));
}

#[test]
fn the_same_types_read_json_through_serde() {
    // A tagged union read by another deserializer buffers the mapping and dispatches on the tag.
    let json = r#"{"name": "build", "steps": [{"type": "cache", "key": "k", "paths": []}], "on": ["push"], "timeout": "30m"}"#;
    let pipeline: Pipeline = serde_json::from_str(json).expect("JSON loads");
    assert!(matches!(&pipeline.steps[0], Step::Cache(c) if c.key == "k"));
    assert_eq!(pipeline.on, Some(vec![Trigger::Push]));
    assert_eq!(pipeline.timeout.as_ref().map(|t| t.minutes()), Some(30));
    let wrong = r#"{"name": "build", "steps": [{"type": "rn"}]}"#;
    let err = serde_json::from_str::<Pipeline>(wrong).expect_err("unknown tag");
    assert!(err.to_string().contains("unknown variant `rn`"), "{err}");
}

#[test]
fn a_union_buffered_from_json_reads_its_variant_as_the_loader_does() {
    // The buffered variant is read by the loader's own deserializer (one compiled reading per
    // type): the same strictness and messages as from YAML, as serde_json's error.
    let wrong_type = r#"{"name": "build", "steps": [{"type": "cache", "key": 7, "paths": []}]}"#;
    let err = serde_json::from_str::<Pipeline>(wrong_type).expect_err("a number is not a key");
    assert!(
        err.to_string().contains("expected a string, found"),
        "{err}"
    );
    let unknown =
        r#"{"name": "build", "steps": [{"type": "cache", "key": "k", "paths": [], "pathz": []}]}"#;
    let err = serde_json::from_str::<Pipeline>(unknown).expect_err("an unknown key");
    assert!(err.to_string().contains("pathz"), "{err}");
    let big = r#"{"name": "build", "steps": [{"type": "cache", "key": "k", "paths": [18446744073709551615]}]}"#;
    let err = serde_json::from_str::<Pipeline>(big).expect_err("a number is not a path");
    assert!(err.to_string().contains("18446744073709551615"), "{err}");
}

#[test]
fn parse_keeps_positions_and_the_yaml11_reading_of_plain_scalars() {
    let node = confspec_load::parse("name: build\nflag: yes\nwhen: 1:30\n").expect("parses");
    let flag = node.get("flag").expect("a key");
    assert_eq!(flag.pos, Pos { line: 2, column: 7 });
    let plain = flag.plain.as_ref().expect("a plain scalar keeps its text");
    assert_eq!(plain.text, "yes");
    assert_eq!(plain.yaml11, Some(Yaml11::Bool(true)));
    assert_eq!(confspec_load::yaml11_reading("1:30"), Yaml11::Int(90));
    assert_eq!(confspec_load::yaml11_reading("build"), Yaml11::Str);
}
