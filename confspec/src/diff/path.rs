//! Paths through a schema document: the steps from its root to a value, and how they read.

/// One step of a path from the root of a document to a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The value of a key of an object.
    Key(String),
    /// Any item of an array.
    Item,
    /// The item at an index of a fixed-length array.
    Index(usize),
    /// The value of a key no property declares (`additionalProperties`).
    Extra,
    /// The value of a key matching a pattern (`patternProperties`).
    Pattern(String),
    /// One variant of a union, as the old schema lists them.
    Variant(Variant),
}

/// Which variant of a union a path goes through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// How the path shows it: `type=aws`, `string`, `AWSConfig`.
    pub label: String,
    /// Where it is in the old schema.
    pub at: VariantAt,
}

/// Where a variant is in a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VariantAt {
    /// The `then` of the `allOf` member at this index, the tag key set to the value.
    Tagged {
        /// The index in `allOf`.
        index: usize,
        /// The tag key.
        tag: String,
        /// The tag value.
        value: String,
    },
    /// The member at this index of `oneOf` or `anyOf`.
    Member(&'static str, usize),
    /// The schema itself (the other side is the union).
    Whole,
}

/// Renders steps YAML-style: `projects[].backends[type=aws].vpc_ids`.
pub fn render_path(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Step::Item => out.push_str("[]"),
            Step::Index(i) => out.push_str(&format!("[{i}]")),
            Step::Extra => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push('*');
            }
            Step::Pattern(pattern) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&format!("<{pattern}>"));
            }
            Step::Variant(variant) => {
                // An item of a union reads `backends[type=aws]`, not `backends[][type=aws]`.
                if out.ends_with("[]") {
                    out.truncate(out.len() - 2);
                }
                out.push_str(&format!("[{}]", variant.label));
            }
        }
    }
    if out.is_empty() {
        out.push_str("(root)");
    }
    out
}
