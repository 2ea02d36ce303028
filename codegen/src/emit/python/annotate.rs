//! Python type expressions of IR type references: annotations (`Annotated[...]` with pydantic's
//! constraints), literals of closed sets, and the numeric and string bounds of the IR.

use serde_json::Value;

use super::names::*;
use super::view::{Builder, Item, Site};
use crate::ir::{IntegerWidth, NumberRules, Shape, StringRules, TypeRef};

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
    pub(super) fn annotation(&mut self, ty: &TypeRef, site: &mut Site<'_>) -> String {
        match ty {
            TypeRef::Any => {
                self.pydantic.insert("JsonValue");
                "JsonValue".to_owned()
            }
            TypeRef::Null => "None".to_owned(),
            TypeRef::Bool => self.scalar("bool", site),
            TypeRef::Integer(rules) => {
                let base = self.scalar("int", site);
                self.constrained(&base, number_constraints(rules, true))
            }
            TypeRef::Number(rules) => {
                let base = self.scalar("float", site);
                self.constrained(&base, number_constraints(rules, false))
            }
            TypeRef::String(rules) => {
                if let Some(format) = &rules.format {
                    site.notes.push(format!(
                        "The model gives the format `{format}`; it is not checked here (any string is accepted)."
                    ));
                }
                let base = self.scalar("str", site);
                self.constrained(&base, string_constraints(rules))
            }
            TypeRef::Literal { value } => self.one_of(std::slice::from_ref(value), site.notes),
            TypeRef::Enum { values } => self.one_of(values, site.notes),
            TypeRef::Named { name } => {
                let py = self
                    .names
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| identifier(name));
                if site.quote && !self.defined.contains(&py) {
                    py_str(&py)
                } else {
                    py
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
                    site.notes.push(
                        "A set in the model: duplicates are accepted there (and merged), so this is a list."
                            .to_owned(),
                    );
                }
                let mut constraints = Vec::new();
                if let Some(min) = min_items {
                    constraints.push(format!("min_length={min}"));
                }
                if let Some(max) = max_items {
                    constraints.push(format!("max_length={max}"));
                }
                self.constrained(&format!("list[{item}]"), constraints)
            }
            TypeRef::Tuple { items } => {
                let hint = std::mem::take(&mut site.hint);
                let mut parts = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    site.hint = format!("{hint}{}", i + 1);
                    parts.push(self.annotation(item, site));
                }
                site.hint = hint;
                if parts.is_empty() {
                    parts.push("()".to_owned());
                }
                site.notes.push(
                    "A fixed-length list: the tuple is not strict so that a list is accepted; its items are."
                        .to_owned(),
                );
                self.constrained(
                    &format!("tuple[{}]", parts.join(", ")),
                    vec!["strict=False".to_owned()],
                )
            }
            TypeRef::Map { key, value } => {
                let hint = std::mem::take(&mut site.hint);
                site.hint = format!("{hint}Value");
                let value = self.annotation(value, site);
                site.hint = format!("{hint}Key");
                let key = match key {
                    Some(key) if self.is_string_like(key, 0) => self.annotation(key, site),
                    Some(_) => {
                        site.notes.push(
                            "The model restricts the keys to a type that is not a string; keys are strings here."
                                .to_owned(),
                        );
                        self.scalar("str", site)
                    }
                    None => self.scalar("str", site),
                };
                site.hint = hint;
                format!("dict[{key}, {value}]")
            }
            TypeRef::Nullable { inner } => {
                let inner = self.annotation(inner, site);
                if inner == "None" || inner == "JsonValue" || inner.starts_with("Optional[") {
                    inner
                } else {
                    self.typing.insert("Optional");
                    format!("Optional[{inner}]")
                }
            }
            TypeRef::Union { variants } => {
                let hint = std::mem::take(&mut site.hint);
                let mut parts = Vec::new();
                for (i, variant) in variants.iter().enumerate() {
                    site.hint = format!("{hint}Variant{}", i + 1);
                    parts.push(self.annotation(variant, site));
                }
                site.hint = hint;
                self.typing.insert("Annotated");
                self.typing.insert("Union");
                self.pydantic.insert("Field");
                format!(
                    "Annotated[Union[{}], Field(union_mode=\"left_to_right\")]",
                    parts.join(", ")
                )
            }
            TypeRef::Object { shape } => {
                let name = unique(site.hint.clone(), &mut self.taken);
                self.type_names.insert(name.clone());
                let class = self.class(&name, &name, None, shape);
                self.pending.push(Item::Class(class));
                self.defined.insert(name.clone());
                name
            }
        }
    }

    /// A scalar type. In a class it is strict through the class's configuration; an alias has
    /// none, so there it is pydantic's strict type (`StrictInt`...), and validating the alias on
    /// its own (`TypeAdapter(Alias)`) converts nothing either.
    pub(super) fn scalar(&mut self, name: &'static str, site: &Site<'_>) -> String {
        if !site.strict {
            return name.to_owned();
        }
        let strict = match name {
            "bool" => "StrictBool",
            "int" => "StrictInt",
            "float" => "StrictFloat",
            _ => "StrictStr",
        };
        self.pydantic.insert(strict);
        strict.to_owned()
    }

    /// Whether keys of type `ty` are strings (maps of these need no conversion of keys).
    pub(super) fn is_string_like(&self, ty: &TypeRef, depth: usize) -> bool {
        match ty {
            TypeRef::String(_) => true,
            TypeRef::Literal { value } => value.is_string(),
            TypeRef::Enum { values } => values.iter().all(Value::is_string),
            TypeRef::Named { name } if depth < 32 => match self.model.get(name).map(|d| &d.shape) {
                Some(Shape::Enum { values }) => values.iter().all(Value::is_string),
                Some(Shape::Alias { target }) => self.is_string_like(target, depth + 1),
                _ => false,
            },
            _ => false,
        }
    }

    /// `base`, with pydantic constraints when there are any.
    pub(super) fn constrained(&mut self, base: &str, constraints: Vec<String>) -> String {
        if constraints.is_empty() {
            return base.to_owned();
        }
        self.typing.insert("Annotated");
        self.pydantic.insert("Field");
        format!("Annotated[{base}, Field({})]", constraints.join(", "))
    }

    /// A type that accepts exactly `values`. `Literal` compares with Python's `==` (so
    /// `Literal[1]` takes `True` and `1.0`); values other than strings are therefore also
    /// checked by JSON equality.
    pub(super) fn one_of(&mut self, values: &[Value], notes: &mut Vec<String>) -> String {
        let nullable = values.iter().any(Value::is_null);
        let values: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
        if values.is_empty() {
            return "None".to_owned();
        }
        let literal = values
            .iter()
            .all(|v| v.is_string() || v.is_boolean() || v.is_i64() || v.is_u64());
        let rendered: Vec<String> = values.iter().map(|v| py_value(v)).collect();
        let base = if literal {
            self.typing.insert("Literal");
            let literal = format!("Literal[{}]", rendered.join(", "));
            if values.iter().all(|v| v.is_string()) {
                literal
            } else {
                self.exact(literal, &rendered)
            }
        } else {
            notes.push(
                "Values that `Literal` cannot hold: any JSON value is typed, and one of the values is required."
                    .to_owned(),
            );
            self.pydantic.insert("JsonValue");
            self.exact("JsonValue".to_owned(), &rendered)
        };
        if nullable {
            self.typing.insert("Optional");
            format!("Optional[{base}]")
        } else {
            base
        }
    }

    /// `base`, validated by JSON equality with one of `rendered` instead of by pydantic: the
    /// value stays the input (pydantic's `Literal[1, True]` may turn `True` into `1`).
    pub(super) fn exact(&mut self, base: String, rendered: &[String]) -> String {
        self.typing.insert("Annotated");
        self.pydantic.insert("PlainValidator");
        self.helpers.insert("json_one_of");
        self.typing.insert("Callable");
        format!(
            "Annotated[{base}, PlainValidator(_json_one_of({}), json_schema_input_type={base})]",
            rendered.join(", ")
        )
    }
}

