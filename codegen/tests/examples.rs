//! The YAML examples check: the project's own docs, the dstack seed page (verdicts worked out by
//! hand from the model specification), a corpus of broken examples with exact positions, the
//! serde/schema differential, the job stage and the `codegen check` command line.

use std::path::{Path, PathBuf};

use confspec::context::Context;
use confspec::docs::examples::{self, Checker, ExampleFailure, FailureKind, Report, Rule, Status};
use confspec::output::Outputs;

mod common;

use common::{codegen, context_at, outcome, workspace};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/examples")
}

/// The fixture project: its own codegen.toml maps editor titles, a page and a legacy schema URL.
fn fixture_context() -> Context {
    let ctx = context_at(&fixtures());
    assert!(
        ctx.root.ends_with("fixtures/examples"),
        "the fixtures' codegen.toml was not found (got {})",
        ctx.root.display()
    );
    ctx
}

fn check(ctx: &Context, name: &str, text: &str) -> Report {
    let mut checker = Checker::new(ctx).expect("settings are valid");
    let (examples, page_warnings) = checker.check_page(Path::new(name), Some(name), text);
    Report {
        pages: vec![PathBuf::from(name)],
        examples,
        page_warnings,
    }
}

/// Shared reference material: present on dev machines and in CI; a missing file fails in CI and
/// is reported as skipped elsewhere.
// --- The corpus of broken examples --------------------------------------------------------

#[test]
fn every_fixture_reports_exactly_its_expected_lines() {
    let ctx = fixture_context();
    let mut pages = 0;
    insta::glob!("fixtures/examples/*.md", |page| {
        pages += 1;
        let name = page.file_name().unwrap().to_str().unwrap().to_owned();
        let text = std::fs::read_to_string(page).unwrap();
        let report = check(&ctx, &name, &text);
        insta::assert_snapshot!(report.to_text(false));
    });
    assert_eq!(pages, 10, "the fixture pages");
}

/// Without `[examples] toml`, a `toml` block is no settings file the check knows: each is
/// reported as not checked, with what to do, unless its marker names its type; an
/// `expect-error` block without a type fails at its marker, since nothing proves its mistake is
/// refused (the fixture page toml.md, read with the setting removed).
#[test]
fn toml_blocks_are_not_checked_without_the_setting() {
    let mut ctx = fixture_context();
    assert_eq!(ctx.config.examples.toml.as_deref(), Some("CodegenToml"));
    ctx.config.examples.toml = None;
    let text = std::fs::read_to_string(fixtures().join("toml.md")).unwrap();
    let report = check(&ctx, "toml.md", &text);
    let verdicts: Vec<(usize, Status, Option<&str>)> = report
        .examples
        .iter()
        .map(|e| (e.line, e.status, e.root.as_deref()))
        .collect();
    assert_eq!(
        verdicts,
        [
            (5, Status::NotChecked, None),
            (19, Status::NotChecked, None),
            (37, Status::Passed, Some("CodegenPackage")),
            (47, Status::Failed, None),
            (55, Status::Failed, None),
            (71, Status::Refused, Some("CodegenPackage")),
            (79, Status::Failed, None),
            (90, Status::NotChecked, None),
        ]
    );
    let reason = report.examples[0].reason.as_deref().unwrap();
    assert!(
        reason.starts_with("a TOML block, and `[examples] toml` in codegen.toml names no type"),
        "{reason}"
    );
    // An `expect-error` block with no type to check it as fails at its marker, saying so.
    let failure = &report.examples[3].failures[0];
    assert_eq!((failure.line, failure.kind), (46, FailureKind::Marker));
    assert!(
        failure.message.contains("but it is not checked"),
        "{}",
        failure.message
    );
    let summary = report.to_text(true);
    assert!(
        summary.ends_with(
            "8 TOML examples: 5 checked, 2 passed, 3 failed, 3 not checked; 3 warnings\n"
        ),
        "{summary}"
    );
    assert!(
        report.failed(true),
        "--strict: a block not checked is an error"
    );
    // The JSON report carries each block's language and the error its marker expects.
    let json: serde_json::Value = serde_json::from_str(&report.to_json(false)).unwrap();
    assert_eq!(json["examples"][3]["language"], "toml");
    assert_eq!(
        json["examples"][3]["expected_error"],
        "missing required key `output`"
    );
    assert_eq!(json["page_warnings"][0]["line"], 62);
}

#[test]
fn truncated_and_mangled_pages_never_panic() {
    let ctx = fixture_context();
    let mut checker = Checker::new(&ctx).unwrap();
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        for end in 0..=lines.len() {
            let prefix = lines[..end].concat();
            checker.check_page(Path::new("cut.md"), None, &prefix);
            // The same page with tabs for indentation and Windows line ends.
            let mangled = prefix.replace("    ", "\t").replace('\n', "\r\n");
            checker.check_page(Path::new("cut.md"), None, &mangled);
        }
    }
}

#[test]
fn failures_carry_kinds_paths_and_hints() {
    let ctx = fixture_context();
    let text = std::fs::read_to_string(fixtures().join("admonitions.md")).unwrap();
    let report = check(&ctx, "admonitions.md", &text);
    let failures: Vec<&ExampleFailure> = report.examples.iter().flat_map(|e| &e.failures).collect();
    let kinds: Vec<FailureKind> = failures.iter().map(|f| f.kind).collect();
    assert_eq!(
        kinds,
        [
            FailureKind::WrongType,
            FailureKind::Rule,
            FailureKind::DuplicateKey,
            FailureKind::MissingKey
        ]
    );
    assert_eq!(failures[0].hint.as_deref(), Some("write `false`"));
    // The block of the duplicate key sits three containers deep, 12 columns in.
    let twice = &report.examples[2];
    assert_eq!(
        twice.containers,
        [
            "!!! note \"OCI\"",
            "=== \"Twice\"",
            "??? info \"Nested deeper\""
        ]
    );
    assert_eq!((twice.line, twice.end_line, twice.indent), (42, 47, 12));
    assert_eq!(twice.rule, Some(Rule::TopLevelKeys));
    let oci = &report.examples[1];
    assert_eq!(
        oci.editor_title.as_deref(),
        Some("~/.dstack/server/config.yml")
    );
    assert_eq!(oci.rule, Some(Rule::EditorTitle));
}

