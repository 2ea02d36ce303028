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

pub mod options;

use crate::hash::{HashMap, HashSet};
use std::borrow::Cow;
use std::path::Path;

use minijinja::Environment;
use serde::Serialize;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Failure};
use crate::ir::{Field, Model, Shape, Struct, TypeDef, TypeRef};

pub use options::{Loc, Options, Problem};

/// How a style plans ids and links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// dstack's docs hook, quirks included.
    Compat,
    /// Unique ids, links to wherever the page documents a type.
    Reader,
}

/// The built-in styles (each a template `reference/<name>.md`), with what they are for: the
/// values `codegen expand --style` accepts.
pub const BUILT_IN_STYLES: &[(&str, &str)] = &[
    ("compat", "dstack's hook format, byte for byte"),
    (
        "default",
        "Friendly types, explicit requiredness, real defaults, unique ids",
    ),
];

/// A rendering style: a template (`reference/<name>.md`) and a flavour. The one style type:
/// `[docs] style`, `codegen expand --style` and the page stage all name styles through it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Style {
    /// The style's name.
    pub name: String,
    /// How ids and links are planned.
    pub flavor: Flavor,
    template: String,
    /// Named types the compat flavour does not link fields of (`[docs] compat-unlinked`).
    unlinked: Vec<String>,
}

impl Style {
    /// The style `name`, whose template must exist in `env` (`compat` plans like the hook,
    /// every other style like `default`).
    pub fn new(name: &str, env: &Environment<'_>) -> Result<Style, Failure> {
        let template = format!("reference/{name}.md");
        if env.get_template(&template).is_err() {
            let built_in: Vec<&str> = BUILT_IN_STYLES.iter().map(|(name, _)| *name).collect();
            return Err(Failure::Usage(format!(
                "unknown reference style `{name}`: there is no template `templates/{template}` (built-in styles: {})",
                built_in.join(", ")
            )));
        }
        let flavor = if name == "compat" {
            Flavor::Compat
        } else {
            Flavor::Reader
        };
        Ok(Style {
            name: name.to_owned(),
            flavor,
            template,
            unlinked: Vec::new(),
        })
    }

    /// The style, with fields of the named types `unlinked` not linked in the compat flavour.
    pub fn with_unlinked(mut self, unlinked: &[String]) -> Style {
        self.unlinked = unlinked.to_vec();
        self
    }

    /// Whether what dstack's hook lets through (repeated ids, links to sections the page
    /// lacks, `item_id_mapping` or overrides naming no field) is an error: in the default style;
    /// the compat style reports it as a warning, as the hook renders such pages.
    pub fn page_problems_are_errors(&self) -> bool {
        self.flavor == Flavor::Reader
    }

    /// Whether directives document enumerations and unions too (not only structs, as
    /// dstack's hook does).
    pub fn documents_every_shape(&self) -> bool {
        self.flavor == Flavor::Reader
    }
}

/// One directive, as the page reader found it.
#[derive(Debug, Clone)]
pub struct Spec<'a> {
    /// The type to document.
    pub ty: &'a TypeDef,
    /// Its options.
    pub options: Options,
    /// Where the directive is (its path's position).
    pub at: Loc,
    /// The id of the nearest heading above the directive.
    pub heading_anchor: Option<String>,
    /// The section key qualifying ids (see the module documentation); may be empty.
    pub section: String,
}

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
        .map(|spec| plan(page, spec, style.flavor, &mut diagnostics))
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

/// One directive, planned: the root and its items.
struct Plan<'a> {
    ty: &'a TypeDef,
    options: &'a Options,
    items: Vec<ItemPlan<'a>>,
    /// The anchors of the named types the type's shape refers to (reader flavour; for the
    /// shape of a type without fields and a struct's extra keys).
    anchors: HashMap<String, String>,
    root_id: Option<String>,
    root_level: usize,
    item_level: usize,
}

