//! The Python package: pydantic v2 models of the configured roots and every type they use,
//! written as an installable package (`[python]` in `codegen.toml`).
//!
//! The models accept exactly what the Rust model accepts: every model is strict (no coercion),
//! forbids unknown keys when Rust does, keeps Rust's required / optional / default / nullable
//! distinctions, selects tagged unions by their tag with a pydantic discriminator, and checks the
//! cross-field rules and numeric and string bounds the IR carries. Where Python cannot say a
//! shape exactly, the closest sound type is used and a comment in the output says so.
//!
//! This module turns the IR into a view (names, Python type expressions, defaults); the layout of
//! every file, the docstrings and the messages of the rules live in `templates/python/`.

use std::borrow::Cow;
use std::collections::BTreeSet;

use crate::hash::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use minijinja::Environment;
use serde::Serialize;
use serde_json::Value;

use crate::config::{Config, PackageOutput};
use crate::diagnostics::{Diagnostic, Failure};
use crate::emit::package::{self, Emitter, Package, PackageFile};
use crate::ir::{
    ClosureOrder, IntegerWidth, Model, NumberRules, Shape, StringRules, Struct, TypeRef, Union,
};

#[cfg(test)]
mod tests;

/// The Python package output (`[python]`), run by [`crate::emit::package::stage`].
pub struct Python;

impl Emitter for Python {
    fn name(&self) -> &'static str {
        "python"
    }

    fn settings<'c>(&'c self, config: &'c Config) -> Option<&'c PackageOutput> {
        config.python.as_ref()
    }

    /// The templates of the package and where each one's output goes (`{package}` is the
    /// import package's directory).
    fn files(&self) -> &'static [(&'static str, &'static str)] {
        &[
            ("python/pyproject.toml.j2", "pyproject.toml"),
            ("python/README.md.j2", "README.md"),
            ("python/__init__.py.j2", "{package}/__init__.py"),
            ("python/models.py.j2", "{package}/models.py"),
            ("python/py.typed.j2", "{package}/py.typed"),
        ]
    }

    fn owned(&self) -> &'static [&'static str] {
        &[".py", ".pyi", "py.typed", "pyproject.toml"]
    }

    fn order(&self) -> ClosureOrder {
        ClosureOrder::DepthFirst
    }

    fn environment<'e>(&self, env: &'e Environment<'static>) -> Cow<'e, Environment<'static>> {
        let mut env = env.clone();
        env.add_filter("py_str", |text: &str| py_str(text));
        env.add_filter("py_docstring", |text: &str| py_docstring(text));
        env.add_filter("py_comment", |text: &str| py_comment(text));
        Cow::Owned(env)
    }

    fn view(
        &self,
        package: &Package<'_>,
        _env: &Environment<'static>,
    ) -> Result<minijinja::Value, Failure> {
        let view = ModuleView::build(package)?;
        Ok(minijinja::Value::from(minijinja::value::Serde(&view)))
    }

    fn file_path(&self, path: &str, settings: &PackageOutput) -> PathBuf {
        PathBuf::from(path.replace("{package}", &import_name(&settings.name)))
    }
}

/// Renders the package of `settings` from `model`: its files in a fixed order.
pub fn package(
    model: &Model,
    settings: &PackageOutput,
    templates: &Environment<'static>,
) -> Result<Vec<PackageFile>, Failure> {
    package::render(&Python, model, settings, templates)
}

/// The import name of a distribution: `dstack-server-config` → `dstack_server_config`.
pub fn import_name(distribution: &str) -> String {
    let name = identifier(&distribution.to_lowercase());
    if is_reserved_word(&name) {
        format!("{name}_")
    } else {
        name
    }
}

/// A Python string literal (double-quoted) with the same value as `text`: quotes, backslashes,
/// control and line-separator characters are escaped; every other character stays as it is.
pub fn py_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    escape_into(&mut out, text, false);
    out.push('"');
    out
}

/// The body of a `"""` docstring with the same value as `text`: like [`py_str`], but line
/// breaks stay line breaks.
pub fn py_docstring(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text, true);
    out
}

/// `text` as the body of one `#` comment line: line breaks and control characters become spaces.
pub fn py_comment(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// Whether a class docstring holding `text` gives back exactly `text` in pydantic's JSON
/// Schema: pydantic reads docstrings through `inspect.cleandoc`, which expands tabs, strips the
/// first line's leading whitespace, removes the common indentation of the other lines and drops
/// leading and trailing blank lines.
pub fn docstring_is_exact(text: &str) -> bool {
    // Python's `str.isspace` also counts the ASCII separators 0x1c-0x1f.
    let space = |c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c);
    !text.contains('\t')
        && !text.starts_with('\n')
        && !text.ends_with('\n')
        && text.split('\n').all(|line| !line.starts_with(space))
}

fn escape_into(out: &mut String, text: &str, keep_newlines: bool) {
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' if keep_newlines => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || (0x7f..0xa0).contains(&(c as u32)) => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            '\u{2028}' | '\u{2029}' | '\u{feff}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
}

