//! Strict loading of YAML into model types, with exact YAML paths and positions in errors.
//!
//! Loading happens in two steps:
//!
//! 1. [`parse`] reads the text with `serde-saphyr` into a [`Node`] tree that remembers where every
//!    value and key stands. YAML syntax errors, duplicate keys and alias bombs fail here.
//! 2. [`from_node`] deserialises a model type from that tree with a deserializer that tracks the
//!    path (`projects[0].backends[1].creds.type`). It is strict: only `true`/`false` are booleans
//!    (the YAML 1.1 spellings get a hint), numbers are never strings and strings are never numbers,
//!    unknown keys are errors with the closest known key.
//!
//! [`from_str`] does both and then runs the model's cross-field rules ([`crate::validate`]).
//! No file is read while loading; see [`crate::files`] for that.

use std::fmt;
use std::path::Path as FsPath;

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use serde_saphyr::Spanned;

use crate::validate::Validate;

/// A position in the source text, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// Line, starting at 1.
    pub line: u32,
    /// Column, starting at 1.
    pub column: u32,
}

/// A parsed YAML value with the position where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where the value starts.
    pub pos: Pos,
}

/// The value of a [`Node`], typed by the YAML 1.2 core schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`, `~` or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer that fits in `i64`.
    Int(i64),
    /// An integer above `i64::MAX`.
    UInt(u64),
    /// A floating-point number.
    Float(f64),
    /// Any other scalar, or a quoted one.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order (keys are unique: duplicates fail in [`parse`]).
    Map(Vec<(Key, Node)>),
}

/// A mapping key with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// The key as text (scalar keys of any type are read as their text).
    pub name: String,
    /// Where the key starts.
    pub pos: Pos,
}

impl Node {
    /// The value under `key`, when this node is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The node at `path`, when there is one.
    pub fn at(&self, path: &[Segment]) -> Option<&Node> {
        let mut node = self;
        for segment in path {
            node = match (segment, &node.value) {
                (Segment::Key(name), Value::Map(entries)) => {
                    &entries.iter().find(|(k, _)| &k.name == name)?.1
                }
                (Segment::Index(index), Value::Seq(items)) => items.get(*index)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The position to report for the node at `path`: a key's position for a mapping
    /// entry (so an error points at `key:`), the value's for a sequence item.
    pub fn locate(&self, path: &[Segment]) -> Option<Pos> {
        let mut node = self;
        let mut pos = self.pos;
        for segment in path {
            match (segment, &node.value) {
                (Segment::Key(name), Value::Map(entries)) => {
                    let (key, value) = entries.iter().find(|(k, _)| &k.name == name)?;
                    pos = key.pos;
                    node = value;
                }
                (Segment::Index(index), Value::Seq(items)) => {
                    node = items.get(*index)?;
                    pos = node.pos;
                }
                _ => return None,
            }
        }
        Some(pos)
    }

    /// The node as a JSON value (keys in source order), for comparisons and schema validation.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Int(i) => serde_json::Value::from(*i),
            Value::UInt(u) => serde_json::Value::from(*u),
            Value::Float(f) => serde_json::Number::from_f64(*f)
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null),
            Value::Str(s) => serde_json::Value::String(s.clone()),
            Value::Seq(items) => {
                serde_json::Value::Array(items.iter().map(Node::to_json).collect())
            }
            Value::Map(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.name.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }

    fn describe(&self) -> String {
        match &self.value {
            Value::Null => "null".to_owned(),
            Value::Bool(b) => format!("boolean `{b}`"),
            Value::Int(i) => format!("integer `{i}`"),
            Value::UInt(u) => format!("integer `{u}`"),
            Value::Float(f) => format!("number `{f:?}`"),
            Value::Str(s) => format!("string {s:?}"),
            Value::Seq(_) => "a list".to_owned(),
            Value::Map(_) => "a mapping".to_owned(),
        }
    }
}

/// One step of a YAML path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// A mapping key.
    Key(String),
    /// A sequence index.
    Index(usize),
}

/// Renders a path as `projects[0].backends[1].creds`.
pub fn render_path(path: &[Segment]) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Index(index) => {
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
        }
    }
    out
}

