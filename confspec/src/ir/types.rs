//! The IR's types: named types and their shapes (structs, unions, aliases), fields, type
//! references, validation rules, docs and deprecations, as every emitter reads them.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;
use serde_json::Value;

use super::text::{description, normalize_description};

/// A named type.
#[derive(Debug, Clone, Serialize)]
pub struct TypeDef {
    /// The user-facing name (`AWSConfig`).
    pub name: String,
    /// The doc comment, as markdown (soft line breaks joined).
    pub description: Option<String>,
    /// What the type is.
    pub shape: Shape,
    /// Where it is declared, when known.
    pub source: Option<Source>,
    /// Where its doc comment is written, when known ([`Model::add_doc_comments`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<DocSource>,
    /// Set when the type is deprecated.
    pub deprecated: Option<Deprecation>,
    /// The schema schemars wrote for it (draft-07).
    #[serde(skip)]
    pub schema: Value,
}

impl TypeDef {
    /// The doc comment of each value of an enumeration, in the order of `Shape::Enum`'s values
    /// (empty for other shapes): schemars writes a documented unit variant as a `oneOf` member
    /// with its `const` and `description`.
    pub fn value_descriptions(&self) -> Vec<Option<String>> {
        let Shape::Enum { values } = &self.shape else {
            return Vec::new();
        };
        let members = self
            .schema
            .get("oneOf")
            .or_else(|| self.schema.get("anyOf"))
            .and_then(Value::as_array);
        let is = |member: &Value, value: &Value| {
            member.get("const") == Some(value)
                || member
                    .get("enum")
                    .and_then(Value::as_array)
                    .is_some_and(|e| e.len() == 1 && e[0] == *value)
        };
        values
            .iter()
            .map(|value| {
                members
                    .and_then(|list| list.iter().find(|m| is(m, value)))
                    .and_then(description)
            })
            .collect()
    }
}

/// Where a type is declared.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Source {
    /// The Rust path (`schema::aws::AwsConfig`).
    pub rust_path: String,
    /// The file, relative to the workspace root.
    pub file: String,
    /// The line of the type's name.
    pub line: usize,
}

/// The shape of a named type.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Shape {
    /// An object with named fields.
    Struct(Struct),
    /// One of several types.
    Union(Union),
    /// A closed set of literal values.
    Enum {
        /// The values, in declaration order.
        values: Vec<Value>,
    },
    /// Another type under this name (newtypes, aliases, anything not an object or a union).
    Alias {
        /// The aliased type.
        target: TypeRef,
    },
}

/// An object type.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct Struct {
    /// The fields, in declaration order.
    pub fields: Vec<Field>,
    /// Whether keys other than the fields are rejected.
    pub deny_unknown: bool,
    /// The type of extra keys, when extra keys are accepted with a known type.
    pub extra: Option<Box<TypeRef>>,
    /// Groups of fields of which exactly one must be given.
    pub exactly_one_of: Vec<Vec<String>>,
    /// Fields of those groups that count as given only when not empty (the group's branch
    /// says `minLength: 1`), in the order of `fields`.
    pub given_when_non_empty: Vec<String>,
    /// Cross-field rules stated as JSON Schema: the members of the object's `allOf`, each a
    /// draft-07 schema the whole object must satisfy (`if`/`then`, `anyOf` of `required`...).
    pub rules: Vec<SchemaRule>,
}

/// A cross-field rule of a struct, as its schema states it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SchemaRule {
    /// What the rule says, in a sentence (the member's `description`).
    pub description: Option<String>,
    /// The draft-07 schema the object must satisfy.
    pub schema: Value,
}

/// A field of a struct.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Field {
    /// The key in the serialised form.
    pub name: String,
    /// The doc comment, as markdown.
    pub description: Option<String>,
    /// The field's type.
    pub ty: TypeRef,
    /// Whether the key must be present.
    pub required: bool,
    /// The default value the model documents, when the key may be omitted.
    pub default: Option<Value>,
    /// Set when the field is deprecated: it still loads, with a warning.
    pub deprecated: Option<Deprecation>,
    /// Whether the field may only be read (never written by users).
    pub read_only: bool,
    /// Where its doc comment is written, when known ([`Model::add_doc_comments`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<DocSource>,
    /// Where the field is declared, when known ([`Model::add_doc_comments`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
}

