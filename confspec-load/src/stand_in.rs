//! The stand-in: what the loader hands a type in place of a value it already reported as wrong
//! (or of a required key it reported missing), so that deserialisation can go on and reach the
//! document's other errors ([`crate::collect`]).
//!
//! A stand-in answers each request with the plainest value of the kind asked for: `false`, `0`,
//! an empty string or list or mapping, no value for an `Option`, the first variant of an enum
//! (of a union selected by a tag key, its first tag), and a struct with every field a stand-in in
//! turn. A reader that asks for anything (`deserialize_any`) gets the kind the rejected value's
//! reader asked for when that was a plain one, else null. An error while a stand-in is read is
//! marked as such: it is never reported, and it ends the collection.
//!
//! The stand-in is a mode of the loader's own deserializer
//! ([`crate::deserializer::NodeDeserializer`]), not a deserializer of its own, so that a model's
//! types are compiled for one deserializer. This module holds what answers a stand-in enum's
//! request for its variant: the first of its variants, or a union's first tag.

use serde::de::{self, Visitor};

use crate::error::{DeError, ErrorKind};

/// The first of `variants`, as a variant identifier.
pub(crate) struct FirstOf(pub(crate) &'static [&'static str]);

impl<'de> de::Deserializer<'de> for FirstOf {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0.first() {
            Some(first) => visitor.visit_borrowed_str(first),
            None => Err(DeError::new(
                ErrorKind::Other,
                "an enum without variants has no value".into(),
            )),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// A tagged union's tag: the tag seed asks `deserialize_enum(TAG, VARIANTS, ..)`.
pub(crate) struct FirstTag;

impl<'de> de::Deserializer<'de> for FirstTag {
    type Error = DeError;

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _tag: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        FirstOf(variants).deserialize_any(visitor)
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
