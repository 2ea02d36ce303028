//! Deserialisation of unions selected by a tag key (`type: aws`).
//!
//! serde's own internally tagged enums buffer the whole map before choosing a variant, which
//! throws away where each value came from: an error deep inside a variant would be reported at
//! the union. Here the union asks the deserializer for a newtype struct named [`MARKER`]. The
//! loader's deserializer recognises the name, reads the tag value in place and hands the
//! same YAML node to the chosen variant, so paths and positions stay exact. Any other deserializer
//! (JSON, a YAML value) treats the newtype as transparent, and the union buffers the map as JSON
//! and dispatches on the tag, reading the variant from the buffered map with the loader's own
//! deserializer (`read_json`), so that a model's types are compiled for one deserializer.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, VariantAccess, Visitor};

/// Name of the newtype struct through which a tagged union asks for in-place dispatch.
pub const MARKER: &str = "$confspec_load::private::TaggedUnion";

/// What a tagged union needs to describe itself to the deserializer.
pub trait Dispatch {
    /// The union type.
    type Output;
    /// The union's name, for messages.
    const NAME: &'static str;
    /// The key whose value selects the variant.
    const TAG: &'static str;
    /// Every accepted tag value.
    const VARIANTS: &'static [&'static str];
    /// Deserialises the variant selected by `tag` from the whole map (tag included).
    fn deserialize_variant<'de, D: Deserializer<'de>>(
        tag: &str,
        deserializer: D,
    ) -> Result<Self::Output, D::Error>;
    /// Deserialises the variant selected by `tag` from the map buffered as JSON (the path of
    /// deserializers other than the loader's), with the loader's own deserializer (`read_json`). Not generic, so that the
    /// model's crate compiles it once rather than each crate that loads the union.
    fn from_json(tag: &str, value: JsonValue) -> Result<Self::Output, JsonError>;
}

/// The buffered map a union reads its variant from ([`Dispatch::from_json`]).
pub type JsonValue = serde_json::Value;

/// The error of reading a variant from the buffered map.
pub type JsonError = serde_json::Error;

/// Deserialises a tagged union described by `T`.
pub fn deserialize<'de, T: Dispatch, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T::Output, D::Error> {
    deserializer.deserialize_newtype_struct(MARKER, UnionVisitor::<T>(PhantomData))
}

struct UnionVisitor<T>(PhantomData<T>);

impl<'de, T: Dispatch> Visitor<'de> for UnionVisitor<T> {
    type Value = T::Output;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a mapping with a `{}` key", T::TAG)
    }

    /// The in-place path: the deserializer finds the tag, then gives the whole node to the variant.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        let (tag, variant) = data.variant_seed(TagSeed::<T>(PhantomData))?;
        variant.newtype_variant_seed(VariantSeed::<T> {
            tag,
            marker: PhantomData,
        })
    }

    /// The buffering path, for deserializers that do not know [`MARKER`].
    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        let tag = match &value {
            serde_json::Value::Object(map) => match map.get(T::TAG) {
                Some(serde_json::Value::String(tag)) => tag.clone(),
                Some(other) => {
                    return Err(de::Error::invalid_type(unexpected(other), &"a string tag"));
                }
                None => return Err(de::Error::missing_field(T::TAG)),
            },
            other => return Err(de::Error::invalid_type(unexpected(other), &self)),
        };
        if !T::VARIANTS.contains(&tag.as_str()) {
            return Err(de::Error::unknown_variant(&tag, T::VARIANTS));
        }
        T::from_json(&tag, value).map_err(de::Error::custom)
    }
}

use serde::Deserialize;

fn unexpected(value: &serde_json::Value) -> de::Unexpected<'_> {
    match value {
        serde_json::Value::Null => de::Unexpected::Unit,
        serde_json::Value::Bool(b) => de::Unexpected::Bool(*b),
        serde_json::Value::Number(_) => de::Unexpected::Other("a number"),
        serde_json::Value::String(s) => de::Unexpected::Str(s),
        serde_json::Value::Array(_) => de::Unexpected::Seq,
        serde_json::Value::Object(_) => de::Unexpected::Map,
    }
}

/// Reads the tag: asks for an enum named [`Dispatch::TAG`] with the variants
/// [`Dispatch::VARIANTS`], which the deserializer answers with the tag's value node (and a
/// stand-in for a union, with the first variant).
struct TagSeed<T>(PhantomData<T>);

impl<'de, T: Dispatch> DeserializeSeed<'de> for TagSeed<T> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_enum(T::TAG, T::VARIANTS, TagVisitor::<T>(PhantomData))
    }
}

