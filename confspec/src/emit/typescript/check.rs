//! Proof material for the bindings: a TypeScript file, rendered through
//! `templates/typescript/check.ts.j2`, that declares
//! - values of the package's types that must compile (the docs' examples);
//! - wrong values, each marked `// @ts-expect-error`, that must not (derived from the examples by
//!   [`mutations`], guided by the IR: an unknown key, a wrong or missing tag, a missing required
//!   key, a value of the wrong kind, none or two of an exactly-one-of group);
//! - for every tagged union, a function that switches on the tag, reads a key only one variant
//!   has, and proves the switch exhaustive; and a function that reads that key without narrowing,
//!   marked `// @ts-expect-error`.
//!
//! The tests run `tsc` on it; none of it is part of the package.

use crate::hash::HashSet;

use minijinja::Environment;
use serde::Serialize;
use serde_json::Value;

use super::bindings::Bindings;
use super::names::{is_identifier, literal_type, property_key};
use crate::diagnostics::Failure;
use crate::ir::{Model, Shape, Struct, TypeRef};
use crate::templates;

/// A value that must type-check as its root type.
#[derive(Debug, Clone)]
pub struct Typed {
    /// The constant's name (an identifier).
    pub name: String,
    /// The model type it is declared as.
    pub root: String,
    /// Where it comes from (for the comment above it).
    pub origin: String,
    /// The value.
    pub value: Value,
}

/// A value that must not type-check as its root type.
#[derive(Debug, Clone)]
pub struct Wrong {
    /// The constant's name (an identifier).
    pub name: String,
    /// The model type it is declared as.
    pub root: String,
    /// What is wrong with it (one line).
    pub reason: String,
    /// The value.
    pub value: Value,
}

/// What a mutation breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MutationKind {
    /// A key the object does not have.
    UnknownKey,
    /// A tag value no variant has, or another variant's.
    WrongTag,
    /// A required key (or a union's tag) removed.
    MissingRequired,
    /// A value of another JSON kind.
    WrongType,
    /// None, or two, of a group of keys of which exactly one must be given.
    ExactlyOne,
}

/// A wrong value derived from a right one.
#[derive(Debug, Clone)]
pub struct Mutation {
    /// What it breaks.
    pub kind: MutationKind,
    /// What and where, for messages (`unknown key in AWSConfig at projects[0].backends[0]`).
    pub reason: String,
    /// Identifies the kind of break (kind, type, key) independently of the example, so that
    /// one mutation per break can be kept across examples.
    pub key: String,
    /// The whole value with the break.
    pub value: Value,
}

/// The key added by unknown-key mutations.
pub const UNKNOWN_KEY: &str = "codegen_unknown_key";
/// The tag value set by wrong-tag mutations.
pub const UNKNOWN_TAG: &str = "codegen_unknown_tag";

/// Every mutation of `value` (a value of the model type `root`) the IR can derive, in
/// document order.
pub fn mutations(model: &Model, root: &str, value: &Value) -> Vec<Mutation> {
    let mut walker = Walker {
        model,
        root: value,
        out: Vec::new(),
    };
    walker.walk(
        &TypeRef::Named {
            name: root.to_owned(),
        },
        value,
        &mut Vec::new(),
        0,
    );
    walker.out
}

#[derive(Clone)]
enum Segment {
    Key(String),
    Index(usize),
}

fn display(path: &[Segment]) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Key(k) if is_identifier(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Segment::Key(k) => out.push_str(&format!(
                "[{}]",
                serde_json::to_string(k).expect("a string")
            )),
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    if out.is_empty() {
        "the top level".to_owned()
    } else {
        format!("`{out}`")
    }
}

fn at_mut<'v>(value: &'v mut Value, path: &[Segment]) -> Option<&'v mut Value> {
    let mut current = value;
    for segment in path {
        current = match (segment, current) {
            (Segment::Key(k), Value::Object(map)) => map.get_mut(k)?,
            (Segment::Index(i), Value::Array(items)) => items.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(current)
}

struct Walker<'a> {
    model: &'a Model,
    root: &'a Value,
    out: Vec<Mutation>,
}

