//! Walks two draft-07 schema documents side by side and classifies each difference.
//!
//! The walk starts at both roots and follows `$ref`s into `definitions`; a pair of definitions
//! is compared once, at the first path that reaches it (paths are visited in document order), so
//! a type used in many places is reported once. Union variants are matched by what identifies
//! them (a tag value, a definition name, a single key, a type), object keys by name.

use std::collections::{BTreeSet, HashSet};

use serde_json::{Map, Value, json};

use super::witness::Witnesses;
use super::{Change, Class, Kind, SchemaError};

/// One step of a path from the root of a document to a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The value of a key of an object.
    Key(String),
    /// Any item of an array.
    Item,
    /// The item at an index of a fixed-length array.
    Index(usize),
    /// The value of a key no property declares (`additionalProperties`).
    Extra,
    /// The value of a key matching a pattern (`patternProperties`).
    Pattern(String),
    /// One variant of a union, as the old schema lists them.
    Variant(Variant),
}

/// Which variant of a union a path goes through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// How the path shows it: `type=aws`, `string`, `AWSConfig`.
    pub label: String,
    /// Where it is in the old schema.
    pub at: VariantAt,
}

/// Where a variant is in a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VariantAt {
    /// The `then` of the `allOf` member at this index, the tag key set to the value.
    Tagged {
        /// The index in `allOf`.
        index: usize,
        /// The tag key.
        tag: String,
        /// The tag value.
        value: String,
    },
    /// The member at this index of `oneOf` or `anyOf`.
    Member(&'static str, usize),
    /// The schema itself (the other side is the union).
    Whole,
}

/// Renders steps YAML-style: `projects[].backends[type=aws].vpc_ids`.
pub fn render_path(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Step::Item => out.push_str("[]"),
            Step::Index(i) => out.push_str(&format!("[{i}]")),
            Step::Extra => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push('*');
            }
            Step::Pattern(pattern) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&format!("<{pattern}>"));
            }
            Step::Variant(variant) => {
                // An item of a union reads `backends[type=aws]`, not `backends[][type=aws]`.
                if out.ends_with("[]") {
                    out.truncate(out.len() - 2);
                }
                out.push_str(&format!("[{}]", variant.label));
            }
        }
    }
    if out.is_empty() {
        out.push_str("(root)");
    }
    out
}

