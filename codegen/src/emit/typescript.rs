//! TypeScript bindings: a small npm package of type declarations for the configured root types
//! and every type they use, read from the IR alone.
//!
//! The package (`[typescript]` in codegen.toml: `output`, `name`, `version`, `roots`) holds:
//! - `index.d.ts`: the declarations. A declaration file rather than a `.ts` source because the
//!   bindings are types only: TypeScript reads a `.d.ts` from `node_modules` (or through the
//!   symlink `npm install ./folder` creates) under any `moduleResolution`, never tries to emit it
//!   (a `.ts` entry reached through that symlink lands outside `rootDir` and breaks a consumer's
//!   build) and does not re-check it under the consumer's own compiler options;
//! - `index.js`: an empty module, so that Node and bundlers can resolve the package too;
//! - `package.json`: `types` and `exports` point at the two;
//! - `tsconfig.json`: `tsc -p` on the package checks the declarations (with `skipLibCheck` off).
//!
//! How the model reads in TypeScript:
//! - a struct is an `interface` (or, with exactly-one-of groups, an intersection of the fields
//!   with a union of the allowed combinations: the chosen key required and not `null`, the
//!   others absent, or `null` where their type admits it, since a `null` counts as not given);
//! - a tagged union is a discriminated union whose members require the tag with their literal
//!   (`(AWSConfig & { type: "aws" })`), even where the variant's own `type` is optional, so
//!   `switch (x.type)` narrows and excess-property checks apply per variant;
//! - in an untagged union, a closed object member gets the other members' keys as `?: never`,
//!   which makes TypeScript reject mixtures the model rejects;
//! - optional keys are `?:`, keys that accept `null` add `| null`; maps are `Record<string, T>`
//!   (`Partial<Record<K, T>>` for keys from a closed set), lists `T[]`, tuples `[A, B]`, numbers
//!   `number`, free-form values `unknown`;
//! - what TypeScript cannot check (integer-ness, ranges, lengths, patterns, formats, item counts,
//!   uniqueness, the type of extra keys beside declared ones) is written in the doc comment;
//! - descriptions become TSDoc comments, with `@default` (for defaults other than `null`) and
//!   `@deprecated` (with the note of the model's `#[deprecated(note)]`, what replaces the field).
//!   `*/` and tag-like `@` in text are escaped.
//!
//! The view is data the templates spell: a type is a [`TsType`] tree, which the filter
//! `ts_type` writes (precedence, inline objects through `object.ts.j2`); what it becomes (names,
//! closed keys, the keys an untagged union's member excludes, the tag a tagged variant requires)
//! is decided here ([`Resolver`]). A doc comment is [`DocView`]: the description's comment-safe
//! lines, [`Note`]s with their numbers, pattern or format, the default and the deprecation; the
//! sentences and the layout are `templates/typescript/macros.j2`'s (`note`, `doc`), which make
//! their text comment-safe with the filters `ts_comment` and `ts_comment_lines`.
//!
//! Type names that are not identifiers, or that are reserved words or the names of the global
//! types the declarations use, are renamed (the doc comment says so).

#[cfg(feature = "test-support")]
pub mod check;
mod types;

pub use types::{Other, TsType};

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::Arc;

use crate::hash::{HashMap, HashSet};
use std::path::Path;

use minijinja::Environment;
use serde::Serialize;
use serde_json::Value;

use crate::config::{Config, PackageOutput};
use crate::diagnostics::Failure;
pub use crate::emit::package::PackageFile;
use crate::emit::package::{self, Emitter, Package};
use crate::ir::{Field, IntegerWidth, Model, NumberRules, Shape, Struct, TypeDef, TypeRef};

/// The declaration file of the package.
pub const DECLARATIONS: &str = "index.d.ts";
/// The (empty) runtime module of the package.
pub const RUNTIME: &str = "index.js";

/// The TypeScript package output (`[typescript]`), run by [`crate::emit::package::stage`].
pub struct TypeScript;

