//! The serde [`Deserializer`](de::Deserializer) over a [`Node`] tree: strict types, YAML paths.
//!
//! Strings and keys are handed to serde borrowed from the tree, so that an error serde raises
//! about a string names the document's own text (its address identifies the node, even in a
//! copy serde buffered). The repairs of a load that collects every error ([`crate::collect`])
//! are applied here: a skipped key or list item is not shown, an added key or a replaced value
//! is read as a stand-in ([`crate::stand_in`]): the same deserializer in its stand-in mode, so
//! that a model's types are compiled for this one deserializer.

use serde::de::{self, DeserializeSeed, Visitor};

use crate::error::{DeError, ErrorKind, Shape, quoted_list};
use crate::node::{Key, Node, Pos, Value};
use crate::path::PathLink;
use crate::repairs::Ctx;
use crate::stand_in::{FirstOf, FirstTag};
use crate::yaml11::{Yaml11, yaml11_boolean};

/// Public only so that [`read_json`] can hand it to a union's generated code (the
/// type is not nameable outside the crate).
pub struct NodeDeserializer<'de, 'p> {
    node: &'de Node,
    path: &'p PathLink<'p>,
    ctx: &'p Ctx<'p>,
    /// Read as a stand-in, not as `node`.
    stand_in: Option<StandIn>,
}

/// A stand-in ([`crate::stand_in`]): `shape` is what a reader that asks for anything gets.
#[derive(Clone, Copy)]
struct StandIn {
    shape: Option<Shape>,
}

/// The node of a stand-in, which reads none.
static NO_NODE: Node = Node {
    value: Value::Null,
    pos: Pos { line: 0, column: 0 },
    plain: None,
};

/// Reads `node` at `path` with `seed`: through the tree, or as a stand-in when the repairs
/// replaced it. An error the node's own reading did not locate (raised by the seed after it,
/// on what it read) is put at `pos`: the entry's key, or the list item.
pub(crate) fn read<'de, T: DeserializeSeed<'de>>(
    seed: T,
    node: &'de Node,
    path: &PathLink<'_>,
    pos: crate::node::Pos,
    ctx: &Ctx<'_>,
) -> Result<T::Value, DeError> {
    if let Some(shape) = ctx.repairs.stand_in(node) {
        return seed.deserialize(NodeDeserializer::stand_in(path, ctx, shape));
    }
    seed.deserialize(NodeDeserializer::new(node, path, ctx))
        .map_err(|e| e.at(path, pos))
}

/// Reads a union's variant from the map buffered as JSON ([`crate::tagged::Dispatch::from_json`]) with the
/// loader's own deserializer: the map becomes a tree without positions, and `read` (the union's
/// `deserialize_variant`) reads the variant from it. Each variant's code is then compiled for the
/// loader's deserializer only, which the in-place path needs anyway, rather than for
/// serde_json's as well: a third of a model crate's deserialisation code. An error is
/// serde_json's, with the loader's message.
#[doc(hidden)]
pub fn read_json<O>(
    value: crate::tagged::JsonValue,
    read: impl for<'a, 'p> FnOnce(NodeDeserializer<'a, 'p>) -> Result<O, DeError>,
) -> Result<O, crate::tagged::JsonError> {
    let node = Node::from_json(value);
    let repairs = crate::repairs::Repairs::default();
    let ctx = Ctx {
        yaml11: None,
        repairs: &repairs,
    };
    read(NodeDeserializer::new(&node, &PathLink::Root, &ctx))
        .map_err(<crate::tagged::JsonError as de::Error>::custom)
}

impl<'de, 'p> NodeDeserializer<'de, 'p> {
    pub(crate) fn new(node: &'de Node, path: &'p PathLink<'p>, ctx: &'p Ctx<'p>) -> Self {
        NodeDeserializer {
            node,
            path,
            ctx,
            stand_in: None,
        }
    }

