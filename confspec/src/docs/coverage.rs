//! What the docs forgot, on the types reachable from the configured roots:
//! - [`check`]: every type that needs a section of its own and that no directive on any page
//!   documents;
//! - [`undocumented_fields`] (the stage [`stage`]): every field without a doc comment.
//!
//! Both walk the model the same way ([`walk`]): breadth first from the roots, each type once,
//! through fields, extra keys, union variants and aliases.
//!
//! A struct always needs a section (a field's reference links to it); in a style for readers an
//! enumeration and a union with anonymous variants need one too. A union whose variants are all
//! named types needs none: each variant does (that is where the field's reference links), and
//! a variant without one is the "variant rendered without a section" dstack's hook lets through.
//!
//! Each missing section names the type, the field that reaches it and the page that documents
//! the field's type, and is reported there (at that directive); a type reached from an
//! undocumented parent, or a root, is reported at its declaration in the model. A field without
//! a doc comment is reported at the field ([`crate::config::ModelConfig::undocumented_field`]).

use std::collections::VecDeque;
use std::path::PathBuf;

use crate::context::Context;
use crate::diagnostics::{Diagnostic, Failure, Severity};
use crate::hash::{HashMap, HashSet};
use crate::ir::{Model, Shape, Struct, TypeDef, TypeRef, visit_ref};
use crate::output::Outputs;

/// A directive of a page: the type it documents and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Documented {
    /// The type's name.
    pub ty: String,
    /// The page, as diagnostics name it.
    pub page: PathBuf,
    /// The directive's line, 1-based.
    pub line: usize,
    /// Its column, 1-based.
    pub column: usize,
}

/// How a type was first reached: the type whose field reaches it, and the field.
#[derive(Debug, Clone)]
struct Via<'m> {
    parent: &'m str,
    field: Option<&'m str>,
}

/// The types reachable from `roots` that need a section and have none, each reported once with
/// `severity`, in the order a breadth-first walk from the roots meets them. `readers`: the style
/// documents enumerations and unions too (the `default` style), not only structs (`compat`).
pub fn check(
    model: &Model,
    roots: &[String],
    documented: &[Documented],
    readers: bool,
    severity: Severity,
) -> Vec<Diagnostic> {
    let mut first: HashMap<&str, &Documented> = HashMap::default();
    for d in documented {
        first.entry(d.ty.as_str()).or_insert(d);
    }
    let needs_section = |def: &TypeDef| match &def.shape {
        Shape::Struct(s) => !s.fields.is_empty(),
        Shape::Union(u) => readers && !all_named(u),
        Shape::Enum { .. } => readers,
        Shape::Alias { .. } => false,
    };
    // A union without a section of its own passes on how it was reached.
    walk(model, roots, &|def| !needs_section(def))
        .into_iter()
        .filter(|(def, _)| needs_section(def) && !first.contains_key(def.name.as_str()))
        .map(|(def, via)| problem(def, via.as_ref(), &first, severity))
        .collect()
}

