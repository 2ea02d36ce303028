//! Hostile input to the `codegen` binary: every case ends with a clear error (exit 1 for
//! content, 2 for the invocation) or with correct output, within bounded time and memory.
//!
//! Each run is bounded in time (killed and failed past it) and in memory (`ulimit -v`), so a
//! hang or a blow-up fails the test instead of stalling CI. Projects are temporary copies
//! (`--root`); the checkout is never written.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

mod common;

use common::{BIN, copy_project_with};

/// Virtual memory per run (KiB): 2 GiB, for a debug build on a 50 MB page.
const MEMORY_KIB: u64 = 2 * 1024 * 1024;
/// Time per ordinary run.
const QUICK: Duration = Duration::from_secs(60);
/// Time for the huge inputs (debug build, loaded 2-core machine).
const SLOW: Duration = Duration::from_secs(240);

/// What a bounded run gave.
struct Run {
    out: Output,
    took: Duration,
}

impl Run {
    fn code(&self) -> Option<i32> {
        self.out.status.code()
    }
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.stdout).into_owned()
    }
    fn describe(&self) -> String {
        format!(
            "exit {:?} after {:?}\n--- stderr ---\n{}",
            self.code(),
            self.took,
            self.stderr().chars().take(4000).collect::<String>()
        )
    }
}

/// Runs the binary with `args` under a memory limit; fails the test past `bound`.
fn run(args: &[&str], bound: Duration) -> Run {
    let child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_KIB}; exec \"$0\" \"$@\""))
        .arg(BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let pid = child.id();
    let started = Instant::now();
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(child.wait_with_output());
    });
    match receive.recv_timeout(bound) {
        Ok(out) => Run {
            out: out.expect("the binary runs"),
            took: started.elapsed(),
        },
        Err(_) => {
            // The shell's own `kill`: no procps needed.
            let _ = Command::new("sh")
                .arg("-c")
                .arg(format!("kill -9 {pid}"))
                .status();
            panic!("codegen {args:?} did not finish within {bound:?}");
        }
    }
}

/// A temporary project: the real settings and pages.
fn project() -> tempfile::TempDir {
    copy_project_with(&["site/pages"])
}

fn root_arg(dir: &Path) -> String {
    dir.to_str().unwrap().to_owned()
}

/// The job on `dir` (writing).
fn job(dir: &Path, bound: Duration) -> Run {
    run(&["--root", &root_arg(dir)], bound)
}

fn pages(dir: &Path) -> PathBuf {
    dir.join("site/pages")
}

const TYPES: &[&str] = &[
    "dstack._internal.server.services.config.ProjectConfig",
    "dstack._internal.core.models.backends.aws.AWSAccessKeyCreds",
    "dstack._internal.core.models.backends.aws.AWSDefaultCreds",
    "dstack._internal.server.services.config.AWSConfig",
];

// ---- The command line ---------------------------------------------------------------------

#[test]
fn unknown_flags_and_values_are_usage_errors() {
    for args in [
        &["--bogus"][..],
        &["generate", "--bogus"],
        &["check", "--format", "xml"],
        &["expand", "--style", "fancy"],
        &["schema", "--nope"],
        &["frobnicate"],
    ] {
        let r = run(args, QUICK);
        assert_eq!(r.code(), Some(2), "{args:?}: {}", r.describe());
        assert!(r.stderr().contains("error:"), "{args:?}: {}", r.describe());
        assert!(r.stdout().is_empty(), "{args:?}: nothing on stdout");
    }
    let r = run(&["--help"], QUICK);
    assert_eq!(r.code(), Some(0), "{}", r.describe());
    assert!(
        r.stdout().contains("Exit codes"),
        "--help documents the exit codes"
    );
}

#[test]
fn a_root_without_settings_is_an_error_not_another_project() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(&["--root", &root_arg(dir.path()), "--check"], QUICK);
    assert_eq!(r.code(), Some(2), "{}", r.describe());
    assert!(
        r.stderr().contains("no codegen.toml found"),
        "{}",
        r.describe()
    );
    let missing = dir.path().join("does/not/exist");
    let r = run(&["--root", missing.to_str().unwrap()], QUICK);
    assert_eq!(r.code(), Some(2), "{}", r.describe());
    assert!(
        std::fs::read_dir(dir.path()).unwrap().next().is_none(),
        "nothing is written"
    );
}

