//! The `.dstack.yml` and `profiles.yml` fixture corpus (`tests/fixtures/dstack/`, format in
//! `tests/fixtures/README.md`; `# root:` names the model type): every bad document is rejected
//! with exactly the error its header states, every good one loads and serialises back to the
//! same YAML value (shorthands keep their written form). `fixtures/dstack/corpus.json` is the
//! same corpus as JSON for the JSON Schema, ajv and pydantic checks.

// The loader's fixture harness names the loader `confspec_load`, this crate's dependency `load`.
extern crate confspec_load;

#[path = "common/fixtures.rs"]
mod fixtures;

use schema::load::{self, LoadError};
use schema::{DstackConfiguration, ProfilesConfig};
use serde_json::Value;

/// The command that rewrites `corpus.json`.
const REFRESH: &str = "UPDATE_CORPUS=1 cargo test -p schema --test dstack_fixtures";

fn root_of(fixture: &fixtures::Fixture) -> &str {
    fixture
        .root
        .as_deref()
        .unwrap_or(fixtures::DSTACK_DEFAULT_ROOT)
}

/// Loads `text` as `root` and serialises the value back to JSON.
fn load_as(root: &str, text: &str) -> Result<Value, Vec<LoadError>> {
    match root {
        "DstackConfiguration" => load::from_str::<DstackConfiguration>(text)
            .map(|v| serde_json::to_value(v).expect("serialises")),
        "ProfilesConfig" => load::from_str::<ProfilesConfig>(text)
            .map(|v| serde_json::to_value(v).expect("serialises")),
        other => panic!("unknown root `{other}` in a fixture header"),
    }
}

/// The header lines a bad fixture would need, to show next to a mismatch.
fn header(error: &LoadError) -> String {
    let actual = fixtures::actual(error);
    let mut out = format!(
        "# error: {}\n# path: {}\n# at: {}:{}\n# message: {}\n",
        actual.kind, actual.path, actual.line, actual.column, actual.message
    );
    if let Some(hint) = &actual.hint {
        out.push_str(&format!("# hint: {hint}\n"));
    }
    if !actual.expected.is_empty() {
        out.push_str(&format!("# expected: {}\n", actual.expected.join(", ")));
    }
    out
}

