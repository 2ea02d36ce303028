//! The intermediate model: every type of a model, its fields, unions, docs and defaults, built
//! once from the JSON Schema definitions that schemars produces, and read by every emitter.
//!
//! Nothing here knows a particular model: the IR is a faithful, typed reading of draft-07 JSON
//! Schema as schemars writes it for serde types (structs, enums of every tagging, options,
//! collections, maps, flattening, validation attributes).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};

/// A whole model: named types in a stable order.
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    /// The named types, in registration order.
    pub types: Vec<TypeDef>,
    /// Schema names that schemars made unique by appending a number ([`check_names`]); every
    /// output uses them as they are, and the job warns about each.
    #[serde(skip)]
    pub suffixed: Vec<NameProblem>,
    #[serde(skip)]
    index: crate::hash::HashMap<String, usize>,
}

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
/// script, `codegen_build`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocComment<'a> {
    /// The schema name of the type (`Profile`).
    pub type_name: &'a str,
    /// The type itself, or one of its fields.
    pub member: NoteMember<'a>,
    /// The file, relative to the project root.
    pub file: &'a str,
    /// Each line: its number and its text.
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

impl Model {
    /// Builds the model from named definitions (name → draft-07 schema, `$ref`s of the form
    /// `#/definitions/Name`), in the given order. `sources` gives declaration sites by name.
    pub fn from_definitions(
        definitions: &[(String, Value)],
        sources: &HashMap<String, Source>,
    ) -> Result<Model, IrError> {
        let mut types = Vec::with_capacity(definitions.len());
        for (name, schema) in definitions {
            let reader = Reader { type_name: name };
            let shape = reader.shape(schema)?;
            types.push(TypeDef {
                name: name.clone(),
                description: description(schema),
                shape,
                source: sources.get(name).cloned(),
                doc: None,
                deprecated: deprecated(schema),
                schema: schema.clone(),
            });
        }
        let index = types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.clone(), i))
            .collect();
        let mut model = Model {
            types,
            suffixed: Vec::new(),
            index,
        };
        model.find_tags();
        model.check_refs()?;
        Ok(model)
    }

    /// Joins the notes of the model's `#[deprecated]` attributes to what schemars marked
    /// deprecated (a note for something schemars did not mark is ignored: serde skips it, or
    /// it is not part of this model).
    pub fn add_deprecation_notes(&mut self, notes: &[DeprecationNote<'_>]) {
        for note in notes {
            let Some(&index) = self.index.get(note.type_name) else {
                continue;
            };
            let ty = &mut self.types[index];
            let text = note.note.map(str::to_owned);
            let target = match (note.member, &mut ty.shape) {
                (NoteMember::Type, _) => ty.deprecated.as_mut(),
                (NoteMember::Field(key), Shape::Struct(s)) => s
                    .fields
                    .iter_mut()
                    .find(|f| f.name == key)
                    .and_then(|f| f.deprecated.as_mut()),
                (NoteMember::Field(key), Shape::Union(u)) => {
                    // A field of a struct variant, written inline in the union.
                    for variant in &mut u.variants {
                        if let TypeRef::Object { shape } = &mut variant.ty
                            && let Some(field) = shape.fields.iter_mut().find(|f| f.name == key)
                            && let Some(d) = field.deprecated.as_mut()
                        {
                            d.note = text.clone();
                        }
                    }
                    None
                }
                (NoteMember::Variant(name), Shape::Union(u)) => u
                    .variants
                    .iter_mut()
                    .find(|v| variant_name(v) == Some(name))
                    .and_then(|v| v.deprecated.as_mut()),
                _ => None,
            };
            if let Some(deprecation) = target {
                deprecation.note = text;
            }
        }
    }

    /// Joins where each doc comment of the model's sources is written to the type or field it
    /// documents (of a struct, or of a struct variant written inline in a union).
    pub fn add_doc_comments(&mut self, docs: &[DocComment<'_>]) {
        for doc in docs {
            let Some(&index) = self.index.get(doc.type_name) else {
                continue;
            };
            let source = DocSource {
                file: doc.file.to_owned(),
                lines: doc
                    .lines
                    .iter()
                    .map(|(line, text)| (*line, (*text).to_owned()))
                    .collect(),
            };
            let ty = &mut self.types[index];
            match (doc.member, &mut ty.shape) {
                (NoteMember::Type, _) => ty.doc = Some(source),
                (NoteMember::Field(key), Shape::Struct(s)) => {
                    if let Some(field) = s.fields.iter_mut().find(|f| f.name == key) {
                        field.doc = Some(source);
                    }
                }
                (NoteMember::Field(key), Shape::Union(u)) => {
                    for variant in &mut u.variants {
                        if let TypeRef::Object { shape } = &mut variant.ty
                            && let Some(field) = shape.fields.iter_mut().find(|f| f.name == key)
                        {
                            field.doc = Some(source.clone());
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// The type named `name`.
    pub fn get(&self, name: &str) -> Option<&TypeDef> {
        self.index.get(name).map(|&i| &self.types[i])
    }

    /// The closure of `roots`: the roots and every type they use, each once (every type, in
    /// model order, when `roots` is empty). The one order of every package output: the roots
    /// first, each used type right after the first type that uses it (depth first, in field
    /// order), so a reader meets a type's parts under it. Fails with the first root that is
    /// not a model type.
    pub fn closure<'m>(&'m self, roots: &[String]) -> Result<Vec<&'m TypeDef>, String> {
        if roots.is_empty() {
            return Ok(self.types.iter().collect());
        }
        let mut seen: crate::hash::HashSet<&str> = crate::hash::HashSet::default();
        let mut out: Vec<&TypeDef> = Vec::new();
        let uses = |def: &'m TypeDef| {
            let mut used = Vec::new();
            visit_shape(&def.shape, &mut |r| {
                if let TypeRef::Named { name } = r
                    && let Some(next) = self.get(name)
                {
                    used.push(next);
                }
            });
            used
        };
        let mut root_defs = Vec::with_capacity(roots.len());
        for root in roots {
            match self.get(root) {
                Some(def) => root_defs.push(def),
                None => return Err(root.clone()),
            }
        }
        // Each type, then (depth first, in field order) the types it uses.
        let mut stack: Vec<&TypeDef> = root_defs.into_iter().rev().collect();
        while let Some(def) = stack.pop() {
            if !seen.insert(def.name.as_str()) {
                continue;
            }
            out.push(def);
            stack.extend(uses(def).into_iter().rev());
        }
        Ok(out)
    }

    /// Every name, for suggestions.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.types.iter().map(|t| t.name.as_str())
    }

    /// The struct shape of a named type, when it is a struct.
    pub fn struct_of(&self, name: &str) -> Option<&Struct> {
        match &self.get(name)?.shape {
            Shape::Struct(s) => Some(s),
            _ => None,
        }
    }

    /// Marks unions whose variants are all structs with a distinct literal under one common key.
    fn find_tags(&mut self) {
        let mut updates = Vec::new();
        for (i, ty) in self.types.iter().enumerate() {
            let Shape::Union(union) = &ty.shape else {
                continue;
            };
            if let Some((tag, values)) = self.common_tag(&union.variants) {
                updates.push((i, tag, values));
            }
        }
        for (i, tag, values) in updates {
            if let Shape::Union(union) = &mut self.types[i].shape {
                union.tag = Some(tag);
                for (variant, value) in union.variants.iter_mut().zip(values) {
                    variant.tag_value = Some(value);
                }
            }
        }
    }

    fn common_tag(&self, variants: &[Variant]) -> Option<(String, Vec<String>)> {
        let literals_of = |variant: &Variant| -> Option<BTreeMap<String, String>> {
            let fields = match &variant.ty {
                TypeRef::Named { name } => &self.struct_of(name)?.fields,
                TypeRef::Object { shape } => &shape.fields,
                _ => return None,
            };
            Some(
                fields
                    .iter()
                    .filter_map(|f| match &f.ty {
                        TypeRef::Literal {
                            value: Value::String(s),
                        } => Some((f.name.clone(), s.clone())),
                        _ => None,
                    })
                    .collect(),
            )
        };
        let all: Vec<BTreeMap<String, String>> =
            variants.iter().map(literals_of).collect::<Option<_>>()?;
        let first = all.first()?;
        'candidates: for key in first.keys() {
            let mut values = Vec::new();
            for literals in &all {
                match literals.get(key) {
                    Some(v) if !values.contains(v) => values.push(v.clone()),
                    _ => continue 'candidates,
                }
            }
            return Some((key.clone(), values));
        }
        None
    }

    fn check_refs(&self) -> Result<(), IrError> {
        for ty in &self.types {
            let mut missing = None;
            visit_shape(&ty.shape, &mut |r| {
                if let TypeRef::Named { name } = r
                    && missing.is_none()
                    && !self.index.contains_key(name)
                {
                    missing = Some(name.clone());
                }
            });
            if let Some(name) = missing {
                return Err(IrError {
                    type_name: ty.name.clone(),
                    pointer: String::new(),
                    message: format!("refers to `{name}`, which has no definition"),
                });
            }
        }
        Ok(())
    }
}

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

/// The name a `$ref` (`#/definitions/Name`) points at.
pub fn definition_name(reference: &str) -> Option<String> {
    ref_name(reference)
}

/// Finds schema names that do not name one Rust type each: `types` are the Rust types the
/// model is built from (the registry), `definitions` the names of every definition schemars
/// wrote, `model` (when built) says which type uses a suffixed name. Shared names come first,
/// in registration order, then suffixed ones in definition order.
pub fn check_names(
    types: &[NamedRustType],
    definitions: &[&str],
    model: Option<&Model>,
) -> Vec<NameProblem> {
    let mut problems = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    let mut explained: Vec<&str> = Vec::new();
    for ty in types {
        if seen.contains(&ty.schema_name.as_str()) {
            continue;
        }
        seen.push(&ty.schema_name);
        let sharing: Vec<&NamedRustType> = types
            .iter()
            .filter(|t| t.schema_name == ty.schema_name)
            .collect();
        let mut paths: Vec<&str> = sharing
            .iter()
            .map(|t| t.source.rust_path.as_str())
            .collect();
        paths.dedup();
        if paths.len() < 2 {
            continue;
        }
        explained.extend(sharing.iter().filter_map(|t| t.assigned.as_deref()));
        problems.push(NameProblem::Shared {
            name: ty.schema_name.clone(),
            types: sharing
                .iter()
                .map(|t| (t.source.clone(), t.assigned.clone()))
                .collect(),
        });
    }
    for name in definitions {
        if explained.contains(name) || types.iter().any(|t| t.schema_name == *name) {
            continue;
        }
        let base = name.trim_end_matches(|c: char| c.is_ascii_digit());
        let number = &name[base.len()..];
        let numbered = !number.is_empty() && !number.starts_with('0') && number != "1";
        if !numbered || base.is_empty() || !definitions.contains(&base) {
            continue;
        }
        let used_by = model.and_then(|model| {
            model.types.iter().find_map(|t| {
                let mut uses = false;
                visit_shape(&t.shape, &mut |r| {
                    uses |= matches!(r, TypeRef::Named { name: n } if n == name);
                });
                uses.then(|| t.source.clone().map(|s| (t.name.clone(), s)))
                    .flatten()
            })
        });
        problems.push(NameProblem::Suffixed {
            name: (*name).to_owned(),
            base: base.to_owned(),
            used_by,
        });
    }
    problems
}

/// Calls `f` on every type reference of a shape, recursively through anonymous types.
pub fn visit_shape(shape: &Shape, f: &mut dyn FnMut(&TypeRef)) {
    match shape {
        Shape::Struct(s) => visit_struct(s, f),
        Shape::Union(u) => u.variants.iter().for_each(|v| visit_ref(&v.ty, f)),
        Shape::Enum { .. } => {}
        Shape::Alias { target } => visit_ref(target, f),
    }
}

fn visit_struct(s: &Struct, f: &mut dyn FnMut(&TypeRef)) {
    for field in &s.fields {
        visit_ref(&field.ty, f);
    }
    if let Some(extra) = &s.extra {
        visit_ref(extra, f);
    }
}

/// Calls `f` on `r` and every reference inside it.
pub fn visit_ref(r: &TypeRef, f: &mut dyn FnMut(&TypeRef)) {
    f(r);
    match r {
        TypeRef::List { item, .. } => visit_ref(item, f),
        TypeRef::Tuple { items } => items.iter().for_each(|i| visit_ref(i, f)),
        TypeRef::Map { key, value } => {
            if let Some(key) = key {
                visit_ref(key, f);
            }
            visit_ref(value, f);
        }
        TypeRef::Nullable { inner } => visit_ref(inner, f),
        TypeRef::Union { variants } => variants.iter().for_each(|v| visit_ref(v, f)),
        TypeRef::Object { shape } => visit_struct(shape, f),
        _ => {}
    }
}

/// A description with markdown soft line breaks joined, paragraphs and list items kept.
pub fn normalize_description(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for (i, line) in text.split('\n').enumerate() {
        let trimmed = line.trim_start();
        let fence = trimmed.starts_with("```") || trimmed.starts_with("~~~");
        if i > 0 {
            let previous_blank = out.ends_with('\n') || out.is_empty();
            let keeps_break = in_code
                || fence
                || line.trim().is_empty()
                || previous_blank
                || trimmed.starts_with("- ")
                || trimmed.starts_with("* ")
                || trimmed.starts_with('|')
                || trimmed.starts_with('#')
                || trimmed.starts_with('>')
                || trimmed
                    .split_once(". ")
                    .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty())
                || out.ends_with("  ");
            if keeps_break {
                out.push('\n');
            } else {
                out.push(' ');
            }
        }
        if fence {
            in_code = !in_code;
        }
        if line.trim().is_empty() {
            // A blank line: keep exactly one paragraph break.
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            continue;
        }
        out.push_str(if in_code || fence {
            line
        } else {
            line.trim_end_matches(' ')
        });
    }
    out.trim().to_owned()
}

/// The serialised name of a union's variant: its tag value, the single key of an externally
/// tagged variant, or the string of a unit variant.
fn variant_name(variant: &Variant) -> Option<&str> {
    if let Some(tag) = &variant.tag_value {
        return Some(tag);
    }
    match &variant.ty {
        TypeRef::Literal { value } => value.as_str(),
        TypeRef::Object { shape } if shape.fields.len() == 1 && shape.fields[0].required => {
            Some(&shape.fields[0].name)
        }
        _ => None,
    }
}

/// `Some` when schemars marked the schema `"deprecated": true` (the note is added later).
fn deprecated(schema: &Value) -> Option<Deprecation> {
    (schema.get("deprecated") == Some(&Value::Bool(true))).then_some(Deprecation { note: None })
}

fn description(schema: &Value) -> Option<String> {
    schema
        .get("description")
        .and_then(Value::as_str)
        .map(normalize_description)
        .filter(|d| !d.is_empty())
}

struct Reader<'a> {
    type_name: &'a str,
}

