//! TypeScript type expressions as data ([`TsType`], what the view gives the templates) and the
//! filter `ts_type` that the templates call to spell one ([`ts_type`]): parentheses where
//! precedence needs them, inline object types rendered through `typescript/object.ts.j2`. What
//! a type becomes (names, closed keys, the keys an untagged union's member excludes, the tag a
//! tagged variant requires) is decided when the tree is built, in [`super::resolve::Resolver`]. The rest of the view
//! the templates read (declarations, members, doc comments and their notes) is here too: a
//! member holds a type and an object type holds members.
//!
//! A tree reaches the templates as an object whose attributes are read when a template asks
//! for them (`kind`, and the variant's fields below), not converted to maps up front: most are
//! only spelled, by the filter, from the Rust value.

use std::sync::Arc;

use minijinja::{Error, ErrorKind, State, Value};
use serde::Serialize;

use super::names::{comment_lines, number_text};
use crate::ir::NumberRules;

/// A TypeScript type (`kind` names the variant). Literal values, keys and names are text as
/// TypeScript writes them.
#[derive(Debug, Clone, PartialEq)]
pub enum TsType {
    /// `unknown`, `null`, `boolean`, `number`, `string`, `never` or `undefined` (`name`).
    Keyword { name: &'static str },
    /// A union of literal types (`"a" | 1`), without duplicates; `never` when there are none.
    Literals { values: Vec<String> },
    /// A declared type.
    Named { name: String },
    /// `item[]`.
    Array { item: Arc<TsType> },
    /// `[a, b]`.
    Tuple { items: Vec<TsType> },
    /// `Record<string, value>`, or `Partial<Record<key, value>>` for keys from a closed set.
    Record {
        key: Option<Arc<TsType>>,
        value: Arc<TsType>,
    },
    /// `inner | null`.
    Nullable { inner: Arc<TsType> },
    /// A union of the model (`A | B`, each member an intersection at least).
    Union { variants: Vec<TsType> },
    /// Alternatives written side by side (`A | B | undefined`), as an index signature admits.
    Either { types: Vec<TsType> },
    /// A tagged union's member that requires its tag: `(base & { tag: value })`.
    Tagged {
        base: Arc<TsType>,
        tag: String,
        value: String,
    },
    /// An untagged union's closed member without the other members' keys:
    /// `(base & { key?: never; ... })`.
    Excluding {
        base: Arc<TsType>,
        keys: Vec<String>,
    },
    /// An inline object type: its properties, and per exactly-one-of group the union of its
    /// arms (`{ ... } & (arm | arm)`).
    Object {
        members: Vec<MemberView>,
        groups: Vec<Vec<TsType>>,
    },
    /// One arm of an exactly-one-of group: `{ key: type; other?: never; nullable?: null; }`
    /// (`type` is its type).
    Arm {
        key: String,
        ty: Arc<TsType>,
        others: Vec<Other>,
    },
}

/// A key an exactly-one-of arm leaves out: absent, or `null` where its type admits it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Other {
    pub key: String,
    pub nullable: bool,
}

