//! Walking the type references of a shape, through anonymous types.

use super::types::*;

/// Calls `f` on every type reference of a shape, recursively through anonymous types.
pub fn visit_shape(shape: &Shape, f: &mut dyn FnMut(&TypeRef)) {
    match shape {
        Shape::Struct(s) => visit_struct(s, f),
        Shape::Union(u) => u.variants.iter().for_each(|v| visit_ref(&v.ty, f)),
        Shape::Enum { .. } => {}
        Shape::Alias { target } => visit_ref(target, f),
    }
}

fn visit_struct(s: &Struct, f: &mut dyn FnMut(&TypeRef)) {
    for field in &s.fields {
        visit_ref(&field.ty, f);
    }
    if let Some(extra) = &s.extra {
        visit_ref(extra, f);
    }
}

/// Calls `f` on `r` and every reference inside it.
pub fn visit_ref(r: &TypeRef, f: &mut dyn FnMut(&TypeRef)) {
    f(r);
    match r {
        TypeRef::List { item, .. } => visit_ref(item, f),
        TypeRef::Tuple { items } => items.iter().for_each(|i| visit_ref(i, f)),
        TypeRef::Map { key, value } => {
            if let Some(key) = key {
                visit_ref(key, f);
            }
            visit_ref(value, f);
        }
        TypeRef::Nullable { inner } => visit_ref(inner, f),
        TypeRef::Union { variants } => variants.iter().for_each(|v| visit_ref(v, f)),
        TypeRef::Object { shape } => visit_struct(shape, f),
        _ => {}
    }
}
