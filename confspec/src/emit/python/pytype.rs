//! Python types of IR type references, as data the templates spell (`py_type` of
//! `templates/python/macros.j2`): a tree of named types, scalars with pydantic's constraints,
//! containers, unions and closed sets, with the notes a site needs. Built by [`super::annotate`].

use std::sync::Arc;

use minijinja::Value;
use minijinja::value::Serde;
use serde::Serialize;
use serde_json::Value as Json;

use super::names::*;
use crate::ir::{IntegerWidth, NumberRules, StringRules};

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

pub(super) fn constraint(name: &'static str, value: String) -> Constraint {
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