/// pydantic constraints of a number.
pub(super) fn number_constraints(rules: &NumberRules, integer: bool) -> Vec<String> {
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
        Some(min) => out.push(format!("ge={}", number(min))),
        None if rules.exclusive_minimum.is_none() => {
            if let Some(min) = format_min {
                out.push(format!("ge={min}"));
            }
        }
        None => {}
    }
    if let Some(min) = rules.exclusive_minimum {
        out.push(format!("gt={}", number(min)));
    }
    match rules.maximum {
        Some(max) => out.push(format!("le={}", number(max))),
        None if rules.exclusive_maximum.is_none() => {
            if let Some(max) = format_max {
                out.push(format!("le={max}"));
            }
        }
        None => {}
    }
    if let Some(max) = rules.exclusive_maximum {
        out.push(format!("lt={}", number(max)));
    }
    if let Some(step) = rules.multiple_of {
        out.push(format!("multiple_of={}", number(step)));
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
pub(super) fn string_constraints(rules: &StringRules) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(min) = rules.min_length {
        out.push(format!("min_length={min}"));
    }
    if let Some(max) = rules.max_length {
        out.push(format!("max_length={max}"));
    }
    if let Some(pattern) = &rules.pattern {
        out.push(format!("pattern={}", py_str(&ecma_classes(pattern))));
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
pub(super) fn py_value(value: &Value) -> String {
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Number(n) => {
            let text = n.to_string();
            if n.is_f64() {
                python_float(&text)
            } else {
                text
            }
        }
        Value::String(s) => py_str(s),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(py_value).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", py_str(k), py_value(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
