//! Reference items for `#SCHEMA#` directives, rendered from the IR through templates.
//!
//! This module sees no markdown: the page reader ([`crate::docs::pages`]) hands it, for each
//! directive of a page, the model type, the parsed [`Options`] and where the directive stands
//! (the id of the heading above it, a section key), plus the ids the page already has. It plans
//! the whole page at once (ids must be unique across directives, links point at other
//! directives' sections) and renders each directive with the style's template,
//! `reference/<style>.md`, which receives:
//!
//! - `style`: the style's name;
//! - `root`: `{name, description, heading, toc_entry, level, id}`: the type and its heading;
//! - `items`: one per field, in declaration order: `{name, id, level, description, required,
//!   default, type, type_text, link, tag, variants, deprecated, deprecated_note}`
//!   (`deprecated_note`: what to use instead, from the model's `#[deprecated(note)]`);
//!   `type` is a tree
//!   (`{kind: "list", item: {kind: "named", name, anchor}}`, kinds `any`, `null`, `boolean`,
//!   `integer`, `number`, `string`, `literal` (`value`, JSON text), `enum` (`values`), `named`,
//!   `list`, `tuple` (`items`), `map` (`key`, `value`), `nullable` (`inner`), `union`
//!   (`variants`), `object`); `variants` lists the members of a union-typed field
//!   (`{tag, name, anchor}`).
//!
//! A directive on a type without fields (style `default` only: dstack's hook knows models with
//! fields alone) documents its shape instead: `shape` is `{kind: "struct"}`, `{kind: "enum",
//! values: [{value, description}]}`, `{kind: "union", tag, variants: [{tag, type, description,
//! fields}]}` or `{kind: "alias", target}`. Fields of inline objects (a union's variants, a field
//! whose type is an anonymous object) are listed as `fields`: `{name, type, required, default,
//! description, fields}`, nested. A struct's `extra` is the type of the keys it accepts besides
//! its fields, when it has one. A union whose variants are all named types stays an error: each
//! variant is documented with a directive of its own.
//!
//! Two flavours of planning exist:
//! - [`Flavor::Compat`] (style `compat`) reproduces dstack's docs hook: ids are field names
//!   (`_name` for linked fields), links are `#<item_id_prefix><field or item_id_mapping entry>`
//!   for model-typed fields, defaults print as Python would (`True`), only when truthy;
//! - [`Flavor::Reader`] (style `default` and any custom style) makes ids unique on the page and
//!   links every nested type to the section that documents it on the page.
//!
//! Ids in the reader flavour: an item's id is `item_id_prefix` + field name. When that id is
//! taken (by the page, or by another item that wants the same one), it becomes
//! `<section>-<field>`, where the section is the id of the root heading when it is shown, else
//! the id of the heading above the directive followed by the title of the innermost tab or
//! admonition it sits in (`aws-creds-access-key-type`). When that is taken too, `-2`, `-3`... is appended
//! in page order. The root heading's id is the type's name in lower case, made unique the same
//! way.

mod ids;
pub mod options;
mod plan;
mod style;
mod text;
mod view;

use std::path::Path;

use minijinja::Environment;

use crate::diagnostics::Diagnostic;
use crate::hash::HashSet;
use crate::ir::Model;
use plan::{Plan, plan, plan_compat, plan_reader};

pub use options::{Loc, Options, Problem};
pub use style::{BUILT_IN_STYLES, Flavor, Spec, Style};
pub use text::without_raw_html;

