//! The `compat` style on dstack's nine reference pages (`../shared/reference/dstack-pages/`, every
//! `NAME.md` beside its hook output `NAME.expanded.md`, found by listing the directory): each
//! expands without an error, and its output is the hook's byte for byte apart from item lines
//! for fields the hook skipped for lack of a description (the model documents every field), each
//! a reference item of a field that the model specification lists without one.
//!
//! Where the reference directory holds a corrected hook output (`NAME.expected-compat.md`: the
//! seed's, whose `##SCHEMA#` directives the hook matched but left a stray `#` on the first item),
//! that is the expected output.
//!
//! Without the reference data the test says it is skipped (a failure under CI). The project's
//! own fixtures cover the same behaviour (`tests/pages.rs`: warnings in compat, `--strict`, the
//! hook's links and ids; `tests/compat.rs`: the seed page).

mod common;

use std::path::Path;

use confspec::diagnostics::Severity;
use confspec::docs::pages;

/// Whether `line` is a reference item of the compat format, and its field.
fn item_field(line: &str) -> Option<&str> {
    if !line.trim_end().ends_with("class='reference-item' }") {
        return None;
    }
    let at = line.find("data-toc-label='")? + "data-toc-label='".len();
    line[at..].split('\'').next()
}

#[test]
fn compat_reproduces_the_hook_on_every_dstack_page() {
    let Some((spec_path, mut spec)) = common::shared("reference/dstack-yml-model.md") else {
        return;
    };
    let Some((_, server_spec)) = common::shared("reference/dstack-server-config-model.md") else {
        return;
    };
    spec.push_str(&server_spec);
    let reference = spec_path.parent().expect("the reference directory");
    let dir = reference.join("dstack-pages");
    let ctx = common::context();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("the pages directory")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            let stem = name.strip_suffix(".md")?;
            (!stem.ends_with(".expanded")).then(|| stem.to_owned())
        })
        .collect();
    names.sort();
    assert_eq!(
        names.len(),
        9,
        "dstack's nine pages (the seed among them): {names:?}"
    );
    // Fields the specification documents without a description (`| `name` | ... | — |`).
    let undescribed = |field: &str| {
        spec.lines()
            .any(|l| l.starts_with(&format!("| `{field}` |")) && l.trim_end().ends_with("| — |"))
    };
    let mut problems = Vec::new();
    for name in &names {
        let text = std::fs::read_to_string(dir.join(format!("{name}.md"))).expect("page");
        let corrected = reference.join(format!("{name}.expected-compat.md"));
        let hook = std::fs::read_to_string(&corrected)
            .or_else(|_| std::fs::read_to_string(dir.join(format!("{name}.expanded.md"))))
            .expect("the hook's output");
        let expanded = pages::expand_text(&ctx, Path::new(name), &text, Some("compat"))
            .expect("the compat style");
        let errors: Vec<String> = expanded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            errors,
            Vec::<String>::new(),
            "{name}: compat renders what the hook renders"
        );
        // Walk both outputs: lines match, or ours is an inserted item.
        let ours: Vec<&str> = expanded.text.split_inclusive('\n').collect();
        let theirs: Vec<&str> = hook.split_inclusive('\n').collect();
        let (mut i, mut j, mut inserted) = (0, 0, 0);
        while i < ours.len() || j < theirs.len() {
            if i < ours.len() && j < theirs.len() && ours[i] == theirs[j] {
                i += 1;
                j += 1;
                continue;
            }
            if let Some(field) = ours.get(i).and_then(|l| item_field(l))
                && undescribed(field)
                && theirs.get(j).and_then(|l| item_field(l)) != Some(field)
            {
                inserted += 1;
                i += 1;
                continue;
            }
            problems.push(format!(
                "{name}: line {} differs:\n  ours: {:?}\n  hook: {:?}",
                j + 1,
                ours.get(i),
                theirs.get(j)
            ));
            break;
        }
        println!("{name}: byte for byte apart from {inserted} inserted item(s)");
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
