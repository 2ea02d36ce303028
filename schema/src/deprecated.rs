//! Loading with warnings for deprecated fields.
//!
//! A field is deprecated with Rust's own attribute, `#[deprecated(note = "Use `retry`
//! instead")]`, and nowhere else: schemars marks it `"deprecated": true` in the schema, and
//! this crate's build script reads the note. A document that uses a deprecated field still
//! loads; [`from_str`] returns the value with one [`Warning`] per deprecated key, at the key's
//! line and column, saying what replaces it.
//!
//! The loader's deserializer reports every mapping it reads as a struct (serde names the struct
//! as it deserialises it), so warnings follow exactly what serde reads: the fields of structs,
//! also inside unions selected by a tag ([`crate::tagged`]). Fields of enum struct variants and
//! of structs read through serde's buffering (`untagged` enums, `flatten`) are not seen.

use std::cell::RefCell;
use std::path::Path as FsPath;

use serde::de::DeserializeOwned;

use crate::load::{self, FileLoadError, Key, LoadError, Node, Pos, Segment};
use crate::validate::Validate;

/// A deprecated field of a struct, as serde names both.
struct DeprecatedField {
    serde_struct: &'static str,
    key: &'static str,
    note: Option<&'static str>,
}

include!(concat!(env!("OUT_DIR"), "/deprecated_table.rs"));

/// A deprecated key of a loaded document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The YAML path of the key (`projects[0].retry_policy`).
    pub path: String,
    /// Where the key starts.
    pub pos: Pos,
    /// The key.
    pub key: String,
    /// What replaces it, as the model's `#[deprecated(note)]` says.
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

thread_local! {
    /// The warnings of the load in progress on this thread, when one collects them.
    static COLLECTED: RefCell<Option<Vec<Warning>>> = const { RefCell::new(None) };
}

/// Loads a model value from YAML text as [`load::from_str`] does, with a warning for each
/// deprecated key.
pub fn from_str<T: DeserializeOwned + Validate>(
    text: &str,
) -> Result<(T, Vec<Warning>), Vec<LoadError>> {
    let node = load::parse(text).map_err(|e| vec![e])?;
    from_node(&node)
}

/// Loads a model value from a YAML file as [`load::from_path`] does, with a warning for each
/// deprecated key.
pub fn from_path<T: DeserializeOwned + Validate>(
    path: &FsPath,
) -> Result<(T, Vec<Warning>), FileLoadError> {
    let text =
        std::fs::read_to_string(path).map_err(|err| FileLoadError::Io(path.to_path_buf(), err))?;
    from_str(&text).map_err(|errors| FileLoadError::Content(path.to_path_buf(), errors))
}

/// Deserialises and validates a model value from a parsed tree, with a warning for each
/// deprecated key (in document order).
pub fn from_node<T: DeserializeOwned + Validate>(
    node: &Node,
) -> Result<(T, Vec<Warning>), Vec<LoadError>> {
    let _collecting = Collecting::start();
    let value = load::from_node_validated(node)?;
    let mut warnings = COLLECTED
        .with(|c| c.borrow_mut().as_mut().map(std::mem::take))
        .unwrap_or_default();
    warnings.sort_by_key(|w| w.pos);
    Ok((value, warnings))
}

/// Collects warnings until dropped, then restores what was collected before (loads may nest).
struct Collecting {
    outer: Option<Vec<Warning>>,
}

impl Collecting {
    fn start() -> Self {
        Collecting {
            outer: COLLECTED.with(|c| c.replace(Some(Vec::new()))),
        }
    }
}

impl Drop for Collecting {
    fn drop(&mut self) {
        let outer = self.outer.take();
        COLLECTED.with(|c| *c.borrow_mut() = outer);
    }
}

fn deprecated_fields() -> impl Iterator<Item = &'static DeprecatedField> {
    #[cfg(test)]
    let test_fields = TEST_FIELDS.iter();
    #[cfg(not(test))]
    let test_fields = [].iter();
    FIELDS.iter().chain(test_fields)
}

