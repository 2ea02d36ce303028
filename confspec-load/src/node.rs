//! The YAML tree with positions: [`Node`], its [`Value`], mapping [`Key`]s, and YAML paths.

use crate::yaml11::Yaml11;

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
    /// For a plain (unquoted) scalar that is a number, or that YAML 1.1 reads otherwise than
    /// YAML 1.2: its text as written and its YAML 1.1 reading. `None` for anything else.
    pub plain: Option<Box<Plain>>,
}

/// The text of a plain scalar as written, and how YAML 1.1 reads it where that differs.
#[derive(Debug, Clone, PartialEq)]
pub struct Plain {
    /// The scalar as written (`026`, `1:30`, `no`).
    pub text: String,
    /// How YAML 1.1 (PyYAML) reads it, when that differs from [`Node::value`].
    pub yaml11: Option<Yaml11>,
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
    /// The key's own type when it is not a string (`1`, `~`, `true`): what YAML 1.2 reads it as,
    /// described (`integer `1``); `None` for a string key.
    pub non_string: Option<String>,
    /// For a plain key that YAML 1.1 reads otherwise (`no`, `1:30`): its YAML 1.1 reading.
    pub yaml11: Option<Yaml11>,
}

impl Node {
    /// The tree of a JSON value, every position the default one (a JSON value has none): how a
    /// union buffered by another deserializer than the loader's is read
    /// ([`crate::read_json`]).
    pub(crate) fn from_json(value: serde_json::Value) -> Node {
        let value = match value {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => Value::Int(i),
                (None, Some(u)) => Value::UInt(u),
                _ => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            serde_json::Value::String(s) => Value::Str(s),
            serde_json::Value::Array(items) => {
                Value::Seq(items.into_iter().map(Node::from_json).collect())
            }
            serde_json::Value::Object(entries) => Value::Map(
                entries
                    .into_iter()
                    .map(|(name, value)| {
                        let key = Key {
                            name,
                            pos: Pos::default(),
                            non_string: None,
                            yaml11: None,
                        };
                        (key, Node::from_json(value))
                    })
                    .collect(),
            ),
        };
        Node::new(value, Pos::default())
    }

    /// A node without a plain scalar's text.
    pub fn new(value: Value, pos: Pos) -> Node {
        Node {
            value,
            pos,
            plain: None,
        }
    }

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

    pub(crate) fn describe(&self) -> String {
        if let Some(plain) = &self.plain
            && matches!(self.value, Value::Int(_) | Value::UInt(_) | Value::Float(_))
        {
            let what = if matches!(self.value, Value::Float(_)) {
                "number"
            } else {
                "integer"
            };
            return format!("{what} `{}`", plain.text);
        }
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
