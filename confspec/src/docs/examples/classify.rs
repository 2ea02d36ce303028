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
    /// Root types tried by top-level keys, with their keys, in configured order.
    roots: Vec<(String, Vec<String>)>,
    /// Every registered model type name (for `codegen: check TYPE`).
    known: Vec<String>,
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
        let mut roots = Vec::new();
        for root in &examples.roots {
            require(root, "[examples] roots");
            roots.push((root.clone(), top_level_keys(ctx, root)));
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
        if info_skips(&fence.info) {
            return Decision::Skip {
                reason: "opted out by `codegen=\"skip\"` in the info string".into(),
            };
        }
        if let Some(marker) = fence
            .marker
            .as_deref()
            .and_then(|m| m.strip_prefix("codegen:"))
        {
            let marker = marker.trim();
            let (word, rest) = marker
                .split_once(char::is_whitespace)
                .unwrap_or((marker, ""));
            let rest = rest.trim();
            match word {
                "skip" => {
                    return Decision::Skip {
                        reason: if rest.is_empty() {
                            "opted out by `<!-- codegen: skip -->`".into()
                        } else {
                            format!("opted out by `<!-- codegen: skip -->`: {rest}")
                        },
                    };
                }
                "check" => {
                    if self.known.iter().any(|k| k == rest) {
                        return Decision::Check {
                            root: rest.to_owned(),
                            rule: Rule::Marker,
                        };
                    }
                    let closest = closest(rest, self.known.iter().map(String::as_str));
                    return Decision::BadMarker {
                        message: format!("`<!-- codegen: check {rest} -->` names no model type"),
                        hint: closest.map(|c| format!("did you mean `{c}`?")),
                    };
                }
                _ => {
                    return Decision::BadMarker {
                        message: format!("unknown marker `<!-- codegen: {marker} -->`"),
                        hint: None,
                    };
                }
            }
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
        // 5. Shared top-level keys.
        let keys = match parsed {
            Ok(node) => match &node.value {
                Value::Map(entries) => entries.iter().map(|(k, _)| k.name.clone()).collect(),
                Value::Null => Vec::new(),
                Value::Seq(_) => {
                    return self.not_checked(fence, "the block is a list, not a mapping".into());
                }
                _ => return self.not_checked(fence, "the block is a scalar, not a mapping".into()),
            },
            Err(_) => unindented_keys(&fence.content),
        };
        if keys.is_empty() {
            let reason = match parsed {
                Ok(_) => "the block is empty".to_owned(),
                Err(errors) => format!(
                    "the block is not valid YAML ({}) and has no top-level keys",
                    errors.first().map_or("", |err| err.message.as_str())
                ),
            };
            return self.not_checked(fence, reason);
        }
        let best = self
            .roots
            .iter()
            .map(|(root, fields)| (root, keys.iter().filter(|k| fields.contains(k)).count()))
            .filter(|(_, shared)| *shared > 0)
            .fold(None::<(&String, usize)>, |best, candidate| match best {
                Some(b) if b.1 >= candidate.1 => Some(b),
                _ => Some(candidate),
            });
        match best {
            Some((root, _)) => Decision::Check {
                root: root.clone(),
                rule: Rule::TopLevelKeys,
            },
            None => self.not_checked(
                fence,
                format!("top-level keys {} match no model", keys.join(", ")),
            ),
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

/// The top-level keys of a root type: its fields (for a union, every variant's fields).
fn top_level_keys(ctx: &Context, root: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let Some(def) = ctx.model.get(root) else {
        return keys;
    };
    match &def.shape {
        Shape::Struct(s) => keys.extend(s.fields.iter().map(|f| f.name.clone())),
        // A union selected by a tag is recognised by its tag: without it, no variant applies
        // (and the variants' keys would claim blocks of other files).
        Shape::Union(u) if u.tag.is_some() => keys.extend(u.tag.clone()),
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

/// Whether the info string carries `codegen="skip"` (pymdownx reads `key="value"` options).
fn info_skips(info: &str) -> bool {
    info.trim_matches(|c| c == '{' || c == '}')
        .split_whitespace()
        .any(|token| {
            matches!(
                token,
                "codegen=\"skip\"" | "codegen='skip'" | "codegen=skip"
            )
        })
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

/// The keys of unindented `key:` lines, for a block that is not valid YAML.
fn unindented_keys(content: &str) -> Vec<String> {
    let mut keys = Vec::new();
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
        if !key.is_empty() && !keys.iter().any(|k| k == key) {
            keys.push(key.to_owned());
        }
    }
    keys
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
    fn reads_info_string_opt_outs() {
        assert!(info_skips("yaml codegen=\"skip\""));
        assert!(info_skips("{ .yaml codegen=\"skip\" }"));
        assert!(!info_skips("yaml title=\"codegen=skip\"x"));
        assert!(!info_skips("yaml"));
    }

    #[test]
    fn finds_keys_of_broken_yaml() {
        assert_eq!(
            unindented_keys("# c\nprojects:\n  - name: [\nkind: x\n- item\nurl: http://x\n"),
            ["projects", "kind", "url"]
        );
    }

    #[test]
    fn locates_settings() {
        let settings = "[[schemas]]\nroot = \"Foo\"\n\n[examples]\nroots = [\"Foo\"]\n";
        assert_eq!(setting_position(settings, "Foo"), (5, 11));
        assert_eq!(setting_position(settings, "Bar"), (0, 0));
    }
}
