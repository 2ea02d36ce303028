//! Walks two draft-07 schema documents side by side and classifies each difference.
//!
//! The walk starts at both roots and follows `$ref`s into `definitions`; a pair of definitions
//! is compared once, at the first path that reaches it (paths are visited in document order), so
//! a type used in many places is reported once. Union variants are matched by what identifies
//! them (a tag value, a definition name, a single key, a type), object keys by name.

use std::collections::{BTreeSet, HashSet};

use serde_json::{Map, Value, json};

use super::change::{Change, Class, Kind, SchemaError};
use super::path::{Step, Variant, VariantAt, render_path};
use super::read::*;
use super::witness::Witnesses;

mod objects;

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

pub(super) struct Walker<'a> {
    old_root: &'a Value,
    new_root: &'a Value,
    /// Pairs of definitions already compared (`None` for a schema that is not a definition).
    seen: HashSet<(String, String)>,
    found: Vec<Found>,
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
