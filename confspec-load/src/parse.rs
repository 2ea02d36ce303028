//! Reading YAML text into a [`Node`] tree with serde-saphyr: syntax errors, limits, duplicate keys.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Visitor};
use serde_saphyr::{Spanned, Tagged};

use crate::error::{ErrorKind, LoadError};
use crate::node::{Key, Node, Plain, Pos, Segment, Value, render_path};
use crate::yaml11::{Yaml11, reading};

/// Limits that keep hostile input bounded.
const MAX_DEPTH: usize = 256;

/// Parses YAML text into a [`Node`] tree. Duplicate keys, YAML syntax errors, nesting deeper than
/// 256 levels and alias expansions past serde-saphyr's budget are errors.
///
/// A duplicate key is reported at its second occurrence, with its YAML path
/// (`projects[0].name`) and, as the hint, where the key was first given. The first problem is
/// returned; [`crate::Loader::parse`] returns every duplicate key.
pub fn parse(text: &str) -> Result<Node, LoadError> {
    parse_all(text, 1).map_err(|mut errors| errors.swap_remove(0))
}

/// Parses YAML text, reporting every duplicate key in text order (at most `max`).
pub(crate) fn parse_all(text: &str, max: usize) -> Result<Node, Vec<LoadError>> {
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    // Duplicates reach the tree and are found below, where their YAML path is known.
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::PassThrough;
    let raw: Result<RawNode, _> = serde_saphyr::from_str_with_options(text, options);
    let node = match raw {
        Ok(spanned) => convert(spanned, text, &mut Vec::new()).map_err(|e| vec![e])?,
        Err(err) => return Err(vec![syntax_error(&err)]),
    };
    let mut duplicates = duplicates(&node);
    if duplicates.is_empty() {
        return Ok(node);
    }
    duplicates.truncate(max.max(1));
    Err(duplicates)
}

