//! The view the Python templates read: one module of classes, aliases and unions (built from the
//! closure of the roots by [`super::builder`]), with the field sites' types and notes as data
//! ([`super::pytype`]); `templates/python/macros.j2` spells them.

use serde::Serialize;

use super::pytype::*;

/// Everything the templates see.
#[derive(Debug, Serialize)]
pub(super) struct ModuleView {
    /// The distribution name (`dstack-server-config`).
    pub(super) distribution: String,
    /// The import package (`dstack_server_config`).
    pub(super) package: String,
    /// The package version.
    pub(super) version: String,
    /// The package directory, relative to the project root (`/`-separated).
    pub(super) output: String,
    /// The Python names of the root types.
    pub(super) roots: Vec<String>,
    /// The root types' descriptions, in order (for the package's docs).
    pub(super) root_descriptions: Vec<Option<String>>,
    /// The classes and aliases, in the order they are written.
    pub(super) items: Vec<Item>,
    /// The names of every class (rebuilt once the module is complete).
    pub(super) models: Vec<String>,
    /// Every public name, in order.
    pub(super) exports: Vec<String>,
    /// Imports: `typing`, `typing_extensions`, `pydantic`.
    pub(super) typing: Vec<&'static str>,
    pub(super) typing_extensions: Vec<&'static str>,
    pub(super) pydantic: Vec<&'static str>,
    /// Helper functions the module needs.
    pub(super) helpers: Vec<&'static str>,
}

/// A class or a type alias.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(super) enum Item {
    Class(ClassView),
    Alias(AliasView),
}

#[derive(Debug, Serialize)]
pub(super) struct ClassView {
    pub(super) name: String,
    /// The model's name in the IR (differs from `name` only when that is not usable).
    pub(super) model_name: String,
    pub(super) description: Option<String>,
    /// The description again, for `json_schema_extra`, when the docstring cannot hold it
    /// exactly (pydantic reads docstrings through `inspect.cleandoc`).
    pub(super) description_extra: Option<String>,
    /// pydantic's `extra`: `forbid`, `ignore` or `allow`.
    pub(super) extra: &'static str,
    /// The type of extra keys when they are accepted with a known type.
    pub(super) extra_type: Option<PyType>,
    pub(super) fields: Vec<FieldView>,
    /// Groups of which exactly one field must be set.
    pub(super) exactly_one_of: Vec<RuleView>,
    /// Cross-field rules stated as JSON Schema, checked on the data as given.
    pub(super) schema_rules: Vec<SchemaRuleView>,
    /// For a variant of a tagged union: the attribute of the tag, always written when dumping
    /// (as the model writes it), so that dumped data stays valid where the union needs it.
    pub(super) tag_attribute: Option<String>,
    /// Comments about the class.
    pub(super) notes: Vec<Note>,
}

#[derive(Debug, Serialize)]
pub(super) struct FieldView {
    /// The attribute name.
    pub(super) name: String,
    /// The key in the data.
    pub(super) key: String,
    /// Whether the key differs from the attribute name (it is then the field's alias).
    pub(super) aliased: bool,
    /// The Python type.
    #[serde(rename = "type")]
    pub(super) ty: PyType,
    /// Whether the key must be present.
    pub(super) required: bool,
    /// The default, as a Python expression, for fields that may be omitted.
    pub(super) default: Option<String>,
    /// Whether pydantic must validate the default (it is not already a value of the type).
    pub(super) validate_default: bool,
    pub(super) description: Option<String>,
    pub(super) deprecated: bool,
    /// pydantic's `deprecated="..."` (the warning on access), when the model gives a note.
    pub(super) deprecated_message: Option<String>,
    /// Comments about the field.
    pub(super) notes: Vec<Note>,
}

#[derive(Debug, Serialize)]
pub(super) struct RuleView {
    /// The keys, as the data writes them (for messages).
    pub(super) keys: Vec<String>,
    /// The attribute names.
    pub(super) attributes: Vec<String>,
    /// For each attribute, whether an empty value counts as not given.
    pub(super) non_empty: Vec<bool>,
}

/// A cross-field rule the class checks on the data as given (the JSON Schema's own statement).
#[derive(Debug, Serialize)]
pub(super) struct SchemaRuleView {
    /// The message of the error when the data breaks it.
    pub(super) message: String,
    /// The key the error is reported at (the one the rule's `then` constrains), if any.
    pub(super) at: Option<String>,
    /// The rule's schema, as a Python expression.
    pub(super) schema: String,
}

#[derive(Debug, Serialize)]
pub(super) struct AliasView {
    pub(super) name: String,
    pub(super) model_name: String,
    pub(super) description: Option<String>,
    /// The aliased type.
    #[serde(rename = "type")]
    pub(super) ty: PyType,
    /// Whether it is written with `TypeAliasType` (it refers to itself).
    pub(super) recursive: bool,
    /// Whether it is a union declaration (the template lays out the variants of `type`).
    pub(super) union: bool,
    /// For tagged unions: the key that selects the variant, and its attribute name (pydantic's
    /// discriminator).
    pub(super) tag: Option<String>,
    pub(super) discriminator: Option<String>,
    /// For unions: the variants, for the docs.
    pub(super) variants: Vec<VariantView>,
    pub(super) notes: Vec<Note>,
}

#[derive(Debug, Serialize)]
pub(super) struct VariantView {
    /// The Python type of the variant.
    #[serde(rename = "type")]
    pub(super) ty: PyType,
    /// The tag value that selects it.
    pub(super) tag_value: Option<String>,
    pub(super) description: Option<String>,
}