impl Emitter for TypeScript {
    fn name(&self) -> &'static str {
        "typescript"
    }

    fn settings<'c>(&'c self, config: &'c Config) -> Option<&'c PackageOutput> {
        config.typescript.as_ref()
    }

    fn files(&self) -> &'static [(&'static str, &'static str)] {
        &[
            ("typescript/index.d.ts.j2", DECLARATIONS),
            ("typescript/index.js.j2", RUNTIME),
            ("typescript/package.json.j2", "package.json"),
            ("typescript/tsconfig.json.j2", "tsconfig.json"),
        ]
    }

    fn owned(&self) -> &'static [&'static str] {
        &[".ts", ".js", "package.json", "tsconfig.json"]
    }

    /// The filters that make text comment-safe, `ts_comment` ([`comment_text`]) and
    /// `ts_comment_lines` ([`comment_lines`]), and the one that spells a type, `ts_type`
    /// ([`types::ts_type`]).
    fn environment<'e>(&self, env: &'e Environment<'static>) -> Cow<'e, Environment<'static>> {
        let mut env = env.clone();
        env.add_filter("ts_comment", |text: &str| comment_text(text));
        env.add_filter("ts_comment_lines", |text: Option<&str>| comment_lines(text));
        env.add_filter(
            "ts_type",
            |state: &minijinja::State,
             ty: minijinja::Value,
             indent: Option<&str>,
             member: Option<bool>| { types::ts_type(state, &ty, indent, member) },
        );
        Cow::Owned(env)
    }

    fn view(&self, package: &Package<'_>) -> Result<minijinja::Value, Failure> {
        let bindings = Bindings::from_types(
            package.model,
            &package.settings.roots,
            package.types.clone(),
        );
        let resolver = Resolver::new(&bindings);
        let declarations = bindings
            .types()
            .map(|ty| resolver.declaration(ty))
            .collect::<Result<Vec<_>, _>>()?;
        let settings = package.settings;
        let package = minijinja::context! {
            name => settings.name.clone(),
            version => settings.version.clone(),
            roots => bindings.roots.iter().map(|r| bindings.ts_name(r).unwrap_or(r).to_owned()).collect::<Vec<_>>(),
            declarations_file => DECLARATIONS,
            runtime_file => RUNTIME,
        };
        let declarations = minijinja::Value::from(minijinja::value::Serde(&declarations));
        Ok(minijinja::context! { package => package, declarations => declarations })
    }
}

/// Renders every file of the package.
pub fn render_package(
    model: &Model,
    settings: &PackageOutput,
    env: &Environment<'static>,
) -> Result<Vec<PackageFile>, Failure> {
    package::render(&TypeScript, model, settings, env)
}

/// The types a package declares and the names they have in TypeScript.
pub struct Bindings<'a> {
    model: &'a Model,
    /// The root types (model names).
    pub roots: Vec<String>,
    order: Vec<&'a TypeDef>,
    names: HashMap<String, String>,
}

/// Words a type cannot be named: reserved words, the names of TypeScript's own types and the
/// global types the declarations refer to.
const RESERVED: &[&str] = &[
    "Partial",
    "Record",
    "abstract",
    "accessor",
    "any",
    "as",
    "asserts",
    "async",
    "await",
    "bigint",
    "boolean",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "constructor",
    "continue",
    "debugger",
    "declare",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "from",
    "function",
    "get",
    "global",
    "if",
    "implements",
    "import",
    "in",
    "infer",
    "instanceof",
    "interface",
    "intrinsic",
    "is",
    "keyof",
    "let",
    "module",
    "namespace",
    "never",
    "new",
    "null",
    "number",
    "object",
    "of",
    "out",
    "override",
    "package",
    "private",
    "protected",
    "public",
    "readonly",
    "require",
    "return",
    "satisfies",
    "set",
    "static",
    "string",
    "super",
    "switch",
    "symbol",
    "this",
    "throw",
    "true",
    "try",
    "type",
    "typeof",
    "undefined",
    "unique",
    "unknown",
    "using",
    "var",
    "void",
    "while",
    "with",
    "yield",
];

impl<'a> Bindings<'a> {
    /// The closure of `roots` (every type when empty), in [`Model::closure`]'s order. Fails
    /// with the name of a root that is not in the model.
    pub fn new(model: &'a Model, roots: &[String]) -> Result<Bindings<'a>, String> {
        let order = model.closure(roots)?;
        Ok(Bindings::from_types(model, roots, order))
    }

    /// The bindings of `order` (the closure of `roots`, in output order).
    pub fn from_types(model: &'a Model, roots: &[String], order: Vec<&'a TypeDef>) -> Self {
        // Usable names are kept; the others are made usable without taking a kept name.
        let usable = |name: &str| is_identifier(name) && !RESERVED.contains(&name);
        let mut names = HashMap::default();
        let mut taken: HashSet<String> = HashSet::default();
        for ty in order.iter().filter(|t| usable(&t.name)) {
            names.insert(ty.name.clone(), ty.name.clone());
            taken.insert(ty.name.clone());
        }
        for ty in order.iter().filter(|t| !usable(&t.name)) {
            let base = sanitize_type_name(&ty.name);
            let mut candidate = base.clone();
            let mut n = 2;
            while taken.contains(&candidate) || RESERVED.contains(&candidate.as_str()) {
                candidate = format!("{base}{n}");
                n += 1;
            }
            taken.insert(candidate.clone());
            names.insert(ty.name.clone(), candidate);
        }
        Bindings {
            model,
            roots: roots.to_vec(),
            order,
            names,
        }
    }

    /// The declared types, in output order.
    pub fn types(&self) -> impl Iterator<Item = &'a TypeDef> + '_ {
        self.order.iter().copied()
    }

    /// The TypeScript name of the model type `name`, when the package declares it.
    pub fn ts_name(&self, name: &str) -> Option<&str> {
        self.names.get(name).map(String::as_str)
    }

    /// The model.
    pub fn model(&self) -> &'a Model {
        self.model
    }

