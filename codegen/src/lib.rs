//! `codegen`: Rust model types in, JSON Schema, reference pages, TypeScript and Python bindings
//! out, and every YAML example of the docs checked against the model.
//!
//! The job is a pipeline, read top to bottom:
//! [`registry`] (every model type, found at build time) → [`ir`] (the intermediate model, built
//! from schemars' schemas) → [`emit`] (one module per output) and [`docs`] (pages: directives and
//! examples) → [`output`] (atomic writes and `--check`). [`job`] runs it; [`cli`] is the command
//! line; [`diff`] compares the model's schemas with earlier ones (`codegen diff`).

pub mod cli;
pub mod config;
pub mod context;
pub mod diagnostics;
pub mod diff;
pub mod docs;
pub mod emit;
pub mod hash;
pub mod ir;
pub mod job;
pub mod output;
pub mod registry;
pub mod resolve;
pub mod templates;