struct ItemPlan<'a> {
    field: &'a Field,
    description: &'a str,
    required: bool,
    default: Option<Value>,
    type_text: Option<&'a str>,
    id: String,
    link: Option<String>,
    /// The anchors of named types in the field's type (reader flavour).
    anchors: HashMap<String, String>,
    /// The union the field's type names, for the variants list (reader flavour).
    union: Option<&'a TypeDef>,
}

/// Checks a spec against its type and applies the overrides.
fn plan<'a>(
    page: &Path,
    spec: &'a Spec<'a>,
    flavor: Flavor,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Plan<'a>> {
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
        let description = overridden
            .and_then(|o| o.description.as_deref())
            .or(field.description.as_deref());
        let Some(description) = description else {
            ok = false;
            let (file, line) = ty.source.as_ref().map_or_else(
                || (page.to_path_buf(), spec.at.line),
                |s| (Path::new(&s.file).to_path_buf(), s.line),
            );
            diagnostics.push(
                Diagnostic::error(
                    file,
                    line,
                    0,
                    format!(
                        "field `{}` of `{}` has no description: the reference at {}:{} cannot document it",
                        field.name,
                        ty.name,
                        page.display(),
                        spec.at.line
                    ),
                )
                .with_hint("give the field a `///` doc comment"),
            );
            continue;
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
fn plan_without_fields<'a>(
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
fn unwritable_name(page: &Path, spec: &Spec<'_>, name: &str) -> Option<Diagnostic> {
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

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The hook's plan: ids are field names (`_name` when linked), links are
/// `#<prefix><field or mapping>` for model-typed fields. A linked field's default is a model
/// instance to the hook, which it never printed: only a page's override gives it one.
fn plan_compat(model: &Model, unlinked: &[String], plans: &mut [Option<Plan<'_>>]) {
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
fn hook_links(model: &Model, ty: &TypeRef) -> bool {
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
fn plan_reader<'a>(
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

/// A description as markdown without raw HTML. Descriptions are markdown (code spans, emphasis,
/// links, lists render), but a `<` that would open an HTML tag, comment, declaration or
/// processing instruction (followed by a letter, `/`, `!` or `?`) is written `&lt;`, so that
/// `</script>` or `<!--` in a doc comment shows as text instead of reaching the page; carriage
/// returns become the line breaks markdown reads them as. Code spans,
/// fenced code, autolinks (`<https://...>`) and backslash-escaped `\<` are left as written:
/// markdown shows them as text already.
pub fn without_raw_html(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        // Markdown reads a carriage return as a line break: say so (a template that turns line
        // breaks into `<br>` would otherwise leave one that ends a heading early).
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        return Cow::Owned(without_raw_html(&text).into_owned());
    }
    if !text.contains('<') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut fence: Option<(char, usize)> = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        if let Some(m) = marker {
            let run = trimmed.chars().take_while(|c| *c == m).count();
            match fence {
                None if run >= 3 => {
                    fence = Some((m, run));
                    out.push_str(line);
                    continue;
                }
                Some((fm, fr)) if fm == m && run >= fr && trimmed[run..].trim().is_empty() => {
                    fence = None;
                    out.push_str(line);
                    continue;
                }
                _ => {}
            }
        }
        if fence.is_some() {
            out.push_str(line);
            continue;
        }
        escape_line(line, &mut out);
    }
    Cow::Owned(out)
}

/// [`without_raw_html`] for one line outside fenced code.
fn escape_line(line: &str, out: &mut String) {
    let bytes = line.as_bytes();
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'`' => {
                // A code span: the same number of backticks closes it on this line.
                let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                let fence = &line[i..i + run];
                let mut j = i + run;
                let mut end = None;
                while let Some(at) = line[j..].find(fence) {
                    let k = j + at;
                    let len = bytes[k..].iter().take_while(|&&b| b == b'`').count();
                    if len == run {
                        end = Some(k + run);
                        break;
                    }
                    j = k + len;
                }
                i = end.unwrap_or(i + run);
            }
            b'<' => {
                let next = bytes.get(i + 1).copied().unwrap_or(b' ');
                if (next.is_ascii_alphabetic() || matches!(next, b'/' | b'!' | b'?'))
                    && !is_autolink(&line[i..])
                {
                    out.push_str(&line[copied..i]);
                    out.push_str("&lt;");
                    copied = i + 1;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    out.push_str(&line[copied..]);
}

/// Whether `text` starts with a CommonMark URI autolink: `<scheme:...>` without spaces.
fn is_autolink(text: &str) -> bool {
    let Some(end) = text.find('>') else {
        return false;
    };
    let inner = &text[1..end];
    let Some((scheme, rest)) = inner.split_once(':') else {
        return false;
    };
    (2..=32).contains(&scheme.len())
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
        && !rest.contains(|c: char| c.is_whitespace() || c.is_control() || c == '<')
}

fn qualified(section: &str, name: &str) -> Option<String> {
    (!section.is_empty()).then(|| format!("{section}-{name}"))
}

/// The named type a field is about: through nullability, lists and map values.
fn principal(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named { name } => Some(name),
        TypeRef::Nullable { inner } => principal(inner),
        TypeRef::List { item, .. } => principal(item),
        TypeRef::Map { value, .. } => principal(value),
        _ => None,
    }
}

fn collect_named(ty: &TypeRef, out: &mut Vec<String>) {
    crate::ir::visit_ref(ty, &mut |r| {
        if let TypeRef::Named { name } = r {
            out.push(name.clone());
        }
    });
}

/// What one root heading or item wants as its id.
struct Wanted {
    plan: usize,
    item: Option<usize>,
    own: String,
    qualified: Option<String>,
}

impl Wanted {
    fn new(plan: usize, item: Option<usize>, own: String, qualified: Option<String>) -> Self {
        let qualified = qualified.filter(|q| *q != own);
        Wanted {
            plan,
            item,
            own,
            qualified,
        }
    }
}

/// Hands out unique ids.
struct IdAssigner {
    taken: HashSet<String>,
    /// For each base, the last suffix handed out: the numbers below it are all taken (ids are
    /// never given back), so the next search starts there. Without it, n wishes for one base
    /// cost n²/2 lookups (10,000 directives of one type on a page took minutes).
    next_suffix: HashMap<String, usize>,
}

impl IdAssigner {
    fn new(taken: &HashSet<String>) -> Self {
        IdAssigner {
            taken: taken.clone(),
            next_suffix: HashMap::default(),
        }
    }

    /// One id per wish: its own id when no one else has or wants it, else its qualified id on
    /// the same terms, else the first free of `<qualified or own>-2`, `-3`... in order.
    fn assign(&mut self, wanted: &[Wanted]) -> Vec<String> {
        let mut result: Vec<Option<String>> = vec![None; wanted.len()];
        let mut count: HashMap<&str, usize> = HashMap::default();
        for w in wanted {
            *count.entry(w.own.as_str()).or_default() += 1;
        }
        for (slot, w) in result.iter_mut().zip(wanted) {
            if count[w.own.as_str()] == 1 && !self.taken.contains(&w.own) {
                self.taken.insert(w.own.clone());
                *slot = Some(w.own.clone());
            }
        }
        let mut count: HashMap<&str, usize> = HashMap::default();
        for (slot, w) in result.iter().zip(wanted) {
            if let (None, Some(q)) = (slot, &w.qualified) {
                *count.entry(q.as_str()).or_default() += 1;
            }
        }
        for (slot, w) in result.iter_mut().zip(wanted) {
            if slot.is_some() {
                continue;
            }
            if let Some(q) = &w.qualified
                && count[q.as_str()] == 1
                && !self.taken.contains(q)
            {
                self.taken.insert(q.clone());
                *slot = Some(q.clone());
            }
        }
        for (slot, w) in result.iter_mut().zip(wanted) {
            if slot.is_some() {
                continue;
            }
            let base = w.qualified.as_ref().unwrap_or(&w.own);
            let id = if self.taken.contains(base) {
                let from = self.next_suffix.get(base.as_str()).map_or(2, |n| n + 1);
                let (n, id) = (from..)
                    .map(|n| (n, format!("{base}-{n}")))
                    .find(|(_, id)| !self.taken.contains(id))
                    .expect("an unbounded range has a free id");
                self.next_suffix.insert(base.clone(), n);
                id
            } else {
                base.clone()
            };
            self.taken.insert(id.clone());
            *slot = Some(id);
        }
        result
            .into_iter()
            .map(|id| id.expect("every wish is served"))
            .collect()
    }
}

// ---- Template views ----------------------------------------------------------------------

#[derive(Serialize)]
struct BlockView<'a> {
    style: &'a str,
    root: RootView<'a>,
    items: Vec<ItemView<'a>>,
    shape: ShapeView,
    /// The type of keys a struct accepts besides its fields, when they are typed.
    extra: Option<TypeView>,
}

/// What a type is, for a directive on a type without fields.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum ShapeView {
    Struct,
    Enum {
        values: Vec<ValueView>,
    },
    Union {
        tag: Option<String>,
        variants: Vec<UnionVariantView>,
    },
    Alias {
        target: TypeView,
    },
}

#[derive(Serialize)]
struct ValueView {
    /// The value as a YAML reader writes it (strings bare).
    value: String,
    description: Option<String>,
}

#[derive(Serialize)]
struct UnionVariantView {
    tag: Option<String>,
    #[serde(rename = "type")]
    ty: TypeView,
    description: Option<String>,
    /// The fields of an anonymous object variant.
    fields: Vec<FieldView>,
}

/// A field of an anonymous object.
#[derive(Serialize)]
struct FieldView {
    name: String,
    #[serde(rename = "type")]
    ty: TypeView,
    required: bool,
    default: Option<String>,
    description: Option<String>,
    /// The fields of its own type, when that is an anonymous object too.
    fields: Vec<FieldView>,
}

#[derive(Serialize)]
struct RootView<'a> {
    name: &'a str,
    description: Option<Cow<'a, str>>,
    heading: bool,
    toc_entry: bool,
    level: usize,
    id: Option<&'a str>,
}

#[derive(Serialize)]
struct ItemView<'a> {
    name: &'a str,
    id: &'a str,
    level: usize,
    description: Cow<'a, str>,
    required: bool,
    default: Option<String>,
    #[serde(rename = "type")]
    ty: TypeView,
    type_text: Option<&'a str>,
    link: Option<&'a str>,
    tag: Option<&'a str>,
    variants: Vec<VariantView>,
    deprecated: bool,
    /// The deprecation's note (what to use instead), when the model gives one.
    deprecated_note: Option<Cow<'a, str>>,
    /// The fields of the field's type, when that is an anonymous object (reader flavour).
    fields: Vec<FieldView>,
}

