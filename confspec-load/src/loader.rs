//! [`Loader`]: what a project says about reading its documents beyond what its types say (the
//! YAML 1.1 guard, how many errors a document reports), and the entry points that load with it.
//!
//! A type loads with [`Loader::from_str`] whether or not it has cross-field rules; a type with
//! rules ([`Validate`]) has them checked by the `*_validated` entry points, and by the
//! `*_with_warnings` ones, which also report its deprecated keys. The crate's free functions
//! ([`crate::from_str`]...) are the entry points of [`Loader::new`].

use std::path::Path as FsPath;

use serde::de::DeserializeOwned;

use crate::error::{ErrorKind, FileLoadError, LoadError};
use crate::node::{Node, render_path};
use crate::validate::Validate;
use crate::warnings::{Collecting, DeprecatedField, Warning};
use crate::yaml11::Yaml11Guard;

/// How many errors a document reports at most, unless [`Loader::with_max_errors`] says
/// otherwise. Past it, loading stops: a document that wrong is best fixed from its first errors.
pub const MAX_ERRORS: usize = 20;

/// How documents are read: [`Loader::new`] (no YAML 1.1 guard, at most [`MAX_ERRORS`] errors
/// a document), then `with_*` for what a project changes.
///
/// ```
/// use confspec_load::{Loader, Yaml11Guard};
/// use std::collections::BTreeMap;
///
/// // YAML 1.2 reads `on` as a string...
/// let env: BTreeMap<String, String> = confspec_load::from_str("FLAG: on\n").unwrap();
/// assert_eq!(env["FLAG"], "on");
///
/// // ...which a project whose files PyYAML also reads refuses.
/// let loader = Loader::new().with_yaml11(Yaml11Guard::read_by("the deploy script's reader"));
/// let errors = loader.from_str::<BTreeMap<String, String>>("FLAG: on\n").unwrap_err();
/// assert_eq!(
///     errors[0].message,
///     "`on` is the boolean `true` in YAML 1.1 (the deploy script's reader) and a string in YAML 1.2"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loader {
    yaml11: Option<Yaml11Guard>,
    max_errors: usize,
}

impl Default for Loader {
    fn default() -> Self {
        Loader::new()
    }
}

impl Loader {
    /// The default loader: YAML 1.2 as written, at most [`MAX_ERRORS`] errors a document.
    pub const fn new() -> Loader {
        Loader {
            yaml11: None,
            max_errors: MAX_ERRORS,
        }
    }

    /// This loader with the YAML 1.1 guard ([`Yaml11Guard`]).
    pub fn with_yaml11(mut self, guard: Yaml11Guard) -> Loader {
        self.yaml11 = Some(guard);
        self
    }

    /// This loader reporting at most `max` errors a document (at least one).
    pub fn with_max_errors(mut self, max: usize) -> Loader {
        self.max_errors = max.max(1);
        self
    }

    /// The YAML 1.1 guard, when it is on.
    pub fn yaml11(&self) -> Option<&Yaml11Guard> {
        self.yaml11.as_ref()
    }

    /// How many errors a document reports at most.
    pub fn max_errors(&self) -> usize {
        self.max_errors
    }

    /// Parses YAML text into a [`Node`] tree, as [`crate::parse`] does, reporting every
    /// duplicate key (up to the limit) rather than the first.
    pub fn parse(&self, text: &str) -> Result<Node, Vec<LoadError>> {
        crate::parse::parse_all(text, self.max_errors)
    }

    /// Loads a value of a type from YAML text: parsed, then deserialised strictly. Every error
    /// of the document is reported (up to the limit), each at its own line and column. No
    /// cross-field rules are checked: see [`Loader::from_str_validated`].
    pub fn from_str<T: DeserializeOwned>(&self, text: &str) -> Result<T, Vec<LoadError>> {
        self.from_node(&self.parse(text)?)
    }