/// Every type reachable from `roots` (the model's types named there, and every type they use),
/// each once, in the order a breadth-first walk meets them, with how it was first reached (none
/// for a root). A union for which `passes_on` holds passes on how it was reached to its
/// variants.
fn walk<'m>(
    model: &'m Model,
    roots: &[String],
    passes_on: &dyn Fn(&TypeDef) -> bool,
) -> Vec<(&'m TypeDef, Option<Via<'m>>)> {
    let mut seen: HashSet<&str> = HashSet::default();
    let mut queue: VecDeque<(&TypeDef, Option<Via>)> = VecDeque::new();
    for root in roots {
        if let Some(def) = model.get(root)
            && seen.insert(def.name.as_str())
        {
            queue.push_back((def, None));
        }
    }
    let mut reached_types = Vec::new();
    while let Some((def, via)) = queue.pop_front() {
        let reach = |r, via| reached(model, r, via);
        let mut next = Vec::new();
        match &def.shape {
            Shape::Struct(s) => {
                for field in &s.fields {
                    next.extend(reach(
                        &field.ty,
                        Via {
                            parent: &def.name,
                            field: Some(&field.name),
                        },
                    ));
                }
                if let Some(extra) = &s.extra {
                    next.extend(reach(
                        extra,
                        Via {
                            parent: &def.name,
                            field: None,
                        },
                    ));
                }
            }
            Shape::Union(u) => {
                let passed = match (&via, passes_on(def)) {
                    (Some(via), true) => via.clone(),
                    _ => Via {
                        parent: &def.name,
                        field: None,
                    },
                };
                for variant in &u.variants {
                    next.extend(reach(&variant.ty, passed.clone()));
                }
            }
            Shape::Alias { target } => next.extend(reach(
                target,
                via.clone().unwrap_or(Via {
                    parent: &def.name,
                    field: None,
                }),
            )),
            Shape::Enum { .. } => {}
        }
        for (next, via) in next {
            if seen.insert(next.name.as_str()) {
                queue.push_back((next, Some(via)));
            }
        }
        reached_types.push((def, via));
    }
    reached_types
}

/// The stage `doc-comments`: every field of the types the outputs show (the roots of the
/// `[[schemas]]` and of the packages, every model type for a package without roots, and every
/// type they use) has a doc comment, or is reported at the level `[model]
/// undocumented-fields` sets; an entry of `[model] allow-undocumented` that names no field is
/// an error.
pub fn stage(
    ctx: &Context,
    _outputs: &mut Outputs,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), Failure> {
    let settings = &ctx.config.model;
    for entry in &settings.allow_undocumented {
        let known = entry.split_once('.').is_some_and(|(ty, field)| {
            ctx.model
                .get(ty)
                .is_some_and(|def| fields_of(def).iter().any(|f| f.name == field))
        });
        if !known {
            diagnostics.push(
                ctx.setting_error(
                    "[model]",
                    entry,
                    format!("[model] allow-undocumented: `{entry}` is no field of a model type"),
                )
                .with_hint("write `Type.field`: the type's name in the schemas, the field's key"),
            );
        }
    }
    let mut roots: Vec<String> = ctx.config.schemas.iter().map(|s| s.root.clone()).collect();
    for package in ctx.config.packages() {
        if package.roots.is_empty() {
            roots.extend(ctx.model.names().map(str::to_owned));
        } else {
            roots.extend(package.roots.iter().cloned());
        }
    }
    diagnostics.extend(undocumented_fields(&ctx.model, &roots, settings));
    Ok(())
}

/// The fields without a doc comment of the types reachable from `roots`, each reported once
/// ([`crate::config::ModelConfig::undocumented_field`]), in the order of [`walk`] and of the
/// fields. A union's variant that is a named struct with the tag added is that struct's
/// fields (reported there, where they are written).
pub fn undocumented_fields(
    model: &Model,
    roots: &[String],
    settings: &crate::config::ModelConfig,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut checked: HashSet<&str> = HashSet::default();
    let mut queue: VecDeque<&TypeDef> = walk(model, roots, &|_| false)
        .into_iter()
        .map(|(def, _)| def)
        .collect();
    while let Some(def) = queue.pop_front() {
        if !checked.insert(def.name.as_str()) {
            continue;
        }
        for field in fields_of(def) {
            if field.description.is_none()
                && let Some(problem) = settings.undocumented_field(def, field)
            {
                problems.push(problem);
            }
        }
        if let Shape::Union(u) = &def.shape {
            let members = u.variants.iter().filter_map(|v| v.member.as_deref());
            queue.extend(members.filter_map(|m| model.get(m)));
        }
    }
    problems
}

