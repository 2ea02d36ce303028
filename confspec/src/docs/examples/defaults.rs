//! Which keys the model may add on the way back: a value filled from a default that equals the
//! default the schema documents for the field (serde `default`, `default = "fn"`, a container
//! `default`), or `null` for an optional field that accepts it (an `Option` left `None`).
//! Omitting such a key in an example is not a round-trip failure; writing a key the model then
//! changes still is.

use confspec_load::Segment;
use serde_json::Value as Json;

use crate::ir::{Field, Model, Shape, Struct, TypeRef};

/// The fields of `root` at every object of a value, found by walking the IR along the value
/// the model wrote back (tagged unions by their tag, untagged ones by the first variant that
/// has the key).
pub struct Defaults<'a> {
    model: &'a Model,
    root: &'a str,
    back: &'a Json,
}

impl<'a> Defaults<'a> {
    /// Defaults of `back`, a value of the model type `root`.
    pub fn new(model: &'a Model, root: &'a str, back: &'a Json) -> Defaults<'a> {
        Defaults { model, root, back }
    }

    /// Whether the key at the end of `path`, absent from the example, holds what the model
    /// fills in when it is omitted: `value` is its documented default, or `null` for an
    /// optional field that accepts `null`.
    pub fn is_default(&self, path: &[Segment], value: &Json) -> bool {
        let Some((Segment::Key(key), object_path)) = path.split_last() else {
            return false;
        };
        let Some(field) = self.field(object_path, key) else {
            return false;
        };
        if field.required {
            return false;
        }
        match &field.default {
            Some(default) => super::diff::differences(default, value, &|_, _| false).is_empty(),
            None => value.is_null() && field.ty.is_nullable(),
        }
    }

    /// The field `key` of the object at `object_path` of the value.
    fn field(&self, object_path: &[Segment], key: &str) -> Option<&'a Field> {
        // `None`: the root type.
        let mut ty: Option<&'a TypeRef> = None;
        let mut json = self.back;
        for segment in object_path {
            let (next, inner) = self.descend(ty, json, segment)?;
            ty = Some(next);
            json = inner;
        }
        self.structs_at(ty, json)
            .into_iter()
            .find_map(|s| s.fields.iter().find(|f| f.name == key))
    }