#[test]
fn a_directory_where_a_file_belongs() {
    // codegen.toml is a directory.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("codegen.toml")).unwrap();
    let r = run(&["--root", &root_arg(dir.path())], QUICK);
    assert_eq!(r.code(), Some(2), "{}", r.describe());
    assert!(
        r.stderr().contains("codegen.toml is not a file"),
        "{}",
        r.describe()
    );

    // `--templates` names a file; `expand` and `check` are given a directory or nothing.
    let p = project();
    let root = root_arg(p.path());
    let toml = p.path().join("codegen.toml");
    let r = run(
        &["--root", &root, "--templates", toml.to_str().unwrap()],
        QUICK,
    );
    assert_eq!(r.code(), Some(2), "{}", r.describe());
    assert!(r.stderr().contains("not a directory"), "{}", r.describe());
    let r = run(
        &["--root", &root, "expand", p.path().to_str().unwrap()],
        QUICK,
    );
    assert_eq!(r.code(), Some(2), "{}", r.describe());
    assert!(r.stderr().contains("cannot read"), "{}", r.describe());
    let gone = p.path().join("gone.md");
    let r = run(&["--root", &root, "check", gone.to_str().unwrap()], QUICK);
    assert_eq!(r.code(), Some(2), "{}", r.describe());
    assert!(r.stderr().contains("gone.md"), "{}", r.describe());

    // `[docs] pages` names a file: a warning, and the rest of the job runs.
    let settings = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        settings.replace("pages = \"site/pages\"", "pages = \"codegen.toml\""),
    )
    .unwrap();
    let r = job(p.path(), QUICK);
    assert_eq!(r.code(), Some(0), "{}", r.describe());
    assert!(
        r.stderr().contains("is not a directory"),
        "{}",
        r.describe()
    );
    assert!(p.path().join("bindings/typescript/index.d.ts").is_file());
}

// ---- Unreadable pages ---------------------------------------------------------------------

