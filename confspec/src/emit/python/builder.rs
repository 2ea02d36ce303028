//! Builds the [`ModuleView`] from the IR: names every type, orders classes, aliases and unions,
//! and annotates each field ([`super::annotate`]).

use std::collections::BTreeSet;
use std::path::Path;

use super::names::*;
use super::pytype::*;
use super::view::*;
use crate::diagnostics::{Diagnostic, Failure};
use crate::emit::package::Package;
use crate::hash::{HashMap, HashSet};
use crate::ir::{Model, Shape, Struct, TypeRef, Union};

/// State while turning the IR into the view.
pub(super) struct Builder<'a> {
    pub(super) model: &'a Model,
    /// IR name → Python name, for every type in the package.
    pub(super) names: HashMap<String, String>,
    /// Every Python name defined at module level.
    pub(super) taken: HashSet<String>,
    /// Python names of the model types (fields may not use them).
    pub(super) type_names: HashSet<String>,
    /// Names already defined at the point being written (aliases refer to the others quoted).
    pub(super) defined: HashSet<String>,
    /// Aliases that refer to themselves through other aliases.
    pub(super) recursive: HashSet<String>,
    /// Structs that are variants of a tagged union → the tag's key.
    pub(super) tagged: HashMap<String, String>,
    /// Structs that are the members of tagged unions' variants with the tag added (serde's
    /// `#[serde(tag)]` enums), written as one class that holds the tag: the struct with the
    /// tag's field first ([`merged_members`]).
    pub(super) merged: HashMap<String, Struct>,
    /// The tag's key for the anonymous object about to be written as a tagged variant.
    pub(super) object_tag: Option<String>,
    pub(super) typing: BTreeSet<&'static str>,
    pub(super) typing_extensions: BTreeSet<&'static str>,
    pub(super) pydantic: BTreeSet<&'static str>,
    pub(super) helpers: BTreeSet<&'static str>,
    /// Classes of anonymous objects met while rendering the current item.
    pub(super) pending: Vec<Item>,
    /// Problems of the model that the package cannot express.
    pub(super) errors: Vec<Diagnostic>,
}

/// Where a type expression is written.
pub(super) struct Site<'n> {
    /// A name for anonymous classes made here (`OwnerField`).
    pub(super) hint: String,
    /// Whether names not yet defined must be quoted: an alias's value is evaluated when the
    /// module runs. Class annotations are lazy (`from __future__ import annotations`), and so
    /// is the value of a recursive alias, written as one string.
    pub(super) quote: bool,
    /// Whether scalars are pydantic's strict types: an alias has no configuration that would
    /// make them strict, a class does.
    pub(super) strict: bool,
    pub(super) notes: &'n mut Vec<Note>,
}