/// What went wrong, by kind, so that callers can act on it without parsing messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The text is not valid YAML (or is too large, too deep, an alias bomb).
    Syntax,
    /// A key appears twice in one mapping.
    DuplicateKey,
    /// A key the model does not know.
    UnknownKey,
    /// A required key is absent.
    MissingKey,
    /// A value outside a closed set (a `type` tag, an enum).
    UnknownValue,
    /// A value of the wrong type (including YAML 1.1 booleans).
    WrongType,
    /// A cross-field rule is broken.
    Rule,
    /// Anything else reported by the model's deserialisers.
    Other,
}

/// An error found while loading, located in the YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The kind of problem.
    pub kind: ErrorKind,
    /// The YAML path of the offending value (empty for the document itself).
    pub path: String,
    /// Where it is.
    pub pos: Pos,
    /// What is wrong, in one sentence.
    pub message: String,
    /// For a closed set of keys or values: every accepted one.
    pub expected: Vec<String>,
    /// A hint: the closest known key or value, or how to write the value.
    pub hint: Option<String>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.pos.line, self.pos.column)?;
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

/// Errors from loading a file: it could not be read, or its content is wrong.
#[derive(Debug)]
pub enum FileLoadError {
    /// The file could not be read.
    Io(std::path::PathBuf, std::io::Error),
    /// The content has problems.
    Content(std::path::PathBuf, Vec<LoadError>),
}

impl fmt::Display for FileLoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileLoadError::Io(path, err) => write!(f, "{}: cannot read: {err}", path.display()),
            FileLoadError::Content(path, errors) => {
                for (i, err) in errors.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{}:{err}", path.display())?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for FileLoadError {}

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

/// Loads a model value from YAML text: parse, deserialise strictly, then check the cross-field
/// rules. Every problem the deserialiser can see is reported; it stops at the first.
pub fn from_str<T: DeserializeOwned + Validate>(text: &str) -> Result<T, Vec<LoadError>> {
    let node = parse(text).map_err(|e| vec![e])?;
    from_node_validated(&node)
}

/// Loads a model value from a YAML file (the file is read; nothing else is).
pub fn from_path<T: DeserializeOwned + Validate>(path: &FsPath) -> Result<T, FileLoadError> {
    let text =
        std::fs::read_to_string(path).map_err(|err| FileLoadError::Io(path.to_path_buf(), err))?;
    from_str(&text).map_err(|errors| FileLoadError::Content(path.to_path_buf(), errors))
}

/// Deserialises and validates a model value from a parsed tree.
pub fn from_node_validated<T: DeserializeOwned + Validate>(
    node: &Node,
) -> Result<T, Vec<LoadError>> {
    let value: T = from_node(node).map_err(|e| vec![e])?;
    let mut violations = Vec::new();
    value.validate(&mut Vec::new(), &mut violations);
    if violations.is_empty() {
        return Ok(value);
    }
    Err(violations
        .into_iter()
        .map(|v| LoadError {
            kind: ErrorKind::Rule,
            // Where the offending mapping starts, as for a missing key.
            pos: node.at(&v.path).map_or(node.pos, |n| n.pos),
            path: render_path(&v.path),
            message: v.message,
            expected: Vec::new(),
            hint: v.hint,
        })
        .collect())
}

/// Deserialises a model value from a parsed tree, without the cross-field rules.
pub fn from_node<T: DeserializeOwned>(node: &Node) -> Result<T, LoadError> {
    let root = PathLink::Root;
    T::deserialize(NodeDeserializer { node, path: &root }).map_err(|e| e.into_load_error(node))
}

/// The path to the node being deserialised, as a chain of borrowed links (no allocation until
/// an error needs it).
#[derive(Clone, Copy)]
enum PathLink<'a> {
    Root,
    Key(&'a PathLink<'a>, &'a str),
    Index(&'a PathLink<'a>, usize),
}

impl PathLink<'_> {
    fn segments(&self) -> Vec<Segment> {
        let mut out = Vec::new();
        let mut link = self;
        loop {
            match link {
                PathLink::Root => break,
                PathLink::Key(parent, key) => {
                    out.push(Segment::Key((*key).to_owned()));
                    link = parent;
                }
                PathLink::Index(parent, index) => {
                    out.push(Segment::Index(*index));
                    link = parent;
                }
            }
        }
        out.reverse();
        out
    }
}

