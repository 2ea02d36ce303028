//! The fixed sample of the differential run against dstack 0.18.7
//! (`tests/fixtures/dstack/differential.json`, recorded by `scripts/differential/sample.py`):
//! the Rust loader reaches on every case the verdict recorded for it, which is dstack's own
//! unless the case names a documented deliberate difference. The JSON Schema and the pydantic
//! bindings are held to the same sample by `codegen/tests/schema_agreement.rs` and
//! `tests/python/test_differential_sample.py`. A regression against dstack fails here without
//! dstack installed.

use schema::load;
use schema::{DstackConfiguration, ProfilesConfig};
use serde_json::Value;

fn sample() -> Vec<Value> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/dstack/differential.json");
    let text = std::fs::read_to_string(&path).expect("the sample");
    let sample: Value = serde_json::from_str(&text).expect("the sample is JSON");
    sample["cases"].as_array().expect("cases").clone()
}

fn loads(root: &str, text: &str) -> Result<(), String> {
    let result = match root {
        "DstackConfiguration" => load::from_str::<DstackConfiguration>(text).map(drop),
        "ProfilesConfig" => load::from_str::<ProfilesConfig>(text).map(drop),
        other => panic!("unknown root `{other}` in the sample"),
    };
    result.map_err(|errors| errors[0].to_string())
}

#[test]
fn the_loader_reaches_the_recorded_verdict_on_every_case_of_the_sample() {
    let cases = sample();
    assert!(
        cases.len() >= 300,
        "the sample shrank: {} cases",
        cases.len()
    );
    let mut problems = Vec::new();
    for case in &cases {
        let root = case["root"].as_str().expect("root");
        let text = case["text"].as_str().expect("text");
        let dstack = case["dstack"].as_bool().expect("dstack's verdict");
        let expected = case["expect"]["rust"]
            .as_bool()
            .expect("the loader's verdict");
        // A case in no documented class is one where the loader agrees with dstack.
        if case["differs"].is_null() {
            assert_eq!(
                expected, dstack,
                "a recorded disagreement without its class: {text}"
            );
        }
        let got = loads(root, text);
        if got.is_ok() != expected {
            problems.push(format!(
                "{} ({}): recorded {}, the loader {}: {text}",
                case["mutation"],
                case["differs"],
                if expected { "accepts" } else { "rejects" },
                match &got {
                    Ok(()) => "accepts".to_owned(),
                    Err(error) => format!("rejects ({error})"),
                }
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} cases changed verdict:\n{}",
        problems.len(),
        cases.len(),
        problems.join("\n")
    );
}

#[test]
fn the_sample_covers_both_roots_both_verdicts_and_the_deliberate_differences() {
    let cases = sample();
    for root in ["DstackConfiguration", "ProfilesConfig"] {
        for verdict in [true, false] {
            assert!(
                cases
                    .iter()
                    .any(|c| c["root"] == root && c["dstack"] == verdict),
                "no case of {root} that dstack {}",
                if verdict { "accepts" } else { "rejects" }
            );
        }
    }
    let classes: std::collections::BTreeSet<&str> = cases
        .iter()
        .filter_map(|c| c["differs"].as_array())
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        classes.len() >= 15,
        "only {} classes: {classes:?}",
        classes.len()
    );
}
