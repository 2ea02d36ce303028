//! A catalogue of serde shapes. Each type is small, documented, and exercises one way serde
//! maps Rust to JSON/YAML; [`Catalogue`] holds one field of each so that a single root reaches
//! them all.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};

/// A unit enum with `rename_all`.
///
/// Serialised as a plain string.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Color {
    /// The colour of the sky.
    SkyBlue,
    /// The colour of grass.
    GrassGreen,
    /// No colour.
    None,
}

/// An externally tagged enum (serde's default): `{"Circle": {...}}`, `"Empty"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub enum External {
    /// A unit variant.
    Empty,
    /// A newtype variant.
    Radius(f64),
    /// A tuple variant.
    Point(i32, i32),
    /// A struct variant.
    Circle {
        /// The radius.
        radius: f64,
    },
}

/// An internally tagged enum: `{"kind": "square", "side": 2}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Internal {
    /// A square.
    Square {
        /// The length of a side.
        side: u32,
    },
    /// A named thing.
    Named(Named),
    /// Nothing else.
    Nothing,
}

/// A struct used as a newtype variant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Named {
    /// The name.
    pub name: String,
}

/// An adjacently tagged enum: `{"t": "text", "c": "hello"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "t", content = "c")]
pub enum Adjacent {
    /// Some text.
    #[serde(rename = "text")]
    Text(String),
    /// A number.
    #[serde(rename = "number")]
    Number(i64),
    /// Nothing.
    #[serde(rename = "none")]
    Nothing,
    /// A struct variant: its content is an object.
    #[serde(rename = "pair")]
    Pair {
        /// The first number.
        first: i32,
        /// The second number.
        second: i32,
    },
}

/// An untagged enum: whichever variant matches first.
///
/// `Count` comes before `Ratio`: `2` is a count, `2.0` and `2.5` are ratios.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Untagged {
    /// A boolean.
    Flag(bool),
    /// A whole number.
    Count(u32),
    /// Any other number.
    Ratio(f64),
    /// A list of strings.
    Words(Vec<String>),
    /// An object.
    Pair {
        /// The left side.
        left: i32,
        /// The right side.
        right: i32,
    },
}

/// A newtype struct: serialised as its inner value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct UserId(pub u64);

/// A tuple struct: serialised as a fixed-length list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// Every way a field can be absent or null.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Optionality {
    /// `Option` without attributes: the key may be omitted or null; `None` serialises as null.
    pub plain: Option<String>,
    /// `Option` with `default`: may be omitted or null.
    #[serde(default)]
    pub defaulted: Option<String>,
    /// `Option` skipped when `None`: may be omitted or null; `None` is not serialised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped: Option<i32>,
    /// A required value that may be null: the key must be given, `null` is a value.
    ///
    /// serde reads a missing `Option` field as `None` unless the field has a
    /// `deserialize_with`; the schema learns it from [`RequiredNullable`].
    #[serde(deserialize_with = "Option::deserialize")]
    #[schemars(with = "RequiredNullable<bool>")]
    pub nullable: Option<bool>,
    /// `Option` skipped when `None`, without `default`: serde still reads a missing key as
    /// `None`, so this is the same shape as `skipped`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped_only: Option<String>,
    /// A value with a default from a function; never null.
    #[serde(default = "default_retries")]
    pub retries: u8,
    /// A value with the type's default; never null.
    #[serde(default)]
    pub verbose: bool,
}

/// The schema of `Option<T>` (the value may be `null`) for a field serde requires.
///
/// `#[schemars(required)]` is not it: on an `Option` it means "present and not null".
pub struct RequiredNullable<T>(PhantomData<T>);

impl<T: JsonSchema> JsonSchema for RequiredNullable<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        <Option<T>>::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        <Option<T>>::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        <Option<T>>::json_schema(generator)
    }
}

/// The schema of a map keyed by `K` with `V` values, keys restricted by `propertyNames`.
///
/// schemars 1.2 lists the keys of a map keyed by a unit enum only when the enum's variants have
/// no doc comments (its schema is then one `enum`); with documented variants (a `oneOf` of
/// `const`s) the keys are unconstrained. `#[schemars(with = "EnumKeyed<K, V>")]` on the field
/// states them.
pub struct EnumKeyed<K, V>(PhantomData<(K, V)>);

impl<K: JsonSchema, V: JsonSchema> JsonSchema for EnumKeyed<K, V> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        format!("Map_from_{}_to_{}", K::schema_name(), V::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "type": "object",
            "additionalProperties": generator.subschema_for::<V>(),
            "propertyNames": generator.subschema_for::<K>(),
        })
    }
}

fn default_retries() -> u8 {
    3
}