/// The deserialiser's error: a [`LoadError`] under construction, located by the innermost node
/// that sees it.
#[derive(Debug)]
pub struct DeError {
    kind: ErrorKind,
    message: String,
    expected: Vec<String>,
    hint: Option<String>,
    located: Option<(Vec<Segment>, Pos)>,
}

impl DeError {
    fn new(kind: ErrorKind, message: String) -> Self {
        DeError {
            kind,
            message,
            expected: Vec::new(),
            hint: None,
            located: None,
        }
    }

    fn at(mut self, path: &PathLink<'_>, pos: Pos) -> Self {
        if self.located.is_none() {
            self.located = Some((path.segments(), pos));
        }
        self
    }

    fn into_load_error(self, root: &Node) -> LoadError {
        let (path, pos) = self.located.unwrap_or((Vec::new(), root.pos));
        LoadError {
            kind: self.kind,
            path: render_path(&path),
            pos,
            message: self.message,
            expected: self.expected,
            hint: self.hint,
        }
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

fn closest(word: &str, candidates: &[&str]) -> Option<String> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_owned())
}

fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError::new(ErrorKind::Other, msg.to_string())
    }

    fn invalid_type(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        DeError::new(
            ErrorKind::WrongType,
            format!("expected {exp}, found {}", describe_unexpected(&unexp)),
        )
    }

    fn invalid_value(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        DeError::new(
            ErrorKind::WrongType,
            format!("expected {exp}, found {}", describe_unexpected(&unexp)),
        )
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        let mut err = DeError::new(
            ErrorKind::UnknownValue,
            format!(
                "unknown value `{variant}`, expected one of {}",
                quoted_list(expected)
            ),
        );
        err.expected = expected.iter().map(|s| (*s).to_owned()).collect();
        err.hint = closest(variant, expected).map(|c| format!("did you mean `{c}`?"));
        err
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        let mut err = DeError::new(
            ErrorKind::UnknownKey,
            if expected.is_empty() {
                format!("unknown key `{field}`, this mapping takes no keys")
            } else {
                format!(
                    "unknown key `{field}`, expected one of {}",
                    quoted_list(expected)
                )
            },
        );
        err.expected = expected.iter().map(|s| (*s).to_owned()).collect();
        err.hint = closest(field, expected).map(|c| format!("did you mean `{c}`?"));
        err
    }

    fn missing_field(field: &'static str) -> Self {
        DeError::new(
            ErrorKind::MissingKey,
            format!("missing required key `{field}`"),
        )
    }

    fn duplicate_field(field: &'static str) -> Self {
        DeError::new(ErrorKind::DuplicateKey, format!("duplicate key `{field}`"))
    }
}

fn describe_unexpected(unexp: &de::Unexpected) -> String {
    match unexp {
        de::Unexpected::Bool(b) => format!("boolean `{b}`"),
        de::Unexpected::Unsigned(u) => format!("integer `{u}`"),
        de::Unexpected::Signed(i) => format!("integer `{i}`"),
        de::Unexpected::Float(f) => format!("number `{f:?}`"),
        de::Unexpected::Str(s) => format!("string {s:?}"),
        de::Unexpected::Unit => "null".to_owned(),
        de::Unexpected::Seq => "a list".to_owned(),
        de::Unexpected::Map => "a mapping".to_owned(),
        other => other.to_string(),
    }
}