/// Every duplicate key, in text order.
fn duplicates(root: &Node) -> Vec<LoadError> {
    /// A step of the path being walked, borrowed from the tree (made owned only for an error).
    enum Step<'a> {
        Key(&'a str),
        Index(usize),
    }
    /// Mappings up to this many keys are searched in place for a key given before; larger ones
    /// keep a hash map of the keys seen.
    const SCAN: usize = 16;
    fn walk<'a>(
        node: &'a Node,
        path: &mut Vec<Step<'a>>,
        found: &mut Vec<(Pos, Pos, Vec<Segment>)>,
    ) {
        match &node.value {
            Value::Seq(items) => {
                for (index, item) in items.iter().enumerate() {
                    path.push(Step::Index(index));
                    walk(item, path, found);
                    path.pop();
                }
            }
            Value::Map(entries) => {
                let mut seen: std::collections::HashMap<&str, Pos> =
                    std::collections::HashMap::new();
                for (index, (key, value)) in entries.iter().enumerate() {
                    path.push(Step::Key(&key.name));
                    // Where the key was first given in this mapping, if it was.
                    let first = if entries.len() <= SCAN {
                        entries[..index]
                            .iter()
                            .find(|(earlier, _)| earlier.name == key.name)
                            .map(|(earlier, _)| earlier.pos)
                    } else {
                        match seen.get(key.name.as_str()) {
                            Some(first) => Some(*first),
                            None => {
                                seen.insert(&key.name, key.pos);
                                None
                            }
                        }
                    };
                    if let Some(first) = first {
                        let owned = path
                            .iter()
                            .map(|step| match step {
                                Step::Key(name) => Segment::Key((*name).to_owned()),
                                Step::Index(index) => Segment::Index(*index),
                            })
                            .collect();
                        found.push((key.pos, first, owned));
                    }
                    walk(value, path, found);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    walk(root, &mut Vec::new(), &mut found);
    found.sort_by_key(|(pos, _, _)| *pos);
    found
        .into_iter()
        .map(|(pos, first, path)| {
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
                text_only: false,
            }
        })
        .collect()
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
        text_only: false,
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
    Seq(Vec<RawNode>),
    Map(Vec<(Spanned<Tagged<KeyText>>, RawNode)>),
}

/// A value with its position and its explicit YAML tag, if any.
type RawNode = Spanned<Tagged<RawValue>>;

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
        while let Some(item) = seq.next_element::<RawNode>()? {
            items.push(item);
        }
        Ok(RawValue::Seq(items))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<RawValue, A::Error> {
        let _guard = DepthGuard::enter::<A::Error>()?;
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Tagged<KeyText>>>()? {
            let value = map.next_value::<RawNode>()?;
            entries.push((key, value));
        }
        Ok(RawValue::Map(entries))
    }
}

/// A scalar mapping key read as text, with what YAML 1.2 reads it as when that is not a string.
struct KeyText(String, Option<String>);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = KeyText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a scalar mapping key")
            }
            fn visit_str<E>(self, v: &str) -> Result<KeyText, E> {
                Ok(KeyText(v.to_owned(), None))
            }
            fn visit_bool<E>(self, v: bool) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string(), Some(format!("boolean `{v}`"))))
            }
            fn visit_i64<E>(self, v: i64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string(), Some(format!("integer `{v}`"))))
            }
            fn visit_u64<E>(self, v: u64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string(), Some(format!("integer `{v}`"))))
            }
            fn visit_f64<E>(self, v: f64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string(), Some(format!("number `{v}`"))))
            }
            fn visit_unit<E>(self) -> Result<KeyText, E> {
                Ok(KeyText("null".to_owned(), Some("null".to_owned())))
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

/// The tags of the YAML 1.2 core schema, resolved (`!!str` is `tag:yaml.org,2002:str`), and
/// `!`, the non-specific tag of a quoted scalar.
fn core_tag(tag: &str) -> bool {
    tag == "!"
        || tag.strip_prefix("tag:yaml.org,2002:").is_some_and(|name| {
            matches!(
                name,
                "str" | "int" | "float" | "bool" | "null" | "map" | "seq"
            )
        })
}

/// The error for a tag outside the core schema, at the tag (found in the text before the
/// tagged value) or else at the value.
fn tag_error<T>(tag: &str, spanned: &Spanned<T>, text: &str, path: &[Segment]) -> LoadError {
    let shown = match tag.strip_prefix("tag:yaml.org,2002:") {
        Some(name) => format!("!!{name}"),
        None => tag.to_owned(),
    };
    let value_at = spanned.defined.span().byte_offset();
    let tag_at = value_at
        .and_then(|at| text.get(..usize::try_from(at).ok()?))
        .and_then(|before| before.rfind(&shown));
    let pos = match tag_at {
        Some(at) => {
            let before = &text[..at];
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            Pos {
                line: before.matches('\n').count() as u32 + 1,
                column: before[line_start..].chars().count() as u32 + 1,
            }
        }
        None => pos_of(spanned),
    };
    LoadError {
        kind: ErrorKind::WrongType,
        path: render_path(path),
        pos,
        message: format!(
            "unknown YAML tag `{shown}`: only the YAML 1.2 core tags `!!str`, `!!int`, `!!float`, \
             `!!bool`, `!!null`, `!!map` and `!!seq` are accepted"
        ),
        expected: Vec::new(),
        hint: Some("remove the tag".to_owned()),
        text_only: true,
    }
}

/// The source text a value was read from, when serde-saphyr knows its bytes.
fn source<'t, T>(spanned: &Spanned<T>, text: &'t str) -> Option<&'t str> {
    let span = spanned.defined.span();
    let start = usize::try_from(span.byte_offset()?).ok()?;
    let len = usize::try_from(span.byte_len()?).ok()?;
    text.get(start..start.checked_add(len)?)
}

