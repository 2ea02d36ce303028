//! The files a run produces: written atomically, or compared with what is on disk (`--check`).
//!
//! Every output is rendered in memory first; nothing is written until every stage succeeded.
//! Each file is then written to a temporary file beside it and renamed over the old one, so a
//! file is always either its old or its new version.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Failure};

/// The files a run produces, by path relative to the project root. A map keeps them in a
/// deterministic order.
#[derive(Debug, Default)]
pub struct Outputs {
    files: BTreeMap<PathBuf, Vec<u8>>,
    /// Directories the run owns entirely: files in them that the run did not produce are stale.
    owned_dirs: Vec<(PathBuf, Vec<String>)>,
}

/// What writing did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    /// Files whose content changed (or that were created).
    pub written: Vec<PathBuf>,
    /// Files that already had the right content.
    pub unchanged: Vec<PathBuf>,
    /// Files removed because the run no longer produces them.
    pub removed: Vec<PathBuf>,
}

impl Outputs {
    /// Adds a file. A second file at the same path replaces the first.
    pub fn add(&mut self, path: impl Into<PathBuf>, content: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), content.into());
    }

    /// Adds every file of `other` (replacing those at the same paths) and its owned
    /// directories.
    pub fn merge(&mut self, other: Outputs) {
        self.files.extend(other.files);
        self.owned_dirs.extend(other.owned_dirs);
    }

    /// Declares that the run owns every file under `dir` whose name ends with one of
    /// `extensions` (all files when empty): those it does not produce are removed on write and
    /// reported by `--check`.
    pub fn own_dir(&mut self, dir: impl Into<PathBuf>, extensions: &[&str]) {
        self.owned_dirs.push((
            dir.into(),
            extensions.iter().map(|e| (*e).to_owned()).collect(),
        ));
    }

    /// The files, in path order.
    pub fn files(&self) -> impl Iterator<Item = (&Path, &[u8])> {
        self.files.iter().map(|(p, c)| (p.as_path(), c.as_slice()))
    }

    /// The content of one file.
    pub fn get(&self, path: &Path) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    /// How many files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    fn orphans(&self, root: &Path) -> Vec<PathBuf> {
        let mut orphans = Vec::new();
        for (dir, extensions) in &self.owned_dirs {
            let mut found = Vec::new();
            list_files(&root.join(dir), &mut found);
            for file in found {
                let Ok(rel) = file.strip_prefix(root) else {
                    continue;
                };
                let name = rel.to_string_lossy();
                let matches =
                    extensions.is_empty() || extensions.iter().any(|e| name.ends_with(e.as_str()));
                if matches && !self.files.contains_key(rel) {
                    orphans.push(rel.to_path_buf());
                }
            }
        }
        orphans.sort();
        orphans.dedup();
        orphans
    }

    /// Writes every file that differs from what is on disk, atomically, and removes orphans.
    pub fn write(&self, root: &Path) -> Result<WriteReport, Failure> {
        let mut report = WriteReport::default();
        for (rel, content) in &self.files {
            let path = root.join(rel);
            if std::fs::read(&path).is_ok_and(|old| old == *content) {
                report.unchanged.push(rel.clone());
                continue;
            }
            write_atomic(&path, content)
                .map_err(|err| Failure::Usage(format!("cannot write {}: {err}", path.display())))?;
            report.written.push(rel.clone());
        }
        for orphan in self.orphans(root) {
            std::fs::remove_file(root.join(&orphan)).map_err(|err| {
                Failure::Usage(format!("cannot remove {}: {err}", orphan.display()))
            })?;
            report.removed.push(orphan);
        }
        self.remove_stale_temporaries(root);
        Ok(report)
    }

    /// Removes the temporary files a killed run left beside the outputs (`.NAME.tmpPID`, see
    /// [`write_atomic`]); they are never a file's content, only debris.
    fn remove_stale_temporaries(&self, root: &Path) {
        let mut names: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
        for rel in self.files.keys() {
            if let (Some(dir), Some(name)) = (rel.parent(), rel.file_name()) {
                names
                    .entry(root.join(dir))
                    .or_default()
                    .insert(name.to_string_lossy().into_owned());
            }
        }
        for (dir, names) in names {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let file = entry.file_name();
                let file = file.to_string_lossy();
                let stale = file
                    .strip_prefix('.')
                    .and_then(|rest| rest.rsplit_once(".tmp"))
                    .is_some_and(|(name, pid)| {
                        !pid.is_empty()
                            && pid.bytes().all(|b| b.is_ascii_digit())
                            && names.contains(name)
                    });
                if stale {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
    }

    /// Compares every file with what is on disk: one diagnostic per stale, missing or orphaned
    /// file, each saying how to refresh.
    pub fn check(&self, root: &Path, refresh: &str) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for (rel, content) in &self.files {
            match std::fs::read(root.join(rel)) {
                Ok(old) if old == *content => {}
                Ok(old) => {
                    let line = first_difference_line(&old, content);
                    problems.push(
                        Diagnostic::error(
                            rel,
                            line,
                            0,
                            "stale: differs from what the model and pages produce",
                        )
                        .with_hint(format!("run `{refresh}` to refresh it")),
                    );
                }
                Err(_) => problems.push(
                    Diagnostic::error(rel, 0, 0, "missing: the job produces this file")
                        .with_hint(format!("run `{refresh}` to create it")),
                ),
            }
        }
        for orphan in self.orphans(root) {
            problems.push(
                Diagnostic::error(&orphan, 0, 0, "orphaned: no longer produced by the job")
                    .with_hint(format!("run `{refresh}` to remove it")),
            );
        }
        problems
    }
}

fn first_difference_line(old: &[u8], new: &[u8]) -> usize {
    let at = old
        .iter()
        .zip(new)
        .position(|(a, b)| a != b)
        .unwrap_or(old.len().min(new.len()));
    new[..at.min(new.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn list_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            list_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Writes `content` to `path` through a temporary file in the same directory and a rename.
pub fn write_atomic(path: &Path, content: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(content)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
