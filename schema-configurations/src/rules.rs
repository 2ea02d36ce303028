//! The cross-field rules of the model that a draft-07 JSON Schema can state, as schema fragments
//! added to the types that have them (`#[schemars(transform = ...)]`), so that editors flag
//! them. The loader checks the same rules in the types' [`Validate`](confspec_load::Validate)
//! impls (or their shorthand parsers); the fragments say them for everything that reads the
//! schema.
//!
//! Each rule is a member of the type's `allOf`: a `description` that says the rule, and the
//! keywords that check it. Where an editor reports a failed keyword, an `errorMessage`
//! (yaml-language-server's and VS Code's extension) gives the rule's own message, on the key
//! that breaks it: a rule written as `if`/`then` puts its `then` on that key.

use schemars::Schema;
use serde_json::{Value, json};

/// Adds `rules` to a type's schema, as members of its `allOf`.
fn add(schema: &mut Schema, rules: impl IntoIterator<Item = Value>) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    let all = object.entry("allOf").or_insert_with(|| json!([]));
    if let Value::Array(all) = all {
        all.extend(rules);
    }
}

/// `image` and `python` exclude each other (the loader: at `python`).
const IMAGE_AND_PYTHON: &str = "`image` and `python` are mutually exclusive";
/// A task or a service runs its commands or its image's entrypoint.
const COMMANDS_OR_IMAGE: &str = "Either `commands` or `image` must be set";
/// A range of replicas needs the rules that scale it.
const RANGE_NEEDS_SCALING: &str =
    "When you set `replicas` to a range, ensure to specify `scaling`.";
/// Scaling needs a range of replicas.
const SCALING_NEEDS_RANGE: &str = "To use `scaling`, `replicas` must be set to a range.";
/// A range with neither end.
pub(crate) const EMPTY_RANGE: &str = "an empty range: give `min`, `max` or both";

/// `replicas` that is one number: an integer or a string of digits (`2..2` counts as a range
/// here: a schema cannot compare the ends); each member with `message`, when given, as its
/// `errorMessage`.
fn one_replica_count(message: Option<&str>) -> Value {
    let mut members = [
        json!({"type": "integer"}),
        json!({"type": "string", "pattern": "^[0-9]+$"}),
    ];
    if let Some(message) = message {
        for member in &mut members {
            member["errorMessage"] = json!(message);
        }
    }
    json!({"anyOf": members})
}

fn image_and_python() -> Value {
    json!({
        "description": format!("{IMAGE_AND_PYTHON}: an image brings its own Python."),
        "if": {"required": ["image"], "properties": {"image": {"type": "string"}}},
        "then": {"properties": {"python": {"type": "null", "errorMessage": IMAGE_AND_PYTHON}}},
    })
}

/// The rules of a dev environment.
pub(crate) fn dev_environment(schema: &mut Schema) {
    add(schema, [image_and_python()]);
}

fn commands_or_image() -> Value {
    json!({
        "description": format!("{COMMANDS_OR_IMAGE}: without `commands`, the image's entrypoint runs."),
        "if": {"properties": {"image": {"type": "null"}}},
        "then": {
            "required": ["commands"],
            "properties": {"commands": {"type": "array", "contains": {}, "errorMessage": COMMANDS_OR_IMAGE}},
            "errorMessage": COMMANDS_OR_IMAGE,
        },
    })
}

/// The rules of a task.
pub(crate) fn task(schema: &mut Schema) {
    add(schema, [image_and_python(), commands_or_image()]);
}

/// The rules of a service.
pub(crate) fn service(schema: &mut Schema) {
    add(
        schema,
        [
            image_and_python(),
            commands_or_image(),
            json!({
                "description": format!("{RANGE_NEEDS_SCALING} (A range whose ends are equal is one number.)"),
                "if": {"properties": {"scaling": {"type": "null"}}},
                "then": {"properties": {"replicas": one_replica_count(Some(RANGE_NEEDS_SCALING))}},
            }),
            json!({
                "description": SCALING_NEEDS_RANGE,
                "if": {"properties": {"replicas": one_replica_count(None)}},
                "then": {"properties": {"scaling": {"type": "null", "errorMessage": SCALING_NEEDS_RANGE}}},
            }),
        ],
    );
}

/// The rule of a range written as a mapping: at least one end.
pub(crate) fn range_bounds(schema: &mut Schema) {
    let end = |key: &str| {
        json!({
            "required": [key],
            "properties": {key: {"not": {"type": "null"}}},
            "errorMessage": EMPTY_RANGE,
        })
    };
    add(
        schema,
        [json!({
            "description": "A range gives `min`, `max` or both.",
            "anyOf": [end("min"), end("max")],
        })],
    );
}