impl ModuleView {
    pub(super) fn build(package: &Package<'_>) -> Result<ModuleView, Failure> {
        let (model, settings) = (package.model, package.settings);
        let order: Vec<String> = package.types.iter().map(|t| t.name.clone()).collect();
        let mut builder = Builder {
            model,
            names: HashMap::default(),
            taken: HashSet::default(),
            type_names: HashSet::default(),
            defined: HashSet::default(),
            recursive: HashSet::default(),
            tagged: tagged_variants(model),
            merged: merged_members(package),
            object_tag: None,
            typing: BTreeSet::new(),
            typing_extensions: BTreeSet::new(),
            pydantic: BTreeSet::from(["BaseModel"]),
            helpers: BTreeSet::new(),
            pending: Vec::new(),
            errors: Vec::new(),
        };
        for name in &order {
            let mut py = identifier(name);
            if is_reserved_word(&py) {
                py.push('_');
            }
            let py = unique(py, &mut builder.taken);
            builder.type_names.insert(py.clone());
            builder.names.insert(name.clone(), py);
        }
        for (name, shape) in &builder.merged {
            if let Some(tag) = shape.fields.first() {
                builder.tagged.insert(name.clone(), tag.name.clone());
            }
        }
        builder.recursive = recursive_aliases(model, &order);
        // A root that is an alias (a union) is written with `TypeAliasType` as well: pydantic
        // then resolves its forward references in this module, so `TypeAdapter(Root)` works
        // from any module (a plain `TypeAlias` would resolve them in the caller's).
        builder.recursive.extend(
            settings
                .roots
                .iter()
                .filter(|root| {
                    model.get(root).is_some_and(|d| {
                        matches!(d.shape, Shape::Union(_) | Shape::Alias { .. })
                            && !is_object_alias(&d.shape)
                    })
                })
                .cloned(),
        );
        let mut items = Vec::new();
        for name in &order {
            let def = model.get(name).expect("the closure holds model types");
            let item = match builder.merged.get(name).cloned() {
                Some(shape) => Item::Class(builder.class(
                    &builder.names[name].clone(),
                    name,
                    def.description.clone(),
                    &shape,
                )),
                None => builder.item(name, def.description.clone(), &def.shape),
            };
            items.append(&mut builder.pending);
            builder.defined.insert(builder.names[name].clone());
            items.push(item);
        }
        if !builder.errors.is_empty() {
            return Err(Failure::Content(builder.errors));
        }
        let models = items
            .iter()
            .filter_map(|item| match item {
                Item::Class(class) => Some(class.name.clone()),
                Item::Alias(_) => None,
            })
            .collect();
        let exports = items
            .iter()
            .map(|item| match item {
                Item::Class(class) => class.name.clone(),
                Item::Alias(alias) => alias.name.clone(),
            })
            .collect();
        let roots = &settings.roots;
        Ok(ModuleView {
            distribution: settings.name.clone(),
            package: import_name(&settings.name),
            version: settings.version.clone(),
            output: settings.output.to_string_lossy().replace('\\', "/"),
            root_descriptions: roots
                .iter()
                .map(|r| model.get(r).and_then(|t| t.description.clone()))
                .collect(),
            roots: roots.iter().map(|r| builder.names[r].clone()).collect(),
            items,
            models,
            exports,
            typing: builder.typing.into_iter().collect(),
            typing_extensions: builder.typing_extensions.into_iter().collect(),
            pydantic: builder.pydantic.into_iter().collect(),
            helpers: builder.helpers.into_iter().collect(),
        })
    }
}

/// The structs that are variants of a tagged union, with the tag's key.
pub(super) fn tagged_variants(model: &Model) -> HashMap<String, String> {
    let mut out = HashMap::default();
    for def in &model.types {
        if let Shape::Union(Union {
            tag: Some(tag),
            variants,
        }) = &def.shape
        {
            for variant in variants {
                if let TypeRef::Named { name } = &variant.ty {
                    out.insert(name.clone(), tag.clone());
                }
            }
        }
    }
    out
}

/// The member structs of tagged unions' variants (a newtype variant of a `#[serde(tag)]` enum:
/// the struct, the tag added) that the package writes as one class holding the tag, each with
/// the shape of that class: the tag's field first (the variant's value its default, so that the
/// class is built without it), then the struct's. The union uses that class. A struct is one
/// only when its one use in the package is one such variant: a struct the package also uses as
/// itself (a field's type, a root) or in two variants stays a class of its own, and each variant
/// a class with the tag (as a struct variant is).
pub(super) fn merged_members(package: &Package<'_>) -> HashMap<String, Struct> {
    let model = package.model;
    let mut uses: HashMap<&str, Vec<(&str, &str)>> = HashMap::default();
    // The types the package uses as themselves: its roots, and every type a reference names.
    let mut named: HashSet<String> = package.settings.roots.iter().cloned().collect();
    for def in &package.types {
        crate::ir::visit_shape(&def.shape, &mut |r| {
            if let TypeRef::Named { name } = r {
                named.insert(name.clone());
            }
        });
        if let Shape::Union(Union {
            tag: Some(tag),
            variants,
        }) = &def.shape
        {
            for variant in variants {
                if let (Some(member), Some(value)) = (&variant.member, &variant.tag_value) {
                    uses.entry(member.as_str())
                        .or_default()
                        .push((tag.as_str(), value.as_str()));
                }
            }
        }
    }
    let mut merged = HashMap::default();
    for (member, tags) in uses {
        let ([(tag, value)], Some(shape)) = (tags.as_slice(), model.struct_of(member)) else {
            continue;
        };
        if named.contains(member) || shape.fields.iter().any(|f| f.name == *tag) {
            continue;
        }
        let value = serde_json::Value::String((*value).to_owned());
        let mut shape = shape.clone();
        shape.fields.insert(
            0,
            crate::ir::Field {
                name: (*tag).to_owned(),
                description: None,
                ty: TypeRef::Literal {
                    value: value.clone(),
                },
                required: false,
                default: Some(value),
                deprecated: None,
                read_only: false,
                doc: None,
                place: None,
            },
        );
        merged.insert(member.to_owned(), shape);
    }
    merged
}

