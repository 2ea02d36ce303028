//! Which model a YAML block is: the rules, most explicit first (see the module docs of
//! [`super`] and the README section "Checking the YAML examples").

use std::collections::BTreeMap;
use std::path::Path;

use confspec_load::{LoadError, Node, Value};
use serde::Serialize;

use crate::config;
use crate::context::Context;
use crate::diagnostics::{Diagnostic, Failure};
use crate::ir::{Shape, TypeRef};

use super::super::markdown::Fence;
use super::marker::{self, Marker, SkipForm};

/// The rule that chose a block's model type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// `<!-- codegen: check TYPE -->` before the fence.
    Marker,
    /// A `# yaml-language-server: $schema=...` modeline in the block.
    Modeline,
    /// The `editor-title` of the enclosing `<div>`, through `[examples] files`.
    EditorTitle,
    /// The page's default type, from `[examples] pages`.
    Page,
    /// A top-level key shared with a root type of `[examples] roots`.
    TopLevelKeys,
    /// A `toml` block, checked as `[examples] toml`.
    Toml,
}

/// What to do with a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Check it as `root`.
    Check {
        /// The model type.
        root: String,
        /// The rule that chose it.
        rule: Rule,
    },
    /// No rule names its model.
    NotChecked {
        /// Why, for the report.
        reason: String,
    },
    /// Opted out by a marker.
    Skip {
        /// The marker and any reason given with it.
        reason: String,
    },
    /// A `codegen:` marker that cannot be read.
    BadMarker {
        /// What is wrong with it.
        message: String,
        /// The closest model type, for a misspelt one.
        hint: Option<String>,
        /// The line of the marker it is about (else the fence's first marker).
        line: Option<usize>,
    },
}

/// The `[examples]` settings, resolved against the model.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    /// Schema URL or path → root type (`[examples] schemas`, then every `[[schemas]]`).
    schemas: Vec<(String, String)>,
    /// Editor title → root type.
    files: BTreeMap<String, String>,
    /// Page (relative to the pages directory) → root type.
    pages: BTreeMap<String, String>,
    /// Root types tried by the block's top level, in configured order.
    roots: Vec<RootKeys>,
    /// Every registered model type name (for `codegen: check TYPE`).
    known: Vec<String>,
    /// The root type of `toml` blocks (`[examples] toml`).
    toml: Option<String>,
}

impl Rules {
    /// Reads the settings; every type they name must be a registered model type.
    pub fn from_context(ctx: &Context) -> Result<Rules, Failure> {
        let examples = &ctx.config.examples;
        let mut problems = Vec::new();
        let mut require = |name: &str, table: &str| {
            if ctx.registered(name).is_none() {
                // Read only to locate a problem.
                let settings =
                    std::fs::read_to_string(ctx.root.join(config::FILE_NAME)).unwrap_or_default();
                let (line, column) = setting_position(&settings, name);
                problems.push(
                    Diagnostic::error(
                        Path::new(config::FILE_NAME),
                        line,
                        column,
                        format!("{table} names `{name}`, which is not a model type"),
                    )
                    .with_hint(ctx.registration_hint()),
                );
            }
        };
        let mut schemas = Vec::new();
        for (url, root) in &examples.schemas {
            require(root, "[examples] schemas");
            schemas.push((url.clone(), root.clone()));
        }
        for schema in &ctx.config.schemas {
            schemas.push((schema.url.clone(), schema.root.clone()));
            schemas.push((
                schema.output.to_string_lossy().replace('\\', "/"),
                schema.root.clone(),
            ));
        }
        for root in examples.files.values() {
            require(root, "[examples] files");
        }
        for root in examples.pages.values() {
            require(root, "[examples] pages");
        }
        if let Some(root) = &examples.toml {
            require(root, "[examples] toml");
        }
        let mut roots = Vec::new();
        for root in &examples.roots {
            require(root, "[examples] roots");
            roots.push(RootKeys::of(ctx, root));
        }
        if !problems.is_empty() {
            return Err(Failure::Content(problems));
        }
        let known = ctx
            .types
            .iter()
            .map(|t| (t.schema_name)().into_owned())
            .collect();
        Ok(Rules {
            schemas,
            files: examples.files.clone(),
            pages: examples.pages.clone(),
            roots,
            known,
            toml: examples.toml.clone(),
        })
    }

