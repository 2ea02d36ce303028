//! dstack's YAML surface as Rust types: the server configuration (`~/.dstack/server/config.yml`,
//! [`ServerConfig`]), the `.dstack.yml` configurations of every kind ([`DstackConfiguration`]) and
//! `~/.dstack/profiles.yml` ([`ProfilesConfig`]), as dstack 0.18.7 reads them.
//!
//! The types here are the single source of truth: their serde attributes define the YAML format,
//! their schemars derives and doc comments define the JSON Schema, the reference documentation and
//! the generated bindings. Nothing here knows about code generation.
//!
//! Layout: one module per backend and per kind of configuration (as dstack keeps them),
//! [`server`] for the server configuration's root types, [`configurations`] for `.dstack.yml`,
//! [`profiles`] for `profiles.yml`, and [`files`] for the explicit load-time step that reads
//! files named by `filename` fields. The modules live in crates this one re-exports:
//! `schema-server` (the server configuration), one crate per backend (`schema-aws`...), and
//! `schema-configurations` (`.dstack.yml`, `profiles.yml` and what they share), so that an edit
//! rebuilds its own crate and the few that use it; their paths are this crate's. Loading goes through the generic strict loader,
//! `confspec-load`, with dstack's settings: [`load`] has its entry points, which check the
//! model's cross-field rules and refuse what dstack's YAML 1.1 reader reads otherwise;
//! [`load_with_warnings`] also reports the deprecated keys a document uses.
//!
//! ```
//! let config = schema::load::from_str::<schema::ServerConfig>(
//!     "projects:\n- name: main\n  backends:\n  - type: dstack\n",
//! ).unwrap();
//! assert_eq!(config.projects[0].name, "main");
//! ```

pub mod load;

pub use schema_configurations::{
    backends, common, configurations, fleets, gateways, instances, profiles, resources, volumes,
};
pub use schema_server::{
    aws, azure, cudo, datacrunch, dstack, files, gcp, kubernetes, lambda, nebius, oci, runpod,
    server, tensordock, vastai,
};

pub use configurations::DstackConfiguration;
pub use profiles::ProfilesConfig;
pub use server::{BackendConfig, ProjectConfig, ServerConfig};

/// Every deprecated field of the model, with what replaces it (the notes of its
/// `#[deprecated]` attributes, listed by `build.rs`).
pub static DEPRECATED_FIELDS: &[load::DeprecatedField] =
    include!(concat!(env!("OUT_DIR"), "/confspec_deprecated_fields.rs"));

/// Loads a dstack document as [`load::from_str`] does (rules checked, dstack's YAML 1.1
/// guard on), and returns it with one warning per deprecated key it uses (at the key, saying
/// what replaces it).
///
/// ```
/// let (profiles, warnings) = schema::load_with_warnings::<schema::ProfilesConfig>(
///     "profiles:\n- name: large\n  retry_policy:\n    retry: true\n",
/// ).unwrap();
/// assert_eq!(profiles.profiles.len(), 1);
/// assert_eq!(warnings[0].path, "profiles[0].retry_policy");
/// ```
pub fn load_with_warnings<T: serde::de::DeserializeOwned + load::Validate>(
    text: &str,
) -> Result<(T, Vec<load::Warning>), Vec<load::LoadError>> {
    load::loader().from_str_with_warnings(text, DEPRECATED_FIELDS)
}
