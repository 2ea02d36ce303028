//! Reading YAML text into a [`Node`] tree with serde-saphyr: syntax errors, limits, duplicate keys.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Visitor};
use serde_saphyr::Spanned;

use super::error::{ErrorKind, LoadError};
use super::node::{Key, Node, Pos, Segment, Value, render_path};

/// Limits that keep hostile input bounded.
const MAX_DEPTH: usize = 256;

/// Parses YAML text into a [`Node`] tree. Duplicate keys, YAML syntax errors, nesting deeper than
/// 256 levels and alias expansions past serde-saphyr's budget are errors.
///
/// A duplicate key is reported at its second occurrence, with its YAML path
/// (`projects[0].name`) and, as the hint, where the key was first given.
pub fn parse(text: &str) -> Result<Node, LoadError> {
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    // Duplicates reach the tree and are found below, where their YAML path is known.
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::PassThrough;
    let raw: Result<Spanned<RawValue>, _> = serde_saphyr::from_str_with_options(text, options);
    let node = match raw {
        Ok(spanned) => convert(spanned),
        Err(err) => return Err(syntax_error(&err)),
    };
    match first_duplicate(&node) {
        Some(err) => Err(err),
        None => Ok(node),
    }
}

/// The duplicate key that comes first in the text, if any.
fn first_duplicate(root: &Node) -> Option<LoadError> {
    fn walk(node: &Node, path: &mut Vec<Segment>, found: &mut Option<(Pos, Pos, Vec<Segment>)>) {
        match &node.value {
            Value::Seq(items) => {
                for (index, item) in items.iter().enumerate() {
                    path.push(Segment::Index(index));
                    walk(item, path, found);
                    path.pop();
                }
            }
            Value::Map(entries) => {
                let mut seen: std::collections::HashMap<&str, Pos> =
                    std::collections::HashMap::new();
                for (key, value) in entries {
                    path.push(Segment::Key(key.name.clone()));
                    if let Some(first) = seen.get(key.name.as_str()) {
                        if found.as_ref().is_none_or(|(at, _, _)| key.pos < *at) {
                            *found = Some((key.pos, *first, path.clone()));
                        }
                    } else {
                        seen.insert(&key.name, key.pos);
                    }
                    walk(value, path, found);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut found = None;
    walk(root, &mut Vec::new(), &mut found);
    found.map(|(pos, first, path)| {
        let name = match path.last() {
            Some(Segment::Key(name)) => name.clone(),
            _ => String::new(),
        };
        LoadError {
            kind: ErrorKind::DuplicateKey,
            path: render_path(&path),
            pos,
            message: format!("duplicate key `{name}`"),
            expected: Vec::new(),
            hint: Some(format!(
                "first given at line {}, column {}",
                first.line, first.column
            )),
        }
    })
}

fn syntax_error(err: &serde_saphyr::Error) -> LoadError {
    let location = err.location();
    let pos = location
        .map(|l| Pos {
            line: l.line() as u32,
            column: l.column() as u32,
        })
        .unwrap_or_default();
    let rendered = err.without_snippet().to_string();
    let mut message = rendered.lines().next().unwrap_or("invalid YAML").to_owned();
    // serde-saphyr prefixes "error: line L column C: "; the position is reported separately.
    if let Some(rest) = message.strip_prefix("error: ") {
        message = rest.to_owned();
    }
    if let Some(idx) = message.find(": ")
        && message.starts_with("line ")
    {
        message = message[idx + 2..].to_owned();
    }
    let kind = if message.contains("duplicate mapping key") {
        message = message
            .split(", set DuplicateKeyPolicy")
            .next()
            .unwrap_or(&message)
            .to_owned();
        ErrorKind::DuplicateKey
    } else {
        ErrorKind::Syntax
    };
    if message.contains("(was DepthGuard)") || message.contains("recursion") {
        message = "the document is nested too deeply".to_owned();
    }
    if let Some(breach) = message.strip_prefix("budget breached: ") {
        message = budget_message(breach);
    }
    LoadError {
        kind,
        path: String::new(),
        pos,
        message,
        expected: Vec::new(),
        hint: None,
    }
}

/// A readable message for serde-saphyr's budget breaches (`Depth { depth: 65 }`, `Nodes { nodes:
/// 250001 } at line 5, ...`): hostile documents (deep nesting, alias bombs) stop at a limit.
fn budget_message(breach: &str) -> String {
    let kind = breach
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or("");
    let what = match kind {
        "Depth" => "the document is nested too deeply",
        "Nodes"
        | "Events"
        | "Aliases"
        | "Anchors"
        | "AliasAnchorRatio"
        | "MergeKeys"
        | "RecordedAnchorEvents"
        | "RecordedAnchorBytes" => {
            "the document is too large once its aliases are expanded (a loader limit)"
        }
        "ScalarBytes" => "the document's text values are too long in total (a loader limit)",
        "Documents" => "the text holds too many YAML documents",
        _ => "the document exceeds a loader limit",
    };
    // The error's position says where; the counters and the positions inside the breach text
    // (relative to the YAML text, not to a page around it) are dropped.
    what.to_owned()
}

/// The value as serde-saphyr sees it, before positions are folded into [`Node`].
enum RawValue {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<RawValue>>),
    Map(Vec<(Spanned<String>, Spanned<RawValue>)>),
}

thread_local! {
    static DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

struct DepthGuard;

impl DepthGuard {
    fn enter<E: de::Error>() -> Result<DepthGuard, E> {
        DEPTH.with(|d| {
            if d.get() >= MAX_DEPTH {
                Err(E::custom(format!(
                    "the document is nested more than {MAX_DEPTH} levels deep"
                )))
            } else {
                d.set(d.get() + 1);
                Ok(DepthGuard)
            }
        })
    }
}

impl Drop for DepthGuard {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<RawValue, E> {
        Ok(RawValue::Null)
    }
    fn visit_none<E>(self) -> Result<RawValue, E> {
        Ok(RawValue::Null)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<RawValue, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E>(self, v: bool) -> Result<RawValue, E> {
        Ok(RawValue::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<RawValue, E> {
        Ok(RawValue::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<RawValue, E> {
        Ok(match i64::try_from(v) {
            Ok(i) => RawValue::Int(i),
            Err(_) => RawValue::UInt(v),
        })
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<RawValue, E> {
        i64::try_from(v)
            .map(RawValue::Int)
            .map_err(|_| E::custom(format!("integer {v} is out of range")))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<RawValue, E> {
        u64::try_from(v)
            .map(|u| self.visit_u64::<E>(u).unwrap_or(RawValue::UInt(u)))
            .map_err(|_| E::custom(format!("integer {v} is out of range")))
    }
    fn visit_f64<E>(self, v: f64) -> Result<RawValue, E> {
        Ok(RawValue::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<RawValue, E> {
        Ok(RawValue::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<RawValue, E> {
        Ok(RawValue::Str(v))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<RawValue, A::Error> {
        let _guard = DepthGuard::enter::<A::Error>()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<RawValue>>()? {
            items.push(item);
        }
        Ok(RawValue::Seq(items))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<RawValue, A::Error> {
        let _guard = DepthGuard::enter::<A::Error>()?;
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<KeyText>>()? {
            let value = map.next_value::<Spanned<RawValue>>()?;
            entries.push((
                Spanned::new(key.value.0, key.referenced, key.defined),
                value,
            ));
        }
        Ok(RawValue::Map(entries))
    }
}

/// A scalar mapping key read as text.
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = KeyText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a scalar mapping key")
            }
            fn visit_str<E>(self, v: &str) -> Result<KeyText, E> {
                Ok(KeyText(v.to_owned()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_unit<E>(self) -> Result<KeyText, E> {
                Ok(KeyText("null".to_owned()))
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}

fn pos_of<T>(spanned: &Spanned<T>) -> Pos {
    Pos {
        line: spanned.referenced.line() as u32,
        column: spanned.referenced.column() as u32,
    }
}

fn convert(spanned: Spanned<RawValue>) -> Node {
    let pos = pos_of(&spanned);
    let value = match spanned.value {
        RawValue::Null => Value::Null,
        RawValue::Bool(b) => Value::Bool(b),
        RawValue::Int(i) => Value::Int(i),
        RawValue::UInt(u) => Value::UInt(u),
        RawValue::Float(f) => Value::Float(f),
        RawValue::Str(s) => Value::Str(s),
        RawValue::Seq(items) => Value::Seq(items.into_iter().map(convert).collect()),
        RawValue::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let key = Key {
                        pos: pos_of(&k),
                        name: k.value,
                    };
                    (key, convert(v))
                })
                .collect(),
        ),
    };
    Node { value, pos }
}
