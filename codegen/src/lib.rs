//! This workspace's confspec tool: dstack's model (the `schema-server` and
//! `schema-configurations` crates, each registering its own types with its `registry` feature)
//! and the settings types of `codegen.toml` (confspec's own), for the `codegen` binary and for
//! the tests and benchmarks that run the whole job on them. Everything generic is the `confspec`
//! library; nothing here but the registration.

use std::sync::OnceLock;

use confspec::registry::Registry;

/// dstack's model (the tables each model crate's `build.rs` writes with `confspec_build`, its
/// types' schema and loading functions compiled in that crate, so that an edit of one model
/// crate recompiles no other), then the settings types that document `codegen.toml` itself.
pub fn registry() -> Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    *REGISTRY.get_or_init(|| {
        let this = Registry {
            built_in: Some(env!("CARGO_MANIFEST_DIR")),
            ..Registry::default()
        };
        Registry::join([
            this,
            schema_server::registry(),
            schema_configurations::registry(),
            confspec::config::settings_types(),
        ])
    })
}

/// The Rust examples of the guide's page on loading configs (`site/pages/guide/loading.md`),
/// run as doctests so that the page says what the loader does.
#[doc = include_str!("../../site/pages/guide/loading.md")]
#[cfg(doctest)]
pub struct LoadingGuide;