    /// Decides what a block is. `page` is its page's key in `[examples] pages` terms; `parsed`
    /// is the block's YAML, parsed (a block that does not parse is matched by the keys its
    /// unindented lines start with).
    pub fn decide(
        &self,
        fence: &Fence,
        page: Option<&str>,
        parsed: &Result<Node, Vec<LoadError>>,
    ) -> Decision {
        // 1. Markers.
        match marker::of_fence(fence) {
            Some(Ok(Marker::Skip { form, reason })) => {
                let said = match form {
                    SkipForm::Comment => "opted out by `<!-- codegen: skip -->`",
                    SkipForm::InfoString => "opted out by `codegen=\"skip\"` in the info string",
                };
                return Decision::Skip {
                    reason: match reason {
                        Some(reason) => format!("{said}: {reason}"),
                        None => said.to_owned(),
                    },
                };
            }
            Some(Ok(Marker::ExpectError {
                type_name: None, ..
            })) => {}
            Some(Ok(
                Marker::Check { type_name }
                | Marker::ExpectError {
                    type_name: Some(type_name),
                    ..
                },
            )) => {
                if self.known.contains(&type_name) {
                    return Decision::Check {
                        root: type_name,
                        rule: Rule::Marker,
                    };
                }
                let closest = closest(&type_name, self.known.iter().map(String::as_str));
                let naming = marker::naming(fence, &type_name);
                return Decision::BadMarker {
                    message: format!(
                        "`<!-- {} -->` names no model type",
                        naming.map_or("", |comment| comment.text.as_str())
                    ),
                    hint: closest.map(|c| format!("did you mean `{c}`?")),
                    line: naming.map(|comment| comment.line),
                };
            }
            Some(Err(bad)) => {
                return Decision::BadMarker {
                    message: bad.message,
                    hint: bad.hint,
                    line: bad.line,
                };
            }
            None => {}
        }
        // A TOML block: `[examples] toml`, or nothing.
        if fence.language.eq_ignore_ascii_case("toml") {
            return match &self.toml {
                Some(root) => Decision::Check {
                    root: root.clone(),
                    rule: Rule::Toml,
                },
                None => Decision::NotChecked {
                    reason: "a TOML block, and `[examples] toml` in codegen.toml names no type \
                             for TOML blocks (set it, or name the block's type with \
                             `<!-- codegen: check TYPE -->`)"
                        .to_owned(),
                },
            };
        }
        // 2. A yaml-language-server modeline.
        if let Some(url) = modeline(&fence.content) {
            return match self.schema_root(&url) {
                Some(root) => Decision::Check {
                    root: root.to_owned(),
                    rule: Rule::Modeline,
                },
                None => Decision::NotChecked {
                    reason: format!(
                        "the modeline's schema `{url}` is none of [examples] schemas or [[schemas]]"
                    ),
                },
            };
        }
        // 3. The editor title of the enclosing `<div>`.
        if let Some(root) = fence
            .editor_title
            .as_deref()
            .and_then(|t| self.file_root(t.trim()))
        {
            return Decision::Check {
                root: root.clone(),
                rule: Rule::EditorTitle,
            };
        }
        // 4. The page's default.
        if let Some(root) = page.and_then(|p| self.pages.get(p)) {
            return Decision::Check {
                root: root.clone(),
                rule: Rule::Page,
            };
        }
        // 5. What the block's top level says it is.
        let entries = match parsed {
            Ok(node) => match &node.value {
                Value::Map(entries) => entries
                    .iter()
                    .map(|(k, v)| TopLevel {
                        key: k.name.clone(),
                        value: scalar_text(&v.value).map_or(TopValue::Other, TopValue::Scalar),
                    })
                    .collect(),
                Value::Null => Vec::new(),
                Value::Seq(_) => {
                    return self.not_checked(fence, "the block is a list, not a mapping".into());
                }
                _ => return self.not_checked(fence, "the block is a scalar, not a mapping".into()),
            },
            Err(_) => unindented_entries(&fence.content),
        };
        if entries.is_empty() {
            let reason = match parsed {
                Ok(_) => "the block is empty".to_owned(),
                Err(errors) => format!(
                    "the block is not valid YAML ({}) and has no top-level keys",
                    errors.first().map_or("", |err| err.message.as_str())
                ),
            };
            return self.not_checked(fence, reason);
        }
        let mut best: Option<(&String, Match)> = None;
        let mut near = Vec::new();
        for root in &self.roots {
            match root.recognise(&entries) {
                Recognised::Yes(found) => {
                    if best.as_ref().is_none_or(|(_, b)| found > *b) {
                        best = Some((&root.name, found));
                    }
                }
                Recognised::No => {}
                Recognised::Near(why) => near.push(why),
            }
        }
        match best {
            Some((root, _)) => Decision::Check {
                root: root.clone(),
                rule: Rule::TopLevelKeys,
            },
            None => {
                let keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
                let mut reason = format!("top-level keys {} match no model", keys.join(", "));
                if !near.is_empty() {
                    reason = format!("{reason}: {}", near.join("; "));
                }
                self.not_checked(fence, reason)
            }
        }
    }

