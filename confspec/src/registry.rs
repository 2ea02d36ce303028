//! Every model type by name and path. A project's table is generated at build time by
//! `confspec_build` (its `build.rs` scans the model crate's sources with `syn`) and included by
//! its codegen binary with [`types!`](crate::types); [`crate::run`] takes it.
//!
//! What a model type needs: `Serialize`, `Deserialize` and `JsonSchema` (derived). Cross-field
//! rules are opt-in: a type that implements [`Validate`] has them checked when it loads, any
//! other type loads without (the table picks per type, see [`Probe`]). Either loads with the
//! project's [`Loader`] (`[load]` of its settings: [`crate::config::Config::loader`]).

use std::borrow::Cow;
use std::marker::PhantomData;

use confspec_load::validate::Validate;
use confspec_load::{LoadError, Loader, Node};
use schemars::generate::{SchemaGenerator, SchemaSettings};
use schemars::{JsonSchema, Schema};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::ir::{DeprecationNote, DocComment};

/// Loads a value of a type strictly from a YAML tree with a loader (every error of the
/// document, the project's YAML 1.1 guard) and serialises it back as JSON.
pub type LoadFn = fn(&Node, &Loader) -> Result<serde_json::Value, Vec<LoadError>>;

/// One model type, as found in the model crate's sources.
#[derive(Clone, Copy)]
pub struct RegisteredType {
    /// The Rust path, e.g. `schema::aws::AwsConfig`.
    pub rust_path: &'static str,
    /// The source file, relative to the project root.
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
    pub load: LoadFn,
}

impl std::fmt::Debug for RegisteredType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.rust_path)
    }
}

impl RegisteredType {
    /// The entry of `T`, found at `file:line` as `rust_path`, loaded by `load` (which
    /// [`Probe::load_fn`] chooses).
    pub fn new<T: JsonSchema>(
        rust_path: &'static str,
        file: &'static str,
        line: usize,
        load: LoadFn,
    ) -> RegisteredType {
        RegisteredType {
            rust_path,
            file,
            line,
            schema_name: <T as JsonSchema>::schema_name,
            add_to: add_to::<T>,
            root_schema: root_schema::<T>,
            load,
        }
    }

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

/// A scanned source file of the model, as the binary was built from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceDigest {
    /// The file, relative to the project root (as [`DocComment::file`] names it).
    pub file: &'static str,
    /// Its digest without the text of the `///` doc comments the docs table lists
    /// (`confspec_build::sources::digest`).
    pub digest: u64,
}

/// A project's model: its registered types and where the binary that holds them was built.
#[derive(Debug, Clone, Copy, Default)]
pub struct Registry {
    /// Every registered type, in source order (files sorted by path, items in file order).
    pub types: &'static [RegisteredType],
    /// The note of every `#[deprecated]` of the model's sources (on a type, field or variant of
    /// a type deriving `JsonSchema`), by schema name; schemars writes `"deprecated": true`
    /// without it.
    pub deprecations: &'static [DeprecationNote<'static>],
    /// Where each doc comment of a type or a field is written, by schema name, with its lines
    /// as written; schemars keeps the text (trimmed) but not its place.
    pub docs: &'static [DocComment<'static>],
    /// The digest of each scanned source file without the text of its `///` doc comments
    /// (see [`crate::fresh_docs`]).
    pub sources: &'static [SourceDigest],
    /// The manifest directory of the crate the binary was built from: when no `codegen.toml`
    /// is found from the working directory (and no `--root` is given), it is looked for from
    /// there upwards, so the binary still finds its own project.
    pub built_in: Option<&'static str>,
}

impl Registry {
    /// This registry's types and `other`'s in one (`other`'s after this one's): a binary that
    /// documents two sets of types, its model and its settings, say. The joined tables live as
    /// long as the program (call it once, as the program starts).
    pub fn with(self, other: Registry) -> Registry {
        Registry::join([self, other])
    }

