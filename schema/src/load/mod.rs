//! Strict loading of YAML into model types, with exact YAML paths and positions in errors.
//!
//! Loading happens in two steps:
//!
//! 1. [`parse`] reads the text with `serde-saphyr` into a [`Node`] tree that remembers where every
//!    value and key stands. YAML syntax errors, duplicate keys and alias bombs fail here.
//! 2. [`from_node`] deserialises a model type from that tree with a deserializer that tracks the
//!    path (`projects[0].backends[1].creds.type`). It is strict: only `true`/`false` are booleans
//!    (the YAML 1.1 spellings get a hint), numbers are never strings and strings are never numbers,
//!    unknown keys are errors with the closest known key.
//!
//! [`from_str`] does both and then runs the model's cross-field rules ([`crate::validate`]).
//! No file is read while loading; see [`crate::files`] for that.

mod deserializer;
mod enums;
mod error;
mod node;
mod parse;
pub mod yaml11;

use std::path::Path as FsPath;

use serde::de::DeserializeOwned;

use crate::validate::Validate;

pub use error::{DeError, ErrorKind, FileLoadError, LoadError};
pub use node::{Key, Node, Plain, Pos, Segment, Value, render_path};
pub use parse::parse;
pub use yaml11::{Yaml11, reading as yaml11_reading};

use deserializer::{NodeDeserializer, PathLink};

/// Loads a model value from YAML text: parse, deserialise strictly, then check the cross-field
/// rules. Every problem the deserialiser can see is reported; it stops at the first.
pub fn from_str<T: DeserializeOwned + Validate>(text: &str) -> Result<T, Vec<LoadError>> {
    let node = parse(text).map_err(|e| vec![e])?;
    from_node_validated(&node)
}

/// Loads a model value from a YAML file (the file is read; nothing else is).
pub fn from_path<T: DeserializeOwned + Validate>(path: &FsPath) -> Result<T, FileLoadError> {
    let text =
        std::fs::read_to_string(path).map_err(|err| FileLoadError::Io(path.to_path_buf(), err))?;
    from_str(&text).map_err(|errors| FileLoadError::Content(path.to_path_buf(), errors))
}

/// Deserialises and validates a model value from a parsed tree.
pub fn from_node_validated<T: DeserializeOwned + Validate>(
    node: &Node,
) -> Result<T, Vec<LoadError>> {
    let value: T = from_node(node).map_err(|e| vec![e])?;
    let mut violations = Vec::new();
    value.validate(&mut Vec::new(), &mut violations);
    if violations.is_empty() {
        return Ok(value);
    }
    Err(violations
        .into_iter()
        .map(|v| LoadError {
            kind: ErrorKind::Rule,
            // Where the offending mapping starts, as for a missing key.
            pos: node.at(&v.path).map_or(node.pos, |n| n.pos),
            path: render_path(&v.path),
            message: v.message,
            expected: Vec::new(),
            hint: v.hint,
            text_only: false,
        })
        .collect())
}

/// Deserialises a model value from a parsed tree, without the cross-field rules.
pub fn from_node<T: DeserializeOwned>(node: &Node) -> Result<T, LoadError> {
    let root = PathLink::Root;
    T::deserialize(NodeDeserializer { node, path: &root }).map_err(|e| e.into_load_error(node))
}
