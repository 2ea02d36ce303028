//! Python types of IR type references, as data the templates spell (`py_type` of
//! `templates/python/macros.j2`): a tree of named types, scalars with pydantic's constraints,
//! containers, unions and closed sets. Building it also records the names the module imports and
//! the notes a site needs.

use std::sync::Arc;

use minijinja::Value;
use minijinja::value::Serde;
use serde::Serialize;
use serde_json::Value as Json;

use super::names::*;
use super::view::{Builder, Item, Site};
use crate::ir::{IntegerWidth, NumberRules, Shape, StringRules, TypeRef};

/// A Python type, as the templates spell it (`kind` names the variant). It reaches the templates
/// as an object whose attributes are read when the template asks (`kind`, and the variant's
/// fields below; `type` for a scalar's), not converted to maps up front.
#[derive(Debug, Clone)]
pub(super) enum PyType {
    /// Any JSON value (`JsonValue`).
    Json,
    /// `None`.
    None,
    /// `bool`, `int`, `float` or `str` (`type`); `strict`: pydantic's strict type (`StrictInt`).
    Scalar {
        ty: &'static str,
        strict: bool,
        constraints: Vec<Constraint>,
    },
    /// A type of the module; `quoted` when it is not defined yet where it is used.
    Named { name: String, quoted: bool },
    /// `list[item]`.
    List {
        item: Arc<PyType>,
        constraints: Vec<Constraint>,
    },
    /// `tuple[items...]` (`tuple[()]` when there are none).
    Tuple {
        items: Vec<PyType>,
        constraints: Vec<Constraint>,
    },
    /// `dict[key, value]`.
    Dict {
        key: Arc<PyType>,
        value: Arc<PyType>,
    },
    /// `Optional[inner]`.
    Optional { inner: Arc<PyType> },
    /// A key that may be omitted but is not null when given: `Optional[inner]` refusing `None`.
    NotNull { inner: Arc<PyType> },
    /// A union tried in order, or selected by the attribute `discriminator`.
    Union {
        variants: Vec<PyType>,
        discriminator: Option<String>,
    },
    /// `Literal[values...]` (the values as Python expressions).
    Literal { values: Vec<String> },
    /// `base`, validated by JSON equality with one of `values` (Python expressions).
    Exact {
        base: Arc<PyType>,
        values: Vec<String>,
    },
}

impl PyType {
    /// The variant's name, the `kind` the templates read.
    fn kind(&self) -> &'static str {
        match self {
            PyType::Json => "json",
            PyType::None => "none",
            PyType::Scalar { .. } => "scalar",
            PyType::Named { .. } => "named",
            PyType::List { .. } => "list",
            PyType::Tuple { .. } => "tuple",
            PyType::Dict { .. } => "dict",
            PyType::Optional { .. } => "optional",
            PyType::NotNull { .. } => "not_null",
            PyType::Union { .. } => "union",
            PyType::Literal { .. } => "literal",
            PyType::Exact { .. } => "exact",
        }
    }

    /// The attributes of the variant, `kind` first.
    fn fields(&self) -> &'static [&'static str] {
        match self {
            PyType::Json | PyType::None => &["kind"],
            PyType::Scalar { .. } => &["kind", "type", "strict", "constraints"],
            PyType::Named { .. } => &["kind", "name", "quoted"],
            PyType::List { .. } => &["kind", "item", "constraints"],
            PyType::Tuple { .. } => &["kind", "items", "constraints"],
            PyType::Dict { .. } => &["kind", "key", "value"],
            PyType::Optional { .. } | PyType::NotNull { .. } => &["kind", "inner"],
            PyType::Union { .. } => &["kind", "variants", "discriminator"],
            PyType::Literal { .. } => &["kind", "values"],
            PyType::Exact { .. } => &["kind", "base", "values"],
        }
    }

    fn field(&self, key: &str) -> Option<Value> {
        let one = |t: &Arc<PyType>| Value::from_dyn_object(Arc::clone(t));
        let all =
            |ts: &[PyType]| Value::from_iter(ts.iter().map(|t| Value::from_object(t.clone())));
        let constraints = |cs: &[Constraint]| Value::from(Serde(cs));
        Some(match (self, key) {
            (_, "kind") => Value::from(self.kind()),
            (PyType::Scalar { ty, .. }, "type") => Value::from(*ty),
            (PyType::Scalar { strict, .. }, "strict") => Value::from(*strict),
            (
                PyType::Scalar { constraints: c, .. }
                | PyType::List { constraints: c, .. }
                | PyType::Tuple { constraints: c, .. },
                "constraints",
            ) => constraints(c),
            (PyType::Named { name, .. }, "name") => Value::from(name.as_str()),
            (PyType::Named { quoted, .. }, "quoted") => Value::from(*quoted),
            (PyType::List { item, .. }, "item") => one(item),
            (PyType::Tuple { items, .. }, "items") => all(items),
            (PyType::Dict { key, .. }, "key") => one(key),
            (PyType::Dict { value, .. }, "value") => one(value),
            (PyType::Optional { inner } | PyType::NotNull { inner }, "inner") => one(inner),
            (PyType::Union { variants, .. }, "variants") => all(variants),
            (PyType::Union { discriminator, .. }, "discriminator") => {
                Value::from(discriminator.clone())
            }
            (PyType::Literal { values } | PyType::Exact { values, .. }, "values") => {
                Value::from(values.clone())
            }
            (PyType::Exact { base, .. }, "base") => one(base),
            _ => return None,
        })
    }
}