/// An unknown key that other variants of the same tagged union declare: the hint names those
/// kinds (the tag is the likelier mistake), at any depth of the block.
#[test]
fn an_unknown_key_of_another_kind_names_the_kinds_that_have_it() {
    let ctx = fixture_context();
    let page = "```yaml\nprojects:\n- name: main\n  backends:\n  - type: aws\n    project_id: x\n    \
                creds:\n      type: default\n```\n";
    let report = check(&ctx, "kinds.md", page);
    let failure = &report.examples[0].failures[0];
    assert_eq!(failure.path, "projects[0].backends[0].project_id");
    assert_eq!(
        failure.hint.as_deref(),
        Some(
            "`project_id` is a key of `type: cudo`, `type: gcp`, not of `type: aws`: \
             is the `type` right?"
        )
    );
    // A key no kind has keeps the plain error (and its closest key, when there is one).
    let report = check(&ctx, "kinds.md", &page.replace("project_id", "regoins"));
    assert_eq!(
        report.examples[0].failures[0].hint.as_deref(),
        Some("did you mean `regions`?")
    );
    let report = check(&ctx, "kinds.md", &page.replace("project_id", "zzz"));
    assert_eq!(report.examples[0].failures[0].hint, None);
}

#[test]
fn rules_are_applied_most_explicit_first() {
    let ctx = fixture_context();
    let text = std::fs::read_to_string(fixtures().join("rules.md")).unwrap();
    let report = check(&ctx, "rules.md", &text);
    let verdicts: Vec<(usize, Option<&str>, Option<Rule>, Status)> = report
        .examples
        .iter()
        .map(|e| (e.line, e.root.as_deref(), e.rule, e.status))
        .collect();
    use Rule::*;
    use Status::*;
    let server = Some("ServerConfig");
    assert_eq!(
        verdicts,
        [
            (4, None, None, Skipped),
            (9, None, None, Skipped),
            (15, None, None, Skipped),
            (21, Some("AWSConfig"), Some(Marker), Passed),
            (28, None, None, Failed),
            (33, None, None, Failed),
            (37, server, Some(Modeline), Passed),
            (45, server, Some(Modeline), Passed),
            (52, server, Some(Modeline), Failed),
            (59, None, None, NotChecked),
            (67, Some("AWSConfig"), Some(EditorTitle), Failed),
            // Its editor title `.dstack.yml` matches `"*.dstack.yml"` of [examples] files.
            (76, Some("DstackConfiguration"), Some(EditorTitle), Passed),
            (86, server, Some(TopLevelKeys), Passed),
            (94, server, Some(TopLevelKeys), Failed),
        ]
    );
    // The page default applies only under the name `[examples] pages` gives it.
    let page = std::fs::read_to_string(fixtures().join("page-default.md")).unwrap();
    let as_configured = check(&ctx, "page-default.md", &page);
    assert_eq!(as_configured.examples[0].rule, Some(Page));
    let elsewhere = check(&ctx, "other.md", &page);
    assert_eq!(elsewhere.examples[0].rule, Some(TopLevelKeys));
    assert_eq!(elsewhere.examples[1].status, NotChecked);
    assert_eq!(
        elsewhere.examples[1].reason.as_deref(),
        Some("top-level keys kind, nodes match no model")
    );
}

#[test]
fn strict_makes_blocks_not_checked_errors_but_not_opt_outs() {
    let ctx = fixture_context();
    let kind = "```yaml\nkind: Cluster\n```\n";
    let report = check(&ctx, "kind.md", kind);
    assert!(!report.failed(false));
    assert!(report.failed(true));
    assert_eq!(
        report.to_text(true),
        "kind.md:1:1: error: not checked: top-level keys kind match no model\n\
         \n\
         file     blocks  passed  failed  not checked\n\
         kind.md       1       0       0            1\n\
         total         1       0       0            1\n\
         1 YAML example: 0 checked, 0 passed, 0 failed, 1 not checked\n"
    );
    let skipped = check(&ctx, "kind.md", &format!("<!-- codegen: skip -->\n{kind}"));
    assert!(!skipped.failed(true));
}

#[test]
fn the_json_report_has_spans_verdicts_and_failures() {
    let ctx = fixture_context();
    let text = std::fs::read_to_string(fixtures().join("tabs.md")).unwrap();
    let report = check(&ctx, "tabs.md", &text);
    let json: serde_json::Value = serde_json::from_str(&report.to_json(false)).unwrap();
    assert_eq!(
        json["summary"],
        serde_json::json!({"blocks": 4, "checked": 4, "passed": 1, "failed": 3, "not_checked": 0, "opted_out": 0, "warnings": 0})
    );
    assert_eq!(json["failed"], true);
    let first = &json["examples"][0];
    assert_eq!(first["file"], "tabs.md");
    assert_eq!(
        (first["line"].as_u64(), first["end_line"].as_u64()),
        (Some(7), Some(14))
    );
    assert_eq!(first["root"], "ServerConfig");
    assert_eq!(first["rule"], "editor-title");
    assert_eq!(first["status"], "failed");
    // Every error of the block, in page order: the key it misses, and the misspelt key.
    assert_eq!(
        first["failures"],
        serde_json::json!([
            {
                "line": 9, "column": 7, "path": "projects[0]",
                "message": "missing required key `backends`", "kind": "missing-key"
            },
            {
                "line": 10, "column": 7, "path": "projects[0].backend",
                "message": "unknown key `backend`, expected one of `name`, `backends`",
                "hint": "did you mean `backends`?", "kind": "unknown-key"
            }
        ])
    );
    assert_eq!(json["examples"][3]["status"], "passed");
}