struct TagVisitor<T>(PhantomData<T>);

impl<'de, T: Dispatch> Visitor<'de> for TagVisitor<T> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "one of {}", T::VARIANTS.join(", "))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<String, E> {
        if T::VARIANTS.contains(&value) {
            Ok(value.to_owned())
        } else {
            Err(E::unknown_variant(value, T::VARIANTS))
        }
    }
}

struct VariantSeed<T> {
    tag: String,
    marker: PhantomData<T>,
}

impl<'de, T: Dispatch> DeserializeSeed<'de> for VariantSeed<T> {
    type Value = T::Output;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T::Output, D::Error> {
        T::deserialize_variant(&self.tag, deserializer)
    }
}

// The macros a model uses to declare tagged unions. A crate using them depends on serde and
// schemars (the derives they write name both).

/// Declares a single-valued string type used as the `type` tag of a union variant.
///
/// The generated enum has one variant that (de)serialises as the literal and is inlined into the
/// schema of the struct that uses it, so the schema reads `{"type": "string", "const": "aws"}`.
#[macro_export]
macro_rules! tag_literal {
    ($(#[$meta:meta])* $name:ident = $value:literal) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, Default,
            serde::Serialize, serde::Deserialize, schemars::JsonSchema,
        )]
        #[schemars(inline)]
        pub enum $name {
            #[default]
            #[serde(rename = $value)]
            Value,
        }

        impl $name {
            /// The literal this tag stands for.
            pub const VALUE: &'static str = $value;
        }
    };
}

/// Implements `Serialize` and `Deserialize` for an enum whose variants are selected by a tag key
/// (`type`, or the one given) that each variant struct also carries as an optional field (`r#type`,
/// or `field = NAME`).
///
/// Deserialisation goes through [`crate::tagged`], which keeps YAML paths and positions exact
/// when the input comes from this crate's loader and falls back to buffering for other formats.
/// Serialisation writes the variant struct, filling in its tag when it was not set.
#[macro_export]
macro_rules! tagged_union {
    ($union:ident, tag = $tag:literal, { $($variant:ident($ty:ty)),+ $(,)? }) => {
        $crate::tagged_union!($union, tag = $tag, field = r#type, { $($variant($ty)),+ });
    };
    ($union:ident, tag = $tag:literal, field = $field:ident, { $($variant:ident($ty:ty)),+ $(,)? }) => {
        impl $union {
            /// The tag values of the variants, in declaration order.
            pub const TAGS: &'static [&'static str] = &[$(<$ty>::TAG),+];

            /// The tag value of this variant.
            pub fn tag(&self) -> &'static str {
                match self { $($union::$variant(_) => <$ty>::TAG),+ }
            }
        }

        impl serde::Serialize for $union {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    $($union::$variant(inner) => {
                        if inner.$field.is_some() {
                            inner.serialize(serializer)
                        } else {
                            let mut tagged = inner.clone();
                            tagged.$field = Some(Default::default());
                            tagged.serialize(serializer)
                        }
                    })+
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for $union {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Dispatch;
                impl $crate::tagged::Dispatch for Dispatch {
                    type Output = $union;
                    const NAME: &'static str = stringify!($union);
                    const TAG: &'static str = $tag;
                    const VARIANTS: &'static [&'static str] = $union::TAGS;
                    fn deserialize_variant<'de, D: serde::Deserializer<'de>>(
                        tag: &str,
                        deserializer: D,
                    ) -> Result<$union, D::Error> {
                        $(if tag == <$ty>::TAG {
                            return <$ty as serde::Deserialize>::deserialize(deserializer).map($union::$variant);
                        })+
                        Err(<D::Error as serde::de::Error>::unknown_variant(tag, $union::TAGS))
                    }
                    fn from_json(
                        tag: &str,
                        value: $crate::tagged::JsonValue,
                    ) -> Result<$union, $crate::tagged::JsonError> {
                        $crate::read_json(value, |deserializer| {
                            Self::deserialize_variant(tag, deserializer)
                        })
                    }
                }
                $crate::tagged::deserialize::<Dispatch, D>(deserializer)
            }
        }
    };
}

/// Gives a variant struct its `TAG` constant from the literal type of its `type` field.
#[macro_export]
macro_rules! variant_tag {
    ($ty:ty, $literal:ty) => {
        impl $ty {
            /// The value of `type` that selects this variant.
            pub const TAG: &'static str = <$literal>::VALUE;
        }
    };
}
