//! dstack's server configuration, `~/.dstack/server/config.yml` ([`ServerConfig`]): its projects
//! and the union of backends. Each backend's configuration is a crate of its own
//! (`schema-aws`...), re-exported here as a module (`schema_server::aws`), as dstack keeps one
//! module per backend.
//!
//! A crate of the model (re-exported by `schema`, whose paths every output names), apart from
//! `.dstack.yml`'s (`schema-configurations`) and from each backend's, so that an edit recompiles
//! its own crate and the few that use it. With the `registry` feature, [`registry`] holds the
//! backends' types and its own, each compiled in the crate that defines it.

/// The strict YAML loader every type here loads through; its macros (`tag_literal!`,
/// `tagged_union!`, `no_rules!`...) are in scope in every module.
#[macro_use]
extern crate confspec_load;

pub mod files;
pub mod server;

// One crate per backend (`schema-aws`...), as dstack keeps one module per backend.
pub use schema_aws::aws;
pub use schema_azure::azure;
pub use schema_cudo::cudo;
pub use schema_datacrunch::datacrunch;
pub use schema_dstack::dstack;
pub use schema_gcp::gcp;
pub use schema_kubernetes::kubernetes;
pub use schema_lambda::lambda;
pub use schema_nebius::nebius;
pub use schema_oci::oci;
pub use schema_runpod::runpod;
pub use schema_tensordock::tensordock;
pub use schema_vastai::vastai;

pub use server::{BackendConfig, ProjectConfig, ServerConfig};

/// Every type of the server configuration for confspec: each backend crate's, then this crate's
/// (the table `build.rs` writes, named as `schema` re-exports them).
#[cfg(feature = "registry")]
pub fn registry() -> confspec::registry::Registry {
    confspec::registry::Registry::join([
        schema_aws::registry(),
        schema_azure::registry(),
        schema_cudo::registry(),
        schema_datacrunch::registry(),
        schema_dstack::registry(),
        schema_gcp::registry(),
        schema_kubernetes::registry(),
        schema_lambda::registry(),
        schema_nebius::registry(),
        schema_oci::registry(),
        schema_runpod::registry(),
        schema_tensordock::registry(),
        schema_vastai::registry(),
        confspec::types!(),
    ])
}
