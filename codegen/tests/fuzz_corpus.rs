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
            failures.push(format!("{}: took {took:?} (bound {PER_INPUT:?})", file.display()));
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
