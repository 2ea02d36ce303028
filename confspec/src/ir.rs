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
