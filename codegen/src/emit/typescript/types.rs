//! TypeScript type expressions as data ([`TsType`], what the view gives the templates) and the
//! filter `ts_type` that the templates call to spell one ([`ts_type`]): parentheses where
//! precedence needs them, inline object types rendered through `typescript/object.ts.j2`. What
//! a type becomes (names, closed keys, the keys an untagged union's member excludes, the tag a
//! tagged variant requires) is decided when the tree is built, in [`super::Resolver`].
//!
//! A tree reaches the templates as an object whose attributes are read when a template asks
//! for them (`kind`, and the variant's fields below), not converted to maps up front: most are
//! only spelled, by the filter, from the Rust value.

use std::sync::Arc;

use minijinja::{Error, ErrorKind, State, Value};
use serde::Serialize;

use super::MemberView;

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
