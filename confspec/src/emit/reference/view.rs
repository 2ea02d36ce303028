//! What a style's template receives: the views of a planned directive ([`Plan::view`]) and the
//! tree of a field's type ([`type_view`]).

use std::borrow::Cow;

use serde::Serialize;
use serde_json::Value;

use super::plan::Plan;
use super::style::{Flavor, Style};
use super::text::{python_str, truthy, without_raw_html, yaml_inline};
use crate::hash::HashMap;
use crate::ir::{Shape, Struct, TypeDef, TypeRef};

#[derive(Serialize)]
pub(super) struct BlockView<'a> {
    pub(super) style: &'a str,
    pub(super) root: RootView<'a>,
    pub(super) items: Vec<ItemView<'a>>,
    pub(super) shape: ShapeView,
    /// The type of keys a struct accepts besides its fields, when they are typed.
    pub(super) extra: Option<TypeView>,
}

/// What a type is, for a directive on a type without fields.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(super) enum ShapeView {
    Struct,
    Enum {
        values: Vec<ValueView>,
    },
    Union {
        tag: Option<String>,
        variants: Vec<UnionVariantView>,
    },
    Alias {
        target: TypeView,
    },
}

#[derive(Serialize)]
pub(super) struct ValueView {
    /// The value as a YAML reader writes it (strings bare).
    pub(super) value: String,
    pub(super) description: Option<String>,
}

#[derive(Serialize)]
pub(super) struct UnionVariantView {
    pub(super) tag: Option<String>,
    #[serde(rename = "type")]
    pub(super) ty: TypeView,
    pub(super) description: Option<String>,
    /// The fields of an anonymous object variant.
    pub(super) fields: Vec<FieldView>,
}

/// A field of an anonymous object.
#[derive(Serialize)]
pub(super) struct FieldView {
    pub(super) name: String,
    #[serde(rename = "type")]
    pub(super) ty: TypeView,
    pub(super) required: bool,
    pub(super) default: Option<String>,
    pub(super) description: Option<String>,
    /// The fields of its own type, when that is an anonymous object too.
    pub(super) fields: Vec<FieldView>,
}

#[derive(Serialize)]
pub(super) struct RootView<'a> {
    pub(super) name: &'a str,
    pub(super) description: Option<Cow<'a, str>>,
    pub(super) heading: bool,
    pub(super) toc_entry: bool,
    pub(super) level: usize,
    pub(super) id: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct ItemView<'a> {
    pub(super) name: &'a str,
    pub(super) id: &'a str,
    pub(super) level: usize,
    pub(super) description: Cow<'a, str>,
    pub(super) required: bool,
    pub(super) default: Option<String>,
    #[serde(rename = "type")]
    pub(super) ty: TypeView,
    pub(super) type_text: Option<&'a str>,
    pub(super) link: Option<&'a str>,
    pub(super) tag: Option<&'a str>,
    pub(super) variants: Vec<VariantView>,
    pub(super) deprecated: bool,
    /// The deprecation's note (what to use instead), when the model gives one.
    pub(super) deprecated_note: Option<Cow<'a, str>>,
    /// The fields of the field's type, when that is an anonymous object (reader flavour).
    pub(super) fields: Vec<FieldView>,
}

#[derive(Serialize)]
pub(super) struct VariantView {
    pub(super) tag: Option<String>,
    pub(super) name: Option<String>,
    pub(super) anchor: Option<String>,
}

/// A type, for templates.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(super) enum TypeView {
    Any,
    Null,
    Boolean,
    Integer,
    Number,
    String,
    Literal {
        value: String,
    },
    Enum {
        values: Vec<String>,
    },
    Named {
        name: String,
        anchor: Option<String>,
    },
    List {
        item: Box<TypeView>,
    },
    Tuple {
        items: Vec<TypeView>,
    },
    Map {
        key: Option<Box<TypeView>>,
        value: Box<TypeView>,
    },
    Nullable {
        inner: Box<TypeView>,
    },
    Union {
        variants: Vec<TypeView>,
    },
    Object,
}

