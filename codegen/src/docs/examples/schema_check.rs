//! The differential check: every example is validated against the JSON Schema the job emits
//! for its root type as well, so that serde and the schema are known to agree on the examples.
//! Each root's schema is compiled once per run, on first use.

use std::collections::HashMap;

use schema::load::Segment;
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

/// The compiled schemas of a run, by root type.
#[derive(Default)]
pub struct Schemas {
    compiled: HashMap<String, Result<jsonschema::Validator, String>>,
    texts: HashMap<String, String>,
}

impl Schemas {
    /// Uses `text` as the schema of `root` instead of the job's (tests of the check itself).
    pub fn set_text(&mut self, root: &str, text: &str) {
        self.compiled.remove(root);
        self.texts.insert(root.to_owned(), text.to_owned());
    }

    /// Validates `value` against the schema of `root`.
    pub fn validate(&mut self, ctx: &Context, root: &str, value: &Json) -> Verdict {
        let compiled = self
            .compiled
            .entry(root.to_owned())
            .or_insert_with(|| compile(ctx, root, self.texts.get(root)));
        let validator = match compiled {
            Ok(validator) => validator,
            Err(message) => return Verdict::Broken(message.clone()),
        };
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

fn compile(
    ctx: &Context,
    root: &str,
    text: Option<&String>,
) -> Result<jsonschema::Validator, String> {
    let text = match text {
        Some(text) => text.clone(),
        None => crate::emit::json_schema::schema_text(ctx, root).map_err(|failure| {
            format!("internal: the JSON Schema of `{root}` cannot be produced: {failure}")
        })?,
    };
    let schema: Json = serde_json::from_str(&text)
        .map_err(|err| format!("internal: the JSON Schema of `{root}` is not JSON: {err}"))?;
    jsonschema::draft7::options()
        .should_validate_formats(false)
        .build(&schema)
        .map_err(|err| format!("internal: the JSON Schema of `{root}` does not compile: {err}"))
}
