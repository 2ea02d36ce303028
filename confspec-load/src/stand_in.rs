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

use serde::de::{self, DeserializeSeed, Visitor};

use crate::error::{DeError, ErrorKind, Shape};
use crate::node::Pos;
use crate::path::PathLink;

/// The stand-in for the value at `path`; `shape` is what a reader that asks for anything gets.
pub(crate) struct StandIn<'p> {
    pub(crate) path: &'p PathLink<'p>,
    pub(crate) shape: Option<Shape>,
}

impl StandIn<'_> {
    fn mark(&self, err: DeError) -> DeError {
        err.by_stand_in().at(self.path, Pos::default())
    }

    fn field(&self) -> StandIn<'_> {
        StandIn {
            path: self.path,
            shape: None,
        }
    }
}

macro_rules! zero {
    ($($method:ident => $visit:ident($zero:expr)),+ $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
                visitor.$visit($zero).map_err(|e| self.mark(e))
            }
        )+
    };
}

impl<'de> de::Deserializer<'de> for StandIn<'_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let result = match self.shape {
            Some(Shape::Str) => visitor.visit_borrowed_str(""),
            Some(Shape::Int) => visitor.visit_u64(0),
            Some(Shape::Float) => visitor.visit_f64(0.0),
            Some(Shape::Bool) => visitor.visit_bool(false),
            Some(Shape::Seq) => visitor.visit_seq(Fields::empty(self.path)),
            Some(Shape::Map) => visitor.visit_map(Fields::empty(self.path)),
            None => visitor.visit_unit(),
        };
        result.map_err(|e| self.mark(e))
    }

    zero! {
        deserialize_bool => visit_bool(false),
        deserialize_i8 => visit_i8(0),
        deserialize_i16 => visit_i16(0),
        deserialize_i32 => visit_i32(0),
        deserialize_i64 => visit_i64(0),
        deserialize_i128 => visit_i128(0),
        deserialize_u8 => visit_u8(0),
        deserialize_u16 => visit_u16(0),
        deserialize_u32 => visit_u32(0),
        deserialize_u64 => visit_u64(0),
        deserialize_u128 => visit_u128(0),
        deserialize_f32 => visit_f32(0.0),
        deserialize_f64 => visit_f64(0.0),
        deserialize_char => visit_char(' '),
        deserialize_str => visit_borrowed_str(""),
        deserialize_string => visit_borrowed_str(""),
        deserialize_identifier => visit_borrowed_str(""),
        deserialize_bytes => visit_borrowed_bytes(&[]),
        deserialize_byte_buf => visit_borrowed_bytes(&[]),
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_none().map_err(|e| self.mark(e))
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit().map_err(|e| self.mark(e))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_unit().map_err(|e| self.mark(e))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let path = self.path;
        let result = if name == crate::tagged::MARKER {
            visitor.visit_enum(FirstVariant {
                path,
                variant: None,
            })
        } else {
            visitor.visit_newtype_struct(self.field())
        };
        result.map_err(|e| e.by_stand_in().at(path, Pos::default()))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor
            .visit_seq(Fields::empty(self.path))
            .map_err(|e| self.mark(e))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor
            .visit_seq(Fields::items(self.path, len))
            .map_err(|e| self.mark(e))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_tuple(len, visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor
            .visit_map(Fields::empty(self.path))
            .map_err(|e| self.mark(e))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor
            .visit_map(Fields::keys(self.path, fields))
            .map_err(|e| self.mark(e))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let path = self.path;
        visitor
            .visit_enum(FirstVariant {
                path,
                variant: Some(variants),
            })
            .map_err(|e| e.by_stand_in().at(path, Pos::default()))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit().map_err(|e| self.mark(e))
    }
}

/// A stand-in list or mapping: no entries, `len` stand-in items, or every field of a struct
/// with a stand-in value.
struct Fields<'p> {
    path: &'p PathLink<'p>,
    keys: std::slice::Iter<'static, &'static str>,
    items: usize,
}

impl<'p> Fields<'p> {
    fn empty(path: &'p PathLink<'p>) -> Fields<'p> {
        Fields {
            path,
            keys: [].iter(),
            items: 0,
        }
    }

    fn items(path: &'p PathLink<'p>, items: usize) -> Fields<'p> {
        Fields {
            items,
            ..Fields::empty(path)
        }
    }

    fn keys(path: &'p PathLink<'p>, keys: &'static [&'static str]) -> Fields<'p> {
        Fields {
            keys: keys.iter(),
            ..Fields::empty(path)
        }
    }

    fn value(&self) -> StandIn<'p> {
        StandIn {
            path: self.path,
            shape: None,
        }
    }
}

impl<'de> de::SeqAccess<'de> for Fields<'_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        if self.items == 0 {
            return Ok(None);
        }
        self.items -= 1;
        seed.deserialize(self.value()).map(Some)
    }
}

impl<'de> de::MapAccess<'de> for Fields<'_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        match self.keys.next() {
            None => Ok(None),
            Some(key) => seed
                .deserialize(de::value::BorrowedStrDeserializer::new(key))
                .map(Some),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        seed.deserialize(self.value())
    }
}

/// The first variant of an enum (`variant` lists them), or of a union selected by a tag key
/// (`None`: the union asks for its tag, and names its tags then).
struct FirstVariant<'p> {
    path: &'p PathLink<'p>,
    variant: Option<&'static [&'static str]>,
}

impl<'de, 'p> de::EnumAccess<'de> for FirstVariant<'p> {
    type Error = DeError;
    type Variant = StandIn<'p>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, StandIn<'p>), DeError> {
        let value = match self.variant {
            Some(variants) => seed.deserialize(FirstOf(variants))?,
            None => seed.deserialize(FirstTag)?,
        };
        Ok((
            value,
            StandIn {
                path: self.path,
                shape: None,
            },
        ))
    }
}

/// The first of `variants`, as a variant identifier.
struct FirstOf(&'static [&'static str]);

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
struct FirstTag;

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

impl<'de> de::VariantAccess<'de> for StandIn<'_> {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, DeError> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_tuple(self, len, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_struct(self, "", fields, visitor)
    }
}
