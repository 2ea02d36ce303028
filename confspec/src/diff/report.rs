//! The report of `codegen diff`: text for the terminal, JSON for tools, markdown for release
//! notes and upgrading pages.

use serde::Serialize;
use serde_json::Value;

use super::change::{Change, Class};

/// The changes of every compared schema.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// What the schemas were compared with (`HEAD~1`, a file, a directory).
    pub against: String,
    /// One entry per configured schema.
    pub schemas: Vec<SchemaReport>,
    /// Counts, and whether the run fails.
    pub summary: Summary,
    /// Acknowledgements that matched no breaking change (`file:line:column: warning: ...`).
    pub stale: Vec<String>,
}

/// The changes of one schema.
#[derive(Debug, Clone, Serialize)]
pub struct SchemaReport {
    /// The schema file, relative to the project root.
    pub schema: String,
    /// Its root type.
    pub root: String,
    /// Where the old schema was read (`HEAD~1:site/docs/schemas/x.json`).
    pub before: String,
    /// The changes, in document order.
    pub changes: Vec<Change>,
}

/// Counts of the changes by class.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Breaking changes (acknowledged or not).
    pub breaking: usize,
    /// Breaking changes acknowledged in the acknowledgements file.
    pub acknowledged: usize,
    /// Changes of meaning.
    pub meaning_changed: usize,
    /// Compatible changes.
    pub compatible: usize,
    /// Deprecations added or removed.
    pub deprecation: usize,
    /// Whether some breaking change is not acknowledged (the exit code is then 1).
    pub failed: bool,
}

impl Summary {
    /// Counts `changes`.
    pub fn of<'a>(changes: impl IntoIterator<Item = &'a Change>) -> Summary {
        let mut summary = Summary::default();
        for change in changes {
            match change.class {
                Class::Breaking => {
                    summary.breaking += 1;
                    if change.acknowledged.is_some() {
                        summary.acknowledged += 1;
                    }
                }
                Class::MeaningChanged => summary.meaning_changed += 1,
                Class::Compatible => summary.compatible += 1,
                Class::Deprecation => summary.deprecation += 1,
            }
        }
        summary.failed = summary.breaking > summary.acknowledged;
        summary
    }

    fn line(&self) -> String {
        let total = self.breaking + self.meaning_changed + self.compatible + self.deprecation;
        format!(
            "{total} change{}: {} breaking ({} acknowledged), {} meaning changed, {} compatible, {} deprecation{}",
            if total == 1 { "" } else { "s" },
            self.breaking,
            self.acknowledged,
            self.meaning_changed,
            self.compatible,
            self.deprecation,
            if self.deprecation == 1 { "" } else { "s" },
        )
    }
}

/// A value on one line, cut at `limit` characters.
fn compact(value: &Value, limit: usize) -> String {
    let text = value.to_string();
    if text.chars().count() <= limit {
        return text;
    }
    let cut: String = text.chars().take(limit).collect();
    format!("{cut}…")
}

/// The terminal report.
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    for schema in &report.schemas {
        out.push_str(&format!(
            "{} ({}) against {}:\n",
            schema.schema, schema.root, schema.before
        ));
        if schema.changes.is_empty() {
            out.push_str("  no changes\n");
        }
        for change in &schema.changes {
            out.push_str(&format!(
                "  {}: {}: {} [{}]\n",
                change.class.name(),
                change.path,
                change.kind.description(),
                change.kind.name()
            ));
            for (label, value) in [("before", &change.before), ("after", &change.after)] {
                if let Some(value) = value {
                    out.push_str(&format!("    {label}: {}\n", compact(value, 160)));
                }
            }
            if let Some(witness) = &change.witness {
                out.push_str(&format!("    witness: {}\n", compact(witness, 400)));
            } else if change.class == Class::Breaking {
                out.push_str("    witness: none found\n");
            }
            if let Some(reason) = &change.acknowledged {
                out.push_str(&format!("    acknowledged: {reason}\n"));
            }
        }
    }
    for warning in &report.stale {
        out.push_str(warning);
        out.push('\n');
    }
    out.push_str(&report.summary.line());
    out.push('\n');
    out
}

/// The report as JSON (two-space indentation, trailing newline).
pub fn json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("reports serialise");
    text.push('\n');
    text
}

