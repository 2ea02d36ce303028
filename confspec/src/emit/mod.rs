//! One module per output. Emitters read only the IR (and, for the JSON Schema, the schema
//! schemars wrote for the root type; for the command-line page, the command line as data),
//! never the model crate or markdown.

pub mod cli_page;
pub mod json_schema;
pub mod package;
pub mod python;
pub mod reference;
pub mod typescript;