crate::templates::tree_object!(PyType);

/// A pydantic constraint: `name=value`, the value a Python expression.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct Constraint {
    pub(super) name: &'static str,
    pub(super) value: String,
}

/// What a comment in the module says about a field, class or alias (the sentences are the
/// templates'; `kind` names the variant).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(super) enum Note {
    /// A string format the package does not check.
    UncheckedFormat { format: String },
    /// A set in the model, a list here.
    SetAsList,
    /// A tuple that is not strict, so that a list is accepted.
    LaxTuple,
    /// Map keys of a type that is not a string, strings here.
    StringKeys,
    /// Values `Literal` cannot hold: any JSON value, checked against them.
    JsonValues,
    /// A tagged union whose tag's attribute name differs between variants: tried in order.
    NoDiscriminator { tag: String },
    /// A read-only field.
    ReadOnly,
    /// A class that ignores unknown keys.
    IgnoresUnknown,
}

impl Builder<'_> {
    /// Whether values of `ty` are plain data (what JSON gives), so that a default written as
    /// data already is a value of the type.
    pub(super) fn is_plain(&self, ty: &TypeRef, depth: usize) -> bool {
        if depth > 32 {
            return false;
        }
        match ty {
            TypeRef::Any
            | TypeRef::Null
            | TypeRef::Bool
            | TypeRef::Integer(_)
            | TypeRef::Number(_)
            | TypeRef::String(_)
            | TypeRef::Literal { .. }
            | TypeRef::Enum { .. } => true,
            TypeRef::List { item, .. } => self.is_plain(item, depth + 1),
            TypeRef::Map { value, .. } => self.is_plain(value, depth + 1),
            TypeRef::Nullable { inner } => self.is_plain(inner, depth + 1),
            TypeRef::Union { variants } => variants.iter().all(|v| self.is_plain(v, depth + 1)),
            TypeRef::Tuple { .. } | TypeRef::Object { .. } => false,
            TypeRef::Named { name } => match self.model.get(name).map(|d| &d.shape) {
                Some(Shape::Enum { .. }) => true,
                Some(Shape::Alias { target }) => self.is_plain(target, depth + 1),
                _ => false,
            },
        }
    }

    /// The Python type of `ty`.
    pub(super) fn annotation(&mut self, ty: &TypeRef, site: &mut Site<'_>) -> PyType {
        match ty {
            TypeRef::Any => {
                self.pydantic.insert("JsonValue");
                PyType::Json
            }
            TypeRef::Null => PyType::None,
            TypeRef::Bool => self.scalar("bool", site, Vec::new()),
            TypeRef::Integer(rules) => self.scalar("int", site, number_constraints(rules, true)),
            TypeRef::Number(rules) => self.scalar("float", site, number_constraints(rules, false)),
            TypeRef::String(rules) => {
                if let Some(format) = &rules.format {
                    site.notes.push(Note::UncheckedFormat {
                        format: format.clone(),
                    });
                }
                self.scalar("str", site, string_constraints(rules))
            }
            TypeRef::Literal { value } => self.one_of(std::slice::from_ref(value), site.notes),
            TypeRef::Enum { values } => self.one_of(values, site.notes),
            TypeRef::Named { name } => {
                let py = self
                    .names
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| identifier(name));
                PyType::Named {
                    quoted: site.quote && !self.defined.contains(&py),
                    name: py,
                }
            }
            TypeRef::List {
                item,
                min_items,
                max_items,
                unique,
            } => {
                let hint = std::mem::take(&mut site.hint);
                site.hint = format!("{hint}Item");
                let item = self.annotation(item, site);
                site.hint = hint;
                if *unique {
                    site.notes.push(Note::SetAsList);
                }
                let mut constraints = Vec::new();
                if let Some(min) = min_items {
                    constraints.push(constraint("min_length", min.to_string()));
                }
                if let Some(max) = max_items {
                    constraints.push(constraint("max_length", max.to_string()));
                }
                self.constrain(&constraints);
                PyType::List {
                    item: Arc::new(item),
                    constraints,
                }
            }
            TypeRef::Tuple { items } => {
                let hint = std::mem::take(&mut site.hint);
                let mut parts = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    site.hint = format!("{hint}{}", i + 1);
                    parts.push(self.annotation(item, site));
                }
                site.hint = hint;
                site.notes.push(Note::LaxTuple);
                let constraints = vec![constraint("strict", "False".to_owned())];
                self.constrain(&constraints);
                PyType::Tuple {
                    items: parts,
                    constraints,
                }
            }
            TypeRef::Map { key, value } => {
                let hint = std::mem::take(&mut site.hint);
                site.hint = format!("{hint}Value");
                let value = self.annotation(value, site);
                site.hint = format!("{hint}Key");
                let key = match key {
                    Some(key) if self.is_string_like(key, 0) => self.annotation(key, site),
                    Some(_) => {
                        site.notes.push(Note::StringKeys);
                        self.scalar("str", site, Vec::new())
                    }
                    None => self.scalar("str", site, Vec::new()),
                };
                site.hint = hint;
                PyType::Dict {
                    key: Arc::new(key),
                    value: Arc::new(value),
                }
            }
            TypeRef::Nullable { inner } => {
                let inner = self.annotation(inner, site);
                self.optional(inner)
            }
            TypeRef::Union { variants } => {
                let hint = std::mem::take(&mut site.hint);
                let mut parts = Vec::new();
                for (i, variant) in variants.iter().enumerate() {
                    site.hint = format!("{hint}Variant{}", i + 1);
                    parts.push(self.annotation(variant, site));
                }
                site.hint = hint;
                self.union_of(parts, None)
            }
            TypeRef::Object { shape } => {
                let name = unique(site.hint.clone(), &mut self.taken);
                self.type_names.insert(name.clone());
                let class = self.class(&name, &name, None, shape);
                self.pending.push(Item::Class(class));
                self.defined.insert(name.clone());
                PyType::Named {
                    name,
                    quoted: false,
                }
            }
        }
    }

    /// `inner` or `None`: `Optional[inner]`, unless `inner` already admits `None`.
    pub(super) fn optional(&mut self, inner: PyType) -> PyType {
        match inner {
            PyType::None | PyType::Json | PyType::Optional { .. } => inner,
            inner => {
                self.typing.insert("Optional");
                PyType::Optional {
                    inner: Arc::new(inner),
                }
            }
        }
    }

    /// A union of `variants`, selected by the attribute `discriminator` or tried in order.
    pub(super) fn union_of(
        &mut self,
        variants: Vec<PyType>,
        discriminator: Option<String>,
    ) -> PyType {
        self.typing.insert("Annotated");
        self.typing.insert("Union");
        self.pydantic.insert("Field");
        PyType::Union {
            variants,
            discriminator,
        }
    }

    /// A scalar type with `constraints`. In a class it is strict through the class's
    /// configuration; an alias has none, so there it is pydantic's strict type (`StrictInt`...),
    /// and validating the alias on its own (`TypeAdapter(Alias)`) converts nothing either.
    pub(super) fn scalar(
        &mut self,
        ty: &'static str,
        site: &Site<'_>,
        constraints: Vec<Constraint>,
    ) -> PyType {
        if site.strict {
            self.pydantic.insert(match ty {
                "bool" => "StrictBool",
                "int" => "StrictInt",
                "float" => "StrictFloat",
                _ => "StrictStr",
            });
        }
        self.constrain(&constraints);
        PyType::Scalar {
            ty,
            strict: site.strict,
            constraints,
        }
    }

    /// Whether keys of type `ty` are strings (maps of these need no conversion of keys).
    pub(super) fn is_string_like(&self, ty: &TypeRef, depth: usize) -> bool {
        match ty {
            TypeRef::String(_) => true,
            TypeRef::Literal { value } => value.is_string(),
            TypeRef::Enum { values } => values.iter().all(Json::is_string),
            TypeRef::Named { name } if depth < 32 => match self.model.get(name).map(|d| &d.shape) {
                Some(Shape::Enum { values }) => values.iter().all(Json::is_string),
                Some(Shape::Alias { target }) => self.is_string_like(target, depth + 1),
                _ => false,
            },
            _ => false,
        }
    }

    /// Records the imports of pydantic constraints (`Annotated[..., Field(...)]`), when there
    /// are any.
    pub(super) fn constrain(&mut self, constraints: &[Constraint]) {
        if !constraints.is_empty() {
            self.typing.insert("Annotated");
            self.pydantic.insert("Field");
        }
    }

    /// A type that accepts exactly `values`. `Literal` compares with Python's `==` (so
    /// `Literal[1]` takes `True` and `1.0`); values other than strings are therefore also
    /// checked by JSON equality.
    pub(super) fn one_of(&mut self, values: &[Json], notes: &mut Vec<Note>) -> PyType {
        let nullable = values.iter().any(Json::is_null);
        let values: Vec<&Json> = values.iter().filter(|v| !v.is_null()).collect();
        if values.is_empty() {
            return PyType::None;
        }
        let literal = values
            .iter()
            .all(|v| v.is_string() || v.is_boolean() || v.is_i64() || v.is_u64());
        let rendered: Vec<String> = values.iter().map(|v| py_value(v)).collect();
        let base = if literal {
            self.typing.insert("Literal");
            let literal = PyType::Literal {
                values: rendered.clone(),
            };
            if values.iter().all(|v| v.is_string()) {
                literal
            } else {
                self.exact(literal, rendered)
            }
        } else {
            notes.push(Note::JsonValues);
            self.pydantic.insert("JsonValue");
            self.exact(PyType::Json, rendered)
        };
        if nullable {
            self.typing.insert("Optional");
            PyType::Optional {
                inner: Arc::new(base),
            }
        } else {
            base
        }
    }

    /// `base`, validated by JSON equality with one of `values` instead of by pydantic: the
    /// value stays the input (pydantic's `Literal[1, True]` may turn `True` into `1`).
    pub(super) fn exact(&mut self, base: PyType, values: Vec<String>) -> PyType {
        self.typing.insert("Annotated");
        self.pydantic.insert("PlainValidator");
        self.helpers.insert("json_one_of");
        self.typing.insert("Callable");
        PyType::Exact {
            base: Arc::new(base),
            values,
        }
    }
}