#[derive(Serialize)]
struct VariantView {
    tag: Option<String>,
    name: Option<String>,
    anchor: Option<String>,
}

/// A type, for templates.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum TypeView {
    Any,
    Null,
    Boolean,
    Integer,
    Number,
    String,
    Literal {
        value: String,
    },
    Enum {
        values: Vec<String>,
    },
    Named {
        name: String,
        anchor: Option<String>,
    },
    List {
        item: Box<TypeView>,
    },
    Tuple {
        items: Vec<TypeView>,
    },
    Map {
        key: Option<Box<TypeView>>,
        value: Box<TypeView>,
    },
    Nullable {
        inner: Box<TypeView>,
    },
    Union {
        variants: Vec<TypeView>,
    },
    Object,
}

impl Plan<'_> {
    fn view<'s>(&'s self, style: &'s Style) -> BlockView<'s> {
        let compat = style.flavor == Flavor::Compat;
        BlockView {
            style: &style.name,
            root: RootView {
                name: &self.ty.name,
                description: self.ty.description.as_deref().map(without_raw_html),
                heading: self.options.show_root_heading,
                toc_entry: self.options.show_root_toc_entry,
                level: self.root_level,
                id: self.root_id.as_deref(),
            },
            items: self
                .items
                .iter()
                .map(|item| ItemView {
                    name: &item.field.name,
                    id: &item.id,
                    level: self.item_level,
                    description: without_raw_html(item.description),
                    required: item.required,
                    default: item.default.as_ref().and_then(|d| {
                        if compat {
                            truthy(d).then(|| python_str(d))
                        } else {
                            (!d.is_null()).then(|| yaml_inline(d))
                        }
                    }),
                    ty: type_view(&item.field.ty, !item.required, &item.anchors),
                    type_text: item.type_text,
                    link: item.link.as_deref(),
                    tag: item.union.and_then(|u| match &u.shape {
                        Shape::Union(union) => union.tag.as_deref(),
                        _ => None,
                    }),
                    variants: item
                        .union
                        .map_or_else(Vec::new, |u| variant_views(u, &item.anchors)),
                    deprecated: item.field.deprecated.is_some(),
                    deprecated_note: item
                        .field
                        .deprecated
                        .as_ref()
                        .and_then(|d| d.note.as_deref())
                        .map(without_raw_html),
                    fields: if compat {
                        Vec::new()
                    } else {
                        inline_fields(&item.field.ty, &item.anchors, 0)
                    },
                })
                .collect(),
            shape: self.shape_view(),
            extra: match &self.ty.shape {
                Shape::Struct(s) if !compat => s
                    .extra
                    .as_deref()
                    .map(|extra| type_view(extra, false, &self.anchors)),
                _ => None,
            },
        }
    }

    fn shape_view(&self) -> ShapeView {
        match &self.ty.shape {
            Shape::Struct(_) => ShapeView::Struct,
            Shape::Enum { values } => ShapeView::Enum {
                values: values
                    .iter()
                    .zip(self.ty.value_descriptions())
                    .map(|(value, description)| ValueView {
                        value: yaml_inline(value),
                        description: description.map(|d| without_raw_html(&d).into_owned()),
                    })
                    .collect(),
            },
            Shape::Union(union) => ShapeView::Union {
                tag: union.tag.clone(),
                variants: union
                    .variants
                    .iter()
                    .map(|v| UnionVariantView {
                        tag: v.tag_value.clone(),
                        ty: type_view(&v.ty, false, &self.anchors),
                        description: v
                            .description
                            .as_deref()
                            .map(|d| without_raw_html(d).into_owned()),
                        // The tag is in the variant's label already.
                        fields: inline_fields(&v.ty, &self.anchors, 0)
                            .into_iter()
                            .filter(|f| {
                                v.tag_value.is_none() || union.tag.as_ref() != Some(&f.name)
                            })
                            .collect(),
                    })
                    .collect(),
            },
            Shape::Alias { target } => ShapeView::Alias {
                target: type_view(target, false, &self.anchors),
            },
        }
    }
}