/// Aliases (unions, enums, newtypes) that reach themselves through other aliases only: a class
/// in between breaks the cycle, since class annotations are resolved lazily.
pub(super) fn recursive_aliases(model: &Model, order: &[String]) -> HashSet<String> {
    let is_alias = |name: &str| -> bool {
        model.get(name).is_some_and(|d| {
            matches!(d.shape, Shape::Union(_) | Shape::Alias { .. }) && !is_object_alias(&d.shape)
        })
    };
    let edges = |name: &str| -> Vec<String> {
        let mut out = Vec::new();
        if let Some(def) = model.get(name) {
            crate::ir::visit_shape(&def.shape, &mut |r| {
                if let TypeRef::Named { name } = r
                    && is_alias(name)
                {
                    out.push(name.clone());
                }
            });
        }
        out
    };
    let mut recursive = HashSet::default();
    for start in order.iter().filter(|n| is_alias(n)) {
        let mut stack = edges(start);
        let mut seen = HashSet::default();
        while let Some(next) = stack.pop() {
            if next == *start {
                recursive.insert(start.clone());
                break;
            }
            if seen.insert(next.clone()) {
                stack.extend(edges(&next));
            }
        }
    }
    recursive
}

pub(super) fn is_object_alias(shape: &Shape) -> bool {
    matches!(
        shape,
        Shape::Alias {
            target: TypeRef::Object { .. }
        }
    )
}

