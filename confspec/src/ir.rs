//! The intermediate model: every type of a model, its fields, unions, docs and defaults, built
//! once from the JSON Schema definitions that schemars produces, and read by every emitter.
//!
//! Nothing here knows a particular model: the IR is a faithful, typed reading of draft-07 JSON
//! Schema as schemars writes it for serde types (structs, enums of every tagging, options,
//! collections, maps, flattening, validation attributes).

mod model;
mod names;
mod read;
mod text;
mod types;
mod visit;

pub use model::Model;
pub use names::{check_names, definition_name};
pub use text::normalize_description;
pub use types::*;
pub use visit::{visit_ref, visit_shape};

/// Models of real serde types, as schemars writes them, for the tests of the IR and of the
/// emitters.
#[cfg(test)]
pub(crate) mod test_models {
    #![allow(dead_code)]

    use schemars::JsonSchema;
    use serde::{Deserialize, Serialize};

    use super::Model;

    /// A pipeline's step, chosen by `type`: newtype variants of structs (one that refuses
    /// unknown keys, which schemars writes inline, one that accepts them, which it writes as
    /// the struct's `$ref` beside the tag), a struct variant and a unit variant.
    #[derive(Serialize, Deserialize, JsonSchema)]
    #[serde(tag = "type", rename_all = "lowercase")]
    pub enum Step {
        /// Runs a command.
        Run(RunStep),
        /// Restores and saves paths.
        Cache(CacheStep),
        /// Waits.
        Wait {
            /// How long, in seconds.
            seconds: u32,
        },
        /// Does nothing.
        Noop,
    }

