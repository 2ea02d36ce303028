//! Nothing lost: a run killed midway, or failing in a later stage, leaves every output file
//! either its old or its new version (never a partial one), and `--check` then reports exactly
//! the files that are not yet new.
//!
//! Runs the built binary on temporary projects (`--root`), never on the checkout.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

mod common;

use common::{BIN, codegen_at, copy_dir, text, workspace};

/// A project: the real codegen.toml and pages, plus `extra` generated pages (so that writing
/// takes a while), at version `version` (every generated page says which).
fn project(dir: &Path, extra: usize, version: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::copy(workspace().join("codegen.toml"), dir.join("codegen.toml")).unwrap();
    copy_dir(&workspace().join("site/pages"), &dir.join("site/pages"));
    set_version(dir, extra, version);
}

/// Rewrites the generated pages (and appends to a real one) so that every output of a page
/// changes between versions.
fn set_version(dir: &Path, extra: usize, version: &str) {
    let bulk = dir.join("site/pages/bulk");
    std::fs::create_dir_all(&bulk).unwrap();
    let body = "Some text about the server configuration, long enough to take room.\n".repeat(40);
    for i in 0..extra {
        std::fs::write(
            bulk.join(format!("page-{i:05}.md")),
            format!("# Page {i} ({version})\n\n{body}"),
        )
        .unwrap();
    }
    let index = dir.join("site/pages/index.md");
    let mut text = std::fs::read_to_string(&index).unwrap();
    if let Some(at) = text.find("\n<!-- version ") {
        text.truncate(at);
    }
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&format!("\n<!-- version {version} -->\n"));
    std::fs::write(index, text).unwrap();
}