    /// The stand-in for the value at `path`; `shape` is what a reader that asks for anything
    /// gets.
    fn stand_in(path: &'p PathLink<'p>, ctx: &'p Ctx<'p>, shape: Option<Shape>) -> Self {
        NodeDeserializer {
            node: &NO_NODE,
            path,
            ctx,
            stand_in: Some(StandIn { shape }),
        }
    }

    /// The result of a stand-in's visit: an error is marked as the stand-in's, never reported.
    fn stand_in_result<T>(&self, result: Result<T, DeError>) -> Result<T, DeError> {
        match result {
            Ok(value) => Ok(value),
            Err(err) => Err(self.stand_in_error(err)),
        }
    }

    /// An error raised while a stand-in was read (compiled once).
    fn stand_in_error(&self, err: DeError) -> DeError {
        err.by_stand_in().at(self.path, Pos::default())
    }

    /// A stand-in asked for anything: the plainest value of `shape`, or null.
    fn stand_in_any<V: Visitor<'de>>(
        &self,
        shape: Option<Shape>,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let (path, ctx) = (self.path, self.ctx);
        self.stand_in_result(match shape {
            Some(Shape::Str) => visitor.visit_borrowed_str(""),
            Some(Shape::Int) => visitor.visit_u64(0),
            Some(Shape::Float) => visitor.visit_f64(0.0),
            Some(Shape::Bool) => visitor.visit_bool(false),
            Some(Shape::Seq) => visitor.visit_seq(NodeSeqAccess::stand_ins(path, ctx, 0)),
            Some(Shape::Map) => visitor.visit_map(NodeMapAccess::stand_in(path, ctx, &[])),
            None => visitor.visit_unit(),
        })
    }

    /// A stand-in newtype: a union's first variant, or a stand-in inside.
    fn stand_in_newtype<V: Visitor<'de>>(
        &self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let (path, ctx) = (self.path, self.ctx);
        self.stand_in_result(if name == crate::tagged::MARKER {
            visitor.visit_enum(FirstVariant {
                path,
                ctx,
                variants: None,
            })
        } else {
            visitor.visit_newtype_struct(NodeDeserializer::stand_in(path, ctx, None))
        })
    }

    fn locate(&self, err: DeError) -> DeError {
        err.at(self.path, self.node.pos)
    }

    /// Refuses a plain scalar that YAML 1.1 reads otherwise than YAML 1.2, where the model
    /// expects a string (`quoted`) or a number, when the loader has the YAML 1.1 guard.
    fn same_in_yaml11(&self, quoted: bool, shape: Shape) -> Result<(), DeError> {
        let Some(guard) = self.ctx.yaml11 else {
            return Ok(());
        };
        let Some(plain) = &self.node.plain else {
            return Ok(());
        };
        let Some(yaml11) = &plain.yaml11 else {
            return Ok(());
        };
        let yaml12 = match &self.node.value {
            Value::Str(_) => "a string".to_owned(),
            Value::Int(i) => format!("the integer {i}"),
            Value::UInt(u) => format!("the integer {u}"),
            Value::Float(f) => format!("the number {f:?}"),
            Value::Bool(b) => format!("the boolean `{b}`"),
            _ => "null".to_owned(),
        };
        let mut err = yaml11_error(&plain.text, yaml11, &yaml12, quoted, guard.reader());
        err.shape = Some(shape);
        Err(self.locate(err))
    }

    /// The error for a value that names none of an enum's `variants` (compiled once, not once
    /// per enum).
    fn not_a_variant(&self, variants: &'static [&'static str]) -> DeError {
        let mut err = self.wrong_type(&format!("one of {}", quoted_list(variants)), None);
        err.expected = variants.iter().map(|v| (*v).to_owned()).collect();
        // `python: 3.10` is the number 3.1: the value meant is the text as written.
        if let Some(plain) = &self.node.plain
            && variants.contains(&plain.text.as_str())
        {
            err.hint = Some(format!("quote it: `\"{}\"`", plain.text));
        }
        err
    }

    fn wrong_type(&self, expected: &str, shape: Option<Shape>) -> DeError {
        let mut err = DeError::new(
            ErrorKind::WrongType,
            format!("expected {expected}, found {}", self.node.describe()),
        );
        err.shape = shape;
        if let Value::Str(s) = &self.node.value
            && expected == "a boolean"
            && let Some(b) = yaml11_boolean(s)
        {
            err.message =
                format!("expected a boolean, found `{s}`: YAML 1.1 booleans are not accepted");
            err.hint = Some(format!("write `{b}`"));
            err.text_only = true;
        }
        self.locate(err)
    }

    /// A string handed to a type that takes any kind of value: with the YAML 1.1 guard, a
    /// plain scalar that YAML 1.1 reads otherwise is refused when a shorthand type takes it as
    /// text, unless the type lists it among the words it reads as written
    /// ([`crate::shorthand::Shorthand::YAML11_WORDS`]). Other types (`serde_json::Value`) get
    /// the YAML 1.2 reading.
    fn visit_any_str<V: Visitor<'de>>(&self, s: &'de str, visitor: V) -> Result<V::Value, DeError> {
        let ambiguous = self.node.plain.as_ref().is_some_and(|p| p.yaml11.is_some());
        crate::shorthand::took_text();
        let result = visitor.visit_borrowed_str(s);
        crate::warnings::value_read(self.node.pos, self.path);
        let value = result.map_err(|e| self.locate(e))?;
        if crate::shorthand::took_text() && ambiguous {
            self.same_in_yaml11(true, Shape::Str)?;
        }
        Ok(value)
    }

    fn visit_map_node<V: Visitor<'de>>(
        &self,
        entries: &'de [(Key, Node)],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let access = NodeMapAccess {
            entries: entries.iter(),
            added: self.ctx.repairs.added(self.node).iter(),
            fields: [].iter(),
            pending: None,
            path: self.path,
            ctx: self.ctx,
        };
        visitor.visit_map(access).map_err(|e| self.locate(e))
    }

    fn visit_seq_node<V: Visitor<'de>>(
        &self,
        items: &'de [Node],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let access = NodeSeqAccess {
            items: items.iter().enumerate(),
            stand_ins: 0,
            path: self.path,
            ctx: self.ctx,
        };
        visitor.visit_seq(access).map_err(|e| self.locate(e))
    }
}

