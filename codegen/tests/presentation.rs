//! Presentation lives in the templates: a `--templates` directory that replaces the macros of
//! `python/macros.j2` (`py_type`, `note`) or `typescript/macros.j2` (`note`) changes how the
//! packages spell types and notes, from the same view.

mod common;

use std::collections::HashMap;
use std::path::Path;

use confspec::config::PackageOutput;
use confspec::context::{Context, LoadOptions};
use confspec::emit::{python, typescript};
use confspec::ir::Model;
use serde_json::json;

/// The project loaded as `codegen --templates dir` loads it.
fn context_with_templates(dir: &Path) -> Context {
    Context::load(&LoadOptions {
        start: Some(common::workspace()),
        templates: Some(dir.to_path_buf()),
        registry: codegen::registry(),
        invoked_as: None,
        changed_sources: Vec::new(),
        command_line: Some(confspec::cli::command_line()),
    })
    .expect("the project loads")
}

/// The workspace's template `name` with the body of its macro `signature` replaced by `body`.
fn with_macro(name: &str, signature: &str, body: &str) -> String {
    let text = std::fs::read_to_string(common::workspace().join("templates").join(name))
        .expect("the template exists");
    with_macro_text(&text, signature, body)
}

/// Writes `files` (template name → text) under `dir`.
fn write(dir: &Path, files: &[(&str, String)]) {
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// The text of `file` among a package's files.
fn file<'a>(files: &'a [typescript::PackageFile], file: &str) -> &'a str {
    &files
        .iter()
        .find(|f| f.path.ends_with(file))
        .unwrap_or_else(|| panic!("{file} is produced"))
        .text
}

/// Lines of a class body that declare a field (`    name: type ...`).
fn field_lines(models: &str) -> Vec<&str> {
    models
        .lines()
        .filter(|l| {
            l.strip_prefix("    ").is_some_and(|rest| {
                !rest.starts_with(['_', ' ', '#'])
                    && rest.split_once(": ").is_some_and(|(name, _)| {
                        name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    })
            })
        })
        .collect()
}

/// A model whose Python package has a note of every kind the model can give a field or class.
fn noted_model() -> Model {
    let definitions: Vec<(String, serde_json::Value)> = [(
        "Open",
        json!({"type": "object", "properties": {
            "when": {"type": "string", "format": "date-time"},
            "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": true},
            "pair": {"type": "array", "items": [{"type": "string"}, {"type": "integer"}],
                     "minItems": 2, "maxItems": 2},
            "odd": {"enum": [1.5, "x"]},
            "id": {"type": "string", "readOnly": true},
        }}),
    )]
    .into_iter()
    .map(|(name, schema)| (name.to_owned(), schema))
    .collect();
    Model::from_definitions(&definitions, &HashMap::new()).expect("the IR reads it")
}

#[test]
fn the_python_type_and_note_macros_spell_the_package() {
    let dir = tempfile::tempdir().unwrap();
    let macros = with_macro("python/macros.j2", "py_type(t)", "T[{{ t.kind }}]");
    let macros = with_macro_text(&macros, "note(n)", "NOTE {{ n.kind }}");
    write(dir.path(), &[("python/macros.j2", macros)]);
    let custom = context_with_templates(dir.path());

    // Every field of the project's package is typed by the macro, constraints included.
    let ctx = common::context();
    let settings = ctx
        .config
        .python
        .as_ref()
        .expect("the project has a Python package");
    let before = python::package(&ctx.model, settings, &ctx.templates).expect("renders");
    let before = file(&before, "models.py");
    let after = python::package(&custom.model, settings, &custom.templates).expect("renders");
    let after = file(&after, "models.py");
    let (fields_before, fields_after) = (field_lines(before), field_lines(after));
    assert!(fields_before.len() > 10, "the package has fields");
    assert_eq!(fields_before.len(), fields_after.len());
    for line in &fields_after {
        let (_, ty) = line.split_once(": ").unwrap();
        assert!(
            ty.starts_with("T["),
            "a field not typed by the macro: {line}"
        );
    }
    assert!(before.contains("Field(ge="), "the model has bounds");
    assert!(!after.contains("Field(ge="), "bounds are the macro's");

    // Every comment about a field or class is a note of the macro.
    let model = noted_model();
    let settings = PackageOutput {
        output: "out".into(),
        name: "noted".into(),
        version: "0.1.0".into(),
        roots: Vec::new(),
    };
    let before = python::package(&model, &settings, &ctx.templates).expect("renders");
    let after = python::package(&model, &settings, &custom.templates).expect("renders");
    let comments = |text: &str| -> Vec<String> {
        text.lines()
            .map(str::trim_start)
            .filter(|l| l.starts_with("# "))
            .map(str::to_owned)
            .collect()
    };
    let (comments_before, comments_after) = (
        comments(file(&before, "models.py")),
        comments(file(&after, "models.py")),
    );
    assert!(comments_before.len() >= 6, "{comments_before:?}");
    assert_eq!(comments_before.len(), comments_after.len());
    let kinds: std::collections::BTreeSet<&str> = comments_after
        .iter()
        .map(|c| c.strip_prefix("# NOTE ").expect("a note of the macro"))
        .collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        [
            "ignores_unknown",
            "json_values",
            "lax_tuple",
            "read_only",
            "set_as_list",
            "unchecked_format"
        ]
    );
}