impl TsType {
    /// The variant's name, the `kind` the templates read.
    fn kind(&self) -> &'static str {
        match self {
            TsType::Keyword { .. } => "keyword",
            TsType::Literals { .. } => "literals",
            TsType::Named { .. } => "named",
            TsType::Array { .. } => "array",
            TsType::Tuple { .. } => "tuple",
            TsType::Record { .. } => "record",
            TsType::Nullable { .. } => "nullable",
            TsType::Union { .. } => "union",
            TsType::Either { .. } => "either",
            TsType::Tagged { .. } => "tagged",
            TsType::Excluding { .. } => "excluding",
            TsType::Object { .. } => "object",
            TsType::Arm { .. } => "arm",
        }
    }

    /// The attributes of the variant, `kind` first.
    fn fields(&self) -> &'static [&'static str] {
        match self {
            TsType::Keyword { .. } | TsType::Named { .. } => &["kind", "name"],
            TsType::Literals { .. } => &["kind", "values"],
            TsType::Array { .. } => &["kind", "item"],
            TsType::Tuple { .. } => &["kind", "items"],
            TsType::Record { .. } => &["kind", "key", "value"],
            TsType::Nullable { .. } => &["kind", "inner"],
            TsType::Union { .. } => &["kind", "variants"],
            TsType::Either { .. } => &["kind", "types"],
            TsType::Tagged { .. } => &["kind", "base", "tag", "value"],
            TsType::Excluding { .. } => &["kind", "base", "keys"],
            TsType::Object { .. } => &["kind", "members", "groups"],
            TsType::Arm { .. } => &["kind", "key", "type", "others"],
        }
    }

    fn field(&self, key: &str) -> Option<Value> {
        let one = |t: &Arc<TsType>| Value::from_dyn_object(Arc::clone(t));
        let all =
            |ts: &[TsType]| Value::from_iter(ts.iter().map(|t| Value::from_object(t.clone())));
        Some(match (self, key) {
            (_, "kind") => Value::from(self.kind()),
            (TsType::Keyword { name }, "name") => Value::from(*name),
            (TsType::Named { name }, "name") => Value::from(name.as_str()),
            (TsType::Literals { values }, "values") => Value::from(values.clone()),
            (TsType::Array { item }, "item") => one(item),
            (TsType::Tuple { items }, "items") => all(items),
            (TsType::Record { key, .. }, "key") => key.as_ref().map_or(Value::from(()), one),
            (TsType::Record { value, .. }, "value") => one(value),
            (TsType::Nullable { inner }, "inner") => one(inner),
            (TsType::Union { variants }, "variants") => all(variants),
            (TsType::Either { types }, "types") => all(types),
            (TsType::Tagged { base, .. } | TsType::Excluding { base, .. }, "base") => one(base),
            (TsType::Tagged { tag, .. }, "tag") => Value::from(tag.as_str()),
            (TsType::Tagged { value, .. }, "value") => Value::from(value.as_str()),
            (TsType::Excluding { keys, .. }, "keys") => Value::from(keys.clone()),
            (TsType::Object { members, .. }, "members") => {
                Value::from(minijinja::value::Serde(members))
            }
            (TsType::Object { groups, .. }, "groups") => {
                Value::from_iter(groups.iter().map(|arms| all(arms)))
            }
            (TsType::Arm { key, .. }, "key") => Value::from(key.as_str()),
            (TsType::Arm { ty, .. }, "type") => one(ty),
            (TsType::Arm { others, .. }, "others") => Value::from(minijinja::value::Serde(others)),
            _ => return None,
        })
    }
}

crate::templates::tree_object!(TsType);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Prec {
    Union,
    Intersection,
    Primary,
}

struct Ty {
    text: String,
    prec: Prec,
}

impl Ty {
    fn primary(text: impl Into<String>) -> Ty {
        Ty {
            text: text.into(),
            prec: Prec::Primary,
        }
    }

    fn at_least(self, prec: Prec) -> String {
        if self.prec < prec {
            format!("({})", self.text)
        } else {
            self.text
        }
    }
}

/// The filter `ts_type(indent, member)`: the type `ty` of the view as TypeScript, inline
/// objects indented by `indent` (their braces'); `member`: as a member of a union (in
/// parentheses when it is a union itself).
pub fn ts_type(
    state: &State,
    ty: &Value,
    indent: Option<&str>,
    member: Option<bool>,
) -> Result<String, Error> {
    let Some(ty) = ty.downcast_object_ref::<TsType>() else {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("ts_type: not a type of the view: {ty}"),
        ));
    };
    let ty = ty.print(state, indent.unwrap_or(""))?;
    Ok(if member.unwrap_or(false) {
        ty.at_least(Prec::Intersection)
    } else {
        ty.text
    })
}