/// Every file under `dir` (relative paths) with its bytes, sources and settings excepted.
fn outputs(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_path_buf();
                if !rel.starts_with("site/pages") && rel != Path::new("codegen.toml") {
                    out.insert(rel, std::fs::read(&path).unwrap());
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The paths at which two trees differ (assert_eq on the trees would print megabytes).
fn differences(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<String> {
    let mut out = Vec::new();
    for (path, bytes) in a {
        match b.get(path) {
            None => out.push(format!("only in the first: {}", path.display())),
            Some(other) if other != bytes => out.push(format!("differs: {}", path.display())),
            Some(_) => {}
        }
    }
    for path in b.keys().filter(|p| !a.contains_key(*p)) {
        out.push(format!("only in the second: {}", path.display()));
    }
    out
}

/// Files named like the writer's temporary files.
fn temporaries(files: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<&PathBuf> {
    files
        .keys()
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.') && n.contains(".tmp"))
        })
        .collect()
}

/// The files `--check` names as stale or missing (`FILE[:LINE]: error: stale...`).
fn reported(check: &Output) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = text(&check.stderr)
        .lines()
        .filter(|l| l.contains(": error: stale") || l.contains(": error: missing"))
        .map(|l| {
            let at = l.split(": error:").next().unwrap_or(l);
            let file = match at.rsplit_once(':') {
                Some((file, line)) if line.bytes().all(|b| b.is_ascii_digit()) => file,
                _ => at,
            };
            PathBuf::from(file)
        })
        .collect();
    files.sort();
    files
}

/// Each file of `now` equals its old or its new version; returns the files still old (or
/// absent) that the new run produces.
fn assert_old_or_new(
    now: &BTreeMap<PathBuf, Vec<u8>>,
    old: &BTreeMap<PathBuf, Vec<u8>>,
    new: &BTreeMap<PathBuf, Vec<u8>>,
    context: &str,
) -> Vec<PathBuf> {
    let mut pending = Vec::new();
    for (path, bytes) in now {
        if temporaries(now).contains(&path) {
            continue;
        }
        let is_old = old.get(path) == Some(bytes);
        let is_new = new.get(path) == Some(bytes);
        assert!(
            is_old || is_new,
            "{context}: {} is neither its old nor its new version ({} bytes; old {:?}, new {:?})",
            path.display(),
            bytes.len(),
            old.get(path).map(Vec::len),
            new.get(path).map(Vec::len)
        );
    }
    for (path, bytes) in new {
        if now.get(path) != Some(bytes) {
            pending.push(path.clone());
        }
    }
    pending
}

const EXTRA: usize = 1000;

#[test]
fn killed_runs_leave_old_or_new_files() {
    let tmp = tempfile::tempdir().unwrap();
    // The new version, generated to completion, is the reference.
    let reference = tmp.path().join("reference");
    project(&reference, EXTRA, "new");
    let started = Instant::now();
    let out = codegen_at(&reference, &[]);
    let full = started.elapsed();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let new = outputs(&reference);
    assert!(new.len() > EXTRA, "{} outputs", new.len());

    let mut interrupted = 0;
    let mut mid_write = 0;
    // Kill points, as fractions of a full run; the later ones are tried only until enough
    // kills landed while the job ran (a loaded machine makes any one point miss).
    for (attempt, fraction) in [0.2, 0.45, 0.7, 0.9, 0.1, 0.3, 0.55, 0.05]
        .into_iter()
        .enumerate()
    {
        if attempt >= 4 && interrupted >= 3 && mid_write >= 1 {
            break;
        }
        let dir = tmp.path().join(format!("killed-{fraction}"));
        project(&dir, EXTRA, "old");
        let out = codegen_at(&dir, &[]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let old = outputs(&dir);
        set_version(&dir, EXTRA, "new");

        let mut child = Command::new(BIN)
            .arg("--root")
            .arg(&dir)
            .arg("-q")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full.mul_f64(fraction));
        let killed = child.kill().is_ok(); // SIGKILL
        let status = child.wait().unwrap();
        let context = format!("killed after {:.0}% of {full:?}", fraction * 100.0);
        let now = outputs(&dir);
        let pending = assert_old_or_new(&now, &old, &new, &context);
        if killed && !status.success() {
            interrupted += 1;
        }
        // Killed while writing: some changed files are new, some still old.
        let changed = new.iter().filter(|(p, b)| old.get(*p) != Some(*b)).count();
        if !pending.is_empty() && pending.len() < changed {
            mid_write += 1;
        }
        eprintln!(
            "{context}: {} of {changed} changed files still old",
            pending.len()
        );

        // `--check` names exactly the files that are not new yet.
        let check = codegen_at(&dir, &["--check"]);
        if pending.is_empty() {
            assert!(check.status.success(), "{context}: {}", text(&check.stderr));
        } else {
            assert_eq!(
                check.status.code(),
                Some(1),
                "{context}: {}",
                text(&check.stderr)
            );
            assert_eq!(
                reported(&check),
                pending,
                "{context}: {}",
                text(&check.stderr)
            );
        }

        // The next run completes the job and leaves no temporary file behind.
        let out = codegen_at(&dir, &[]);
        assert!(out.status.success(), "{context}: {}", text(&out.stderr));
        let after = outputs(&dir);
        assert!(
            temporaries(&after).is_empty(),
            "{context}: left {:?}",
            temporaries(&after)
        );
        assert_eq!(
            differences(&after, &new),
            Vec::<String>::new(),
            "{context}: the rerun gives the new version"
        );
        assert!(codegen_at(&dir, &["--check"]).status.success());
    }
    // At least some kills must land while the job runs, or the test proves nothing.
    assert!(
        interrupted >= 3,
        "only {interrupted} runs were interrupted (a full run takes {full:?})"
    );
    assert!(
        mid_write >= 1,
        "no kill landed while files were being written (a full run takes {full:?})"
    );
}

#[test]
fn a_template_failing_in_a_later_stage_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("project");
    project(&dir, 20, "old");
    let out = codegen_at(&dir, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let old = outputs(&dir);
    set_version(&dir, 20, "new");

    // The Python stage runs last; its module template fails while rendering.
    let templates = tmp.path().join("templates");
    std::fs::create_dir_all(templates.join("python")).unwrap();
    let mut broken =
        std::fs::read_to_string(workspace().join("templates/python/models.py.j2")).unwrap();
    broken.push_str("{{ no_such_variable.attribute }}\n");
    std::fs::write(templates.join("python/models.py.j2"), &broken).unwrap();
    let line = broken.lines().count();

    let out = codegen_at(&dir, &["--templates", templates.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains(&format!("templates/python/models.py.j2:{line}")),
        "the error names the template and line: {}",
        text(&out.stderr)
    );
    assert_eq!(
        differences(&outputs(&dir), &old),
        Vec::<String>::new(),
        "nothing is written when a stage fails"
    );

    // `--check` with the good templates names every page output as stale, and only those.
    let check = codegen_at(&dir, &["--check"]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check.stderr));
    let stale = reported(&check);
    let pages: Vec<PathBuf> = old
        .keys()
        .filter(|p| p.starts_with("site/docs/bulk") || *p == Path::new("site/docs/index.md"))
        .cloned()
        .collect();
    assert_eq!(pages.len(), 21);
    assert_eq!(stale, pages, "{}", text(&check.stderr));
    // With the broken templates, `--check` fails on the template, not on stale files.
    let check = codegen_at(
        &dir,
        &["--check", "--templates", templates.to_str().unwrap()],
    );
    assert_eq!(check.status.code(), Some(1));
    assert!(
        text(&check.stderr).contains("templates/python/models.py.j2"),
        "{}",
        text(&check.stderr)
    );
}

#[test]
fn a_file_in_the_way_fails_cleanly() {
    // An output path taken by a directory: the run fails naming it, other files intact.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("project");
    project(&dir, 0, "old");
    std::fs::create_dir_all(dir.join("bindings/typescript/index.d.ts/inside")).unwrap();
    let out = codegen_at(&dir, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("index.d.ts"),
        "{}",
        text(&out.stderr)
    );
    assert!(dir.join("bindings/typescript/index.d.ts/inside").is_dir());
    let left = outputs(&dir);
    assert!(
        temporaries(&left).is_empty(),
        "left {:?}",
        temporaries(&left)
    );
}
