//! Witnesses of breaking changes: small documents the old schema accepts and the new one refuses.
//!
//! A witness is generated from the old schema alone: the smallest document it accepts (required
//! keys only, the first variant of each union, the smallest values their bounds allow), with the
//! value at the change's path replaced by candidates drawn from the old schema at that place
//! (the values the change names first, then samples of every type, value, variant, optional key
//! and pattern there). The first candidate document the old schema accepts and the new one
//! refuses is the witness; both verdicts come from the `jsonschema` crate.

use serde_json::{Map, Value, json};

use super::change::SchemaError;
use super::path::{Step, VariantAt};
use super::read::{resolve, tagged};

/// Candidates tried per change, at most.
const MAX_CANDIDATES: usize = 96;
/// How deep the smallest document may nest (recursive types end on optional keys).
const MAX_DEPTH: usize = 48;

/// The two schemas, compiled, and the old one to generate documents from.
pub struct Witnesses<'a> {
    old_root: &'a Value,
    old: jsonschema::Validator,
    new: jsonschema::Validator,
}

/// Compiles a draft-07 schema as the documents' users read it (formats are annotations).
pub fn validator(schema: &Value) -> Result<jsonschema::Validator, SchemaError> {
    jsonschema::draft7::options()
        .should_validate_formats(false)
        .build(schema)
        .map_err(|err| SchemaError {
            message: format!("not a draft-07 schema this tool can compile: {err}"),
        })
}

impl<'a> Witnesses<'a> {
    /// Compiles both schemas.
    pub fn new(before: &'a Value, after: &Value) -> Result<Self, SchemaError> {
        Ok(Witnesses {
            old_root: before,
            old: validator(before)?,
            new: validator(after)?,
        })
    }

    /// A document valid under the old schema and invalid under the new one, the value at
    /// `steps` taken from `hints` first, then from samples of the old schema there.
    ///
    /// `required` are keys the new schema requires (at their objects' paths): the objects on
    /// the way get them too where the old schema allows it, so that the new schema refuses the
    /// witness for this change, not for a key it now requires (tried without them too).
    pub fn find(
        &self,
        steps: &[Step],
        hints: &[Value],
        required: &[(Vec<Step>, String)],
    ) -> Option<Value> {
        self.search(steps, hints, required)
            .or_else(|| self.search(steps, hints, &[]))
    }

    fn search(
        &self,
        steps: &[Step],
        hints: &[Value],
        required: &[(Vec<Step>, String)],
    ) -> Option<Value> {
        let node = self.at(self.old_root, steps)?;
        let mut candidates: Vec<Value> = hints.to_vec();
        candidates.extend(self.samples(node));
        let mut tried = Vec::new();
        for leaf in candidates {
            if tried.contains(&leaf) {
                continue;
            }
            if tried.len() >= MAX_CANDIDATES {
                break;
            }
            let mut leaf = leaf;
            self.add_required(&mut leaf, steps, required);
            let Some(document) = self.build(self.old_root, steps, 0, &leaf, required) else {
                continue;
            };
            if self.old.is_valid(&document) && !self.new.is_valid(&document) {
                return Some(document);
            }
            tried.push(leaf);
        }
        None
    }

    /// Adds to `value`, the object at `path`, the `required` keys of that path it lacks.
    fn add_required(&self, value: &mut Value, path: &[Step], required: &[(Vec<Step>, String)]) {
        let Value::Object(object) = value else {
            return;
        };
        let Some(schema) = self.at(self.old_root, path) else {
            return;
        };
        let (schema, _) = resolve(self.old_root, schema);
        let Some(map) = schema.as_object() else {
            return;
        };
        for (at, key) in required {
            if at == path
                && !object.contains_key(key)
                && let Some(value) = self.minimal(self.property(map, key), path.len() + 1)
            {
                object.insert(key.clone(), value);
            }
        }
    }

    /// The old schema at the end of `steps`.
    fn at<'s>(&'s self, schema: &'s Value, steps: &[Step]) -> Option<&'s Value> {
        let Some((step, rest)) = steps.split_first() else {
            return Some(schema);
        };
        let (schema, _) = resolve(self.old_root, schema);
        self.at(child(self, schema, step)?, rest)
    }

