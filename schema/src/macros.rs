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
/// (`type`, or the one given) that each variant struct also carries as an optional field (`r#type`,
/// or `field = NAME`).
///
/// Deserialisation goes through [`crate::tagged`], which keeps YAML paths and positions exact
/// when the input comes from [`crate::load`] and falls back to buffering for other formats.
/// Serialisation writes the variant struct, filling in its tag when it was not set.
macro_rules! tagged_union {
    ($union:ident, tag = $tag:literal, { $($variant:ident($ty:ty)),+ $(,)? }) => {
        tagged_union!($union, tag = $tag, field = r#type, { $($variant($ty)),+ });
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

/// Declares a struct whose fields are its own plus shared groups of fields, in a given order,
/// written once each (a group is a `macro_rules!` whose one rule appends its fields, e.g.
/// `profile_params` in `profiles.rs`). The struct is written as
/// ordinary Rust, preceded by `#[groups(...)]` naming the groups in order, with `fields` where
/// the struct's own fields go:
///
/// ```ignore
/// with_groups! {
///     #[groups(fields, base_run, profile_params)]
///     /// A task.
///     #[derive(Serialize, Deserialize, JsonSchema)]
///     pub struct TaskConfiguration {
///         /// Number of nodes
///         pub nodes: Option<IntRange>,
///     }
/// }
/// ```
///
/// Each struct stays a closed object listing its own fields (serde's `flatten` does not work
/// with `deny_unknown_fields`). The invocation's body parses as Rust items, so codegen's
/// registry scan finds the struct where it is written.
macro_rules! with_groups {
    (#[groups($($group:ident),+ $(,)?)] $(#[$meta:meta])* $vis:vis struct $name:ident { $($own:tt)* }) => {
        with_groups!(@munch [$($group)+] {} { $($own)* } { $(#[$meta])* $vis struct $name });
    };
    (@munch [] { $($fields:tt)* } $own:tt { $($head:tt)* }) => {
        $($head)* { $($fields)* }
    };
    (@munch [fields $($rest:ident)*] { $($fields:tt)* } { $($own:tt)* } $head:tt) => {
        with_groups!(@munch [$($rest)*] { $($fields)* $($own)* } { $($own)* } $head);
    };
    (@munch [$group:ident $($rest:ident)*] $fields:tt $own:tt $head:tt) => {
        $group!(@munch [$($rest)*] $fields $own $head);
    };
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