    /// The struct a reference denotes (through names and aliases), when it is one.
    pub fn struct_behind(&self, r: &'a TypeRef) -> Option<&'a Struct> {
        let mut current = r;
        for _ in 0..64 {
            match current {
                TypeRef::Object { shape } => return Some(shape),
                TypeRef::Named { name } => match &self.model.get(name)?.shape {
                    Shape::Struct(s) => return Some(s),
                    Shape::Alias { target } => current = target,
                    _ => return None,
                },
                _ => return None,
            }
        }
        None
    }
}

/// Whether `name` is an ASCII JavaScript identifier.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

fn sanitize_type_name(name: &str) -> String {
    let mut out = package::ascii_identifier(name, &['$']);
    if RESERVED.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// A property key as TypeScript writes it: bare when an identifier, quoted otherwise.
pub fn property_key(name: &str) -> String {
    if is_identifier(name) {
        name.to_owned()
    } else {
        serde_json::to_string(name).expect("a string serialises")
    }
}

/// A JSON value as a TypeScript literal type.
pub fn literal_type(value: &Value) -> String {
    match value {
        Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(literal_type)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Object(map) if map.is_empty() => "Record<string, never>".to_owned(),
        Value::Object(map) => format!(
            "{{ {} }}",
            map.iter()
                .map(|(k, v)| format!("{}: {};", property_key(k), literal_type(v)))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        other => other.to_string(),
    }
}

/// Text made safe inside a `/** ... */` comment: `*/` cannot close it and an `@` that starts a
/// word cannot start a tag. Line breaks (`\r\n`, `\r`) become `\n`.
pub fn comment_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut previous: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(mut c) = chars.next() {
        if c == '\r' {
            chars.next_if_eq(&'\n');
            c = '\n';
        }
        if c == '@' && previous.is_none_or(char::is_whitespace) {
            out.push('\\');
        }
        if c == '/' && previous == Some('*') {
            out.push('\\');
        }
        out.push(c);
        previous = Some(c);
    }
    out
}

/// The comment-safe lines of a text (the `ts_comment_lines` filter): trimmed, made
/// comment-safe by [`comment_text`], split at line breaks, each line without trailing spaces;
/// none for no text or blank text.
pub fn comment_lines(text: Option<&str>) -> Vec<String> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => comment_text(text)
            .split('\n')
            .map(|l| l.trim_end().to_owned())
            .collect(),
        None => Vec::new(),
    }
}

/// What a doc comment says, as data: `templates/typescript/macros.j2` lays it out (the
/// description, a paragraph per note, then the tags). The description arrives as comment-safe
/// lines; the sentences the templates write around the notes' values and tags' texts are made
/// comment-safe there, with the filters `ts_comment_lines` and `ts_comment`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DocView {
    /// The description's lines, comment-safe ([`comment_lines`]).
    pub lines: Vec<String>,
    /// What the type cannot say, in order.
    pub notes: Vec<NoteView>,
    /// `@default`: the default as JSON text (not for `null`).
    pub default: Option<String>,
    /// `@deprecated`.
    pub deprecated: bool,
    /// The deprecation's note (what replaces it), when the model gives one.
    pub deprecation_note: Option<String>,
}

impl DocView {
    fn new(description: Option<&str>, notes: Vec<NoteView>) -> DocView {
        DocView {
            lines: comment_lines(description),
            notes,
            ..DocView::default()
        }
    }
}

/// A note of a doc comment: what it is about (`at`, from the outside in: an empty path is
/// the type itself) and what it says (`kind` and its values).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteView {
    /// The path to the part of the type the note is about.
    pub at: Vec<Step>,
    /// What the note says.
    #[serde(flatten)]
    pub note: Note,
}

/// A step into a type (`kind`): each item of a list, an item of a tuple (from 1), the keys or
/// each value of a map.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Step {
    Item,
    TupleItem { index: usize },
    Keys,
    Value,
}

/// What a note says (`kind`); numbers are text as the note writes them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Note {
    /// An integer, with its bounds.
    Integer { bounds: Bounds },
    /// An integer that may lie outside what a JavaScript `number` holds exactly.
    UnsafeInteger,
    /// A number with bounds.
    Number { bounds: Bounds },
    /// A string with lengths, a pattern or a format.
    String {
        min_length: Option<u64>,
        max_length: Option<u64>,
        pattern: Option<String>,
        format: Option<String>,
    },
    /// A list with item counts or without duplicates.
    List {
        min_items: Option<u64>,
        max_items: Option<u64>,
        unique: bool,
    },
    /// A type renamed from the model's name.
    Renamed { model_name: String },
    /// A group of keys of which exactly one must be set.
    ExactlyOneOf { keys: Vec<String> },
    /// An index signature for any other key.
    OtherKeys,
    /// An index signature for other keys of a type (`type`), which also admits the declared
    /// keys' types.
    OtherKeysTyped {
        #[serde(rename = "type")]
        ty: TsType,
    },
    /// An index signature for the unknown keys the model ignores.
    IgnoredKeys,
    /// An index signature that admits no key.
    NoKeys,
}