#[test]
fn pages_that_cannot_be_read() {
    // A dangling symbolic link, a link to itself, a FIFO (a read would block forever) and a
    // link to a directory that contains it (an endless walk).
    type Make = fn(&Path);
    let cases: [(&str, Make, &str); 4] = [
        (
            "dangling link",
            |p| std::os::unix::fs::symlink("/nonexistent/page.md", p.join("gone.md")).unwrap(),
            "cannot read",
        ),
        (
            "link loop",
            |p| std::os::unix::fs::symlink("loop.md", p.join("loop.md")).unwrap(),
            "cannot read",
        ),
        (
            "FIFO",
            |p| {
                let status = Command::new("mkfifo")
                    .arg(p.join("pipe.md"))
                    .status()
                    .unwrap();
                assert!(status.success());
            },
            "not a regular file",
        ),
        (
            "link to an enclosing directory",
            |p| std::os::unix::fs::symlink("..", p.join("up")).unwrap(),
            "which contains it",
        ),
    ];
    for (name, make, expected) in cases {
        let p = project();
        make(&pages(p.path()));
        let r = job(p.path(), QUICK);
        assert_eq!(r.code(), Some(2), "{name}: {}", r.describe());
        assert!(r.stderr().contains(expected), "{name}: {}", r.describe());
        assert!(
            r.stderr().lines().count() <= 3,
            "{name}: one short error: {}",
            r.describe()
        );
        assert!(
            !p.path().join("site/docs").exists(),
            "{name}: nothing is written"
        );
    }

    // Permissions: refused unless the tests run as root, which reads anyway.
    let p = project();
    let page = pages(p.path()).join("secret.md");
    std::fs::write(&page, "# Secret\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&page, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read(&page).is_ok();
    let r = job(p.path(), QUICK);
    if readable {
        assert_eq!(r.code(), Some(0), "as root: {}", r.describe());
    } else {
        assert_eq!(r.code(), Some(2), "{}", r.describe());
        assert!(r.stderr().contains("cannot read") && r.stderr().contains("secret.md"));
    }
}

// ---- Encodings and line endings ----------------------------------------------------------

#[test]
fn invalid_utf8_is_located() {
    let p = project();
    std::fs::write(
        pages(p.path()).join("bad.md"),
        b"# Title\n\nab\xff\xfe cd\n",
    )
    .unwrap();
    let r = job(p.path(), QUICK);
    assert_eq!(r.code(), Some(1), "{}", r.describe());
    assert!(
        r.stderr()
            .contains("site/pages/bad.md:3:3: error: not valid UTF-8"),
        "{}",
        r.describe()
    );
    assert!(!p.path().join("site/docs").exists(), "nothing is written");
    // The same for one page given to `check` and `expand`, and on standard input.
    let bad = pages(p.path()).join("bad.md");
    for sub in ["check", "expand"] {
        let r = run(
            &["--root", &root_arg(p.path()), sub, bad.to_str().unwrap()],
            QUICK,
        );
        assert_eq!(r.code(), Some(1), "{sub}: {}", r.describe());
        assert!(
            r.stderr().contains("bad.md:3:3: error: not valid UTF-8"),
            "{sub}: {}",
            r.describe()
        );
    }
}

/// `expand` of `text` as a page file; returns (exit code, stdout, stderr).
fn expand(root: &Path, name: &str, text: &[u8]) -> Run {
    let page = root.join(name);
    std::fs::write(&page, text).unwrap();
    run(
        &["--root", &root_arg(root), "expand", page.to_str().unwrap()],
        QUICK,
    )
}

#[test]
fn a_byte_order_mark_hides_nothing() {
    let p = project();
    let page = format!("#SCHEMA# {}\n\n```yaml\nname: main\n```\n", TYPES[0]);
    let plain = expand(p.path(), "plain.md", page.as_bytes());
    assert_eq!(plain.code(), Some(0), "{}", plain.describe());
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(page.as_bytes());
    let marked = expand(p.path(), "bom.md", &bom);
    assert_eq!(marked.code(), Some(0), "{}", marked.describe());
    assert!(
        !plain.stdout().contains("#SCHEMA#"),
        "the directive is expanded"
    );
    assert_eq!(
        marked.stdout(),
        plain.stdout(),
        "the directive on the first line is expanded"
    );

    // A YAML block on the first line is checked.
    let example =
        b"\xef\xbb\xbf<!-- codegen: check ProjectConfig -->\n```yaml\nname: [\n```\n".to_vec();
    let file = p.path().join("bom-example.md");
    std::fs::write(&file, &example).unwrap();
    let r = run(
        &[
            "--root",
            &root_arg(p.path()),
            "check",
            file.to_str().unwrap(),
        ],
        QUICK,
    );
    assert_eq!(r.code(), Some(1), "{}", r.describe());
    assert!(r.stdout().contains("1 failed"), "{}", r.describe());

    // codegen.toml with a byte order mark.
    let toml = p.path().join("codegen.toml");
    let mut settings = b"\xef\xbb\xbf".to_vec();
    settings.extend(std::fs::read(&toml).unwrap());
    std::fs::write(&toml, settings).unwrap();
    let r = job(p.path(), QUICK);
    assert_eq!(r.code(), Some(0), "{}", r.describe());
}

#[test]
fn crlf_pages_expand_and_check_like_lf_pages() {
    let p = project();
    let lf =
        std::fs::read_to_string(pages(p.path()).join("reference/server/config.yml.md")).unwrap();
    let crlf = lf.replace('\n', "\r\n");
    let a = expand(p.path(), "lf.md", lf.as_bytes());
    let b = expand(p.path(), "crlf.md", crlf.as_bytes());
    assert_eq!(a.code(), Some(0), "{}", a.describe());
    assert_eq!(b.code(), Some(0), "{}", b.describe());
    assert!(!a.stdout().contains("#SCHEMA#"));
    assert_eq!(
        b.stdout(),
        a.stdout().replace('\n', "\r\n"),
        "CRLF in, the same page in CRLF out"
    );

    let check = |name: &str| {
        let file = p.path().join(name);
        run(
            &[
                "--root",
                &root_arg(p.path()),
                "check",
                file.to_str().unwrap(),
            ],
            QUICK,
        )
    };
    let (a, b) = (check("lf.md"), check("crlf.md"));
    assert_eq!(a.code(), Some(0), "{}", a.describe());
    assert_eq!(b.code(), Some(0), "{}", b.describe());
    let summary = |r: &Run| r.stdout().lines().last().unwrap_or("").to_owned();
    assert_eq!(summary(&b), summary(&a));
    assert!(summary(&a).contains("passed"), "{}", a.stdout());

    // A failing example is reported at the same line and column either way.
    let bad =
        "# T\n\n<!-- codegen: check ProjectConfig -->\n```yaml\nname: main\nbackends: 3\n```\n";
    std::fs::write(p.path().join("bad-lf.md"), bad).unwrap();
    std::fs::write(p.path().join("bad-crlf.md"), bad.replace('\n', "\r\n")).unwrap();
    let (a, b) = (check("bad-lf.md"), check("bad-crlf.md"));
    assert_eq!(a.code(), Some(1), "{}", a.describe());
    assert_eq!(b.code(), Some(1), "{}", b.describe());
    let located = |r: &Run, name: &str| {
        r.stdout()
            .lines()
            .find(|l| l.contains(": error:"))
            .map(|l| l.split(name).nth(1).unwrap_or("").to_owned())
            .unwrap_or_default()
    };
    assert!(
        located(&a, "bad-lf.md").starts_with(":6:"),
        "{}",
        a.stdout()
    );
    assert_eq!(located(&b, "bad-crlf.md"), located(&a, "bad-lf.md"));
}

// ---- Size ---------------------------------------------------------------------------------

#[test]
fn a_50_mb_page() {
    let p = project();
    let section = |i: usize| {
        format!(
            "## Section {i}\n\nProse with `inline code`, *emphasis*, a [link](#section-{i}) and a list:\n\n\
             - `#SCHEMA# not.a.Directive` in code\n- another item\n\n=== \"Tab {i}\"\n\n    Text inside a tab.\n\n\
             ```shell\n$ dstack server\n```\n\n"
        )
    };
    let mut page = String::with_capacity(51 << 20);
    let mut i = 0;
    while page.len() < 50 << 20 {
        page.push_str(&section(i));
        i += 1;
        if i == 1000 {
            page.push_str(&format!(
                "## Reference {{ #reference }}\n\n#SCHEMA# {}\n\n<!-- codegen: check ProjectConfig -->\n\
                 ```yaml\nname: main\nbackends: []\n```\n\n",
                TYPES[0]
            ));
        }
    }
    std::fs::write(pages(p.path()).join("big.md"), &page).unwrap();
    let r = job(p.path(), SLOW);
    assert_eq!(r.code(), Some(0), "{}", r.describe());
    let out = std::fs::read_to_string(p.path().join("site/docs/big.md")).unwrap();
    assert!(out.len() > page.len(), "the directive is expanded");
    assert!(!out.contains(&format!("#SCHEMA# {}", TYPES[0])));
    assert!(out.ends_with(&section(i - 1)), "the page is whole");
    eprintln!("50 MB page: {:?}", r.took);
}

#[test]
fn a_page_with_10000_directives() {
    let p = project();
    let mut page = String::new();
    for i in 0..10_000 {
        page.push_str(&format!(
            "## Section {i}\n\n#SCHEMA# {}\n    overrides:\n        show_root_heading: false\n\n",
            TYPES[i % TYPES.len()]
        ));
    }
    let one = expand(
        p.path(),
        "one.md",
        format!(
            "#SCHEMA# {}\n    overrides:\n        show_root_heading: false\n",
            TYPES[0]
        )
        .as_bytes(),
    );
    assert_eq!(one.code(), Some(0), "{}", one.describe());
    // A line of the expansion that carries no id (ids are made unique across the page).
    let first_line = one
        .stdout()
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with(['#', '<']) && !l.contains("{ #"))
        .expect("the expansion has a description line")
        .to_owned();

    let file = pages(p.path()).join("many.md");
    std::fs::write(&file, &page).unwrap();
    let r = run(
        &[
            "--root",
            &root_arg(p.path()),
            "expand",
            file.to_str().unwrap(),
        ],
        SLOW,
    );
    assert_eq!(r.code(), Some(0), "{}", r.describe());
    let out = r.stdout();
    assert!(!out.contains("#SCHEMA#"), "every directive is expanded");
    let count = out.lines().filter(|l| *l == first_line).count();
    assert_eq!(
        count, 2_500,
        "each ProjectConfig directive gives its text ({first_line:?})"
    );
    eprintln!("10,000 directives: {:?}", r.took);
}