    /// The types of every one of `registries` in one, in order, each table copied once (a
    /// model in several crates, each with its own registry); the first manifest directory
    /// given is kept. The joined tables live as long as the program (call it once, as the
    /// program starts).
    pub fn join(registries: impl IntoIterator<Item = Registry>) -> Registry {
        fn concat<T: Clone>(tables: impl Iterator<Item = &'static [T]>) -> &'static [T] {
            let tables: Vec<&'static [T]> = tables.filter(|t| !t.is_empty()).collect();
            match tables.as_slice() {
                [] => &[],
                [one] => one,
                _ => Vec::leak(tables.concat()),
            }
        }
        let registries: Vec<Registry> = registries.into_iter().collect();
        Registry {
            types: concat(registries.iter().map(|r| r.types)),
            deprecations: concat(registries.iter().map(|r| r.deprecations)),
            docs: concat(registries.iter().map(|r| r.docs)),
            sources: concat(registries.iter().map(|r| r.sources)),
            built_in: registries.iter().find_map(|r| r.built_in),
        }
    }
}

/// The registry of the crate being compiled: the table its `build.rs` wrote with
/// `confspec_build::scan` (`OUT_DIR/confspec_types.rs`), and its manifest directory.
///
/// ```ignore
/// fn main() {
///     std::process::exit(confspec::run(confspec::types!()));
/// }
/// ```
#[macro_export]
macro_rules! types {
    () => {
        $crate::registry::Registry {
            types: include!(concat!(env!("OUT_DIR"), "/confspec_types.rs")),
            deprecations: include!(concat!(env!("OUT_DIR"), "/confspec_deprecated.rs")),
            docs: include!(concat!(env!("OUT_DIR"), "/confspec_docs.rs")),
            sources: include!(concat!(env!("OUT_DIR"), "/confspec_sources.rs")),
            built_in: Some(env!("CARGO_MANIFEST_DIR")),
        }
    };
}

/// Chooses how a type loads, in the generated table (concrete types, so that method lookup
/// picks [`Validated`] for a type that implements [`Validate`] and [`Plain`] otherwise):
/// `(&&Probe::<T>::new()).load_fn()`.
pub struct Probe<T>(PhantomData<T>);

impl<T> Probe<T> {
    /// A probe of `T`.
    pub fn new() -> Probe<T> {
        Probe(PhantomData)
    }
}

impl<T> Default for Probe<T> {
    fn default() -> Self {
        Probe::new()
    }
}

/// Loading with the type's cross-field rules.
pub trait Validated {
    /// The load function.
    fn load_fn(&self) -> LoadFn;
}

/// Loading without cross-field rules (the type has none).
pub trait Plain {
    /// The load function.
    fn load_fn(&self) -> LoadFn;
}

impl<T: DeserializeOwned + Serialize + Validate> Validated for &Probe<T> {
    fn load_fn(&self) -> LoadFn {
        load_validated::<T>
    }
}

impl<T: DeserializeOwned + Serialize> Plain for Probe<T> {
    fn load_fn(&self) -> LoadFn {
        load_plain::<T>
    }
}

fn add_to<T: JsonSchema>(generator: &mut SchemaGenerator) -> Schema {
    generator.subschema_for::<T>()
}

fn root_schema<T: JsonSchema>(settings: SchemaSettings) -> Schema {
    settings.into_generator().into_root_schema_for::<T>()
}

fn load_plain<T: DeserializeOwned + Serialize>(
    node: &Node,
    loader: &Loader,
) -> Result<serde_json::Value, Vec<LoadError>> {
    let value: T = loader.from_node(node)?;
    to_json(&value, node)
}

fn load_validated<T: DeserializeOwned + Serialize + Validate>(
    node: &Node,
    loader: &Loader,
) -> Result<serde_json::Value, Vec<LoadError>> {
    let value: T = loader.from_node_validated(node)?;
    to_json(&value, node)
}

fn to_json<T: Serialize>(value: &T, node: &Node) -> Result<serde_json::Value, Vec<LoadError>> {
    serde_json::to_value(value).map_err(|err| serialise_error(err, node))
}

/// A loaded value that did not serialise, as the document's error (compiled once, not once per
/// type).
fn serialise_error(err: serde_json::Error, node: &Node) -> Vec<LoadError> {
    vec![LoadError {
        kind: confspec_load::ErrorKind::Other,
        path: String::new(),
        pos: node.pos,
        message: format!("cannot serialise the loaded value: {err}"),
        expected: Vec::new(),
        hint: None,
        text_only: false,
    }]
}
