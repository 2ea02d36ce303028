//! The comparison of objects (their properties, required keys, extra keys and patterns) and of
//! arrays (items and their bounds), the largest part of the walk.

use serde_json::{Map, Value, json};

use super::Walker;
use crate::diff::change::{Class, Kind};
use crate::diff::path::Step;
use crate::diff::read::*;

impl Walker<'_> {
    pub(super) fn object(
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
            closed(new)
                && !new_patterns
                    .keys()
                    .any(|p| crate::diff::witness::matches(p, key))
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

    pub(super) fn array(
        &mut self,
        old: &Map<String, Value>,
        new: &Map<String, Value>,
        steps: &mut Vec<Step>,
    ) {
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
