//! `confspec-load`: strict loading of YAML into serde model types, with the exact YAML path,
//! line and column of every error and a hint that says how to fix it.
//!
//! This is the runtime every model documented by `confspec` loads through; it knows nothing of
//! any particular model. Loading happens in two steps:
//!
//! 1. [`parse`] reads the text with `serde-saphyr` into a [`Node`] tree that remembers where every
//!    value and key stands. YAML syntax errors, duplicate keys and alias bombs fail here.
//! 2. [`from_node`] deserialises a model type from that tree with a deserializer that tracks the
//!    path (`projects[0].backends[1].creds.type`). It is strict: only `true`/`false` are booleans
//!    (the YAML 1.1 spellings get a hint), numbers are never strings and strings are never numbers,
//!    unknown keys are errors with the closest known key.
//!
//! [`from_str`] does both, for any type that implements serde's `Deserialize`, and reports every
//! error of the document, each at its own key or value ([`MAX_ERRORS`] at most; how, with serde,
//! is told in the `collect` module's source). A type with cross-field rules ([`Validate`]) loads
//! with [`from_str_validated`], which checks them on a document that deserialises. A project's
//! own settings (the YAML 1.1 guard, the limit) go in a [`Loader`], whose methods are the same
//! entry points. No file is read while loading, but by the `from_path` functions.
//!
//! Around the loader, what a model needs to be loaded this way:
//!
//! - [`validate`]: cross-field rules serde cannot state, reported at the key that breaks them;
//! - [`tagged`]: unions selected by a tag key (`type: aws`), read in place so that errors inside
//!   a variant keep their exact position (the macros [`tagged_union!`], [`tag_literal!`],
//!   [`variant_tag!`]);
//! - [`deprecated`]: loading with a warning for each deprecated key the document uses, and for
//!   each value a model type accepts with a conversion it warns about ([`warn_value`]);
//! - [`shorthand`]: values written either as a scalar shorthand or in full (`gpu: A100:2` or a
//!   mapping), through the [`shorthand::Shorthand`] trait and [`deserialize_shorthand!`];
//! - [`yaml11`]: the YAML 1.1 reading of plain scalars, and the guard ([`Yaml11Guard`]) for
//!   models whose documents are also read by a YAML 1.1 parser.
//!
//! ```
//! use serde::Deserialize;
//!
//! // A type of your own, with no cross-field rules: serde's derive is all it needs.
//! #[derive(Debug, Deserialize)]
//! #[serde(deny_unknown_fields)]
//! struct Job {
//!     name: String,
//!     retries: Option<u32>,
//! }
//!
//! let job: Job = confspec_load::from_str("name: build\nretries: 2\n").unwrap();
//! assert_eq!(job.name, "build");
//!
//! // Every error of the document, in document order, each at its own line and column.
//! let errors = confspec_load::from_str::<Job>("name: 7\nretires: 2\n").unwrap_err();
//! assert_eq!(errors.len(), 2);
//! assert_eq!((errors[0].path.as_str(), errors[0].pos.line, errors[0].pos.column), ("name", 1, 7));
//! assert_eq!(errors[1].path, "retires");
//! assert_eq!((errors[1].pos.line, errors[1].pos.column), (2, 1));
//! assert_eq!(errors[1].hint.as_deref(), Some("did you mean `retries`?"));
//! ```

mod collect;
pub mod deprecated;
mod deserializer;
mod error;
pub mod fields;
mod loader;
mod node;
mod parse;
mod path;
mod repairs;
pub mod shorthand;
mod stand_in;
pub mod tagged;
pub mod validate;
mod warnings;
pub mod yaml11;

use std::path::Path as FsPath;

use serde::de::DeserializeOwned;

#[doc(hidden)]
pub use deserializer::read_json;
pub use error::{DeError, ErrorKind, FileLoadError, LoadError};
pub use loader::{Loader, MAX_ERRORS};
pub use node::{Key, Node, Plain, Pos, Segment, Value, render_path};
pub use parse::parse;
pub use validate::{Validate, Violation};
pub use warnings::{DeprecatedField, Warning, collect as collect_warnings, warn_value};
pub use yaml11::{Yaml11, Yaml11Guard, reading as yaml11_reading};

/// Loads a value of a type from YAML text: parsed, then deserialised strictly, every error of
/// the document reported (at most [`MAX_ERRORS`]). No cross-field rules are checked: a type
/// that has them ([`Validate`]) loads with [`from_str_validated`]. [`Loader::from_str`] with
/// the default [`Loader`].
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Vec<LoadError>> {
    Loader::new().from_str(text)
}

/// Loads a value of a type from a YAML file (the file is read; nothing else is), as
/// [`from_str`] does.
pub fn from_path<T: DeserializeOwned>(path: &FsPath) -> Result<T, FileLoadError> {
    Loader::new().from_path(path)
}

/// Deserialises a value of a type from a parsed tree, as [`from_str`] does.
pub fn from_node<T: DeserializeOwned>(node: &Node) -> Result<T, Vec<LoadError>> {
    Loader::new().from_node(node)
}

/// Loads a value of a type from YAML text as [`from_str`] does, then checks its cross-field
/// rules ([`Validate`]): on a document that deserialises, each broken rule is an error of kind
/// [`ErrorKind::Rule`].
pub fn from_str_validated<T: DeserializeOwned + Validate>(text: &str) -> Result<T, Vec<LoadError>> {
    Loader::new().from_str_validated(text)
}

/// Loads a value of a type from a YAML file and checks its cross-field rules.
pub fn from_path_validated<T: DeserializeOwned + Validate>(
    path: &FsPath,
) -> Result<T, FileLoadError> {
    Loader::new().from_path_validated(path)
}

/// Deserialises a value of a type from a parsed tree and checks its cross-field rules.
pub fn from_node_validated<T: DeserializeOwned + Validate>(
    node: &Node,
) -> Result<T, Vec<LoadError>> {
    Loader::new().from_node_validated(node)
}

/// The README's examples, run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