/// YAML 1.1 spellings of booleans that YAML 1.2 reads as strings.
const YAML11_BOOLEANS: &[(&str, bool)] = &[
    ("yes", true),
    ("no", false),
    ("on", true),
    ("off", false),
    ("y", true),
    ("n", false),
];

fn yaml11_boolean(text: &str) -> Option<bool> {
    YAML11_BOOLEANS
        .iter()
        .find(|(spelling, _)| spelling.eq_ignore_ascii_case(text))
        .map(|(_, value)| *value)
}

struct NodeDeserializer<'a> {
    node: &'a Node,
    path: &'a PathLink<'a>,
}

impl<'a> NodeDeserializer<'a> {
    fn locate(&self, err: DeError) -> DeError {
        err.at(self.path, self.node.pos)
    }

    fn wrong_type(&self, expected: &str) -> DeError {
        let mut err = DeError::new(
            ErrorKind::WrongType,
            format!("expected {expected}, found {}", self.node.describe()),
        );
        if let Value::Str(s) = &self.node.value
            && expected == "a boolean"
            && let Some(b) = yaml11_boolean(s)
        {
            err.message =
                format!("expected a boolean, found `{s}`: YAML 1.1 booleans are not accepted");
            err.hint = Some(format!("write `{b}`"));
        }
        self.locate(err)
    }

    fn visit_map_node<'de, V: Visitor<'de>>(
        &self,
        entries: &'a [(Key, Node)],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let access = NodeMapAccess {
            entries: entries.iter(),
            value: None,
            path: self.path,
        };
        visitor.visit_map(access).map_err(|e| self.locate(e))
    }

    fn visit_seq_node<'de, V: Visitor<'de>>(
        &self,
        items: &'a [Node],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let access = NodeSeqAccess {
            items: items.iter().enumerate(),
            path: self.path,
        };
        visitor.visit_seq(access).map_err(|e| self.locate(e))
    }
}

macro_rules! integer_methods {
    ($($method:ident => $visit:ident: $ty:ty),+ $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
                let value: Option<$ty> = match &self.node.value {
                    Value::Int(i) => <$ty>::try_from(*i).ok(),
                    Value::UInt(u) => <$ty>::try_from(*u).ok(),
                    _ => return Err(self.wrong_type(concat!("an integer (", stringify!($ty), ")"))),
                };
                match value {
                    Some(v) => visitor.$visit(v).map_err(|e| self.locate(e)),
                    None => Err(self.locate(DeError::new(
                        ErrorKind::WrongType,
                        format!(
                            "{} is out of range for {} ({} to {})",
                            self.node.describe(), stringify!($ty), <$ty>::MIN, <$ty>::MAX
                        ),
                    ))),
                }
            }
        )+
    };
}