fn constraint(name: &'static str, value: String) -> Constraint {
    Constraint { name, value }
}

/// pydantic constraints of a number.
pub(super) fn number_constraints(rules: &NumberRules, integer: bool) -> Vec<Constraint> {
    let mut out = Vec::new();
    let (format_min, format_max) = if integer {
        rules.format.as_deref().and_then(integer_range).unzip()
    } else {
        (None, None)
    };
    let number = |n: f64| {
        if integer && n.fract() == 0.0 && n.abs() < 9.0e15 {
            format!("{}", n as i64)
        } else {
            python_float(
                &serde_json::Number::from_f64(n).map_or_else(|| n.to_string(), |n| n.to_string()),
            )
        }
    };
    match rules.minimum {
        Some(min) => out.push(constraint("ge", number(min))),
        None if rules.exclusive_minimum.is_none() => {
            if let Some(min) = format_min {
                out.push(constraint("ge", min));
            }
        }
        None => {}
    }
    if let Some(min) = rules.exclusive_minimum {
        out.push(constraint("gt", number(min)));
    }
    match rules.maximum {
        Some(max) => out.push(constraint("le", number(max))),
        None if rules.exclusive_maximum.is_none() => {
            if let Some(max) = format_max {
                out.push(constraint("le", max));
            }
        }
        None => {}
    }
    if let Some(max) = rules.exclusive_maximum {
        out.push(constraint("lt", number(max)));
    }
    if let Some(step) = rules.multiple_of {
        out.push(constraint("multiple_of", number(step)));
    }
    out
}

