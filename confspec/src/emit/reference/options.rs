//! A directive's options: YAML under `overrides:`, read strictly (an unknown key is an error with
//! the closest known one, a value of the wrong kind is an error at the value).
//!
//! ```yaml
//! overrides:
//!   show_root_heading: false     # the `### Type` heading (default: shown)
//!   show_root_toc_entry: false   # the root heading in the table of contents (default: yes)
//!   heading_level: 3             # level of the root heading (items: one more)
//!   item_id_prefix: aws-         # prefix of item ids (default style) and of nested-type links
//!   item_id_mapping:             # field -> link name (the link is `#<prefix><name>`)
//!     creds: credentials
//!   type:                        # a field: override what is rendered for it
//!     required: true
//!     default: aws
//!     description: The backend.
//!     type: str
//! ```
//!
//! Field names are checked against the type later, by the planner, which knows the fields.
//! An unknown key (an option outside `overrides:`, a field override's key) leaves the rest of
//! the options valid: dstack's hook ignored such keys, so the `compat` style reports them as
//! warnings ([`Problem::unknown`]).

use confspec_load::{Node, Pos, Value};

/// A position in the page, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Loc {
    /// Line.
    pub line: usize,
    /// Column.
    pub column: usize,
}

/// A problem with the options, located in the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where.
    pub at: Loc,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// Whether it is a key the options do not know, which leaves the rest valid (a warning in
    /// the `compat` style); else the options are unusable.
    pub unknown: bool,
}

/// The option names accepted under `overrides:` besides field names.
pub const OPTION_NAMES: &[&str] = &[
    "show_root_heading",
    "show_root_toc_entry",
    "heading_level",
    "item_id_prefix",
    "item_id_mapping",
];

/// The keys of a per-field override.
pub const FIELD_KEYS: &[&str] = &["required", "default", "description", "type"];

/// A directive's options.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Whether the root heading (`### Type`) is rendered.
    pub show_root_heading: bool,
    /// Whether the root heading appears in the table of contents.
    pub show_root_toc_entry: bool,
    /// The root heading's level, when given.
    pub heading_level: Option<usize>,
    /// Prepended to item ids (default style) and to nested-type links.
    pub item_id_prefix: String,
    /// Link names of fields (`field → name`), in the order given.
    pub item_id_mapping: Vec<Mapping>,
    /// Per-field overrides, in the order given.
    pub fields: Vec<FieldOverride>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            show_root_heading: true,
            show_root_toc_entry: true,
            heading_level: None,
            item_id_prefix: String::new(),
            item_id_mapping: Vec::new(),
            fields: Vec::new(),
        }
    }
}

/// One `item_id_mapping` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    /// The field.
    pub field: String,
    /// The link name.
    pub name: String,
    /// Where the field's key is.
    pub at: Loc,
    /// Where the link name is.
    pub value_at: Loc,
}

/// What a page overrides of one field's rendering.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FieldOverride {
    /// The field.
    pub field: String,
    /// Where its key is.
    pub at: Loc,
    /// Whether the field is required.
    pub required: Option<bool>,
    /// The default (`null` removes it).
    pub default: Option<serde_json::Value>,
    /// The description (markdown).
    pub description: Option<String>,
    /// The type, as text.
    pub ty: Option<String>,
    /// Where the value is, when it is not a mapping (an error once the field is known).
    pub not_a_mapping: Option<Loc>,
}

impl Options {
    /// Parses option lines (already dedented). `at` maps a YAML position to the page; `first`
    /// is where the options start (for errors without a position). The options come with the
    /// unknown keys found beside them ([`Problem::unknown`]); any other problem makes them
    /// unusable, and every problem is returned.
    pub fn parse(
        text: &str,
        at: &dyn Fn(Pos) -> Loc,
        first: Loc,
    ) -> Result<(Options, Vec<Problem>), Vec<Problem>> {
        Options::from_yaml(&Options::read_yaml(text), at, first)
    }

    /// The YAML of option lines (`Null` for none), to be read by [`Options::from_yaml`]. Pages
    /// often repeat the same options: callers may parse each distinct text once.
    pub fn read_yaml(text: &str) -> Result<Node, confspec_load::LoadError> {
        if text.trim().is_empty() {
            return Ok(Node::new(Value::Null, Pos::default()));
        }
        confspec_load::parse(text)
    }