#[test]
fn the_typescript_note_macro_writes_the_notes() {
    let ctx = common::context();
    let settings = ctx
        .config
        .typescript
        .as_ref()
        .expect("the project has a TypeScript package");
    let before = typescript::render_package(&ctx.model, settings, &ctx.templates).expect("renders");
    let before = file(&before, typescript::DECLARATIONS);

    let dir = tempfile::tempdir().unwrap();
    let macros = with_macro(
        "typescript/macros.j2",
        "note(n, indent)",
        "NOTE {{ n.kind }} */ @x",
    );
    write(dir.path(), &[("typescript/macros.j2", macros)]);
    let custom = context_with_templates(dir.path());
    let after =
        typescript::render_package(&custom.model, settings, &custom.templates).expect("renders");
    let after = file(&after, typescript::DECLARATIONS);

    for sentence in ["An integer", "A string ", "Each item: "] {
        assert!(
            before.contains(sentence),
            "the model has `{sentence}` notes"
        );
        assert!(!after.contains(sentence), "`{sentence}` is the macro's");
    }
    assert!(after.contains("NOTE integer"), "{after}");
    // The macro's text is made comment-safe by the template, as the built-in sentences are.
    assert!(after.contains("NOTE integer *\\/ \\@x"), "{after}");
    // Everything but the notes stays: the code outside the comments is the same.
    assert_eq!(code(before), code(after));
}

#[test]
fn a_typescript_template_can_spell_types_without_the_filter() {
    let ctx = common::context();
    let settings = ctx
        .config
        .typescript
        .as_ref()
        .expect("the project has a TypeScript package");
    let before = typescript::render_package(&ctx.model, settings, &ctx.templates).expect("renders");
    let before = file(&before, typescript::DECLARATIONS);

    // A members template of one's own that writes each property's type by its kind, from the
    // view's data, instead of calling `ts_type`.
    let members =
        std::fs::read_to_string(common::workspace().join("templates/typescript/members.ts.j2"))
            .unwrap();
    let call = "{{ m.type|ts_type(indent ~ \"  \") }}";
    assert!(
        members.contains(call),
        "the built-in template calls the filter"
    );
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[(
            "typescript/members.ts.j2",
            members.replace(
                call,
                "<{{ m.type.kind }}{% if m.type.kind == 'named' %} {{ m.type.name }}{% endif %}>",
            ),
        )],
    );
    let custom = context_with_templates(dir.path());
    let after =
        typescript::render_package(&custom.model, settings, &custom.templates).expect("renders");
    let after = file(&after, typescript::DECLARATIONS);

    let properties = |text: &str| -> Vec<String> {
        code(text)
            .lines()
            .filter(|l| l.starts_with("  ") && l.ends_with(';') && !l.trim_start().starts_with('|'))
            .map(str::to_owned)
            .collect()
    };
    let (before, after) = (properties(before), properties(after));
    assert!(before.len() > 10, "the package has properties");
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        let (key, ty) = b.split_once(": ").unwrap();
        let ty = ty.trim_end_matches(';');
        assert!(a.starts_with(&format!("{key}: <")), "{a} for {b}");
        let keyword = ["string", "number", "boolean", "unknown", "never", "null"].contains(&ty);
        if !keyword && !ty.contains(['|', '&', '[', '<', '{', '"']) {
            assert_eq!(
                a,
                &format!("{key}: <named {ty}>;"),
                "a named type keeps its name"
            );
        }
    }
}

/// `text` with the doc comments removed.
fn code(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("/**") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("*/").expect("every comment is closed") + start;
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

/// `text` with the body of its macro `signature` replaced by `body`.
fn with_macro_text(text: &str, signature: &str, body: &str) -> String {
    let open = format!("{{% macro {signature} %}}");
    let start = text.find(&open).expect("the macro is defined") + open.len();
    let end = start
        + text[start..]
            .find("{% endmacro %}")
            .expect("the macro ends");
    format!("{}{body}{}", &text[..start], &text[end..])
}
