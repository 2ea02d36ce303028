//! Link and id planning of a page's directives: the options checked against each type and the
//! overrides applied ([`plan`], [`plan_without_fields`]), then the flavour's ids and links over
//! the whole page at once ([`plan_compat`], [`plan_reader`]).

use std::borrow::Cow;
use std::path::Path;

use serde_json::Value;

use super::ids::{IdAssigner, Wanted, collect_named, principal, qualified};
use super::options::{self, Options};
use super::style::{Flavor, Spec, Style};
use crate::diagnostics::{Diagnostic, Severity};
use crate::hash::{HashMap, HashSet};
use crate::ir::{Field, Model, Shape, TypeDef, TypeRef};

/// One directive, planned: the root and its items.
pub(super) struct Plan<'a> {
    pub(super) ty: &'a TypeDef,
    pub(super) options: &'a Options,
    pub(super) items: Vec<ItemPlan<'a>>,
    /// The anchors of the named types the type's shape refers to (reader flavour; for the
    /// shape of a type without fields and a struct's extra keys).
    pub(super) anchors: HashMap<String, String>,
    pub(super) root_id: Option<String>,
    pub(super) root_level: usize,
    pub(super) item_level: usize,
}

pub(super) struct ItemPlan<'a> {
    pub(super) field: &'a Field,
    pub(super) description: Cow<'a, str>,
    pub(super) required: bool,
    pub(super) default: Option<Value>,
    pub(super) type_text: Option<&'a str>,
    pub(super) id: String,
    pub(super) link: Option<String>,
    /// The anchors of named types in the field's type (reader flavour).
    pub(super) anchors: HashMap<String, String>,
    /// The union the field's type names, for the variants list (reader flavour).
    pub(super) union: Option<&'a TypeDef>,
}

/// Checks a spec against its type and applies the overrides.
pub(super) fn plan<'a>(
    page: &Path,
    spec: &'a Spec<'a>,
    style: &Style,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Plan<'a>> {
    let flavor = style.flavor;
    let ty = spec.ty;
    let Shape::Struct(shape) = &ty.shape else {
        return plan_without_fields(page, spec, flavor, diagnostics);
    };
    let mut ok = true;
    let field_names = || shape.fields.iter().map(|f| f.name.clone());
    // What the hook ignores is a warning in compat, and leaves the plan valid.
    let lenient = flavor == Flavor::Compat;
    let problem = if lenient {
        Diagnostic::warning
    } else {
        Diagnostic::error
    };
    for entry in &spec.options.fields {
        if !shape.fields.iter().any(|f| f.name == entry.field) {
            ok &= lenient;
            let closest = crate::resolve::closest(
                &entry.field,
                field_names().chain(options::OPTION_NAMES.iter().map(|o| (*o).to_owned())),
            );
            diagnostics.push(
                problem(
                    page,
                    entry.at.line,
                    entry.at.column,
                    format!(
                        "`{}` is neither an option nor a field of `{}`",
                        entry.field, ty.name
                    ),
                )
                .with_hint(format!("closest known: {}", quoted(&closest))),
            );
        }
    }
    for entry in &spec.options.fields {
        if let Some(at) = entry.not_a_mapping
            && shape.fields.iter().any(|f| f.name == entry.field)
        {
            ok = false;
            diagnostics.push(Diagnostic::error(
                page,
                at.line,
                at.column,
                format!(
                    "the override of field `{}` must be a mapping (`required`, `default`, `description`, `type`)",
                    entry.field
                ),
            ));
        }
    }
    for mapping in &spec.options.item_id_mapping {
        if !shape.fields.iter().any(|f| f.name == mapping.field) {
            ok &= lenient;
            let closest = crate::resolve::closest(&mapping.field, field_names());
            diagnostics.push(
                problem(
                    page,
                    mapping.at.line,
                    mapping.at.column,
                    format!(
                        "`item_id_mapping` names `{}`, which is not a field of `{}`",
                        mapping.field, ty.name
                    ),
                )
                .with_hint(format!("closest known: {}", quoted(&closest))),
            );
        }
    }
    for name in std::iter::once(&ty.name).chain(shape.fields.iter().map(|f| &f.name)) {
        if let Some(problem) = unwritable_name(page, spec, name) {
            ok = false;
            diagnostics.push(problem);
        }
    }
    let mut items = Vec::with_capacity(shape.fields.len());
    for field in &shape.fields {
        let overridden = spec.options.field(&field.name);
        // The hook printed a description as written, up to a space it ends with.
        let description = match overridden.and_then(|o| o.description.as_deref()) {
            Some(text) => Some(Cow::Borrowed(text)),
            None if lenient => field.description_as_written(),
            None => field.description.as_deref().map(Cow::Borrowed),
        };
        let description = match description {
            Some(description) => description,
            None => {
                // The same problem as the model's (`[model]`), reported once by the job.
                let problem = style.model.undocumented_field(ty, field);
                let is_error = problem
                    .as_ref()
                    .is_some_and(|p| p.severity == Severity::Error);
                diagnostics.extend(problem);
                if is_error {
                    ok = false;
                    continue;
                }
                // Written without a description; dstack's hook left such a field out.
                if lenient {
                    continue;
                }
                Cow::Borrowed("")
            }
        };
        let default = match overridden.and_then(|o| o.default.clone()) {
            Some(Value::Null) => None,
            Some(value) => Some(value),
            None => field.default.clone(),
        };
        items.push(ItemPlan {
            field,
            description,
            required: overridden
                .and_then(|o| o.required)
                .unwrap_or(field.required),
            default,
            type_text: overridden.and_then(|o| o.ty.as_deref()),
            id: String::new(),
            link: None,
            anchors: HashMap::default(),
            union: None,
        });
    }
    if !ok {
        return None;
    }
    Some(Plan {
        ty,
        options: &spec.options,
        items,
        root_id: None,
        root_level: 3,
        item_level: 4,
        anchors: HashMap::default(),
    })
}

