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
//! [`from_str`] does both and then runs the model's cross-field rules ([`validate`]). No file is
//! read while loading.
//!
//! Around the loader, what a model needs to be loaded this way:
//!
//! - [`validate`]: cross-field rules serde cannot state, reported at the key that breaks them;
//! - [`tagged`]: unions selected by a tag key (`type: aws`), read in place so that errors inside
//!   a variant keep their exact position (the macros [`tagged_union!`], [`tag_literal!`],
//!   [`variant_tag!`]);
//! - [`deprecated`]: loading with a warning for each deprecated key the document uses;
//! - [`shorthand`]: values written either as a scalar shorthand or in full (`gpu: A100:2` or a
//!   mapping), through the [`shorthand::Shorthand`] trait and [`deserialize_shorthand!`];
//! - [`yaml11`]: the YAML 1.1 reading of plain scalars, for models whose documents are also read
//!   by a YAML 1.1 parser.
//!
//! ```
//! use serde::Deserialize;
//!
//! #[derive(Debug, Deserialize)]
//! #[serde(deny_unknown_fields)]
//! struct Job {
//!     name: String,
//!     retries: Option<u32>,
//! }
//! confspec_load::no_rules!(Job);
//!
//! let job: Job = confspec_load::from_str("name: build\nretries: 2\n").unwrap();
//! assert_eq!(job.name, "build");
//!
//! let errors = confspec_load::from_str::<Job>("name: build\nretires: 2\n").unwrap_err();
//! assert_eq!(errors[0].path, "retires");
//! assert_eq!((errors[0].pos.line, errors[0].pos.column), (2, 1));
//! assert_eq!(errors[0].hint.as_deref(), Some("did you mean `retries`?"));
//! ```

pub mod deprecated;
mod deserializer;
mod error;
mod node;
mod parse;
mod path;
pub mod shorthand;
pub mod tagged;
pub mod validate;
mod warnings;
pub mod yaml11;

use std::path::Path as FsPath;

use serde::de::DeserializeOwned;

pub use error::{DeError, ErrorKind, FileLoadError, LoadError};
pub use node::{Key, Node, Plain, Pos, Segment, Value, render_path};
pub use parse::parse;
pub use validate::{Validate, Violation};
pub use warnings::{DeprecatedField, Warning};
pub use yaml11::{Yaml11, reading as yaml11_reading};

use deserializer::NodeDeserializer;
use path::PathLink;

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

/// The README's examples, run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