    /// The smallest document around `leaf`, placed at `steps` (from `steps[depth]` on, below
    /// `schema`), with the `required` keys of each object on the way.
    fn build(
        &self,
        schema: &Value,
        steps: &[Step],
        depth: usize,
        leaf: &Value,
        required: &[(Vec<Step>, String)],
    ) -> Option<Value> {
        let Some(step) = steps.get(depth) else {
            return Some(leaf.clone());
        };
        let (schema, _) = resolve(self.old_root, schema);
        let inner = self.build(child(self, schema, step)?, steps, depth + 1, leaf, required)?;
        Some(match step {
            Step::Key(_) | Step::Extra | Step::Pattern(_) => {
                let mut object = match self.minimal(schema, depth) {
                    Some(value @ Value::Object(_)) => {
                        let mut value = value;
                        self.add_required(&mut value, &steps[..depth], required);
                        match value {
                            Value::Object(map) => map,
                            _ => Map::new(),
                        }
                    }
                    _ => Map::new(),
                };
                object.insert(key_of(schema, step), inner);
                Value::Object(object)
            }
            Step::Item => {
                let count = count(schema, "minItems").max(1);
                let mut items = vec![inner];
                let item = schema.get("items").unwrap_or(&Value::Bool(true));
                for _ in 1..count {
                    items.push(self.minimal(item, depth + 1)?);
                }
                Value::Array(items)
            }
            Step::Index(index) => {
                let list = schema.get("items")?.as_array()?;
                let mut items = Vec::new();
                for (i, item) in list.iter().enumerate() {
                    items.push(if i == *index {
                        inner.clone()
                    } else {
                        self.minimal(item, depth + 1)?
                    });
                }
                Value::Array(items)
            }
            Step::Variant(variant) => match &variant.at {
                VariantAt::Tagged { tag, value, .. } => with_tag(inner, tag, value),
                _ => inner,
            },
        })
    }

