//! The dstack server configuration model (`~/.dstack/server/config.yml`).
//!
//! The types here are the single source of truth: their serde attributes define the YAML format,
//! their schemars derives and doc comments define the JSON Schema, the reference documentation and
//! the generated bindings. Nothing in this crate knows about code generation.
//!
//! Layout: one module per backend (as dstack keeps one module per backend), [`server`] for the root
//! types, [`load`] for strict loading with YAML paths and positions, [`validate`] for the
//! cross-field rules, and [`files`] for the explicit load-time step that reads files named by
//! `filename` fields.
//!
//! ```
//! let config = schema::load::from_str::<schema::ServerConfig>(
//!     "projects:\n- name: main\n  backends:\n  - type: dstack\n",
//! ).unwrap();
//! assert_eq!(config.projects[0].name, "main");
//! ```

#[macro_use]
mod macros;
#[macro_use]
mod groups;

pub mod aws;
pub mod azure;
pub mod backends;
pub mod common;
pub mod configurations;
pub mod cudo;
pub mod datacrunch;
pub mod deprecated;
pub mod dstack;
pub mod files;
pub mod fleets;
pub mod gateways;
pub mod gcp;
pub mod instances;
pub mod kubernetes;
pub mod lambda;
pub mod load;
pub mod nebius;
pub mod oci;
pub mod profiles;
pub mod resources;
pub mod runpod;
pub mod server;
mod shorthand;
pub mod tagged;
pub mod tensordock;
pub mod validate;
pub mod vastai;
pub mod volumes;

pub use configurations::DstackConfiguration;
pub use profiles::ProfilesConfig;
pub use server::{BackendConfig, ProjectConfig, ServerConfig};
