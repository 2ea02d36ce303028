//! Replays the committed fuzz corpus (`fuzz/corpus/TARGET/*`) through the same functions the
//! fuzz targets call (`fuzz/harness.rs`), so every input the fuzzers found interesting stays a
//! regression test without a fuzzer build. Each input must finish within a per-input bound.
//!
//! Longer fuzzing runs: `scripts/fuzz.sh TARGET SECONDS`.

#[path = "../../fuzz/harness.rs"]
mod harness;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Generous: a debug build on a loaded 2-core machine. The slowest seed (the 23 KB reference
/// page, expanded twice in two styles) takes well under a second.
const PER_INPUT: Duration = Duration::from_secs(30);

fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(
        files.len() >= 5,
        "{}: the seed corpus is missing ({} files)",
        dir.display(),
        files.len()
    );
    files
}

fn replay(target: &str, run: fn(&[u8])) {
    let mut failures = Vec::new();
    let mut slowest = (Duration::ZERO, PathBuf::new());
    for file in corpus(target) {
        let data = std::fs::read(&file).expect("a corpus file reads");
        let started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| run(&data)));
        let took = started.elapsed();
        if took > slowest.0 {
            slowest = (took, file.clone());
        }
        if let Err(panic) = outcome {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            failures.push(format!("{}: panicked: {message}", file.display()));
        } else if took > PER_INPUT {
            failures.push(format!(
                "{}: took {took:?} (bound {PER_INPUT:?})",
                file.display()
            ));
        }
    }
    eprintln!(
        "{target}: slowest input {} in {:?}",
        slowest.1.display(),
        slowest.0
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn markdown_scan_corpus() {
    replay("markdown_scan", harness::markdown_scan);
}

#[test]
fn pages_expand_corpus() {
    replay("pages_expand", harness::pages_expand);
}

#[test]
fn examples_check_corpus() {
    replay("examples_check", harness::examples_check);
}

#[test]
fn yaml_load_corpus() {
    replay("yaml_load", harness::yaml_load);
}

// ---- Scaling: work grows linearly with the page -------------------------------------------
//
// Each pattern builds a page of n and of 4n repetitions and times the page reader, directive
// expansion (both styles) and the examples check on it (the fastest of two runs). Linear work
// takes about 4 times as long on the larger page, quadratic work 16 times; the bound (10) leaves
// room for a loaded machine without letting quadratic work pass. Each page must also finish
// within a generous absolute bound.

use confspec::docs::examples::Checker;
use confspec::docs::markdown;
use confspec::docs::pages::Expander;

const SMALL: usize = 400;
const RATIO: f64 = 10.0;
const PAGE_BOUND: Duration = Duration::from_secs(120);

/// The time to read, expand and check `page` (fastest of two runs).
fn work(page: &str) -> Duration {
    let ctx = harness::context();
    let expanders: Vec<Expander<'_>> = ["default", "compat"]
        .iter()
        .map(|style| Expander::new(ctx, Some(style)).expect("the style loads"))
        .collect();
    let mut checker = Checker::new(ctx).expect("the checker loads");
    let mut best = Duration::MAX;
    for _ in 0..2 {
        let started = Instant::now();
        let scan = markdown::scan(page);
        std::hint::black_box(&scan);
        for expander in &expanders {
            std::hint::black_box(expander.expand(Path::new("site/pages/scale.md"), page));
        }
        std::hint::black_box(checker.check_page(Path::new("site/pages/scale.md"), None, page));
        best = best.min(started.elapsed());
    }
    best
}

fn assert_linear(pattern: &str, page: impl Fn(usize) -> String) {
    let small = page(SMALL);
    let large = page(4 * SMALL);
    let (t_small, t_large) = (work(&small), work(&large));
    let ratio = t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-6);
    eprintln!(
        "{pattern}: {} bytes in {t_small:?}, {} bytes in {t_large:?} (x{ratio:.1})",
        small.len(),
        large.len()
    );
    assert!(
        t_large < PAGE_BOUND,
        "{pattern}: {t_large:?} for {} bytes",
        large.len()
    );
    assert!(
        ratio < RATIO,
        "{pattern}: 4 times the page took {ratio:.1} times as long ({t_small:?} -> {t_large:?}): \
         the work is not linear"
    );
}

const TYPE: &str = "dstack._internal.core.models.backends.aws.AWSDefaultCreds";

#[test]
fn scaling_directives_under_their_own_headings() {
    assert_linear("directives under headings", |n| {
        (0..n)
            .map(|i| format!("## Section {i}\n\n#SCHEMA# {TYPE}\n\n"))
            .collect()
    });
}

#[test]
fn scaling_directives_of_one_type_without_headings() {
    // Every root heading and item wants the same id: `-2`, `-3`... must not be searched from 2.
    assert_linear("one type, no headings", |n| {
        (0..n).map(|_| format!("#SCHEMA# {TYPE}\n")).collect()
    });
}

#[test]
fn scaling_headings_with_one_text() {
    // mkdocs' toc makes `same`, `same_1`, `same_2`... must not be searched from `_1`.
    assert_linear("headings with one text", |n| {
        (0..n)
            .map(|_| format!("## Same\n\n#SCHEMA# {TYPE}\n\n"))
            .collect()
    });
}

#[test]
fn scaling_directives_in_one_paragraph_with_code() {
    // Whether a directive line is inside a code span must not re-read the paragraph each time.
    assert_linear("one paragraph with code", |n| {
        let mut page = String::from("Some `code` first\n");
        for _ in 0..n {
            page.push_str(&format!("#SCHEMA# {TYPE}\n"));
        }
        page
    });
}

#[test]
fn scaling_duplicate_ids_and_directives() {
    assert_linear("duplicate ids", |n| {
        (0..n)
            .map(|i| format!("text {{ #d{i} }}\n\ntext {{ #d{i} }}\n\n#SCHEMA# {TYPE}\n\n"))
            .collect()
    });
}

#[test]
fn scaling_unclosed_divs_and_fences() {
    // Each fence looks for the innermost `editor-title`; unclosed divs must not make that
    // a walk over every div above.
    assert_linear("unclosed divs", |n| {
        (0..4 * n)
            .map(|_| "<div>\n\n```yaml\na: 1\n```\n\n")
            .collect()
    });
}

#[test]
fn scaling_long_labels_and_many_fences() {
    // A long tab label (and editor title) must not be copied once per fence below it.
    assert_linear("long labels", |n| {
        let mut page = format!(
            "=== \"{}\"\n\n    <div editor-title=\"{}\">\n\n",
            "x".repeat(200 * n),
            "y".repeat(200 * n)
        );
        for _ in 0..n {
            page.push_str("    ```yaml\n    a: 1\n    ```\n\n");
        }
        page
    });
}