impl Walker<'_> {
    fn push(
        &mut self,
        kind: MutationKind,
        key: String,
        reason: String,
        path: &[Segment],
        edit: impl FnOnce(&mut Value),
    ) {
        let mut value = self.root.clone();
        if let Some(target) = at_mut(&mut value, path) {
            edit(target);
            self.out.push(Mutation {
                kind,
                reason,
                key,
                value,
            });
        }
    }

    fn walk(&mut self, ty: &TypeRef, value: &Value, path: &mut Vec<Segment>, depth: usize) {
        if depth > 64 {
            return;
        }
        match ty {
            TypeRef::Named { name } => {
                let Some(def) = self.model.get(name) else {
                    return;
                };
                match &def.shape {
                    Shape::Struct(s) => self.object(name, s, value, path, depth),
                    Shape::Alias { target } => self.walk(target, value, path, depth + 1),
                    Shape::Union(union) => {
                        let (Some(tag), Value::Object(map)) = (&union.tag, value) else {
                            return;
                        };
                        let Some(Value::String(current)) = map.get(tag) else {
                            return;
                        };
                        let Some(variant) = union
                            .variants
                            .iter()
                            .find(|v| v.tag_value.as_deref() == Some(current))
                        else {
                            return;
                        };
                        let tag_key = tag.clone();
                        let where_ = display(path);
                        self.push(
                            MutationKind::WrongTag,
                            format!("wrong-tag {name}"),
                            format!("`{tag}: {UNKNOWN_TAG}` is no {name} at {where_}"),
                            path,
                            |v| {
                                v[&tag_key] = Value::String(UNKNOWN_TAG.to_owned());
                            },
                        );
                        if let Some(other) = union
                            .variants
                            .iter()
                            .filter_map(|v| v.tag_value.as_deref())
                            .find(|t| *t != current)
                        {
                            let other = other.to_owned();
                            self.push(
                                MutationKind::WrongTag,
                                format!("swapped-tag {name} {current}"),
                                format!("`{tag}: {other}` on a `{current}` {name} at {where_}"),
                                path,
                                |v| {
                                    v[&tag_key] = Value::String(other);
                                },
                            );
                        }
                        self.push(
                            MutationKind::MissingRequired,
                            format!("missing-tag {name}"),
                            format!("{name} without its `{tag}` at {where_}"),
                            path,
                            |v| {
                                if let Value::Object(map) = v {
                                    map.shift_remove(&tag_key);
                                }
                            },
                        );
                        self.walk(&variant.ty, value, path, depth + 1);
                    }
                    Shape::Enum { .. } => {}
                }
            }
            TypeRef::Object { shape } => self.object("an inline object", shape, value, path, depth),
            TypeRef::Nullable { inner } if !value.is_null() => {
                self.walk(inner, value, path, depth + 1)
            }
            TypeRef::List { item, .. } => {
                if let Value::Array(items) = value {
                    for (i, v) in items.iter().enumerate() {
                        path.push(Segment::Index(i));
                        self.walk(item, v, path, depth + 1);
                        path.pop();
                    }
                }
            }
            TypeRef::Tuple { items } => {
                if let Value::Array(values) = value {
                    for (i, (t, v)) in items.iter().zip(values).enumerate() {
                        path.push(Segment::Index(i));
                        self.walk(t, v, path, depth + 1);
                        path.pop();
                    }
                }
            }
            TypeRef::Map { value: item, .. } => {
                if let Value::Object(map) = value {
                    for (k, v) in map {
                        path.push(Segment::Key(k.clone()));
                        self.walk(item, v, path, depth + 1);
                        path.pop();
                    }
                }
            }
            _ => {}
        }
    }

    fn object(
        &mut self,
        name: &str,
        s: &Struct,
        value: &Value,
        path: &mut Vec<Segment>,
        depth: usize,
    ) {
        let Value::Object(map) = value else { return };
        let where_ = display(path);
        if s.deny_unknown && s.extra.is_none() && !map.contains_key(UNKNOWN_KEY) {
            self.push(
                MutationKind::UnknownKey,
                format!("unknown-key {name}"),
                format!("unknown key `{UNKNOWN_KEY}` in {name} at {where_}"),
                path,
                |v| {
                    if let Value::Object(map) = v {
                        map.insert(UNKNOWN_KEY.to_owned(), Value::from(1));
                    }
                },
            );
        }
        for group in &s.exactly_one_of {
            let given: Vec<&String> = group
                .iter()
                .filter(|k| map.get(*k).is_some_and(|v| !v.is_null()))
                .collect();
            let [chosen] = given.as_slice() else { continue };
            let chosen = (*chosen).clone();
            let Some(other) = group.iter().find(|k| **k != chosen).cloned() else {
                continue;
            };
            self.push(
                MutationKind::ExactlyOne,
                format!("none-of {name} {}", group.join(" ")),
                format!("{name} without any of `{}` at {where_}", group.join("`, `")),
                path,
                |v| {
                    if let Value::Object(map) = v {
                        for key in group {
                            map.shift_remove(key);
                        }
                    }
                },
            );
            self.push(
                MutationKind::ExactlyOne,
                format!("two-of {name} {}", group.join(" ")),
                format!("{name} with both `{chosen}` and `{other}` at {where_}"),
                path,
                |v| {
                    let copy = v[&chosen].clone();
                    v[&other] = copy;
                },
            );
        }
        for field in &s.fields {
            let Some(current) = map.get(&field.name) else {
                continue;
            };
            let key = field.name.clone();
            if field.required {
                self.push(
                    MutationKind::MissingRequired,
                    format!("missing {name} {key}"),
                    format!("{name} without its required `{key}` at {where_}"),
                    path,
                    |v| {
                        if let Value::Object(map) = v {
                            map.shift_remove(&key);
                        }
                    },
                );
            }
            // A value of another kind is only a type error when the field's type does not
            // admit that kind too (`int | str` refuses neither `12345` nor `"12345"`).
            if let Some(wrong) =
                wrong_kind(current).filter(|w| !admits(self.model, &field.ty, w, 0))
            {
                let key = field.name.clone();
                self.push(
                    MutationKind::WrongType,
                    format!("type {name} {key}"),
                    format!("`{key}: {}` in {name} at {where_}", wrong),
                    path,
                    |v| {
                        v[&key] = wrong;
                    },
                );
            }
            path.push(Segment::Key(field.name.clone()));
            self.walk(&field.ty, current, path, depth + 1);
            path.pop();
        }
    }
}

