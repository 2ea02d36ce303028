//! Registers the crate's types for confspec (`registry()`, with the `registry` feature): every
//! public type deriving `JsonSchema`, named by the `schema` crate that re-exports its modules,
//! its source file named from the workspace root, where `codegen.toml` is.

fn main() {
    confspec_build::Scan::new("src")
        .crate_name("schema")
        .in_own_crate()
        .files_relative_to("..")
        .write();
}
