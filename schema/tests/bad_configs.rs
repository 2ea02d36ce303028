//! The fixture corpus (`tests/fixtures/`, format in `tests/fixtures/README.md`): every bad config
//! is rejected with exactly the kind, YAML path, line, column, message, hint and accepted
//! values its header states; every good config loads. `fixtures/corpus.json`, the same corpus as
//! JSON for other languages, must match the fixtures.

// The loader's fixture harness names the loader `confspec_load`, this crate's dependency `load`.
extern crate confspec_load;

#[path = "common/fixtures.rs"]
mod fixtures;

use schema::ServerConfig;
use schema::load::{self, ErrorKind};

/// The command that rewrites `corpus.json`.
const REFRESH: &str = "UPDATE_CORPUS=1 cargo test -p schema --test bad_configs";

#[test]
fn every_bad_config_is_rejected_as_its_header_says() {
    let (problems, count) = fixtures::bad_fixture_problems(
        fixtures::all(),
        |fixture| load::from_str::<ServerConfig>(&fixture.text),
        |fixture, expected, error| {
            format!(
                "{}:\n  expected {expected:?}\n  actual   {:?}",
                fixture.name,
                fixtures::actual(error)
            )
        },
    );
    assert!(count >= 30, "only {count} bad configs");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_good_config_loads() {
    let mut problems = Vec::new();
    for fixture in fixtures::all().iter().filter(|f| f.errors.is_empty()) {
        if let Err(errors) = load::from_str::<ServerConfig>(&fixture.text) {
            problems.push(format!("{}: {errors:?}", fixture.name));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_corpus_covers_every_failure_kind_and_every_backend() {
    let all = fixtures::all();
    let bad: Vec<_> = all.iter().filter(|f| !f.errors.is_empty()).collect();
    for kind in [
        ErrorKind::Syntax,
        ErrorKind::DuplicateKey,
        ErrorKind::UnknownKey,
        ErrorKind::MissingKey,
        ErrorKind::UnknownValue,
        ErrorKind::WrongType,
        ErrorKind::Rule,
    ] {
        let name = fixtures::kind_name(kind);
        assert!(
            bad.iter().any(|f| f.errors.iter().any(|e| e.kind == name)),
            "no bad config of kind {name}"
        );
    }
    for backend in schema::BackendConfig::TAGS {
        let prefix = format!("bad/{backend}-");
        assert!(
            bad.iter().any(|f| f.name.starts_with(&prefix)),
            "no bad config for the {backend} backend (bad/{backend}-*.yml)"
        );
        let in_good = all
            .iter()
            .filter(|f| f.errors.is_empty())
            .any(|f| f.text.contains(&format!("type: {backend}\n")));
        assert!(in_good, "no good config uses the {backend} backend");
    }
    // The named failures of the specification, each with its own file.
    for name in [
        "yaml11-boolean-yes",
        "yaml11-boolean-off",
        "yaml11-boolean-n",
        "port-string",
        "port-out-of-range",
        "integer-for-string",
        "oci-both-keys",
        "oci-no-key",
        "duplicate-key",
        "unknown-key-creds",
        "unknown-backend-type",
    ] {
        assert!(
            bad.iter().any(|f| f.name == format!("bad/{name}.yml")),
            "bad/{name}.yml is missing"
        );
    }
}

/// `corpus.json`: every fixture with its document as JSON (YAML 1.2 core schema, as the loader
/// reads it; `null` when the text does not parse) and its expectation.
fn corpus() -> String {
    fixtures::corpus_text(
        &fixtures::all(),
        &format!(
            "Generated from schema/tests/fixtures/*/*.yml (see README.md there); do not edit. Refresh: {REFRESH}"
        ),
        None,
    )
}

#[test]
fn corpus_json_matches_the_fixtures() {
    fixtures::assert_corpus_fresh(&fixtures::dir().join("corpus.json"), &corpus(), REFRESH);
}
