//! The dstack fixture corpus of `schema/tests/fixtures/` (format: `fixtures/README.md`), read
//! with the loader's fixture harness (`confspec-load/tests/common/fixtures.rs`).
//!
//! Shared by the schema crate's tests and codegen's schema agreement test (which includes this
//! file with `#[path]`).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

#[path = "../../../confspec-load/tests/common/fixtures.rs"]
mod harness;

pub use harness::*;

/// The fixture directory.
pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../schema/tests/fixtures")
        .canonicalize()
        .expect("schema/tests/fixtures exists")
}

/// The corpus of `.dstack.yml` and `profiles.yml` fixtures (same format; `# root:` names the
/// model type, `DstackConfiguration` when absent).
pub fn dstack_dir() -> PathBuf {
    dir().join("dstack")
}

/// The root type of a fixture of [`dstack_dir`] without a `# root:` line.
pub const DSTACK_DEFAULT_ROOT: &str = "DstackConfiguration";

/// Reads every fixture of `good/` and `bad/`, sorted by name; panics on a malformed header.
pub fn all() -> Vec<Fixture> {
    all_in(&dir())
}
