//! dstack's model: the configuration of the Kubernetes clusters backend, a crate of its own so that an
//! edit of it recompiles it and the server configuration's root (`schema-server`), not the
//! other backends. `schema` re-exports it as `schema::kubernetes`, the path every output names.

/// The strict YAML loader every type here loads through; its macros are in scope.
#[macro_use]
extern crate confspec_load;

pub mod kubernetes;

/// Every type of this crate for confspec (the table `build.rs` writes, named as `schema`
/// re-exports them), each with its schema and loading functions compiled in this crate.
#[cfg(feature = "registry")]
pub fn registry() -> confspec::registry::Registry {
    confspec::types!()
}
