//! The loader's own fixture corpus (`tests/fixtures/`, format in `tests/fixtures/README.md`),
//! on the small pipeline model of `common/pipeline.rs`: every bad document is rejected with
//! exactly the kind, YAML path, line, column, message, hint and accepted values its header
//! states; every good document loads, and serialises back to what it says.

#[path = "common/fixtures.rs"]
mod fixtures;
#[path = "common/pipeline.rs"]
mod pipeline;

use std::path::{Path, PathBuf};

use confspec_load::ErrorKind;
use pipeline::Pipeline;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

#[test]
fn every_bad_document_is_rejected_as_its_header_says() {
    let (problems, count) = fixtures::bad_fixture_problems(
        fixtures::all_in(&dir()),
        |fixture| confspec_load::from_str::<Pipeline>(&fixture.text),
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
fn every_good_document_loads_and_reads_back() {
    let mut problems = Vec::new();
    for fixture in fixtures::all_in(&dir())
        .iter()
        .filter(|f| f.error.is_none())
    {
        match confspec_load::from_str::<Pipeline>(&fixture.text) {
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
            all.iter()
                .any(|f| f.error.as_ref().is_some_and(|e| e.kind == name)),
            "no bad document of kind {name}"
        );
    }
}