/// The fields of an anonymous object type (through nullability and lists), nested; empty for
/// other types.
fn inline_fields(ty: &TypeRef, anchors: &HashMap<String, String>, depth: usize) -> Vec<FieldView> {
    if depth > 16 {
        return Vec::new();
    }
    match ty {
        TypeRef::Object { shape } => field_views(shape, anchors, depth),
        TypeRef::Nullable { inner } => inline_fields(inner, anchors, depth),
        TypeRef::List { item, .. } => inline_fields(item, anchors, depth + 1),
        _ => Vec::new(),
    }
}

fn field_views(shape: &Struct, anchors: &HashMap<String, String>, depth: usize) -> Vec<FieldView> {
    shape
        .fields
        .iter()
        .map(|f| FieldView {
            name: f.name.clone(),
            ty: type_view(&f.ty, !f.required, anchors),
            required: f.required,
            default: f.default.as_ref().filter(|d| !d.is_null()).map(yaml_inline),
            description: f
                .description
                .as_deref()
                .map(|d| without_raw_html(d).into_owned()),
            fields: inline_fields(&f.ty, anchors, depth + 1),
        })
        .collect()
}

fn variant_views(union: &TypeDef, anchors: &HashMap<String, String>) -> Vec<VariantView> {
    let Shape::Union(union) = &union.shape else {
        return Vec::new();
    };
    // A variant with neither a tag nor a name (an anonymous type) has no label here: the list is
    // left out, and the union's own section (the field links to it) lists its variants.
    if union
        .variants
        .iter()
        .any(|v| v.tag_value.is_none() && v.ty.named().is_none())
    {
        return Vec::new();
    }
    union
        .variants
        .iter()
        .map(|v| {
            let name = v.ty.named().map(str::to_owned);
            VariantView {
                tag: v.tag_value.clone(),
                anchor: name.as_deref().and_then(|n| anchors.get(n).cloned()),
                name,
            }
        })
        .collect()
}