/// The bounds of a number, each as text (`9`, `0.5`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Bounds {
    /// schemars' format (`uint16`).
    pub format: Option<String>,
    pub minimum: Option<String>,
    pub maximum: Option<String>,
    pub exclusive_minimum: Option<String>,
    pub exclusive_maximum: Option<String>,
    pub multiple_of: Option<String>,
}

impl Bounds {
    fn of(rules: &NumberRules) -> Bounds {
        let text = |n: Option<f64>| n.map(number_text);
        Bounds {
            format: rules.format.clone(),
            minimum: text(rules.minimum),
            maximum: text(rules.maximum),
            exclusive_minimum: text(rules.exclusive_minimum),
            exclusive_maximum: text(rules.exclusive_maximum),
            multiple_of: text(rules.multiple_of),
        }
    }

    fn is_empty(&self) -> bool {
        *self == Bounds::default()
    }
}

fn note(note: Note) -> NoteView {
    NoteView {
        at: Vec::new(),
        note,
    }
}

/// One property (or index signature) of an object type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberView {
    /// The key as written (`name`, `"x-key"`, `[key: string]`).
    pub key: String,
    /// Whether the key may be omitted (`?:`).
    pub optional: bool,
    /// Whether the property is read-only.
    pub readonly: bool,
    /// The type.
    #[serde(rename = "type")]
    pub ty: TsType,
    /// The doc comment's parts, as [`DocView`] has them (so that the `doc` macro takes a
    /// member too): the description's comment-safe lines, notes and tags.
    pub lines: Vec<String>,
    pub notes: Vec<NoteView>,
    pub default: Option<String>,
    pub deprecated: bool,
    pub deprecation_note: Option<String>,
}

impl MemberView {
    fn new(key: String, ty: TsType, doc: DocView) -> MemberView {
        MemberView {
            key,
            optional: false,
            readonly: false,
            ty,
            lines: doc.lines,
            notes: doc.notes,
            default: doc.default,
            deprecated: doc.deprecated,
            deprecation_note: doc.deprecation_note,
        }
    }
}

/// One member of a union type alias.
#[derive(Debug, Clone, Serialize)]
pub struct VariantView {
    /// The type (without the parentheses a union member needs: `ts_type(indent, true)`).
    #[serde(rename = "type")]
    pub ty: TsType,
    /// The doc comment.
    pub doc: DocView,
}

/// One exported declaration.
#[derive(Debug, Clone, Serialize)]
pub struct DeclarationView {
    /// The TypeScript name.
    pub name: String,
    /// The model's name.
    pub model_name: String,
    /// The doc comment.
    pub doc: DocView,
    /// `interface`, `object` (an object type with exactly-one-of groups), `union` or `alias`.
    pub kind: &'static str,
    /// Properties (`interface`, `object`).
    pub members: Vec<MemberView>,
    /// The unions of allowed key combinations, one per exactly-one-of group (`object`): its
    /// arms.
    pub groups: Vec<Vec<TsType>>,
    /// Members (`union`).
    pub variants: Vec<VariantView>,
    /// The aliased type (`alias`).
    pub target: TsType,
}

/// The parts of an object type.
#[derive(Default)]
struct ObjectParts {
    members: Vec<MemberView>,
    groups: Vec<Vec<TsType>>,
    notes: Vec<NoteView>,
}

/// Turns IR types into the view's TypeScript types ([`TsType`]) and declarations: the names,
/// closed keys, exclusions and tags TypeScript needs (the filter `ts_type` spells them).
pub struct Resolver<'a> {
    bindings: &'a Bindings<'a>,
}