/// The report as markdown: a section per schema, a subsection per class, each breaking change
/// with its witness as YAML.
pub fn markdown(report: &Report) -> String {
    let mut out = format!("# Changes since `{}`\n\n", report.against);
    out.push_str(&format!("{}.\n", report.summary.line()));
    for schema in &report.schemas {
        out.push_str(&format!(
            "\n## `{}` (`{}`)\n\nCompared with `{}`.\n",
            schema.schema, schema.root, schema.before
        ));
        if schema.changes.is_empty() {
            out.push_str("\nNo changes.\n");
        }
        for class in Class::ALL {
            let changes: Vec<&Change> =
                schema.changes.iter().filter(|c| c.class == class).collect();
            if changes.is_empty() {
                continue;
            }
            out.push_str(&format!("\n### {}\n\n", class.title()));
            for change in changes {
                out.push_str(&format!(
                    "- `{}`: {}",
                    change.path,
                    change.kind.description()
                ));
                let mut parts = Vec::new();
                if let Some(before) = &change.before {
                    parts.push(format!("before: {}", code(&compact(before, 160))));
                }
                if let Some(after) = &change.after {
                    parts.push(format!("after: {}", code(&compact(after, 160))));
                }
                if !parts.is_empty() {
                    out.push_str(&format!(" ({})", parts.join("; ")));
                }
                out.push_str(".\n");
                if let Some(reason) = &change.acknowledged {
                    out.push_str(&format!("  Acknowledged: {reason}\n"));
                }
                if let Some(witness) = &change.witness {
                    out.push_str("  A file that was valid before and is not now:\n\n  ```yaml\n");
                    for line in yaml(witness).lines() {
                        out.push_str("  ");
                        out.push_str(line);
                        out.push('\n');
                    }
                    out.push_str("  ```\n");
                }
            }
        }
    }
    if !report.stale.is_empty() {
        out.push_str("\n## Stale acknowledgements\n\n");
        for warning in &report.stale {
            out.push_str(&format!("- {}\n", code(warning)));
        }
    }
    out
}

/// A markdown code span holding `text` (longer backtick fences around backticks).
fn code(text: &str) -> String {
    let mut fence = String::from("`");
    while text.contains(&fence) {
        fence.push('`');
    }
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A JSON value as block YAML (strings quoted unless plainly safe; JSON's quoting is YAML's).
pub fn yaml(value: &Value) -> String {
    let mut out = String::new();
    write_yaml(value, 0, &mut out);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => {
            let plain = !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
                && s.starts_with(|c: char| c.is_ascii_alphabetic())
                && !matches!(
                    s.to_ascii_lowercase().as_str(),
                    "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
                );
            if plain { s.clone() } else { value.to_string() }
        }
        Value::Array(list) if list.is_empty() => "[]".into(),
        Value::Object(map) if map.is_empty() => "{}".into(),
        other => other.to_string(),
    }
}

fn write_yaml(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, item) in map {
                let key = scalar(&Value::String(key.clone()));
                match item {
                    Value::Object(m) if !m.is_empty() => {
                        out.push_str(&format!("{pad}{key}:\n"));
                        write_yaml(item, indent + 2, out);
                    }
                    Value::Array(l) if !l.is_empty() => {
                        out.push_str(&format!("{pad}{key}:\n"));
                        write_yaml(item, indent + 2, out);
                    }
                    _ => out.push_str(&format!("{pad}{key}: {}\n", scalar(item))),
                }
            }
        }
        Value::Array(list) if !list.is_empty() => {
            for item in list {
                let mut nested = String::new();
                write_yaml(item, indent + 2, &mut nested);
                let is_block = matches!(item, Value::Object(m) if !m.is_empty())
                    || matches!(item, Value::Array(l) if !l.is_empty());
                if is_block {
                    // The first line of the block goes after the dash.
                    let body = &nested[indent + 2..];
                    out.push_str(&format!("{pad}- {body}"));
                } else {
                    out.push_str(&format!("{pad}- {}\n", scalar(item)));
                }
            }
        }
        other => out.push_str(&format!("{pad}{}\n", scalar(other))),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn witnesses_read_as_block_yaml() {
        // YAML 1.1 booleans (`on`, `y`, `n`) are quoted, as keys and as values.
        let value = json!({"projects": [{"name": "a", "backends": [], "on": "yes", "n": 1}], "x": {"y": [[1]]}});
        assert_eq!(
            yaml(&value),
            "projects:\n  - name: a\n    backends: []\n    \"on\": \"yes\"\n    \"n\": 1\nx:\n  \"y\":\n    - - 1\n"
        );
    }

    #[test]
    fn code_spans_hold_backticks() {
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`a"), "`` `a ``");
    }
}