impl Plan<'_> {
    pub(super) fn view<'s>(&'s self, style: &'s Style) -> BlockView<'s> {
        let compat = style.flavor == Flavor::Compat;
        BlockView {
            style: &style.name,
            root: RootView {
                name: &self.ty.name,
                description: self.ty.description.as_deref().map(without_raw_html),
                heading: self.options.show_root_heading,
                toc_entry: self.options.show_root_toc_entry,
                level: self.root_level,
                id: self.root_id.as_deref(),
            },
            items: self
                .items
                .iter()
                .map(|item| ItemView {
                    name: &item.field.name,
                    id: &item.id,
                    level: self.item_level,
                    description: without_raw_html(&item.description),
                    required: item.required,
                    default: item.default.as_ref().and_then(|d| {
                        if compat {
                            truthy(d).then(|| python_str(d))
                        } else {
                            (!d.is_null()).then(|| yaml_inline(d))
                        }
                    }),
                    ty: type_view(&item.field.ty, !item.required, &item.anchors),
                    type_text: item.type_text,
                    link: item.link.as_deref(),
                    tag: item.union.and_then(|u| match &u.shape {
                        Shape::Union(union) => union.tag.as_deref(),
                        _ => None,
                    }),
                    variants: item
                        .union
                        .map_or_else(Vec::new, |u| variant_views(u, &item.anchors)),
                    deprecated: item.field.deprecated.is_some(),
                    deprecated_note: item
                        .field
                        .deprecated
                        .as_ref()
                        .and_then(|d| d.note.as_deref())
                        .map(without_raw_html),
                    fields: if compat {
                        Vec::new()
                    } else {
                        inline_fields(&item.field.ty, &item.anchors, 0)
                    },
                })
                .collect(),
            shape: self.shape_view(),
            extra: match &self.ty.shape {
                Shape::Struct(s) if !compat => s
                    .extra
                    .as_deref()
                    .map(|extra| type_view(extra, false, &self.anchors)),
                _ => None,
            },
        }
    }

    pub(super) fn shape_view(&self) -> ShapeView {
        match &self.ty.shape {
            Shape::Struct(_) => ShapeView::Struct,
            Shape::Enum { values } => ShapeView::Enum {
                values: values
                    .iter()
                    .zip(self.ty.value_descriptions())
                    .map(|(value, description)| ValueView {
                        value: yaml_inline(value),
                        description: description.map(|d| without_raw_html(&d).into_owned()),
                    })
                    .collect(),
            },
            Shape::Union(union) => ShapeView::Union {
                tag: union.tag.clone(),
                variants: union
                    .variants
                    .iter()
                    .map(|v| UnionVariantView {
                        tag: v.tag_value.clone(),
                        ty: type_view(&v.ty, false, &self.anchors),
                        description: v
                            .description
                            .as_deref()
                            .map(|d| without_raw_html(d).into_owned()),
                        // The tag is in the variant's label already.
                        fields: inline_fields(&v.ty, &self.anchors, 0)
                            .into_iter()
                            .filter(|f| {
                                v.tag_value.is_none() || union.tag.as_ref() != Some(&f.name)
                            })
                            .collect(),
                    })
                    .collect(),
            },
            Shape::Alias { target } => ShapeView::Alias {
                target: type_view(target, false, &self.anchors),
            },
        }
    }
}

/// The fields of an anonymous object type (through nullability and lists), nested; empty for
/// other types.
pub(super) fn inline_fields(
    ty: &TypeRef,
    anchors: &HashMap<String, String>,
    depth: usize,
) -> Vec<FieldView> {
    if depth > 16 {
        return Vec::new();
    }
    match ty {
        TypeRef::Object { shape } => field_views(shape, anchors, depth),
        TypeRef::Nullable { inner } => inline_fields(inner, anchors, depth),
        TypeRef::List { item, .. } => inline_fields(item, anchors, depth + 1),
        _ => Vec::new(),
    }
}

pub(super) fn field_views(
    shape: &Struct,
    anchors: &HashMap<String, String>,
    depth: usize,
) -> Vec<FieldView> {
    shape
        .fields
        .iter()
        .map(|f| FieldView {
            name: f.name.clone(),
            ty: type_view(&f.ty, !f.required, anchors),
            required: f.required,
            default: f.default.as_ref().filter(|d| !d.is_null()).map(yaml_inline),
            description: f
                .description
                .as_deref()
                .map(|d| without_raw_html(d).into_owned()),
            fields: inline_fields(&f.ty, anchors, depth + 1),
        })
        .collect()
}

pub(super) fn variant_views(
    union: &TypeDef,
    anchors: &HashMap<String, String>,
) -> Vec<VariantView> {
    let Shape::Union(union) = &union.shape else {
        return Vec::new();
    };
    // A variant with neither a tag nor a name (an anonymous type) has no label here: the list is
    // left out, and the union's own section (the field links to it) lists its variants.
    if union
        .variants
        .iter()
        .any(|v| v.tag_value.is_none() && v.ty.named().is_none())
    {
        return Vec::new();
    }
    union
        .variants
        .iter()
        .map(|v| {
            let name = v.ty.named().map(str::to_owned);
            VariantView {
                tag: v.tag_value.clone(),
                anchor: name.as_deref().and_then(|n| anchors.get(n).cloned()),
                name,
            }
        })
        .collect()
}

/// A type reference as a template sees it; `optional` drops a top-level `null` (an optional
/// field says so already).
pub(super) fn type_view(
    ty: &TypeRef,
    optional: bool,
    anchors: &HashMap<String, String>,
) -> TypeView {
    let inner = |t: &TypeRef| Box::new(type_view(t, false, anchors));
    match ty {
        TypeRef::Any => TypeView::Any,
        TypeRef::Null => TypeView::Null,
        TypeRef::Bool => TypeView::Boolean,
        TypeRef::Integer(_) => TypeView::Integer,
        TypeRef::Number(_) => TypeView::Number,
        TypeRef::String(_) => TypeView::String,
        TypeRef::Literal { value } => TypeView::Literal {
            value: value.to_string(),
        },
        TypeRef::Enum { values } => TypeView::Enum {
            values: values.iter().map(Value::to_string).collect(),
        },
        TypeRef::Named { name } => TypeView::Named {
            name: name.clone(),
            anchor: anchors.get(name).cloned(),
        },
        TypeRef::List { item, .. } => TypeView::List { item: inner(item) },
        TypeRef::Tuple { items } => TypeView::Tuple {
            items: items.iter().map(|t| type_view(t, false, anchors)).collect(),
        },
        TypeRef::Map { key, value } => TypeView::Map {
            key: key.as_deref().map(inner),
            value: inner(value),
        },
        TypeRef::Nullable { inner: t } if optional => type_view(t, false, anchors),
        TypeRef::Nullable { inner: t } => TypeView::Nullable { inner: inner(t) },
        TypeRef::Union { variants } => TypeView::Union {
            variants: variants
                .iter()
                .map(|t| type_view(t, false, anchors))
                .collect(),
        },
        TypeRef::Object { .. } => TypeView::Object,
    }
}