/// Whether a value of the type `ty` may be `value` as far as TypeScript's types tell (kinds,
/// literals and enumerations; not patterns or bounds).
fn admits(model: &Model, ty: &TypeRef, value: &Value, depth: usize) -> bool {
    if depth > 64 {
        return true;
    }
    match ty {
        TypeRef::Any => true,
        TypeRef::Null => value.is_null(),
        TypeRef::Bool => value.is_boolean(),
        TypeRef::Integer(_) | TypeRef::Number(_) => value.is_number(),
        TypeRef::String(_) => value.is_string(),
        TypeRef::Literal { value: literal } => literal == value,
        TypeRef::Enum { values } => values.contains(value),
        TypeRef::List { .. } | TypeRef::Tuple { .. } => value.is_array(),
        TypeRef::Map { .. } | TypeRef::Object { .. } => value.is_object(),
        TypeRef::Nullable { inner } => value.is_null() || admits(model, inner, value, depth + 1),
        TypeRef::Union { variants } => variants.iter().any(|v| admits(model, v, value, depth + 1)),
        TypeRef::Named { name } => match model.get(name).map(|d| &d.shape) {
            None => true,
            Some(Shape::Struct(_)) => value.is_object(),
            Some(Shape::Enum { values }) => values.contains(value),
            Some(Shape::Alias { target }) => admits(model, target, value, depth + 1),
            Some(Shape::Union(union)) => union
                .variants
                .iter()
                .any(|v| admits(model, &v.ty, value, depth + 1)),
        },
    }
}

/// A value of another JSON kind than `value` (none for `null`).
fn wrong_kind(value: &Value) -> Option<Value> {
    match value {
        Value::Null => None,
        Value::String(_) => Some(Value::from(12345)),
        Value::Number(_) => Some(Value::String("12345".into())),
        Value::Bool(_) => Some(Value::String("true".into())),
        Value::Array(_) => Some(Value::String("not a list".into())),
        Value::Object(_) => Some(Value::String("not an object".into())),
    }
}

/// A JSON value as a TypeScript expression: on several lines indented by `indent` when given,
/// on one line otherwise.
pub fn value_literal(value: &Value, indent: Option<&str>) -> String {
    let mut out = String::new();
    write_value(value, indent, &mut out);
    out
}

