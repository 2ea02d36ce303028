//! Loading with warnings for deprecated fields.
//!
//! A field is deprecated with Rust's own attribute, `#[deprecated(note = "Use `retry`
//! instead")]`, and nowhere else: schemars marks it `"deprecated": true` in the schema, and
//! the model crate's build script lists the notes (`confspec_build::write_deprecated_fields`)
//! in a table of [`DeprecatedField`]s. A document that uses a deprecated field still loads;
//! [`from_str`] returns the value with one [`Warning`] per deprecated key, at the key's line
//! and column, saying what replaces it.
//!
//! The loader's deserializer reports every mapping it reads as a struct (serde names the struct
//! as it deserialises it), so warnings follow exactly what serde reads: the fields of structs,
//! also inside unions selected by a tag ([`crate::tagged`]). Fields of enum struct variants and
//! of structs read through serde's buffering (`untagged` enums, `flatten`) are not seen.

use std::path::Path as FsPath;

use serde::de::DeserializeOwned;

use crate::error::{FileLoadError, LoadError};
use crate::loader::Loader;
use crate::node::Node;
use crate::validate::Validate;
use crate::warnings::{DeprecatedField, Warning};

/// Loads a model value from YAML text as [`crate::from_str_validated`] does, with a warning for
/// each key of `deprecated` in the document ([`Loader::from_str_with_warnings`] with the
/// default [`Loader`]).
pub fn from_str<T: DeserializeOwned + Validate>(
    text: &str,
    deprecated: &'static [DeprecatedField],
) -> Result<(T, Vec<Warning>), Vec<LoadError>> {
    Loader::new().from_str_with_warnings(text, deprecated)
}

/// Loads a model value from a YAML file as [`crate::from_path_validated`] does, with a warning
/// for each key of `deprecated` in the document.
pub fn from_path<T: DeserializeOwned + Validate>(
    path: &FsPath,
    deprecated: &'static [DeprecatedField],
) -> Result<(T, Vec<Warning>), FileLoadError> {
    Loader::new().from_path_with_warnings(path, deprecated)
}

/// Deserialises and validates a model value from a parsed tree, with a warning for each key of
/// `deprecated` in the document (in document order).
pub fn from_node<T: DeserializeOwned + Validate>(
    node: &Node,
    deprecated: &'static [DeprecatedField],
) -> Result<(T, Vec<Warning>), Vec<LoadError>> {
    Loader::new().from_node_with_warnings(node, deprecated)
}

#[cfg(test)]
mod tests {
    use schemars::JsonSchema;
    use serde::{Deserialize, Serialize};

    use super::*;
    use crate::node::Pos;
    use crate::warnings::collecting;

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

    crate::no_rules!(Retry, Runs, Steps);

    /// The deprecated fields of the models above, as a model crate's build script lists them.
    static FIELDS: &[DeprecatedField] = &[
        DeprecatedField {
            serde_struct: "Retry",
            key: "retry_policy",
            note: Some("Use `attempts` instead."),
        },
        DeprecatedField {
            serde_struct: "Retry",
            key: "old-key",
            note: None,
        },
        DeprecatedField {
            serde_struct: "StepConfig",
            key: "title",
            note: Some("Use `name` instead."),
        },
    ];

    #[test]
    fn a_deprecated_key_loads_with_a_warning_at_its_position() {
        let text = "runs:\n  - attempts: 2\n  - retry_policy: true\n    old-key: x\n";
        let (runs, warnings): (Runs, _) = from_str(text, FIELDS).expect("loads");
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
        let (_, warnings): (Runs, _) = from_str("runs:\n  - attempts: 1\n", FIELDS).expect("loads");
        assert!(warnings.is_empty());
        // The plain loader still accepts the key, and collects nothing.
        let runs: Runs = crate::from_str("runs:\n  - retry_policy: false\n").expect("loads");
        assert_eq!(runs.runs.len(), 1);
        assert!(!collecting());
    }

    #[test]
    fn a_failing_load_is_an_error_and_leaves_nothing_collected() {
        let errors = from_str::<Runs>("runs:\n  - retry_policy: 1\n", FIELDS).expect_err("fails");
        assert_eq!(errors[0].path, "runs[0].retry_policy");
        assert!(!collecting());
    }

    crate::tag_literal!(
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
    crate::variant_tag!(Step, StepType);

    /// A union selected by `type`, read in place by the loader.
    #[derive(Debug, Clone, JsonSchema)]
    enum Steps {
        /// The only variant.
        Step(Step),
    }
    crate::tagged_union!(Steps, tag = "type", { Step(Step) });

    #[test]
    fn the_variants_of_a_tagged_union_are_seen_under_their_serde_name() {
        let (steps, warnings): (Steps, _) =
            from_str("type: step\ntitle: first\n", FIELDS).expect("loads");
        assert_eq!(steps.tag(), "step");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].path, "title");
        assert_eq!(warnings[0].pos, Pos { line: 2, column: 1 });
    }
}
