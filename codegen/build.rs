//! Registers dstack's model: every public type of the `schema` crate that derives `JsonSchema`,
//! with its Rust path, source file and line, and monomorphised entry points for schema
//! generation and loading (`confspec_build`), as any project's build.rs registers its own. A
//! new model type needs no hand registration.

fn main() {
    confspec_build::Scan::new("../schema/src")
        .crate_name("schema")
        .files_relative_to("..")
        .write();
}