    /// The smallest value `schema` accepts, as far as it can be told without validating.
    pub fn minimal(&self, schema: &Value, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        let (schema, _) = resolve(self.old_root, schema);
        let map = match schema {
            Value::Object(map) => map,
            Value::Bool(true) => return Some(Value::Null),
            _ => return None,
        };
        if let Some(value) = map.get("const") {
            return Some(value.clone());
        }
        if let Some(first) = map.get("enum").and_then(Value::as_array) {
            return first.first().cloned();
        }
        if let Some((tag, variants)) = tagged(schema) {
            let (value, _, then) = variants.first()?;
            return Some(with_tag(self.minimal(then, depth + 1)?, &tag, value));
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(list) = map.get(keyword).and_then(Value::as_array) {
                return list.iter().find_map(|m| self.minimal(m, depth + 1));
            }
        }
        match first_type(map).as_str() {
            "object" => {
                let mut object = Map::new();
                for key in map
                    .get("required")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                {
                    let property = self.property(map, key);
                    object.insert(key.to_owned(), self.minimal(property, depth + 1)?);
                }
                // Members of `allOf` (a variant's fields beside its tag) add their keys.
                for member in map
                    .get("allOf")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    if let Some(Value::Object(more)) = self.minimal(member, depth + 1) {
                        for (key, value) in more {
                            object.entry(key).or_insert(value);
                        }
                    }
                }
                Some(Value::Object(object))
            }
            "array" => {
                let item = map.get("items").unwrap_or(&Value::Bool(true));
                let mut items = Vec::new();
                for _ in 0..count(schema, "minItems") {
                    items.push(self.minimal(item, depth + 1)?);
                }
                Some(Value::Array(items))
            }
            "string" => strings(map).into_iter().next().map(Value::String),
            "integer" | "number" => Some(numbers(map).first().cloned().unwrap_or(json!(0))),
            "boolean" => Some(json!(false)),
            _ => Some(Value::Null),
        }
    }

    /// Values the old schema may accept at a place, the smallest first.
    fn samples(&self, schema: &Value) -> Vec<Value> {
        let mut out: Vec<Value> = self.minimal(schema, 0).into_iter().collect();
        let (schema, _) = resolve(self.old_root, schema);
        let Some(map) = schema.as_object() else {
            return out;
        };
        if let Some(values) = map.get("enum").and_then(Value::as_array) {
            out.extend(values.iter().cloned());
        }
        if let Some((tag, variants)) = tagged(schema) {
            for (value, _, then) in variants {
                out.extend(self.minimal(then, 1).map(|v| with_tag(v, &tag, &value)));
            }
        }
        for keyword in ["oneOf", "anyOf"] {
            for member in map
                .get(keyword)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                out.extend(self.shallow_samples(member));
            }
        }
        out.extend(self.shallow_samples(schema));
        out
    }

    /// Samples of each type a schema names (every type when it names none).
    fn shallow_samples(&self, schema: &Value) -> Vec<Value> {
        let (schema, _) = resolve(self.old_root, schema);
        let Some(map) = schema.as_object() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let types: Vec<String> = match map.get("type") {
            Some(Value::String(t)) => vec![t.clone()],
            Some(Value::Array(list)) => list
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            _ if map.contains_key("properties") => vec!["object".into()],
            _ => [
                "null", "boolean", "integer", "number", "string", "array", "object",
            ]
            .map(str::to_owned)
            .to_vec(),
        };
        for ty in types {
            match ty.as_str() {
                "null" => out.push(Value::Null),
                "boolean" => out.extend([json!(false), json!(true)]),
                "integer" | "number" => {
                    out.extend(numbers(map));
                    out.extend([json!(0), json!(1), json!(-1)]);
                    if ty == "number" {
                        out.extend([json!(0.5), json!(-1.5)]);
                    }
                }
                "string" => out.extend(strings(map).into_iter().map(Value::String)),
                "array" => {
                    out.push(json!([]));
                    let item = map.get("items").unwrap_or(&Value::Bool(true));
                    for sample in self.shallow_samples(item).into_iter().take(8) {
                        out.push(json!([sample]));
                    }
                    // Two equal items, for `uniqueItems`.
                    if let Some(first) = self.minimal(item, 1) {
                        out.push(json!([first.clone(), first]));
                    }
                }
                "object" => {
                    let Some(Value::Object(base)) = self.minimal(schema, 0) else {
                        continue;
                    };
                    out.push(Value::Object(base.clone()));
                    let properties = map.get("properties").and_then(Value::as_object);
                    for (key, property) in properties.into_iter().flatten() {
                        if base.contains_key(key) {
                            continue;
                        }
                        for value in self.minimal(property, 1).into_iter() {
                            let mut object = base.clone();
                            object.insert(key.clone(), value);
                            out.push(Value::Object(object));
                        }
                    }
                    if map.get("additionalProperties") != Some(&json!(false)) {
                        let extra = map
                            .get("additionalProperties")
                            .unwrap_or(&Value::Bool(true));
                        if let Some(value) = self.minimal(extra, 1) {
                            let mut object = base;
                            object.insert(unknown_key(map), value);
                            out.push(Value::Object(object));
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }
}

impl Witnesses<'_> {
    /// The schema of the key `key` of an object schema: its property (also one declared by a
    /// member of its `allOf`), else its `additionalProperties` schema, else any.
    fn property<'s>(&'s self, map: &'s Map<String, Value>, key: &str) -> &'s Value {
        static ANY: Value = Value::Bool(true);
        if let Some(found) = map.get("properties").and_then(|p| p.get(key)) {
            return found;
        }
        for member in map
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let (member, _) = resolve(self.old_root, member);
            if let Some(found) = member.get("properties").and_then(|p| p.get(key)) {
                return found;
            }
        }
        map.get("additionalProperties")
            .filter(|v| v.is_object())
            .unwrap_or(&ANY)
    }
}

/// The schema one step below `schema` (already resolved).
fn child<'s>(witnesses: &'s Witnesses<'_>, schema: &'s Value, step: &Step) -> Option<&'s Value> {
    static ANY: Value = Value::Bool(true);
    match step {
        Step::Key(key) => Some(witnesses.property(schema.as_object()?, key)),
        Step::Extra => Some(schema.get("additionalProperties").unwrap_or(&ANY)),
        Step::Pattern(pattern) => schema.get("patternProperties")?.get(pattern),
        Step::Item => Some(schema.get("items").unwrap_or(&ANY)),
        Step::Index(index) => schema.get("items")?.as_array()?.get(*index),
        Step::Variant(variant) => match &variant.at {
            VariantAt::Tagged { index, .. } => schema.get("allOf")?.get(*index)?.get("then"),
            VariantAt::Member(keyword, index) => schema.get(*keyword)?.get(*index),
            VariantAt::Whole => Some(schema),
        },
    }
}