// --- The seed page ------------------------------------------------------------------------

/// Every `yaml` block of the seed page, by opening line, as read from the page and the model
/// specification (dstack-server-config-model.md): blocks wrapped in
/// `<div editor-title="~/.dstack/server/config.yml">` are `ServerConfig` by `[examples] files`;
/// the five unwrapped ones with a `projects` key are `ServerConfig` by top-level keys; the Kind
/// cluster config matches no model. All are complete, valid configurations except the GCP
/// "Private subnets" block (431), whose gcp backend lacks the required `project_id`.
const SEED_VERDICTS: &[(usize, Option<Rule>, Status)] = {
    use Rule::*;
    use Status::*;
    &[
        (26, Some(EditorTitle), Passed),   // AWS, access key
        (45, Some(EditorTitle), Passed),   // AWS, default credentials
        (61, Some(TopLevelKeys), Passed),  // AWS vpc_name (in ??? info, === tab)
        (73, Some(TopLevelKeys), Passed),  // AWS vpc_ids and default_vpcs
        (164, Some(TopLevelKeys), Passed), // AWS public_ips: false
        (199, Some(EditorTitle), Passed),  // Azure, client secret
        (226, Some(EditorTitle), Passed),  // Azure, default credentials
        (307, Some(EditorTitle), Passed),  // GCP, service account file (not read)
        (332, Some(EditorTitle), Passed),  // GCP, default credentials
        (354, Some(EditorTitle), Passed),  // GCP, vpc_name
        (372, Some(EditorTitle), Passed),  // GCP, shared VPC
        (431, Some(TopLevelKeys), Failed), // GCP private subnets: no project_id
        (457, Some(EditorTitle), Passed),  // OCI, client credentials with key_file
        (480, Some(EditorTitle), Passed),  // OCI, default credentials
        (508, Some(TopLevelKeys), Passed), // OCI compartment_id
        (527, Some(EditorTitle), Passed),  // Lambda
        (548, Some(EditorTitle), Passed),  // TensorDock
        (572, Some(EditorTitle), Passed),  // Vast.ai
        (595, Some(EditorTitle), Passed),  // RunPod
        (615, Some(EditorTitle), Passed),  // CUDO
        (636, Some(EditorTitle), Passed),  // DataCrunch
        (671, Some(EditorTitle), Passed),  // Kubernetes, self-managed (~/.kube/config not read)
        (691, None, NotChecked),           // Kind cluster config
        (714, Some(EditorTitle), Passed),  // Kubernetes, managed
    ]
};

#[test]
fn seed_page_verdicts_match_the_model_specification() {
    let Some((_, text)) = common::shared(common::SEED) else {
        return;
    };
    let ctx = context_at(&workspace());
    let report = examples::check_text(&ctx, Path::new("server-config.yml.md"), &text).unwrap();
    let verdicts: Vec<(usize, Option<Rule>, Status)> = report
        .examples
        .iter()
        .map(|e| (e.line, e.rule, e.status))
        .collect();
    assert_eq!(verdicts, SEED_VERDICTS);
    for example in &report.examples {
        let expected_root = (example.status != Status::NotChecked).then_some("ServerConfig");
        assert_eq!(
            example.root.as_deref(),
            expected_root,
            "block at line {}",
            example.line
        );
    }
    // The one failure: `- type: gcp` at line 435, column 13 (the block is indented 4 columns;
    // the mapping starts at its `type` key) lacks `project_id`.
    let failed = &report.examples[11];
    assert_eq!(
        failed.failures,
        [ExampleFailure {
            line: 435,
            column: 13,
            path: "projects[0].backends[0]".into(),
            message: "missing required key `project_id`".into(),
            hint: None,
            kind: FailureKind::MissingKey,
        }]
    );
    let kind = &report.examples[22];
    assert_eq!(
        kind.reason.as_deref(),
        Some("top-level keys kind, apiVersion, nodes match no model")
    );
    assert_eq!(
        kind.containers,
        ["=== \"Self-managed\"", "??? info \"Kind\""]
    );
    assert_eq!(
        report.to_text(false),
        "server-config.yml.md:435:13: error: projects[0].backends[0]: missing required key `project_id`\n\
         server-config.yml.md:691:9: note: not checked: top-level keys kind, apiVersion, nodes match no model\n\
         \n\
         file                  blocks  passed  failed  not checked\n\
         server-config.yml.md      24      22       1            1\n\
         total                     24      22       1            1\n\
         24 YAML examples: 23 checked, 22 passed, 1 failed, 1 not checked\n"
    );
    assert_eq!(report.clone().accepted().len(), 22);
    // Accepted values are the examples themselves (nothing filled in, nothing read from disk).
    let vpc_ids = report.examples[3].value.as_ref().unwrap();
    assert_eq!(
        vpc_ids["projects"][0]["backends"][0],
        serde_json::json!({
            "type": "aws", "creds": {"type": "default"}, "default_vpcs": true,
            "vpc_ids": {"us-east-1": "vpc-0a2b3c4d5e6f7g8h", "us-east-2": "vpc-9i8h7g6f5e4d3c2b", "us-west-1": "vpc-4d3c2b1a0f9e8d7"}
        })
    );
    let service_account = report.examples[7].value.as_ref().unwrap();
    assert_eq!(
        service_account["projects"][0]["backends"][0]["creds"],
        serde_json::json!({"type": "service_account", "filename": "~/.dstack/server/gcp-024ed630eab5.json"})
    );
}

// --- The project's own docs ---------------------------------------------------------------