/// A type reference as a template sees it; `optional` drops a top-level `null` (an optional
/// field says so already).
fn type_view(ty: &TypeRef, optional: bool, anchors: &HashMap<String, String>) -> TypeView {
    let inner = |t: &TypeRef| Box::new(type_view(t, false, anchors));
    match ty {
        TypeRef::Any => TypeView::Any,
        TypeRef::Null => TypeView::Null,
        TypeRef::Bool => TypeView::Boolean,
        TypeRef::Integer(_) => TypeView::Integer,
        TypeRef::Number(_) => TypeView::Number,
        TypeRef::String(_) => TypeView::String,
        TypeRef::Literal { value } => TypeView::Literal {
            value: value.to_string(),
        },
        TypeRef::Enum { values } => TypeView::Enum {
            values: values.iter().map(Value::to_string).collect(),
        },
        TypeRef::Named { name } => TypeView::Named {
            name: name.clone(),
            anchor: anchors.get(name).cloned(),
        },
        TypeRef::List { item, .. } => TypeView::List { item: inner(item) },
        TypeRef::Tuple { items } => TypeView::Tuple {
            items: items.iter().map(|t| type_view(t, false, anchors)).collect(),
        },
        TypeRef::Map { key, value } => TypeView::Map {
            key: key.as_deref().map(inner),
            value: inner(value),
        },
        TypeRef::Nullable { inner: t } if optional => type_view(t, false, anchors),
        TypeRef::Nullable { inner: t } => TypeView::Nullable { inner: inner(t) },
        TypeRef::Union { variants } => TypeView::Union {
            variants: variants
                .iter()
                .map(|t| type_view(t, false, anchors))
                .collect(),
        },
        TypeRef::Object { .. } => TypeView::Object,
    }
}