/// Python's keywords: never usable as names.
const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Names the generated module imports or defines, and builtins its annotations use: a model
/// type or field with one of these names is renamed so that it cannot shadow them.
const MODULE_NAMES: &[&str] = &[
    "Annotated",
    "Any",
    "AfterValidator",
    "BaseModel",
    "BeforeValidator",
    "Callable",
    "PlainValidator",
    "ConfigDict",
    "Field",
    "JsonValue",
    "Literal",
    "Optional",
    "Self",
    "StrictBool",
    "StrictFloat",
    "StrictInt",
    "StrictStr",
    "TypeAlias",
    "TypeAliasType",
    "Union",
    "annotations",
    "bool",
    "cast",
    "dict",
    "float",
    "int",
    "list",
    "model_validator",
    "object",
    "str",
    "tuple",
    "_json_equal",
    "_json_one_of",
    "_not_null",
];

/// Attributes of pydantic's `BaseModel` that a field may not shadow.
const MODEL_ATTRIBUTES: &[&str] = &[
    "construct",
    "copy",
    "dict",
    "fields",
    "from_orm",
    "json",
    "parse_file",
    "parse_obj",
    "parse_raw",
    "schema",
    "schema_json",
    "update_forward_refs",
    "validate",
];

fn is_reserved_word(name: &str) -> bool {
    KEYWORDS.contains(&name) || MODULE_NAMES.contains(&name)
}

/// `text` with every character that cannot appear in a Python identifier replaced by `_`, and
/// a leading digit (or nothing at all) prefixed.
fn identifier(text: &str) -> String {
    package::ascii_identifier(text, &[])
}

/// The attribute name of a field whose key is `key`: the key itself when it is a usable name,
/// else a close identifier (the key stays the alias).
fn field_ident(key: &str, type_names: &HashSet<String>) -> String {
    let mut name = identifier(key);
    if name.starts_with('_') || name.starts_with("model_") {
        // pydantic keeps `_x` private and reserves `model_*`.
        name = format!(
            "field{}{name}",
            if name.starts_with('_') { "" } else { "_" }
        );
    }
    while is_reserved_word(&name)
        || MODEL_ATTRIBUTES.contains(&name.as_str())
        || type_names.contains(&name)
    {
        name.push('_');
    }
    name
}

/// Makes `name` unique in `taken` by appending `_`, and records it.
fn unique(mut name: String, taken: &mut HashSet<String>) -> String {
    while taken.contains(&name) {
        name.push('_');
    }
    taken.insert(name.clone());
    name
}

fn pascal(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase()).into_iter();
            first.chain(chars).collect::<String>()
        })
        .collect()
}

/// Everything the templates see.
#[derive(Debug, Serialize)]
struct ModuleView {
    /// The distribution name (`dstack-server-config`).
    distribution: String,
    /// The import package (`dstack_server_config`).
    package: String,
    /// The package version.
    version: String,
    /// The package directory, relative to the project root (`/`-separated).
    output: String,
    /// The Python names of the root types.
    roots: Vec<String>,
    /// The root types' descriptions, in order (for the package's docs).
    root_descriptions: Vec<Option<String>>,
    /// The classes and aliases, in the order they are written.
    items: Vec<Item>,
    /// The names of every class (rebuilt once the module is complete).
    models: Vec<String>,
    /// Every public name, in order.
    exports: Vec<String>,
    /// Imports: `typing`, `typing_extensions`, `pydantic`.
    typing: Vec<&'static str>,
    typing_extensions: Vec<&'static str>,
    pydantic: Vec<&'static str>,
    /// Helper functions the module needs.
    helpers: Vec<&'static str>,
}

/// A class or a type alias.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Item {
    Class(ClassView),
    Alias(AliasView),
}

#[derive(Debug, Serialize)]
struct ClassView {
    name: String,
    /// The model's name in the IR (differs from `name` only when that is not usable).
    model_name: String,
    description: Option<String>,
    /// The description again, for `json_schema_extra`, when the docstring cannot hold it
    /// exactly (pydantic reads docstrings through `inspect.cleandoc`).
    description_extra: Option<String>,
    /// pydantic's `extra`: `forbid`, `ignore` or `allow`.
    extra: &'static str,
    /// The type of extra keys when they are accepted with a known type.
    extra_type: Option<String>,
    fields: Vec<FieldView>,
    /// Groups of which exactly one field must be set.
    exactly_one_of: Vec<RuleView>,
    /// For a variant of a tagged union: the attribute of the tag, always written when dumping
    /// (as the model writes it), so that dumped data stays valid where the union needs it.
    tag_attribute: Option<String>,
    /// Comments about the class.
    notes: Vec<String>,
}

#[derive(Debug, Serialize)]
struct FieldView {
    /// The attribute name.
    name: String,
    /// The key in the data.
    key: String,
    /// Whether the key differs from the attribute name (it is then the field's alias).
    aliased: bool,
    /// The Python type.
    annotation: String,
    /// Whether the key must be present.
    required: bool,
    /// The default, as a Python expression, for fields that may be omitted.
    default: Option<String>,
    /// Whether pydantic must validate the default (it is not already a value of the type).
    validate_default: bool,
    description: Option<String>,
    deprecated: bool,
    /// pydantic's `deprecated="..."` (the warning on access), when the model gives a note.
    deprecated_message: Option<String>,
    /// Comments about the field.
    notes: Vec<String>,
}

