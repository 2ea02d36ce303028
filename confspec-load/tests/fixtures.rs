//! The loader's own fixture corpus (`tests/fixtures/`, format in `tests/fixtures/README.md`),
//! on the small pipeline model of `common/pipeline.rs`, loaded with its cross-field rules and
//! the YAML 1.1 guard (naming no reader): every bad document is rejected with exactly the
//! errors its header lists (kind, YAML path, line, column, message, hint and accepted values,
//! in document order); every good document loads, and serialises back to what it says.

#[path = "common/fixtures.rs"]
mod fixtures;
#[path = "common/pipeline.rs"]
mod pipeline;

use std::path::{Path, PathBuf};

use confspec_load::{ErrorKind, LoadError, Loader, Yaml11Guard};
use pipeline::Pipeline;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// How the corpus is loaded: rules checked, the YAML 1.1 guard on.
fn load(text: &str) -> Result<Pipeline, Vec<LoadError>> {
    Loader::new()
        .with_yaml11(Yaml11Guard::new())
        .from_str_validated(text)
}

#[test]
fn every_bad_document_is_rejected_as_its_header_says() {
    let (problems, count) = fixtures::bad_fixture_problems(
        fixtures::all_in(&dir()),
        |fixture| load(&fixture.text),
        |fixture, expected, error| {
            format!(
                "{}:\n  expected {expected:?}\n  actual   {:?}",
                fixture.name,
                fixtures::actual(error)
            )
        },
    );
    assert!(count >= 15, "only {count} bad documents");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_corpus_has_documents_with_several_errors() {
    let all = fixtures::all_in(&dir());
    let several: Vec<_> = all.iter().filter(|f| f.errors.len() >= 3).collect();
    assert!(
        several.len() >= 2,
        "the corpus needs documents with several errors"
    );
    // One of them inside the arm of a union selected by `type`.
    assert!(
        several
            .iter()
            .any(|f| f.errors.iter().any(|e| e.path.starts_with("steps[")
                && e.path.contains("].")
                && e.kind == "wrong-type")),
        "no document with several errors inside a step"
    );
}

#[test]
fn every_good_document_loads_and_reads_back() {
    let mut problems = Vec::new();
    for fixture in fixtures::all_in(&dir())
        .iter()
        .filter(|f| f.errors.is_empty())
    {
        match load(&fixture.text) {
            Ok(pipeline) => {
                // What it serialises to loads again into the same value.
                let json = serde_json::to_value(&pipeline).expect("serialises");
                let again: Pipeline = serde_json::from_value(json.clone()).expect("reads back");
                assert_eq!(
                    serde_json::to_value(&again).unwrap(),
                    json,
                    "{}",
                    fixture.name
                );
            }
            Err(errors) => problems.push(format!("{}: {errors:?}", fixture.name)),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_corpus_covers_every_failure_kind() {
    let all = fixtures::all_in(&dir());
    for kind in [
        ErrorKind::Syntax,
        ErrorKind::DuplicateKey,
        ErrorKind::UnknownKey,
        ErrorKind::MissingKey,
        ErrorKind::UnknownValue,
        ErrorKind::WrongType,
        ErrorKind::Rule,
        ErrorKind::Other,
    ] {
        let name = fixtures::kind_name(kind);
        assert!(
            all.iter().any(|f| f.errors.iter().any(|e| e.kind == name)),
            "no bad document of kind {name}"
        );
    }
}
