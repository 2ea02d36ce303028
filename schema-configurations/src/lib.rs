//! dstack's `.dstack.yml` configurations of every kind ([`DstackConfiguration`]) and
//! `~/.dstack/profiles.yml` ([`ProfilesConfig`]), with the types they share (resources, common
//! values, the names of backends).
//!
//! A crate of the model (re-exported by `schema`, whose paths every output names), apart from
//! the server configuration's (`schema-server`) so that an edit of one recompiles neither the
//! other nor what only the other needs. With the `registry` feature, [`registry`] holds its types
//! with their schema and loading functions, compiled here.

/// The strict YAML loader every type here loads through; its macros (`tag_literal!`,
/// `tagged_union!`, `no_rules!`...) are in scope in every module.
#[macro_use]
extern crate confspec_load;

#[macro_use]
mod macros;
#[macro_use]
mod groups;

pub mod backends;
pub mod common;
pub mod configurations;
pub mod fleets;
pub mod gateways;
pub mod instances;
pub mod profiles;
pub mod resources;
mod rules;
pub mod volumes;

pub use configurations::DstackConfiguration;
pub use profiles::ProfilesConfig;

/// Every type of this crate for confspec (the table `build.rs` writes, named as `schema` re-exports
/// them), each with its schema and loading functions compiled in this crate.
#[cfg(feature = "registry")]
pub fn registry() -> confspec::registry::Registry {
    confspec::types!()
}
