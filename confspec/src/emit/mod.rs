//! One module per output. Emitters read only the IR (and, for the JSON Schema, the schema
//! schemars wrote for the root type), never the model crate or markdown.

pub mod json_schema;
pub mod package;
pub mod python;
pub mod reference;
pub mod typescript;
