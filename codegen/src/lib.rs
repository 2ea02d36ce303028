//! This workspace's confspec tool: dstack's model (the `schema` crate), registered by
//! `build.rs`, for the `codegen` binary and for the tests and benchmarks that run the whole job
//! on it. Everything generic is the `confspec` library; nothing here but the registration.

/// dstack's model: the table `build.rs` writes with `confspec_build`, as any project's binary
/// includes its own with [`confspec::types!`].
pub fn registry() -> confspec::registry::Registry {
    confspec::types!()
}