/// Plans and renders the directives of one page. Returns one text per spec (`None` for a spec
/// with errors) and the diagnostics. `page` is the page's name for diagnostics; `taken` holds the
/// ids the page has besides generated items.
pub fn render_page(
    env: &Environment<'_>,
    style: &Style,
    model: &Model,
    page: &Path,
    specs: &[Spec<'_>],
    taken: &HashSet<String>,
) -> (Vec<Option<String>>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut plans: Vec<Option<Plan<'_>>> = specs
        .iter()
        .map(|spec| plan(page, spec, style, &mut diagnostics))
        .collect();
    match style.flavor {
        Flavor::Compat => plan_compat(model, &style.unlinked, &mut plans),
        Flavor::Reader => plan_reader(model, specs, &mut plans, taken),
    }
    let template = match env.get_template(&style.template) {
        Ok(template) => template,
        Err(err) => {
            diagnostics.push(crate::templates::template_diagnostic(
                Path::new("templates").join(&style.template).as_path(),
                &err,
            ));
            return (vec![None; specs.len()], diagnostics);
        }
    };
    let mut texts = Vec::with_capacity(specs.len());
    let mut template_failed = false;
    for plan in &plans {
        let Some(plan) = plan else {
            texts.push(None);
            continue;
        };
        if template_failed {
            texts.push(None);
            continue;
        }
        let view = plan.view(style);
        match template.render(minijinja::Value::from(minijinja::value::Serde(&view))) {
            Ok(text) => texts.push(Some(text)),
            Err(err) => {
                // The same template fails the same way for every directive: report it once.
                diagnostics.push(crate::templates::template_diagnostic(
                    Path::new("templates").join(&style.template).as_path(),
                    &err,
                ));
                template_failed = true;
                texts.push(None);
            }
        }
    }
    (texts, diagnostics)
}
#[cfg(test)]
mod tests {
    use super::ids::*;
    use super::text::*;
    use super::*;
    use serde_json::Value;
    use serde_json::json;

    fn thing_model() -> Model {
        let schema = json!({
            "type": "object",
            "properties": {
                "a": {"type": "string", "description": "Documented"},
                "b": {"type": "integer"}
            },
            "required": ["a"],
            "additionalProperties": false
        });
        let sources = std::collections::HashMap::from([(
            "Thing".to_owned(),
            crate::ir::Source {
                rust_path: "model::Thing".into(),
                file: "model/src/thing.rs".into(),
                line: 7,
            },
        )]);
        Model::from_definitions(&[("Thing".to_owned(), schema)], &sources).expect("a valid model")
    }

    /// Renders one directive on `name` at `page.md:line:10`.
    fn render_directive(
        model: &Model,
        name: &str,
        style: &str,
        options: Options,
        line: usize,
    ) -> (Vec<Option<String>>, Vec<Diagnostic>) {
        render_with(
            model,
            name,
            style,
            &crate::config::ModelConfig::default(),
            options,
            line,
        )
    }

    /// [`render_directive`] with `[model]` settings.
    fn render_with(
        model: &Model,
        name: &str,
        style: &str,
        rules: &crate::config::ModelConfig,
        options: Options,
        line: usize,
    ) -> (Vec<Option<String>>, Vec<Diagnostic>) {
        let env = crate::templates::environment(None).expect("built-in templates");
        let style = Style::new(style, &env)
            .expect("built-in style")
            .with_model_rules(rules);
        let spec = Spec {
            ty: model.get(name).expect("the type"),
            options,
            at: Loc { line, column: 10 },
            heading_anchor: None,
            section: String::new(),
        };
        render_page(
            &env,
            &style,
            model,
            Path::new("page.md"),
            &[spec],
            &HashSet::default(),
        )
    }

    fn render(model: &Model, options: Options) -> (Vec<Option<String>>, Vec<Diagnostic>) {
        render_directive(model, "Thing", "default", options, 3)
    }

    #[test]
    fn undocumented_fields_are_errors_at_their_type() {
        let model = thing_model();
        let (texts, diagnostics) = render(&model, Options::default());
        assert_eq!(texts, [None]);
        let messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        // The model's problem, as the job reports it (once: the stage `doc-comments` finds it
        // too): at the type, the field's place being unknown here.
        let problem = "model/src/thing.rs:7: error: field `b` of `Thing` has no doc comment: the \
                       schemas, the reference and the packages would show it without a description\n  \
                       hint: write a `///` comment above the field; or, in codegen.toml, list it in \
                       [model] allow-undocumented (\"Thing.b\") or set [model] undocumented-fields = \"warning\"";
        assert_eq!(messages, [problem]);
        // A page may supply the description.
        let options = Options {
            fields: vec![options::FieldOverride {
                field: "b".into(),
                description: Some("Given by the page".into()),
                ..Default::default()
            }],
            ..Options::default()
        };
        let (texts, diagnostics) = render(&model, options);
        assert_eq!(diagnostics, []);
        let text = texts[0].as_deref().expect("rendered");
        assert!(text.contains("Given by the page."), "{text}");
        assert!(
            text.contains("<code class=\"reference-type\">int</code> · optional"),
            "{text}"
        );
        // At the level `warning`, the item is written without a description (the compat style
        // leaves it out, as dstack's hook did), with the warning; allowed, without one.
        let warn = crate::config::ModelConfig {
            undocumented_fields: crate::config::Level::Warning,
            ..Default::default()
        };
        let allow = crate::config::ModelConfig {
            allow_undocumented: vec!["Thing.b".into()],
            ..Default::default()
        };
        for (rules, warnings) in [
            (&warn, vec![problem.replace(": error:", ": warning:")]),
            (&allow, vec![]),
        ] {
            for (style, has_b) in [("default", true), ("compat", false)] {
                let (texts, diagnostics) =
                    render_with(&model, "Thing", style, rules, Options::default(), 3);
                let messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
                assert_eq!(messages, warnings, "{style}");
                let text = texts[0].as_deref().expect("rendered");
                assert_eq!(
                    text.contains("data-toc-label='b'"),
                    has_b,
                    "{style}: {text}"
                );
                if has_b {
                    // The last item: its type line, and nothing after it.
                    assert!(
                        text.trim_end()
                            .ends_with("<code class=\"reference-type\">int</code> · optional"),
                        "{text:?}"
                    );
                }
            }
        }
    }

    fn render_type(
        model: &Model,
        name: &str,
        style: &str,
    ) -> (Vec<Option<String>>, Vec<Diagnostic>) {
        render_directive(model, name, style, Options::default(), 2)
    }

    #[test]
    fn types_without_fields_document_their_shape() {
        let definitions = json!({
            "Mode": {"description": "A mode.", "oneOf": [
                {"const": "fast", "description": "Quick."},
                {"const": "slow"}
            ]},
            "Shape": {"oneOf": [
                {"type": "object", "description": "A circle.", "required": ["kind", "r"],
                 "properties": {"kind": {"const": "circle"}, "r": {"type": "number", "description": "Radius"}}},
                {"type": "object", "required": ["kind"], "properties": {"kind": {"const": "dot"}}}
            ]},
            "Id": {"type": "integer", "format": "uint64", "minimum": 0}
        });
        let definitions: Vec<(String, Value)> = definitions
            .as_object()
            .expect("an object")
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let model = Model::from_definitions(&definitions, &std::collections::HashMap::new())
            .expect("a valid model");
        let (texts, diagnostics) = render_type(&model, "Mode", "default");
        assert_eq!(diagnostics, []);
        let text = texts[0].as_deref().expect("rendered");
        assert!(text.contains("- `fast`: Quick.\n"), "{text}");
        assert!(text.contains("- `slow`\n"), "{text}");
        let (texts, _) = render_type(&model, "Shape", "default");
        let text = texts[0].as_deref().expect("rendered");
        assert!(text.contains("One of, by `kind`:"), "{text}");
        assert!(text.contains("- `kind: circle`: A circle.\n"), "{text}");
        assert!(
            text.contains(
                "    - `r` · <code class=\"reference-type\">float</code> · **required**: Radius.\n"
            ),
            "{text}"
        );
        assert!(
            !text.contains("`kind` ·"),
            "the tag is not repeated as a field: {text}"
        );
        let (texts, _) = render_type(&model, "Id", "default");
        assert!(
            texts[0]
                .as_deref()
                .expect("rendered")
                .contains("<code class=\"reference-type\">int</code>")
        );
        // The compat style (dstack's hook) documents fields only: an error names the type and
        // its shape.
        let (texts, diagnostics) = render_type(&model, "Shape", "compat");
        assert_eq!(texts, [None]);
        let messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "page.md:2:10: error: `Shape` is a union, not a type with fields: the compat style documents fields only, as dstack's hook does; expand the page with the default style"
            ]
        );
    }

    #[test]
    fn python_spellings() {
        assert_eq!(python_str(&json!(true)), "True");
        assert_eq!(python_str(&json!("x")), "x");
        assert_eq!(python_str(&json!(["a", 1])), "['a', 1]");
        assert_eq!(python_str(&json!({"a": null})), "{'a': None}");
        assert!(
            !truthy(&json!(0))
                && !truthy(&json!(""))
                && !truthy(&json!([]))
                && !truthy(&json!(false))
        );
        assert!(truthy(&json!("aws")) && truthy(&json!(2)));
    }

    #[test]
    fn ids_prefer_own_then_qualified_then_numbered() {
        let taken: HashSet<String> = ["aws-creds".to_owned()].into_iter().collect();
        let mut ids = IdAssigner::new(&taken);
        let wanted = vec![
            Wanted::new(0, Some(0), "type".into(), Some("aws-type".into())),
            Wanted::new(1, Some(0), "type".into(), Some("gcp-type".into())),
            Wanted::new(1, Some(1), "name".into(), Some("gcp-name".into())),
            Wanted::new(2, Some(0), "aws-creds".into(), Some("aws-creds".into())),
            Wanted::new(3, Some(0), "x".into(), Some("s-x".into())),
            Wanted::new(4, Some(0), "x".into(), Some("s-x".into())),
        ];
        assert_eq!(
            ids.assign(&wanted),
            [
                "aws-type",
                "gcp-type",
                "name",
                "aws-creds-2",
                "s-x",
                "s-x-2"
            ]
        );
    }
}