/// The plan of a type without fields (an enumeration, a union with an anonymous variant, an
/// alias): its shape is documented; the `compat` style cannot.
pub(super) fn plan_without_fields<'a>(
    page: &Path,
    spec: &'a Spec<'a>,
    flavor: Flavor,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Plan<'a>> {
    let ty = spec.ty;
    let kind = match &ty.shape {
        Shape::Union(union) => {
            if !union.variants.is_empty() && union.variants.iter().all(|v| v.ty.named().is_some()) {
                let names: Vec<String> = union
                    .variants
                    .iter()
                    .filter_map(|v| v.ty.named().map(|n| format!("`{n}`")))
                    .collect();
                diagnostics.push(Diagnostic::error(
                    page,
                    spec.at.line,
                    spec.at.column,
                    format!(
                        "`{}` is a union; document each of its variants with a directive of its own ({})",
                        ty.name,
                        names.join(", ")
                    ),
                ));
                return None;
            }
            "a union"
        }
        Shape::Enum { .. } => "an enumeration",
        _ => "an alias of another type",
    };
    let error = |message: String| Diagnostic::error(page, spec.at.line, spec.at.column, message);
    if let Some(problem) = unwritable_name(page, spec, &ty.name) {
        diagnostics.push(problem);
        return None;
    }
    if flavor == Flavor::Compat {
        diagnostics.push(error(format!(
            "`{}` is {kind}, not a type with fields: the compat style documents fields only, as \
             dstack's hook does; expand the page with the default style",
            ty.name
        )));
        return None;
    }
    let mut ok = true;
    for entry in &spec.options.fields {
        ok = false;
        diagnostics.push(error(format!(
            "`{}` is neither an option nor a field: `{}` is {kind}, which has no fields",
            entry.field, ty.name
        )));
    }
    for mapping in &spec.options.item_id_mapping {
        ok = false;
        diagnostics.push(error(format!(
            "`item_id_mapping` names `{}`, but `{}` is {kind}, which has no fields",
            mapping.field, ty.name
        )));
    }
    ok.then(|| Plan {
        ty,
        options: &spec.options,
        items: Vec::new(),
        root_id: None,
        root_level: 3,
        item_level: 4,
        anchors: HashMap::default(),
    })
}