macro_rules! integer_methods {
    ($($method:ident => $visit:ident: $ty:ty),+ $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
                if self.stand_in.is_some() {
                    return self.stand_in_result(visitor.$visit(0));
                }
                self.same_in_yaml11(false, Shape::Int)?;
                let value: Option<$ty> = match &self.node.value {
                    Value::Int(i) => <$ty>::try_from(*i).ok(),
                    Value::UInt(u) => <$ty>::try_from(*u).ok(),
                    _ => return Err(self.wrong_type(
                        concat!("an integer (", stringify!($ty), ")"),
                        Some(Shape::Int),
                    )),
                };
                match value {
                    Some(v) => visitor.$visit(v).map_err(|e| self.locate(e)),
                    None => {
                        let mut err = DeError::new(
                            ErrorKind::WrongType,
                            format!(
                                "{} is out of range for {} ({} to {})",
                                self.node.describe(), stringify!($ty), <$ty>::MIN, <$ty>::MAX
                            ),
                        );
                        err.shape = Some(Shape::Int);
                        Err(self.locate(err))
                    }
                }
            }
        )+
    };
}

impl<'de, 'p> de::Deserializer<'de> for NodeDeserializer<'de, 'p> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if let Some(stand_in) = self.stand_in {
            return self.stand_in_any(stand_in.shape, visitor);
        }
        let result = match &self.node.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Int(i) => visitor.visit_i64(*i),
            Value::UInt(u) => visitor.visit_u64(*u),
            Value::Float(f) => visitor.visit_f64(*f),
            Value::Str(s) => return self.visit_any_str(s, visitor),
            Value::Seq(items) => return self.visit_seq_node(items, visitor),
            Value::Map(entries) => return self.visit_map_node(entries, visitor),
        };
        // A scalar a model type read with a conversion it warns about (`warn_value`).
        crate::warnings::value_read(self.node.pos, self.path);
        result.map_err(|e| self.locate(e))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.stand_in.is_some() {
            return self.stand_in_result(visitor.visit_bool(false));
        }
        match &self.node.value {
            Value::Bool(b) => visitor.visit_bool(*b).map_err(|e| self.locate(e)),
            _ => Err(self.wrong_type("a boolean", Some(Shape::Bool))),
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
        if self.stand_in.is_some() {
            return self.stand_in_result(visitor.visit_f32(0.0));
        }
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.stand_in.is_some() {
            return self.stand_in_result(visitor.visit_f64(0.0));
        }
        self.same_in_yaml11(false, Shape::Float)?;
        let value = match &self.node.value {
            Value::Float(f) => *f,
            Value::Int(i) => *i as f64,
            Value::UInt(u) => *u as f64,
            _ => return Err(self.wrong_type("a number", Some(Shape::Float))),
        };
        visitor.visit_f64(value).map_err(|e| self.locate(e))
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.stand_in.is_some() {
            return self.stand_in_result(visitor.visit_char(' '));
        }
        self.same_in_yaml11(true, Shape::Str)?;
        match &self.node.value {
            Value::Str(s) => visitor.visit_borrowed_str(s).map_err(|e| self.locate(e)),
            _ => Err(self.wrong_type("a single character", Some(Shape::Str))),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.stand_in.is_some() {
            return self.stand_in_result(visitor.visit_borrowed_str(""));
        }
        self.same_in_yaml11(true, Shape::Str)?;
        match &self.node.value {
            Value::Str(s) => visitor.visit_borrowed_str(s).map_err(|e| self.locate(e)),
            _ => Err(self.wrong_type("a string", Some(Shape::Str))),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.stand_in.is_some() {
            return self.stand_in_result(visitor.visit_borrowed_str(""));
        }
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.stand_in.is_some() {
            return self.stand_in_result(visitor.visit_borrowed_bytes(&[]));
        }
        self.deserialize_any(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.stand_in.is_some() {
            return self.stand_in_result(visitor.visit_borrowed_bytes(&[]));
        }
        self.deserialize_any(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.stand_in.is_some() {
            return self.stand_in_result(visitor.visit_none());
        }
        match &self.node.value {
            Value::Null => visitor.visit_none().map_err(|e| self.locate(e)),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.stand_in.is_some() {
            return self.stand_in_result(visitor.visit_unit());
        }
        match &self.node.value {
            Value::Null => visitor.visit_unit().map_err(|e| self.locate(e)),
            _ => Err(self.wrong_type("null", None)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if self.stand_in.is_some() {
            return self.stand_in_result(visitor.visit_unit());
        }
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if self.stand_in.is_some() {
            return self.stand_in_newtype(name, visitor);
        }
        if name == crate::tagged::MARKER {
            return match &self.node.value {
                Value::Map(_) => visitor
                    .visit_enum(TaggedAccess {
                        node: self.node,
                        path: self.path,
                        ctx: self.ctx,
                    })
                    .map_err(|e| self.locate(e)),
                _ => Err(self.wrong_type("a mapping", None)),
            };
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.stand_in.is_some() {
            return self.stand_in_result(
                visitor.visit_seq(NodeSeqAccess::stand_ins(self.path, self.ctx, 0)),
            );
        }
        match &self.node.value {
            Value::Seq(items) => self.visit_seq_node(items, visitor),
            _ => Err(self.wrong_type("a list", Some(Shape::Seq))),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if self.stand_in.is_some() {
            return self.stand_in_result(
                visitor.visit_seq(NodeSeqAccess::stand_ins(self.path, self.ctx, len)),
            );
        }
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if self.stand_in.is_some() {
            return self.stand_in_result(
                visitor.visit_seq(NodeSeqAccess::stand_ins(self.path, self.ctx, len)),
            );
        }
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.stand_in.is_some() {
            return self.stand_in_result(visitor.visit_map(NodeMapAccess::stand_in(
                self.path,
                self.ctx,
                &[],
            )));
        }
        match &self.node.value {
            Value::Map(entries) => self.visit_map_node(entries, visitor),
            _ => Err(self.wrong_type("a mapping", None)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if self.stand_in.is_some() {
            return self.stand_in_result(
                visitor.visit_map(NodeMapAccess::stand_in(self.path, self.ctx, fields)),
            );
        }
        if let Value::Map(entries) = &self.node.value {
            crate::warnings::struct_read(name, entries, self.path);
        }
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if self.stand_in.is_some() {
            return self.stand_in_result(visitor.visit_enum(FirstVariant {
                path: self.path,
                ctx: self.ctx,
                variants: Some(variants),
            }));
        }
        match &self.node.value {
            Value::Str(s) => visitor
                .visit_enum(de::value::BorrowedStrDeserializer::new(s))
                .map_err(|e: DeError| self.locate(e)),
            Value::Map(entries) if entries.len() == 1 => visitor
                .visit_enum(ExternalAccess {
                    key: &entries[0].0,
                    node: &entries[0].1,
                    path: self.path,
                    ctx: self.ctx,
                })
                .map_err(|e| self.locate(e)),
            _ => Err(self.not_a_variant(variants)),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.stand_in.is_some() {
            return self.stand_in_result(visitor.visit_borrowed_str(""));
        }
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.stand_in.is_some() {
            return self.stand_in_result(visitor.visit_unit());
        }
        visitor.visit_unit()
    }
}

struct NodeSeqAccess<'de, 'p> {
    items: std::iter::Enumerate<std::slice::Iter<'de, Node>>,
    /// Stand-in items after them (a stand-in tuple's).
    stand_ins: usize,
    path: &'p PathLink<'p>,
    ctx: &'p Ctx<'p>,
}

impl<'p> NodeSeqAccess<'_, 'p> {
    /// A stand-in list: `len` stand-in items.
    fn stand_ins(path: &'p PathLink<'p>, ctx: &'p Ctx<'p>, len: usize) -> Self {
        NodeSeqAccess {
            items: [].iter().enumerate(),
            stand_ins: len,
            path,
            ctx,
        }
    }
}

impl<'de, 'p> de::SeqAccess<'de> for NodeSeqAccess<'de, 'p> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        for (index, node) in self.items.by_ref() {
            if self.ctx.repairs.skips_item(node) {
                continue;
            }
            let path = PathLink::Index(self.path, index);
            return read(seed, node, &path, node.pos, self.ctx).map(Some);
        }
        if self.stand_ins == 0 {
            return Ok(None);
        }
        self.stand_ins -= 1;
        seed.deserialize(NodeDeserializer::stand_in(self.path, self.ctx, None))
            .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        (!self.ctx.repairs.any()).then(|| self.items.len() + self.stand_ins)
    }
}

/// A mapping entry whose key was read and whose value is next.
#[derive(Clone, Copy)]
enum Pending<'de, 'p> {
    /// An entry of the document.
    Entry(&'de Key, &'de Node),
    /// A key the repairs add (a missing key), read as a stand-in.
    Added(&'p Key),
    /// A field of a stand-in struct.
    Field(&'static str),
}

struct NodeMapAccess<'de, 'p> {
    entries: std::slice::Iter<'de, (Key, Node)>,
    added: std::slice::Iter<'p, Key>,
    /// The fields of a stand-in struct, each a stand-in (after the entries and the added keys).
    fields: std::slice::Iter<'static, &'static str>,
    pending: Option<Pending<'de, 'p>>,
    path: &'p PathLink<'p>,
    ctx: &'p Ctx<'p>,
}

impl<'p> NodeMapAccess<'_, 'p> {
    /// A stand-in mapping: every one of `fields` (none for a map) with a stand-in value.
    fn stand_in(path: &'p PathLink<'p>, ctx: &'p Ctx<'p>, fields: &'static [&'static str]) -> Self {
        NodeMapAccess {
            entries: [].iter(),
            added: [].iter(),
            fields: fields.iter(),
            pending: None,
            path,
            ctx,
        }
    }
}

impl<'de, 'p> NodeMapAccess<'de, 'p> {
    /// The next key to read, after the keys the repairs skip (compiled once, not once per
    /// type); it is then pending.
    fn next_key(&mut self) -> Option<Pending<'de, 'p>> {
        let next = match self
            .entries
            .by_ref()
            .find(|(key, _)| !self.ctx.repairs.skips_key(key))
        {
            Some((key, value)) => Pending::Entry(key, value),
            None => match self.added.next() {
                Some(key) => Pending::Added(key),
                None => Pending::Field(self.fields.next()?),
            },
        };
        self.pending = Some(next);
        Some(next)
    }
}

impl<'de, 'p> de::MapAccess<'de> for NodeMapAccess<'de, 'p> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        match self.next_key() {
            None => Ok(None),
            Some(Pending::Entry(key, _)) => seed
                .deserialize(KeyDeserializer(key, self.ctx))
                .map(Some)
                .map_err(|e| e.at_key(&PathLink::Key(self.path, &key.name), key.pos)),
            Some(Pending::Added(key)) => seed
                .deserialize(de::value::StrDeserializer::<DeError>::new(&key.name))
                .map(Some)
                .map_err(|e| {
                    e.by_stand_in()
                        .at(&PathLink::Key(self.path, &key.name), key.pos)
                }),
            Some(Pending::Field(field)) => seed
                .deserialize(de::value::StrDeserializer::<DeError>::new(field))
                .map(Some),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        match self.pending.take() {
            Some(Pending::Entry(key, node)) => {
                let path = PathLink::Key(self.path, &key.name);
                read(seed, node, &path, key.pos, self.ctx)
            }
            Some(Pending::Added(key)) => {
                let path = PathLink::Key(self.path, &key.name);
                seed.deserialize(NodeDeserializer::stand_in(&path, self.ctx, None))
            }
            Some(Pending::Field(_)) => {
                seed.deserialize(NodeDeserializer::stand_in(self.path, self.ctx, None))
            }
            None => Err(DeError::new(
                ErrorKind::Other,
                "value requested before key".into(),
            )),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        (!self.ctx.repairs.any()).then(|| self.entries.len())
    }
}

/// Deserialises a mapping key: the key text, or a number/bool parsed from it when a map's key
/// type asks for one. Where a string is asked for (a map with string keys), a key that is not
/// a string (`1`, `~`) or that YAML 1.1 reads otherwise (`no`) is refused.
pub(crate) struct KeyDeserializer<'de, 'p>(pub(crate) &'de Key, pub(crate) &'p Ctx<'p>);

impl<'de> KeyDeserializer<'de, '_> {
    fn string_key(&self) -> Result<&'de str, DeError> {
        let key = self.0;
        if let Some(found) = &key.non_string {
            let mut err = DeError::new(
                ErrorKind::WrongType,
                format!("expected a string key, found {found}"),
            );
            err.hint = Some(format!("quote it: `\"{}\"`", key.name));
            err.text_only = true;
            return Err(err);
        }
        if let (Some(yaml11), Some(guard)) = (&key.yaml11, self.1.yaml11) {
            let mut err = yaml11_error(&key.name, yaml11, "a string", true, guard.reader());
            err.shape = Some(Shape::Str);
            return Err(err);
        }
        Ok(&key.name)
    }
}

impl<'de, 'p> de::Deserializer<'de> for KeyDeserializer<'de, 'p> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_borrowed_str(&self.0.name)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_borrowed_str(self.string_key()?)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_borrowed_str(self.string_key()?)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0.name.as_str() {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            _ => visitor.visit_borrowed_str(&self.0.name),
        }
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0.name.parse::<i64>() {
            Ok(i) => visitor.visit_i64(i),
            Err(_) => visitor.visit_borrowed_str(&self.0.name),
        }
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0.name.parse::<u64>() {
            Ok(u) => visitor.visit_u64(u),
            Err(_) => visitor.visit_borrowed_str(&self.0.name),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_enum(de::value::BorrowedStrDeserializer::new(&self.0.name))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i128 u8 u16 u32 u128 f32 f64 char
        bytes byte_buf option unit unit_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

/// The error for a plain scalar that YAML 1.1 reads as `yaml11` and YAML 1.2 as `yaml12`, where
/// a string (`quoted`) or a number is expected; `reader` is the YAML 1.1 reader the loader's
/// guard names, if any.
fn yaml11_error(
    text: &str,
    yaml11: &Yaml11,
    yaml12: &str,
    quoted: bool,
    reader: Option<&str>,
) -> DeError {
    let reader = reader.map(|r| format!(" ({r})")).unwrap_or_default();
    let mut err = DeError::new(
        ErrorKind::WrongType,
        format!(
            "`{text}` is {} in YAML 1.1{reader} and {yaml12} in YAML 1.2",
            yaml11.describe()
        ),
    );
    err.hint = Some(if quoted {
        format!("quote it: `\"{text}\"`")
    } else {
        "write the number in plain decimal".to_owned()
    });
    err.text_only = true;
    err
}

// Enum access: the tagged-union protocol of [`crate::tagged`] and serde's externally tagged form.

/// Enum access for the tagged-union protocol of [`crate::tagged`].
pub(crate) struct TaggedAccess<'de, 'p> {
    pub(crate) node: &'de Node,
    pub(crate) path: &'p PathLink<'p>,
    pub(crate) ctx: &'p Ctx<'p>,
}

impl<'de, 'p> de::EnumAccess<'de> for TaggedAccess<'de, 'p> {
    type Error = DeError;
    type Variant = TaggedVariant<'de, 'p>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, TaggedVariant<'de, 'p>), DeError> {
        let value = seed.deserialize(TagFinder {
            node: self.node,
            path: self.path,
            ctx: self.ctx,
        });
        // An error about the tag leaves the variant unknown: the collection of errors skips
        // the whole union.
        let value = value.map_err(|mut e| {
            e.union = Some(self.path.segments());
            e
        })?;
        Ok((
            value,
            TaggedVariant {
                node: self.node,
                path: self.path,
                ctx: self.ctx,
            },
        ))
    }
}

/// Answers the tag seed's request (`deserialize_enum(TAG, VARIANTS, ..)`) with the tag's value
/// node.
pub(crate) struct TagFinder<'de, 'p> {
    node: &'de Node,
    path: &'p PathLink<'p>,
    ctx: &'p Ctx<'p>,
}

impl<'de, 'p> de::Deserializer<'de> for TagFinder<'de, 'p> {
    type Error = DeError;

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        tag: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
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
                NodeDeserializer::new(value, &path, self.ctx)
                    .deserialize_str(visitor)
                    .map_err(|e| e.at(&path, value.pos))
            }
        }
    }

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, DeError> {
        Err(DeError::new(
            ErrorKind::Other,
            "a union's tag is read with `deserialize_enum`".into(),
        ))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

pub(crate) struct TaggedVariant<'de, 'p> {
    node: &'de Node,
    path: &'p PathLink<'p>,
    ctx: &'p Ctx<'p>,
}

impl<'de, 'p> TaggedVariant<'de, 'p> {
    fn whole(&self) -> NodeDeserializer<'de, 'p> {
        NodeDeserializer::new(self.node, self.path, self.ctx)
    }
}

impl<'de, 'p> de::VariantAccess<'de> for TaggedVariant<'de, 'p> {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, DeError> {
        seed.deserialize(self.whole())
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_any(self.whole(), visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_any(self.whole(), visitor)
    }
}