    /// Reads options from their parsed YAML (see [`Options::parse`]).
    pub fn from_yaml(
        yaml: &Result<Node, confspec_load::LoadError>,
        at: &dyn Fn(Pos) -> Loc,
        first: Loc,
    ) -> Result<(Options, Vec<Problem>), Vec<Problem>> {
        let mut options = Options::default();
        let node = yaml.as_ref().map_err(|err| {
            let loc = if err.pos.line == 0 {
                first
            } else {
                at(err.pos)
            };
            vec![Problem {
                at: loc,
                message: format!(
                    "the directive's options are not valid YAML: {}",
                    without_position(&err.message)
                ),
                hint: Some("options are YAML indented four spaces more than the directive".into()),
                unknown: false,
            }]
        })?;
        let mut problems = Vec::new();
        match &node.value {
            Value::Null => {}
            Value::Map(entries) => {
                for (key, value) in entries {
                    if key.name == "overrides" {
                        options.read_overrides(value, at, &mut problems);
                    } else {
                        let hint = if OPTION_NAMES.contains(&key.name.as_str()) {
                            format!(
                                "put it under `overrides:` (`overrides:` then `    {}: ...`)",
                                key.name
                            )
                        } else {
                            "the only option is `overrides:`".to_owned()
                        };
                        problems.push(Problem {
                            at: at(key.pos),
                            message: format!("unknown option `{}`", key.name),
                            hint: Some(hint),
                            unknown: true,
                        });
                    }
                }
            }
            _ => problems.push(Problem {
                at: at(node.pos),
                message: "the directive's options must be a mapping (`overrides:`)".into(),
                hint: None,
                unknown: false,
            }),
        }
        if problems.iter().all(|p| p.unknown) {
            Ok((options, problems))
        } else {
            Err(problems)
        }
    }

    fn read_overrides(
        &mut self,
        node: &Node,
        at: &dyn Fn(Pos) -> Loc,
        problems: &mut Vec<Problem>,
    ) {
        let entries = match &node.value {
            Value::Null => return,
            Value::Map(entries) => entries,
            _ => {
                problems.push(Problem {
                    at: at(node.pos),
                    message: "`overrides` must be a mapping of options and fields".into(),
                    hint: None,
                    unknown: false,
                });
                return;
            }
        };
        for (key, value) in entries {
            let wrong = |what: &str| Problem {
                at: at(value.pos),
                message: format!("`{}` must be {what}", key.name),
                hint: None,
                unknown: false,
            };
            match key.name.as_str() {
                "show_root_heading" | "show_root_toc_entry" => match value.value {
                    Value::Bool(b) if key.name == "show_root_heading" => self.show_root_heading = b,
                    Value::Bool(b) => self.show_root_toc_entry = b,
                    _ => problems.push(wrong("`true` or `false`")),
                },
                "heading_level" => match value.value {
                    Value::Int(level @ 1..=6) => self.heading_level = Some(level as usize),
                    _ => problems.push(wrong("an integer from 1 to 6")),
                },
                "item_id_prefix" => match &value.value {
                    Value::Str(prefix) => self.item_id_prefix = prefix.clone(),
                    Value::Null => self.item_id_prefix.clear(),
                    _ => problems.push(wrong("a string")),
                },
                "item_id_mapping" => match &value.value {
                    Value::Map(mapping) => {
                        for (field, name) in mapping {
                            match &name.value {
                                Value::Str(text) => self.item_id_mapping.push(Mapping {
                                    field: field.name.clone(),
                                    name: text.clone(),
                                    at: at(field.pos),
                                    value_at: at(name.pos),
                                }),
                                _ => problems.push(Problem {
                                    at: at(name.pos),
                                    message: format!(
                                        "`item_id_mapping.{}` must be a string (a link name)",
                                        field.name
                                    ),
                                    hint: None,
                                    unknown: false,
                                }),
                            }
                        }
                    }
                    Value::Null => {}
                    _ => problems.push(wrong("a mapping of field names to link names")),
                },
                field => {
                    let mut entry = FieldOverride {
                        field: field.to_owned(),
                        at: at(key.pos),
                        ..FieldOverride::default()
                    };
                    read_field(&mut entry, value, at, problems);
                    self.fields.push(entry);
                }
            }
        }
    }

    /// The override of `field`, if any.
    pub fn field(&self, field: &str) -> Option<&FieldOverride> {
        self.fields.iter().find(|f| f.field == field)
    }

    /// The link name `item_id_mapping` gives `field`, if any.
    pub fn mapping(&self, field: &str) -> Option<&Mapping> {
        self.item_id_mapping.iter().find(|m| m.field == field)
    }
}

/// A YAML error message without the position it may end with (` at line 3, column 21`), which
/// counts from the first option line rather than the page's.
fn without_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(at) if message[at..].contains(", column ") => &message[..at],
        _ => message,
    }
}

