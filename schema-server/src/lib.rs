//! dstack's server configuration, `~/.dstack/server/config.yml` ([`ServerConfig`]): its projects
//! and the configuration of each backend, one module per backend as dstack keeps them.
//!
//! A crate of the model (re-exported by `schema`, whose paths every output names: `schema::aws`
//! is this crate's `aws`), apart from `.dstack.yml`'s (`schema-configurations`) so that an edit
//! of one recompiles neither the other nor what only the other needs. With the `registry`
//! feature, [`registry`] holds its types with their schema and loading functions, compiled here.

/// The strict YAML loader every type here loads through; its macros (`tag_literal!`,
/// `tagged_union!`, `no_rules!`...) are in scope in every module.
#[macro_use]
extern crate confspec_load;

pub mod aws;
pub mod azure;
pub mod cudo;
pub mod datacrunch;
pub mod dstack;
pub mod files;
pub mod gcp;
pub mod kubernetes;
pub mod lambda;
pub mod nebius;
pub mod oci;
pub mod runpod;
pub mod server;
pub mod tensordock;
pub mod vastai;

pub use server::{BackendConfig, ProjectConfig, ServerConfig};

/// Every type of this crate for confspec (the table `build.rs` writes, named as `schema` re-exports
/// them), each with its schema and loading functions compiled in this crate.
#[cfg(feature = "registry")]
pub fn registry() -> confspec::registry::Registry {
    confspec::types!()
}
