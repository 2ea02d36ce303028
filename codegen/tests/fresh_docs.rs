//! `codegen expand --changed-source FILE`: a doc comment of the model edited since the binary was
//! built reaches the page without a rebuild (what the mkdocs plugin does under `mkdocs serve`),
//! and every other edit says the binary must be rebuilt. On temporary copies of the project's
//! settings and the model's sources; the edited lines are found through the binary's own
//! registry, so the test follows the model.

mod common;

use std::path::Path;
use std::process::Output;

use common::{codegen_at, copy_project_with, text};
use confspec::ir::NoteMember;

const PAGE: &str = "page.md";

/// The page: the AWS backend's reference, in both styles' reach.
fn write_page(root: &Path) {
    std::fs::write(
        root.join(PAGE),
        "# AWS\n\n#SCHEMA# dstack._internal.server.services.config.AWSConfig\n",
    )
    .unwrap();
}

fn expand(root: &Path, style: &str, changed: &[&str], format: &str) -> Output {
    let page = root.join(PAGE);
    let mut args = vec!["expand", "--style", style, "--format", format];
    for file in changed {
        args.extend(["--changed-source", file]);
    }
    args.push(page.to_str().unwrap());
    codegen_at(root, &args)
}

/// The file and line of a doc comment of `type_name` (`member`), and the line's text.
fn doc_line(member: NoteMember<'_>, type_name: &str) -> (String, usize, String) {
    let registry = codegen::registry();
    let doc = registry
        .docs
        .iter()
        .find(|d| d.type_name == type_name && d.member == member)
        .unwrap_or_else(|| panic!("{type_name} has a doc comment for {member:?}"));
    let (line, text) = doc.lines[0];
    (doc.file.to_owned(), line, text.to_owned())
}

/// Rewrites line `line` (1-based) of `file` under `root` with `edit`.
fn edit_line(root: &Path, file: &str, line: usize, edit: impl Fn(&str) -> String) {
    let path = root.join(file);
    let source = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<String> = source
        .split('\n')
        .enumerate()
        .map(|(i, l)| if i + 1 == line { edit(l) } else { l.to_owned() })
        .collect();
    std::fs::write(&path, lines.join("\n")).unwrap();
}

#[test]
fn an_edited_doc_comment_reaches_the_page_without_a_rebuild() {
    let project = copy_project_with(&model_sources());
    let root = project.path();
    write_page(root);
    for (member, marker) in [
        (NoteMember::Field("regions"), "Edited field doc:"),
        (NoteMember::Type, "Edited type doc:"),
    ] {
        let (file, line, written) = doc_line(member, "AWSConfig");
        let old = written.trim().to_owned();
        for style in ["compat", "default"] {
            let before = expand(root, style, &[], "text");
            assert_eq!(before.status.code(), Some(0), "{}", text(&before.stderr));
            edit_line(root, &file, line, |l| {
                l.replacen(&old, &format!("{marker} {old}"), 1)
            });
            let after = expand(root, style, &[&file], "text");
            // Back as it was, for the next style and member.
            edit_line(root, &file, line, |l| {
                l.replacen(&format!("{marker} "), "", 1)
            });
            assert_eq!(after.status.code(), Some(0), "{}", text(&after.stderr));
            let (before, after) = (text(&before.stdout), text(&after.stdout));
            if member == NoteMember::Type && style == "compat" {
                // The hook's format shows no type description: nothing to change.
                assert_eq!(after, before);
                continue;
            }
            assert!(
                after.contains(marker),
                "{style}: the page lacks the edit:\n{after}"
            );
            assert_eq!(
                after.replace(&format!("{marker} "), ""),
                before,
                "{style}: the edit changed more than its text"
            );
        }
    }
}

#[test]
fn any_other_edit_says_the_binary_must_be_rebuilt() {
    let project = copy_project_with(&model_sources());
    let root = project.path();
    write_page(root);
    let (file, line, _) = doc_line(NoteMember::Field("regions"), "AWSConfig");
    let registry = codegen::registry();
    let listed: Vec<usize> = registry
        .docs
        .iter()
        .filter(|d| d.file == file)
        .flat_map(|d| d.lines.iter().map(|(l, _)| *l))
        .collect();
    let source = std::fs::read_to_string(root.join(&file)).unwrap();
    // A `///` line of the same file that documents no type or field of the model (a
    // `tag_literal!` type, a function): its text may reach the outputs in ways the binary
    // cannot redo, so it counts as code.
    let unlisted = source
        .lines()
        .enumerate()
        .find(|(i, l)| l.trim_start().starts_with("/// ") && !listed.contains(&(i + 1)))
        .map(|(i, _)| i + 1)
        .expect("the file has a doc comment outside the docs table");
    /// What is edited, at which line, and how the line is rewritten.
    type Edit = (&'static str, usize, fn(&str) -> String);
    let edits: [Edit; 3] = [
        // Code: the line after the field's doc comment (its attribute or declaration).
        ("a line of code", line + 1, |l| format!("{l} ")),
        ("an unlisted doc comment", unlisted, |l| {
            format!("{l} (edited)")
        }),
        // A line added to a doc comment shifts every line after it.
        ("a doc comment line added", line, |l| {
            format!("{l}\n    /// One more line.")
        }),
    ];
    for (what, at, edit) in edits {
        let original = std::fs::read_to_string(root.join(&file)).unwrap();
        edit_line(root, &file, at, edit);
        let json = expand(root, "default", &[&file], "json");
        let plain = expand(root, "default", &[&file], "text");
        std::fs::write(root.join(&file), &original).unwrap();
        assert_eq!(
            json.status.code(),
            Some(2),
            "{what}: {}",
            text(&json.stderr)
        );
        let stale: serde_json::Value = serde_json::from_slice(&json.stdout)
            .unwrap_or_else(|err| panic!("{what}: not JSON ({err}): {}", text(&json.stdout)));
        let why = stale["stale"].as_str().unwrap_or_default();
        assert!(why.contains(&file), "{what}: {stale}");
        assert_eq!(plain.status.code(), Some(2), "{what}");
        assert!(
            text(&plain.stderr).contains("rebuild it"),
            "{what}: {}",
            text(&plain.stderr)
        );
    }
    // A file the binary's model was not read from.
    let out = expand(root, "default", &["codegen.toml"], "json");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stdout).contains("is not a source this binary read its model from"));
    // Unchanged sources need nothing.
    let out = expand(root, "default", &[&file], "text");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn the_binary_computes_the_digest_its_build_script_recorded() {
    let registry = codegen::registry();
    assert!(!registry.sources.is_empty());
    let root = common::workspace();
    for source in registry.sources {
        let text = std::fs::read_to_string(root.join(source.file)).unwrap();
        let mut lines: Vec<usize> = registry
            .docs
            .iter()
            .filter(|d| d.file == source.file)
            .flat_map(|d| d.lines.iter().map(|(l, _)| *l))
            .collect();
        lines.sort_unstable();
        lines.dedup();
        let at_run_time = confspec::fresh_docs::digest(&text, &lines);
        assert_eq!(at_run_time, source.digest, "{}", source.file);
        assert_eq!(
            at_run_time,
            confspec_build::sources::digest(&text, &lines),
            "{}",
            source.file
        );
    }
}

/// The source directories of every model crate (`schema-*/src`), which the registry names.
fn model_sources() -> Vec<String> {
    common::model_crates()
        .into_iter()
        .map(|name| format!("{name}/src"))
        .collect()
}