impl Builder<'_> {
    pub(super) fn item(&mut self, name: &str, description: Option<String>, shape: &Shape) -> Item {
        let py = self.names[name].clone();
        match shape {
            Shape::Struct(s) => Item::Class(self.class(&py, name, description, s)),
            Shape::Alias {
                target: TypeRef::Object { shape },
            } => Item::Class(self.class(&py, name, description, shape)),
            Shape::Alias { target } => {
                let mut notes = Vec::new();
                let recursive = self.recursive.contains(name);
                let annotation = self.annotation(
                    target,
                    &mut Site {
                        hint: py.clone(),
                        quote: !recursive,
                        strict: true,
                        notes: &mut notes,
                    },
                );
                Item::Alias(self.alias(py, name, description, annotation, recursive, notes))
            }
            Shape::Enum { values } => {
                let mut notes = Vec::new();
                let annotation = self.one_of(values, &mut notes);
                Item::Alias(self.alias(py, name, description, annotation, false, notes))
            }
            Shape::Union(union) => self.union(&py, name, description, union),
        }
    }

    pub(super) fn alias(
        &mut self,
        name: String,
        model_name: &str,
        description: Option<String>,
        ty: PyType,
        recursive: bool,
        notes: Vec<Note>,
    ) -> AliasView {
        if recursive {
            self.typing_extensions.insert("TypeAliasType");
        } else {
            self.typing_extensions.insert("TypeAlias");
        }
        AliasView {
            name,
            model_name: model_name.to_owned(),
            description,
            ty,
            recursive,
            union: false,
            tag: None,
            discriminator: None,
            variants: Vec::new(),
            notes,
        }
    }

    pub(super) fn union(
        &mut self,
        py: &str,
        name: &str,
        description: Option<String>,
        union: &Union,
    ) -> Item {
        let mut notes = Vec::new();
        let recursive = self.recursive.contains(name);
        let mut variants = Vec::new();
        let mut members = Vec::new();
        for (i, variant) in union.variants.iter().enumerate() {
            let hint = match &variant.tag_value {
                Some(tag) => format!("{py}{}", pascal(tag)),
                None => format!("{py}Variant{}", i + 1),
            };
            let member = variant
                .member
                .as_ref()
                .filter(|m| self.merged.contains_key(*m))
                .map(|m| TypeRef::Named { name: m.clone() });
            let ty = member.as_ref().unwrap_or(&variant.ty);
            if matches!(ty, TypeRef::Object { .. }) {
                self.object_tag = union.tag.clone();
            }
            let annotation = self.annotation(
                ty,
                &mut Site {
                    hint,
                    quote: !recursive,
                    strict: true,
                    notes: &mut notes,
                },
            );
            members.push(annotation.clone());
            variants.push(VariantView {
                ty: annotation,
                tag_value: variant.tag_value.clone(),
                description: variant.description.clone(),
            });
        }
        let discriminator = union
            .tag
            .as_deref()
            .and_then(|tag| self.discriminator(tag, union));
        if let (Some(tag), None) = (&union.tag, &discriminator) {
            notes.push(Note::NoDiscriminator { tag: tag.clone() });
        }
        let annotation = self.union_of(members, discriminator.clone());
        let mut alias = self.alias(
            py.to_owned(),
            name,
            description,
            annotation,
            recursive,
            notes,
        );
        alias.tag = union.tag.clone();
        alias.discriminator = discriminator;
        alias.union = true;
        alias.variants = variants;
        Item::Alias(alias)
    }

    /// The attribute name of the tag key, when every variant gives it the same name.
    pub(super) fn discriminator(&self, tag: &str, union: &Union) -> Option<String> {
        let mut attribute: Option<String> = None;
        for variant in &union.variants {
            let merged = variant.member.as_ref().and_then(|m| self.merged.get(m));
            let shape = match (merged, &variant.ty) {
                (Some(shape), _) => shape,
                (None, TypeRef::Named { name }) => self.model.struct_of(name)?,
                (None, TypeRef::Object { shape }) => shape,
                _ => return None,
            };
            let names = self.field_names(shape);
            let index = shape.fields.iter().position(|f| f.name == tag)?;
            match &attribute {
                None => attribute = Some(names[index].clone()),
                Some(a) if *a == names[index] => {}
                Some(_) => return None,
            }
        }
        attribute
    }

    /// Attribute names of a struct's fields: keys that are usable names keep them, the others
    /// get close names that no other field has.
    pub(super) fn field_names(&self, shape: &Struct) -> Vec<String> {
        let mut taken = HashSet::default();
        let mut names = vec![String::new(); shape.fields.len()];
        // Keys that are already good names first, so that they keep them.
        let (good, other): (Vec<_>, Vec<_>) = shape
            .fields
            .iter()
            .enumerate()
            .partition(|(_, f)| field_ident(&f.name, &self.type_names) == f.name);
        for (i, field) in good.into_iter().chain(other) {
            names[i] = unique(field_ident(&field.name, &self.type_names), &mut taken);
        }
        names
    }

    pub(super) fn class(
        &mut self,
        py: &str,
        model_name: &str,
        description: Option<String>,
        shape: &Struct,
    ) -> ClassView {
        self.pydantic.insert("ConfigDict");
        let names = self.field_names(shape);
        let mut fields = Vec::new();
        for (field, name) in shape.fields.iter().zip(&names) {
            let mut notes = Vec::new();
            let hint = format!("{py}{}", pascal(&field.name));
            let mut site = Site {
                hint,
                quote: false,
                strict: false,
                notes: &mut notes,
            };
            let mut annotation = self.annotation(&field.ty, &mut site);
            let mut default = None;
            let mut validate_default = false;
            if !field.required {
                match &field.default {
                    Some(value) if !value.is_null() || field.ty.is_nullable() => {
                        if self.is_plain(&field.ty, 0) {
                            default = Some(py_value(value));
                        } else {
                            // A default that is data (a mapping for a model, a list for a
                            // tuple): pydantic turns it into a value of the type.
                            self.typing.insert("Any");
                            self.typing.insert("cast");
                            default = Some(format!("cast(Any, {})", py_value(value)));
                            validate_default = true;
                        }
                    }
                    _ if field.ty.is_nullable() => default = Some("None".to_owned()),
                    _ => {
                        // May be omitted, but not null: the attribute is `None` when the key is
                        // absent, and an explicit null is refused.
                        self.typing.insert("Annotated");
                        self.typing.insert("Optional");
                        self.pydantic.insert("BeforeValidator");
                        self.helpers.insert("not_null");
                        annotation = PyType::NotNull {
                            inner: std::sync::Arc::new(annotation),
                        };
                        default = Some("None".to_owned());
                    }
                }
            }
            if field.read_only {
                notes.push(Note::ReadOnly);
            }
            if default.is_some()
                || field.description.is_some()
                || *name != field.name
                || field.deprecated.is_some()
            {
                self.pydantic.insert("Field");
            }
            fields.push(FieldView {
                aliased: *name != field.name,
                name: name.clone(),
                key: field.name.clone(),
                ty: annotation,
                required: field.required,
                default,
                validate_default,
                description: field.description.clone(),
                deprecated: field.deprecated.is_some(),
                deprecated_message: field
                    .deprecated
                    .as_ref()
                    .filter(|d| d.note.is_some())
                    .map(|d| d.message(&field.name)),
                notes,
            });
        }
        let mut exactly_one_of = Vec::new();
        for group in &shape.exactly_one_of {
            let mut attributes = Vec::new();
            for key in group {
                let Some(i) = shape.fields.iter().position(|f| &f.name == key) else {
                    let source = self.model.get(model_name).and_then(|d| d.source.as_ref());
                    self.errors.push(Diagnostic::error(
                        source.map_or(Path::new("schema"), |s| Path::new(&s.file)),
                        source.map_or(0, |s| s.line),
                        0,
                        format!(
                            "type `{model_name}`: the rule \"exactly one of\" names `{key}`, which is not a field; \
                             the Python package cannot check it"
                        ),
                    ));
                    continue;
                };
                attributes.push(names[i].clone());
            }
            self.pydantic.insert("model_validator");
            self.typing_extensions.insert("Self");
            exactly_one_of.push(RuleView {
                non_empty: group
                    .iter()
                    .map(|key| shape.given_when_non_empty.contains(key))
                    .collect(),
                keys: group.clone(),
                attributes,
            });
        }
        let schema_rules: Vec<SchemaRuleView> = shape
            .rules
            .iter()
            .map(|rule| {
                let (at, message) = rule_site(&rule.schema);
                SchemaRuleView {
                    message: message
                        .or_else(|| rule.description.clone())
                        .unwrap_or_else(|| format!("breaks a rule of `{model_name}`")),
                    at,
                    schema: py_value(&rule.schema),
                }
            })
            .collect();
        if !schema_rules.is_empty() {
            self.helpers.insert("schema_rule");
            self.pydantic.insert("model_validator");
            self.pydantic.insert("ValidationError");
            self.typing.insert("Any");
            self.typing.insert("Optional");
        }
        let (extra, extra_type) = match (&shape.extra, shape.deny_unknown) {
            (Some(ty), _) => {
                let mut notes = Vec::new();
                let annotation = self.annotation(
                    ty,
                    &mut Site {
                        hint: format!("{py}Extra"),
                        quote: false,
                        strict: false,
                        notes: &mut notes,
                    },
                );
                self.pydantic.insert("Field");
                ("allow", Some(annotation))
            }
            (None, true) => ("forbid", None),
            (None, false) => ("ignore", None),
        };
        let mut notes = Vec::new();
        if extra == "ignore" {
            notes.push(Note::IgnoresUnknown);
        }
        let tag = self
            .tagged
            .get(model_name)
            .cloned()
            .or_else(|| self.object_tag.take());
        let tag_attribute = tag.and_then(|tag| {
            let index = shape.fields.iter().position(|f| f.name == tag)?;
            Some(names[index].clone())
        });
        if tag_attribute.is_some() {
            self.typing.insert("Any");
        }
        let description_extra = description
            .as_deref()
            .filter(|d| !docstring_is_exact(d))
            .map(str::to_owned);
        ClassView {
            name: py.to_owned(),
            model_name: model_name.to_owned(),
            description,
            description_extra,
            extra,
            extra_type,
            fields,
            exactly_one_of,
            schema_rules,
            tag_attribute,
            notes,
        }
    }
}

/// Where a rule stated as `if`/`then` reports a failure, and with which message: the one key its
/// `then` constrains (when it constrains one key and requires none), with that key's
/// `errorMessage`; otherwise the object itself, with the `then`'s `errorMessage` (editors show
/// the same messages at the same places).
fn rule_site(schema: &serde_json::Value) -> (Option<String>, Option<String>) {
    // A schema's own `errorMessage`, else the first of its `anyOf` members'.
    let message = |v: &serde_json::Value| {
        let own = |v: &serde_json::Value| {
            v.get("errorMessage")
                .and_then(|m| m.as_str())
                .map(str::to_owned)
        };
        own(v).or_else(|| {
            v.get("anyOf")
                .and_then(|members| members.as_array())
                .and_then(|members| members.iter().find_map(own))
        })
    };
    let Some(then) = schema.get("then") else {
        return (None, None);
    };
    let properties = then.get("properties").and_then(|p| p.as_object());
    match properties {
        Some(properties) if properties.len() == 1 && then.get("required").is_none() => {
            let (key, property) = properties.iter().next().expect("one property");
            (Some(key.clone()), message(property))
        }
        _ => (None, message(then)),
    }
}
