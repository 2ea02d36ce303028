//! A key of another kind: when a key is unknown to the variant its mapping's tag selects, but
//! other variants of the same union declare it (`commands` in a block that says
//! `type: dev-environment`, a key of tasks and services), the failure's hint names those kinds:
//! the mistake is more likely the tag than the key.
//!
//! The IR is followed from the block's root type along the failure's YAML path, beside the
//! block's own tree (a tagged union's variant by its tag, a list's items, a map's values, a
//! struct's fields).

use confspec_load::{Node, Value};

use crate::ir::{Model, Shape, Struct, TypeRef, Union};

/// The hint for an unknown key at `path` (as the loader renders it: `a[0].b`) of the block
/// `node`, read as `root`; `None` when no other kind declares the key.
pub fn hint(model: &Model, root: &str, node: &Node, path: &str) -> Option<String> {
    let segments = parse_path(path)?;
    let (Segment::Key(key), parents) = segments.split_last()? else {
        return None;
    };
    let mut ty = TypeRef::Named {
        name: root.to_owned(),
    };
    let mut node = node;
    for segment in parents {
        let (next_ty, next_node) = step(model, &ty, node, segment)?;
        ty = next_ty;
        node = next_node;
    }
    let union = tagged_union(model, &ty)?;
    let tag = union.tag.as_deref()?;
    let Value::Str(chosen) = &node.get(tag)?.value else {
        return None;
    };
    let kinds: Vec<String> = union
        .variants
        .iter()
        .filter(|v| v.tag_value.as_deref() != Some(chosen.as_str()))
        .filter(|v| {
            struct_of(model, &v.ty).is_some_and(|s| s.fields.iter().any(|f| &f.name == key))
        })
        .filter_map(|v| v.tag_value.clone())
        .collect();
    if kinds.is_empty() {
        return None;
    }
    let listed: Vec<String> = kinds.iter().map(|k| format!("`{tag}: {k}`")).collect();
    Some(format!(
        "`{key}` is a key of {}, not of `{tag}: {chosen}`: is the `{tag}` right?",
        listed.join(", ")
    ))
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

/// `a[0].b` as segments (`None` for a path it cannot read).
fn parse_path(path: &str) -> Option<Vec<Segment>> {
    let mut segments = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            segments.push(Segment::Key(key.to_owned()));
        }
        while !rest.is_empty() {
            let (index, after) = rest.split_once(']')?;
            segments.push(Segment::Index(index.parse().ok()?));
            rest = after.strip_prefix('[').unwrap_or(after);
        }
    }
    (!segments.is_empty()).then_some(segments)
}

/// One step down the path: the type and the node of `segment` inside `node`, of type `ty`.
fn step<'n>(
    model: &Model,
    ty: &TypeRef,
    node: &'n Node,
    segment: &Segment,
) -> Option<(TypeRef, &'n Node)> {
    let ty = resolve(model, ty, node, 0)?;
    match (segment, &ty, &node.value) {
        (Segment::Index(i), TypeRef::List { item, .. }, Value::Seq(items)) => {
            Some(((**item).clone(), items.get(*i)?))
        }
        (Segment::Key(key), TypeRef::Map { value, .. }, _) => {
            Some(((**value).clone(), node.get(key)?))
        }
        (Segment::Key(key), _, _) => {
            let field = struct_of(model, &ty)?
                .fields
                .iter()
                .find(|f| &f.name == key)?;
            Some((field.ty.clone(), node.get(key)?))
        }
        _ => None,
    }
}

/// `ty` through names, nullability, aliases and unions (a tagged union's variant by the node's
/// tag; another union's first variant that is a struct declaring every key of the node), down
/// to a struct, a list or a map.
fn resolve(model: &Model, ty: &TypeRef, node: &Node, depth: usize) -> Option<TypeRef> {
    if depth > 32 {
        return None;
    }
    match ty {
        TypeRef::Nullable { inner } => resolve(model, inner, node, depth + 1),
        TypeRef::Named { name } => match &model.get(name)?.shape {
            Shape::Struct(_) => Some(ty.clone()),
            Shape::Alias { target } => resolve(model, target, node, depth + 1),
            Shape::Union(u) => {
                let variant = match &u.tag {
                    Some(tag) => {
                        let Value::Str(value) = &node.get(tag)?.value else {
                            return None;
                        };
                        &u.variants
                            .iter()
                            .find(|v| v.tag_value.as_ref() == Some(value))?
                            .ty
                    }
                    None => {
                        &u.variants
                            .iter()
                            .find(|v| declares_all(model, &v.ty, node))?
                            .ty
                    }
                };
                resolve(model, variant, node, depth + 1)
            }
            Shape::Enum { .. } => None,
        },
        TypeRef::Union { variants } => {
            let variant = variants.iter().find(|v| declares_all(model, v, node))?;
            resolve(model, variant, node, depth + 1)
        }
        TypeRef::Object { .. } | TypeRef::List { .. } | TypeRef::Map { .. } => Some(ty.clone()),
        _ => None,
    }
}

/// The union selected by a tag that `ty` names (through nullability and aliases).
fn tagged_union<'m>(model: &'m Model, ty: &TypeRef) -> Option<&'m Union> {
    match &model.get(ty.named()?)?.shape {
        Shape::Union(u) if u.tag.is_some() => Some(u),
        Shape::Alias { target } => tagged_union(model, target),
        _ => None,
    }
}

fn struct_of<'a>(model: &'a Model, ty: &'a TypeRef) -> Option<&'a Struct> {
    match ty.non_null() {
        TypeRef::Object { shape } => Some(shape),
        TypeRef::Named { name } => model.struct_of(name),
        _ => None,
    }
}

/// Whether `ty` is a struct declaring every key of the mapping `node`.
fn declares_all(model: &Model, ty: &TypeRef, node: &Node) -> bool {
    let (Some(s), Value::Map(entries)) = (struct_of(model, ty), &node.value) else {
        return false;
    };
    entries
        .iter()
        .all(|(key, _)| s.fields.iter().any(|f| f.name == key.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_paths() {
        assert_eq!(
            parse_path("projects[0].backends[12].creds"),
            Some(vec![
                Segment::Key("projects".into()),
                Segment::Index(0),
                Segment::Key("backends".into()),
                Segment::Index(12),
                Segment::Key("creds".into()),
            ])
        );
        assert_eq!(parse_path("a[x]"), None);
        assert_eq!(parse_path(""), None);
    }
}