/// The fields a type writes: a struct's, an object alias's, and those of the anonymous objects
/// in any of their types. A union's variant that is an anonymous object holds the keys serde
/// adds (a tag, an externally tagged variant's name, an adjacently tagged variant's content
/// key) beside the fields of a struct variant: only the fields the model's sources declare
/// (those with a place) are the variant's fields. A variant that is a named struct with the
/// tag added holds that struct's fields: they are checked there.
fn fields_of(def: &TypeDef) -> Vec<&crate::ir::Field> {
    let mut objects: Vec<&Struct> = Vec::new();
    let mut fields = Vec::new();
    match &def.shape {
        Shape::Struct(s) => objects_in_struct(s, &mut objects),
        Shape::Union(u) => {
            for variant in u.variants.iter().filter(|v| v.member.is_none()) {
                match &variant.ty {
                    TypeRef::Object { shape } => {
                        for field in &shape.fields {
                            if field.place.is_some() {
                                fields.push(field);
                            }
                            objects_in(&field.ty, &mut objects);
                        }
                        if let Some(extra) = &shape.extra {
                            objects_in(extra, &mut objects);
                        }
                    }
                    other => objects_in(other, &mut objects),
                }
            }
        }
        Shape::Alias { target } => objects_in(target, &mut objects),
        Shape::Enum { .. } => {}
    }
    fields.extend(objects.iter().flat_map(|s| s.fields.iter()));
    fields
}

/// `s` and the anonymous objects in the types of its fields and extra keys.
fn objects_in_struct<'m>(s: &'m Struct, out: &mut Vec<&'m Struct>) {
    out.push(s);
    for field in &s.fields {
        objects_in(&field.ty, out);
    }
    if let Some(extra) = &s.extra {
        objects_in(extra, out);
    }
}

/// The anonymous objects in `r`, at any depth (not through named types).
fn objects_in<'m>(r: &'m TypeRef, out: &mut Vec<&'m Struct>) {
    match r {
        TypeRef::Object { shape } => objects_in_struct(shape, out),
        TypeRef::List { item, .. } => objects_in(item, out),
        TypeRef::Tuple { items } => items.iter().for_each(|i| objects_in(i, out)),
        TypeRef::Map { key, value } => {
            if let Some(key) = key {
                objects_in(key, out);
            }
            objects_in(value, out);
        }
        TypeRef::Nullable { inner } => objects_in(inner, out),
        TypeRef::Union { variants } => variants.iter().for_each(|v| objects_in(v, out)),
        _ => {}
    }
}

/// The named types `r` refers to, each reached `via`.
fn reached<'m>(model: &'m Model, r: &'m TypeRef, via: Via<'m>) -> Vec<(&'m TypeDef, Via<'m>)> {
    let mut named = Vec::new();
    visit_ref(r, &mut |r| {
        if let TypeRef::Named { name } = r
            && let Some(next) = model.get(name)
        {
            named.push((next, via.clone()));
        }
    });
    named
}

/// Whether every variant is a named type.
fn all_named(u: &crate::ir::Union) -> bool {
    u.variants
        .iter()
        .all(|v| matches!(v.ty, TypeRef::Named { .. }))
}