#[test]
fn every_bad_document_is_rejected_as_its_header_says() {
    let (problems, count) = fixtures::bad_fixture_problems(
        fixtures::all_in(&fixtures::dstack_dir()),
        |fixture| load_as(root_of(fixture), &fixture.text),
        |fixture, _, error| format!("{}: the loader says\n{}", fixture.name, header(error)),
    );
    assert!(count >= 30, "only {count} bad documents");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_good_document_loads_and_round_trips() {
    let mut problems = Vec::new();
    let mut count = 0;
    for fixture in fixtures::all_in(&fixtures::dstack_dir()) {
        if !fixture.errors.is_empty() {
            continue;
        }
        count += 1;
        match load_as(root_of(&fixture), &fixture.text) {
            Err(errors) => problems.push(format!("{}: {errors:?}", fixture.name)),
            Ok(value) => {
                let original = load::parse(&fixture.text).unwrap().to_json();
                if value != original {
                    problems.push(format!(
                        "{}: serialises back as {value}, not as written ({original})",
                        fixture.name
                    ));
                }
            }
        }
    }
    assert!(count >= 10, "only {count} good documents");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_corpus_covers_every_kind_and_rule() {
    let all = fixtures::all_in(&fixtures::dstack_dir());
    let good = |tag: &str| {
        all.iter()
            .filter(|f| f.errors.is_empty())
            .any(|f| f.text.contains(&format!("type: {tag}\n")))
    };
    for tag in DstackConfiguration::TAGS {
        assert!(good(tag), "no good document of `type: {tag}`");
    }
    let rules = all
        .iter()
        .filter(|f| f.errors.iter().any(|e| e.kind == "rule"))
        .count();
    assert!(rules >= 7, "only {rules} cross-field rules");
}

/// `corpus.json`: every fixture with its root, its document as JSON and its expectation.
fn corpus() -> String {
    fixtures::corpus_text(
        &fixtures::all_in(&fixtures::dstack_dir()),
        &format!(
            "Generated from schema/tests/fixtures/dstack/*/*.yml (see ../README.md); do not edit. Refresh: {REFRESH}"
        ),
        Some(&|fixture| root_of(fixture).to_owned()),
    )
}

#[test]
fn corpus_json_matches_the_fixtures() {
    fixtures::assert_corpus_fresh(
        &fixtures::dstack_dir().join("corpus.json"),
        &corpus(),
        REFRESH,
    );
}

#[test]
fn shorthands_keep_their_form_and_expose_their_values() {
    use schema::configurations::TaskConfiguration;
    let text = "type: task\ncommands: [x]\nnodes: 4\nmax_duration: 1d\nresources:\n  gpu: A100:80GB:2\n  memory: 64GB..\n  shm_size: 512MB\n  cpu: 2..8\n";
    let DstackConfiguration::Task(task) = load::from_str::<DstackConfiguration>(text).unwrap()
    else {
        panic!("a task")
    };
    let TaskConfiguration {
        resources,
        nodes,
        max_duration,
        ..
    } = &task;
    let resources = resources.as_ref().unwrap();
    let gpu = resources.gpu.as_ref().unwrap();
    assert_eq!(gpu.count(), (Some(2), Some(2)));
    assert_eq!(gpu.names(), vec!["A100".to_owned()]);
    assert_eq!(gpu.memory_gb(), Some((Some(80.0), Some(80.0))));
    assert_eq!(resources.memory.as_ref().unwrap().min_gb(), Some(64.0));
    assert_eq!(resources.memory.as_ref().unwrap().max_gb(), None);
    assert_eq!(resources.shm_size.as_ref().unwrap().gb(), 0.5);
    assert_eq!(resources.cpu.as_ref().unwrap().max(), Some(8));
    assert_eq!(nodes.unwrap().get(), 4);
    assert_eq!(max_duration.as_ref().unwrap().seconds(), Some(86_400));
    // Written back exactly as written.
    let yaml = serde_saphyr::to_string(&DstackConfiguration::Task(task.clone())).unwrap();
    assert!(yaml.contains("gpu: A100:80GB:2"), "{yaml}");
    assert!(yaml.contains("nodes: 4\n"), "{yaml}");
    assert!(yaml.contains("memory: 64GB..\n"), "{yaml}");
    assert_eq!(resources.effective_disk().size().min_gb(), Some(100.0));
}

#[test]
fn a_python_version_written_as_a_number_loads_with_a_warning_naming_the_quoted_form() {
    use schema::configurations::{Python, PythonVersion};
    for (written, version) in [
        ("3.10", PythonVersion::Py310),
        ("3.11", PythonVersion::Py311),
        ("3.8", PythonVersion::Py38),
    ] {
        let text = format!("type: task\ncommands: [train]\npython: {written}\n");
        let (config, warnings) =
            schema::load_with_warnings::<DstackConfiguration>(&text).expect("loads");
        let DstackConfiguration::Task(task) = config else {
            panic!("a task")
        };
        assert!(matches!(task.python, Some(Python::Number(_))));
        assert_eq!(task.python.unwrap().version(), version);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].path, "python");
        assert_eq!((warnings[0].pos.line, warnings[0].pos.column), (3, 9));
        let quoted = format!("\"{}\"", version.as_str());
        assert!(warnings[0].message.contains(&quoted), "{}", warnings[0]);
    }
    // Quoted, the same version loads without a warning; a number that is no version is refused.
    let (_, warnings) = schema::load_with_warnings::<DstackConfiguration>(
        "type: task\ncommands: [train]\npython: \"3.10\"\n",
    )
    .unwrap();
    assert!(warnings.is_empty());
    let errors =
        load::from_str::<DstackConfiguration>("type: task\ncommands: [train]\npython: 3.7\n")
            .unwrap_err();
    assert_eq!(errors[0].path, "python");
}

#[test]
fn a_price_not_above_zero_is_refused_at_its_line_and_column_naming_the_bound() {
    for (text, path, at) in [
        (
            "type: task\ncommands: [x]\nmax_price: 0\n",
            "max_price",
            (3, 12),
        ),
        (
            "type: fleet\nnodes: 1\nmax_price: -1\n",
            "max_price",
            (3, 12),
        ),
        (
            "profiles:\n  - name: p\n    max_price: 0.0\n",
            "profiles[0].max_price",
            (3, 16),
        ),
    ] {
        let errors = if text.starts_with("profiles") {
            load::from_str::<ProfilesConfig>(text).unwrap_err()
        } else {
            load::from_str::<DstackConfiguration>(text).unwrap_err()
        };
        assert_eq!(errors[0].path, path, "{text}");
        assert_eq!((errors[0].pos.line, errors[0].pos.column), at, "{text}");
        assert!(errors[0].message.contains("above 0"), "{}", errors[0]);
    }
}

#[test]
fn a_shorthand_refuses_a_plain_word_yaml11_reads_otherwise_except_its_own() {
    // `off` is the word of `max_duration`; a host named `no` would be `false` to dstack.
    load::from_str::<DstackConfiguration>("type: task\ncommands: [x]\nmax_duration: off\n")
        .expect("`off` is max_duration's own word");
    let errors = load::from_str::<DstackConfiguration>("type: fleet\nssh_config:\n  hosts: [no]\n")
        .unwrap_err();
    assert_eq!(errors[0].path, "ssh_config.hosts[0]");
    assert!(errors[0].text_only);
    assert_eq!(errors[0].hint.as_deref(), Some("quote it: `\"no\"`"));
    load::from_str::<DstackConfiguration>("type: fleet\nssh_config:\n  hosts: [\"no\"]\n")
        .expect("quoted, it is a host name");
}