    /// A step that runs a command.
    #[derive(Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct RunStep {
        /// The command.
        pub cmd: String,
    }

    /// A step that caches paths.
    #[derive(Serialize, Deserialize, JsonSchema)]
    pub struct CacheStep {
        /// The cache's key.
        pub key: String,
        /// The paths.
        #[serde(default)]
        pub paths: Vec<String>,
    }

    /// A pipeline.
    #[derive(Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Pipeline {
        /// The steps, in order.
        pub steps: Vec<Step>,
    }

    /// A job that runs a step of its own besides: `RunStep` is used as itself too.
    #[derive(Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Job {
        /// The steps, in order.
        pub steps: Vec<Step>,
        /// Run last.
        pub finally: RunStep,
    }

    /// The model of the types `add` registers, as `context::build_model` builds it: every
    /// registered type's schema a definition.
    pub(crate) fn model(add: &[fn(&mut schemars::SchemaGenerator)]) -> Model {
        let mut generator = schemars::generate::SchemaSettings::draft07().into_generator();
        for add in add {
            add(&mut generator);
        }
        let definitions: Vec<(String, serde_json::Value)> =
            generator.take_definitions(true).into_iter().collect();
        Model::from_definitions(&definitions, &std::collections::HashMap::new())
            .expect("the IR reads it")
    }

    /// `Pipeline` and the step types, registered.
    pub(crate) fn pipeline() -> Model {
        model(&[
            |g| drop(g.subschema_for::<Pipeline>()),
            |g| drop(g.subschema_for::<Step>()),
            |g| drop(g.subschema_for::<RunStep>()),
            |g| drop(g.subschema_for::<CacheStep>()),
        ])
    }

    /// [`pipeline`] with `Job`, which uses `RunStep` as itself.
    pub(crate) fn pipeline_and_job() -> Model {
        model(&[
            |g| drop(g.subschema_for::<Pipeline>()),
            |g| drop(g.subschema_for::<Job>()),
            |g| drop(g.subschema_for::<RunStep>()),
            |g| drop(g.subschema_for::<CacheStep>()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;

    #[test]
    fn a_description_as_written_keeps_the_spaces_its_doc_comment_ends_with() {
        let field = |description: &str, lines: &[&str]| Field {
            name: "f".into(),
            description: Some(description.into()),
            ty: TypeRef::Any,
            required: false,
            default: None,
            deprecated: None,
            read_only: false,
            place: None,
            doc: (!lines.is_empty()).then(|| DocSource {
                file: "src/lib.rs".into(),
                lines: lines
                    .iter()
                    .enumerate()
                    .map(|(i, l)| (i + 1, (*l).to_owned()))
                    .collect(),
            }),
        };
        let written = |f: &Field| f.description_as_written().map(Cow::into_owned);
        // `#[doc = "... "]` after a `///` line: the description's trailing space.
        let f = field(
            "The path. Defaults to `.`",
            &[" The path.", "Defaults to `.` "],
        );
        assert_eq!(written(&f).as_deref(), Some("The path. Defaults to `.` "));
        // No doc comment recorded, none that ends with spaces, an empty last line, or a
        // description that is not the doc comment's (`#[schemars(description)]`): as it is.
        for f in [
            field("The path.", &[]),
            field("The path.", &[" The path."]),
            field("The path.", &[" The path.", ""]),
            field("Another text.", &[" The path. "]),
        ] {
            assert_eq!(written(&f), f.description);
        }
    }

    #[test]
    fn a_tagged_unions_variant_that_is_a_struct_names_it() {
        let model = test_models::pipeline();
        let Shape::Union(step) = &model.get("Step").expect("Step").shape else {
            panic!("Step is a union");
        };
        assert_eq!(step.tag.as_deref(), Some("type"));
        let members: Vec<Option<&str>> =
            step.variants.iter().map(|v| v.member.as_deref()).collect();
        assert_eq!(members, [Some("RunStep"), Some("CacheStep"), None, None]);
        // Each variant's object is what serde reads: the tag, then the struct's fields (the
        // `$ref` form completed with them), closed or open as the struct is.
        let objects: Vec<(Vec<&str>, bool)> = step
            .variants
            .iter()
            .map(|v| match &v.ty {
                TypeRef::Object { shape } => (
                    shape.fields.iter().map(|f| f.name.as_str()).collect(),
                    shape.deny_unknown,
                ),
                other => panic!("an object variant: {other:?}"),
            })
            .collect();
        assert_eq!(
            objects,
            [
                (vec!["type", "cmd"], true),
                (vec!["type", "key", "paths"], false),
                (vec!["type", "seconds"], false),
                (vec!["type"], false),
            ]
        );
    }

    #[test]
    fn a_variant_two_structs_could_be_is_neither() {
        /// A twin of `RunStep`, field for field.
        #[derive(serde::Serialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        struct Twin {
            /// The command.
            cmd: String,
        }
        let model = test_models::model(&[
            |g| drop(g.subschema_for::<test_models::Step>()),
            |g| drop(g.subschema_for::<test_models::RunStep>()),
            |g| drop(g.subschema_for::<Twin>()),
        ]);
        let Shape::Union(step) = &model.get("Step").expect("Step").shape else {
            panic!("Step is a union");
        };
        assert_eq!(step.variants[0].member, None);
        // Not registered, a struct schemars writes inline is no definition to find either.
        let model = test_models::model(&[|g| drop(g.subschema_for::<test_models::Step>())]);
        let Shape::Union(step) = &model.get("Step").expect("Step").shape else {
            panic!("Step is a union");
        };
        assert_eq!(step.variants[0].member, None);
    }

    #[test]
    fn soft_breaks_are_joined_and_paragraphs_kept() {
        assert_eq!(
            normalize_description("One line\ncontinues.\n\nSecond paragraph:\n- a\n- b"),
            "One line continues.\n\nSecond paragraph:\n- a\n- b"
        );
    }

    #[test]
    fn code_blocks_keep_their_lines() {
        assert_eq!(
            normalize_description("Example:\n\n```yaml\na: 1\nb: 2\n```"),
            "Example:\n\n```yaml\na: 1\nb: 2\n```"
        );
    }
}
