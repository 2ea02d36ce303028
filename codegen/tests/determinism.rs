//! Determinism: the whole job gives the same bytes run after run (each run has its own hash
//! seeds), from another working directory and locale, and whatever order the directories list
//! their files in (pages and templates created in opposite orders in two copies).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;

use common::{BIN, text, workspace};

/// Every file under `dir` with its bytes, by relative path.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.insert(
                    path.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The paths at which two trees differ.
fn differences(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<String> {
    let mut out: Vec<String> = a
        .iter()
        .filter(|(p, bytes)| b.get(*p) != Some(*bytes))
        .map(|(p, _)| p.display().to_string())
        .collect();
    out.extend(
        b.keys()
            .filter(|p| !a.contains_key(*p))
            .map(|p| p.display().to_string()),
    );
    out
}

/// The pages of the project plus more of them, in nested directories, with directives of
/// many types (so that any order dependence has room to show).
fn page_files() -> Vec<(PathBuf, Vec<u8>)> {
    let pages = workspace().join("site/pages");
    let mut files: Vec<(PathBuf, Vec<u8>)> = tree(&pages).into_iter().collect();
    let reference = std::fs::read(pages.join("reference/server/config.yml.md")).unwrap();
    for i in 0..12 {
        let dir = format!("extra/d{}/e{}", i % 3, i % 2);
        files.push((
            PathBuf::from(format!("{dir}/page-{i:02}.md")),
            reference.clone(),
        ));
        files.push((
            PathBuf::from(format!("{dir}/asset-{i:02}.txt")),
            format!("asset {i}\n").into_bytes(),
        ));
    }
    files
}

/// A project whose pages are created in the given order.
fn project(dir: &Path, files: &[(PathBuf, Vec<u8>)]) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::copy(workspace().join("codegen.toml"), dir.join("codegen.toml")).unwrap();
    for (rel, bytes) in files {
        let path = dir.join("site/pages").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// The templates, written in the given order into `dir` (the same text as the built-in ones).
fn templates(dir: &Path, reverse: bool) {
    let mut files: Vec<(PathBuf, Vec<u8>)> =
        tree(&workspace().join("templates")).into_iter().collect();
    if reverse {
        files.reverse();
    }
    for (rel, bytes) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

fn run(root: &Path, cwd: &Path, extra: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(BIN);
    command.arg("--root").arg(root).args(extra).current_dir(cwd);
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("codegen runs")
}

/// The order `read_dir` lists a directory in.
fn listing(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn the_same_bytes_whatever_the_order_run_or_environment() {
    let tmp = tempfile::tempdir().unwrap();
    // The second copy on tmpfs when there is one: it lists a directory newest first, where
    // ext4 lists by name hash, so the two copies list their pages in different orders.
    let shm = Path::new("/dev/shm");
    let other = if shm.is_dir() {
        tempfile::tempdir_in(shm).unwrap()
    } else {
        tempfile::tempdir().unwrap()
    };
    let files = page_files();
    let mut reversed = files.clone();
    reversed.reverse();
    let (a, b) = (tmp.path().join("a"), other.path().join("b"));
    project(&a, &files);
    project(&b, &reversed);
    let (ta, tb) = (
        tmp.path().join("templates-a"),
        tmp.path().join("templates-b"),
    );
    templates(&ta, false);
    templates(&tb, true);
    let dirs = ["", "extra", "extra/d0/e0", "extra/d1/e1"];
    let orders: Vec<(Vec<String>, Vec<String>)> = dirs
        .iter()
        .map(|d| {
            (
                listing(&a.join("site/pages").join(d)),
                listing(&b.join("site/pages").join(d)),
            )
        })
        .collect();
    eprintln!("listing orders: {orders:?}");
    let differ = orders.iter().any(|(x, y)| x != y);
    if shm.is_dir() {
        assert!(
            differ,
            "the two copies must list their pages in different orders"
        );
    }

    // Copy a: built-in templates, twice. Copy b: templates from a directory, from elsewhere,
    // in another locale and time zone.
    let out = run(&a, tmp.path(), &[], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let first = tree(&a);
    let out = run(&a, &a, &["-v"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains(" 0 written"),
        "a second run writes nothing: {}",
        text(&out.stderr)
    );
    assert_eq!(
        differences(&first, &tree(&a)),
        Vec::<String>::new(),
        "run twice"
    );

    let env = [
        ("LC_ALL", "tr_TR.UTF-8"),
        ("LANG", "tr_TR.UTF-8"),
        ("TZ", "Pacific/Chatham"),
    ];
    let out = run(
        &b,
        &workspace(),
        &["--templates", tb.to_str().unwrap()],
        &env,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        differences(&first, &tree(&b)),
        Vec::<String>::new(),
        "pages and templates created in the opposite order, another directory and locale"
    );
    let out = run(
        &b,
        &b,
        &["--check", "--templates", ta.to_str().unwrap()],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));

    // `--check` in a, and the single-page commands, agree byte for byte too.
    let page = a.join("site/pages/reference/server/config.yml.md");
    let expand = |root: &Path| run(root, root, &["expand", page.to_str().unwrap()], &[]).stdout;
    assert_eq!(expand(&a), expand(&b));
    let check = |root: &Path| run(root, root, &["check", "--format", "json"], &[]).stdout;
    let (ca, cb) = (check(&a), check(&b));
    assert!(!ca.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&ca),
        String::from_utf8_lossy(&cb).replace(b.to_str().unwrap(), a.to_str().unwrap())
    );
}