fn read_field(
    entry: &mut FieldOverride,
    node: &Node,
    at: &dyn Fn(Pos) -> Loc,
    problems: &mut Vec<Problem>,
) {
    let entries = match &node.value {
        Value::Map(entries) => entries,
        Value::Null => return,
        _ => {
            // Reported by the planner, which knows whether `field` is a field at all (else the
            // key is more likely a misspelt option).
            entry.not_a_mapping = Some(at(node.pos));
            return;
        }
    };
    for (key, value) in entries {
        let wrong = |what: &str| Problem {
            at: at(value.pos),
            message: format!("`{}.{}` must be {what}", entry.field, key.name),
            hint: None,
            unknown: false,
        };
        match (key.name.as_str(), &value.value) {
            ("required", Value::Bool(b)) => entry.required = Some(*b),
            ("required", _) => problems.push(wrong("`true` or `false`")),
            ("default", _) => entry.default = Some(value.to_json()),
            ("description", Value::Str(text)) => entry.description = Some(text.clone()),
            ("description", _) => problems.push(wrong("a string")),
            ("type", Value::Str(text)) => entry.ty = Some(text.clone()),
            ("type", _) => problems.push(wrong("a string")),
            (other, _) => {
                let closest =
                    crate::resolve::closest(other, FIELD_KEYS.iter().map(|k| (*k).to_owned()));
                problems.push(Problem {
                    at: at(key.pos),
                    message: format!("unknown override `{other}` of field `{}`", entry.field),
                    hint: Some(format!(
                        "a field's overrides are `required`, `default`, `description` and `type`; closest: `{}`",
                        closest.first().map_or("", String::as_str)
                    )),
                    unknown: true,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(pos: Pos) -> Loc {
        Loc {
            line: pos.line as usize + 10,
            column: pos.column as usize + 4,
        }
    }

    fn parse(text: &str) -> Result<Options, Vec<Problem>> {
        parse_with_unknown(text).map(|(options, unknown)| {
            assert_eq!(unknown, [], "no unknown key");
            options
        })
    }

    fn parse_with_unknown(text: &str) -> Result<(Options, Vec<Problem>), Vec<Problem>> {
        Options::parse(
            text,
            &at,
            Loc {
                line: 11,
                column: 5,
            },
        )
    }

    #[test]
    fn reads_every_option() {
        let options = parse(
            "overrides:\n  show_root_heading: false\n  show_root_toc_entry: false\n  heading_level: 2\n  item_id_prefix: aws-\n  item_id_mapping:\n    creds: credentials\n  type:\n    required: true\n    default: aws\n    description: The kind.\n    type: str\n",
        )
        .unwrap();
        assert!(!options.show_root_heading);
        assert!(!options.show_root_toc_entry);
        assert_eq!(options.heading_level, Some(2));
        assert_eq!(options.item_id_prefix, "aws-");
        assert_eq!(options.mapping("creds").unwrap().name, "credentials");
        let field = options.field("type").unwrap();
        assert_eq!(field.required, Some(true));
        assert_eq!(field.default, Some(serde_json::json!("aws")));
        assert_eq!(field.description.as_deref(), Some("The kind."));
        assert_eq!(field.ty.as_deref(), Some("str"));
        assert_eq!(
            field.at,
            Loc {
                line: 18,
                column: 7
            }
        );
    }

    #[test]
    fn empty_options_are_the_defaults() {
        assert_eq!(parse("").unwrap(), Options::default());
    }

    #[test]
    fn errors_are_located() {
        let problems =
            parse("overrides:\n  show_root_heading: no\n  heading_level: 9\n").unwrap_err();
        assert_eq!(
            problems[0].at,
            Loc {
                line: 12,
                column: 26
            }
        );
        assert_eq!(
            problems[1].at,
            Loc {
                line: 13,
                column: 22
            }
        );
    }

    #[test]
    fn unknown_keys_leave_the_rest_of_the_options() {
        let (options, unknown) =
            parse_with_unknown("show_root_heading: false\noverrides:\n  item_id_prefix: a-\n")
                .unwrap();
        assert_eq!(options.item_id_prefix, "a-");
        assert!(options.show_root_heading, "misplaced, so not read");
        assert_eq!(unknown[0].message, "unknown option `show_root_heading`");
        assert!(unknown[0].unknown);
        assert!(
            unknown[0]
                .hint
                .as_deref()
                .unwrap()
                .contains("under `overrides:`")
        );
        let (options, unknown) =
            parse_with_unknown("overrides:\n  type:\n    requried: true\n    default: a\n")
                .unwrap();
        assert_eq!(options.field("type").unwrap().required, None);
        assert_eq!(
            options.field("type").unwrap().default,
            Some(serde_json::json!("a"))
        );
        assert!(
            unknown[0]
                .hint
                .as_deref()
                .unwrap()
                .ends_with("closest: `required`")
        );
        // Beside a bad value, every problem is returned and the options are not.
        let problems =
            parse_with_unknown("overides:\n  a: 1\noverrides:\n  heading_level: 9\n").unwrap_err();
        let unknown: Vec<bool> = problems.iter().map(|p| p.unknown).collect();
        assert_eq!(unknown, [true, false]);
    }

    #[test]
    fn bad_yaml_is_located() {
        let problems = parse("overrides:\n  a: [1\n").unwrap_err();
        assert!(
            problems[0]
                .message
                .starts_with("the directive's options are not valid YAML")
        );
        assert!(problems[0].at.line >= 11);
    }
}