impl<'de, 'a> de::Deserializer<'de> for NodeDeserializer<'a> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let result = match &self.node.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Int(i) => visitor.visit_i64(*i),
            Value::UInt(u) => visitor.visit_u64(*u),
            Value::Float(f) => visitor.visit_f64(*f),
            Value::Str(s) => visitor.visit_str(s),
            Value::Seq(items) => return self.visit_seq_node(items, visitor),
            Value::Map(entries) => return self.visit_map_node(entries, visitor),
        };
        result.map_err(|e| self.locate(e))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Bool(b) => visitor.visit_bool(*b).map_err(|e| self.locate(e)),
            _ => Err(self.wrong_type("a boolean")),
        }
    }

    integer_methods! {
        deserialize_i8 => visit_i8: i8,
        deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32,
        deserialize_i64 => visit_i64: i64,
        deserialize_i128 => visit_i128: i128,
        deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64,
        deserialize_u128 => visit_u128: u128,
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let value = match &self.node.value {
            Value::Float(f) => *f,
            Value::Int(i) => *i as f64,
            Value::UInt(u) => *u as f64,
            _ => return Err(self.wrong_type("a number")),
        };
        visitor.visit_f64(value).map_err(|e| self.locate(e))
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Str(s) => visitor.visit_str(s).map_err(|e| self.locate(e)),
            _ => Err(self.wrong_type("a single character")),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Str(s) => visitor.visit_str(s).map_err(|e| self.locate(e)),
            _ => Err(self.wrong_type("a string")),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_any(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_any(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Null => visitor.visit_none().map_err(|e| self.locate(e)),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Null => visitor.visit_unit().map_err(|e| self.locate(e)),
            _ => Err(self.wrong_type("null")),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if name == crate::tagged::MARKER {
            return match &self.node.value {
                Value::Map(_) => visitor
                    .visit_enum(TaggedAccess {
                        node: self.node,
                        path: self.path,
                    })
                    .map_err(|e| self.locate(e)),
                _ => Err(self.wrong_type("a mapping")),
            };
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Seq(items) => self.visit_seq_node(items, visitor),
            _ => Err(self.wrong_type("a list")),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Map(entries) => self.visit_map_node(entries, visitor),
            _ => Err(self.wrong_type("a mapping")),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if let Value::Map(entries) = &self.node.value {
            crate::deprecated::struct_read(name, entries, || self.path.segments());
        }
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Str(s) => visitor
                .visit_enum(s.as_str().into_deserializer())
                .map_err(|e: DeError| self.locate(e)),
            Value::Map(entries) if entries.len() == 1 => visitor
                .visit_enum(ExternalAccess {
                    key: &entries[0].0,
                    node: &entries[0].1,
                    path: self.path,
                })
                .map_err(|e| self.locate(e)),
            _ => {
                let mut err = self.wrong_type(&format!("one of {}", quoted_list(variants)));
                err.expected = variants.iter().map(|v| (*v).to_owned()).collect();
                Err(err)
            }
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }
}

struct NodeSeqAccess<'a> {
    items: std::iter::Enumerate<std::slice::Iter<'a, Node>>,
    path: &'a PathLink<'a>,
}

impl<'de, 'a> de::SeqAccess<'de> for NodeSeqAccess<'a> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        match self.items.next() {
            None => Ok(None),
            Some((index, node)) => {
                let path = PathLink::Index(self.path, index);
                seed.deserialize(NodeDeserializer { node, path: &path })
                    .map(Some)
                    .map_err(|e| e.at(&path, node.pos))
            }
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct NodeMapAccess<'a> {
    entries: std::slice::Iter<'a, (Key, Node)>,
    value: Option<(&'a Key, &'a Node)>,
    path: &'a PathLink<'a>,
}

impl<'de, 'a> de::MapAccess<'de> for NodeMapAccess<'a> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        match self.entries.next() {
            None => Ok(None),
            Some((key, value)) => {
                self.value = Some((key, value));
                let path = PathLink::Key(self.path, &key.name);
                seed.deserialize(KeyDeserializer(&key.name))
                    .map(Some)
                    .map_err(|e| e.at(&path, key.pos))
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let (key, node) = self
            .value
            .take()
            .ok_or_else(|| DeError::new(ErrorKind::Other, "value requested before key".into()))?;
        let path = PathLink::Key(self.path, &key.name);
        seed.deserialize(NodeDeserializer { node, path: &path })
            .map_err(|e| e.at(&path, key.pos))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// Deserialises a mapping key: the key text, or a number/bool parsed from it when a map's key
/// type asks for one.
struct KeyDeserializer<'a>(&'a str);

impl<'de, 'a> de::Deserializer<'de> for KeyDeserializer<'a> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_str(self.0)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0 {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            _ => visitor.visit_str(self.0),
        }
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0.parse::<i64>() {
            Ok(i) => visitor.visit_i64(i),
            Err(_) => visitor.visit_str(self.0),
        }
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0.parse::<u64>() {
            Ok(u) => visitor.visit_u64(u),
            Err(_) => visitor.visit_str(self.0),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_enum(self.0.into_deserializer())
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i128 u8 u16 u32 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

/// Enum access for the tagged-union protocol of [`crate::tagged`].
struct TaggedAccess<'a> {
    node: &'a Node,
    path: &'a PathLink<'a>,
}

impl<'de, 'a> de::EnumAccess<'de> for TaggedAccess<'a> {
    type Error = DeError;
    type Variant = TaggedVariant<'a>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, TaggedVariant<'a>), DeError> {
        let value = seed.deserialize(TagFinder {
            node: self.node,
            path: self.path,
        })?;
        Ok((
            value,
            TaggedVariant {
                node: self.node,
                path: self.path,
            },
        ))
    }
}

/// Answers the tag seed's request for a one-field struct with the tag's value node.
struct TagFinder<'a> {
    node: &'a Node,
    path: &'a PathLink<'a>,
}