/// Python's truthiness of a default.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// `str(value)` in Python.
fn python_str(value: &Value) -> String {
    match value {
        Value::String(s) => quoted_if_multiline(s).unwrap_or_else(|| s.clone()),
        other => python_repr(other),
    }
}

/// `repr(value)` in Python.
fn python_repr(value: &Value) -> String {
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(python_repr).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("'{k}': {}", python_repr(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A default as a YAML reader writes it: strings bare, everything else as JSON (valid YAML flow).
fn yaml_inline(value: &Value) -> String {
    match value {
        Value::String(s) => quoted_if_multiline(s).unwrap_or_else(|| s.clone()),
        other => other.to_string(),
    }
}

/// A string that cannot stand on one line of a page (line breaks, control characters), as a
/// double-quoted string with escapes (valid YAML and JSON); `None` for other strings.
fn quoted_if_multiline(s: &str) -> Option<String> {
    let breaks = |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}');
    s.contains(breaks).then(|| {
        serde_json::to_string(s)
            .expect("a string serialises")
            .replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029")
            .replace('\u{85}', "\\u0085")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
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
        let env = crate::templates::environment(None).expect("built-in templates");
        let style = Style::new(style, &env).expect("built-in style");
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
        assert_eq!(
            messages,
            [
                "model/src/thing.rs:7: error: field `b` of `Thing` has no description: the reference at page.md:3 cannot document it\n  hint: give the field a `///` doc comment"
            ]
        );
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