/// Enum access for serde's default (externally tagged) representation: `{variant: content}`.
pub(crate) struct ExternalAccess<'de, 'p> {
    pub(crate) key: &'de Key,
    pub(crate) node: &'de Node,
    pub(crate) path: &'p PathLink<'p>,
    pub(crate) ctx: &'p Ctx<'p>,
}

impl<'de, 'p> de::EnumAccess<'de> for ExternalAccess<'de, 'p> {
    type Error = DeError;
    type Variant = ExternalVariant<'de, 'p>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, ExternalVariant<'de, 'p>), DeError> {
        let path = PathLink::Key(self.path, &self.key.name);
        let value = seed
            .deserialize(KeyDeserializer(self.key, self.ctx))
            .map_err(|e| e.at(&path, self.key.pos))?;
        Ok((
            value,
            ExternalVariant {
                key: self.key,
                node: self.node,
                path: self.path,
                ctx: self.ctx,
            },
        ))
    }
}

pub(crate) struct ExternalVariant<'de, 'p> {
    key: &'de Key,
    node: &'de Node,
    path: &'p PathLink<'p>,
    ctx: &'p Ctx<'p>,
}

/// Reads the content of an externally tagged variant as a list or a mapping.
struct ContentSeed<V> {
    visitor: V,
    seq: bool,
}