/// Keywords that only annotate: a change to them never changes which documents are valid.
/// `description`, `default` and `deprecated` are compared apart; `format` is not validated
/// by the emitted schemas' users (schemars' integer widths are stated as ranges).
const ANNOTATIONS: &[&str] = &[
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

/// Keywords the structural comparison reads.
const HANDLED: &[&str] = &[
    "$ref",
    "type",
    "enum",
    "const",
    "oneOf",
    "anyOf",
    "allOf",
    "properties",
    "required",
    "additionalProperties",
    "patternProperties",
    "items",
    "pattern",
];

/// Bounds: numbers that narrow or widen what is accepted (see [`bound`]).
const BOUNDS: &[&str] = &[
    "minimum",
    "exclusiveMinimum",
    "maximum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];

/// Compares two schema documents (`before`, `after`); returns every change, in document order,
/// breaking ones with a witness where one was found.
pub fn compare(before: &Value, after: &Value) -> Result<Vec<Change>, SchemaError> {
    let witnesses = Witnesses::new(before, after)?;
    let mut walker = Walker {
        old_root: before,
        new_root: after,
        seen: HashSet::new(),
        found: Vec::new(),
    };
    walker.node(before, after, &mut Vec::new());
    // Keys the new schema requires where the old one did not: witnesses of other changes
    // carry them, so that each is refused for its own change.
    let required: Vec<(Vec<Step>, String)> = walker
        .found
        .iter()
        .filter(|f| matches!(f.kind, Kind::KeyMadeRequired | Kind::RequiredKeyAdded))
        .filter_map(|f| Some((f.steps.clone(), f.key.clone()?)))
        .collect();
    Ok(walker
        .found
        .into_iter()
        .map(|found| {
            let others: Vec<(Vec<Step>, String)> = required
                .iter()
                .filter(|(steps, key)| *steps != found.steps || found.key.as_ref() != Some(key))
                .cloned()
                .collect();
            let witness = (found.class == Class::Breaking)
                .then(|| witnesses.find(&found.steps, &found.hints, &others))
                .flatten();
            let mut shown = found.steps.clone();
            shown.extend(found.key.map(Step::Key));
            Change {
                class: found.class,
                kind: found.kind,
                path: render_path(&shown),
                before: found.before,
                after: found.after,
                witness,
                acknowledged: None,
            }
        })
        .collect())
}

/// A change as the walk finds it, before its witness is searched.
struct Found {
    class: Class,
    kind: Kind,
    steps: Vec<Step>,
    before: Option<Value>,
    after: Option<Value>,
    /// Values to try first at the change's place when searching a witness.
    hints: Vec<Value>,
    /// The key the change is about, when `steps` lead to its object (a key made required:
    /// the witness is that object without it).
    key: Option<String>,
}

struct Walker<'a> {
    old_root: &'a Value,
    new_root: &'a Value,
    /// Pairs of definitions already compared (`None` for a schema that is not a definition).
    seen: HashSet<(String, String)>,
    found: Vec<Found>,
}

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

static EMPTY: std::sync::LazyLock<Value> = std::sync::LazyLock::new(|| json!({}));
static NOTHING: std::sync::LazyLock<Value> = std::sync::LazyLock::new(|| json!({"not": {}}));

/// A boolean schema as the object it means.
fn as_object(schema: &Value) -> &Map<String, Value> {
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
fn types(schema: &Map<String, Value>) -> Option<BTreeSet<String>> {
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
fn value_set(root: &Value, schema: &Map<String, Value>) -> Option<Vec<Value>> {
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
fn variants<'a>(root: &'a Value, raw: &'a Value) -> Vec<(String, String, VariantAt, &'a Value)> {
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
fn identify(root: &Value, member: &Value, index: usize) -> (String, String) {
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
fn same_validation(a: &Value, b: &Value) -> bool {
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
fn accepts(types: &BTreeSet<String>, t: &str) -> bool {
    types.contains(t) || (t == "integer" && types.contains("number"))
}

fn required(schema: &Map<String, Value>) -> BTreeSet<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn is_union(schema: &Value) -> bool {
    tagged(schema).is_some() || schema.get("oneOf").is_some() || schema.get("anyOf").is_some()
}

/// A bound keyword: which family it narrows, and whether a larger value narrows it.
fn bound(keyword: &str) -> Option<(Kind, Kind, bool)> {
    Some(match keyword {
        "minimum" | "exclusiveMinimum" => (Kind::RangeNarrowed, Kind::RangeWidened, true),
        "maximum" | "exclusiveMaximum" => (Kind::RangeNarrowed, Kind::RangeWidened, false),
        "minLength" => (Kind::LengthNarrowed, Kind::LengthWidened, true),
        "maxLength" => (Kind::LengthNarrowed, Kind::LengthWidened, false),
        "minItems" | "minProperties" => (Kind::CountNarrowed, Kind::CountWidened, true),
        "maxItems" | "maxProperties" => (Kind::CountNarrowed, Kind::CountWidened, false),
        _ => return None,
    })
}

/// Values just outside a new bound (and the old bound), to try first for a witness.
fn bound_hints(keyword: &str, new: Option<&Value>, old: Option<&Value>) -> Vec<Value> {
    let mut hints = Vec::new();
    let number = |v: Option<&Value>| v.and_then(Value::as_f64);
    let (new, old) = (number(new), number(old));
    let whole = |x: f64| {
        if x.fract() == 0.0 && x.abs() < 9.0e15 {
            json!(x as i64)
        } else {
            json!(x)
        }
    };
    match keyword {
        "minimum" | "exclusiveMinimum" | "maximum" | "exclusiveMaximum" => {
            let below = keyword.contains("inimum");
            if let Some(n) = new {
                let step = if below { -1.0 } else { 1.0 };
                hints.push(whole(n));
                hints.push(whole(n + step));
                hints.push(json!(n + step / 2.0));
            }
            if let Some(o) = old {
                hints.push(whole(o));
            }
        }
        "minLength" | "maxLength" => {
            let length = match (keyword, new) {
                ("minLength", Some(n)) if n >= 1.0 => Some(n as usize - 1),
                ("maxLength", Some(n)) => Some(n as usize + 1),
                ("maxLength", None) => old.map(|o| o as usize),
                _ => None,
            };
            if let Some(length) = length {
                hints.push(Value::String("a".repeat(length.min(4096))));
            }
        }
        _ => {}
    }
    hints
}

impl Walker<'_> {
    fn push(
        &mut self,
        class: Class,
        kind: Kind,
        steps: &[Step],
        before: Option<Value>,
        after: Option<Value>,
    ) {
        self.push_with(class, kind, steps, before, after, Vec::new());
    }

    fn push_with(
        &mut self,
        class: Class,
        kind: Kind,
        steps: &[Step],
        before: Option<Value>,
        after: Option<Value>,
        hints: Vec<Value>,
    ) {
        self.found.push(Found {
            class,
            kind,
            steps: steps.to_vec(),
            before,
            after,
            hints,
            key: None,
        });
    }

    /// A change about the key `key` of the object at `steps`.
    fn push_key(
        &mut self,
        class: Class,
        kind: Kind,
        steps: &[Step],
        key: &str,
        after: Option<Value>,
    ) {
        self.push(class, kind, steps, None, after);
        if let Some(found) = self.found.last_mut() {
            found.key = Some(key.to_owned());
        }
    }

    /// Compares two schemas at `steps`.
    fn node(&mut self, old: &Value, new: &Value, steps: &mut Vec<Step>) {
        self.annotations(as_object(old), as_object(new), steps);
        let (old_target, old_name) = resolve(self.old_root, old);
        let (new_target, new_name) = resolve(self.new_root, new);
        if old_name.is_some() || new_name.is_some() {
            let pair = (
                old_name.clone().unwrap_or_default(),
                new_name.clone().unwrap_or_default(),
            );
            if !self.seen.insert(pair) {
                return;
            }
            // The definitions' own documentation, compared once per pair.
            if !std::ptr::eq(old_target, old) || !std::ptr::eq(new_target, new) {
                self.annotations(as_object(old_target), as_object(new_target), steps);
            }
        }
        let (old_map, new_map) = (as_object(old_target), as_object(new_target));
        let old_values = value_set(self.old_root, old_map);
        let new_values = value_set(self.new_root, new_map);
        if old_values.is_some() && new_values.is_some() {
            self.values(old_values, new_values, steps);
            self.structure(old_map, new_map, steps, true);
            return;
        }
        if is_union(old_target) || is_union(new_target) {
            self.union(old, new, steps);
            // Keywords beside two plain unions (a `type`) are compared too; a tagged union's
            // (the tag's `enum`) are its variants', and a union against a single form is
            // compared through the variant that matches it.
            let plain = |v: &Value| is_union(v) && tagged(v).is_none();
            if plain(old_target) && plain(new_target) {
                self.structure(old_map, new_map, steps, false);
            }
            return;
        }
        self.values(old_values, new_values, steps);
        self.structure(old_map, new_map, steps, false);
    }

    /// `description`, `default` and `deprecated`.
    fn annotations(&mut self, old: &Map<String, Value>, new: &Map<String, Value>, steps: &[Step]) {
        let deprecated = |m: &Map<String, Value>| m.get("deprecated") == Some(&Value::Bool(true));
        let deprecation = |m: &Map<String, Value>| {
            Some(
                m.get("deprecationMessage")
                    .cloned()
                    .unwrap_or(Value::Bool(true)),
            )
        };
        match (deprecated(old), deprecated(new)) {
            (false, true) => self.push(
                Class::Deprecation,
                Kind::DeprecationAdded,
                steps,
                None,
                deprecation(new),
            ),
            (true, false) => self.push(
                Class::Deprecation,
                Kind::DeprecationRemoved,
                steps,
                deprecation(old),
                None,
            ),
            _ => {}
        }
        if old.get("default") != new.get("default") {
            self.push(
                Class::MeaningChanged,
                Kind::DefaultChanged,
                steps,
                old.get("default").cloned(),
                new.get("default").cloned(),
            );
        }
        if old.get("description") != new.get("description") {
            self.push(
                Class::Compatible,
                Kind::DescriptionChanged,
                steps,
                old.get("description").cloned(),
                new.get("description").cloned(),
            );
        }
    }

    fn values(&mut self, old: Option<Vec<Value>>, new: Option<Vec<Value>>, steps: &[Step]) {
        match (old, new) {
            (Some(old), Some(new)) => {
                for value in old.iter().filter(|v| !new.contains(v)) {
                    self.push_with(
                        Class::Breaking,
                        Kind::ValueRemoved,
                        steps,
                        Some(value.clone()),
                        None,
                        vec![value.clone()],
                    );
                }
                for value in new.iter().filter(|v| !old.contains(v)) {
                    self.push(
                        Class::Compatible,
                        Kind::ValueAdded,
                        steps,
                        None,
                        Some(value.clone()),
                    );
                }
            }
            (None, Some(new)) => self.push(
                Class::Breaking,
                Kind::TypeNarrowed,
                steps,
                None,
                Some(json!({ "enum": new })),
            ),
            (Some(old), None) => self.push(
                Class::Compatible,
                Kind::TypeWidened,
                steps,
                Some(json!({ "enum": old })),
                None,
            ),
            (None, None) => {}
        }
    }

    fn union(&mut self, old: &Value, new: &Value, steps: &mut Vec<Step>) {
        let old_variants = variants(self.old_root, old);
        let new_variants = variants(self.new_root, new);
        let mut matched = vec![false; new_variants.len()];
        let mut unmatched_old = Vec::new();
        let mut pairs = Vec::new();
        for (i, (key, _, _, _)) in old_variants.iter().enumerate() {
            match new_variants.iter().position(|(k, _, _, _)| k == key) {
                Some(j) if !matched[j] => {
                    matched[j] = true;
                    pairs.push((i, j));
                }
                _ => unmatched_old.push(i),
            }
        }
        let unmatched_new: Vec<usize> = (0..new_variants.len()).filter(|j| !matched[*j]).collect();
        // One variant changed beyond recognition: compared as the same variant.
        if let ([i], [j]) = (unmatched_old.as_slice(), unmatched_new.as_slice()) {
            pairs.push((*i, *j));
            pairs.sort_unstable();
            unmatched_old.clear();
        } else {
            for &i in &unmatched_old {
                let (_, label, at, _) = &old_variants[i];
                steps.push(Step::Variant(Variant {
                    label: label.clone(),
                    at: at.clone(),
                }));
                let before = Some(Value::String(label.clone()));
                self.push(Class::Breaking, Kind::VariantRemoved, steps, before, None);
                steps.pop();
            }
            for &j in &unmatched_new {
                let label = &new_variants[j].1;
                self.push(
                    Class::Compatible,
                    Kind::VariantAdded,
                    steps,
                    None,
                    Some(Value::String(label.clone())),
                );
            }
        }
        let single = old_variants.len() == 1 && new_variants.len() == 1;
        for (i, j) in pairs {
            let (_, label, at, old_schema) = &old_variants[i];
            let new_schema = new_variants[j].3;
            if !single {
                steps.push(Step::Variant(Variant {
                    label: label.clone(),
                    at: at.clone(),
                }));
            }
            if matches!(at, VariantAt::Whole) && matches!(new_variants[j].2, VariantAt::Whole) {
                self.structure(as_object(old_schema), as_object(new_schema), steps, false);
            } else {
                self.node(old_schema, new_schema, steps);
            }
            if !single {
                steps.pop();
            }
        }
    }

    /// Types, bounds, patterns, objects, arrays and any other validation keyword.
    fn structure(
        &mut self,
        old: &Map<String, Value>,
        new: &Map<String, Value>,
        steps: &mut Vec<Step>,
        values_compared: bool,
    ) {
        if !values_compared {
            self.types(old, new, steps);
        }
        for keyword in BOUNDS.iter().copied() {
            let (o, n) = (old.get(keyword), new.get(keyword));
            if o == n {
                continue;
            }
            let Some((narrowed, widened, larger_narrows)) = bound(keyword) else {
                continue;
            };
            let narrows = match (o.and_then(Value::as_f64), n.and_then(Value::as_f64)) {
                (None, Some(_)) => true,
                (Some(_), None) => false,
                (Some(o), Some(n)) => (n > o) == larger_narrows,
                (None, None) => continue,
            };
            let before = o.map(|v| json!({ keyword: v }));
            let after = n.map(|v| json!({ keyword: v }));
            if narrows {
                let hints = bound_hints(keyword, n, o);
                self.push_with(Class::Breaking, narrowed, steps, before, after, hints);
            } else {
                self.push(Class::Compatible, widened, steps, before, after);
            }
        }
        match (old.get("pattern"), new.get("pattern")) {
            (o, n) if o == n => {}
            (o, Some(n)) => self.push(
                Class::Breaking,
                Kind::PatternChanged,
                steps,
                o.cloned(),
                Some(n.clone()),
            ),
            (o, None) => self.push(
                Class::Compatible,
                Kind::PatternRemoved,
                steps,
                o.cloned(),
                None,
            ),
        }
        self.object(old, new, steps);
        self.array(old, new, steps);
        self.all_of(old, new, steps);
        // Any other validation keyword: not classified, so counted as breaking.
        let unknown = |m: &Map<String, Value>| -> BTreeSet<String> {
            m.keys()
                .filter(|k| {
                    !ANNOTATIONS.contains(&k.as_str())
                        && !HANDLED.contains(&k.as_str())
                        && !BOUNDS.contains(&k.as_str())
                        && !k.starts_with("x-")
                })
                .cloned()
                .collect()
        };
        for keyword in unknown(old).union(&unknown(new)) {
            let (o, n) = (old.get(keyword), new.get(keyword));
            if o != n {
                self.push(
                    Class::Breaking,
                    Kind::Unclassified,
                    steps,
                    o.map(|v| json!({ keyword.as_str(): v })),
                    n.map(|v| json!({ keyword.as_str(): v })),
                );
            }
        }
    }

    fn types(&mut self, old: &Map<String, Value>, new: &Map<String, Value>, steps: &[Step]) {
        let composite = |m: &Map<String, Value>| {
            ["$ref", "oneOf", "anyOf", "allOf", "enum", "const"]
                .iter()
                .any(|k| m.contains_key(*k))
        };
        match (types(old), types(new)) {
            (Some(o), Some(n)) => {
                let removed: Vec<&String> = o.iter().filter(|t| !accepts(&n, t)).collect();
                let added: Vec<&String> = n.iter().filter(|t| !accepts(&o, t)).collect();
                let before = old.get("type").cloned();
                let after = new.get("type").cloned();
                if !removed.is_empty() {
                    self.push(Class::Breaking, Kind::TypeNarrowed, steps, before, after);
                } else if !added.is_empty() {
                    self.push(Class::Compatible, Kind::TypeWidened, steps, before, after);
                }
            }
            (None, Some(_)) if !composite(old) => self.push(
                Class::Breaking,
                Kind::TypeNarrowed,
                steps,
                None,
                new.get("type").cloned(),
            ),
            (Some(_), None) if !composite(new) => self.push(
                Class::Compatible,
                Kind::TypeWidened,
                steps,
                old.get("type").cloned(),
                None,
            ),
            _ => {}
        }
    }

    fn object(
        &mut self,
        old: &Map<String, Value>,
        new: &Map<String, Value>,
        steps: &mut Vec<Step>,
    ) {
        let empty = Map::new();
        let old_props = old
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let new_props = new
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let (old_required, new_required) = (required(old), required(new));
        let closed = |m: &Map<String, Value>| m.get("additionalProperties") == Some(&json!(false));
        let new_patterns = new
            .get("patternProperties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let mut removed: Vec<&String> = old_props
            .keys()
            .filter(|k| !new_props.contains_key(*k))
            .collect();
        let mut added: Vec<&String> = new_props
            .keys()
            .filter(|k| !old_props.contains_key(*k))
            .collect();
        // Renames: a key removed and one added with the same validation.
        let mut renames = Vec::new();
        removed.retain(|r| {
            let same: Vec<usize> = added
                .iter()
                .enumerate()
                .filter(|(_, a)| same_validation(&old_props[r.as_str()], &new_props[a.as_str()]))
                .map(|(i, _)| i)
                .collect();
            if let [i] = same.as_slice() {
                renames.push((*r, added.remove(*i)));
                false
            } else {
                true
            }
        });
        for (key, old_schema) in old_props {
            let Some(new_schema) = new_props.get(key) else {
                continue;
            };
            if !old_required.contains(key.as_str()) && new_required.contains(key.as_str()) {
                self.push_key(Class::Breaking, Kind::KeyMadeRequired, steps, key, None);
            } else if old_required.contains(key.as_str()) && !new_required.contains(key.as_str()) {
                self.push_key(Class::Compatible, Kind::KeyMadeOptional, steps, key, None);
            }
            steps.push(Step::Key(key.clone()));
            self.node(old_schema, new_schema, steps);
            steps.pop();
        }
        let refused = |key: &str| {
            closed(new) && !new_patterns.keys().any(|p| super::witness::matches(p, key))
        };
        for key in removed {
            steps.push(Step::Key(key.clone()));
            if refused(key) {
                self.push(
                    Class::Breaking,
                    Kind::KeyRemoved,
                    steps,
                    Some(old_props[key].clone()),
                    None,
                );
            } else if let Some(extra) = new.get("additionalProperties").filter(|v| v.is_object()) {
                self.node(&old_props[key], extra, steps);
            } else {
                self.push(
                    Class::MeaningChanged,
                    Kind::KeyIgnored,
                    steps,
                    Some(old_props[key].clone()),
                    None,
                );
            }
            steps.pop();
        }
        for (old_key, new_key) in renames {
            let class = if refused(old_key) {
                Class::Breaking
            } else {
                Class::MeaningChanged
            };
            steps.push(Step::Key(old_key.clone()));
            self.push(
                class,
                Kind::KeyRenamed,
                steps,
                Some(Value::String(old_key.clone())),
                Some(Value::String(new_key.clone())),
            );
            steps.pop();
            if new_required.contains(new_key.as_str()) && !old_required.contains(old_key.as_str()) {
                let after = Some(new_props[new_key].clone());
                self.push_key(
                    Class::Breaking,
                    Kind::RequiredKeyAdded,
                    steps,
                    new_key,
                    after,
                );
            }
        }
        for key in added {
            // A key the old object already required is not new: only its schema is declared
            // here now (members of "exactly one of these keys" do this); the enclosing object
            // declares it in both.
            if old_required.contains(key.as_str()) {
                continue;
            }
            let after = Some(new_props[key.as_str()].clone());
            if new_required.contains(key.as_str()) && !old_required.contains(key.as_str()) {
                self.push_key(Class::Breaking, Kind::RequiredKeyAdded, steps, key, after);
            } else {
                self.push_key(Class::Compatible, Kind::KeyAdded, steps, key, after);
            }
        }
        // Unknown keys.
        match (
            old.get("additionalProperties"),
            new.get("additionalProperties"),
        ) {
            (o, n) if o == n => {
                if let Some(schema) = o.filter(|v| v.is_object()) {
                    steps.push(Step::Extra);
                    self.node(schema, schema, steps);
                    steps.pop();
                }
            }
            (o, Some(Value::Bool(false))) => {
                self.push(
                    Class::Breaking,
                    Kind::ObjectClosed,
                    steps,
                    o.cloned(),
                    Some(json!(false)),
                );
            }
            (Some(Value::Bool(false)), n) => {
                self.push(
                    Class::Compatible,
                    Kind::ObjectOpened,
                    steps,
                    Some(json!(false)),
                    n.cloned(),
                );
            }
            (o, n) => {
                steps.push(Step::Extra);
                let (o, n) = (o.unwrap_or(&EMPTY), n.unwrap_or(&EMPTY));
                self.node(o, n, steps);
                steps.pop();
            }
        }
        let old_patterns = old
            .get("patternProperties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        for (pattern, old_schema) in old_patterns {
            steps.push(Step::Pattern(pattern.clone()));
            match new_patterns.get(pattern) {
                Some(new_schema) => self.node(old_schema, new_schema, steps),
                None if closed(new) => self.push(
                    Class::Breaking,
                    Kind::KeyRemoved,
                    steps,
                    Some(old_schema.clone()),
                    None,
                ),
                None => self.push(
                    Class::MeaningChanged,
                    Kind::KeyIgnored,
                    steps,
                    Some(old_schema.clone()),
                    None,
                ),
            }
            steps.pop();
        }
        for pattern in new_patterns
            .keys()
            .filter(|p| !old_patterns.contains_key(*p))
        {
            let after = Some(new_patterns[pattern.as_str()].clone());
            self.push_key(
                Class::Compatible,
                Kind::KeyAdded,
                steps,
                &format!("<{pattern}>"),
                after,
            );
        }
    }

    /// `allOf` that is not a tagged union: member by member.
    fn all_of(
        &mut self,
        old: &Map<String, Value>,
        new: &Map<String, Value>,
        steps: &mut Vec<Step>,
    ) {
        let list = |m: &Map<String, Value>| m.get("allOf").and_then(Value::as_array).cloned();
        let (o, n) = (list(old).unwrap_or_default(), list(new).unwrap_or_default());
        if o.len() != n.len() {
            self.push(
                Class::Breaking,
                Kind::Unclassified,
                steps,
                Some(json!({ "allOf": o })),
                Some(json!({ "allOf": n })),
            );
            return;
        }
        for (o, n) in o.iter().zip(&n) {
            self.node(o, n, steps);
        }
    }

    fn array(&mut self, old: &Map<String, Value>, new: &Map<String, Value>, steps: &mut Vec<Step>) {
        match (old.get("items"), new.get("items")) {
            (Some(Value::Array(o)), Some(Value::Array(n))) => {
                for (i, (o, n)) in o.iter().zip(n).enumerate() {
                    steps.push(Step::Index(i));
                    self.node(o, n, steps);
                    steps.pop();
                }
                if o.len() != n.len() {
                    self.push(
                        Class::Breaking,
                        Kind::CountNarrowed,
                        steps,
                        Some(json!({ "items": o.len() })),
                        Some(json!({ "items": n.len() })),
                    );
                }
            }
            (None, None) => {}
            (o, n) => {
                let (o, n) = (o.unwrap_or(&EMPTY), n.unwrap_or(&EMPTY));
                steps.push(Step::Item);
                self.node(o, n, steps);
                steps.pop();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_like_yaml() {
        let steps = vec![
            Step::Key("projects".into()),
            Step::Item,
            Step::Key("backends".into()),
            Step::Item,
            Step::Variant(Variant {
                label: "type=aws".into(),
                at: VariantAt::Whole,
            }),
            Step::Key("vpc_ids".into()),
        ];
        assert_eq!(render_path(&steps), "projects[].backends[type=aws].vpc_ids");
        assert_eq!(render_path(&[]), "(root)");
        assert_eq!(
            render_path(&[Step::Key("tags".into()), Step::Extra]),
            "tags.*"
        );
    }

    fn kinds(before: Value, after: Value) -> Vec<(Kind, String, Option<Value>)> {
        compare(&before, &after)
            .unwrap()
            .into_iter()
            .map(|c| (c.kind, c.path, c.after))
            .collect()
    }

    #[test]
    fn a_deprecation_message_is_shown_with_the_deprecation() {
        let before = json!({"type": "object", "properties": {"old": {"type": "string"}}});
        let after = json!({"type": "object", "properties": {"old": {
            "type": "string", "deprecated": true, "deprecationMessage": "Use `new`."}}});
        assert_eq!(
            kinds(before, after),
            [(
                Kind::DeprecationAdded,
                "old".into(),
                Some(json!("Use `new`."))
            )]
        );
    }

    #[test]
    fn pattern_properties_are_compared_by_pattern() {
        let before = json!({"type": "object", "additionalProperties": false,
            "patternProperties": {"^\\d+$": {"type": "string"}, "^x-": {}}});
        let after = json!({"type": "object", "additionalProperties": false,
            "patternProperties": {"^\\d+$": {"type": "integer"}, "^y-": {}}});
        let found = compare(&before, &after).unwrap();
        let summary: Vec<(Kind, &str)> = found.iter().map(|c| (c.kind, c.path.as_str())).collect();
        assert_eq!(
            summary,
            [
                (Kind::TypeNarrowed, "<^\\d+$>"),
                (Kind::KeyRemoved, "<^x->"),
                (Kind::KeyAdded, "<^y->"),
            ]
        );
        // Witnesses: a key matching the pattern, with a value of the old type.
        assert_eq!(found[0].witness, Some(json!({"0": ""})));
        assert_eq!(found[1].witness, Some(json!({"x-": null})));
    }

    #[test]
    fn a_shorthand_pattern_narrowed_has_a_witness_from_the_old_pattern() {
        let before = json!({"type": "string", "pattern": "^(\\d+|\\d+\\.\\.\\d+)$"});
        let after = json!({"type": "string", "pattern": "^\\d+$"});
        let found = compare(&before, &after).unwrap();
        assert_eq!(found[0].kind, Kind::PatternChanged);
        assert_eq!(found[0].witness, Some(json!("0..0")));
    }

    #[test]
    fn a_boolean_schema_means_any_or_nothing() {
        assert!(as_object(&json!(true)).is_empty());
        assert!(as_object(&json!(false)).contains_key("not"));
    }
}