impl TsType {
    fn print(&self, state: &State, indent: &str) -> Result<Ty, Error> {
        let texts = |ts: &[TsType]| -> Result<Vec<String>, Error> {
            ts.iter()
                .map(|t| Ok(t.print(state, indent)?.text))
                .collect()
        };
        Ok(match self {
            TsType::Keyword { name } => Ty::primary(*name),
            TsType::Named { name } => Ty::primary(name.as_str()),
            TsType::Literals { values } => match values.as_slice() {
                [] => Ty::primary("never"),
                [one] => Ty::primary(one.as_str()),
                _ => Ty {
                    text: values.join(" | "),
                    prec: Prec::Union,
                },
            },
            TsType::Array { item } => Ty::primary(format!(
                "{}[]",
                item.print(state, indent)?.at_least(Prec::Primary)
            )),
            TsType::Tuple { items } => Ty::primary(format!("[{}]", texts(items)?.join(", "))),
            TsType::Record { key, value } => {
                let value = value.print(state, indent)?.text;
                match key {
                    Some(key) => Ty::primary(format!(
                        "Partial<Record<{}, {value}>>",
                        key.print(state, indent)?.text
                    )),
                    None => Ty::primary(format!("Record<string, {value}>")),
                }
            }
            TsType::Nullable { inner } => Ty {
                text: format!("{} | null", inner.print(state, indent)?.text),
                prec: Prec::Union,
            },
            TsType::Union { variants } => {
                let variants = variants
                    .iter()
                    .map(|t| Ok(t.print(state, indent)?.at_least(Prec::Intersection)))
                    .collect::<Result<Vec<_>, Error>>()?;
                match variants.len() {
                    0 => Ty::primary("never"),
                    1 => Ty {
                        text: variants.join(""),
                        prec: Prec::Intersection,
                    },
                    _ => Ty {
                        text: variants.join(" | "),
                        prec: Prec::Union,
                    },
                }
            }
            TsType::Either { types } => Ty {
                text: texts(types)?.join(" | "),
                prec: Prec::Union,
            },
            TsType::Tagged { base, tag, value } => Ty::primary(format!(
                "({} & {{ {tag}: {value} }})",
                base.print(state, indent)?.at_least(Prec::Intersection)
            )),
            TsType::Excluding { base, keys } => Ty::primary(format!(
                "({} & {{ {} }})",
                base.print(state, indent)?.at_least(Prec::Intersection),
                keys.iter()
                    .map(|k| format!("{k}?: never;"))
                    .collect::<Vec<_>>()
                    .join(" ")
            )),
            TsType::Object { members, groups } => {
                let body = state
                    .env()
                    .get_template("typescript/object.ts.j2")?
                    .render(minijinja::context! {
                        members => Value::from(minijinja::value::Serde(members)),
                        indent => indent,
                    })?;
                let body = body.trim_end_matches('\n').to_owned();
                if groups.is_empty() {
                    return Ok(Ty::primary(body));
                }
                let mut parts = vec![body];
                for arms in groups {
                    parts.push(format!("({})", texts(arms)?.join(" | ")));
                }
                Ty {
                    text: parts.join(" & "),
                    prec: Prec::Intersection,
                }
            }
            TsType::Arm { key, ty, others } => {
                let mut keys = vec![format!("{key}: {};", ty.print(state, indent)?.text)];
                for other in others {
                    keys.push(format!(
                        "{}?: {};",
                        other.key,
                        if other.nullable { "null" } else { "never" }
                    ));
                }
                Ty::primary(format!("{{ {} }}", keys.join(" ")))
            }
        })
    }
}

/// What a doc comment says, as data: `templates/typescript/macros.j2` lays it out (the
/// description, a paragraph per note, then the tags). The description arrives as comment-safe
/// lines; the sentences the templates write around the notes' values and tags' texts are made
/// comment-safe there, with the filters `ts_comment_lines` and `ts_comment`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DocView {
    /// The description's lines, comment-safe ([`comment_lines`]).
    pub lines: Vec<String>,
    /// What the type cannot say, in order.
    pub notes: Vec<NoteView>,
    /// `@default`: the default as JSON text (not for `null`).
    pub default: Option<String>,
    /// `@deprecated`.
    pub deprecated: bool,
    /// The deprecation's note (what replaces it), when the model gives one.
    pub deprecation_note: Option<String>,
}

impl DocView {
    pub(super) fn new(description: Option<&str>, notes: Vec<NoteView>) -> DocView {
        DocView {
            lines: comment_lines(description),
            notes,
            ..DocView::default()
        }
    }
}

/// A note of a doc comment: what it is about (`at`, from the outside in: an empty path is
/// the type itself) and what it says (`kind` and its values).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteView {
    /// The path to the part of the type the note is about.
    pub at: Vec<Step>,
    /// What the note says.
    #[serde(flatten)]
    pub note: Note,
}

/// A step into a type (`kind`): each item of a list, an item of a tuple (from 1), the keys or
/// each value of a map.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Step {
    Item,
    TupleItem { index: usize },
    Keys,
    Value,
}