    /// The root of an editor title: its exact entry in `[examples] files`, else the first
    /// entry (in key order) whose `*` wildcards match it (`"*.dstack.yml"`).
    fn file_root(&self, title: &str) -> Option<&String> {
        self.files.get(title).or_else(|| {
            self.files
                .iter()
                .find(|(pattern, _)| pattern.contains('*') && wildcard_match(pattern, title))
                .map(|(_, root)| root)
        })
    }

    fn not_checked(&self, fence: &Fence, reason: String) -> Decision {
        let reason = match &fence.editor_title {
            Some(title) => format!("editor title `{title}` is not in [examples] files; {reason}"),
            None => reason,
        };
        Decision::NotChecked { reason }
    }

    /// The root type of a schema named by a modeline: the URL or path as configured, else the
    /// configured schema with the same file name.
    fn schema_root(&self, url: &str) -> Option<&str> {
        if let Some((_, root)) = self.schemas.iter().find(|(u, _)| u == url) {
            return Some(root);
        }
        let name = file_name(url);
        self.schemas
            .iter()
            .find(|(u, _)| file_name(u) == name)
            .map(|(_, root)| root.as_str())
    }
}

/// A top-level entry of a block: its key, and what its value is.
#[derive(Debug, Clone, PartialEq)]
struct TopLevel {
    key: String,
    value: TopValue,
}

/// The value of a top-level entry, as far as recognising the block needs it.
#[derive(Debug, Clone, PartialEq)]
enum TopValue {
    /// A scalar, as text.
    Scalar(String),
    /// A mapping, a list or null.
    Other,
    /// Not read: the block is not valid YAML and the value is not a plain scalar.
    Unread,
}

/// How a root type is recognised by the top level of a block that nothing more explicit
/// assigns (rule 5): what makes a block a configuration of the model, rather than another
/// program's YAML (a Kubernetes manifest, an `accelerate` or `axolotl` config), read from the
/// model itself.
#[derive(Debug, Clone)]
struct RootKeys {
    /// The root type.
    name: String,
    /// What to look for.
    shape: KeysShape,
}

#[derive(Debug, Clone)]
enum KeysShape {
    /// A struct (or an untagged union: every variant's fields): at least half of the block's
    /// top-level keys must be among these.
    Fields(Vec<String>),
    /// A union selected by a tag: the block has the tag `key`, and its value selects a variant
    /// (or is a misspelling of one: a configuration with a mistake, which the check reports).
    Tag { key: String, values: Vec<String> },
}

