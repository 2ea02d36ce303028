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
//! With the default feature `model` off, the crate is only the generic runtime that codegen's
//! library and any model it loads use: [`load`], [`validate`] and [`tagged`].
//!
//! ```
//! # #[cfg(feature = "model")] {
//! let config = schema::load::from_str::<schema::ServerConfig>(
//!     "projects:\n- name: main\n  backends:\n  - type: dstack\n",
//! ).unwrap();
//! assert_eq!(config.projects[0].name, "main");
//! # }
//! ```

#[macro_use]
#[cfg_attr(not(feature = "model"), allow(unused_macros, dead_code))]
mod macros;
#[macro_use]
#[cfg_attr(not(feature = "model"), allow(unused_macros, dead_code))]
mod groups;

// The dstack model's modules, with the feature `model` (declared one by one, not by a macro,
// so that rustfmt finds their files).
#[cfg(feature = "model")]
pub mod aws;
#[cfg(feature = "model")]
pub mod azure;
#[cfg(feature = "model")]
pub mod backends;
#[cfg(feature = "model")]
pub mod common;
#[cfg(feature = "model")]
pub mod configurations;
#[cfg(feature = "model")]
pub mod cudo;
#[cfg(feature = "model")]
pub mod datacrunch;
pub mod deprecated;
#[cfg(feature = "model")]
pub mod dstack;
#[cfg(feature = "model")]
pub mod files;
#[cfg(feature = "model")]
pub mod fleets;
#[cfg(feature = "model")]
pub mod gateways;
#[cfg(feature = "model")]
pub mod gcp;
#[cfg(feature = "model")]
pub mod instances;
#[cfg(feature = "model")]
pub mod kubernetes;
#[cfg(feature = "model")]
pub mod lambda;
pub mod load;
#[cfg(feature = "model")]
pub mod nebius;
#[cfg(feature = "model")]
pub mod oci;
#[cfg(feature = "model")]
pub mod profiles;
#[cfg(feature = "model")]
pub mod resources;
#[cfg(feature = "model")]
pub mod runpod;
#[cfg(feature = "model")]
pub mod server;
#[cfg(feature = "model")]
mod shorthand;
pub mod tagged;
#[cfg(feature = "model")]
pub mod tensordock;
pub mod validate;
#[cfg(feature = "model")]
pub mod vastai;
#[cfg(feature = "model")]
pub mod volumes;

#[cfg(feature = "model")]
pub use configurations::DstackConfiguration;
#[cfg(feature = "model")]
pub use profiles::ProfilesConfig;
#[cfg(feature = "model")]
pub use server::{BackendConfig, ProjectConfig, ServerConfig};