#[test]
fn the_docs_read_dstack_documents_as_schema_load_does() {
    // `[load]` of codegen.toml (the examples check) and the `schema` crate's entry points
    // (dstack's Rust users) are two statements of one fact: dstack reads YAML 1.1.
    let ctx = context_at(&workspace());
    assert_eq!(ctx.config.loader(), schema::load::loader());
    assert!(ctx.config.loader().yaml11().is_some());
}

#[test]
fn every_example_of_the_project_docs_passes() {
    let ctx = context_at(&workspace());
    let pages = ctx.root.join(
        &ctx.config
            .docs
            .as_ref()
            .expect("[docs] is configured")
            .pages,
    );
    let report = examples::check_configured(&ctx).unwrap();
    if !pages.is_dir() {
        eprintln!(
            "skipped: {} does not exist yet (the fixtures cover the check)",
            pages.display()
        );
        return;
    }
    assert!(
        !report.examples.is_empty(),
        "no YAML example in {}",
        pages.display()
    );
    assert!(!report.failed(true), "{}", report.to_text(true));
    let accepted = examples::accepted_examples(&ctx).unwrap();
    let passed = report
        .examples
        .iter()
        .filter(|e| e.status == Status::Passed)
        .count();
    assert_eq!(accepted.len(), passed);
    for example in &accepted {
        assert!(
            example.file.starts_with("site/pages"),
            "{}",
            example.file.display()
        );
        assert!(ctx.registered(&example.root).is_some());
        assert!(
            example.value.is_object(),
            "{}:{}",
            example.file.display(),
            example.line
        );
    }
}

// --- The serde / JSON Schema differential --------------------------------------------------

fn schema_with(ctx: &Context, change: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut schema: serde_json::Value = serde_json::from_str(
        &confspec::emit::json_schema::schema_text(ctx, "ServerConfig").unwrap(),
    )
    .unwrap();
    change(&mut schema);
    schema.to_string()
}

const PAGE: &str = "<div editor-title=\"~/.dstack/server/config.yml\">\n\n```yaml\nprojects:\n  - name: main\n    backends: []\n```\n\n</div>\n\n```yaml\nprojects:\n  - name: other\n```\n";

#[test]
fn the_emitted_schema_agrees_with_serde() {
    let ctx = fixture_context();
    let report = check(&ctx, "page.md", PAGE);
    let failures: Vec<&ExampleFailure> = report.examples.iter().flat_map(|e| &e.failures).collect();
    assert_eq!(failures.len(), 1, "{}", report.to_text(false));
    assert_eq!(failures[0].message, "missing required key `backends`");
}

#[test]
fn a_schema_stricter_than_serde_is_an_internal_defect() {
    let ctx = fixture_context();
    let schema = schema_with(&ctx, |s| {
        s["definitions"]["ProjectConfig"]["properties"]["name"]["maxLength"] = 2.into();
    });
    let mut checker = Checker::new(&ctx)
        .unwrap()
        .with_schema_text("ServerConfig", &schema);
    let (examples, _) = checker.check_page(Path::new("page.md"), None, PAGE);
    assert_eq!(
        examples[0].failures,
        [ExampleFailure {
            line: 5,
            column: 5,
            path: "projects[0].name".into(),
            message: "internal: serde accepts but the JSON Schema rejects this: \"main\" is longer than 2 characters"
                .into(),
            hint: None,
            kind: FailureKind::Internal,
        }]
    );
    assert_eq!(examples[0].status, Status::Failed);
    assert!(
        examples[0].value.is_none(),
        "an example with an internal failure is not accepted"
    );
    // The second block fails on its own (no `backends`); the schema rejects it too: no defect.
    assert_eq!(examples[1].failures.len(), 1);
    assert_eq!(examples[1].failures[0].kind, FailureKind::MissingKey);
}

#[test]
fn a_schema_laxer_than_serde_is_an_internal_defect() {
    let ctx = fixture_context();
    let schema = schema_with(&ctx, |s| {
        s["definitions"]["ProjectConfig"]["required"] = serde_json::json!(["name"]);
    });
    let mut checker = Checker::new(&ctx)
        .unwrap()
        .with_schema_text("ServerConfig", &schema);
    let (examples, _) = checker.check_page(Path::new("page.md"), None, PAGE);
    assert!(examples[0].failures.is_empty());
    let messages: Vec<(usize, usize, &str, FailureKind)> = examples[1]
        .failures
        .iter()
        .map(|f| (f.line, f.column, f.message.as_str(), f.kind))
        .collect();
    assert_eq!(
        messages,
        [
            (
                13,
                5,
                "missing required key `backends`",
                FailureKind::MissingKey
            ),
            (
                13,
                5,
                "internal: the JSON Schema accepts but serde rejects this: missing required key `backends`",
                FailureKind::Internal
            ),
        ]
    );
}

#[test]
fn syntax_errors_and_yaml11_booleans_are_outside_the_comparison() {
    let ctx = fixture_context();
    // A schema that accepts anything would disagree with every rejection serde makes.
    let mut checker = Checker::new(&ctx)
        .unwrap()
        .with_schema_text("ServerConfig", "{}");
    let page = "```yaml\nprojects: [\n```\n\n```yaml\nprojects:\n  - name: a\n    name: b\n```\n\n\
                ```yaml\nprojects:\n  - name: a\n    backends:\n      - type: aws\n        public_ips: yes\n        creds: {type: default}\n```\n\n\
                ```yaml\nprojects: 1\n```\n";
    let (examples, _) = checker.check_page(Path::new("page.md"), None, page);
    let kinds: Vec<Vec<FailureKind>> = examples
        .iter()
        .map(|e| e.failures.iter().map(|f| f.kind).collect())
        .collect();
    assert_eq!(
        kinds,
        [
            vec![FailureKind::Syntax],
            vec![FailureKind::DuplicateKey],
            vec![FailureKind::WrongType],
            vec![FailureKind::WrongType, FailureKind::Internal],
        ]
    );
}