/// Collections and maps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Collections {
    /// A list.
    pub list: Vec<String>,
    /// A hash map with string keys.
    pub hash: HashMap<String, i32>,
    /// An ordered map with string keys.
    pub ordered: BTreeMap<String, bool>,
    /// A map whose keys are a unit enum.
    ///
    /// schemars writes no key constraint for an enum whose variants have doc comments;
    /// [`EnumKeyed`] restores it (see the README, "Supported serde shapes").
    #[schemars(with = "EnumKeyed<Color, u16>")]
    pub by_color: BTreeMap<Color, u16>,
    /// A list of lists.
    pub matrix: Vec<Vec<f64>>,
    /// A map whose keys are a unit enum without variant docs: schemars lists the keys.
    pub by_level: HashMap<Level, u8>,
    /// A map with integer keys: JSON keys are strings, serde reads them as numbers.
    pub by_id: BTreeMap<u32, String>,
}

/// A unit enum whose variants have no doc comments: schemars writes it as one `enum` of
/// strings, and a map keyed by it as an object with one optional property per variant.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    // No `///` here on purpose: documented variants change the schema (see `Color`).
    Low,
    High,
}

/// Fields flattened from another struct.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Flattened {
    /// Its own field.
    pub id: String,
    /// The flattened part.
    #[serde(flatten)]
    pub meta: Meta,
}

/// The part that [`Flattened`] flattens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Meta {
    /// Who made it.
    pub author: String,
    /// When, as a year.
    pub year: Option<i32>,
}

/// Flattening with `deny_unknown_fields` on the outer struct.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StrictFlattened {
    /// Its own field.
    pub id: String,
    /// The flattened part.
    #[serde(flatten)]
    pub meta: Meta,
}

/// Flattening a map: every key the struct does not declare lands in the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FlattenedMap {
    /// Its own field.
    pub name: String,
    /// The other keys, each an integer.
    #[serde(flatten)]
    pub counts: BTreeMap<String, i64>,
}

/// Renamed fields and aliases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Renamed {
    /// Serialised as `firstName`.
    pub first_name: String,
    /// Serialised as `type`, a keyword in most languages.
    #[serde(rename = "type")]
    pub kind: String,
    /// Serialised as `class`; also read from `klass`.
    #[serde(rename = "class", alias = "klass")]
    pub class_name: Option<String>,
    /// A key that is not an identifier anywhere.
    #[serde(rename = "x-dash-key")]
    pub dash: Option<u8>,
}

/// A recursive tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tree {
    /// The value at this node.
    pub value: i32,
    /// The children.
    pub children: Vec<Tree>,
    /// An optional boxed parent-like link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<Box<Tree>>,
}

/// A recursive enum: recursion through `Box` and `Vec` inside an externally tagged enum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Expr {
    /// A number.
    Num(i64),
    /// The negation of an expression.
    Neg(Box<Expr>),
    /// The sum of two expressions.
    Add(Box<Expr>, Box<Expr>),
    /// A list of expressions.
    List(Vec<Expr>),
}

/// A generic wrapper, instantiated twice in [`Catalogue`].
///
/// schemars would name the instantiations `Page` and `Page2`; the `rename` gives each a
/// name of its own (`Page_for_string`, `Page_for_Tree`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Page_for_{T}")]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// The total number of items.
    pub total: u64,
}

/// Integers of every width, floats, booleans and characters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Numbers {
    /// 8-bit signed.
    pub i8: i8,
    /// 16-bit signed.
    pub i16: i16,
    /// 32-bit signed.
    pub i32: i32,
    /// 64-bit signed.
    pub i64: i64,
    /// 8-bit unsigned.
    pub u8: u8,
    /// 16-bit unsigned.
    pub u16: u16,
    /// 32-bit unsigned.
    pub u32: u32,
    /// 64-bit unsigned.
    pub u64: u64,
    /// Pointer-sized signed.
    pub isize: isize,
    /// Pointer-sized unsigned.
    pub usize: usize,
    /// 32-bit float.
    pub f32: f32,
    /// 64-bit float.
    pub f64: f64,
    /// A boolean.
    pub flag: bool,
    /// A single character.
    pub letter: char,
}

/// Free-form JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FreeForm {
    /// Any JSON value.
    pub anything: serde_json::Value,
    /// A map of any values.
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// schemars validation attributes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Validated {
    /// A percentage.
    #[schemars(range(min = 0, max = 100))]
    pub percent: u8,
    /// A short name.
    #[schemars(length(min = 1, max = 8))]
    pub short: String,
    /// A lowercase slug.
    #[schemars(regex(pattern = r"^[a-z][a-z0-9-]*$"))]
    pub slug: String,
    /// Between one and three tags.
    #[schemars(length(min = 1, max = 3))]
    pub tags: Vec<String>,
    /// A fraction.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub ratio: f64,
}

/// A unit struct: serialised as `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Marker;

/// Defaults for the whole struct (`#[serde(default)]` on the container): every key may be
/// omitted, and takes its value from `Default`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Defaults {
    /// A name.
    pub name: String,
    /// A count.
    pub count: u32,
    /// Colours.
    pub colors: Vec<Color>,
}