/// What a note says (`kind`); numbers are text as the note writes them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Note {
    /// An integer, with its bounds.
    Integer { bounds: Bounds },
    /// An integer that may lie outside what a JavaScript `number` holds exactly.
    UnsafeInteger,
    /// A number with bounds.
    Number { bounds: Bounds },
    /// A string with lengths, a pattern or a format.
    String {
        min_length: Option<u64>,
        max_length: Option<u64>,
        pattern: Option<String>,
        format: Option<String>,
    },
    /// A list with item counts or without duplicates.
    List {
        min_items: Option<u64>,
        max_items: Option<u64>,
        unique: bool,
    },
    /// A type renamed from the model's name.
    Renamed { model_name: String },
    /// A group of keys of which exactly one must be set.
    ExactlyOneOf { keys: Vec<String> },
    /// An index signature for any other key.
    OtherKeys,
    /// An index signature for other keys of a type (`type`), which also admits the declared
    /// keys' types.
    OtherKeysTyped {
        #[serde(rename = "type")]
        ty: TsType,
    },
    /// An index signature for the unknown keys the model ignores.
    IgnoredKeys,
    /// An index signature that admits no key.
    NoKeys,
}

/// The bounds of a number, each as text (`9`, `0.5`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Bounds {
    /// schemars' format (`uint16`).
    pub format: Option<String>,
    pub minimum: Option<String>,
    pub maximum: Option<String>,
    pub exclusive_minimum: Option<String>,
    pub exclusive_maximum: Option<String>,
    pub multiple_of: Option<String>,
}

impl Bounds {
    pub(super) fn of(rules: &NumberRules) -> Bounds {
        let text = |n: Option<f64>| n.map(number_text);
        Bounds {
            format: rules.format.clone(),
            minimum: text(rules.minimum),
            maximum: text(rules.maximum),
            exclusive_minimum: text(rules.exclusive_minimum),
            exclusive_maximum: text(rules.exclusive_maximum),
            multiple_of: text(rules.multiple_of),
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        *self == Bounds::default()
    }
}

pub(super) fn note(note: Note) -> NoteView {
    NoteView {
        at: Vec::new(),
        note,
    }
}

/// One property (or index signature) of an object type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberView {
    /// The key as written (`name`, `"x-key"`, `[key: string]`).
    pub key: String,
    /// Whether the key may be omitted (`?:`).
    pub optional: bool,
    /// Whether the property is read-only.
    pub readonly: bool,
    /// The type.
    #[serde(rename = "type")]
    pub ty: TsType,
    /// The doc comment's parts, as [`DocView`] has them (so that the `doc` macro takes a
    /// member too): the description's comment-safe lines, notes and tags.
    pub lines: Vec<String>,
    pub notes: Vec<NoteView>,
    pub default: Option<String>,
    pub deprecated: bool,
    pub deprecation_note: Option<String>,
}

impl MemberView {
    pub(super) fn new(key: String, ty: TsType, doc: DocView) -> MemberView {
        MemberView {
            key,
            optional: false,
            readonly: false,
            ty,
            lines: doc.lines,
            notes: doc.notes,
            default: doc.default,
            deprecated: doc.deprecated,
            deprecation_note: doc.deprecation_note,
        }
    }
}

/// One member of a union type alias.
#[derive(Debug, Clone, Serialize)]
pub struct VariantView {
    /// The type (without the parentheses a union member needs: `ts_type(indent, true)`).
    #[serde(rename = "type")]
    pub ty: TsType,
    /// The doc comment.
    pub doc: DocView,
}

/// One exported declaration.
#[derive(Debug, Clone, Serialize)]
pub struct DeclarationView {
    /// The TypeScript name.
    pub name: String,
    /// The model's name.
    pub model_name: String,
    /// The doc comment.
    pub doc: DocView,
    /// `interface`, `object` (an object type with exactly-one-of groups), `union` or `alias`.
    pub kind: &'static str,
    /// Properties (`interface`, `object`).
    pub members: Vec<MemberView>,
    /// The unions of allowed key combinations, one per exactly-one-of group (`object`): its
    /// arms.
    pub groups: Vec<Vec<TsType>>,
    /// Members (`union`).
    pub variants: Vec<VariantView>,
    /// The aliased type (`alias`).
    pub target: TsType,
}
