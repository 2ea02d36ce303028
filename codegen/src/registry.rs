//! Every model type by name and path. The table is generated at build time by `build.rs`, which
//! scans the model crate's sources with `syn`.

use std::borrow::Cow;

use schema::load::{LoadError, Node};
use schema::validate::Validate;
use schemars::generate::{SchemaGenerator, SchemaSettings};
use schemars::{JsonSchema, Schema};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::ir::DeprecationNote;

/// One model type, as found in the model crate's sources.
pub struct RegisteredType {
    /// The Rust path, e.g. `schema::aws::AwsConfig`.
    pub rust_path: &'static str,
    /// The source file, relative to the workspace root.
    pub file: &'static str,
    /// The line of the type's name in `file`.
    pub line: usize,
    /// The name the type has in schemas and in every output (`AWSConfig`).
    pub schema_name: fn() -> Cow<'static, str>,
    /// Adds the type's schema (and those it uses) to a generator's definitions.
    pub add_to: fn(&mut SchemaGenerator) -> Schema,
    /// The type's schema as a root schema with its definitions.
    pub root_schema: fn(SchemaSettings) -> Schema,
    /// Loads a value of the type strictly from a YAML tree and serialises it back as JSON.
    pub load: fn(&Node) -> Result<serde_json::Value, Vec<LoadError>>,
}

impl RegisteredType {
    /// The Rust identifier (the last segment of the path).
    pub fn ident(&self) -> &'static str {
        self.rust_path.rsplit("::").next().unwrap_or(self.rust_path)
    }

    /// The Rust module path (everything before the identifier).
    pub fn module(&self) -> &'static str {
        self.rust_path
            .rsplit_once("::")
            .map(|(module, _)| module)
            .unwrap_or("")
    }
}

fn add_to<T: JsonSchema>(generator: &mut SchemaGenerator) -> Schema {
    generator.subschema_for::<T>()
}

fn root_schema<T: JsonSchema>(settings: SchemaSettings) -> Schema {
    settings.into_generator().into_root_schema_for::<T>()
}

fn load<T: DeserializeOwned + Serialize + Validate>(
    node: &Node,
) -> Result<serde_json::Value, Vec<LoadError>> {
    let value: T = schema::load::from_node_validated(node)?;
    serde_json::to_value(&value).map_err(|err| {
        vec![LoadError {
            kind: schema::load::ErrorKind::Other,
            path: String::new(),
            pos: node.pos,
            message: format!("cannot serialise the loaded value: {err}"),
            expected: Vec::new(),
            hint: None,
            text_only: false,
        }]
    })
}

include!(concat!(env!("OUT_DIR"), "/registry_table.rs"));

/// Every registered type, in source order (files sorted by path, items in file order).
pub fn types() -> &'static [RegisteredType] {
    TYPES
}

/// The note of every `#[deprecated]` of the model crate (on a type, field or variant of a type
/// deriving `JsonSchema`), by schema name; schemars writes `"deprecated": true` without it.
pub fn deprecations() -> &'static [DeprecationNote<'static>] {
    DEPRECATED
}