/// A name (of the type or of a field) a reference page cannot hold: it is written in a heading's
/// code span, in the heading's attribute list (`data-toc-label='...'`) and in ids, where a quote,
/// a brace, a backtick, markdown emphasis, whitespace or a control character would break the
/// heading or inject attributes, and so would underscores around the whole name (emphasis). An
/// error at the type's source (or the directive).
pub(super) fn unwritable_name(page: &Path, spec: &Spec<'_>, name: &str) -> Option<Diagnostic> {
    // `__init__`: markdown reads the underscores around a word as emphasis.
    let emphasis = name.len() > 1 && name.starts_with('_') && name.ends_with('_');
    let bad = emphasis.then_some('_').or_else(|| name.chars().find(|&c| {
        c.is_whitespace()
            || c.is_control()
            || "`'\"{}<>*\\[]|&".contains(c)
            // Invisible bidirectional controls would reorder the heading as shown.
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }))?;
    let ty = spec.ty;
    let (file, line) = ty.source.as_ref().map_or_else(
        || (page.to_path_buf(), spec.at.line),
        |s| (Path::new(&s.file).to_path_buf(), s.line),
    );
    Some(
        Diagnostic::error(
            file,
            line,
            0,
            format!(
                "the name {} (in `{}`, documented at {}:{}) holds {}, which a reference heading, \
                 its attribute list and its id cannot hold",
                serde_json::to_string(name).unwrap_or_default(),
                ty.name,
                page.display(),
                spec.at.line,
                serde_json::to_string(&bad.to_string()).unwrap_or_default(),
            ),
        )
        .with_hint(
            "rename it (`#[serde(rename = \"...\")]`) with letters, digits and `_ - . : $ @ /`",
        ),
    )
}

