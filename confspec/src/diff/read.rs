//! Reading a draft-07 schema as the comparison and the witnesses both need it: `$ref`s resolved,
//! the variants of a union identified (tag value, definition name, single key or type), closed
//! sets, types and required keys.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use super::path::VariantAt;

/// Keywords that only annotate: a change to them never changes which documents are valid.
/// `description`, `default` and `deprecated` are compared apart; `format` is not validated
/// by the emitted schemas' users (schemars' integer widths are stated as ranges).
pub(super) const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "$comment",
    "title",
    "description",
    "markdownDescription",
    "default",
    "examples",
    "deprecated",
    "deprecationMessage",
    "readOnly",
    "writeOnly",
    "format",
    "definitions",
];

/// The schema a `$ref` (or schemars' `allOf: [{$ref}]` wrapper) stands for, with the name of
/// the definition; `true` and `false` as the objects they mean.
pub fn resolve<'a>(root: &'a Value, schema: &'a Value) -> (&'a Value, Option<String>) {
    let mut current = schema;
    let mut name = None;
    for _ in 0..64 {
        let next = match current.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let Some(target) = reference.strip_prefix("#/definitions/") else {
                    break;
                };
                let target = target.replace("~1", "/").replace("~0", "~");
                let Some(found) = root.get("definitions").and_then(|d| d.get(&target)) else {
                    break;
                };
                name = Some(target);
                found
            }
            // schemars' `allOf: [{$ref}]` beside annotations only (a field's description).
            None => match current.get("allOf").and_then(Value::as_array) {
                Some(list)
                    if list.len() == 1
                        && list[0].get("$ref").is_some()
                        && current.as_object().is_some_and(|m| {
                            m.keys()
                                .all(|k| k == "allOf" || ANNOTATIONS.contains(&k.as_str()))
                        }) =>
                {
                    &list[0]
                }
                _ => break,
            },
        };
        current = next;
    }
    (current, name)
}

pub(super) static EMPTY: std::sync::LazyLock<Value> = std::sync::LazyLock::new(|| json!({}));
pub(super) static NOTHING: std::sync::LazyLock<Value> =
    std::sync::LazyLock::new(|| json!({"not": {}}));

/// A boolean schema as the object it means.
pub(super) fn as_object(schema: &Value) -> &Map<String, Value> {
    let value: &Value = match schema {
        Value::Bool(true) => &EMPTY,
        Value::Bool(false) => &NOTHING,
        other => other,
    };
    value
        .as_object()
        .unwrap_or_else(|| EMPTY.as_object().expect("the empty schema is an object"))
}

/// The `type` keyword as a set (`None` when absent).
pub(super) fn types(schema: &Map<String, Value>) -> Option<BTreeSet<String>> {
    match schema.get("type")? {
        Value::String(t) => Some(BTreeSet::from([t.clone()])),
        Value::Array(list) => Some(
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
        ),
        _ => None,
    }
}

/// A tagged union's variants: tag value, index in `allOf`, the `then` schema.
pub type TaggedVariants<'a> = Vec<(String, usize, &'a Value)>;

/// A tagged union as the emitter writes it: `allOf` of `if` (the tag's `const`) / `then`.
/// Returns the tag key and, per variant, its value, its index in `allOf` and its `then`.
pub fn tagged(schema: &Value) -> Option<(String, TaggedVariants<'_>)> {
    let list = schema.get("allOf")?.as_array()?;
    let mut tag = None;
    let mut variants = Vec::new();
    for (index, member) in list.iter().enumerate() {
        let properties = member.get("if")?.get("properties")?.as_object()?;
        let (key, condition) = properties.iter().next()?;
        let value = condition.get("const")?.as_str()?;
        if tag.get_or_insert_with(|| key.clone()) != key {
            return None;
        }
        variants.push((value.to_owned(), index, member.get("then")?));
    }
    Some((tag?, variants))
}

/// The closed set of values a schema allows (`enum`, `const`, or a union of those), if any.
pub(super) fn value_set(root: &Value, schema: &Map<String, Value>) -> Option<Vec<Value>> {
    if let Some(Value::Array(values)) = schema.get("enum") {
        return Some(values.clone());
    }
    if let Some(value) = schema.get("const") {
        return Some(vec![value.clone()]);
    }
    let members = ["oneOf", "anyOf"]
        .iter()
        .find_map(|k| schema.get(*k).and_then(Value::as_array))?;
    let mut values = Vec::new();
    for member in members {
        let (member, _) = resolve(root, member);
        let member = as_object(member);
        let validating = member
            .keys()
            .filter(|k| !ANNOTATIONS.contains(&k.as_str()) && *k != "type")
            .count();
        if validating != 1 {
            return None;
        }
        values.extend(value_set(root, member)?);
    }
    Some(values)
}