impl Reader<'_> {
    fn error(&self, pointer: &str, message: impl Into<String>) -> IrError {
        IrError {
            type_name: self.type_name.to_owned(),
            pointer: pointer.to_owned(),
            message: message.into(),
        }
    }

    fn shape(&self, schema: &Value) -> Result<Shape, IrError> {
        let Some(obj) = schema.as_object() else {
            return Ok(Shape::Alias {
                target: self.type_ref(schema, "")?,
            });
        };
        if is_object_schema(obj) {
            return Ok(Shape::Struct(self.object(obj, "")?));
        }
        if let Some(values) = literal_set(obj)
            && !(values.len() == 1 && obj.contains_key("const"))
        {
            return Ok(Shape::Enum { values });
        }
        if let Some(list) = union_members(obj)
            && !is_nullable_pair(list)
        {
            let mut variants = Vec::new();
            for (i, member) in list.iter().enumerate() {
                let pointer = format!("/{}/{i}", union_keyword(obj));
                variants.push(Variant {
                    ty: self.type_ref(member, &pointer)?,
                    tag_value: None,
                    description: description(member),
                    deprecated: deprecated(member),
                });
            }
            return Ok(Shape::Union(Union {
                tag: None,
                variants,
            }));
        }
        Ok(Shape::Alias {
            target: self.type_ref(schema, "")?,
        })
    }

    /// A map whose keys match a pattern: schemars' form of a map with integer keys
    /// (`"patternProperties": {"^\\d+$": V}`, no other key). Other uses of `patternProperties`
    /// are errors.
    fn pattern_map(
        &self,
        obj: &Map<String, Value>,
        patterns: &Value,
        pointer: &str,
    ) -> Result<TypeRef, IrError> {
        let at = format!("{pointer}/patternProperties");
        let patterns = patterns
            .as_object()
            .ok_or_else(|| self.error(&at, "`patternProperties` that is not an object"))?;
        let [(pattern, value)] = patterns.iter().collect::<Vec<_>>()[..] else {
            return Err(self.error(
                &at,
                format!(
                    "a map whose keys match one of {} patterns is not supported (one pattern is: \
                     a map with integer keys)",
                    patterns.len()
                ),
            ));
        };
        if !matches!(
            obj.get("additionalProperties"),
            None | Some(Value::Bool(false))
        ) || obj.contains_key("propertyNames")
        {
            return Err(self.error(
                &at,
                "a map with keys matching a pattern and other keys besides is not supported",
            ));
        }
        Ok(TypeRef::Map {
            key: Some(Box::new(TypeRef::String(StringRules {
                pattern: Some(pattern.clone()),
                ..StringRules::default()
            }))),
            value: Box::new(self.type_ref(value, &format!("{at}/{}", escape_pointer(pattern)))?),
        })
    }

    fn object(&self, obj: &Map<String, Value>, pointer: &str) -> Result<Struct, IrError> {
        if obj.contains_key("patternProperties") {
            return Err(self.error(
                &format!("{pointer}/patternProperties"),
                "an object with declared keys and keys matching a pattern (a struct with a \
                 flattened map whose keys are integers) is not supported",
            ));
        }
        let required: Vec<&str> = obj
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut fields = Vec::new();
        if let Some(props) = obj.get("properties").and_then(Value::as_object) {
            for (name, prop) in props {
                let ptr = format!("{pointer}/properties/{}", escape_pointer(name));
                fields.push(Field {
                    name: name.clone(),
                    description: description(prop),
                    ty: self.type_ref(prop, &ptr)?,
                    required: required.contains(&name.as_str()),
                    default: prop.get("default").cloned(),
                    deprecated: deprecated(prop),
                    read_only: prop
                        .get("readOnly")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                    doc: None,
                });
            }
        }
        let (deny_unknown, extra) = match obj.get("additionalProperties") {
            Some(Value::Bool(false)) => (true, None),
            None | Some(Value::Bool(true)) => (false, None),
            Some(schema) => (
                false,
                Some(Box::new(self.type_ref(
                    schema,
                    &format!("{pointer}/additionalProperties"),
                )?)),
            ),
        };
        let exactly_one_of = obj
            .get("oneOf")
            .and_then(Value::as_array)
            .map(|members| {
                members
                    .iter()
                    .filter_map(|m| {
                        let m = m.as_object()?;
                        // `required`, optionally with the non-null types of those fields.
                        if m.keys().any(|k| k != "required" && k != "properties") {
                            return None;
                        }
                        let req = m.get("required")?.as_array()?;
                        Some(
                            req.iter()
                                .filter_map(Value::as_str)
                                .map(str::to_owned)
                                .collect::<Vec<_>>(),
                        )
                    })
                    .flatten()
                    .collect::<Vec<_>>()
            })
            .filter(|group: &Vec<String>| !group.is_empty())
            .map(|group| vec![group])
            .unwrap_or_default();
        let given_when_non_empty = fields
            .iter()
            .map(|f| f.name.clone())
            .filter(|name| {
                obj.get("oneOf")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|m| {
                        m.pointer(&format!("/properties/{}/minLength", escape_pointer(name)))
                    })
                    .any(|min| min.as_u64().is_some_and(|m| m >= 1))
            })
            .collect();
        Ok(Struct {
            fields,
            deny_unknown,
            extra,
            exactly_one_of,
            given_when_non_empty,
        })
    }

    fn type_ref(&self, schema: &Value, pointer: &str) -> Result<TypeRef, IrError> {
        let obj = match schema {
            Value::Bool(true) => return Ok(TypeRef::Any),
            Value::Bool(false) => return Err(self.error(pointer, "a schema that accepts nothing")),
            Value::Object(obj) => obj,
            _ => {
                return Err(self.error(pointer, "a schema that is neither an object nor a boolean"));
            }
        };
        if let Some(reference) = obj.get("$ref").and_then(Value::as_str) {
            return Ok(TypeRef::Named {
                name: ref_name(reference).ok_or_else(|| {
                    self.error(pointer, format!("unsupported reference `{reference}`"))
                })?,
            });
        }
        if let Some(all) = obj.get("allOf").and_then(Value::as_array)
            && all.len() == 1
            && !obj.contains_key("properties")
        {
            return self.type_ref(&all[0], &format!("{pointer}/allOf/0"));
        }
        if let Some(value) = obj.get("const") {
            return Ok(TypeRef::Literal {
                value: value.clone(),
            });
        }
        if let Some(values) = obj.get("enum").and_then(Value::as_array) {
            let nullable = values.iter().any(Value::is_null);
            let values: Vec<Value> = values.iter().filter(|v| !v.is_null()).cloned().collect();
            let inner = if values.len() == 1 {
                TypeRef::Literal {
                    value: values[0].clone(),
                }
            } else {
                TypeRef::Enum { values }
            };
            return Ok(if nullable { nullable_of(inner) } else { inner });
        }
        if let Some(members) = union_members(obj) {
            let keyword = union_keyword(obj);
            let mut variants = Vec::new();
            let mut nullable = false;
            for (i, member) in members.iter().enumerate() {
                if member.get("type").and_then(Value::as_str) == Some("null")
                    && member.as_object().is_some_and(|m| m.len() <= 2)
                {
                    nullable = true;
                    continue;
                }
                variants.push(self.type_ref(member, &format!("{pointer}/{keyword}/{i}"))?);
            }
            // A union of single literals is an enum.
            let inner = if variants.len() > 1
                && variants
                    .iter()
                    .all(|v| matches!(v, TypeRef::Literal { .. }))
            {
                TypeRef::Enum {
                    values: variants
                        .into_iter()
                        .map(|v| match v {
                            TypeRef::Literal { value } => value,
                            _ => unreachable!("checked above"),
                        })
                        .collect(),
                }
            } else if variants.len() == 1 {
                variants.pop().expect("one variant")
            } else if variants.is_empty() {
                TypeRef::Null
            } else {
                TypeRef::Union { variants }
            };
            return Ok(if nullable { nullable_of(inner) } else { inner });
        }
        match obj.get("type") {
            None => {
                if obj.contains_key("properties") {
                    return Ok(TypeRef::Object {
                        shape: Box::new(self.object(obj, pointer)?),
                    });
                }
                Ok(TypeRef::Any)
            }
            Some(Value::String(t)) => self.typed(t, obj, pointer),
            Some(Value::Array(types)) => {
                let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
                let nullable = names.contains(&"null");
                let rest: Vec<&str> = names.into_iter().filter(|t| *t != "null").collect();
                let inner = match rest.as_slice() {
                    [] => TypeRef::Null,
                    [one] => self.typed(one, obj, pointer)?,
                    many => TypeRef::Union {
                        variants: many
                            .iter()
                            .map(|t| self.typed(t, obj, pointer))
                            .collect::<Result<_, _>>()?,
                    },
                };
                Ok(if nullable { nullable_of(inner) } else { inner })
            }
            Some(other) => Err(self.error(pointer, format!("unsupported `type`: {other}"))),
        }
    }

    fn typed(&self, t: &str, obj: &Map<String, Value>, pointer: &str) -> Result<TypeRef, IrError> {
        let num = |key: &str| obj.get(key).and_then(Value::as_f64);
        let uint = |key: &str| obj.get(key).and_then(Value::as_u64);
        let format = obj.get("format").and_then(Value::as_str).map(str::to_owned);
        Ok(match t {
            "null" => TypeRef::Null,
            "boolean" => TypeRef::Bool,
            "integer" | "number" => {
                let rules = NumberRules {
                    minimum: num("minimum"),
                    maximum: num("maximum"),
                    exclusive_minimum: num("exclusiveMinimum"),
                    exclusive_maximum: num("exclusiveMaximum"),
                    multiple_of: num("multipleOf"),
                    format,
                };
                if t == "integer" {
                    TypeRef::Integer(rules)
                } else {
                    TypeRef::Number(rules)
                }
            }
            "string" => TypeRef::String(StringRules {
                min_length: uint("minLength"),
                max_length: uint("maxLength"),
                pattern: obj
                    .get("pattern")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                format,
            }),
            "array" => match obj.get("items") {
                Some(Value::Array(items)) => TypeRef::Tuple {
                    items: items
                        .iter()
                        .enumerate()
                        .map(|(i, s)| self.type_ref(s, &format!("{pointer}/items/{i}")))
                        .collect::<Result<_, _>>()?,
                },
                Some(item) => TypeRef::List {
                    item: Box::new(self.type_ref(item, &format!("{pointer}/items"))?),
                    min_items: uint("minItems"),
                    max_items: uint("maxItems"),
                    unique: obj
                        .get("uniqueItems")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                },
                None => TypeRef::List {
                    item: Box::new(TypeRef::Any),
                    min_items: uint("minItems"),
                    max_items: uint("maxItems"),
                    unique: obj
                        .get("uniqueItems")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                },
            },
            "object" => {
                if obj.contains_key("properties") {
                    TypeRef::Object {
                        shape: Box::new(self.object(obj, pointer)?),
                    }
                } else if let Some(patterns) = obj.get("patternProperties") {
                    self.pattern_map(obj, patterns, pointer)?
                } else {
                    let value = match obj.get("additionalProperties") {
                        None | Some(Value::Bool(true)) => TypeRef::Any,
                        Some(schema) => {
                            self.type_ref(schema, &format!("{pointer}/additionalProperties"))?
                        }
                    };
                    let key = match obj.get("propertyNames") {
                        Some(names) => Some(Box::new(
                            self.type_ref(names, &format!("{pointer}/propertyNames"))?,
                        )),
                        None => None,
                    };
                    TypeRef::Map {
                        key,
                        value: Box::new(value),
                    }
                }
            }
            other => return Err(self.error(pointer, format!("unsupported `type` \"{other}\""))),
        })
    }
}

