//! Deprecated keys of an example: the YAML tree is walked beside the IR from the block's root
//! type, and every key whose field is deprecated (and every value of a deprecated type or
//! variant) is reported, at its position, with what replaces it. A warning, never a failure:
//! the model still loads the example.
//!
//! The walk follows what the IR can tell without loading: a struct's fields by key, a tagged
//! union's variant by its tag, an externally tagged variant by its key, an untagged union's
//! first object variant that declares every key of the mapping; lists, maps and nullable
//! values by their item types.

use confspec_load::{Node, Pos, Segment, Value};

use crate::ir::{Model, Shape, Struct, TypeRef, Union, Variant};

/// A deprecated key or value of an example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Where the key (or the value) starts, in the block.
    pub pos: Pos,
    /// Its YAML path.
    pub path: Vec<Segment>,
    /// The deprecation, with what replaces it.
    pub message: String,
}

/// Every deprecated key or value of `node`, read as the model type `root`, in document order.
pub fn find(model: &Model, root: &str, node: &Node) -> Vec<Found> {
    let mut walk = Walk {
        model,
        path: Vec::new(),
        found: Vec::new(),
        depth: 0,
    };
    walk.named(root, node);
    walk.found.sort_by_key(|f| f.pos);
    walk.found
}

/// Deeper than the loader's nesting limit: a recursive type with a YAML alias cycle cannot
/// loop (the loader refuses both first, but the walk must not depend on it).
const MAX_DEPTH: usize = 128;

struct Walk<'a> {
    model: &'a Model,
    path: Vec<Segment>,
    found: Vec<Found>,
    depth: usize,
}

impl<'a> Walk<'a> {
    fn report(&mut self, pos: Pos, message: String) {
        self.found.push(Found {
            pos,
            path: self.path.clone(),
            message,
        });
    }

    fn named(&mut self, name: &str, node: &Node) {
        let Some(ty) = self.model.get(name) else {
            return;
        };
        if let Some(deprecation) = &ty.deprecated {
            self.report(node.pos, deprecation.message(name));
        }
        match &ty.shape {
            Shape::Struct(s) => self.object(s, node),
            Shape::Union(u) => self.union(u, node),
            Shape::Alias { target } => self.type_ref(target, node),
            Shape::Enum { .. } => {}
        }
    }

    fn type_ref(&mut self, ty: &'a TypeRef, node: &Node) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        self.depth += 1;
        match (ty, &node.value) {
            (TypeRef::Named { name }, _) => self.named(name, node),
            (TypeRef::Nullable { inner }, _) => self.type_ref(inner, node),
            (TypeRef::Object { shape }, _) => self.object(shape, node),
            (TypeRef::List { item, .. }, Value::Seq(items)) => {
                for (index, child) in items.iter().enumerate() {
                    self.path.push(Segment::Index(index));
                    self.type_ref(item, child);
                    self.path.pop();
                }
            }
            (TypeRef::Tuple { items }, Value::Seq(children)) => {
                for (index, (item, child)) in items.iter().zip(children).enumerate() {
                    self.path.push(Segment::Index(index));
                    self.type_ref(item, child);
                    self.path.pop();
                }
            }
            (TypeRef::Map { value, .. }, Value::Map(entries)) => {
                for (key, child) in entries {
                    self.path.push(Segment::Key(key.name.clone()));
                    self.type_ref(value, child);
                    self.path.pop();
                }
            }
            (TypeRef::Union { variants }, Value::Map(entries)) => {
                if let Some(variant) = variants
                    .iter()
                    .find(|v| declares_all(self.model, v, entries))
                {
                    self.type_ref(variant, node);
                }
            }
            _ => {}
        }
        self.depth -= 1;
    }

    fn object(&mut self, s: &'a Struct, node: &Node) {
        let Value::Map(entries) = &node.value else {
            return;
        };
        for (key, child) in entries {
            self.path.push(Segment::Key(key.name.clone()));
            match s.fields.iter().find(|f| f.name == key.name) {
                Some(field) => {
                    if let Some(deprecation) = &field.deprecated {
                        self.report(key.pos, deprecation.message(&field.name));
                    }
                    self.type_ref(&field.ty, child);
                }
                None => {
                    if let Some(extra) = &s.extra {
                        self.type_ref(extra, child);
                    }
                }
            }
            self.path.pop();
        }
    }

    fn union(&mut self, u: &'a Union, node: &Node) {
        let chosen = match (&u.tag, &node.value) {
            (Some(tag), _) => node
                .get(tag)
                .and_then(|value| match &value.value {
                    Value::Str(text) => Some((text, value.pos)),
                    _ => None,
                })
                .and_then(|(text, pos)| {
                    let variant = u
                        .variants
                        .iter()
                        .find(|v| v.tag_value.as_deref() == Some(text))?;
                    Some((variant, pos))
                }),
            (None, Value::Map(entries)) => u
                .variants
                .iter()
                .find(|v| declares_all(self.model, &v.ty, entries))
                .map(|v| (v, node.pos)),
            (None, Value::Str(text)) => u
                .variants
                .iter()
                .find(|v| matches!(&v.ty, TypeRef::Literal { value } if value == text.as_str()))
                .map(|v| (v, node.pos)),
            _ => None,
        };
        let Some((variant, pos)) = chosen else {
            return;
        };
        self.variant(variant, pos, node);
    }

    fn variant(&mut self, variant: &'a Variant, pos: Pos, node: &Node) {
        if let Some(deprecation) = &variant.deprecated {
            let name = variant
                .tag_value
                .clone()
                .or_else(|| variant.ty.named().map(str::to_owned))
                .unwrap_or_else(|| "this variant".to_owned());
            self.report(pos, deprecation.message(&name));
        }
        self.type_ref(&variant.ty, node);
    }
}

/// Whether the object type `ty` (named or inline) declares every key of `entries`.
fn declares_all(model: &Model, ty: &TypeRef, entries: &[(confspec_load::Key, Node)]) -> bool {
    let fields = match ty.non_null() {
        TypeRef::Object { shape } => &shape.fields,
        TypeRef::Named { name } => match model.get(name).map(|t| &t.shape) {
            Some(Shape::Struct(s)) => &s.fields,
            _ => return false,
        },
        _ => return false,
    };
    entries
        .iter()
        .all(|(key, _)| fields.iter().any(|f| f.name == key.name))
}