/// How strongly a block matches a root: an exact tag first, then the share of its keys the
/// root knows.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
struct Match {
    exact_tag: bool,
    share: f64,
}

/// The verdict of one root on a block.
enum Recognised {
    Yes(Match),
    No,
    /// Not this root, with why it looked like one at first.
    Near(String),
}

impl RootKeys {
    fn of(ctx: &Context, root: &str) -> RootKeys {
        let shape = match ctx.model.get(root).map(|def| &def.shape) {
            // A union selected by a tag is recognised by its tag: without it, no variant
            // applies (and the variants' keys would claim blocks of other files).
            Some(Shape::Union(u)) if u.tag.is_some() => KeysShape::Tag {
                key: u.tag.clone().unwrap_or_default(),
                values: u
                    .variants
                    .iter()
                    .filter_map(|v| v.tag_value.clone())
                    .collect(),
            },
            _ => KeysShape::Fields(top_level_keys(ctx, root)),
        };
        RootKeys {
            name: root.to_owned(),
            shape,
        }
    }

    fn recognise(&self, entries: &[TopLevel]) -> Recognised {
        match &self.shape {
            KeysShape::Fields(fields) => {
                let shared = entries.iter().filter(|e| fields.contains(&e.key)).count();
                if shared == 0 {
                    return Recognised::No;
                }
                if shared * 2 < entries.len() {
                    return Recognised::Near(format!(
                        "only {shared} of {} {} of `{}`",
                        entries.len(),
                        if shared == 1 { "is a key" } else { "are keys" },
                        self.name
                    ));
                }
                Recognised::Yes(Match {
                    exact_tag: false,
                    share: shared as f64 / entries.len() as f64,
                })
            }
            KeysShape::Tag { key, values } => {
                let Some(entry) = entries.iter().find(|e| &e.key == key) else {
                    return Recognised::No;
                };
                let value = match &entry.value {
                    TopValue::Scalar(value) => value,
                    // A block that does not parse but has the tag: a configuration with a
                    // syntax error, which the check reports.
                    TopValue::Unread => {
                        return Recognised::Yes(Match {
                            exact_tag: false,
                            share: 1.0,
                        });
                    }
                    TopValue::Other => {
                        return Recognised::Near(format!(
                            "`{key}` holds none of `{}`'s kinds ({})",
                            self.name,
                            values.join(", ")
                        ));
                    }
                };
                let exact_tag = values.contains(value);
                if exact_tag || closest(value, values.iter().map(String::as_str)).is_some() {
                    return Recognised::Yes(Match {
                        exact_tag,
                        share: 1.0,
                    });
                }
                Recognised::Near(format!(
                    "`{key}: {value}` is none of `{}`'s kinds ({})",
                    self.name,
                    values.join(", ")
                ))
            }
        }
    }
}

/// The text of a scalar value (`None` for a mapping, a list or null).
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::Str(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Int(i) => Some(i.to_string()),
        Value::UInt(u) => Some(u.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Null | Value::Seq(_) | Value::Map(_) => None,
    }
}

/// The top-level keys of a root type: its fields (for an untagged union, every variant's).
fn top_level_keys(ctx: &Context, root: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let Some(def) = ctx.model.get(root) else {
        return keys;
    };
    match &def.shape {
        Shape::Struct(s) => keys.extend(s.fields.iter().map(|f| f.name.clone())),
        Shape::Union(u) => {
            for variant in &u.variants {
                let fields = match variant.ty.non_null() {
                    TypeRef::Named { name } => ctx.model.struct_of(name).map(|s| s.fields.clone()),
                    TypeRef::Object { shape } => Some(shape.fields.clone()),
                    _ => None,
                };
                for field in fields.unwrap_or_default() {
                    if !keys.contains(&field.name) {
                        keys.push(field.name);
                    }
                }
            }
        }
        _ => {}
    }
    keys
}

