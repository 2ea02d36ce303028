//! Lists the model's deprecated fields with their notes (schemars keeps only `"deprecated":
//! true`), so that [`load_with_warnings`](src/lib.rs) can say what replaces each one: those of
//! every model crate this crate re-exports (the workspace's `schema-*` crates).

use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let workspace = manifest.parent().expect("the crate is in the workspace");
    // A model crate added or removed changes the workspace directory.
    println!("cargo:rerun-if-changed={}", workspace.display());
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(workspace)
        .expect("the workspace is readable")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("schema-"))
                && path.join("src").is_dir()
        })
        .map(|path| {
            Path::new("..")
                .join(path.file_name().expect("a name"))
                .join("src")
        })
        .collect();
    dirs.sort();
    let dirs: Vec<&Path> = dirs.iter().map(PathBuf::as_path).collect();
    confspec_build::write_deprecated_fields_of(&dirs);
}
