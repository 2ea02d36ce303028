//! Enum access: the tagged-union protocol of [`crate::tagged`] and serde's externally tagged form.

use serde::de::{self, DeserializeSeed, Visitor};

use super::deserializer::{KeyDeserializer, NodeDeserializer, PathLink};
use super::error::{DeError, ErrorKind};
use super::node::{Key, Node, Value};

/// Enum access for the tagged-union protocol of [`crate::tagged`].
pub(super) struct TaggedAccess<'a> {
    pub(super) node: &'a Node,
    pub(super) path: &'a PathLink<'a>,
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
pub(super) struct TagFinder<'a> {
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

pub(super) struct TaggedVariant<'a> {
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
pub(super) struct ExternalAccess<'a> {
    pub(super) key: &'a Key,
    pub(super) node: &'a Node,
    pub(super) path: &'a PathLink<'a>,
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

pub(super) struct ExternalVariant<'a> {
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