/// Whether `text` matches `pattern`, where `*` stands for any run of characters (none included).
fn wildcard_match(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (i, part) in parts.iter().enumerate() {
        if i + 1 == parts.len() {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

/// The schema of a `# yaml-language-server: $schema=...` comment line.
fn modeline(content: &str) -> Option<String> {
    content.lines().find_map(|line| {
        let comment = line.trim_start().strip_prefix('#')?;
        let rest = comment.trim_start().strip_prefix("yaml-language-server:")?;
        let value = rest.trim_start().strip_prefix("$schema=")?;
        let value = value.split_whitespace().next()?;
        Some(value.trim_matches(|c| c == '"' || c == '\'').to_owned())
    })
}

fn file_name(url: &str) -> &str {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    url.rsplit(['/', '\\']).next().unwrap_or(url)
}

/// The unindented `key: value` lines of a block that is not valid YAML (the value kept when it
/// is a plain scalar on the same line).
fn unindented_entries(content: &str) -> Vec<TopLevel> {
    let mut entries: Vec<TopLevel> = Vec::new();
    for line in content.lines() {
        if line.starts_with([' ', '\t', '#', '-']) || line.trim().is_empty() {
            continue;
        }
        let Some((key, rest)) = line.split_once(':') else {
            continue;
        };
        if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
            continue;
        }
        let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
        if key.is_empty() || entries.iter().any(|e| e.key == key) {
            continue;
        }
        let value = rest.split(" #").next().unwrap_or_default().trim();
        let value = value.trim_matches(|c| c == '"' || c == '\'');
        let plain = !value.is_empty() && !value.starts_with(['[', '{', '&', '*', '|', '>', '!']);
        entries.push(TopLevel {
            key: key.to_owned(),
            value: if plain {
                TopValue::Scalar(value.to_owned())
            } else {
                TopValue::Unread
            },
        });
    }
    entries
}

fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Line and column of the first quoted mention of `name` in the `[examples]` part of the
/// settings file ((0, 0) when it cannot be found).
fn setting_position(settings: &str, name: &str) -> (usize, usize) {
    let quoted = format!("\"{name}\"");
    let mut in_examples = false;
    for (i, line) in settings.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            in_examples = trimmed.starts_with("[examples");
        }
        if in_examples && let Some(at) = line.find(&quoted) {
            return (i + 1, line[..at].chars().count() + 2);
        }
    }
    (0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_modelines() {
        assert_eq!(
            modeline("# yaml-language-server: $schema=https://x.org/s/server-config.json\na: 1\n")
                .as_deref(),
            Some("https://x.org/s/server-config.json")
        );
        assert_eq!(
            modeline("a: 1\n  #yaml-language-server: $schema='../x.json'\n").as_deref(),
            Some("../x.json")
        );
        assert_eq!(modeline("# just a comment\n"), None);
        assert_eq!(
            file_name("https://x.org/s/server-config.json?v=1"),
            "server-config.json"
        );
    }

    #[test]
    fn finds_keys_of_broken_yaml() {
        let entries =
            unindented_entries("# c\nprojects:\n  - name: [\nkind: x # y\n- item\nurl: http://x\n");
        let found: Vec<(&str, &TopValue)> =
            entries.iter().map(|e| (e.key.as_str(), &e.value)).collect();
        assert_eq!(
            found,
            [
                ("projects", &TopValue::Unread),
                ("kind", &TopValue::Scalar("x".into())),
                ("url", &TopValue::Scalar("http://x".into()))
            ]
        );
    }

    #[test]
    fn locates_settings() {
        let settings = "[[schemas]]\nroot = \"Foo\"\n\n[examples]\nroots = [\"Foo\"]\n";
        assert_eq!(setting_position(settings, "Foo"), (5, 11));
        assert_eq!(setting_position(settings, "Bar"), (0, 0));
    }
}