/// The members of a union and how each is identified: a tagged union's tag values, the members
/// of `oneOf`/`anyOf`, or the schema itself as the one variant.
pub(super) fn variants<'a>(
    root: &'a Value,
    raw: &'a Value,
) -> Vec<(String, String, VariantAt, &'a Value)> {
    let (schema, _) = resolve(root, raw);
    if let Some((tag, list)) = tagged(schema) {
        return list
            .into_iter()
            .map(|(value, index, then)| {
                (
                    format!("tag:{tag}={value}"),
                    format!("{tag}={value}"),
                    VariantAt::Tagged {
                        index,
                        tag: tag.clone(),
                        value,
                    },
                    then,
                )
            })
            .collect();
    }
    for keyword in ["oneOf", "anyOf"] {
        if let Some(list) = schema.get(keyword).and_then(Value::as_array) {
            return list
                .iter()
                .enumerate()
                .map(|(index, member)| {
                    let (key, label) = identify(root, member, index);
                    (key, label, VariantAt::Member(keyword, index), member)
                })
                .collect();
        }
    }
    let (key, label) = identify(root, raw, 0);
    vec![(key, label, VariantAt::Whole, raw)]
}

/// What identifies a union member across versions, and its label in paths.
pub(super) fn identify(root: &Value, member: &Value, index: usize) -> (String, String) {
    let (resolved, name) = resolve(root, member);
    let object = as_object(resolved);
    let empty = Map::new();
    let properties = object
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let required = required(object);
    // A required property with a single value: the member's tag.
    for key in &required {
        let values = properties
            .get(*key)
            .and_then(|p| value_set(root, as_object(resolve(root, p).0)));
        if let Some([Value::String(value)]) = values.as_deref() {
            return (format!("tag:{key}={value}"), format!("{key}={value}"));
        }
    }
    // One required key and nothing else declared: a single-key form (`{"Circle": ...}`) or
    // one of "exactly one of these keys".
    if let (None, [key]) = (&name, Vec::from_iter(required.iter()).as_slice())
        && properties.keys().all(|k| k == *key)
    {
        return (format!("key:{key}"), (**key).to_owned());
    }
    if let Some(name) = name {
        return (format!("ref:{name}"), name);
    }
    if let Some(values) = value_set(root, object) {
        let text = values
            .iter()
            .map(Value::to_string)
            .collect::<Vec<_>>()
            .join("|");
        return (format!("values:{text}"), text);
    }
    if let Some(types) = types(object) {
        let text = types.into_iter().collect::<Vec<_>>().join("|");
        return (format!("type:{text}"), text);
    }
    (format!("index:{index}"), format!("#{index}"))
}

/// Whether two schemas validate alike, ignoring annotations (for renamed keys).
pub(super) fn same_validation(a: &Value, b: &Value) -> bool {
    fn strip(value: &Value) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.iter()
                    .filter(|(k, _)| !ANNOTATIONS.contains(&k.as_str()) || *k == "definitions")
                    .map(|(k, v)| {
                        let v = if k == "properties" || k == "enum" || k == "const" {
                            match v {
                                Value::Object(named) => Value::Object(
                                    named.iter().map(|(n, s)| (n.clone(), strip(s))).collect(),
                                ),
                                other => other.clone(),
                            }
                        } else {
                            strip(v)
                        };
                        (k.clone(), v)
                    })
                    .collect(),
            ),
            Value::Array(list) => Value::Array(list.iter().map(strip).collect()),
            other => other.clone(),
        }
    }
    strip(a) == strip(b)
}

/// Whether a set of types accepts every value of the type `t` (a `number` accepts integers).
pub(super) fn accepts(types: &BTreeSet<String>, t: &str) -> bool {
    types.contains(t) || (t == "integer" && types.contains("number"))
}

pub(super) fn required(schema: &Map<String, Value>) -> BTreeSet<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

pub(super) fn is_union(schema: &Value) -> bool {
    tagged(schema).is_some() || schema.get("oneOf").is_some() || schema.get("anyOf").is_some()
}