#[test]
fn a_schema_that_does_not_compile_is_reported() {
    let ctx = fixture_context();
    let mut checker = Checker::new(&ctx)
        .unwrap()
        .with_schema_text("ServerConfig", "not json");
    let (examples, _) = checker.check_page(Path::new("page.md"), None, PAGE);
    assert_eq!(examples[0].failures.len(), 1);
    assert!(
        examples[0].failures[0]
            .message
            .starts_with("internal: the JSON Schema of `ServerConfig` is not JSON"),
        "{:?}",
        examples[0].failures
    );
}

// --- Settings ------------------------------------------------------------------------------

#[test]
fn settings_naming_unknown_types_are_errors_in_codegen_toml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("codegen.toml"),
        "[examples]\nroots = [\"ServerConfig\", \"ServerConfg\"]\n",
    )
    .unwrap();
    let ctx = context_at(dir.path());
    let Err(confspec::diagnostics::Failure::Content(diagnostics)) = Checker::new(&ctx) else {
        panic!("unknown root accepted");
    };
    assert_eq!(
        diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        [format!(
            "codegen.toml:2:27: error: [examples] roots names `ServerConfg`, which is not a model type\n  hint: {}",
            ctx.registration_hint()
        )]
    );
    // The hint says how types get registered, and how many this binary has.
    let hint = ctx.registration_hint();
    assert!(hint.contains("confspec_build::scan"), "{hint}");
    assert!(
        hint.contains(&format!("this binary has {}", ctx.types.len())),
        "{hint}"
    );
}

// --- The job stage and the command line -----------------------------------------------------

#[test]
fn the_stage_reports_each_failure_at_its_page_line() {
    let ctx = fixture_context();
    let mut diagnostics = Vec::new();
    examples::stage(&ctx, &mut Outputs::default(), &mut diagnostics).unwrap();
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.severity == confspec::diagnostics::Severity::Error)
        .map(ToString::to_string)
        .collect();
    // 32 of the YAML pages, 3 of toml.md (two of its settings files, markers that do not go
    // together).
    assert_eq!(errors.len(), 35);
    assert_eq!(
        errors[0],
        "admonitions.md:13:25: error: ServerConfig example: projects[0].backends[0].public_ips: \
         expected a boolean, found `no`: YAML 1.1 booleans are not accepted\n  hint: write `false`"
    );
    let warnings = diagnostics.len() - errors.len();
    // 11 of the YAML pages, 3 of toml.md's markers (one before a `json` block, two followed by
    // prose).
    assert_eq!(
        warnings, 14,
        "one warning per block not checked (none for opt-outs), one per marker that applies to no block"
    );
}

#[test]
fn codegen_check_reports_every_configured_page() {
    let root = fixtures();
    let (code, stdout, stderr) = outcome(&codegen(
        &workspace(),
        &["--root", root.to_str().unwrap(), "check"],
    ));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stdout.starts_with("admonitions.md:13:25: error: "),
        "{stdout}"
    );
    assert!(
        stdout.ends_with(
            // toml.md adds 8 TOML blocks (6 passed, 3 of them refused as expected; 2 failed)
            // and 3 warnings.
            "65 examples (57 YAML, 8 TOML): 52 checked, 22 passed, 30 failed, 13 not checked (4 opted out); 5 warnings\n"
        ),
        "{stdout}"
    );
    assert_eq!(
        stdout.lines().filter(|l| l.contains(": error: ")).count(),
        35
    );
}

#[test]
fn codegen_check_given_files_and_json() {
    let root = fixtures();
    let tabs = root.join("tabs.md");
    let (code, stdout, _) = outcome(&codegen(
        &workspace(),
        &[
            "--root",
            root.to_str().unwrap(),
            "check",
            "--format",
            "json",
            tabs.to_str().unwrap(),
        ],
    ));
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["summary"]["failed"], 3);
    assert_eq!(json["examples"][0]["file"], tabs.to_str().unwrap());
    assert_eq!(json["examples"][1]["failures"][0]["line"], 26);

    let dir = tempfile::tempdir().unwrap();
    let kind = dir.path().join("kind.md");
    std::fs::write(&kind, "```yaml\nkind: Cluster\n```\n").unwrap();
    let (code, stdout, _) = outcome(&codegen(
        &workspace(),
        &[
            "--root",
            root.to_str().unwrap(),
            "check",
            kind.to_str().unwrap(),
        ],
    ));
    assert_eq!(code, 0, "{stdout}");
    let (code, stdout, _) = outcome(&codegen(
        &workspace(),
        &[
            "--root",
            root.to_str().unwrap(),
            "check",
            "--strict",
            kind.to_str().unwrap(),
        ],
    ));
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains(":1:1: error: not checked: top-level keys kind match no model"),
        "{stdout}"
    );

    let (code, _, stderr) = outcome(&codegen(
        &workspace(),
        &["--root", root.to_str().unwrap(), "check", "missing.md"],
    ));
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read missing.md"), "{stderr}");
}

#[test]
fn codegen_check_passes_on_the_project_docs() {
    let (code, stdout, stderr) = outcome(&codegen(
        &workspace(),
        &["--root", workspace().to_str().unwrap(), "check", "--strict"],
    ));
    assert_eq!(code, 0, "{stdout}{stderr}");
}

// --- dstack's `.dstack.yml` and `profiles.yml` pages ---------------------------------------

/// The eight dstack reference pages beside the seed (`.dstack.yml` kinds, profiles, the Python
/// API), in the reference data.
const DSTACK_PAGES: [&str; 8] = [
    "dev-environment.md",
    "task.md",
    "service.md",
    "fleet.md",
    "gateway.md",
    "volume.md",
    "profiles.yml.md",
    "api-python-index.md",
];