impl<'a> Resolver<'a> {
    /// A resolver of the types of `bindings`.
    pub fn new(bindings: &'a Bindings<'a>) -> Resolver<'a> {
        Resolver { bindings }
    }

    fn name_of(&self, name: &str) -> String {
        self.bindings.ts_name(name).unwrap_or(name).to_owned()
    }

    fn source_failure(&self, ty: &TypeDef, message: String) -> Failure {
        match &ty.source {
            Some(source) => Failure::content(Path::new(&source.file), source.line, 0, message),
            None => Failure::content(Path::new("schema"), 0, 0, message),
        }
    }

    /// The declaration of a named type.
    pub fn declaration(&self, ty: &TypeDef) -> Result<DeclarationView, Failure> {
        let name = self.name_of(&ty.name);
        let mut notes = Vec::new();
        if name != ty.name {
            notes.push(note(Note::Renamed {
                model_name: ty.name.clone(),
            }));
        }
        let mut view = DeclarationView {
            name,
            model_name: ty.name.clone(),
            doc: DocView::default(),
            kind: "alias",
            members: Vec::new(),
            groups: Vec::new(),
            variants: Vec::new(),
            target: TsType::Keyword { name: "never" },
        };
        match &ty.shape {
            Shape::Struct(s) => {
                let parts = self.object_parts(s, &|message| {
                    self.source_failure(ty, format!("type `{}`: {message}", ty.name))
                })?;
                notes.extend(parts.notes);
                view.kind = if parts.groups.is_empty() {
                    "interface"
                } else {
                    "object"
                };
                view.members = parts.members;
                view.groups = parts.groups;
            }
            Shape::Union(union) => {
                if !union.variants.is_empty() {
                    view.kind = "union";
                }
                let refs: Vec<&TypeRef> = union.variants.iter().map(|v| &v.ty).collect();
                for (i, variant) in union.variants.iter().enumerate() {
                    let ty = match (&union.tag, &variant.tag_value) {
                        (Some(tag), Some(value)) => self.tagged_variant(&variant.ty, tag, value)?,
                        _ => self.exclusive_variant(&refs, i)?,
                    };
                    let mut variant_notes = Vec::new();
                    collect_notes(&variant.ty, &mut Vec::new(), &mut variant_notes);
                    view.variants.push(VariantView {
                        ty,
                        doc: DocView::new(variant.description.as_deref(), variant_notes),
                    });
                }
            }
            Shape::Enum { values } => {
                view.target = literals(values);
            }
            Shape::Alias { target } => {
                collect_notes(target, &mut Vec::new(), &mut notes);
                view.target = self.type_ref(target)?;
            }
        }
        view.doc = DocView::new(ty.description.as_deref(), notes);
        Ok(view)
    }

    /// The members, exactly-one-of unions and notes of an object type; `fail` locates an
    /// inconsistency of the IR.
    fn object_parts(
        &self,
        s: &Struct,
        fail: &dyn Fn(String) -> Failure,
    ) -> Result<ObjectParts, Failure> {
        let mut parts = ObjectParts::default();
        for group in &s.exactly_one_of {
            if let Some(key) = group
                .iter()
                .find(|k| !s.fields.iter().any(|f| &f.name == *k))
            {
                return Err(fail(format!(
                    "exactly-one-of group names `{key}`, which is not a field"
                )));
            }
            parts.notes.push(note(Note::ExactlyOneOf {
                keys: group.clone(),
            }));
        }
        for field in &s.fields {
            parts.members.push(self.member(field)?);
        }
        if let Some(index) = self.index_signature(s)? {
            parts.members.push(index);
        }
        for group in &s.exactly_one_of {
            let mut arms = Vec::new();
            for chosen in group {
                let field = s
                    .fields
                    .iter()
                    .find(|f| &f.name == chosen)
                    .expect("checked above");
                let others = group
                    .iter()
                    .filter(|o| *o != chosen)
                    .map(|other| Other {
                        key: property_key(other),
                        nullable: s
                            .fields
                            .iter()
                            .any(|f| &f.name == other && f.ty.is_nullable()),
                    })
                    .collect();
                arms.push(TsType::Arm {
                    key: property_key(chosen),
                    ty: Arc::new(self.type_ref(field.ty.non_null())?),
                    others,
                });
            }
            parts.groups.push(arms);
        }
        Ok(parts)
    }

    fn member(&self, field: &Field) -> Result<MemberView, Failure> {
        let ty = self.type_ref(&field.ty)?;
        let mut notes = Vec::new();
        collect_notes(&field.ty, &mut Vec::new(), &mut notes);
        let doc = DocView {
            default: field
                .default
                .as_ref()
                .filter(|d| !d.is_null())
                .map(Value::to_string),
            deprecated: field.deprecated.is_some(),
            deprecation_note: field.deprecated.as_ref().and_then(|d| d.note.clone()),
            ..DocView::new(field.description.as_deref(), notes)
        };
        Ok(MemberView {
            optional: !field.required,
            readonly: field.read_only,
            ..MemberView::new(property_key(&field.name), ty, doc)
        })
    }

    /// The index signature an object needs: for extra keys of a known type, or for any extra
    /// key when unknown keys are accepted.
    fn index_signature(&self, s: &Struct) -> Result<Option<MemberView>, Failure> {
        let signature = |ty: TsType, what: Note| {
            MemberView::new(
                "[key: string]".to_owned(),
                ty,
                DocView::new(None, vec![note(what)]),
            )
        };
        if let Some(extra) = &s.extra {
            let extra_ty = self.type_ref(extra)?;
            if matches!(**extra, TypeRef::Any) || s.fields.is_empty() {
                return Ok(Some(signature(extra_ty, Note::OtherKeys)));
            }
            let mut alternatives: Vec<TsType> = vec![extra_ty.clone()];
            for field in &s.fields {
                let ty = self.type_ref(&field.ty)?;
                if !alternatives.contains(&ty) {
                    alternatives.push(ty);
                }
            }
            if s.fields.iter().any(|f| !f.required) {
                alternatives.push(TsType::Keyword { name: "undefined" });
            }
            return Ok(Some(signature(
                TsType::Either {
                    types: alternatives,
                },
                Note::OtherKeysTyped { ty: extra_ty },
            )));
        }
        if !s.deny_unknown {
            return Ok(Some(signature(
                TsType::Keyword { name: "unknown" },
                Note::IgnoredKeys,
            )));
        }
        if s.fields.is_empty() {
            return Ok(Some(signature(
                TsType::Keyword { name: "never" },
                Note::NoKeys,
            )));
        }
        Ok(None)
    }

    /// An inline object type.
    fn object(&self, s: &Struct) -> Result<TsType, Failure> {
        let ObjectParts {
            members, groups, ..
        } = self.object_parts(s, &|message| {
            Failure::content(
                Path::new("schema"),
                0,
                0,
                format!("inline object: {message}"),
            )
        })?;
        Ok(TsType::Object { members, groups })
    }

    /// A member of a tagged union: the variant with its tag required.
    fn tagged_variant(&self, ty: &TypeRef, tag: &str, value: &str) -> Result<TsType, Failure> {
        let literal = Value::String(value.to_owned());
        let already = self.bindings.struct_behind(ty).is_some_and(|s| {
            s.fields.iter().any(|f| {
                f.name == tag
                    && f.required
                    && f.ty
                        == TypeRef::Literal {
                            value: literal.clone(),
                        }
            })
        });
        let base = self.type_ref(ty)?;
        if already {
            return Ok(base);
        }
        Ok(TsType::Tagged {
            base: Arc::new(base),
            tag: property_key(tag),
            value: literal_type(&literal),
        })
    }

    /// A member of an untagged union: a closed object gets the other members' keys as `?: never`.
    fn exclusive_variant(&self, all: &[&TypeRef], i: usize) -> Result<TsType, Failure> {
        let ty = all[i];
        let base = self.type_ref(ty)?;
        let Some(own) = self
            .bindings
            .struct_behind(ty)
            .filter(|s| s.deny_unknown && s.extra.is_none())
        else {
            return Ok(base);
        };
        let mut foreign = BTreeSet::new();
        for (j, other) in all.iter().enumerate() {
            if j == i {
                continue;
            }
            if let Some(s) = self.bindings.struct_behind(other) {
                for field in &s.fields {
                    if !own.fields.iter().any(|f| f.name == field.name) {
                        foreign.insert(field.name.clone());
                    }
                }
            }
        }
        if foreign.is_empty() {
            return Ok(base);
        }
        Ok(TsType::Excluding {
            base: Arc::new(base),
            keys: foreign.iter().map(|k| property_key(k)).collect(),
        })
    }

    fn type_ref(&self, r: &TypeRef) -> Result<TsType, Failure> {
        let keyword = |name| TsType::Keyword { name };
        Ok(match r {
            TypeRef::Any => keyword("unknown"),
            TypeRef::Null => keyword("null"),
            TypeRef::Bool => keyword("boolean"),
            TypeRef::Integer(_) | TypeRef::Number(_) => keyword("number"),
            TypeRef::String(_) => keyword("string"),
            TypeRef::Literal { value } => literals(std::slice::from_ref(value)),
            TypeRef::Enum { values } => literals(values),
            TypeRef::Named { name } => TsType::Named {
                name: self.name_of(name),
            },
            TypeRef::List { item, .. } => TsType::Array {
                item: Arc::new(self.type_ref(item)?),
            },
            TypeRef::Tuple { items } => TsType::Tuple {
                items: items
                    .iter()
                    .map(|i| self.type_ref(i))
                    .collect::<Result<_, _>>()?,
            },
            TypeRef::Map { key, value } => TsType::Record {
                key: key
                    .as_deref()
                    .and_then(|k| self.closed_keys(k))
                    .map(Arc::new),
                value: Arc::new(self.type_ref(value)?),
            },
            TypeRef::Nullable { inner } => TsType::Nullable {
                inner: Arc::new(self.type_ref(inner)?),
            },
            TypeRef::Union { variants } => {
                let refs: Vec<&TypeRef> = variants.iter().collect();
                TsType::Union {
                    variants: (0..refs.len())
                        .map(|i| self.exclusive_variant(&refs, i))
                        .collect::<Result<_, _>>()?,
                }
            }
            TypeRef::Object { shape } => self.object(shape)?,
        })
    }

    /// The key type of a map whose keys come from a closed set of strings.
    fn closed_keys(&self, key: &TypeRef) -> Option<TsType> {
        match key {
            TypeRef::Literal {
                value: value @ Value::String(_),
            } => Some(literals(std::slice::from_ref(value))),
            TypeRef::Enum { values } => values
                .iter()
                .all(Value::is_string)
                .then(|| literals(values)),
            TypeRef::Named { name } => match &self.bindings.model.get(name)?.shape {
                Shape::Enum { values } if values.iter().all(Value::is_string) => {
                    Some(TsType::Named {
                        name: self.name_of(name),
                    })
                }
                Shape::Alias { target } => self.closed_keys(target).map(|_| TsType::Named {
                    name: self.name_of(name),
                }),
                _ => None,
            },
            _ => None,
        }
    }
}

