//! Doc comments edited since the binary was built, read from the model's sources.
//!
//! A model's doc comments reach the outputs through its compiled binary (schemars writes them
//! into the schemas), so an edit of one needs a rebuild, of the model crate and of the binary,
//! before a page shows it. When the only change to a source file is the text of `///` doc
//! comments of its types and fields, the binary can show the new text without that rebuild:
//! told which sources changed (`codegen expand --changed-source FILE`, what the mkdocs plugin
//! does under `mkdocs serve`), it checks each against the digest its build script recorded
//! (`confspec_build::sources::digest`: the file without the text of the doc comment lines the
//! docs table lists) and reads those lines again. Anything else (code, attributes, a line added
//! or removed, a doc comment the table does not list, a description that did not come from
//! its doc comment) is [`Stale`]: the binary must be rebuilt.

use std::path::{Path, PathBuf};

use crate::ir::{DocComment, Model, normalize_description};
use crate::registry::Registry;

/// Why the binary cannot show the edited sources: it must be rebuilt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale(pub String);

/// Reads the doc comments of `changed` (the sources edited since the binary was built, each
/// absolute or relative to `root`) into `model`; returns how many doc comments changed.
pub fn refresh(
    model: &mut Model,
    registry: &Registry,
    root: &Path,
    changed: &[PathBuf],
) -> Result<usize, Stale> {
    let mut refreshed = 0;
    for path in changed {
        let file = project_relative(root, path);
        let Some(built) = registry.sources.iter().find(|s| s.file == file) else {
            return Err(Stale(format!(
                "{file} is not a source this binary read its model from"
            )));
        };
        let text = std::fs::read_to_string(root.join(&file))
            .map_err(|err| Stale(format!("cannot read {file}: {err}")))?;
        let docs: Vec<&DocComment<'static>> =
            registry.docs.iter().filter(|d| d.file == file).collect();
        let mut listed: Vec<usize> = docs
            .iter()
            .flat_map(|d| d.lines.iter().map(|(line, _)| *line))
            .collect();
        listed.sort_unstable();
        listed.dedup();
        if digest(&text, &listed) != built.digest {
            return Err(Stale(format!(
                "{file} changed beyond the text of its types' and fields' doc comments"
            )));
        }
        let lines: Vec<&str> = text.split('\n').collect();
        for doc in docs {
            let now: Vec<(usize, String)> = doc
                .lines
                .iter()
                .map(|&(line, old)| {
                    let current = lines
                        .get(line.wrapping_sub(1))
                        .and_then(|l| doc_comment_text(l));
                    (line, current.unwrap_or(old).to_owned())
                })
                .collect();
            if now
                .iter()
                .map(|(_, t)| t.as_str())
                .eq(doc.lines.iter().map(|(_, t)| *t))
            {
                continue;
            }
            let at = format!("{file}:{}", doc.lines.first().map_or(0, |(line, _)| *line));
            let old = description(&joined(doc.lines.iter().map(|(_, t)| *t)));
            let new = description(&joined(now.iter().map(|(_, t)| t.as_str())));
            let (Ok(old), Ok(new)) = (old, new) else {
                return Err(Stale(format!(
                    "the doc comment at {at} starts with `#`, which schemars reads as a title"
                )));
            };
            if model.replace_doc_comment(doc, old.as_deref(), now, new) == 0 {
                return Err(Stale(format!(
                    "the doc comment at {at} is not where its description comes from"
                )));
            }
            refreshed += 1;
        }
    }
    Ok(refreshed)
}

/// `path` relative to `root`, with `/` separators, as the registry names files.
fn project_relative(root: &Path, path: &Path) -> String {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        root.join(path)
    };
    let clean = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let (absolute, root) = (clean(&absolute), clean(root));
    absolute
        .strip_prefix(&root)
        .unwrap_or(&absolute)
        .to_string_lossy()
        .replace('\\', "/")
}

/// A doc comment's lines joined as rustc joins its `#[doc]` attributes for schemars: each
/// without the one space that follows `///`.
fn joined<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    lines
        .map(|line| line.strip_prefix(' ').unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The IR's description of a doc comment's text, as schemars derives it (trimmed; a first line
/// starting with `#` would be a title, which is refused) and the IR reads it.
fn description(doc: &str) -> Result<Option<String>, ()> {
    let trimmed = doc.trim_ascii();
    if trimmed.starts_with('#') {
        return Err(());
    }
    Ok(Some(normalize_description(trimmed)).filter(|d| !d.is_empty()))
}

/// The text of a source line that is a `///` doc comment (`confspec_build::sources`'s rule).
fn doc_comment_text(line: &str) -> Option<&str> {
    let comment = line.trim_start().strip_prefix("///")?;
    (!comment.starts_with('/')).then_some(comment)
}

/// The digest of `text` without the text of its `///` doc comments on `lines` (1-based,
/// sorted): `confspec_build::sources::digest`, computed again at run time.
pub fn digest(text: &str, lines: &[usize]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for byte in bytes {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for (index, line) in text.split('\n').enumerate() {
        let kept = match doc_comment_text(line) {
            Some(comment) if lines.binary_search(&(index + 1)).is_ok() => {
                &line[..line.len() - comment.len()]
            }
            _ => line,
        };
        feed(kept.as_bytes());
        feed(b"\n");
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_leaves_out_the_text_of_listed_doc_lines_only() {
        let before = "/// A type.\nstruct A {\n    /// A field.\n    a: u8,\n}\n";
        let reworded = "/// A type.\nstruct A {\n    /// The field, reworded.\n    a: u8,\n}\n";
        let code = "/// A type.\nstruct A {\n    /// A field.\n    a: u16,\n}\n";
        assert_eq!(digest(before, &[3]), digest(reworded, &[3]));
        assert_ne!(digest(before, &[3]), digest(code, &[3]));
        // A doc line the table does not list counts as code.
        assert_ne!(digest(before, &[1]), digest(reworded, &[1]));
        // `////` is a plain comment, not a doc comment.
        assert_ne!(digest("//// a\n", &[1]), digest("//// b\n", &[1]));
    }

    #[test]
    fn descriptions_are_read_as_schemars_reads_doc_comments() {
        // As the doc comment's lines `/// The list` and `/// of regions. ` are read.
        assert_eq!(
            description(&joined([" The list", " of regions. "].into_iter())),
            Ok(Some("The list of regions.".into()))
        );
        assert_eq!(description("  "), Ok(None));
        assert_eq!(description(" # Title\n text"), Err(()));
        assert_eq!(joined([" a", "b", "  c"].into_iter()), "a\nb\n c");
    }
}