/// Every block of the eight pages, as `page:line status root rule`, each failure under its
/// block. Worked out by hand from the model specification, block by block:
///
/// - Every `.dstack.yml` block names its kind with `type` and is classified by its editor title
///   (`.dstack.yml`, or `train.dstack.yml` and the like through `"*.dstack.yml"`) or, without
///   one, by its `type` key; the profiles page's block by its title `.dstack/profiles.yml`. None
///   is left unchecked, none is skipped.
/// - 41 pass, shorthands included (`gpu: 24GB`, `gpu: A100:80GB:2`... `memory: 200GB..`,
///   `nodes: 4`, `replicas: 1..4` with `scaling`, `size: 100GB`, `max_duration: 1d`,
///   `target: 10` kept an integer).
/// - 2 fail, both on the task page (lines 66 and 81, "Docker image" and its private-registry
///   variant): they are `type: dev-environment` blocks with `commands`, a key only tasks and
///   services have (dev environments run `init`, and also need `ide`): dstack itself rejects
///   them ("extra fields not permitted"). The first error is the unknown key, at its line.
/// - The Python API page has no YAML block.
const DSTACK_PAGES_REPORT: &[&str] = &[
    "dev-environment.md:19 Passed DstackConfiguration Some(EditorTitle)",
    "dev-environment.md:37 Passed DstackConfiguration Some(EditorTitle)",
    "dev-environment.md:51 Passed DstackConfiguration Some(TopLevelKeys)",
    "dev-environment.md:69 Passed DstackConfiguration Some(EditorTitle)",
    "dev-environment.md:97 Passed DstackConfiguration Some(TopLevelKeys)",
    "dev-environment.md:116 Passed DstackConfiguration Some(EditorTitle)",
    "dev-environment.md:149 Passed DstackConfiguration Some(EditorTitle)",
    "dev-environment.md:167 Passed DstackConfiguration Some(EditorTitle)",
    "dev-environment.md:183 Passed DstackConfiguration Some(EditorTitle)",
    "dev-environment.md:200 Passed DstackConfiguration Some(EditorTitle)",
    "task.md:19 Passed DstackConfiguration Some(EditorTitle)",
    "task.md:42 Passed DstackConfiguration Some(EditorTitle)",
    "task.md:66 Failed DstackConfiguration Some(EditorTitle)",
    "  67:1 : missing required key `ide`",
    "  71:1 commands: unknown key `commands`, expected one of `ide`, `version`, `init`, `type`, `name`, `image`, `entrypoint`, `working_dir`, `home_dir`, `registry_auth`, `python`, `env`, `setup`, `resources`, `volumes`, `ports`, `backends`, `regions`, `instance_types`, `spot_policy`, `retry`, `retry_policy`, `max_duration`, `max_price`, `pool_name`, `instance_name`, `creation_policy`, `termination_policy`, `termination_idle_time`",
    "task.md:81 Failed DstackConfiguration Some(TopLevelKeys)",
    "  82:5 : missing required key `ide`",
    "  89:5 commands: unknown key `commands`, expected one of `ide`, `version`, `init`, `type`, `name`, `image`, `entrypoint`, `working_dir`, `home_dir`, `registry_auth`, `python`, `env`, `setup`, `resources`, `volumes`, `ports`, `backends`, `regions`, `instance_types`, `spot_policy`, `retry`, `retry_policy`, `max_duration`, `max_price`, `pool_name`, `instance_name`, `creation_policy`, `termination_policy`, `termination_idle_time`",
    "task.md:101 Passed DstackConfiguration Some(EditorTitle)",
    "task.md:131 Passed DstackConfiguration Some(TopLevelKeys)",
    "task.md:155 Passed DstackConfiguration Some(EditorTitle)",
    "task.md:195 Passed DstackConfiguration Some(EditorTitle)",
    "task.md:237 Passed DstackConfiguration Some(EditorTitle)",
    "task.md:265 Passed DstackConfiguration Some(EditorTitle)",
    "task.md:287 Passed DstackConfiguration Some(EditorTitle)",
    "task.md:307 Passed DstackConfiguration Some(EditorTitle)",
    "task.md:325 Passed DstackConfiguration Some(EditorTitle)",
    "task.md:344 Passed DstackConfiguration Some(EditorTitle)",
    "service.md:19 Passed DstackConfiguration Some(EditorTitle)",
    "service.md:40 Passed DstackConfiguration Some(EditorTitle)",
    "service.md:57 Passed DstackConfiguration Some(TopLevelKeys)",
    "service.md:80 Passed DstackConfiguration Some(EditorTitle)",
    "service.md:115 Passed DstackConfiguration Some(TopLevelKeys)",
    "service.md:154 Passed DstackConfiguration Some(EditorTitle)",
    "service.md:197 Passed DstackConfiguration Some(EditorTitle)",
    "service.md:240 Passed DstackConfiguration Some(EditorTitle)",
    "service.md:259 Passed DstackConfiguration Some(EditorTitle)",
    "service.md:299 Passed DstackConfiguration Some(EditorTitle)",
    "service.md:320 Passed DstackConfiguration Some(EditorTitle)",
    "service.md:339 Passed DstackConfiguration Some(EditorTitle)",
    "service.md:359 Passed DstackConfiguration Some(EditorTitle)",
    "fleet.md:15 Passed DstackConfiguration Some(EditorTitle)",
    "fleet.md:31 Passed DstackConfiguration Some(EditorTitle)",
    "gateway.md:13 Passed DstackConfiguration Some(EditorTitle)",
    "volume.md:15 Passed DstackConfiguration Some(EditorTitle)",
    "volume.md:29 Passed DstackConfiguration Some(EditorTitle)",
    "profiles.yml.md:17 Passed ProfilesConfig Some(EditorTitle)",
];