fn expression_key(key: &str) -> String {
    // `__proto__: x` in an object literal sets the prototype instead of a property.
    if key == "__proto__" {
        "[\"__proto__\"]".to_owned()
    } else {
        property_key(key)
    }
}

fn write_value(value: &Value, indent: Option<&str>, out: &mut String) {
    let inner = indent.map(|i| format!("{i}  "));
    match value {
        Value::Array(items) if !items.is_empty() => {
            out.push('[');
            write_items(
                items.iter().map(|v| (None, v)),
                indent,
                inner.as_deref(),
                out,
            );
            out.push(']');
        }
        Value::Object(map) if !map.is_empty() => {
            out.push('{');
            write_items(
                map.iter().map(|(k, v)| (Some(k.as_str()), v)),
                indent,
                inner.as_deref(),
                out,
            );
            out.push('}');
        }
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
        other => out.push_str(&other.to_string()),
    }
}

fn write_items<'v>(
    items: impl Iterator<Item = (Option<&'v str>, &'v Value)>,
    indent: Option<&str>,
    inner: Option<&str>,
    out: &mut String,
) {
    let mut first = true;
    for (key, value) in items {
        match inner {
            Some(inner) => {
                out.push_str(if first { "\n" } else { ",\n" });
                out.push_str(inner);
            }
            None => out.push_str(if first { " " } else { ", " }),
        }
        first = false;
        if let Some(key) = key {
            out.push_str(&expression_key(key));
            out.push_str(": ");
        }
        write_value(value, inner, out);
    }
    match indent {
        Some(indent) => {
            out.push_str(",\n");
            out.push_str(indent);
        }
        None => out.push(' '),
    }
}

#[derive(Serialize)]
struct ConstView {
    name: String,
    #[serde(rename = "type")]
    ty: String,
    note: String,
    literal: String,
}

#[derive(Serialize)]
struct CaseView {
    tag: String,
    access: String,
}

#[derive(Serialize)]
struct NarrowingView {
    name: String,
    tag: String,
    cases: Vec<CaseView>,
    leak: Option<String>,
    leak_reason: String,
}

fn access(key: &str) -> String {
    if is_identifier(key) {
        format!("value.{key}")
    } else {
        format!("value[{}]", serde_json::to_string(key).expect("a string"))
    }
}

/// One line of comment text (for `//` comments).
fn one_line(text: &str) -> String {
    text.replace(['\n', '\r', '\u{2028}', '\u{2029}'], " ")
}

/// Renders the check file. `module` is what the file imports the types from; with
/// `directives` false, the wrong values carry no `@ts-expect-error` (so that `tsc` reports
/// their errors, one per line `const <name>` stands on).
pub fn render(
    bindings: &Bindings<'_>,
    env: &Environment<'_>,
    module: &str,
    typed: &[Typed],
    wrong: &[Wrong],
    directives: bool,
) -> Result<String, Failure> {
    let ts = |root: &str| {
        bindings.ts_name(root).map(str::to_owned).ok_or_else(|| {
            Failure::Usage(format!("`{root}` is not a type of the TypeScript package"))
        })
    };
    let mut imports: Vec<String> = Vec::new();
    let mut import = |name: String| {
        if !imports.contains(&name) {
            imports.push(name.clone());
        }
        name
    };
    let mut typed_views = Vec::new();
    for t in typed {
        typed_views.push(ConstView {
            name: t.name.clone(),
            ty: import(ts(&t.root)?),
            note: super::comment_text(&one_line(&t.origin)),
            literal: value_literal(&t.value, Some("")),
        });
    }
    let mut wrong_views = Vec::new();
    for w in wrong {
        wrong_views.push(ConstView {
            name: w.name.clone(),
            ty: import(ts(&w.root)?),
            note: one_line(&w.reason),
            literal: value_literal(&w.value, None),
        });
    }
    let mut narrowing = Vec::new();
    for def in bindings.types() {
        let Shape::Union(union) = &def.shape else {
            continue;
        };
        let Some(tag) = &union.tag else { continue };
        let fields: Vec<Vec<&str>> = union
            .variants
            .iter()
            .map(|v| {
                bindings
                    .struct_behind(&v.ty)
                    .map(|s| s.fields.iter().map(|f| f.name.as_str()).collect())
                    .unwrap_or_default()
            })
            .collect();
        let mut cases = Vec::new();
        let mut leak = None;
        for (i, variant) in union.variants.iter().enumerate() {
            let Some(tag_value) = &variant.tag_value else {
                continue;
            };
            let only_here = fields[i].iter().find(|f| {
                **f != tag
                    && fields
                        .iter()
                        .enumerate()
                        .all(|(j, other)| j == i || !other.contains(f))
            });
            if let Some(field) = only_here
                && leak.is_none()
                && union.variants.len() > 1
            {
                leak = Some((
                    access(field),
                    format!("`{field}` exists only on the `{tag_value}` variant"),
                ));
            }
            cases.push(CaseView {
                tag: literal_type(&Value::String(tag_value.clone())),
                access: only_here.map(|f| access(f)).unwrap_or_else(|| access(tag)),
            });
        }
        let name = import(ts(&def.name)?);
        let (leak, leak_reason) = match leak {
            Some((expression, reason)) => (Some(expression), reason),
            None => (None, String::new()),
        };
        narrowing.push(NarrowingView {
            name,
            tag: access(tag),
            cases,
            leak,
            leak_reason,
        });
    }
    templates::render(
        env,
        "typescript/check.ts.j2",
        minijinja::context! {
            module => module,
            imports => imports,
            typed => minijinja::Value::from(minijinja::value::Serde(&typed_views)),
            wrong => minijinja::Value::from(minijinja::value::Serde(&wrong_views)),
            narrowing => minijinja::Value::from(minijinja::value::Serde(&narrowing)),
            directives => directives,
        },
    )
}