impl Default for Defaults {
    fn default() -> Self {
        Defaults {
            name: "unnamed".into(),
            count: 2,
            colors: vec![Color::SkyBlue],
        }
    }
}

/// Deprecated fields, marked with Rust's own `#[deprecated]`: they still load (with a
/// warning), and every output says they are deprecated and what replaces them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Deprecations {
    /// How many times to try again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_retries: Option<u32>,
    /// Whether to try again at all.
    #[deprecated(note = "Use `max-retries` instead.")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_on_failure: Option<bool>,
    /// A field deprecated without a note.
    #[deprecated]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy: Option<String>,
}

/// A second type whose Rust name is `Color`; the schema name is given explicitly, so the two
/// never share one (see [`clash`] for what happens without it).
pub mod legacy {
    use schemars::JsonSchema;
    use serde::{Deserialize, Serialize};

    /// The colours of an older version, named `LegacyColor` in every output.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
    #[serde(rename_all = "UPPERCASE")]
    #[schemars(rename = "LegacyColor")]
    pub enum Color {
        /// Red.
        Red,
        /// Blue.
        Blue,
    }
}

/// Shapes the outputs cannot express, for the tests of the errors that say so. Not reachable
/// from [`Catalogue`].
pub mod unsupported {
    use std::collections::BTreeMap;

    use schemars::JsonSchema;
    use serde::{Deserialize, Serialize};

    /// Declared keys and, flattened beside them, a map with integer keys: schemars writes
    /// `properties` and `patternProperties` together.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct NumberedExtras {
        /// A declared key.
        pub name: String,
        /// Every other key, an integer.
        #[serde(flatten)]
        pub extras: BTreeMap<u32, String>,
    }
}

/// Name collisions left unresolved, for the tests of their detection. Not reachable from
/// [`Catalogue`]: schemars names the second `Item` `Item2` and the second `Wrapper`
/// instantiation `Wrapper2`, silently.
pub mod clash {
    use schemars::JsonSchema;
    use serde::{Deserialize, Serialize};

    /// The first module with an `Item`.
    pub mod a {
        use schemars::JsonSchema;
        use serde::{Deserialize, Serialize};

        /// An item of `a`.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
        pub struct Item {
            /// A number.
            pub a: u8,
        }
    }

    /// The second module with an `Item`.
    pub mod b {
        use schemars::JsonSchema;
        use serde::{Deserialize, Serialize};

        /// An item of `b`.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
        pub struct Item {
            /// A string.
            pub b: String,
        }
    }

    /// A generic type without a `rename`.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Wrapper<T> {
        /// The wrapped value.
        pub inner: T,
    }

    /// Uses both `Item`s and two instantiations of `Wrapper`.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Clash {
        /// `a::Item`.
        pub first: a::Item,
        /// `b::Item`.
        pub second: b::Item,
        /// `Wrapper<u8>`.
        pub small: Wrapper<u8>,
        /// `Wrapper<String>`.
        pub text: Wrapper<String>,
    }
}

/// A type whose documentation has several paragraphs.
///
/// It has a list:
///
/// - first item
/// - second item with `code`
///
/// And a code block:
///
/// ```yaml
/// documented: true
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Documented {
    /// A field whose doc comment
    /// spans two lines.
    ///
    /// And a second paragraph with a [link](https://example.com).
    pub documented: bool,
}

/// The root: one field of every shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// A unit enum.
    pub color: Color,
    /// An externally tagged enum.
    pub external: External,
    /// An internally tagged enum.
    pub internal: Internal,
    /// An adjacently tagged enum.
    pub adjacent: Adjacent,
    /// An untagged enum.
    pub untagged: Untagged,
    /// A newtype struct.
    pub user: UserId,
    /// A tuple struct.
    pub rgb: Rgb,
    /// Optional and nullable fields.
    pub optionality: Optionality,
    /// Collections and maps.
    pub collections: Collections,
    /// Flattening.
    pub flattened: Flattened,
    /// Flattening with unknown fields denied.
    pub strict_flattened: StrictFlattened,
    /// Renames and aliases.
    pub renamed: Renamed,
    /// A recursive type.
    pub tree: Tree,
    /// A generic type instantiated with strings.
    pub names: Page<String>,
    /// The same generic type instantiated with trees.
    pub forest: Page<Tree>,
    /// Numbers of every width.
    pub numbers: Numbers,
    /// Free-form JSON.
    pub free: FreeForm,
    /// Validation attributes.
    pub validated: Validated,
    /// Multi-paragraph documentation.
    pub documented: Documented,
    /// A flattened map.
    pub flattened_map: FlattenedMap,
    /// A recursive enum.
    pub expr: Expr,
    /// A unit struct.
    pub marker: Marker,
    /// Defaults for every field.
    pub defaults: Defaults,
    /// A type whose Rust name collides with another's, renamed.
    pub legacy_color: legacy::Color,
    /// Deprecated fields.
    pub deprecations: Deprecations,
}
