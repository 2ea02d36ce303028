//! What the pages forgot: every type reachable from the configured roots (`[[schemas]] root`)
//! that needs a section of its own and that no directive on any page documents.
//!
//! A struct always needs one (a field's reference links to it); in a style for readers an
//! enumeration and a union with anonymous variants need one too. A union whose variants are all
//! named types needs none: each variant does (that is where the field's reference links), and
//! a variant without one is the "variant rendered without a section" dstack's hook lets through.
//!
//! Each problem names the type, the field that reaches it and the page that documents the
//! field's type, and is reported there (at that directive); a type reached from an
//! undocumented parent, or a root, is reported at its declaration in the model.

use std::collections::VecDeque;
use std::path::PathBuf;

use crate::diagnostics::{Diagnostic, Severity};
use crate::hash::{HashMap, HashSet};
use crate::ir::{Model, Shape, TypeDef, TypeRef, visit_ref};

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
    let mut seen: HashSet<&str> = HashSet::default();
    let mut queue: VecDeque<(&TypeDef, Option<Via>)> = VecDeque::new();
    for root in roots {
        if let Some(def) = model.get(root)
            && seen.insert(def.name.as_str())
        {
            queue.push_back((def, None));
        }
    }
    let mut problems = Vec::new();
    while let Some((def, via)) = queue.pop_front() {
        if needs_section(def) && !first.contains_key(def.name.as_str()) {
            problems.push(problem(def, via.as_ref(), &first, severity));
        }
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
                // A union without a section of its own passes on how it was reached.
                let passed = match (&via, needs_section(def)) {
                    (Some(via), false) => via.clone(),
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
    }
    problems
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