    fn structs_at(&self, ty: Option<&'a TypeRef>, json: &Json) -> Vec<&'a Struct> {
        match ty {
            Some(ty) => self.structs(ty, json, 0),
            None => self.named(self.root, json, 0),
        }
    }

    /// The type and value one segment down.
    fn descend(
        &self,
        ty: Option<&'a TypeRef>,
        json: &'a Json,
        segment: &Segment,
    ) -> Option<(&'a TypeRef, &'a Json)> {
        match segment {
            Segment::Key(key) => {
                let inner = json.get(key.as_str())?;
                let structs = self.structs_at(ty, json);
                if let Some(field) = structs
                    .iter()
                    .find_map(|s| s.fields.iter().find(|f| &f.name == key))
                {
                    return Some((&field.ty, inner));
                }
                if let Some(extra) = structs.iter().find_map(|s| s.extra.as_deref()) {
                    return Some((extra, inner));
                }
                match self.resolve(ty?, 0)? {
                    TypeRef::Map { value, .. } => Some((value, inner)),
                    _ => None,
                }
            }
            Segment::Index(index) => {
                let inner = json.get(*index)?;
                match self.resolve(ty?, 0)? {
                    TypeRef::List { item, .. } => Some((item, inner)),
                    TypeRef::Tuple { items } => Some((items.get(*index)?, inner)),
                    _ => None,
                }
            }
        }
    }

    /// `ty` through names that alias another type and through nullability.
    fn resolve(&self, ty: &'a TypeRef, depth: usize) -> Option<&'a TypeRef> {
        if depth > MAX_DEPTH {
            return None;
        }
        match ty {
            TypeRef::Nullable { inner } => self.resolve(inner, depth + 1),
            TypeRef::Named { name } => match &self.model.get(name)?.shape {
                Shape::Alias { target } => self.resolve(target, depth + 1),
                _ => Some(ty),
            },
            _ => Some(ty),
        }
    }

    /// The object shapes `ty` can be for `json`: a struct, the variant a tag selects, or every
    /// variant of an untagged union (in order).
    fn structs(&self, ty: &'a TypeRef, json: &Json, depth: usize) -> Vec<&'a Struct> {
        if depth > MAX_DEPTH {
            return Vec::new();
        }
        match ty {
            TypeRef::Nullable { inner } => self.structs(inner, json, depth + 1),
            TypeRef::Object { shape } => vec![shape],
            TypeRef::Union { variants } => variants
                .iter()
                .flat_map(|v| self.structs(v, json, depth + 1))
                .collect(),
            TypeRef::Named { name } => self.named(name, json, depth + 1),
            _ => Vec::new(),
        }
    }

    fn named(&self, name: &str, json: &Json, depth: usize) -> Vec<&'a Struct> {
        let Some(def) = self.model.get(name) else {
            return Vec::new();
        };
        match &def.shape {
            Shape::Struct(shape) => vec![shape],
            Shape::Alias { target } => self.structs(target, json, depth + 1),
            Shape::Union(union) => {
                let tagged = union.tag.as_ref().and_then(|tag| {
                    let value = json.get(tag.as_str())?.as_str()?;
                    union
                        .variants
                        .iter()
                        .find(|v| v.tag_value.as_deref() == Some(value))
                });
                match tagged {
                    Some(variant) => self.structs(&variant.ty, json, depth + 1),
                    None => union
                        .variants
                        .iter()
                        .flat_map(|v| self.structs(&v.ty, json, depth + 1))
                        .collect(),
                }
            }
            Shape::Enum { .. } => Vec::new(),
        }
    }
}

/// How deep aliases and nested unions are followed (a model's types refer to each other).
const MAX_DEPTH: usize = 64;

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use serde_json::json;

    use super::*;

    fn model() -> Model {
        let defs = vec![
            (
                "App".to_owned(),
                json!({"type": "object", "required": ["name"], "properties": {
                    "name": {"type": "string"},
                    "port": {"type": "integer", "default": 8080},
                    "note": {"type": ["string", "null"]},
                    "db": {"$ref": "#/definitions/Db"},
                    "backends": {"type": "array", "items": {"$ref": "#/definitions/Backend"}},
                    "labels": {"type": "object", "additionalProperties": {"$ref": "#/definitions/Db"}}
                }}),
            ),
            (
                "Db".to_owned(),
                json!({"type": "object", "properties": {"pool": {"type": "integer", "default": 4}}}),
            ),
            (
                "Backend".to_owned(),
                json!({"oneOf": [
                    {"type": "object", "required": ["type"], "properties": {
                        "type": {"type": "string", "const": "aws"},
                        "region": {"type": "string", "default": "eu"}}},
                    {"type": "object", "required": ["type"], "properties": {
                        "type": {"type": "string", "const": "gcp"},
                        "zone": {"type": "string", "default": "a"}}}
                ]}),
            ),
        ];
        Model::from_definitions(&defs, &HashMap::new()).expect("the model builds")
    }

    fn key(path: &[&str]) -> Vec<Segment> {
        path.iter()
            .map(|p| match p.parse() {
                Ok(index) => Segment::Index(index),
                Err(_) => Segment::Key((*p).to_owned()),
            })
            .collect()
    }

    #[test]
    fn only_the_documented_default_or_an_optional_null_is_omittable() {
        let model = model();
        let back = json!({"name": "x", "port": 8080, "note": null, "db": {"pool": 4},
            "backends": [{"type": "aws", "region": "eu"}, {"type": "gcp", "zone": "a"}],
            "labels": {"a": {"pool": 4}}});
        let defaults = Defaults::new(&model, "App", &back);
        let is = |path: &[&str], value: Json| defaults.is_default(&key(path), &value);
        assert!(is(&["port"], json!(8080)));
        assert!(!is(&["port"], json!(80)), "another value than the default");
        assert!(
            !is(&["port"], json!(8080.0)),
            "a float is not the integer default"
        );
        assert!(!is(&["name"], json!("x")), "a required key");
        assert!(is(&["note"], json!(null)), "an optional field left None");
        assert!(!is(&["note"], json!("n")));
        assert!(is(&["db", "pool"], json!(4)), "in a nested struct");
        assert!(
            is(&["backends", "0", "region"], json!("eu")),
            "in the variant the tag selects"
        );
        assert!(is(&["backends", "1", "zone"], json!("a")));
        assert!(
            !is(&["backends", "0", "zone"], json!("a")),
            "not a field of that variant"
        );
        assert!(
            is(&["labels", "a", "pool"], json!(4)),
            "under a map's value type"
        );
        assert!(!is(&["unknown"], json!(1)));
    }
}
