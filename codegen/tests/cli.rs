//! The `codegen` binary: exit codes (0 success, 1 content problem, 2 usage), `-q`, `schema`,
//! and `--check` on a temporary copy of the project (the real checkout is never modified).

mod common;

use std::process::Command;

use common::{BIN, codegen, codegen_with_stdin, copy_project, text, workspace};

const SCHEMA: &str = "site/docs/schemas/server-config.json";

#[test]
fn help_and_version_exit_0() {
    let out = codegen(&workspace(), &["--help"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let help = text(&out.stdout);
    assert!(help.contains("Usage: codegen"), "{help}");
    assert!(help.contains("Exit codes: 0 success; 1"), "{help}");
    let out = codegen(&workspace(), &["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("codegen "));
}

#[test]
fn a_bad_flag_exits_2() {
    let out = codegen(&workspace(), &["--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--no-such-flag"),
        "{}",
        text(&out.stderr)
    );
    let out = codegen(&workspace(), &["generate", "--check", "extra"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_unknown_type_exits_2_with_the_closest_names() {
    let out = codegen(&workspace(), &["schema", "NoSuch"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("unknown type `NoSuch`; closest known: `"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
    let out = codegen(&workspace(), &["schema", "AwsConfig"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("`AWSConfig`"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn schema_prints_the_committed_schema() {
    let out = codegen(&workspace(), &["schema"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let committed = std::fs::read_to_string(workspace().join(SCHEMA)).unwrap();
    assert!(
        out.stdout == committed.as_bytes(),
        "`codegen schema` differs from {SCHEMA}"
    );
    let out = codegen(&workspace(), &["schema", "OCIClientCreds"]);
    assert_eq!(out.status.code(), Some(0));
    let one: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(one["title"], "OCIClientCreds");
}

#[test]
fn check_passes_on_the_repository_and_quiet_prints_nothing() {
    let out = codegen(&workspace(), &["--check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("up to date"));
    let out = codegen(&workspace(), &["-q", "generate", "--check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        out.stdout.is_empty() && out.stderr.is_empty(),
        "-q printed something"
    );
    let out = codegen(&workspace(), &["-v", "--check"]);
    assert!(
        text(&out.stderr).contains("json-schema"),
        "-v names the stages"
    );
}

#[test]
fn without_a_configured_refresh_command_the_binary_names_itself_as_invoked() {
    let project = copy_project();
    let settings = project.path().join("codegen.toml");
    let text_before = std::fs::read_to_string(&settings).unwrap();
    let configured = "[project]\nrefresh = \"cargo run -p codegen\"\n";
    assert!(
        text_before.contains(configured),
        "the workspace names its refresh command"
    );
    std::fs::write(&settings, text_before.replace(configured, "")).unwrap();
    // The same binary under another name, as a project's own binary would be.
    let renamed = project.path().join("app-gen");
    std::fs::copy(BIN, &renamed).unwrap();
    let schema = project.path().join(SCHEMA);
    std::fs::write(&schema, "{}\n").unwrap();
    let root = project.path().to_str().unwrap().to_owned();
    // Another test thread forking while the copy was open for writing holds that descriptor
    // until its exec: running the copy then fails with ETXTBSY for a moment, so retry.
    let mut tries = 0;
    let out = loop {
        match Command::new(&renamed)
            .args(["--root", &root, "--check"])
            .current_dir(project.path())
            .output()
        {
            Err(err) if err.kind() == std::io::ErrorKind::ExecutableFileBusy && tries < 50 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            result => break result.expect("the renamed binary runs"),
        }
    };
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("run `app-gen` to refresh"), "{stderr}");
    assert!(!stderr.contains("cargo run -p codegen"), "{stderr}");
}

#[test]
fn check_fails_on_a_stale_schema_naming_it_and_the_refresh_command() {
    let project = copy_project();
    let root = project.path().to_str().unwrap().to_owned();
    let out = codegen(project.path(), &["--root", &root, "--check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "a fresh copy is up to date: {}",
        text(&out.stderr)
    );

    let schema = project.path().join(SCHEMA);
    let original = std::fs::read_to_string(&schema).unwrap();
    std::fs::write(
        &schema,
        original.replace("The list of projects", "The projects"),
    )
    .unwrap();
    let out = codegen(project.path(), &["--root", &root, "--check"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains(SCHEMA), "{stderr}");
    assert!(stderr.contains("cargo run -p codegen"), "{stderr}");
    // --check wrote nothing.
    assert_ne!(std::fs::read_to_string(&schema).unwrap(), original);

    // A missing file is stale too.
    std::fs::remove_file(&schema).unwrap();
    let out = codegen(project.path(), &["--root", &root, "generate", "--check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains(SCHEMA));

    // The refresh command restores it, byte for byte.
    let out = codegen(project.path(), &["--root", &root, "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&schema).unwrap(), original);
    let out = codegen(project.path(), &["--root", &root, "--check"]);
    assert_eq!(out.status.code(), Some(0));
}

const PAGE: &str = "site/pages/reference/server/config.yml.md";

/// A page whose directive names a type no project maps, at line 3, column 10.
const BAD_PAGE: &str = "# Bad\n\n#SCHEMA# example.nowhere.Missing\n";

#[test]
fn expand_stdin_name_names_the_page_in_diagnostics_and_keeps_the_output() {
    let root = workspace();
    let page = std::fs::read_to_string(root.join(PAGE)).unwrap();
    let from_file = codegen(&root, &["expand", PAGE]);
    assert_eq!(
        from_file.status.code(),
        Some(0),
        "{}",
        text(&from_file.stderr)
    );
    let named = codegen_with_stdin(&root, &["expand", "--stdin-name", "docs/a.md", "-"], &page);
    assert_eq!(named.status.code(), Some(0));
    assert_eq!(
        named.stdout, from_file.stdout,
        "the same bytes from a file and from stdin"
    );

    let bad = codegen_with_stdin(
        &root,
        &["expand", "--stdin-name", "docs/bad.md", "-"],
        BAD_PAGE,
    );
    assert_eq!(bad.status.code(), Some(1));
    let stderr = text(&bad.stderr);
    assert!(
        stderr.starts_with("docs/bad.md:3:10: error: unknown type `example.nowhere.Missing`"),
        "{stderr}"
    );
    let unnamed = codegen_with_stdin(&root, &["expand"], BAD_PAGE);
    assert!(text(&unnamed.stderr).starts_with("<stdin>:3:10: error: "));

    // --stdin-name with a file, two stdins, two pages as text: usage errors.
    for args in [
        &["expand", "--stdin-name", "x.md", PAGE][..],
        &["expand", "--format", "json", "-", "-"],
        &["expand", PAGE, PAGE],
    ] {
        let out = codegen(&root, args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn expand_format_json_gives_each_pages_text_and_diagnostics() {
    let root = workspace();
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.md");
    std::fs::write(&bad, BAD_PAGE).unwrap();
    let bad = bad.to_str().unwrap();
    let out = codegen(&root, &["expand", "--format", "json", PAGE, bad]);
    // An error on one page: exit 1, and the document is still printed.
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let batch: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(batch["errors"], 1);
    assert_eq!(batch["style"], "default");
    let pages = batch["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 2);
    // The first page is exactly what `expand PAGE` prints.
    let single = codegen(&root, &["expand", PAGE]);
    assert_eq!(pages[0]["file"], PAGE);
    assert_eq!(pages[0]["text"].as_str().unwrap().as_bytes(), single.stdout);
    assert_eq!(pages[0]["diagnostics"], serde_json::json!([]));
    // The second keeps its failed directive as written, and says where it is.
    assert_eq!(pages[1]["text"], BAD_PAGE);
    let d = &pages[1]["diagnostics"][0];
    assert_eq!(
        (&d["file"], &d["line"], &d["column"], &d["severity"]),
        (
            &serde_json::json!(bad),
            &3.into(),
            &10.into(),
            &"error".into()
        )
    );

    let good = codegen(
        &root,
        &["expand", "--format", "json", "--style", "compat", PAGE],
    );
    let batch: serde_json::Value = serde_json::from_slice(&good.stdout).unwrap();
    assert_eq!(batch["style"], "compat");
    assert_eq!(
        good.status.code(),
        Some(if batch["errors"] == 0 { 0 } else { 1 })
    );
}

#[test]
fn expand_examples_checks_the_yaml_of_each_page() {
    let root = workspace();
    let page = "# C\n\n```yaml\nprojects:\n- name: main\n  backends:\n  - type: aws\n    creds:\n      type: default\n    regoins: [us-east-1]\n```\n";
    let out = codegen_with_stdin(
        &root,
        &["expand", "--examples", "--stdin-name", "c.md"],
        page,
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with("c.md:10:5: error: ServerConfig example: projects[0].backends[0]"),
        "{stderr}"
    );
    // Without --examples the page has nothing to expand: printed unchanged.
    let plain = codegen_with_stdin(&root, &["expand", "--stdin-name", "c.md"], page);
    assert_eq!(plain.status.code(), Some(0));
    assert_eq!(text(&plain.stdout), page);
    let json = codegen_with_stdin(
        &root,
        &[
            "expand",
            "--examples",
            "--format",
            "json",
            "--stdin-name",
            "c.md",
        ],
        page,
    );
    let batch: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(batch["examples"], true);
    assert_eq!(batch["pages"][0]["diagnostics"][0]["line"], 10);
}

#[test]
fn a_stray_file_in_the_typescript_package_is_reported_by_check_and_removed_by_the_job() {
    let project = copy_project();
    let root = project.path().to_str().unwrap().to_owned();
    let stray = project.path().join("bindings/typescript/old.d.ts");
    std::fs::write(&stray, "export type Old = string;\n").unwrap();
    // What a package manager installs there is not the job's.
    let installed = project
        .path()
        .join("bindings/typescript/node_modules/x/index.js");
    std::fs::create_dir_all(installed.parent().unwrap()).unwrap();
    std::fs::write(&installed, "").unwrap();

    let out = codegen(project.path(), &["--root", &root, "--check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("bindings/typescript/old.d.ts: error: orphaned"),
        "{stderr}"
    );
    assert!(!stderr.contains("node_modules"), "{stderr}");

    let out = codegen(project.path(), &["--root", &root, "-v"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("removed bindings/typescript/old.d.ts"),
        "{}",
        text(&out.stderr)
    );
    assert!(!stray.exists() && installed.exists());
    let out = codegen(project.path(), &["--root", &root, "--check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn generate_only_runs_one_stage_and_an_unknown_stage_exits_2_listing_them() {
    let project = copy_project();
    let root = project.path().to_str().unwrap().to_owned();
    let schema = project.path().join(SCHEMA);
    std::fs::remove_file(&schema).unwrap();

    // Another stage alone does not see the missing schema ...
    let out = codegen(
        project.path(),
        &["--root", &root, "generate", "--check", "--only", "python"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = codegen(
        project.path(),
        &["--root", &root, "-v", "generate", "--only", "python"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("  python ") && !stderr.contains("json-schema"),
        "{stderr}"
    );
    assert!(!schema.exists(), "--only python wrote the schema");

    // ... the JSON Schema stage does, and writes it back.
    let out = codegen(
        project.path(),
        &[
            "--root",
            &root,
            "generate",
            "--check",
            "--only",
            "json-schema",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains(SCHEMA));
    let out = codegen(
        project.path(),
        &["--root", &root, "-q", "generate", "--only", "json-schema"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = codegen(project.path(), &["--root", &root, "--check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    let out = codegen(&workspace(), &["generate", "--only", "pdf"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    for stage in confspec::job::stage_names() {
        assert!(stderr.contains(stage), "{stage} is not listed: {stderr}");
    }
}

#[test]
fn settings_are_read_by_the_model_and_their_errors_are_at_the_key() {
    // codegen.toml loads through the loader every model loads through, from confspec's own
    // settings types: a misspelt key, a value of the wrong type and a missing key each stop the
    // run with exit code 1 at their line and column, with the key's path.
    let project = copy_project();
    let settings = project.path().join("codegen.toml");
    let original = std::fs::read_to_string(&settings).unwrap();
    let lines: Vec<&str> = original.lines().collect();
    let examples = lines.iter().position(|l| *l == "[examples]").unwrap();
    let roots = examples
        + lines[examples..]
            .iter()
            .position(|l| l.starts_with("roots = "))
            .unwrap();
    for (edit, expected) in [
        (
            original.replacen(
                "\nroots = [\"ServerConfig\"",
                "\nrots = [\"ServerConfig\"",
                1,
            ),
            format!(
                "codegen.toml:{}:1: error: invalid settings: examples.rots: unknown key `rots`, expected one of `files`, `pages`, `schemas`, `roots`, `toml`\n  hint: did you mean `roots`?",
                roots + 1
            ),
        ),
        (
            original.replacen("refresh = \"cargo run -p codegen\"", "refresh = 5", 1),
            format!(
                "codegen.toml:{}:11: error: invalid settings: project.refresh: expected a string, found integer `5`",
                lines
                    .iter()
                    .position(|l| l.starts_with("refresh = "))
                    .unwrap()
                    + 1
            ),
        ),
    ] {
        assert_ne!(edit, original, "the edit applies");
        std::fs::write(&settings, &edit).unwrap();
        let out = codegen(project.path(), &["--check"]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        assert_eq!(text(&out.stderr).trim_end(), expected);
    }
}

#[test]
fn an_allowance_for_an_undocumented_field_that_names_no_field_is_an_error_at_it() {
    // `[model] allow-undocumented` takes `Type.field`: an entry that names no field of the model
    // (a misspelt or stale one) stops the job at its line and column; one that does passes.
    let project = copy_project();
    let settings = project.path().join("codegen.toml");
    let original = std::fs::read_to_string(&settings).unwrap();
    let line = original.lines().count() + 3;
    for (entry, expected) in [
        (
            "AWSConfig.vpc_nme",
            Some(format!(
                "codegen.toml:{line}:23: error: [model] allow-undocumented: `AWSConfig.vpc_nme` is no field of a model type\n  hint: write `Type.field`: the type's name in the schemas, the field's key"
            )),
        ),
        ("AWSConfig.vpc_name", None),
    ] {
        std::fs::write(
            &settings,
            format!("{original}\n[model]\nallow-undocumented = [\"{entry}\"]\n"),
        )
        .unwrap();
        let out = codegen(project.path(), &["--check"]);
        match expected {
            Some(expected) => {
                assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
                assert_eq!(text(&out.stderr).trim_end(), expected);
            }
            None => assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr)),
        }
    }
}

#[test]
fn the_command_line_page_documents_every_command_and_option_and_check_keeps_it_fresh() {
    // The page the job writes from the binary's own definition (`[docs] cli-page`).
    let page_path = workspace().join("site/docs/guide/cli.md");
    let page = std::fs::read_to_string(&page_path).expect("the job wrote the page");
    let cli = confspec::cli::command_line();
    assert!(!cli.commands.is_empty());
    for command in &cli.commands {
        assert!(
            page.contains(&format!("## `{} {}`", cli.name, command.name)),
            "no section for `{}`",
            command.name
        );
        for arg in &command.args {
            assert!(
                page.contains(&format!("**`{}`**", arg.syntax)),
                "{}",
                arg.syntax
            );
            for value in &arg.values {
                assert!(
                    page.contains(&format!("`{}`", value.name)),
                    "{}",
                    value.name
                );
            }
        }
    }
    for arg in cli.global.iter().chain(&cli.own) {
        assert!(
            page.contains(&format!("**`{}`**", arg.syntax)),
            "{}",
            arg.syntax
        );
    }
    // A stale page fails --check, naming it; the job writes it back.
    let project = copy_project();
    let copy = project.path().join("site/docs/guide/cli.md");
    std::fs::write(
        &copy,
        page.replace("## `codegen check`", "## `codegen chekc`"),
    )
    .unwrap();
    let out = codegen(project.path(), &["--check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("site/docs/guide/cli.md"),
        "{}",
        text(&out.stderr)
    );
    let out = codegen(project.path(), &["-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&copy).unwrap(), page);
}