fn nullable_of(inner: TypeRef) -> TypeRef {
    match inner {
        TypeRef::Nullable { .. } | TypeRef::Null | TypeRef::Any => inner,
        other => TypeRef::Nullable {
            inner: Box::new(other),
        },
    }
}

fn is_object_schema(obj: &Map<String, Value>) -> bool {
    obj.get("type").and_then(Value::as_str) == Some("object") && obj.contains_key("properties")
        || (obj.get("type").and_then(Value::as_str) == Some("object")
            && obj.get("additionalProperties") == Some(&Value::Bool(false))
            // A map with integer keys: no other key, and keys matching a pattern.
            && !obj.contains_key("patternProperties"))
}

fn literal_set(obj: &Map<String, Value>) -> Option<Vec<Value>> {
    if let Some(values) = obj.get("enum").and_then(Value::as_array) {
        return Some(values.clone());
    }
    if let Some(value) = obj.get("const") {
        return Some(vec![value.clone()]);
    }
    let members = union_members(obj)?;
    let values: Option<Vec<Value>> = members
        .iter()
        .map(|m| {
            m.get("const").cloned().or_else(|| {
                m.get("enum")
                    .and_then(Value::as_array)
                    .filter(|e| e.len() == 1)
                    .map(|e| e[0].clone())
            })
        })
        .collect();
    values.filter(|v| !v.is_empty())
}