// ---- Hostile YAML ------------------------------------------------------------------------

#[test]
fn yaml_nested_10000_levels() {
    let p = project();
    let n = 10_000;
    let flow = format!("projects: {}{}", "[".repeat(n), "]".repeat(n));
    let page = format!(
        "# Deep\n\n<!-- codegen: check ServerConfig -->\n```yaml\n{flow}\n```\n\n\
         #SCHEMA# {}\n    overrides:\n        type: {}{}\n",
        TYPES[3],
        "[".repeat(n),
        "]".repeat(n)
    );
    std::fs::write(pages(p.path()).join("deep.md"), &page).unwrap();
    let r = job(p.path(), QUICK);
    assert_eq!(r.code(), Some(1), "{}", r.describe());
    let err = r.stderr();
    assert!(
        err.contains("site/pages/deep.md:5:"),
        "the example, at its line: {err}"
    );
    assert!(err.contains("nested too deeply"), "{err}");
    assert!(
        err.contains("site/pages/deep.md:10:"),
        "the directive's options, at their line: {err}"
    );
    assert!(
        err.lines().count() < 20,
        "a few lines, not one per level: {err}"
    );

    // Deep block nesting (each level indented one more: 10,000 levels is a 50 MB example).
    let block: String = (0..3000)
        .map(|i| format!("{}- a:\n", "  ".repeat(i)))
        .collect();
    let page =
        format!("# Deep\n\n<!-- codegen: check ServerConfig -->\n```yaml\nprojects:\n{block}```\n");
    std::fs::write(pages(p.path()).join("deep.md"), &page).unwrap();
    let r = job(p.path(), QUICK);
    assert_eq!(r.code(), Some(1), "{}", r.describe());
    assert!(r.stderr().contains("nested too deeply"), "{}", r.describe());

    // Deep TOML in the settings.
    let toml = p.path().join("codegen.toml");
    std::fs::remove_file(pages(p.path()).join("deep.md")).unwrap();
    let mut settings = std::fs::read_to_string(&toml).unwrap();
    settings = format!("x = {}{}\n{settings}", "[".repeat(n), "]".repeat(n));
    std::fs::write(&toml, settings).unwrap();
    let r = job(p.path(), QUICK);
    assert_eq!(r.code(), Some(1), "{}", r.describe());
    assert!(
        r.stderr().starts_with("codegen.toml:1:"),
        "{}",
        r.describe()
    );
}

#[test]
fn yaml_alias_bomb() {
    // Nine levels of nine aliases: 387 million strings once expanded.
    let mut yaml = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut previous = 'a';
    for name in "bcdefghi".chars() {
        let refs = vec![format!("*{previous}"); 9].join(",");
        yaml.push_str(&format!("{name}: &{name} [{refs}]\n"));
        previous = name;
    }
    let p = project();
    let page = format!(
        "# Bomb\n\n<!-- codegen: check ServerConfig -->\n```yaml\n{yaml}projects: []\n```\n"
    );
    std::fs::write(pages(p.path()).join("bomb.md"), page).unwrap();
    let r = job(p.path(), QUICK);
    assert_eq!(r.code(), Some(1), "{}", r.describe());
    assert!(
        r.stderr()
            .contains("too large once its aliases are expanded"),
        "{}",
        r.describe()
    );
    assert!(
        r.stderr().contains("site/pages/bomb.md:"),
        "{}",
        r.describe()
    );
}
