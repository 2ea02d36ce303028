//! The Python type of each IR type reference ([`super::pytype::PyType`]), built while the view is
//! built: it also records the names the module imports, the notes a site needs, and the classes
//! of anonymous objects met on the way.

use std::sync::Arc;

use serde_json::Value as Json;

use super::builder::{Builder, Site};
use super::names::*;
use super::pytype::*;
use super::view::Item;
use crate::ir::{Shape, TypeRef};

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