#[test]
fn dstack_pages_report_every_block() {
    let ctx = context_at(&workspace());
    let mut report = Vec::new();
    let mut total = 0;
    for page in DSTACK_PAGES {
        let Some((_, text)) = common::shared(&format!("reference/dstack-pages/{page}")) else {
            return;
        };
        let checked = examples::check_text(&ctx, Path::new(page), &text).unwrap();
        for example in &checked.examples {
            total += 1;
            report.push(format!(
                "{page}:{} {:?} {} {:?}",
                example.line,
                example.status,
                example.root.as_deref().unwrap_or("-"),
                example.rule,
            ));
            for failure in &example.failures {
                report.push(format!(
                    "  {}:{} {}: {}",
                    failure.line, failure.column, failure.path, failure.message
                ));
            }
        }
    }
    assert_eq!(total, 43, "the pages hold 43 YAML blocks");
    assert_eq!(report, DSTACK_PAGES_REPORT);
}

/// dstack's whole docs tree (`../shared/reference/dstack-docs/docs`, every page of its site at
/// 0.18.7), checked as its maintainers would run it: exactly dstack's own four mistakes fail
/// (dstack rejects them too), each at its line and column with the error that names the
/// cause, and nothing else; the one block that is not a configuration (a Kubernetes `kind`
/// cluster) is not checked, for a reason read from the block itself. No marker is written in
/// the tree (it is dstack's), so every verdict comes from the rules.
#[test]
fn dstack_docs_tree_fails_exactly_dstacks_own_mistakes() {
    let Some(tree) = common::shared_dir("reference/dstack-docs/docs") else {
        return;
    };
    let ctx = context_at(&workspace());
    let report = examples::check_files(&ctx, std::slice::from_ref(&tree)).unwrap();
    let rel = |file: &Path| {
        file.strip_prefix(&tree)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/")
    };
    let mut failing = Vec::new();
    let mut not_checked = Vec::new();
    for example in &report.examples {
        let file = rel(&example.file);
        match example.status {
            Status::Failed => {
                for failure in &example.failures {
                    // The cause, without the list of the keys the model expects instead (it
                    // grows with the model).
                    let cause = failure.message.split(", expected").next().unwrap();
                    let hint = failure
                        .hint
                        .as_deref()
                        .map_or_else(String::new, |h| format!(" ({h})"));
                    failing.push(format!(
                        "{file}:{}:{}: {:?} {}: {cause}{hint}",
                        failure.line, failure.column, failure.kind, failure.path
                    ));
                }
            }
            Status::NotChecked | Status::Skipped => not_checked.push(format!(
                "{file}:{}: {}",
                example.line,
                example.reason.as_deref().unwrap_or_default()
            )),
            Status::Passed | Status::Refused => {}
        }
    }
    assert_eq!(
        failing,
        [
            // An old post: `build` was removed from dev environments (`init` replaced it).
            "blog/archive/say-goodbye-to-managed-notebooks.md:70:1: UnknownKey build: unknown key `build`",
            // The task page's two "Docker image" blocks say `type: dev-environment`, which has
            // no `commands` (a task's) and requires `ide`.
            "docs/reference/dstack.yml/task.md:67:1: MissingKey : missing required key `ide`",
            "docs/reference/dstack.yml/task.md:71:1: UnknownKey commands: unknown key `commands` \
             (`commands` is a key of `type: task`, `type: service`, not of `type: dev-environment`: \
             is the `type` right?)",
            "docs/reference/dstack.yml/task.md:82:5: MissingKey : missing required key `ide`",
            "docs/reference/dstack.yml/task.md:89:5: UnknownKey commands: unknown key `commands` \
             (`commands` is a key of `type: task`, `type: service`, not of `type: dev-environment`: \
             is the `type` right?)",
            // The GCP backend without its required `project_id`.
            "docs/reference/server/config.yml.md:435:13: MissingKey projects[0].backends[0]: missing required key `project_id`",
        ]
    );
    assert_eq!(
        not_checked,
        [
            "docs/reference/server/config.yml.md:691: top-level keys kind, apiVersion, nodes match no model"
        ]
    );
    let summary = report.summary();
    assert_eq!(
        (
            summary.blocks,
            summary.passed,
            summary.failed,
            summary.not_checked
        ),
        (83, 78, 4, 1)
    );
    // The per-file table: every page of the tree, those without YAML too.
    let files = report.files();
    assert_eq!(files.len(), 32, "the tree's pages");
    let task = files
        .iter()
        .find(|f| rel(&f.file) == "docs/reference/dstack.yml/task.md")
        .unwrap();
    assert_eq!(
        (
            task.summary.blocks,
            task.summary.passed,
            task.summary.failed
        ),
        (14, 12, 2)
    );
    assert_eq!(
        files.iter().map(|f| f.summary.blocks).sum::<usize>(),
        summary.blocks
    );
}