#[derive(Debug, Serialize)]
struct RuleView {
    /// The keys, as the data writes them (for messages).
    keys: Vec<String>,
    /// The attribute names.
    attributes: Vec<String>,
    /// For each attribute, whether an empty value counts as not given.
    non_empty: Vec<bool>,
}

#[derive(Debug, Serialize)]
struct AliasView {
    name: String,
    model_name: String,
    description: Option<String>,
    /// The aliased type.
    annotation: String,
    /// Whether it is written with `TypeAliasType` (it refers to itself).
    recursive: bool,
    /// For unions: the member types (the template lays them out; `annotation` has them too).
    members: Vec<String>,
    /// For tagged unions: the key that selects the variant, and its attribute name (pydantic's
    /// discriminator).
    tag: Option<String>,
    discriminator: Option<String>,
    /// For unions: the variants, for the docs.
    variants: Vec<VariantView>,
    notes: Vec<String>,
}

#[derive(Debug, Serialize)]
struct VariantView {
    /// The Python type of the variant.
    name: String,
    /// The tag value that selects it.
    tag_value: Option<String>,
    description: Option<String>,
}

/// State while turning the IR into the view.
struct Builder<'a> {
    model: &'a Model,
    /// IR name → Python name, for every type in the package.
    names: HashMap<String, String>,
    /// Every Python name defined at module level.
    taken: HashSet<String>,
    /// Python names of the model types (fields may not use them).
    type_names: HashSet<String>,
    /// Names already defined at the point being written (aliases refer to the others quoted).
    defined: HashSet<String>,
    /// Aliases that refer to themselves through other aliases.
    recursive: HashSet<String>,
    /// Structs that are variants of a tagged union → the tag's key.
    tagged: HashMap<String, String>,
    /// The tag's key for the anonymous object about to be written as a tagged variant.
    object_tag: Option<String>,
    typing: BTreeSet<&'static str>,
    typing_extensions: BTreeSet<&'static str>,
    pydantic: BTreeSet<&'static str>,
    helpers: BTreeSet<&'static str>,
    /// Classes of anonymous objects met while rendering the current item.
    pending: Vec<Item>,
    /// Problems of the model that the package cannot express.
    errors: Vec<Diagnostic>,
}

/// Where a type expression is written.
struct Site<'n> {
    /// A name for anonymous classes made here (`OwnerField`).
    hint: String,
    /// Whether names not yet defined must be quoted: an alias's value is evaluated when the
    /// module runs. Class annotations are lazy (`from __future__ import annotations`), and so
    /// is the value of a recursive alias, written as one string.
    quote: bool,
    /// Whether scalars are pydantic's strict types: an alias has no configuration that would
    /// make them strict, a class does.
    strict: bool,
    notes: &'n mut Vec<String>,
}

impl ModuleView {
    fn build(package: &Package<'_>) -> Result<ModuleView, Failure> {
        let (model, settings) = (package.model, package.settings);
        let order: Vec<String> = package.types.iter().map(|t| t.name.clone()).collect();
        let mut builder = Builder {
            model,
            names: HashMap::default(),
            taken: HashSet::default(),
            type_names: HashSet::default(),
            defined: HashSet::default(),
            recursive: HashSet::default(),
            tagged: tagged_variants(model),
            object_tag: None,
            typing: BTreeSet::new(),
            typing_extensions: BTreeSet::new(),
            pydantic: BTreeSet::from(["BaseModel"]),
            helpers: BTreeSet::new(),
            pending: Vec::new(),
            errors: Vec::new(),
        };
        for name in &order {
            let mut py = identifier(name);
            if is_reserved_word(&py) {
                py.push('_');
            }
            let py = unique(py, &mut builder.taken);
            builder.type_names.insert(py.clone());
            builder.names.insert(name.clone(), py);
        }
        builder.recursive = recursive_aliases(model, &order);
        // A root that is an alias (a union) is written with `TypeAliasType` as well: pydantic
        // then resolves its forward references in this module, so `TypeAdapter(Root)` works
        // from any module (a plain `TypeAlias` would resolve them in the caller's).
        builder.recursive.extend(
            settings
                .roots
                .iter()
                .filter(|root| {
                    model.get(root).is_some_and(|d| {
                        matches!(d.shape, Shape::Union(_) | Shape::Alias { .. })
                            && !is_object_alias(&d.shape)
                    })
                })
                .cloned(),
        );
        let mut items = Vec::new();
        for name in &order {
            let def = model.get(name).expect("the closure holds model types");
            let item = builder.item(name, def.description.clone(), &def.shape);
            items.append(&mut builder.pending);
            builder.defined.insert(builder.names[name].clone());
            items.push(item);
        }
        if !builder.errors.is_empty() {
            return Err(Failure::Content(builder.errors));
        }
        let models = items
            .iter()
            .filter_map(|item| match item {
                Item::Class(class) => Some(class.name.clone()),
                Item::Alias(_) => None,
            })
            .collect();
        let exports = items
            .iter()
            .map(|item| match item {
                Item::Class(class) => class.name.clone(),
                Item::Alias(alias) => alias.name.clone(),
            })
            .collect();
        let roots = &settings.roots;
        Ok(ModuleView {
            distribution: settings.name.clone(),
            package: import_name(&settings.name),
            version: settings.version.clone(),
            output: settings.output.to_string_lossy().replace('\\', "/"),
            root_descriptions: roots
                .iter()
                .map(|r| model.get(r).and_then(|t| t.description.clone()))
                .collect(),
            roots: roots.iter().map(|r| builder.names[r].clone()).collect(),
            items,
            models,
            exports,
            typing: builder.typing.into_iter().collect(),
            typing_extensions: builder.typing_extensions.into_iter().collect(),
            pydantic: builder.pydantic.into_iter().collect(),
            helpers: builder.helpers.into_iter().collect(),
        })
    }
}