/// A float literal that Python reads as a float (`1` → `1.0`).
pub(super) fn python_float(text: &str) -> String {
    if text.contains(['.', 'e', 'E', 'i', 'n']) {
        text.to_owned()
    } else {
        format!("{text}.0")
    }
}

/// The range of an integer format as schemars writes it (`uint16`, `int64`, `uint`...).
pub(super) fn integer_range(format: &str) -> Option<(String, String)> {
    let width = IntegerWidth::from_format(format)?;
    Some((width.min().to_string(), width.max().to_string()))
}

/// pydantic constraints of a string.
pub(super) fn string_constraints(rules: &StringRules) -> Vec<Constraint> {
    let mut out = Vec::new();
    if let Some(min) = rules.min_length {
        out.push(constraint("min_length", min.to_string()));
    }
    if let Some(max) = rules.max_length {
        out.push(constraint("max_length", max.to_string()));
    }
    if let Some(pattern) = &rules.pattern {
        out.push(constraint("pattern", py_str(&ecma_classes(pattern))));
    }
    out
}

/// A JSON Schema pattern (ECMA-262) for pydantic's regex engine: `\d` and `\w` are ASCII in
/// ECMA-262 but Unicode-aware in Rust's `regex` (pydantic) and Python's `re`, so they become the
/// ASCII classes they mean (`[0-9]`, `[A-Za-z0-9_]`; inside a class, their ranges). `\D` and
/// `\W` become negated classes outside a class and stay as they are inside one.
pub fn ecma_classes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push(c);
                    break;
                };
                match (next, in_class) {
                    ('d', false) => out.push_str("[0-9]"),
                    ('d', true) => out.push_str("0-9"),
                    ('D', false) => out.push_str("[^0-9]"),
                    ('w', false) => out.push_str("[A-Za-z0-9_]"),
                    ('w', true) => out.push_str("A-Za-z0-9_"),
                    ('W', false) => out.push_str("[^A-Za-z0-9_]"),
                    _ => {
                        out.push(c);
                        out.push(next);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A JSON value as a Python expression.
pub(super) fn py_value(value: &Json) -> String {
    match value {
        Json::Null => "None".to_owned(),
        Json::Bool(true) => "True".to_owned(),
        Json::Bool(false) => "False".to_owned(),
        Json::Number(n) => {
            let text = n.to_string();
            if n.is_f64() {
                python_float(&text)
            } else {
                text
            }
        }
        Json::String(s) => py_str(s),
        Json::Array(items) => format!(
            "[{}]",
            items.iter().map(py_value).collect::<Vec<_>>().join(", ")
        ),
        Json::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", py_str(k), py_value(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
