//! The loading API on the pipeline model: files, warnings for deprecated keys, errors deep in a
//! tagged union at their exact position, loading without the cross-field rules, other serde
//! formats through the same types, and the YAML 1.1 reading.

#[path = "common/pipeline.rs"]
mod pipeline;

use confspec_load::{ErrorKind, FileLoadError, Pos, Yaml11, deprecated};
use pipeline::{DEPRECATED_FIELDS, Pipeline, Step, Trigger};

const BUILD: &str = "name: build\nsteps:\n  - type: run\n    command: make\n";

#[test]
fn a_file_loads_and_a_missing_file_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pipeline.yml");
    std::fs::write(&path, BUILD).unwrap();
    let pipeline: Pipeline = confspec_load::from_path(&path).expect("loads");
    assert_eq!(pipeline.name, "build");
    match confspec_load::from_path::<Pipeline>(&dir.path().join("missing.yml")) {
        Err(FileLoadError::Io(at, _)) => assert!(at.ends_with("missing.yml")),
        other => panic!("{other:?}"),
    }
    std::fs::write(&path, "name: 7\nsteps: []\n").unwrap();
    match confspec_load::from_path::<Pipeline>(&path) {
        Err(FileLoadError::Content(at, errors)) => {
            assert_eq!(at, path);
            assert_eq!(errors[0].path, "name");
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
fn rules_run_with_from_str_and_not_with_from_node() {
    let text = "name: build\nsteps: []\n";
    let errors = confspec_load::from_str::<Pipeline>(text).expect_err("a rule is broken");
    assert_eq!(errors[0].kind, ErrorKind::Rule);
    let node = confspec_load::parse(text).expect("parses");
    let pipeline: Pipeline = confspec_load::from_node(&node).expect("serde alone accepts it");
    assert!(pipeline.steps.is_empty());
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