/// The structs that are variants of a tagged union, with the tag's key.
fn tagged_variants(model: &Model) -> HashMap<String, String> {
    let mut out = HashMap::default();
    for def in &model.types {
        if let Shape::Union(Union {
            tag: Some(tag),
            variants,
        }) = &def.shape
        {
            for variant in variants {
                if let TypeRef::Named { name } = &variant.ty {
                    out.insert(name.clone(), tag.clone());
                }
            }
        }
    }
    out
}

/// Aliases (unions, enums, newtypes) that reach themselves through other aliases only: a class
/// in between breaks the cycle, since class annotations are resolved lazily.
fn recursive_aliases(model: &Model, order: &[String]) -> HashSet<String> {
    let is_alias = |name: &str| -> bool {
        model.get(name).is_some_and(|d| {
            matches!(d.shape, Shape::Union(_) | Shape::Alias { .. }) && !is_object_alias(&d.shape)
        })
    };
    let edges = |name: &str| -> Vec<String> {
        let mut out = Vec::new();
        if let Some(def) = model.get(name) {
            crate::ir::visit_shape(&def.shape, &mut |r| {
                if let TypeRef::Named { name } = r
                    && is_alias(name)
                {
                    out.push(name.clone());
                }
            });
        }
        out
    };
    let mut recursive = HashSet::default();
    for start in order.iter().filter(|n| is_alias(n)) {
        let mut stack = edges(start);
        let mut seen = HashSet::default();
        while let Some(next) = stack.pop() {
            if next == *start {
                recursive.insert(start.clone());
                break;
            }
            if seen.insert(next.clone()) {
                stack.extend(edges(&next));
            }
        }
    }
    recursive
}

fn is_object_alias(shape: &Shape) -> bool {
    matches!(
        shape,
        Shape::Alias {
            target: TypeRef::Object { .. }
        }
    )
}