/// `codegen check DIR` as a maintainer runs it on dstack's tree: each failure at
/// `file:line:column`, then the per-file table and the summary; `--format json` carries the
/// same table (`files`); exit code 1, since four blocks fail.
#[test]
fn codegen_check_dir_ends_with_the_per_file_table() {
    let Some(tree) = common::shared_dir("reference/dstack-docs") else {
        return;
    };
    let (code, stdout, stderr) = outcome(&codegen(
        &tree,
        &["--root", workspace().to_str().unwrap(), "check", "docs"],
    ));
    assert_eq!(code, 1, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    // Four blocks fail (the table's total below): each error at its own line, the two
    // `task.md` blocks with both of theirs (a task's `commands` under `type: dev-environment`,
    // which then lacks its `ide`).
    let errors: Vec<&str> = lines
        .iter()
        .filter(|l| l.contains(": error: "))
        .map(|l| l.split(": error: ").next().unwrap_or_default())
        .collect();
    assert_eq!(
        errors,
        [
            "docs/blog/archive/say-goodbye-to-managed-notebooks.md:70:1",
            "docs/docs/reference/dstack.yml/task.md:67:1",
            "docs/docs/reference/dstack.yml/task.md:71:1",
            "docs/docs/reference/dstack.yml/task.md:82:5",
            "docs/docs/reference/dstack.yml/task.md:89:5",
            "docs/docs/reference/server/config.yml.md:435:13",
        ],
        "{stdout}"
    );
    assert!(lines.contains(
        &"docs/docs/reference/server/config.yml.md:435:13: error: projects[0].backends[0]: missing required key `project_id`"
    ));
    let header = lines
        .iter()
        .position(|l| {
            l.starts_with("file ") && l.ends_with("  blocks  passed  failed  not checked")
        })
        .expect("the table's header");
    // A row per page, then the total and the summary line.
    assert_eq!(lines.len(), header + 1 + 32 + 2, "{stdout}");
    let row = |name: &str| {
        let line = lines[header + 1..]
            .iter()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("no row for {name}: {stdout}"));
        line.split_whitespace()
            .skip(1)
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(row("docs/docs/reference/server/config.yml.md"), "24 22 1 1");
    assert_eq!(row("docs/docs/index.md"), "0 0 0 0");
    assert_eq!(row("total"), "83 78 4 1");
    assert_eq!(
        lines.last(),
        Some(&"83 YAML examples: 82 checked, 78 passed, 4 failed, 1 not checked")
    );

    let (code, stdout, _) = outcome(&codegen(
        &tree,
        &[
            "--root",
            workspace().to_str().unwrap(),
            "check",
            "--format",
            "json",
            "docs",
        ],
    ));
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 32);
    let config = files
        .iter()
        .find(|f| f["file"] == "docs/docs/reference/server/config.yml.md")
        .unwrap();
    assert_eq!(
        (
            &config["blocks"],
            &config["passed"],
            &config["failed"],
            &config["not_checked"]
        ),
        (
            &serde_json::json!(24),
            &serde_json::json!(22),
            &serde_json::json!(1),
            &serde_json::json!(1)
        )
    );
    assert_eq!(json["summary"]["failed"], 4);
}

// --- Deprecated keys ------------------------------------------------------------------------

/// Marks `field` of `type_name` deprecated in the IR, as the model's
/// `#[deprecated(note = ...)]` does (the server config has no deprecated field of its own).
fn mark_deprecated(ctx: &mut Context, type_name: &str, field: &str, note: &str) {
    let ty = ctx
        .model
        .types
        .iter_mut()
        .find(|t| t.name == type_name)
        .unwrap_or_else(|| panic!("{type_name} is a model type"));
    let confspec::ir::Shape::Struct(s) = &mut ty.shape else {
        panic!("{type_name} is a struct")
    };
    let f = s
        .fields
        .iter_mut()
        .find(|f| f.name == field)
        .unwrap_or_else(|| panic!("{type_name} has {field}"));
    f.deprecated = Some(confspec::ir::Deprecation {
        note: Some(note.to_owned()),
    });
}

#[test]
fn a_deprecated_key_is_a_located_warning_and_never_a_failure() {
    let mut ctx = fixture_context();
    mark_deprecated(&mut ctx, "AWSConfig", "vpc_name", "Use `vpc_ids` instead.");
    // Reached through a list, a union tagged by `type` and an untagged field: the walk follows
    // the IR from the block's root type.
    let page = "\
# Page

<!-- codegen: check ServerConfig -->
```yaml
projects:
  - name: main
    backends:
      - type: aws
        vpc_name: training
        creds:
          type: default
```

  ```yaml
  # codegen: nothing deprecated here
  ```
";
    let report = check(&ctx, "deprecated.md", page);
    let example = &report.examples[0];
    assert_eq!(example.status, Status::Passed, "{:?}", example.failures);
    assert_eq!(
        example.warnings,
        vec![ExampleFailure {
            line: 9,
            column: 9,
            path: "projects[0].backends[0].vpc_name".into(),
            message: "`vpc_name` is deprecated. Use `vpc_ids` instead.".into(),
            hint: None,
            kind: FailureKind::Deprecated,
        }]
    );
    assert!(report.examples[1].warnings.is_empty());
    // A warning stays a warning, with and without --strict (the second block is not checked).
    assert!(!report.failed(false));
    assert!(
        report.failed(true),
        "--strict still fails on the block not checked"
    );
    let first_only = Report {
        pages: Vec::new(),
        examples: vec![example.clone()],
        page_warnings: Vec::new(),
    };
    assert!(!first_only.failed(true));
    let text = first_only.to_text(true);
    assert_eq!(
        text,
        "deprecated.md:9:9: warning: projects[0].backends[0].vpc_name: `vpc_name` is deprecated. \
         Use `vpc_ids` instead.\n\
         \n\
         file           blocks  passed  failed  not checked\n\
         deprecated.md       1       1       0            0\n\
         total               1       1       0            0\n\
         1 YAML example: 1 checked, 1 passed, 0 failed, 0 not checked; 1 warning\n"
    );
    let json: serde_json::Value = serde_json::from_str(&first_only.to_json(true)).unwrap();
    assert_eq!(json["failed"], false);
    assert_eq!(json["summary"]["warnings"], 1);
    assert_eq!(
        json["examples"][0]["warnings"][0],
        serde_json::json!({
            "line": 9,
            "column": 9,
            "path": "projects[0].backends[0].vpc_name",
            "message": "`vpc_name` is deprecated. Use `vpc_ids` instead.",
            "kind": "deprecated",
        })
    );
    let diagnostics = first_only.diagnostics();
    assert_eq!(diagnostics.len(), 1);
    let shown = diagnostics[0].to_string();
    assert!(
        shown.starts_with("deprecated.md:9:9: warning: ServerConfig example: projects[0]"),
        "{shown}"
    );
}
