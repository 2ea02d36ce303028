//! dstack's YAML surface as Rust types: the server configuration (`~/.dstack/server/config.yml`,
//! [`ServerConfig`]), the `.dstack.yml` configurations of every kind ([`DstackConfiguration`]) and
//! `~/.dstack/profiles.yml` ([`ProfilesConfig`]), as dstack 0.18.7 reads them.
//!
//! The types here are the single source of truth: their serde attributes define the YAML format,
//! their schemars derives and doc comments define the JSON Schema, the reference documentation and
//! the generated bindings. Nothing in this crate knows about code generation.
//!
//! Layout: one module per backend and per kind of configuration (as dstack keeps them),
//! [`server`] for the server configuration's root types, [`configurations`] for `.dstack.yml`,
//! [`profiles`] for `profiles.yml`, and [`files`] for the explicit load-time step that reads
//! files named by `filename` fields. Loading goes through the generic strict loader,
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

/// The strict YAML loader every type of this crate loads through (`confspec-load`, the
/// dependency named `load` in `Cargo.toml`, which the modules name so); its macros
/// (`tag_literal!`, `tagged_union!`, `no_rules!`...) are in scope in every module, and the
/// tables `build.rs` writes name it `::confspec_load`.
#[macro_use]
extern crate load as confspec_load;

pub mod load;

#[macro_use]
mod macros;
#[macro_use]
mod groups;

// One module per backend and per kind of configuration, as dstack keeps them.
pub mod aws;
pub mod azure;
pub mod backends;
pub mod common;
pub mod configurations;
pub mod cudo;
pub mod datacrunch;
pub mod dstack;
pub mod files;
pub mod fleets;
pub mod gateways;
pub mod gcp;
pub mod instances;
pub mod kubernetes;
pub mod lambda;
pub mod nebius;
pub mod oci;
pub mod profiles;
pub mod resources;
mod rules;
pub mod runpod;
pub mod server;
pub mod tensordock;
pub mod vastai;
pub mod volumes;

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
