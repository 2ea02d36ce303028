//! The warnings of a load in progress. A load that reports warnings ([`crate::deprecated`],
//! [`collect`]) collects them on its thread while the deserializer reads the document:
//!
//! - the deserializer reports each mapping it reads as a struct ([`struct_read`]), and a key the
//!   model marks deprecated becomes a [`Warning`] at the key's line and column;
//! - a model type that accepts a value with a conversion worth saying (a number where a version
//!   is meant: `python: 3.10` is read as `"3.10"`) calls [`warn_value`] while it reads it; the
//!   deserializer places the warning at that value ([`value_read`]).

use std::cell::{Cell, RefCell};

use crate::node::{Key, Node, Pos, Segment, render_path};
use crate::path::PathLink;

/// A deprecated field of a struct, as serde names both. A model crate lists its own (its build
/// script writes the table with `confspec_build::write_deprecated_fields`) and hands the table
/// to the loading functions of [`crate::deprecated`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeprecatedField {
    /// The struct's serde name (its `#[serde(rename)]`, or the Rust name).
    pub serde_struct: &'static str,
    /// The key, as serde names it.
    pub key: &'static str,
    /// What replaces it: the note of `#[deprecated(note = "...")]`.
    pub note: Option<&'static str>,
}

/// A warning about a loaded document: a deprecated key, or a value the model accepted with a
/// conversion ([`warn_value`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The YAML path of the key or value (`projects[0].retry_policy`).
    pub path: String,
    /// Where the key (or the value) starts.
    pub pos: Pos,
    /// The key (of a value: the key it stands under, empty in a list).
    pub key: String,
    /// What to write instead: the deprecated key's replacement, as the model's
    /// `#[deprecated(note)]` says, or how to write the value without the conversion.
    pub note: Option<String>,
    /// The warning: ``"`retry_policy` is deprecated. Use `retry` instead"``.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (line, column) = (self.pos.line, self.pos.column);
        write!(
            f,
            "{line}:{column}: warning: {}: {}",
            self.path, self.message
        )
    }
}

/// What a collecting load gathers: the model's deprecated fields, and the warnings so far.
struct Collection {
    deprecated: &'static [DeprecatedField],
    warnings: Vec<Warning>,
    /// Warnings about the value being read, not yet placed ([`warn_value`]).
    pending: Vec<(String, Option<String>)>,
}

thread_local! {
    /// The collection of the load in progress on this thread, when one collects warnings.
    static COLLECTED: RefCell<Option<Collection>> = const { RefCell::new(None) };
    /// Whether `pending` holds anything: checked after every value the deserializer reads, so a
    /// cell rather than the collection's borrow.
    static PENDING: Cell<bool> = const { Cell::new(false) };
}

/// Collects warnings until [`Collecting::finish`] or drop, then restores what an outer load
/// was collecting (loads may nest).
pub(crate) struct Collecting {
    outer: Option<Collection>,
}

impl Collecting {
    /// Starts collecting the warnings for the fields of `deprecated`.
    pub(crate) fn start(deprecated: &'static [DeprecatedField]) -> Self {
        let collection = Collection {
            deprecated,
            warnings: Vec::new(),
            pending: Vec::new(),
        };
        PENDING.with(|p| p.set(false));
        Collecting {
            outer: COLLECTED.with(|c| c.replace(Some(collection))),
        }
    }

    /// The warnings collected, in document order.
    pub(crate) fn finish(self) -> Vec<Warning> {
        let mut warnings = COLLECTED
            .with(|c| {
                c.borrow_mut()
                    .as_mut()
                    .map(|c| std::mem::take(&mut c.warnings))
            })
            .unwrap_or_default();
        warnings.sort_by_key(|w| w.pos);
        warnings
    }
}

impl Drop for Collecting {
    fn drop(&mut self) {
        let outer = self.outer.take();
        PENDING.with(|p| p.set(outer.as_ref().is_some_and(|o| !o.pending.is_empty())));
        COLLECTED.with(|c| *c.borrow_mut() = outer);
    }
}

/// Runs `load` (a load through [`crate::from_node_validated`], or a model's own load function)
/// collecting the warnings its values report ([`warn_value`]); deprecated keys are not looked
/// for (a caller that finds them otherwise, such as a docs check walking the schema, uses this).
pub fn collect<R>(load: impl FnOnce() -> R) -> (R, Vec<Warning>) {
    let collecting = Collecting::start(&[]);
    let result = load();
    (result, collecting.finish())
}

/// Reports a warning about the value being deserialised: called from a model type's
/// `Deserialize` (a [`crate::shorthand::Shorthand`] constructor, for instance) when it accepts a
/// value with a conversion the author should know about. The loader places it at the value's
/// YAML path, line and column. `hint` says how to write it so that it needs no conversion. Does
/// nothing when the load does not collect warnings.
pub fn warn_value(message: impl Into<String>, hint: Option<String>) {
    COLLECTED.with(|collected| {
        if let Some(collection) = collected.borrow_mut().as_mut() {
            collection.pending.push((message.into(), hint));
            PENDING.with(|p| p.set(true));
        }
    });
}

/// Called by the deserializer after it read a value at `pos` (its path given by `path`):
/// places the warnings that value reported ([`warn_value`]).
pub(crate) fn value_read(pos: Pos, path: &PathLink<'_>) {
    if !PENDING.with(Cell::get) {
        return;
    }
    PENDING.with(|p| p.set(false));
    COLLECTED.with(|collected| {
        let mut collected = collected.borrow_mut();
        let Some(collection) = collected.as_mut() else {
            return;
        };
        let pending = std::mem::take(&mut collection.pending);
        let segments = path.segments();
        let key = match segments.last() {
            Some(Segment::Key(key)) => key.clone(),
            _ => String::new(),
        };
        for (message, hint) in pending {
            collection.warnings.push(Warning {
                path: render_path(&segments),
                pos,
                key: key.clone(),
                note: hint,
                message,
            });
        }
    });
}

/// Whether a load on this thread is collecting warnings (for the tests).
#[cfg(test)]
pub(crate) fn collecting() -> bool {
    COLLECTED.with(|c| c.borrow().is_some())
}

/// Called by the loader's deserializer for each mapping it reads as the struct `name` (serde's
/// name for it); `path` gives the mapping's YAML path. Records a warning per deprecated key,
/// when warnings are being collected.
pub(crate) fn struct_read(name: &str, entries: &[(Key, Node)], path: &PathLink<'_>) {
    COLLECTED.with(|collected| {
        let mut collected = collected.borrow_mut();
        let Some(collection) = collected.as_mut() else {
            return;
        };
        let deprecated = collection.deprecated;
        if !deprecated.iter().any(|f| f.serde_struct == name) {
            return;
        }
        let mut segments = None;
        for (key, _) in entries {
            let Some(field) = deprecated
                .iter()
                .find(|f| f.serde_struct == name && f.key == key.name)
            else {
                continue;
            };
            let mut at = segments.get_or_insert_with(|| path.segments()).clone();
            at.push(Segment::Key(key.name.clone()));
            collection.warnings.push(Warning {
                path: render_path(&at),
                pos: key.pos,
                key: key.name.clone(),
                note: field.note.map(str::to_owned),
                message: match field.note {
                    Some(note) => format!("`{}` is deprecated. {note}", key.name),
                    None => format!("`{}` is deprecated.", key.name),
                },
            });
        }
    });
}
