//! The differential check: every example is validated against the JSON Schema the job emits
//! for its root type as well, so that serde and the schema are known to agree on the examples.
//! Each root's schema is compiled once per run, on first use (kept in the context, so every
//! checker of the run shares it), from the document the schema stage writes.

use std::collections::HashMap;
use std::sync::Arc;

use confspec_load::Segment;
use serde_json::Value as Json;

use crate::context::Context;

/// What the schema says about a value.
#[derive(Debug)]
pub enum Verdict {
    /// The schema accepts it.
    Valid,
    /// The schema rejects it, for these reasons.
    Invalid(Vec<Rejection>),
    /// The schema cannot be produced or compiled: the message says why.
    Broken(String),
}

/// One reason the schema rejects a value.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    /// The YAML path of the rejected value.
    pub path: Vec<Segment>,
    /// The validator's message.
    pub message: String,
}

/// The schemas a checker validates against: the run's compiled documents
/// ([`Context::validators`]), or schemas given as text in their place.
#[derive(Default)]
pub struct Schemas {
    overrides: HashMap<String, Arc<Result<jsonschema::Validator, String>>>,
}

impl Schemas {
    /// Uses `text` as the schema of `root` instead of the job's (tests of the check itself).
    pub fn set_text(&mut self, root: &str, text: &str) {
        self.overrides
            .insert(root.to_owned(), Arc::new(compile_text(root, text)));
    }

    /// Validates `value` against the schema of `root`.
    pub fn validate(&self, ctx: &Context, root: &str, value: &Json) -> Verdict {
        let compiled = match self.overrides.get(root) {
            Some(compiled) => Arc::clone(compiled),
            None => ctx
                .validators
                .get_or_init(root, || Arc::new(compile_document(ctx, root))),
        };
        let validator = match compiled.as_ref() {
            Ok(validator) => validator,
            Err(message) => return Verdict::Broken(message.clone()),
        };
        // Most examples are valid: the yes/no answer is much cheaper than collecting errors
        // (no error values, no locations), which only a rejected value needs.
        if validator.is_valid(value) {
            return Verdict::Valid;
        }
        let rejections: Vec<Rejection> = validator
            .iter_errors(value)
            .map(|error| Rejection {
                path: super::diff::pointer_segments(value, error.instance_path().as_str()),
                message: error.to_string(),
            })
            .collect();
        if rejections.is_empty() {
            Verdict::Valid
        } else {
            Verdict::Invalid(rejections)
        }
    }
}

/// The job's document of `root`, compiled.
fn compile_document(ctx: &Context, root: &str) -> Result<jsonschema::Validator, String> {
    let document = crate::emit::json_schema::document(ctx, root).map_err(|failure| {
        format!("internal: the JSON Schema of `{root}` cannot be produced: {failure}")
    })?;
    compile(root, &document)
}

/// A schema given as text, compiled.
fn compile_text(root: &str, text: &str) -> Result<jsonschema::Validator, String> {
    let schema: Json = serde_json::from_str(text)
        .map_err(|err| format!("internal: the JSON Schema of `{root}` is not JSON: {err}"))?;
    compile(root, &schema)
}

fn compile(root: &str, schema: &Json) -> Result<jsonschema::Validator, String> {
    jsonschema::draft7::options()
        .should_validate_formats(false)
        .build(schema)
        .map_err(|err| format!("internal: the JSON Schema of `{root}` does not compile: {err}"))
}