impl Builder<'_> {
    fn item(&mut self, name: &str, description: Option<String>, shape: &Shape) -> Item {
        let py = self.names[name].clone();
        match shape {
            Shape::Struct(s) => Item::Class(self.class(&py, name, description, s)),
            Shape::Alias {
                target: TypeRef::Object { shape },
            } => Item::Class(self.class(&py, name, description, shape)),
            Shape::Alias { target } => {
                let mut notes = Vec::new();
                let recursive = self.recursive.contains(name);
                let annotation = self.annotation(
                    target,
                    &mut Site {
                        hint: py.clone(),
                        quote: !recursive,
                        strict: true,
                        notes: &mut notes,
                    },
                );
                Item::Alias(self.alias(py, name, description, annotation, recursive, notes))
            }
            Shape::Enum { values } => {
                let mut notes = Vec::new();
                let annotation = self.one_of(values, &mut notes);
                Item::Alias(self.alias(py, name, description, annotation, false, notes))
            }
            Shape::Union(union) => self.union(&py, name, description, union),
        }
    }

    fn alias(
        &mut self,
        name: String,
        model_name: &str,
        description: Option<String>,
        annotation: String,
        recursive: bool,
        notes: Vec<String>,
    ) -> AliasView {
        if recursive {
            self.typing_extensions.insert("TypeAliasType");
        } else {
            self.typing_extensions.insert("TypeAlias");
        }
        AliasView {
            name,
            model_name: model_name.to_owned(),
            description,
            annotation,
            recursive,
            members: Vec::new(),
            tag: None,
            discriminator: None,
            variants: Vec::new(),
            notes,
        }
    }

    fn union(&mut self, py: &str, name: &str, description: Option<String>, union: &Union) -> Item {
        let mut notes = Vec::new();
        let recursive = self.recursive.contains(name);
        let mut variants = Vec::new();
        let mut members = Vec::new();
        for (i, variant) in union.variants.iter().enumerate() {
            let hint = match &variant.tag_value {
                Some(tag) => format!("{py}{}", pascal(tag)),
                None => format!("{py}Variant{}", i + 1),
            };
            if matches!(variant.ty, TypeRef::Object { .. }) {
                self.object_tag = union.tag.clone();
            }
            let annotation = self.annotation(
                &variant.ty,
                &mut Site {
                    hint,
                    quote: !recursive,
                    strict: true,
                    notes: &mut notes,
                },
            );
            members.push(annotation.clone());
            variants.push(VariantView {
                name: annotation,
                tag_value: variant.tag_value.clone(),
                description: variant.description.clone(),
            });
        }
        self.typing.insert("Annotated");
        self.typing.insert("Union");
        self.pydantic.insert("Field");
        let discriminator = union
            .tag
            .as_deref()
            .and_then(|tag| self.discriminator(tag, union));
        let annotation = match &discriminator {
            Some(attribute) => format!(
                "Annotated[Union[{}], Field(discriminator={})]",
                members.join(", "),
                py_str(attribute)
            ),
            None => {
                if let Some(tag) = &union.tag {
                    notes.push(format!(
                        "The variants are selected by `{tag}`, but its attribute name differs between them: \
                         they are tried in order instead (the same values are accepted)."
                    ));
                }
                format!(
                    "Annotated[Union[{}], Field(union_mode=\"left_to_right\")]",
                    members.join(", ")
                )
            }
        };
        let mut alias = self.alias(
            py.to_owned(),
            name,
            description,
            annotation,
            recursive,
            notes,
        );
        alias.tag = union.tag.clone();
        alias.discriminator = discriminator;
        alias.members = members;
        alias.variants = variants;
        Item::Alias(alias)
    }

    /// The attribute name of the tag key, when every variant gives it the same name.
    fn discriminator(&self, tag: &str, union: &Union) -> Option<String> {
        let mut attribute: Option<String> = None;
        for variant in &union.variants {
            let shape = match &variant.ty {
                TypeRef::Named { name } => self.model.struct_of(name)?,
                TypeRef::Object { shape } => shape,
                _ => return None,
            };
            let names = self.field_names(shape);
            let index = shape.fields.iter().position(|f| f.name == tag)?;
            match &attribute {
                None => attribute = Some(names[index].clone()),
                Some(a) if *a == names[index] => {}
                Some(_) => return None,
            }
        }
        attribute
    }

    /// Attribute names of a struct's fields: keys that are usable names keep them, the others
    /// get close names that no other field has.
    fn field_names(&self, shape: &Struct) -> Vec<String> {
        let mut taken = HashSet::default();
        let mut names = vec![String::new(); shape.fields.len()];
        // Keys that are already good names first, so that they keep them.
        let (good, other): (Vec<_>, Vec<_>) = shape
            .fields
            .iter()
            .enumerate()
            .partition(|(_, f)| field_ident(&f.name, &self.type_names) == f.name);
        for (i, field) in good.into_iter().chain(other) {
            names[i] = unique(field_ident(&field.name, &self.type_names), &mut taken);
        }
        names
    }

    fn class(
        &mut self,
        py: &str,
        model_name: &str,
        description: Option<String>,
        shape: &Struct,
    ) -> ClassView {
        self.pydantic.insert("ConfigDict");
        let names = self.field_names(shape);
        let mut fields = Vec::new();
        for (field, name) in shape.fields.iter().zip(&names) {
            let mut notes = Vec::new();
            let hint = format!("{py}{}", pascal(&field.name));
            let mut site = Site {
                hint,
                quote: false,
                strict: false,
                notes: &mut notes,
            };
            let mut annotation = self.annotation(&field.ty, &mut site);
            let mut default = None;
            let mut validate_default = false;
            if !field.required {
                match &field.default {
                    Some(value) if !value.is_null() || field.ty.is_nullable() => {
                        if self.is_plain(&field.ty, 0) {
                            default = Some(py_value(value));
                        } else {
                            // A default that is data (a mapping for a model, a list for a
                            // tuple): pydantic turns it into a value of the type.
                            self.typing.insert("Any");
                            self.typing.insert("cast");
                            default = Some(format!("cast(Any, {})", py_value(value)));
                            validate_default = true;
                        }
                    }
                    _ if field.ty.is_nullable() => default = Some("None".to_owned()),
                    _ => {
                        // May be omitted, but not null: the attribute is `None` when the key is
                        // absent, and an explicit null is refused.
                        self.typing.insert("Annotated");
                        self.typing.insert("Optional");
                        self.pydantic.insert("BeforeValidator");
                        self.helpers.insert("not_null");
                        annotation = format!(
                            "Annotated[Optional[{annotation}], BeforeValidator(_not_null)]"
                        );
                        default = Some("None".to_owned());
                    }
                }
            }
            if field.read_only {
                notes.push(
                    "Read-only in the model: the value is accepted, as Rust accepts it.".to_owned(),
                );
            }
            if default.is_some()
                || field.description.is_some()
                || *name != field.name
                || field.deprecated.is_some()
            {
                self.pydantic.insert("Field");
            }
            fields.push(FieldView {
                aliased: *name != field.name,
                name: name.clone(),
                key: field.name.clone(),
                annotation,
                required: field.required,
                default,
                validate_default,
                description: field.description.clone(),
                deprecated: field.deprecated.is_some(),
                deprecated_message: field
                    .deprecated
                    .as_ref()
                    .filter(|d| d.note.is_some())
                    .map(|d| d.message(&field.name)),
                notes,
            });
        }
        let mut exactly_one_of = Vec::new();
        for group in &shape.exactly_one_of {
            let mut attributes = Vec::new();
            for key in group {
                let Some(i) = shape.fields.iter().position(|f| &f.name == key) else {
                    let source = self.model.get(model_name).and_then(|d| d.source.as_ref());
                    self.errors.push(Diagnostic::error(
                        source.map_or(Path::new("schema"), |s| Path::new(&s.file)),
                        source.map_or(0, |s| s.line),
                        0,
                        format!(
                            "type `{model_name}`: the rule \"exactly one of\" names `{key}`, which is not a field; \
                             the Python package cannot check it"
                        ),
                    ));
                    continue;
                };
                attributes.push(names[i].clone());
            }
            self.pydantic.insert("model_validator");
            self.typing_extensions.insert("Self");
            exactly_one_of.push(RuleView {
                non_empty: group
                    .iter()
                    .map(|key| shape.given_when_non_empty.contains(key))
                    .collect(),
                keys: group.clone(),
                attributes,
            });
        }
        let (extra, extra_type) = match (&shape.extra, shape.deny_unknown) {
            (Some(ty), _) => {
                let mut notes = Vec::new();
                let annotation = self.annotation(
                    ty,
                    &mut Site {
                        hint: format!("{py}Extra"),
                        quote: false,
                        strict: false,
                        notes: &mut notes,
                    },
                );
                self.pydantic.insert("Field");
                ("allow", Some(annotation))
            }
            (None, true) => ("forbid", None),
            (None, false) => ("ignore", None),
        };
        let mut notes = Vec::new();
        if extra == "ignore" {
            notes.push("The model ignores unknown keys; so does this class.".to_owned());
        }
        let tag = self
            .tagged
            .get(model_name)
            .cloned()
            .or_else(|| self.object_tag.take());
        let tag_attribute = tag.and_then(|tag| {
            let index = shape.fields.iter().position(|f| f.name == tag)?;
            Some(names[index].clone())
        });
        if tag_attribute.is_some() {
            self.typing.insert("Any");
        }
        let description_extra = description
            .as_deref()
            .filter(|d| !docstring_is_exact(d))
            .map(str::to_owned);
        ClassView {
            name: py.to_owned(),
            model_name: model_name.to_owned(),
            description,
            description_extra,
            extra,
            extra_type,
            fields,
            exactly_one_of,
            tag_attribute,
            notes,
        }
    }

    /// Whether values of `ty` are plain data (what JSON gives), so that a default written as
    /// data already is a value of the type.
    fn is_plain(&self, ty: &TypeRef, depth: usize) -> bool {
        if depth > 32 {
            return false;
        }
        match ty {
            TypeRef::Any
            | TypeRef::Null
            | TypeRef::Bool
            | TypeRef::Integer(_)
            | TypeRef::Number(_)
            | TypeRef::String(_)
            | TypeRef::Literal { .. }
            | TypeRef::Enum { .. } => true,
            TypeRef::List { item, .. } => self.is_plain(item, depth + 1),
            TypeRef::Map { value, .. } => self.is_plain(value, depth + 1),
            TypeRef::Nullable { inner } => self.is_plain(inner, depth + 1),
            TypeRef::Union { variants } => variants.iter().all(|v| self.is_plain(v, depth + 1)),
            TypeRef::Tuple { .. } | TypeRef::Object { .. } => false,
            TypeRef::Named { name } => match self.model.get(name).map(|d| &d.shape) {
                Some(Shape::Enum { .. }) => true,
                Some(Shape::Alias { target }) => self.is_plain(target, depth + 1),
                _ => false,
            },
        }
    }

    /// The Python type of `ty`.
    fn annotation(&mut self, ty: &TypeRef, site: &mut Site<'_>) -> String {
        match ty {
            TypeRef::Any => {
                self.pydantic.insert("JsonValue");
                "JsonValue".to_owned()
            }
            TypeRef::Null => "None".to_owned(),
            TypeRef::Bool => self.scalar("bool", site),
            TypeRef::Integer(rules) => {
                let base = self.scalar("int", site);
                self.constrained(&base, number_constraints(rules, true))
            }
            TypeRef::Number(rules) => {
                let base = self.scalar("float", site);
                self.constrained(&base, number_constraints(rules, false))
            }
            TypeRef::String(rules) => {
                if let Some(format) = &rules.format {
                    site.notes.push(format!(
                        "The model gives the format `{format}`; it is not checked here (any string is accepted)."
                    ));
                }
                let base = self.scalar("str", site);
                self.constrained(&base, string_constraints(rules))
            }
            TypeRef::Literal { value } => self.one_of(std::slice::from_ref(value), site.notes),
            TypeRef::Enum { values } => self.one_of(values, site.notes),
            TypeRef::Named { name } => {
                let py = self
                    .names
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| identifier(name));
                if site.quote && !self.defined.contains(&py) {
                    py_str(&py)
                } else {
                    py
                }
            }
            TypeRef::List {
                item,
                min_items,
                max_items,
                unique,
            } => {
                let hint = std::mem::take(&mut site.hint);
                site.hint = format!("{hint}Item");
                let item = self.annotation(item, site);
                site.hint = hint;
                if *unique {
                    site.notes.push(
                        "A set in the model: duplicates are accepted there (and merged), so this is a list."
                            .to_owned(),
                    );
                }
                let mut constraints = Vec::new();
                if let Some(min) = min_items {
                    constraints.push(format!("min_length={min}"));
                }
                if let Some(max) = max_items {
                    constraints.push(format!("max_length={max}"));
                }
                self.constrained(&format!("list[{item}]"), constraints)
            }
            TypeRef::Tuple { items } => {
                let hint = std::mem::take(&mut site.hint);
                let mut parts = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    site.hint = format!("{hint}{}", i + 1);
                    parts.push(self.annotation(item, site));
                }
                site.hint = hint;
                if parts.is_empty() {
                    parts.push("()".to_owned());
                }
                site.notes.push(
                    "A fixed-length list: the tuple is not strict so that a list is accepted; its items are."
                        .to_owned(),
                );
                self.constrained(
                    &format!("tuple[{}]", parts.join(", ")),
                    vec!["strict=False".to_owned()],
                )
            }
            TypeRef::Map { key, value } => {
                let hint = std::mem::take(&mut site.hint);
                site.hint = format!("{hint}Value");
                let value = self.annotation(value, site);
                site.hint = format!("{hint}Key");
                let key = match key {
                    Some(key) if self.is_string_like(key, 0) => self.annotation(key, site),
                    Some(_) => {
                        site.notes.push(
                            "The model restricts the keys to a type that is not a string; keys are strings here."
                                .to_owned(),
                        );
                        self.scalar("str", site)
                    }
                    None => self.scalar("str", site),
                };
                site.hint = hint;
                format!("dict[{key}, {value}]")
            }
            TypeRef::Nullable { inner } => {
                let inner = self.annotation(inner, site);
                if inner == "None" || inner == "JsonValue" || inner.starts_with("Optional[") {
                    inner
                } else {
                    self.typing.insert("Optional");
                    format!("Optional[{inner}]")
                }
            }
            TypeRef::Union { variants } => {
                let hint = std::mem::take(&mut site.hint);
                let mut parts = Vec::new();
                for (i, variant) in variants.iter().enumerate() {
                    site.hint = format!("{hint}Variant{}", i + 1);
                    parts.push(self.annotation(variant, site));
                }
                site.hint = hint;
                self.typing.insert("Annotated");
                self.typing.insert("Union");
                self.pydantic.insert("Field");
                format!(
                    "Annotated[Union[{}], Field(union_mode=\"left_to_right\")]",
                    parts.join(", ")
                )
            }
            TypeRef::Object { shape } => {
                let name = unique(site.hint.clone(), &mut self.taken);
                self.type_names.insert(name.clone());
                let class = self.class(&name, &name, None, shape);
                self.pending.push(Item::Class(class));
                self.defined.insert(name.clone());
                name
            }
        }
    }

    /// A scalar type. In a class it is strict through the class's configuration; an alias has
    /// none, so there it is pydantic's strict type (`StrictInt`...), and validating the alias on
    /// its own (`TypeAdapter(Alias)`) converts nothing either.
    fn scalar(&mut self, name: &'static str, site: &Site<'_>) -> String {
        if !site.strict {
            return name.to_owned();
        }
        let strict = match name {
            "bool" => "StrictBool",
            "int" => "StrictInt",
            "float" => "StrictFloat",
            _ => "StrictStr",
        };
        self.pydantic.insert(strict);
        strict.to_owned()
    }

    /// Whether keys of type `ty` are strings (maps of these need no conversion of keys).
    fn is_string_like(&self, ty: &TypeRef, depth: usize) -> bool {
        match ty {
            TypeRef::String(_) => true,
            TypeRef::Literal { value } => value.is_string(),
            TypeRef::Enum { values } => values.iter().all(Value::is_string),
            TypeRef::Named { name } if depth < 32 => match self.model.get(name).map(|d| &d.shape) {
                Some(Shape::Enum { values }) => values.iter().all(Value::is_string),
                Some(Shape::Alias { target }) => self.is_string_like(target, depth + 1),
                _ => false,
            },
            _ => false,
        }
    }

    /// `base`, with pydantic constraints when there are any.
    fn constrained(&mut self, base: &str, constraints: Vec<String>) -> String {
        if constraints.is_empty() {
            return base.to_owned();
        }
        self.typing.insert("Annotated");
        self.pydantic.insert("Field");
        format!("Annotated[{base}, Field({})]", constraints.join(", "))
    }

    /// A type that accepts exactly `values`. `Literal` compares with Python's `==` (so
    /// `Literal[1]` takes `True` and `1.0`); values other than strings are therefore also
    /// checked by JSON equality.
    fn one_of(&mut self, values: &[Value], notes: &mut Vec<String>) -> String {
        let nullable = values.iter().any(Value::is_null);
        let values: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
        if values.is_empty() {
            return "None".to_owned();
        }
        let literal = values
            .iter()
            .all(|v| v.is_string() || v.is_boolean() || v.is_i64() || v.is_u64());
        let rendered: Vec<String> = values.iter().map(|v| py_value(v)).collect();
        let base = if literal {
            self.typing.insert("Literal");
            let literal = format!("Literal[{}]", rendered.join(", "));
            if values.iter().all(|v| v.is_string()) {
                literal
            } else {
                self.exact(literal, &rendered)
            }
        } else {
            notes.push(
                "Values that `Literal` cannot hold: any JSON value is typed, and one of the values is required."
                    .to_owned(),
            );
            self.pydantic.insert("JsonValue");
            self.exact("JsonValue".to_owned(), &rendered)
        };
        if nullable {
            self.typing.insert("Optional");
            format!("Optional[{base}]")
        } else {
            base
        }
    }

    /// `base`, validated by JSON equality with one of `rendered` instead of by pydantic: the
    /// value stays the input (pydantic's `Literal[1, True]` may turn `True` into `1`).
    fn exact(&mut self, base: String, rendered: &[String]) -> String {
        self.typing.insert("Annotated");
        self.pydantic.insert("PlainValidator");
        self.helpers.insert("json_one_of");
        self.typing.insert("Callable");
        format!(
            "Annotated[{base}, PlainValidator(_json_one_of({}), json_schema_input_type={base})]",
            rendered.join(", ")
        )
    }
}

