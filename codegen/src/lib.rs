//! This workspace's confspec tool: dstack's model (the `schema` crate), registered by
//! `build.rs`, and the settings types of `codegen.toml` (confspec's own), for the `codegen`
//! binary and for the tests and benchmarks that run the whole job on them. Everything generic
//! is the `confspec` library; nothing here but the registration.

use std::sync::OnceLock;

use confspec::registry::Registry;

/// dstack's model (the table `build.rs` writes with `confspec_build`, as any project's binary
/// includes its own with [`confspec::types!`]), then the settings types that document
/// `codegen.toml` itself.
pub fn registry() -> Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    *REGISTRY.get_or_init(|| confspec::types!().with(confspec::config::settings_types()))
}