/// The key a step puts its value under.
fn key_of(schema: &Value, step: &Step) -> String {
    match step {
        Step::Key(key) => key.clone(),
        Step::Pattern(pattern) => pattern_samples(pattern)
            .into_iter()
            .find(|s| matches(pattern, s))
            .unwrap_or_default(),
        _ => unknown_key(schema.as_object().unwrap_or(&Map::new())),
    }
}

/// A key no property of `map` declares.
fn unknown_key(map: &Map<String, Value>) -> String {
    let properties = map.get("properties").and_then(Value::as_object);
    let mut key = String::from("unknown_key");
    while properties.is_some_and(|p| p.contains_key(&key)) {
        key.push('_');
    }
    key
}

fn with_tag(value: Value, tag: &str, tag_value: &str) -> Value {
    match value {
        Value::Object(mut map) => {
            map.insert(tag.to_owned(), Value::String(tag_value.to_owned()));
            Value::Object(map)
        }
        other => other,
    }
}

fn count(schema: &Value, keyword: &str) -> usize {
    schema
        .get(keyword)
        .and_then(Value::as_u64)
        .map_or(0, |n| n.min(64) as usize)
}

/// The type a smallest value takes: the first named, not `null` when another is named.
fn first_type(map: &Map<String, Value>) -> String {
    match map.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .or_else(|| list.first().and_then(Value::as_str))
            .unwrap_or("null")
            .to_owned(),
        _ if map.contains_key("properties") || map.contains_key("required") => "object".into(),
        _ if map.contains_key("items") => "array".into(),
        _ => "null".into(),
    }
}

/// Numbers within the bounds: zero moved into the range first, then the bounds themselves.
fn numbers(map: &Map<String, Value>) -> Vec<Value> {
    let integer = map.get("type") == Some(&json!("integer"));
    let get = |k: &str| map.get(k).and_then(Value::as_f64);
    let mut low = get("minimum");
    if let Some(x) = get("exclusiveMinimum") {
        low = Some(if integer { x.floor() + 1.0 } else { x + 0.5 });
    }
    let mut high = get("maximum");
    if let Some(x) = get("exclusiveMaximum") {
        high = Some(if integer { x.ceil() - 1.0 } else { x - 0.5 });
    }
    let clamp = |x: f64| {
        let x = low.map_or(x, |l| x.max(l));
        high.map_or(x, |h| x.min(h))
    };
    let number = |x: f64| {
        if x.fract() == 0.0 && x.abs() < 9.0e15 {
            json!(x as i64)
        } else {
            json!(x)
        }
    };
    let mut out = vec![number(clamp(0.0))];
    out.extend(low.map(number));
    out.extend(high.map(number));
    out
}

/// Strings within the length bounds and the pattern: the shortest first.
fn strings(map: &Map<String, Value>) -> Vec<String> {
    let length = |k: &str| {
        map.get(k)
            .and_then(Value::as_u64)
            .map(|n| n.min(4096) as usize)
    };
    let (min, max) = (length("minLength").unwrap_or(0), length("maxLength"));
    let fits = |s: &String| {
        let n = s.chars().count();
        n >= min && max.is_none_or(|m| n <= m)
    };
    let mut out = Vec::new();
    match map.get("pattern").and_then(Value::as_str) {
        Some(pattern) => {
            out.extend(
                pattern_samples(pattern)
                    .into_iter()
                    .filter(|s| fits(s) && matches(pattern, s)),
            );
        }
        None => {
            out.push("a".repeat(min));
            out.extend(
                ["", "a", "A", "0", "-", "a b", "a.b", "x/y", "Ab-0_9"]
                    .into_iter()
                    .map(str::to_owned)
                    .filter(fits),
            );
            if let Some(max) = max {
                out.push("a".repeat(max));
            }
        }
    }
    out
}