/// Keeps the first mutation of each break (by [`Mutation::key`]), across many values.
pub fn distinct(
    mutations: impl IntoIterator<Item = (String, Mutation)>,
) -> Vec<(String, Mutation)> {
    let mut seen = HashSet::default();
    mutations
        .into_iter()
        .filter(|(_, m)| seen.insert(m.key.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn literals_quote_keys_and_guard_proto() {
        let v = json!({"a": 1, "x-y": [true, null], "__proto__": {"b": "c\"d"}, "e": {}, "f": []});
        assert_eq!(
            value_literal(&v, None),
            r#"{ a: 1, "x-y": [ true, null ], ["__proto__"]: { b: "c\"d" }, e: {}, f: [] }"#
        );
        assert_eq!(
            value_literal(&json!({"a": [1]}), Some("")),
            "{\n  a: [\n    1,\n  ],\n}"
        );
    }

    #[test]
    fn mutations_follow_the_ir() {
        let defs = json!({
            "Root": {"type": "object", "additionalProperties": false, "required": ["items"], "properties": {
                "items": {"type": "array", "items": {"$ref": "#/definitions/Item"}}}},
            "Item": {"oneOf": [{"$ref": "#/definitions/A"}, {"$ref": "#/definitions/B"}]},
            "A": {"type": "object", "additionalProperties": false, "required": ["n"], "properties": {
                "type": {"const": "a"}, "n": {"type": "integer"}}},
            "B": {"type": "object", "additionalProperties": false, "properties": {"type": {"const": "b"}}},
        });
        let defs: Vec<(String, Value)> = defs
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let model = Model::from_definitions(&defs, &Default::default()).unwrap();
        let value = json!({"items": [{"type": "a", "n": 1}]});
        let found = mutations(&model, "Root", &value);
        let keys: Vec<&str> = found.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "unknown-key Root",
                "missing Root items",
                "type Root items",
                "wrong-tag Item",
                "swapped-tag Item a",
                "missing-tag Item",
                "unknown-key A",
                "type A type",
                "missing A n",
                "type A n",
            ]
        );
        let swapped = found
            .iter()
            .find(|m| m.key == "swapped-tag Item a")
            .unwrap();
        assert_eq!(swapped.value, json!({"items": [{"type": "b", "n": 1}]}));
        assert_eq!(swapped.reason, "`type: b` on a `a` Item at `items[0]`");
        let unknown = found.iter().find(|m| m.key == "unknown-key A").unwrap();
        assert_eq!(unknown.value["items"][0][UNKNOWN_KEY], json!(1));
    }
}