/// Literal values as a union of literal types, without duplicates.
fn literals(values: &[Value]) -> TsType {
    let mut seen = BTreeSet::new();
    TsType::Literals {
        values: values
            .iter()
            .map(literal_type)
            .filter(|t| seen.insert(t.clone()))
            .collect(),
    }
}

/// What TypeScript cannot say about a type, as notes for its doc comment; `at` is the path
/// to `r` from the type the comment is about.
fn collect_notes(r: &TypeRef, at: &mut Vec<Step>, notes: &mut Vec<NoteView>) {
    let mut push = |note: Note| {
        notes.push(NoteView {
            at: at.clone(),
            note,
        })
    };
    match r {
        TypeRef::Integer(rules) => {
            push(Note::Integer {
                bounds: Bounds::of(rules),
            });
            if !within_safe_integers(rules) {
                push(Note::UnsafeInteger);
            }
        }
        TypeRef::Number(rules) => {
            let bounds = Bounds::of(rules);
            if !bounds.is_empty() {
                push(Note::Number { bounds });
            }
        }
        TypeRef::String(rules)
            if rules.min_length.is_some()
                || rules.max_length.is_some()
                || rules.pattern.is_some()
                || rules.format.is_some() =>
        {
            push(Note::String {
                min_length: rules.min_length,
                max_length: rules.max_length,
                pattern: rules.pattern.clone(),
                format: rules.format.clone(),
            });
        }
        TypeRef::Nullable { inner } => collect_notes(inner, at, notes),
        TypeRef::List {
            item,
            min_items,
            max_items,
            unique,
        } => {
            if min_items.is_some() || max_items.is_some() || *unique {
                push(Note::List {
                    min_items: *min_items,
                    max_items: *max_items,
                    unique: *unique,
                });
            }
            within(at, Step::Item, |at| collect_notes(item, at, notes));
        }
        TypeRef::Tuple { items } => {
            for (i, item) in items.iter().enumerate() {
                within(at, Step::TupleItem { index: i + 1 }, |at| {
                    collect_notes(item, at, notes)
                });
            }
        }
        TypeRef::Map { key, value } => {
            if let Some(key) = key {
                within(at, Step::Keys, |at| collect_notes(key, at, notes));
            }
            within(at, Step::Value, |at| collect_notes(value, at, notes));
        }
        _ => {}
    }
}