/// pydantic constraints of a number.
fn number_constraints(rules: &NumberRules, integer: bool) -> Vec<String> {
    let mut out = Vec::new();
    let (format_min, format_max) = if integer {
        rules.format.as_deref().and_then(integer_range).unzip()
    } else {
        (None, None)
    };
    let number = |n: f64| {
        if integer && n.fract() == 0.0 && n.abs() < 9.0e15 {
            format!("{}", n as i64)
        } else {
            python_float(
                &serde_json::Number::from_f64(n).map_or_else(|| n.to_string(), |n| n.to_string()),
            )
        }
    };
    match rules.minimum {
        Some(min) => out.push(format!("ge={}", number(min))),
        None if rules.exclusive_minimum.is_none() => {
            if let Some(min) = format_min {
                out.push(format!("ge={min}"));
            }
        }
        None => {}
    }
    if let Some(min) = rules.exclusive_minimum {
        out.push(format!("gt={}", number(min)));
    }
    match rules.maximum {
        Some(max) => out.push(format!("le={}", number(max))),
        None if rules.exclusive_maximum.is_none() => {
            if let Some(max) = format_max {
                out.push(format!("le={max}"));
            }
        }
        None => {}
    }
    if let Some(max) = rules.exclusive_maximum {
        out.push(format!("lt={}", number(max)));
    }
    if let Some(step) = rules.multiple_of {
        out.push(format!("multiple_of={}", number(step)));
    }
    out
}