/// Whether `text` matches the ECMA-262 `pattern` (unanchored, as JSON Schema means it), as far
/// as the `regex` crate reads the pattern (false when it cannot).
pub fn matches(pattern: &str, text: &str) -> bool {
    regex::Regex::new(pattern).is_ok_and(|r| r.is_match(text))
}

/// Strings a pattern matches, generated from its syntax: each alternative, each repetition at
/// its least and one more, a few characters of each class. Empty when the pattern cannot be read.
pub fn pattern_samples(pattern: &str) -> Vec<String> {
    use regex_syntax::hir::{Class, Hir, HirKind};
    const CAP: usize = 24;
    fn of(hir: &Hir) -> Vec<String> {
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => vec![String::new()],
            HirKind::Literal(literal) => vec![String::from_utf8_lossy(&literal.0).into_owned()],
            HirKind::Class(Class::Unicode(class)) => {
                let preferred = ['a', 'A', '0', '-', '_', '.', ' ', '/'];
                let mut out: Vec<String> = preferred
                    .iter()
                    .filter(|c| {
                        class
                            .ranges()
                            .iter()
                            .any(|r| r.start() <= **c && **c <= r.end())
                    })
                    .take(2)
                    .map(|c| c.to_string())
                    .collect();
                out.extend(class.ranges().iter().take(2).map(|r| r.start().to_string()));
                out.dedup();
                out
            }
            HirKind::Class(Class::Bytes(class)) => class
                .ranges()
                .iter()
                .take(2)
                .map(|r| char::from(r.start()).to_string())
                .collect(),
            HirKind::Repetition(repetition) => {
                let inner = of(&repetition.sub);
                let mut out = Vec::new();
                let least = repetition.min.min(64) as usize;
                let counts = [least, least + 1];
                for n in counts {
                    if repetition.max.is_some_and(|m| n > m as usize) {
                        continue;
                    }
                    for sample in inner.iter().take(3) {
                        out.push(sample.repeat(n));
                    }
                }
                out.truncate(CAP);
                out
            }
            HirKind::Capture(capture) => of(&capture.sub),
            HirKind::Concat(parts) => {
                let mut out = vec![String::new()];
                for part in parts {
                    let samples = of(part);
                    let mut next = Vec::new();
                    for prefix in &out {
                        for sample in &samples {
                            if next.len() < CAP {
                                next.push(format!("{prefix}{sample}"));
                            }
                        }
                    }
                    out = next;
                }
                out
            }
            HirKind::Alternation(branches) => {
                let mut out = Vec::new();
                for branch in branches {
                    out.extend(of(branch).into_iter().take(4));
                }
                out.truncate(CAP);
                out
            }
        }
    }
    match regex_syntax::Parser::new().parse(pattern) {
        Ok(hir) => {
            let mut out = of(&hir);
            out.sort_by_key(|s| s.chars().count());
            out.dedup();
            out
        }
        Err(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_samples_match_their_pattern() {
        for pattern in [
            r"^[a-z][a-z0-9-]*$",
            r"^\d+$",
            r"^(on|off)$",
            r"^ami-[0-9a-f]{8}$",
        ] {
            let samples = pattern_samples(pattern);
            assert!(!samples.is_empty(), "{pattern}");
            for sample in samples {
                assert!(matches(pattern, &sample), "{pattern} / {sample:?}");
            }
        }
    }

    #[test]
    fn numbers_are_moved_into_their_range() {
        let map = json!({"type": "integer", "minimum": 5, "maximum": 9});
        assert_eq!(numbers(map.as_object().unwrap())[0], json!(5));
        let map = json!({"type": "integer", "exclusiveMaximum": -3});
        assert_eq!(numbers(map.as_object().unwrap())[0], json!(-4));
    }
}
