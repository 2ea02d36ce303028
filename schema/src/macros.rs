//! Declarative helpers shared by the model modules.

/// Declares a single-valued string type used as the `type` tag of a union variant.
///
/// The generated enum has one variant that (de)serialises as the literal and is inlined into the
/// schema of the struct that uses it, so the schema reads `{"type": "string", "const": "aws"}`.
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
/// (`type`) that each variant struct also carries as an optional field named `r#type`.
///
/// Deserialisation goes through [`crate::tagged`], which keeps YAML paths and positions exact
/// when the input comes from [`crate::load`] and falls back to buffering for other formats.
/// Serialisation writes the variant struct, filling in its tag when it was not set.
macro_rules! tagged_union {
    ($union:ident, tag = $tag:literal, { $($variant:ident($ty:ty)),+ $(,)? }) => {
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
                        if inner.r#type.is_some() {
                            inner.serialize(serializer)
                        } else {
                            let mut tagged = inner.clone();
                            tagged.r#type = Some(Default::default());
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
                }
                $crate::tagged::deserialize::<Dispatch, D>(deserializer)
            }
        }
    };
}

/// Gives a variant struct its `TAG` constant from the literal type of its `type` field.
macro_rules! variant_tag {
    ($ty:ty, $literal:ty) => {
        impl $ty {
            /// The value of `type` that selects this variant.
            pub const TAG: &'static str = <$literal>::VALUE;
        }
    };
}

/// Deserialises a field that may be omitted but, when present, may not be `null`.
pub(crate) fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// Deserialises a string that may not be empty (a path the server opens, for instance); the
/// schema says the same with `#[schemars(length(min = 1))]`.
pub(crate) fn non_empty<'de, D>(deserializer: D) -> Result<String, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let text = <String as serde::Deserialize>::deserialize(deserializer)?;
    if text.is_empty() {
        return Err(serde::de::Error::invalid_value(
            serde::de::Unexpected::Str(&text),
            &"a non-empty string",
        ));
    }
    Ok(text)
}