pub(super) fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The hook's plan: ids are field names (`_name` when linked), links are
/// `#<prefix><field or mapping>` for model-typed fields. A linked field's default is a model
/// instance to the hook, which it never printed: only a page's override gives it one.
pub(super) fn plan_compat(model: &Model, unlinked: &[String], plans: &mut [Option<Plan<'_>>]) {
    for plan in plans.iter_mut().flatten() {
        for item in &mut plan.items {
            let plain = item
                .field
                .ty
                .named()
                .is_some_and(|name| unlinked.iter().any(|u| u == name));
            if !plain && hook_links(model, &item.field.ty) {
                if plan
                    .options
                    .field(&item.field.name)
                    .is_none_or(|o| o.default.is_none())
                {
                    item.default = None;
                }
                let name = plan
                    .options
                    .mapping(&item.field.name)
                    .map_or(item.field.name.as_str(), |m| m.name.as_str());
                item.link = Some(format!("{}{name}", plan.options.item_id_prefix));
                item.id = format!("_{}", item.field.name);
            } else {
                item.id = item.field.name.clone();
            }
        }
    }
}

/// Whether the hook linked a field of this type: a model, an optional model, a list of models,
/// or a union with a model among its members (`Union[ProfileRetry, bool]`; not a list of a union).
pub(super) fn hook_links(model: &Model, ty: &TypeRef) -> bool {
    let is_model =
        |ty: &TypeRef| matches!(ty, TypeRef::Named { name } if model.struct_of(name).is_some());
    let is_union_of_models = |ty: &TypeRef| match ty {
        TypeRef::Named { name } => match model.get(name).map(|t| &t.shape) {
            Some(Shape::Union(union)) => union.variants.iter().any(|v| is_model(&v.ty)),
            _ => false,
        },
        TypeRef::Union { variants } => variants.iter().any(is_model),
        _ => false,
    };
    match ty {
        TypeRef::Nullable { inner } => hook_links(model, inner),
        TypeRef::List { item, .. } => is_model(item),
        other => is_model(other) || is_union_of_models(other),
    }
}

/// The reader's plan: unique ids, links to where the page documents each type.
pub(super) fn plan_reader<'a>(
    model: &'a Model,
    specs: &[Spec<'_>],
    plans: &mut [Option<Plan<'a>>],
    taken: &HashSet<String>,
) {
    // Heading levels.
    for plan in plans.iter_mut().flatten() {
        let level = plan.options.heading_level;
        plan.root_level = level.unwrap_or(3);
        plan.item_level = if plan.options.show_root_heading {
            (plan.root_level + 1).min(6)
        } else {
            level.unwrap_or(4)
        };
    }
    // Ids: root headings first, then items, each from its candidates.
    let mut wanted: Vec<Wanted> = Vec::new();
    for (index, (spec, plan)) in specs.iter().zip(plans.iter()).enumerate() {
        let Some(plan) = plan else { continue };
        if plan.options.show_root_heading {
            let own = plan.ty.name.to_lowercase();
            wanted.push(Wanted::new(
                index,
                None,
                own.clone(),
                qualified(&spec.section, &own),
            ));
        }
    }
    let mut ids = IdAssigner::new(taken);
    let roots = ids.assign(&wanted);
    for (w, id) in wanted.iter().zip(roots) {
        if let Some(plan) = &mut plans[w.plan] {
            plan.root_id = Some(id);
        }
    }
    let mut wanted = Vec::new();
    for (index, (spec, plan)) in specs.iter().zip(plans.iter()).enumerate() {
        let Some(plan) = plan else { continue };
        let section = plan.root_id.clone().unwrap_or_else(|| spec.section.clone());
        for (i, item) in plan.items.iter().enumerate() {
            let own = format!("{}{}", plan.options.item_id_prefix, item.field.name);
            wanted.push(Wanted::new(
                index,
                Some(i),
                own,
                qualified(&section, &item.field.name),
            ));
        }
    }
    let items = ids.assign(&wanted);
    for (w, id) in wanted.iter().zip(items) {
        if let (Some(plan), Some(i)) = (&mut plans[w.plan], w.item) {
            plan.items[i].id = id;
        }
    }
    // Where each type is documented: its root heading, else the heading above its directive.
    let mut documented: HashMap<&str, String> = HashMap::default();
    for (spec, plan) in specs.iter().zip(plans.iter()) {
        let Some(plan) = plan else { continue };
        let anchor = plan.root_id.clone().or_else(|| spec.heading_anchor.clone());
        if let Some(anchor) = anchor {
            documented.entry(plan.ty.name.as_str()).or_insert(anchor);
        }
    }
    let anchor_of = |name: &str| -> Option<String> {
        if let Some(anchor) = documented.get(name) {
            return Some(anchor.clone());
        }
        // A union is documented where all its variants are, when that is one place.
        let Shape::Union(union) = &model.get(name)?.shape else {
            return None;
        };
        let mut anchors = union
            .variants
            .iter()
            .map(|v| v.ty.named().and_then(|n| documented.get(n)));
        let first = anchors.next()??;
        anchors.all(|a| a == Some(first)).then(|| first.clone())
    };
    for plan in plans.iter_mut().flatten() {
        let prefix = plan.options.item_id_prefix.clone();
        let mappings: Vec<(String, String)> = plan
            .options
            .item_id_mapping
            .iter()
            .map(|m| (m.field.clone(), m.name.clone()))
            .collect();
        for item in &mut plan.items {
            let mut names = Vec::new();
            collect_named(&item.field.ty, &mut names);
            // The variants of a union the field names, for its variants list.
            for name in names.clone() {
                if let Some(Shape::Union(union)) = model.get(&name).map(|t| &t.shape) {
                    names.extend(
                        union
                            .variants
                            .iter()
                            .filter_map(|v| v.ty.named().map(str::to_owned)),
                    );
                }
            }
            for name in &names {
                if let Some(anchor) = anchor_of(name) {
                    item.anchors.insert(name.clone(), anchor);
                }
            }
            let principal = principal(&item.field.ty);
            let explicit = mappings
                .iter()
                .find(|(field, _)| *field == item.field.name)
                .map(|(_, name)| format!("{prefix}{name}"));
            item.link = match (explicit, principal) {
                (Some(link), _) => Some(link),
                (None, Some(name)) => item.anchors.get(name).cloned().or_else(|| {
                    // The hook's convention, when the page follows it.
                    let conventional = format!("{prefix}{}", item.field.name);
                    (!prefix.is_empty() && taken.contains(&conventional)).then_some(conventional)
                }),
                (None, None) => None,
            };
            if let (Some(link), Some(name)) = (&item.link, principal) {
                item.anchors.insert(name.to_owned(), link.clone());
            }
            item.union = principal
                .and_then(|name| model.get(name))
                .filter(|t| matches!(t.shape, Shape::Union(_)));
        }
        // The named types of the shape itself (a type without fields, a struct's extra keys).
        let mut names = Vec::new();
        match &plan.ty.shape {
            Shape::Struct(s) => {
                if let Some(extra) = &s.extra {
                    collect_named(extra, &mut names);
                }
            }
            shape => crate::ir::visit_shape(shape, &mut |r| {
                if let TypeRef::Named { name } = r {
                    names.push(name.clone());
                }
            }),
        }
        for name in names {
            if let Some(anchor) = anchor_of(&name) {
                plan.anchors.insert(name, anchor);
            }
        }
    }
}