/// Runs `f` with `step` added to the path `at`.
fn within(at: &mut Vec<Step>, step: Step, f: impl FnOnce(&mut Vec<Step>)) {
    at.push(step);
    f(at);
    at.pop();
}

/// Whether every value an integer type admits is exact as a JavaScript `number`: its bounds (or
/// its width's, from schemars' `format`) lie within ±(2^53 - 1).
fn within_safe_integers(rules: &NumberRules) -> bool {
    const SAFE: f64 = 9_007_199_254_740_991.0;
    let width = rules.format.as_deref().and_then(IntegerWidth::from_format);
    let format_min = width.map(|w| w.min() as f64);
    let format_max = width.map(|w| w.max() as f64);
    let min = rules.minimum.or(rules.exclusive_minimum).or(format_min);
    let max = rules.maximum.or(rules.exclusive_maximum).or(format_max);
    min.is_some_and(|m| m >= -SAFE) && max.is_some_and(|m| m <= SAFE)
}

/// A number as the notes write it: `3` for a whole number, Rust's shortest form otherwise.
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e16 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::templates;
    use serde_json::json;

    fn model(definitions: Value) -> Model {
        let defs: Vec<(String, Value)> = definitions
            .as_object()
            .expect("an object")
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Model::from_definitions(&defs, &std::collections::HashMap::new()).expect("a valid model")
    }

    fn declarations(model: &Model, roots: &[&str]) -> String {
        let env = templates::environment(None).expect("templates load");
        let settings = PackageOutput {
            output: PathBuf::from("out"),
            name: "hostile".into(),
            version: "0.0.1".into(),
            roots: roots.iter().map(|r| (*r).to_owned()).collect(),
        };
        let files = render_package(model, &settings, &env).expect("renders");
        files
            .into_iter()
            .find(|f| f.path == Path::new(DECLARATIONS))
            .expect("declarations")
            .text
    }

    /// Every `/** ... */` comment of `text`, and the text with comments removed.
    fn split_comments(text: &str) -> (Vec<String>, String) {
        let mut comments = Vec::new();
        let mut code = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("/*") {
            code.push_str(&rest[..start]);
            let end = rest[start..].find("*/").expect("every comment is closed") + start;
            comments.push(rest[start + 2..end].to_owned());
            rest = &rest[end + 2..];
        }
        code.push_str(rest);
        (comments, code)
    }

    #[test]
    fn hostile_descriptions_names_and_keywords() {
        let hostile = "Ends here */ not really; `backticks` and ${template} and /* nested\n@param x is not a tag, mail@example.com";
        let m = model(json!({
            "class": {
                "description": hostile,
                "type": "object",
                "additionalProperties": false,
                "required": ["x-dash", "class", "Record"],
                "properties": {
                    "x-dash": {"type": "string", "pattern": "^a*/$", "description": "*/ at the start"},
                    "class": {"type": "integer", "minimum": 0, "maximum": 9, "description": "A keyword key"},
                    "Record": {"$ref": "#/definitions/Record"},
                    "123abc": {"type": "boolean", "default": "*/ in a default"},
                    "with space": {"type": ["string", "null"]},
                    "quote\"d\\": {"type": "string"},
                    "__proto__": {"type": "number"},
                }
            },
            "Record": {"description": "Shadows the global `Record`.", "type": "string", "enum": ["a", "b*/"]},
        }));
        let text = declarations(&m, &["class"]);
        let (comments, code) = split_comments(&text);
        // Every comment closes where it should: nothing of a description leaks into the code.
        assert!(!code.contains("not really"), "{code}");
        assert!(!code.contains("at the start"), "{code}");
        assert!(!code.contains("in a default"), "{code}");
        let joined = comments.join("\n");
        assert!(
            joined.contains("Ends here *\\/ not really; `backticks` and ${template} and /* nested"),
            "{joined}"
        );
        assert!(
            joined.contains("\\@param x is not a tag, mail@example.com"),
            "{joined}"
        );
        assert!(
            joined.contains("@default \"*\\/ in a default\""),
            "{joined}"
        );
        // Type names that collide with keywords or used globals are renamed, and say so.
        assert!(code.contains("export interface class_ {"), "{code}");
        assert!(
            code.contains("export type Record_ = \"a\" | \"b*/\";"),
            "{code}"
        );
        assert!(joined.contains("Called `class` in the model"), "{joined}");
        // Keys that are not identifiers are quoted; keywords are fine as property names.
        for member in [
            "\"x-dash\": string;",
            "class: number;",
            "Record: Record_;",
            "\"123abc\"?: boolean;",
            "\"with space\"?: string | null;",
            "\"quote\\\"d\\\\\"?: string;",
            "__proto__?: number;",
        ] {
            assert!(code.contains(member), "missing `{member}` in:\n{code}");
        }
        assert!(joined.contains("An integer from 0 to 9."), "{joined}");
        assert!(
            joined.contains("matching the pattern `^a*\\/$`"),
            "{joined}"
        );
    }

    #[test]
    fn tagged_unions_require_their_tag() {
        let m = model(json!({
            "Shape": {"oneOf": [{"$ref": "#/definitions/Circle"}, {"$ref": "#/definitions/Square"}]},
            "Circle": {"type": "object", "additionalProperties": false, "properties": {
                "kind": {"const": "circle", "default": "circle"}, "radius": {"type": "number"}}},
            "Square": {"type": "object", "additionalProperties": false, "required": ["kind"], "properties": {
                "kind": {"const": "square"}, "side": {"type": "number"}}},
        }));
        let text = declarations(&m, &["Shape"]);
        assert!(text.contains("| (Circle & { kind: \"circle\" })"), "{text}");
        // A variant whose tag is already required needs no intersection.
        assert!(text.contains("| Square;"), "{text}");
        assert!(text.contains("kind?: \"circle\";"), "{text}");
    }

    #[test]
    fn untagged_unions_of_closed_objects_exclude_each_others_keys() {
        let m = model(json!({
            "Either": {"anyOf": [
                {"type": "object", "additionalProperties": false, "required": ["a"], "properties": {"a": {"type": "string"}}},
                {"type": "object", "additionalProperties": false, "required": ["b"], "properties": {"b": {"type": "string"}}},
                {"type": "boolean"}
            ]},
        }));
        let text = declarations(&m, &["Either"]);
        assert!(text.contains("b?: never;"), "{text}");
        assert!(text.contains("a?: never;"), "{text}");
        assert!(text.contains("| boolean"), "{text}");
    }

    #[test]
    fn unknown_root_is_an_error() {
        let m = model(json!({"A": {"type": "string"}}));
        assert_eq!(
            Bindings::new(&m, &["B".to_owned()]).err(),
            Some("B".to_owned())
        );
    }

    #[test]
    fn comment_text_escapes() {
        assert_eq!(comment_text("a */ b"), "a *\\/ b");
        assert_eq!(comment_text("@x a@b c @d"), "\\@x a@b c \\@d");
        assert_eq!(comment_text("one\r\ntwo\rthree"), "one\ntwo\nthree");
        assert_eq!(comment_text("**/"), "**\\/");
    }
}