impl<'de, V: Visitor<'de>> DeserializeSeed<'de> for ContentSeed<V> {
    type Value = V::Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        if self.seq {
            deserializer.deserialize_seq(self.visitor)
        } else {
            deserializer.deserialize_map(self.visitor)
        }
    }
}

impl<'de, 'p> de::VariantAccess<'de> for ExternalVariant<'de, 'p> {
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
        read(seed, self.node, &path, self.key.pos, self.ctx)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DeError> {
        let path = PathLink::Key(self.path, &self.key.name);
        read(
            ContentSeed { visitor, seq: true },
            self.node,
            &path,
            self.key.pos,
            self.ctx,
        )
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let path = PathLink::Key(self.path, &self.key.name);
        read(
            ContentSeed {
                visitor,
                seq: false,
            },
            self.node,
            &path,
            self.key.pos,
            self.ctx,
        )
    }
}

/// Enum access for a stand-in enum: its first variant (`variants` lists them), or a union's
/// first tag (`None`: the union asks for its tag, and names its tags then).
struct FirstVariant<'p> {
    path: &'p PathLink<'p>,
    ctx: &'p Ctx<'p>,
    variants: Option<&'static [&'static str]>,
}

impl<'de, 'p> de::EnumAccess<'de> for FirstVariant<'p> {
    type Error = DeError;
    type Variant = StandInVariant<'p>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, StandInVariant<'p>), DeError> {
        let value = match self.variants {
            Some(variants) => seed.deserialize(FirstOf(variants))?,
            None => seed.deserialize(FirstTag)?,
        };
        Ok((
            value,
            StandInVariant {
                path: self.path,
                ctx: self.ctx,
            },
        ))
    }
}

/// The content of a stand-in enum's variant: a stand-in.
struct StandInVariant<'p> {
    path: &'p PathLink<'p>,
    ctx: &'p Ctx<'p>,
}

impl<'de, 'p> de::VariantAccess<'de> for StandInVariant<'p> {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, DeError> {
        seed.deserialize(NodeDeserializer::stand_in(self.path, self.ctx, None))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_tuple(
            NodeDeserializer::stand_in(self.path, self.ctx, None),
            len,
            visitor,
        )
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_struct(
            NodeDeserializer::stand_in(self.path, self.ctx, None),
            "",
            fields,
            visitor,
        )
    }
}