/// A place in the model's sources: a file and a line.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Place {
    /// The file, relative to the project root.
    pub file: String,
    /// The line, 1-based.
    pub line: usize,
}

impl Field {
    /// The description with the spaces its doc comment ends with, which schemars trims from
    /// `description` (a `#[doc = "... "]` attribute keeps them, where rustfmt strips them from
    /// `///`): a format that joins the description and what follows it as written (the
    /// `compat` style) shows them. The description alone when the doc comment ends without
    /// spaces or is not where the description comes from.
    pub fn description_as_written(&self) -> Option<Cow<'_, str>> {
        let description = self.description.as_deref()?;
        let Some(doc) = &self.doc else {
            return Some(Cow::Borrowed(description));
        };
        let text = doc.text();
        let spaces = &text[text.trim_end_matches(' ').len()..];
        if spaces.is_empty() || normalize_description(&text) != description {
            return Some(Cow::Borrowed(description));
        }
        Some(Cow::Owned(format!("{description}{spaces}")))
    }
}

/// Where a doc comment is written in the model's sources, and its lines as written there.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DocSource {
    /// The file, relative to the project root.
    pub file: String,
    /// Each line: its number and its text (`/// x` is ` x`).
    pub lines: Vec<(usize, String)>,
}

impl DocSource {
    /// The line the comment starts on.
    pub fn first_line(&self) -> usize {
        self.lines.first().map_or(0, |(line, _)| *line)
    }

    /// The first line whose text `holds`, else the first line.
    pub fn line_where(&self, holds: impl Fn(&str) -> bool) -> usize {
        self.lines
            .iter()
            .find(|(_, text)| holds(text))
            .map_or_else(|| self.first_line(), |(line, _)| *line)
    }

    /// The text as schemars reads it before trimming: each line without one leading space,
    /// joined by newlines.
    pub fn text(&self) -> String {
        let lines: Vec<&str> = self
            .lines
            .iter()
            .map(|(_, text)| text.strip_prefix(' ').unwrap_or(text))
            .collect();
        lines.join("\n")
    }
}

/// A union of types.
#[derive(Debug, Clone, Serialize)]
pub struct Union {
    /// The key that selects the variant, when every variant is an object with a distinct
    /// literal value under the same key.
    pub tag: Option<String>,
    /// The variants, in declaration order.
    pub variants: Vec<Variant>,
}

/// A variant of a union.
#[derive(Debug, Clone, Serialize)]
pub struct Variant {
    /// The variant's type.
    pub ty: TypeRef,
    /// The value of the tag key that selects it (for tagged unions).
    pub tag_value: Option<String>,
    /// The variant's doc comment.
    pub description: Option<String>,
    /// Set when the variant is deprecated.
    pub deprecated: Option<Deprecation>,
    /// The named struct this variant is, the union's tag added to it: a newtype variant of an
    /// internally tagged enum (`Local(LocalStorage)` under `#[serde(tag = "type")]`), which
    /// schemars writes as an object of its own (`ty`: the struct's fields and the tag).
    /// Package outputs declare the struct once and use it for the variant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
}

/// A deprecation, as the model states it with Rust's own `#[deprecated(note = "...")]`:
/// schemars writes `"deprecated": true`, and the note (what to use instead) comes from the
/// model's sources ([`DeprecationNote`], joined by [`Model::add_deprecation_notes`]).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Deprecation {
    /// The attribute's note, e.g. ``Use `retry` instead``.
    pub note: Option<String>,
}

impl Deprecation {
    /// The deprecation in a sentence about `subject` (a key or a type name): what editors show
    /// and what loading a document that uses it warns.
    pub fn message(&self, subject: &str) -> String {
        match &self.note {
            Some(note) => format!("`{subject}` is deprecated. {note}"),
            None => format!("`{subject}` is deprecated."),
        }
    }
}

/// The note of one `#[deprecated]` of a model's sources, by the schema name of the type that
/// holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeprecationNote<'a> {
    /// The schema name of the type (`Profile`).
    pub type_name: &'a str,
    /// What is deprecated in it.
    pub member: NoteMember<'a>,
    /// The note, when the attribute has one.
    pub note: Option<&'a str>,
}

