//! The serde [`Deserializer`](de::Deserializer) over a [`Node`] tree: strict types, YAML paths.

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use crate::error::{DeError, ErrorKind, quoted_list};
use crate::node::{Key, Node, Value};
use crate::path::PathLink;
use crate::yaml11::{Yaml11, yaml11_boolean};

pub(crate) struct NodeDeserializer<'a> {
    pub(crate) node: &'a Node,
    pub(crate) path: &'a PathLink<'a>,
}

impl<'a> NodeDeserializer<'a> {
    fn locate(&self, err: DeError) -> DeError {
        err.at(self.path, self.node.pos)
    }

    /// Refuses a plain scalar that YAML 1.1 (dstack's reader) reads otherwise than YAML 1.2,
    /// where the model expects a string (`quoted`) or a number.
    fn same_in_yaml11(&self, quoted: bool) -> Result<(), DeError> {
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
        Err(self.locate(yaml11_error(&plain.text, yaml11, &yaml12, quoted)))
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
            err.text_only = true;
        }
        self.locate(err)
    }

    /// A string handed to a type that takes any kind of value: a plain scalar that YAML 1.1
    /// (dstack's reader) reads otherwise is refused when a shorthand type takes it as text,
    /// unless the type lists it among the words it reads as written
    /// ([`crate::shorthand::Shorthand::YAML11_WORDS`]). Other types (`serde_json::Value`) get
    /// the YAML 1.2 reading.
    fn visit_any_str<'de, V: Visitor<'de>>(
        &self,
        s: &str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let ambiguous = self.node.plain.as_ref().is_some_and(|p| p.yaml11.is_some());
        crate::shorthand::took_text();
        let result = visitor.visit_str(s);
        crate::warnings::value_read(self.node.pos, || self.path.segments());
        let value = result.map_err(|e| self.locate(e))?;
        if crate::shorthand::took_text() && ambiguous {
            self.same_in_yaml11(true)?;
        }
        Ok(value)
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
                self.same_in_yaml11(false)?;
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
            Value::Str(s) => return self.visit_any_str(s, visitor),
            Value::Seq(items) => return self.visit_seq_node(items, visitor),
            Value::Map(entries) => return self.visit_map_node(entries, visitor),
        };
        // A scalar a model type read with a conversion it warns about (`warn_value`).
        crate::warnings::value_read(self.node.pos, || self.path.segments());
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
        self.same_in_yaml11(false)?;
        let value = match &self.node.value {
            Value::Float(f) => *f,
            Value::Int(i) => *i as f64,
            Value::UInt(u) => *u as f64,
            _ => return Err(self.wrong_type("a number")),
        };
        visitor.visit_f64(value).map_err(|e| self.locate(e))
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.same_in_yaml11(true)?;
        match &self.node.value {
            Value::Str(s) => visitor.visit_str(s).map_err(|e| self.locate(e)),
            _ => Err(self.wrong_type("a single character")),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.same_in_yaml11(true)?;
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
            crate::warnings::struct_read(name, entries, || self.path.segments());
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
                // `python: 3.10` is the number 3.1: the value meant is the text as written.
                if let Some(plain) = &self.node.plain
                    && variants.contains(&plain.text.as_str())
                {
                    err.hint = Some(format!("quote it: `\"{}\"`", plain.text));
                }
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
                seed.deserialize(KeyDeserializer(key))
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
/// type asks for one. Where a string is asked for (a map with string keys), a key that is not
/// a string (`1`, `~`) or that YAML 1.1 reads otherwise (`no`) is refused.
pub(crate) struct KeyDeserializer<'a>(pub(crate) &'a Key);

impl KeyDeserializer<'_> {
    fn string_key(&self) -> Result<&str, DeError> {
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
        if let Some(yaml11) = &key.yaml11 {
            return Err(yaml11_error(&key.name, yaml11, "a string", true));
        }
        Ok(&key.name)
    }
}

impl<'de, 'a> de::Deserializer<'de> for KeyDeserializer<'a> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_str(&self.0.name)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_str(self.string_key()?)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_str(self.string_key()?)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0.name.as_str() {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            _ => visitor.visit_str(&self.0.name),
        }
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0.name.parse::<i64>() {
            Ok(i) => visitor.visit_i64(i),
            Err(_) => visitor.visit_str(&self.0.name),
        }
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0.name.parse::<u64>() {
            Ok(u) => visitor.visit_u64(u),
            Err(_) => visitor.visit_str(&self.0.name),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_enum(self.0.name.as_str().into_deserializer())
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
/// a string (`quoted`) or a number is expected.
fn yaml11_error(text: &str, yaml11: &Yaml11, yaml12: &str, quoted: bool) -> DeError {
    let mut err = DeError::new(
        ErrorKind::WrongType,
        format!(
            "`{text}` is {} in YAML 1.1 (dstack's reader) and {yaml12} in YAML 1.2",
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
pub(crate) struct TaggedAccess<'a> {
    pub(crate) node: &'a Node,
    pub(crate) path: &'a PathLink<'a>,
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
pub(crate) struct TagFinder<'a> {
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

pub(crate) struct TaggedVariant<'a> {
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
pub(crate) struct ExternalAccess<'a> {
    pub(crate) key: &'a Key,
    pub(crate) node: &'a Node,
    pub(crate) path: &'a PathLink<'a>,
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
            .deserialize(KeyDeserializer(self.key))
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

pub(crate) struct ExternalVariant<'a> {
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
