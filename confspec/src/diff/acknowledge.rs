//! `codegen-breaking.toml`: the breaking changes a maintainer has decided to ship, each with
//! the reason, so that `codegen diff` passes with them.
//!
//! ```toml
//! [[breaking]]
//! path = "projects[].backends[type=aws].vpc_ids"   # as the report writes it
//! kind = "key-removed"                             # as the report writes it
//! schema = "site/docs/schemas/server-config.json"  # optional: any schema when absent
//! reason = "Replaced by `vpc_name` in 0.19; the upgrade notes say how."
//! ```

use std::path::Path;

use serde::Deserialize;

use super::change::{Change, Class, Kind};
use crate::config::line_col;
use crate::diagnostics::{Diagnostic, Failure};

/// The file's name, at the project root.
pub const FILE_NAME: &str = "codegen-breaking.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileShape {
    #[serde(default)]
    breaking: Vec<toml::Spanned<Entry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    kind: String,
    #[serde(default)]
    schema: Option<String>,
    reason: String,
}

/// One acknowledged breaking change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acknowledgement {
    /// The change's path.
    pub path: String,
    /// The change's kind.
    pub kind: Kind,
    /// The schema file (relative to the project root), or any when absent.
    pub schema: Option<String>,
    /// Why it ships.
    pub reason: String,
    /// Where the entry starts in the file (1-based).
    pub line: usize,
    /// The column there.
    pub column: usize,
}

/// Reads the acknowledgements of the project at `root` (none when the file is absent).
pub fn read(root: &Path) -> Result<Vec<Acknowledgement>, Failure> {
    let path = root.join(FILE_NAME);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(Failure::Usage(format!("cannot read {FILE_NAME}: {err}"))),
    };
    parse(&text)
}

/// Parses the text of the acknowledgements file.
pub fn parse(text: &str) -> Result<Vec<Acknowledgement>, Failure> {
    let file = Path::new(FILE_NAME);
    let shape: FileShape = toml::from_str(text).map_err(|err| {
        let (line, column) = err.span().map_or((1, 1), |span| line_col(text, span.start));
        Failure::content(file, line, column, err.message().trim().to_owned())
    })?;
    let mut errors = Vec::new();
    let mut found = Vec::new();
    for entry in shape.breaking {
        let (line, column) = line_col(text, entry.span().start);
        let entry = entry.into_inner();
        let Some(kind) = Kind::from_name(&entry.kind) else {
            let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
            errors.push(
                Diagnostic::error(file, line, column, format!("unknown kind `{}`", entry.kind))
                    .with_hint(format!("one of: {}", names.join(", "))),
            );
            continue;
        };
        if entry.reason.trim().is_empty() {
            errors.push(
                Diagnostic::error(file, line, column, "the reason is empty")
                    .with_hint("say why the change ships and what users should do"),
            );
            continue;
        }
        found.push(Acknowledgement {
            path: entry.path,
            kind,
            schema: entry.schema,
            reason: entry.reason,
            line,
            column,
        });
    }
    if errors.is_empty() {
        Ok(found)
    } else {
        Err(Failure::Content(errors))
    }
}

/// Marks the breaking changes of `schema` that an acknowledgement names; sets `used` for each
/// acknowledgement that matched.
pub fn apply(
    acknowledgements: &[Acknowledgement],
    used: &mut [bool],
    schema: &str,
    changes: &mut [Change],
) {
    for change in changes.iter_mut().filter(|c| c.class == Class::Breaking) {
        let matching = acknowledgements.iter().position(|a| {
            a.path == change.path
                && a.kind == change.kind
                && a.schema.as_deref().is_none_or(|s| s == schema)
        });
        if let Some(index) = matching {
            used[index] = true;
            change.acknowledged = Some(acknowledgements[index].reason.clone());
        }
    }
}

/// A warning for each acknowledgement that matched no breaking change.
pub fn stale(acknowledgements: &[Acknowledgement], used: &[bool]) -> Vec<Diagnostic> {
    acknowledgements
        .iter()
        .zip(used)
        .filter(|(_, used)| !**used)
        .map(|(a, _)| {
            Diagnostic::warning(
                Path::new(FILE_NAME),
                a.line,
                a.column,
                format!(
                    "stale acknowledgement: no breaking change `{}` at `{}`",
                    a.kind.name(),
                    a.path
                ),
            )
            .with_hint("remove the entry once the change has shipped")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_need_a_known_kind_and_a_reason() {
        let text = "[[breaking]]\npath = \"a\"\nkind = \"key-gone\"\nreason = \"x\"\n\n[[breaking]]\npath = \"b\"\nkind = \"key-removed\"\nreason = \" \"\n";
        let Err(Failure::Content(errors)) = parse(text) else {
            panic!("expected errors")
        };
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(
            messages[0].starts_with("codegen-breaking.toml:1:1: error: unknown kind `key-gone`")
        );
        assert!(messages[1].starts_with("codegen-breaking.toml:6:1: error: the reason is empty"));
    }

    #[test]
    fn a_missing_reason_is_an_error_at_its_line() {
        let Err(Failure::Content(errors)) =
            parse("\n[[breaking]]\npath = \"a\"\nkind = \"key-removed\"\n")
        else {
            panic!("expected an error")
        };
        assert_eq!(errors[0].line, 2, "{}", errors[0]);
        assert!(errors[0].message.contains("reason"), "{}", errors[0]);
    }
}