/// The text of a plain scalar (`None` for a quoted or block scalar, or an unknown span).
fn plain_text<'t, T>(spanned: &Spanned<T>, text: &'t str) -> Option<&'t str> {
    let written = source(spanned, text)?;
    match written.as_bytes().first() {
        Some(b'"' | b'\'' | b'|' | b'>' | b'!' | b'&' | b'*') => None,
        _ => Some(written),
    }
}

/// Whether YAML 1.1's reading of a plain scalar is the value YAML 1.2 gave it.
fn same_reading(yaml11: &Yaml11, value: &RawValue) -> bool {
    match (yaml11, value) {
        (Yaml11::Str, RawValue::Str(_)) | (Yaml11::Null, RawValue::Null) => true,
        (Yaml11::Bool(a), RawValue::Bool(b)) => a == b,
        (Yaml11::Int(a), RawValue::Int(b)) => *a == i128::from(*b),
        (Yaml11::Int(a), RawValue::UInt(b)) => *a == i128::from(*b),
        (Yaml11::Float(a), RawValue::Float(b)) => a == b || (a.is_nan() && b.is_nan()),
        _ => false,
    }
}

/// `[-+]?[0-9]+`: an integer in the YAML 1.2 core schema.
fn core_integer(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn convert(spanned: RawNode, text: &str, path: &mut Vec<Segment>) -> Result<Node, LoadError> {
    let pos = pos_of(&spanned);
    if let Some(tag) = &spanned.value.1
        && !core_tag(tag)
    {
        return Err(tag_error(tag, &spanned, text, path));
    }
    let tagged = spanned.value.1.is_some();
    let written = plain_text(&spanned, text);
    let mut plain = None;
    let mut raw = spanned.value.0;
    if !tagged
        && !matches!(raw, RawValue::Seq(_) | RawValue::Map(_))
        && let Some(written) = written
    {
        // serde-saphyr reads a decimal integer with leading zeros (`026`) as a float; YAML 1.2
        // reads the integer.
        if let RawValue::Float(_) = raw
            && let Some(i) = core_integer(written)
        {
            raw = RawValue::Int(i);
        }
        let yaml11 = reading(written);
        let differs = !same_reading(&yaml11, &raw);
        if differs
            || matches!(
                raw,
                RawValue::Int(_) | RawValue::UInt(_) | RawValue::Float(_)
            )
        {
            plain = Some(Box::new(Plain {
                text: written.to_owned(),
                yaml11: differs.then_some(yaml11),
            }));
        }
    }
    let value = match raw {
        RawValue::Null => Value::Null,
        RawValue::Bool(b) => Value::Bool(b),
        RawValue::Int(i) => Value::Int(i),
        RawValue::UInt(u) => Value::UInt(u),
        RawValue::Float(f) => Value::Float(f),
        RawValue::Str(s) => Value::Str(s),
        RawValue::Seq(items) => {
            let mut nodes = Vec::with_capacity(items.len());
            for (index, item) in items.into_iter().enumerate() {
                path.push(Segment::Index(index));
                nodes.push(convert(item, text, path)?);
                path.pop();
            }
            Value::Seq(nodes)
        }
        RawValue::Map(entries) => {
            let mut nodes = Vec::with_capacity(entries.len());
            for (k, v) in entries {
                let key_pos = pos_of(&k);
                let key_tagged = k.value.1.is_some();
                let yaml11 = match (&k.value.0.1, key_tagged, plain_text(&k, text)) {
                    (None, false, Some(written)) => {
                        Some(reading(written)).filter(|r| *r != Yaml11::Str)
                    }
                    _ => None,
                };
                path.push(Segment::Key(k.value.0.0.clone()));
                if let Some(tag) = &k.value.1
                    && !core_tag(tag)
                {
                    return Err(tag_error(tag, &k, text, path));
                }
                let KeyText(name, non_string) = k.value.0;
                let key = Key {
                    pos: key_pos,
                    name,
                    non_string,
                    yaml11,
                };
                nodes.push((key, convert(v, text, path)?));
                path.pop();
            }
            Value::Map(nodes)
        }
    };
    Ok(Node { value, pos, plain })
}