/// One doc comment of a model's sources, by the schema name of the type it documents or whose
/// field it documents: where it is written and its lines as written (from the model's build
/// script, `confspec_build`). A field without a doc comment has one with no lines, which says
/// where the field is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocComment<'a> {
    /// The schema name of the type (`Profile`).
    pub type_name: &'a str,
    /// The type itself, or one of its fields.
    pub member: NoteMember<'a>,
    /// The file, relative to the project root.
    pub file: &'a str,
    /// The line of the type's or the field's name in `file`.
    pub line: usize,
    /// Each line: its number and its text (none when the field has no doc comment).
    pub lines: &'a [(usize, &'a str)],
}

/// What a [`DeprecationNote`] or a [`DocComment`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteMember<'a> {
    /// The type itself.
    Type,
    /// A field, by its serialised key.
    Field(&'a str),
    /// An enum variant, by its serialised name.
    Variant(&'a str),
}

/// Numeric bounds and format.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct NumberRules {
    /// Inclusive minimum.
    pub minimum: Option<f64>,
    /// Inclusive maximum.
    pub maximum: Option<f64>,
    /// Exclusive minimum.
    pub exclusive_minimum: Option<f64>,
    /// Exclusive maximum.
    pub exclusive_maximum: Option<f64>,
    /// Multiple of.
    pub multiple_of: Option<f64>,
    /// The `format` schemars gives (`uint16`, `int64`, `double`...).
    pub format: Option<String>,
}

/// The width of an integer type, from the `format` schemars writes for it: the one place that
/// knows schemars' integer formats (`int8` to `int128`, `uint8` to `uint128`; `int` and `uint`
/// are `isize` and `usize`, taken as 64-bit). Every output reads an integer's range here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntegerWidth {
    /// Whether negative values are admitted.
    pub signed: bool,
    /// 8, 16, 32, 64 or 128.
    pub bits: u32,
}

impl IntegerWidth {
    /// The width a schemars integer `format` names; `None` for any other format.
    pub fn from_format(format: &str) -> Option<IntegerWidth> {
        let (signed, digits) = match format {
            "int" => {
                return Some(IntegerWidth {
                    signed: true,
                    bits: 64,
                });
            }
            "uint" => {
                return Some(IntegerWidth {
                    signed: false,
                    bits: 64,
                });
            }
            _ => match format.strip_prefix("uint") {
                Some(digits) => (false, digits),
                None => (true, format.strip_prefix("int")?),
            },
        };
        let bits = digits
            .parse::<u32>()
            .ok()
            .filter(|b| [8, 16, 32, 64, 128].contains(b))?;
        Some(IntegerWidth { signed, bits })
    }

    /// The smallest value.
    pub fn min(self) -> i128 {
        if self.signed {
            i128::MIN >> (128 - self.bits)
        } else {
            0
        }
    }

    /// The largest value.
    pub fn max(self) -> u128 {
        let magnitude = if self.signed {
            self.bits - 1
        } else {
            self.bits
        };
        u128::MAX >> (128 - magnitude)
    }
}

/// String rules.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct StringRules {
    /// Minimum length in characters.
    pub min_length: Option<u64>,
    /// Maximum length in characters.
    pub max_length: Option<u64>,
    /// A regular expression the value must match.
    pub pattern: Option<String>,
    /// The `format` (`email`, `uri`...).
    pub format: Option<String>,
}

/// A reference to a type, as used by a field, an item or a variant.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeRef {
    /// Any JSON value.
    Any,
    /// Only `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// An integer.
    Integer(NumberRules),
    /// A number.
    Number(NumberRules),
    /// A string.
    String(StringRules),
    /// Exactly this value.
    Literal {
        /// The value.
        value: Value,
    },
    /// One of these values.
    Enum {
        /// The values.
        values: Vec<Value>,
    },
    /// A named type of the model.
    Named {
        /// The type's name.
        name: String,
    },
    /// A list.
    List {
        /// The item type.
        item: Box<TypeRef>,
        /// Minimum number of items.
        min_items: Option<u64>,
        /// Maximum number of items.
        max_items: Option<u64>,
        /// Whether items must be unique (a set).
        unique: bool,
    },
    /// A fixed-length list with a type per position.
    Tuple {
        /// The item types.
        items: Vec<TypeRef>,
    },
    /// A mapping from string keys to values.
    Map {
        /// The key type, when keys are restricted (enum keys).
        key: Option<Box<TypeRef>>,
        /// The value type.
        value: Box<TypeRef>,
    },
    /// The inner type or `null`.
    Nullable {
        /// The inner type.
        inner: Box<TypeRef>,
    },
    /// One of several anonymous types.
    Union {
        /// The alternatives.
        variants: Vec<TypeRef>,
    },
    /// An anonymous object.
    Object {
        /// Its shape.
        shape: Box<Struct>,
    },
}

