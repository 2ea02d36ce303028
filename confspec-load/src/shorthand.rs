//! Deserialisation of values written either as a scalar shorthand or in full (`gpu: A100:80GB:2`
//! or `gpu: {name: [A100], ...}`).
//!
//! Each such type keeps the form it was written in (so that it serialises back unchanged) and
//! says, through [`Shorthand`], which YAML kinds it takes. The visitor asks the deserializer for
//! whatever is there (`deserialize_any`), so a mapping is handed to the full form's own
//! deserializer in place and errors inside it keep their exact YAML path and position.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};

/// Why a scalar was refused.
pub enum Reject {
    /// This kind of value is not accepted at all (`expected ..., found a boolean`).
    Kind,
    /// The kind is accepted but not this value; the text says what is expected
    /// (`expected a memory size such as 8GB, found string "8GiB"`).
    Value(String),
    /// The value breaks a rule that its form cannot show (`min` greater than `max`).
    Rule(String),
}

/// A type with a scalar shorthand. Every method refuses its kind unless overridden.
pub trait Shorthand: Sized {
    /// What the type accepts, for messages: `a memory size (8GB) or a number of gigabytes`.
    const EXPECTING: &'static str;
    /// Plain words that YAML 1.1 reads otherwise (`off` is a boolean there) which the type
    /// reads as written. Any other such plain scalar that the type takes as text is refused by
    /// the loader, with a hint to quote it.
    const YAML11_WORDS: &'static [&'static str] = &[];

    /// The rejection of a value of an accepted kind but not of the form: the message is what
    /// the type accepts ([`Self::EXPECTING`]).
    fn unexpected() -> Reject {
        Reject::Value(Self::EXPECTING.into())
    }
    /// An integer.
    fn from_int(_value: i128) -> Result<Self, Reject> {
        Err(Reject::Kind)
    }
    /// A floating-point number.
    fn from_float(_value: f64) -> Result<Self, Reject> {
        Err(Reject::Kind)
    }
    /// A string.
    fn from_text(_value: &str) -> Result<Self, Reject> {
        Err(Reject::Kind)
    }
    /// A boolean.
    fn from_bool(_value: bool) -> Result<Self, Reject> {
        Err(Reject::Kind)
    }
    /// A mapping (the full form), read in place.
    fn from_map<'de, A: MapAccess<'de>>(_map: A) -> Result<Self, A::Error> {
        Err(de::Error::invalid_type(
            Unexpected::Map,
            &Expecting(Self::EXPECTING),
        ))
    }
    /// A list.
    fn from_seq<'de, A: SeqAccess<'de>>(_seq: A) -> Result<Self, A::Error> {
        Err(de::Error::invalid_type(
            Unexpected::Seq,
            &Expecting(Self::EXPECTING),
        ))
    }
}

/// `value` if it is a finite number not below zero (a size or a version written as a float).
pub fn non_negative(value: f64) -> Option<f64> {
    (value.is_finite() && value >= 0.0).then_some(value)
}

/// Reads the full form of a shorthand type from a mapping, in place.
pub fn map_into<'de, T: Deserialize<'de>, A: MapAccess<'de>>(map: A) -> Result<T, A::Error> {
    T::deserialize(de::value::MapAccessDeserializer::new(map))
}

/// Reads a list, in place.
pub fn seq_into<'de, T: Deserialize<'de>, A: SeqAccess<'de>>(seq: A) -> Result<T, A::Error> {
    T::deserialize(de::value::SeqAccessDeserializer::new(seq))
}

/// Deserialises a [`Shorthand`] type from whatever the input holds.
pub fn deserialize<'de, T: Shorthand, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_any(ShorthandVisitor::<T>(PhantomData))
}

struct Expecting(&'static str);

impl de::Expected for Expecting {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.0)
    }
}

struct Text<'a>(&'a str);

impl de::Expected for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.0)
    }
}

struct ShorthandVisitor<T>(PhantomData<T>);

impl<T: Shorthand> ShorthandVisitor<T> {
    fn finish<E: de::Error>(result: Result<T, Reject>, unexpected: Unexpected) -> Result<T, E> {
        result.map_err(|reject| match reject {
            Reject::Kind => E::invalid_type(unexpected, &Expecting(T::EXPECTING)),
            Reject::Value(expected) => E::invalid_value(unexpected, &Text(&expected)),
            Reject::Rule(message) => E::custom(message),
        })
    }
}

impl<'de, T: Shorthand> Visitor<'de> for ShorthandVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
        Self::finish(T::from_bool(v), Unexpected::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        Self::finish(T::from_int(v.into()), Unexpected::Signed(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        Self::finish(T::from_int(v.into()), Unexpected::Unsigned(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        Self::finish(T::from_float(v), Unexpected::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        let value = Self::finish(T::from_text(v), Unexpected::Str(v))?;
        if !T::YAML11_WORDS.contains(&v) {
            TOOK_TEXT.with(|took| took.set(true));
        }
        Ok(value)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(map)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        T::from_seq(seq)
    }
}

thread_local! {
    /// Whether a shorthand type took the scalar being read as text (not as one of its
    /// [`Shorthand::YAML11_WORDS`]).
    static TOOK_TEXT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Resets the record of whether a shorthand type took the scalar being read as text; returns
/// what it was.
pub(crate) fn took_text() -> bool {
    TOOK_TEXT.with(|took| took.replace(false))
}

/// Implements `Deserialize` for [`Shorthand`] types.
#[macro_export]
macro_rules! deserialize_shorthand {
    ($($ty:ty),+ $(,)?) => {
        $(impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::shorthand::deserialize(deserializer)
            }
        })+
    };
}