fn problem(
    def: &TypeDef,
    via: Option<&Via<'_>>,
    documented: &HashMap<&str, &Documented>,
    severity: Severity,
) -> Diagnostic {
    let at_parent = via.and_then(|v| documented.get(v.parent).map(|d| (v, *d)));
    let reached = match via {
        Some(Via {
            parent,
            field: Some(field),
        }) => format!(", which `{parent}.{field}` reaches"),
        Some(Via {
            parent,
            field: None,
        }) => format!(", which `{parent}` reaches"),
        None => " (a root)".to_owned(),
    };
    let message = match at_parent {
        Some((via, _)) => format!(
            "`{}`{reached}, is documented by no directive on any page: `{}`'s reference here has no section to link to",
            def.name, via.parent
        ),
        None => format!(
            "`{}`{reached}, is documented by no directive on any page",
            def.name
        ),
    };
    let (file, line, column): (PathBuf, usize, usize) = match (at_parent, &def.source) {
        (Some((_, d)), _) => (d.page.clone(), d.line, d.column),
        (None, Some(source)) => (PathBuf::from(&source.file), source.line, 0),
        (None, None) => (PathBuf::from(crate::config::FILE_NAME), 0, 0),
    };
    let hint = match at_parent {
        Some((via, _)) => format!(
            "add a `#SCHEMA#` directive for `{}` (on this page, beside `{}`, for its links to land)",
            def.name, via.parent
        ),
        None => format!("add a `#SCHEMA#` directive for `{}` to a page", def.name),
    };
    let diagnostic = match severity {
        Severity::Error => Diagnostic::error(file, line, column, message),
        Severity::Warning => Diagnostic::warning(file, line, column, message),
    };
    diagnostic.with_hint(hint)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::config::{Level, ModelConfig};
    use crate::ir::{DocComment, NoteMember};

    /// `Job` (a field documented, one not) and `Step`, an internally tagged union with a
    /// struct variant (a field documented, one not) and a unit variant; places from the sources.
    fn model() -> Model {
        let definitions = json!({
            "Job": {"type": "object", "properties": {
                "name": {"type": "string", "description": "The name."},
                "retries": {"type": "integer"},
                "steps": {"type": "array", "items": {"$ref": "#/definitions/Step"}, "description": "The steps."}
            }, "required": ["name"]},
            "Step": {"oneOf": [
                {"type": "object", "properties": {
                    "type": {"type": "string", "const": "run"},
                    "cmd": {"type": "string", "description": "The command."},
                    "shell": {"type": "string"}
                }, "required": ["type", "cmd"]},
                {"type": "object", "properties": {"type": {"type": "string", "const": "noop"}},
                 "required": ["type"]}
            ]},
            "Unused": {"type": "object", "properties": {"x": {"type": "string"}}}
        });
        let definitions: Vec<(String, serde_json::Value)> = definitions
            .as_object()
            .expect("an object")
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let sources = std::collections::HashMap::from([(
            "Job".to_owned(),
            crate::ir::Source {
                rust_path: "app::Job".into(),
                file: "src/lib.rs".into(),
                line: 3,
            },
        )]);
        let mut model = Model::from_definitions(&definitions, &sources).expect("a valid model");
        let place = |type_name, key, line| DocComment {
            type_name,
            member: NoteMember::Field(key),
            file: "src/lib.rs",
            line,
            lines: &[],
        };
        model.add_doc_comments(&[
            place("Job", "name", 5),
            place("Job", "steps", 9),
            place("Step", "cmd", 15),
            place("Step", "shell", 16),
        ]);
        model
    }

    fn problems(settings: &ModelConfig) -> Vec<String> {
        undocumented_fields(&model(), &["Job".to_owned()], settings)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn fields_without_a_doc_comment_are_reported_where_they_are() {
        // `retries` has no recorded place: at its type. The tag serde adds is no field of the
        // model's; `Unused` is not reached.
        let hint = |ty: &str, field: &str| {
            format!(
                "\n  hint: write a `///` comment above the field; or, in codegen.toml, list it in \
                 [model] allow-undocumented (\"{ty}.{field}\") or set [model] undocumented-fields = \"warning\""
            )
        };
        let message = "has no doc comment: the schemas, the reference and the packages would show it without a description";
        assert_eq!(
            problems(&ModelConfig::default()),
            [
                format!(
                    "src/lib.rs:3: error: field `retries` of `Job` {message}{}",
                    hint("Job", "retries")
                ),
                format!(
                    "src/lib.rs:16: error: field `shell` of `Step` {message}{}",
                    hint("Step", "shell")
                ),
            ]
        );
        let warnings = problems(&ModelConfig {
            undocumented_fields: Level::Warning,
            allow_undocumented: vec!["Step.shell".into()],
        });
        assert_eq!(
            warnings,
            [format!(
                "src/lib.rs:3: warning: field `retries` of `Job` {message}{}",
                hint("Job", "retries")
            )]
        );
    }
}