/// A float literal that Python reads as a float (`1` → `1.0`).
fn python_float(text: &str) -> String {
    if text.contains(['.', 'e', 'E', 'i', 'n']) {
        text.to_owned()
    } else {
        format!("{text}.0")
    }
}

/// The range of an integer format as schemars writes it (`uint16`, `int64`, `uint`...).
fn integer_range(format: &str) -> Option<(String, String)> {
    let width = IntegerWidth::from_format(format)?;
    Some((width.min().to_string(), width.max().to_string()))
}

/// pydantic constraints of a string.
fn string_constraints(rules: &StringRules) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(min) = rules.min_length {
        out.push(format!("min_length={min}"));
    }
    if let Some(max) = rules.max_length {
        out.push(format!("max_length={max}"));
    }
    if let Some(pattern) = &rules.pattern {
        out.push(format!("pattern={}", py_str(&ecma_classes(pattern))));
    }
    out
}

/// A JSON Schema pattern (ECMA-262) for pydantic's regex engine: `\d` and `\w` are ASCII in
/// ECMA-262 but Unicode-aware in Rust's `regex` (pydantic) and Python's `re`, so they become the
/// ASCII classes they mean (`[0-9]`, `[A-Za-z0-9_]`; inside a class, their ranges). `\D` and
/// `\W` become negated classes outside a class and stay as they are inside one.
pub fn ecma_classes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push(c);
                    break;
                };
                match (next, in_class) {
                    ('d', false) => out.push_str("[0-9]"),
                    ('d', true) => out.push_str("0-9"),
                    ('D', false) => out.push_str("[^0-9]"),
                    ('w', false) => out.push_str("[A-Za-z0-9_]"),
                    ('w', true) => out.push_str("A-Za-z0-9_"),
                    ('W', false) => out.push_str("[^A-Za-z0-9_]"),
                    _ => {
                        out.push(c);
                        out.push(next);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A JSON value as a Python expression.
fn py_value(value: &Value) -> String {
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Number(n) => {
            let text = n.to_string();
            if n.is_f64() {
                python_float(&text)
            } else {
                text
            }
        }
        Value::String(s) => py_str(s),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(py_value).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", py_str(k), py_value(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