fn union_keyword(obj: &Map<String, Value>) -> &'static str {
    if obj.contains_key("oneOf") {
        "oneOf"
    } else {
        "anyOf"
    }
}

fn union_members(obj: &Map<String, Value>) -> Option<&Vec<Value>> {
    if obj.contains_key("properties") {
        return None;
    }
    obj.get("oneOf")
        .or_else(|| obj.get("anyOf"))
        .and_then(Value::as_array)
}

fn is_nullable_pair(list: &[Value]) -> bool {
    list.len() == 2
        && list
            .iter()
            .any(|m| m.get("type").and_then(Value::as_str) == Some("null"))
}

fn ref_name(reference: &str) -> Option<String> {
    let raw = reference
        .strip_prefix("#/definitions/")
        .or_else(|| reference.strip_prefix("#/$defs/"))?;
    Some(raw.replace("~1", "/").replace("~0", "~"))
}

fn escape_pointer(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_description_as_written_keeps_the_spaces_its_doc_comment_ends_with() {
        let field = |description: &str, lines: &[&str]| Field {
            name: "f".into(),
            description: Some(description.into()),
            ty: TypeRef::Any,
            required: false,
            default: None,
            deprecated: None,
            read_only: false,
            doc: (!lines.is_empty()).then(|| DocSource {
                file: "src/lib.rs".into(),
                lines: lines
                    .iter()
                    .enumerate()
                    .map(|(i, l)| (i + 1, (*l).to_owned()))
                    .collect(),
            }),
        };
        let written = |f: &Field| f.description_as_written().map(Cow::into_owned);
        // `#[doc = "... "]` after a `///` line: the description's trailing space.
        let f = field(
            "The path. Defaults to `.`",
            &[" The path.", "Defaults to `.` "],
        );
        assert_eq!(written(&f).as_deref(), Some("The path. Defaults to `.` "));
        // No doc comment recorded, none that ends with spaces, an empty last line, or a
        // description that is not the doc comment's (`#[schemars(description)]`): as it is.
        for f in [
            field("The path.", &[]),
            field("The path.", &[" The path."]),
            field("The path.", &[" The path.", ""]),
            field("Another text.", &[" The path. "]),
        ] {
            assert_eq!(written(&f), f.description);
        }
    }

    #[test]
    fn soft_breaks_are_joined_and_paragraphs_kept() {
        assert_eq!(
            normalize_description("One line\ncontinues.\n\nSecond paragraph:\n- a\n- b"),
            "One line continues.\n\nSecond paragraph:\n- a\n- b"
        );
    }

    #[test]
    fn code_blocks_keep_their_lines() {
        assert_eq!(
            normalize_description("Example:\n\n```yaml\na: 1\nb: 2\n```"),
            "Example:\n\n```yaml\na: 1\nb: 2\n```"
        );
    }
}