impl<'de, 'a> de::Deserializer<'de> for TagFinder<'a> {
    type Error = DeError;

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let tag = fields.first().copied().unwrap_or("type");
        let Value::Map(entries) = &self.node.value else {
            return Err(
                DeError::new(ErrorKind::WrongType, "expected a mapping".into())
                    .at(self.path, self.node.pos),
            );
        };
        match entries.iter().find(|(k, _)| k.name == tag) {
            None => Err(<DeError as de::Error>::missing_field(tag).at(self.path, self.node.pos)),
            Some((key, value)) => {
                let path = PathLink::Key(self.path, &key.name);
                NodeDeserializer {
                    node: value,
                    path: &path,
                }
                .deserialize_str(visitor)
                .map_err(|e| e.at(&path, value.pos))
            }
        }
    }

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_struct("", &["type"], visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

struct TaggedVariant<'a> {
    node: &'a Node,
    path: &'a PathLink<'a>,
}

impl<'de, 'a> de::VariantAccess<'de> for TaggedVariant<'a> {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, DeError> {
        seed.deserialize(NodeDeserializer {
            node: self.node,
            path: self.path,
        })
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_any(
            NodeDeserializer {
                node: self.node,
                path: self.path,
            },
            visitor,
        )
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_any(
            NodeDeserializer {
                node: self.node,
                path: self.path,
            },
            visitor,
        )
    }
}

/// Enum access for serde's default (externally tagged) representation: `{variant: content}`.
struct ExternalAccess<'a> {
    key: &'a Key,
    node: &'a Node,
    path: &'a PathLink<'a>,
}

impl<'de, 'a> de::EnumAccess<'de> for ExternalAccess<'a> {
    type Error = DeError;
    type Variant = ExternalVariant<'a>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, ExternalVariant<'a>), DeError> {
        let path = PathLink::Key(self.path, &self.key.name);
        let value = seed
            .deserialize(KeyDeserializer(&self.key.name))
            .map_err(|e| e.at(&path, self.key.pos))?;
        Ok((
            value,
            ExternalVariant {
                key: self.key,
                node: self.node,
                path: self.path,
            },
        ))
    }
}

struct ExternalVariant<'a> {
    key: &'a Key,
    node: &'a Node,
    path: &'a PathLink<'a>,
}

impl<'de, 'a> de::VariantAccess<'de> for ExternalVariant<'a> {
    type Error = DeError;

    /// A unit variant is written as a plain string (`type: aws`); the mapping form
    /// (`type: {aws: null}`) would be a coercion the JSON Schema does not allow.
    fn unit_variant(self) -> Result<(), DeError> {
        Err(DeError::new(
            ErrorKind::WrongType,
            format!("expected the string `{}`, found a mapping", self.key.name),
        ))
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, DeError> {
        let path = PathLink::Key(self.path, &self.key.name);
        seed.deserialize(NodeDeserializer {
            node: self.node,
            path: &path,
        })
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DeError> {
        let path = PathLink::Key(self.path, &self.key.name);
        de::Deserializer::deserialize_seq(
            NodeDeserializer {
                node: self.node,
                path: &path,
            },
            visitor,
        )
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let path = PathLink::Key(self.path, &self.key.name);
        de::Deserializer::deserialize_map(
            NodeDeserializer {
                node: self.node,
                path: &path,
            },
            visitor,
        )
    }
}