/// Called by the loader's deserializer for each mapping it reads as the struct `name` (serde's
/// name for it); `path` gives the mapping's YAML path. Records a warning per deprecated key,
/// when warnings are being collected.
pub(crate) fn struct_read(
    name: &str,
    entries: &[(Key, Node)],
    path: impl FnOnce() -> Vec<Segment>,
) {
    if !deprecated_fields().any(|f| f.serde_struct == name) {
        return;
    }
    COLLECTED.with(|collected| {
        let mut collected = collected.borrow_mut();
        let Some(warnings) = collected.as_mut() else {
            return;
        };
        let mut base = Some(path);
        let mut segments = Vec::new();
        for (key, _) in entries {
            let Some(field) =
                deprecated_fields().find(|f| f.serde_struct == name && f.key == key.name)
            else {
                continue;
            };
            if let Some(path) = base.take() {
                segments = path();
            }
            let mut at = segments.clone();
            at.push(Segment::Key(key.name.clone()));
            warnings.push(Warning {
                path: load::render_path(&at),
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

#[cfg(test)]
mod tests {
    use schemars::JsonSchema;
    use serde::{Deserialize, Serialize};

    use super::*;

    /// How often to try again.
    #[derive(Debug, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    struct Retry {
        /// Attempts.
        #[serde(default)]
        attempts: Option<u32>,
        /// The old switch.
        #[deprecated(note = "Use `attempts` instead.")]
        #[serde(default)]
        retry_policy: Option<bool>,
        /// Gone without a replacement.
        #[deprecated]
        #[serde(default, rename = "old-key")]
        old: Option<String>,
    }

    /// A list of them.
    #[derive(Debug, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    struct Runs {
        /// Runs.
        runs: Vec<Retry>,
    }

    crate::validate::no_rules!(Retry, Runs, Steps);

    #[test]
    fn a_deprecated_key_loads_with_a_warning_at_its_position() {
        let text = "runs:\n  - attempts: 2\n  - retry_policy: true\n    old-key: x\n";
        let (runs, warnings): (Runs, _) = from_str(text).expect("loads");
        assert_eq!(runs.runs.len(), 2);
        assert_eq!(
            warnings,
            vec![
                Warning {
                    path: "runs[1].retry_policy".into(),
                    pos: Pos { line: 3, column: 5 },
                    key: "retry_policy".into(),
                    note: Some("Use `attempts` instead.".into()),
                    message: "`retry_policy` is deprecated. Use `attempts` instead.".into(),
                },
                Warning {
                    path: "runs[1].old-key".into(),
                    pos: Pos { line: 4, column: 5 },
                    key: "old-key".into(),
                    note: None,
                    message: "`old-key` is deprecated.".into(),
                },
            ]
        );
        assert_eq!(
            warnings[0].to_string(),
            "3:5: warning: runs[1].retry_policy: `retry_policy` is deprecated. Use `attempts` instead."
        );
    }

    #[test]
    fn no_warning_without_deprecated_keys_nor_outside_a_collecting_load() {
        let (_, warnings): (Runs, _) = from_str("runs:\n  - attempts: 1\n").expect("loads");
        assert!(warnings.is_empty());
        // The plain loader still accepts the key, and collects nothing.
        let runs: Runs = load::from_str("runs:\n  - retry_policy: false\n").expect("loads");
        assert_eq!(runs.runs.len(), 1);
        assert!(COLLECTED.with(|c| c.borrow().is_none()));
    }

    #[test]
    fn a_failing_load_is_an_error_and_leaves_nothing_collected() {
        let errors = from_str::<Runs>("runs:\n  - retry_policy: 1\n").expect_err("fails");
        assert_eq!(errors[0].path, "runs[0].retry_policy");
        assert!(COLLECTED.with(|c| c.borrow().is_none()));
    }

    tag_literal!(
        /// The tag of [`Step`].
        StepType = "step"
    );

    /// A variant of [`Steps`], selected by `type`.
    #[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
    #[serde(rename = "StepConfig", deny_unknown_fields)]
    struct Step {
        /// The tag.
        #[serde(default)]
        r#type: Option<StepType>,
        /// The old name.
        #[deprecated(note = "Use `name` instead.")]
        #[serde(default)]
        title: Option<String>,
    }
    variant_tag!(Step, StepType);

    /// A union selected by `type`, read in place by the loader.
    #[derive(Debug, Clone, JsonSchema)]
    enum Steps {
        /// The only variant.
        Step(Step),
    }
    tagged_union!(Steps, tag = "type", { Step(Step) });

    #[test]
    fn the_variants_of_a_tagged_union_are_seen_under_their_serde_name() {
        let (steps, warnings): (Steps, _) = from_str("type: step\ntitle: first\n").expect("loads");
        assert_eq!(steps.tag(), "step");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].path, "title");
        assert_eq!(warnings[0].pos, Pos { line: 2, column: 1 });
    }
}
