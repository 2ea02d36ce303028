//! Loading dstack's documents: the generic loader (`confspec-load`) as dstack's files need it.
//!
//! Every entry point here checks the model's cross-field rules (the types of this crate have
//! them: an `image` beside `python`, a `retry` without events...) and refuses a plain scalar
//! that dstack, which reads its files with PyYAML (a YAML 1.1 reader), reads otherwise than this
//! loader (YAML 1.2): `on`, `no`, `1:30`, `026` where a string or a number is expected, with
//! the message naming "dstack's reader". The generic loader's own entry points check neither
//! (a type without rules loads with them); dstack's documents load through these.
//!
//! ```
//! let errors = schema::load::from_str::<schema::ServerConfig>(
//!     "projects:\n- name: no\n  backends: []\n",
//! ).unwrap_err();
//! assert_eq!(
//!     errors[0].message,
//!     "`no` is the boolean `false` in YAML 1.1 (dstack's reader) and a string in YAML 1.2"
//! );
//! ```
//!
//! The loader's types, its tree and its macros are re-exported here as well.

use std::path::Path;

use serde::de::DeserializeOwned;

pub use ::confspec_load::{
    DeError, DeprecatedField, ErrorKind, FileLoadError, Key, LoadError, Loader, MAX_ERRORS, Node,
    Plain, Pos, Segment, Validate, Value, Violation, Warning, Yaml11, Yaml11Guard,
    deserialize_shorthand, no_rules, parse, render_path, shorthand, tag_literal, tagged,
    tagged_union, validate, variant_tag, yaml11, yaml11_reading,
};

/// What the YAML 1.1 guard's messages name: the reader whose reading differs.
pub const YAML11_READER: &str = "dstack's reader";

/// How dstack's files are read: the YAML 1.1 guard on, naming [`YAML11_READER`].
pub fn loader() -> Loader {
    Loader::new().with_yaml11(Yaml11Guard::read_by(YAML11_READER))
}

/// Loads a dstack document from YAML text: every error of the document at its line and column,
/// then the cross-field rules.
pub fn from_str<T: DeserializeOwned + Validate>(text: &str) -> Result<T, Vec<LoadError>> {
    loader().from_str_validated(text)
}

/// Loads a dstack document from a file, as [`from_str`] does.
pub fn from_path<T: DeserializeOwned + Validate>(path: &Path) -> Result<T, FileLoadError> {
    loader().from_path_validated(path)
}

/// Deserialises a dstack document from a parsed tree, as [`from_str`] does.
pub fn from_node<T: DeserializeOwned + Validate>(node: &Node) -> Result<T, Vec<LoadError>> {
    loader().from_node_validated(node)
}