impl TypeRef {
    /// The named type this refers to, through nullability.
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeRef::Named { name } => Some(name),
            TypeRef::Nullable { inner } => inner.named(),
            _ => None,
        }
    }

    /// Whether `null` is accepted.
    pub fn is_nullable(&self) -> bool {
        matches!(
            self,
            TypeRef::Nullable { .. } | TypeRef::Null | TypeRef::Any
        )
    }

    /// The type without its nullability.
    pub fn non_null(&self) -> &TypeRef {
        match self {
            TypeRef::Nullable { inner } => inner,
            other => other,
        }
    }
}

/// A schema the IR cannot read, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IrError {
    /// The type in which the schema stands.
    pub type_name: String,
    /// A JSON pointer below the type's schema.
    pub pointer: String,
    /// What is not supported.
    pub message: String,
}

impl fmt::Display for IrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "type `{}`", self.type_name)?;
        if !self.pointer.is_empty() {
            write!(f, " at `{}`", self.pointer)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for IrError {}

/// A Rust type and the schema name schemars gave it, for [`check_names`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedRustType {
    /// The name the type asks for (`JsonSchema::schema_name`).
    pub schema_name: String,
    /// The name of the definition schemars made for it (the `$ref` `subschema_for` returned),
    /// when it made one.
    pub assigned: Option<String>,
    /// Where the type is declared.
    pub source: Source,
}

/// Schema names that do not name one Rust type each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameProblem {
    /// Rust types that ask for the same schema name: schemars keeps it for the first and appends
    /// a number to the others', so the outputs would call a type something its author never
    /// wrote. An error.
    Shared {
        /// The name they ask for.
        name: String,
        /// Each type, in registration order, with the name schemars gave it.
        types: Vec<(Source, Option<String>)>,
    },
    /// A definition named like another plus a number (`Page2` beside `Page`): schemars appended
    /// it to a type whose name collided, most often a generic type instantiated twice or a type
    /// of another crate. A warning: the outputs are consistent, but the name is an accident of
    /// the order types were met in.
    Suffixed {
        /// The suffixed name (`Page2`).
        name: String,
        /// The name it was made from (`Page`).
        base: String,
        /// A type that uses it, for where to look (`Catalogue` at file:line), when one is known.
        used_by: Option<(String, Source)>,
    },
}

impl fmt::Display for NameProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameProblem::Shared { name, types } => {
                let listed: Vec<String> = types
                    .iter()
                    .map(|(source, assigned)| {
                        let renamed = match assigned {
                            Some(a) if a != name => format!(", which schemars renamed `{a}`"),
                            _ => String::new(),
                        };
                        format!(
                            "`{}` ({}:{}{renamed})",
                            source.rust_path, source.file, source.line
                        )
                    })
                    .collect();
                write!(
                    f,
                    "{} Rust types share the schema name `{name}`: {}",
                    types.len(),
                    listed.join(" and ")
                )
            }
            NameProblem::Suffixed {
                name,
                base,
                used_by,
            } => {
                write!(
                    f,
                    "the schema name `{name}` is `{base}` with a number appended by schemars: two \
                     types (a generic type instantiated twice, or two types with one name) both \
                     asked for `{base}`, and every output calls the second one `{name}`"
                )?;
                if let Some((user, _)) = used_by {
                    write!(f, " (used by `{user}`)")?;
                }
                Ok(())
            }
        }
    }
}

impl NameProblem {
    /// What to do about it.
    pub fn hint(&self) -> String {
        match self {
            NameProblem::Shared { .. } => "give each type a name of its own with \
                 `#[schemars(rename = \"...\")]` (or `#[serde(rename)]`)"
                .to_owned(),
            NameProblem::Suffixed { base, .. } => format!(
                "name each instantiation: `#[schemars(rename = \"{base}_for_{{T}}\")]` on a generic \
                 type, `#[schemars(rename = \"...\")]` on a type whose name another shares"
            ),
        }
    }
}
