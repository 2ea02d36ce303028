//! Descriptions as the IR keeps them: the schema's text with markdown soft line breaks joined.

use serde_json::Value;

/// A description with markdown soft line breaks joined, paragraphs and list items kept.
pub fn normalize_description(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for (i, line) in text.split('\n').enumerate() {
        let trimmed = line.trim_start();
        let fence = trimmed.starts_with("```") || trimmed.starts_with("~~~");
        if i > 0 {
            let previous_blank = out.ends_with('\n') || out.is_empty();
            let keeps_break = in_code
                || fence
                || line.trim().is_empty()
                || previous_blank
                || trimmed.starts_with("- ")
                || trimmed.starts_with("* ")
                || trimmed.starts_with('|')
                || trimmed.starts_with('#')
                || trimmed.starts_with('>')
                || trimmed
                    .split_once(". ")
                    .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty())
                || out.ends_with("  ");
            if keeps_break {
                out.push('\n');
            } else {
                out.push(' ');
            }
        }
        if fence {
            in_code = !in_code;
        }
        if line.trim().is_empty() {
            // A blank line: keep exactly one paragraph break.
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            continue;
        }
        out.push_str(if in_code || fence {
            line
        } else {
            line.trim_end_matches(' ')
        });
    }
    out.trim().to_owned()
}

pub(super) fn description(schema: &Value) -> Option<String> {
    schema
        .get("description")
        .and_then(Value::as_str)
        .map(normalize_description)
        .filter(|d| !d.is_empty())
}