    /// Loads a value of a type from a YAML file (the file is read; nothing else is).
    pub fn from_path<T: DeserializeOwned>(&self, path: &FsPath) -> Result<T, FileLoadError> {
        let text = read(path)?;
        self.from_str(&text)
            .map_err(|errors| FileLoadError::Content(path.to_path_buf(), errors))
    }

    /// Deserialises a value of a type from a parsed tree, reporting every error.
    pub fn from_node<T: DeserializeOwned>(&self, node: &Node) -> Result<T, Vec<LoadError>> {
        crate::collect::deserialize(node, self.yaml11.as_ref(), self.max_errors)
    }

    /// Loads a value of a type from YAML text and checks its cross-field rules: those run on
    /// a document that deserialises, each broken rule an error of kind [`ErrorKind::Rule`].
    pub fn from_str_validated<T: DeserializeOwned + Validate>(
        &self,
        text: &str,
    ) -> Result<T, Vec<LoadError>> {
        self.from_node_validated(&self.parse(text)?)
    }

    /// Loads a value of a type from a YAML file and checks its cross-field rules.
    pub fn from_path_validated<T: DeserializeOwned + Validate>(
        &self,
        path: &FsPath,
    ) -> Result<T, FileLoadError> {
        let text = read(path)?;
        self.from_str_validated(&text)
            .map_err(|errors| FileLoadError::Content(path.to_path_buf(), errors))
    }

    /// Deserialises a value of a type from a parsed tree and checks its cross-field rules.
    pub fn from_node_validated<T: DeserializeOwned + Validate>(
        &self,
        node: &Node,
    ) -> Result<T, Vec<LoadError>> {
        let value: T = self.from_node(node)?;
        check_rules(value, node)
    }

    /// Loads as [`Loader::from_str_validated`] does, with a [`Warning`] for each key of
    /// `deprecated` in the document (see [`crate::deprecated`]).
    pub fn from_str_with_warnings<T: DeserializeOwned + Validate>(
        &self,
        text: &str,
        deprecated: &'static [DeprecatedField],
    ) -> Result<(T, Vec<Warning>), Vec<LoadError>> {
        self.from_node_with_warnings(&self.parse(text)?, deprecated)
    }

    /// Loads as [`Loader::from_path_validated`] does, with a [`Warning`] for each key of
    /// `deprecated` in the document.
    pub fn from_path_with_warnings<T: DeserializeOwned + Validate>(
        &self,
        path: &FsPath,
        deprecated: &'static [DeprecatedField],
    ) -> Result<(T, Vec<Warning>), FileLoadError> {
        let text = read(path)?;
        self.from_str_with_warnings(&text, deprecated)
            .map_err(|errors| FileLoadError::Content(path.to_path_buf(), errors))
    }

    /// Deserialises and validates as [`Loader::from_node_validated`] does, with a [`Warning`]
    /// for each key of `deprecated` in the document (in document order).
    pub fn from_node_with_warnings<T: DeserializeOwned + Validate>(
        &self,
        node: &Node,
        deprecated: &'static [DeprecatedField],
    ) -> Result<(T, Vec<Warning>), Vec<LoadError>> {
        let collecting = Collecting::start(deprecated);
        let value = self.from_node_validated(node)?;
        Ok((value, collecting.finish()))
    }
}

fn read(path: &FsPath) -> Result<String, FileLoadError> {
    std::fs::read_to_string(path).map_err(|err| FileLoadError::Io(path.to_path_buf(), err))
}

/// `value` when it keeps its cross-field rules, else every broken rule as an error.
fn check_rules<T: Validate>(value: T, node: &Node) -> Result<T, Vec<LoadError>> {
    let mut violations = Vec::new();
    value.validate(&mut Vec::new(), &mut violations);
    if violations.is_empty() {
        Ok(value)
    } else {
        Err(rule_errors(violations, node))
    }
}

/// Each broken rule as an error, at the node it is about (compiled once, not once per type).
fn rule_errors(violations: Vec<crate::validate::Violation>, node: &Node) -> Vec<LoadError> {
    violations
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
        .collect()
}
