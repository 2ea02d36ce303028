//! `confspec`: Rust model types in, JSON Schema, reference pages, TypeScript and Python bindings
//! out, and every YAML example of the docs checked against the model.
//!
//! The job is a pipeline, read top to bottom:
//! [`registry`] (every model type, found at build time) → [`ir`] (the intermediate model, built
//! from schemars' schemas) → [`emit`] (one module per output) and [`docs`] (pages: directives and
//! examples) → [`output`] (atomic writes and `--check`). [`job`] runs it; [`cli`] is the command
//! line; [`diff`] compares the model's schemas with earlier ones (`codegen diff`).
//!
//! confspec knows no model of its own. A project's `build.rs` registers its model types with
//! `confspec_build::scan`, and the project's binary runs the whole command line on them:
//!
//! ```ignore
//! fn main() {
//!     std::process::exit(confspec::run(confspec::types!()));
//! }
//! ```

// The generated registry tables name `::confspec`, also inside this crate (the settings types,
// [`config::settings_types`]).
extern crate self as confspec;

pub mod cli;
pub mod command_line;
pub mod config;
pub mod context;
pub mod diagnostics;
pub mod diff;
pub mod docs;
pub mod emit;
pub mod fresh_docs;
pub mod hash;
pub mod ir;
pub mod job;
pub mod output;
pub mod registry;
pub mod resolve;
pub mod templates;
pub mod toml_tree;

/// The strict YAML loader every model type loads through (positions, paths, hints), with
/// cross-field rules ([`load::validate::Validate`], optional for a model type).
pub use confspec_load as load;

/// Runs the `codegen` command line (every command, flag and exit code) on the model of
/// `registry` (from [`types!`]) and returns the exit code.
pub fn run(registry: registry::Registry) -> i32 {
    cli::main(registry)
}
