//! Listing and reading the page sources, the same way for every stage: sorted (the directory's
//! order never matters), hidden files skipped, and hostile trees refused with a clear error
//! instead of a hang (a FIFO among the pages would block a read forever, a symbolic link to an
//! enclosing directory would make the walk endless).

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Failure};

/// Every file under `dir`, relative to it, in path order. Names starting with `.` (files and
/// directories) are skipped. Symbolic links are followed, except one to a directory that
/// encloses it; anything but a regular file or a directory (a FIFO, a socket, a device) is an
/// error.
pub fn list(dir: &Path) -> Result<Vec<PathBuf>, Failure> {
    let mut out = Vec::new();
    walk(dir, Path::new(""), &mut out)?;
    out.sort();
    Ok(out)
}

fn walk(root: &Path, rel: &Path, out: &mut Vec<PathBuf>) -> Result<(), Failure> {
    let dir = root.join(rel);
    let cannot =
        |err: std::io::Error| Failure::Usage(format!("cannot read {}: {err}", dir.display()));
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(cannot)? {
        entries.push(entry.map_err(cannot)?);
    }
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let child = rel.join(&name);
        // Follows a symbolic link; a dangling one is an error at the read, like any file.
        let Ok(meta) = std::fs::metadata(&path) else {
            out.push(child);
            continue;
        };
        if meta.is_dir() {
            if entry.file_type().is_ok_and(|t| t.is_symlink()) {
                let target = path.canonicalize().map_err(|err| {
                    Failure::Usage(format!("cannot read {}: {err}", path.display()))
                })?;
                let here = dir.canonicalize().unwrap_or_else(|_| dir.clone());
                if here.starts_with(&target) {
                    return Err(Failure::Usage(format!(
                        "{} is a symbolic link to {}, which contains it: the pages would never end",
                        path.display(),
                        target.display()
                    )));
                }
            }
            walk(root, &child, out)?;
        } else if meta.is_file() {
            out.push(child);
        } else {
            return Err(Failure::Usage(format!(
                "{} is not a regular file (a FIFO, socket or device): it cannot be a page",
                path.display()
            )));
        }
    }
    Ok(())
}

/// Reads `path` as UTF-8 text ([`decode`]); a file that cannot be read is a usage failure.
pub fn read_text(path: &Path, shown: &Path) -> Result<String, Failure> {
    let bytes = std::fs::read(path)
        .map_err(|err| Failure::Usage(format!("cannot read {}: {err}", path.display())))?;
    decode(bytes, shown).map_err(|d| Failure::Content(vec![d]))
}

/// The text of a page's bytes. A UTF-8 byte order mark at the start is dropped, as mkdocs
/// drops it (it would otherwise hide a directive or a fence on the first line); bytes that are
/// not UTF-8 are an error at the line and column of the first invalid byte (in `shown`).
pub fn decode(bytes: Vec<u8>, shown: &Path) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_owned(),
            None => text,
        }),
        Err(err) => Err(not_utf8(shown, err.as_bytes(), err.utf8_error())),
    }
}

/// The diagnostic for bytes that are not UTF-8: the line (1-based) and column (in characters)
/// of the first invalid byte.
pub fn not_utf8(shown: &Path, bytes: &[u8], err: std::str::Utf8Error) -> Diagnostic {
    let valid = &bytes[..err.valid_up_to()];
    let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(&valid[line_start..])
        .chars()
        .count()
        + 1;
    Diagnostic::error(
        shown,
        line,
        column,
        format!(
            "not valid UTF-8 (byte 0x{:02x} at offset {})",
            bytes[err.valid_up_to()],
            err.valid_up_to()
        ),
    )
    .with_hint("save the page as UTF-8")
}
