//! The `compat` style on dstack's own page: byte for byte what dstack's docs hook produced
//! (`../shared/reference/server-config.yml.expected-compat.md`), plus one item for each of the
//! 8 fields the hook skipped for lack of a description. The inserted lines are built here from
//! the model's descriptions by the format of the reference README, and inserted at each field's
//! declaration position, so that the test checks the rule, not a recording.
//!
//! The reference data lives outside the repository (`../shared`); without it the test says it is
//! skipped, except in CI (`CI` set), where its absence is a failure.

use std::path::Path;

use confspec::diagnostics::Severity;
use confspec::docs::markdown;
use confspec::ir::{Field, Model, Shape};

mod common;

use common::{SEED, context, shared};

/// The fields the hook skipped, by the README: (type, field).
const SKIPPED: &[(&str, &str)] = &[
    ("AzureConfig", "regions"),
    ("CudoConfig", "regions"),
    ("DataCrunchConfig", "regions"),
    ("GCPConfig", "regions"),
    ("LambdaConfig", "regions"),
    ("TensorDockConfig", "regions"),
    ("VastAIConfig", "regions"),
    ("AzureClientCreds", "tenant_id"),
];

/// One item line in the hook's format, for a field whose type is not a model (not linked).
fn hook_line(indent: &str, field: &Field) -> String {
    let name = &field.name;
    let marker = if field.required { "" } else { "(Optional)" };
    let description = field
        .description
        .as_deref()
        .expect("the model documents every field")
        .replace('\n', "<br>");
    let default = match &field.default {
        Some(serde_json::Value::String(s)) if !s.is_empty() => {
            if field.required {
                format!("Must be `{s}`.")
            } else {
                format!("Defaults to `{s}`.")
            }
        }
        Some(serde_json::Value::Null) | None => String::new(),
        Some(other) => panic!("no skipped field has a non-string default ({other})"),
    };
    format!(
        "{indent}#### `{name}` - {marker} {description}. {default} {{ #{name} data-toc-label='{name}' class='reference-item' }}\n"
    )
}

fn fields<'m>(model: &'m Model, type_name: &str) -> &'m [Field] {
    match &model
        .get(type_name)
        .unwrap_or_else(|| panic!("`{type_name}` is a model type"))
        .shape
    {
        Shape::Struct(s) => &s.fields,
        _ => panic!("`{type_name}` has fields"),
    }
}

/// The hook's output with the skipped fields' lines inserted.
fn expected(model: &Model, seed: &str, hook: &str) -> (String, usize) {
    let scan = markdown::scan(seed);
    let seed_lines: Vec<&str> = seed.split_inclusive('\n').collect();
    let hook_lines: Vec<&str> = hook.split_inclusive('\n').collect();
    let mut out = String::new();
    let mut inserted = 0;
    let (mut next, mut at) = (0, 0);
    for directive in &scan.directives {
        // Text between directives is the same on both pages.
        for line in &seed_lines[next..directive.lines.start] {
            assert_eq!(
                hook_lines[at],
                *line,
                "the hook kept line {} of the seed",
                at + 1
            );
            out.push_str(line);
            at += 1;
        }
        // The hook's block: item lines up to one empty line (no root heading on this page).
        let start = at;
        while !hook_lines[at].trim().is_empty() {
            at += 1;
        }
        at += 1;
        let mut block: Vec<String> = hook_lines[start..at]
            .iter()
            .map(|l| (*l).to_owned())
            .collect();
        let type_name = directive.path.rsplit('.').next().expect("a dotted path");
        let fields = fields(model, type_name);
        for (i, field) in fields.iter().enumerate() {
            if !SKIPPED.contains(&(type_name, field.name.as_str())) {
                continue;
            }
            assert!(field.ty.named().is_none(), "skipped fields are not linked");
            // After the line of the field declared before it.
            let previous = &fields[i - 1].name;
            let label = format!("data-toc-label='{previous}'");
            let position = block
                .iter()
                .position(|l| l.contains(&label))
                .unwrap_or_else(|| panic!("{type_name}.{previous} has a line"));
            block.insert(position + 1, hook_line(&directive.indent, field));
            inserted += 1;
        }
        block.iter().for_each(|l| out.push_str(l));
        next = directive.lines.end;
    }
    for line in &seed_lines[next..] {
        assert_eq!(hook_lines[at], *line);
        out.push_str(line);
        at += 1;
    }
    assert_eq!(at, hook_lines.len(), "the whole expected page is read");
    (out, inserted)
}

#[test]
fn compat_expansion_of_the_seed_page_is_the_hooks_plus_the_skipped_fields() {
    let (Some((_, seed)), Some((_, hook))) = (
        shared(SEED),
        shared("reference/server-config.yml.expected-compat.md"),
    ) else {
        return;
    };
    let ctx = context();
    let (expected, inserted) = expected(&ctx.model, &seed, &hook);
    assert_eq!(
        inserted,
        SKIPPED.len(),
        "every skipped field is inserted once"
    );
    let file = Path::new("server-config.yml.md");
    let expanded = confspec::docs::pages::expand_text(&ctx, file, &seed, Some("compat"))
        .expect("compat style");
    let errors: Vec<String> = expanded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(ToString::to_string)
        .collect();
    assert_eq!(errors, Vec::<String>::new());
    if expanded.text != expected {
        let line = expanded
            .text
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b)
            .map_or(
                expanded.text.lines().count().min(expected.lines().count()),
                |n| n,
            );
        panic!(
            "differs at line {}:\n  got:      {:?}\n  expected: {:?}",
            line + 1,
            expanded.text.lines().nth(line),
            expected.lines().nth(line)
        );
    }
    // The two `##SCHEMA#` lines are expanded with a warning naming their line.
    let typos: Vec<(usize, String)> = expanded
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("`##SCHEMA#`"))
        .map(|d| (d.line, d.message.clone()))
        .collect();
    assert_eq!(
        typos,
        [
            (
                950,
                "line 950: `##SCHEMA#` is read as `#SCHEMA#`".to_owned()
            ),
            (
                956,
                "line 956: `##SCHEMA#` is read as `#SCHEMA#`".to_owned()
            )
        ]
    );
}
