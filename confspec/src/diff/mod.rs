//! `codegen diff`: which users' files a model change would break, before it ships.
//!
//! The current model's JSON Schemas (as the job would write them) are compared with earlier ones
//! (the checked-in files at a git revision, or files given directly), and every change is
//! classified:
//! - **breaking**: a document valid before is invalid now (a key removed from a closed object or
//!   made required, a type, range, length or pattern narrowed, a value or union variant removed);
//! - **meaning changed**: still valid, read differently (a default changed, a key renamed while
//!   the old name is still accepted, a key no longer declared in an open object);
//! - **compatible**: every document valid before is still valid (a key added as optional, a type
//!   widened, a variant or value added, a description changed);
//! - **deprecation** added or removed.
//!
//! The classification reads draft-07 schemas only (`$ref` to `definitions`, object, array,
//! string and number keywords, `enum`/`const`, `oneOf`/`anyOf` and the tagged unions the emitter
//! writes as `allOf` of `if`/`then`): it knows no model. Each breaking change comes with a
//! witness, a small document generated from the old schema that the old schema accepts and the
//! new one refuses (both checked with the `jsonschema` crate).
//!
//! Stages: [`compare`] walks two schemas, [`witness`] generates and checks documents,
//! [`acknowledge`] reads `codegen-breaking.toml`, [`source`] finds the schemas to compare,
//! [`report`] renders text, JSON or markdown.

pub mod acknowledge;
pub mod change;
pub mod compare;
pub mod path;
pub mod read;
pub mod report;
pub mod source;
pub mod witness;

pub use change::{Change, Class, Kind, SchemaError};
pub use compare::compare;
pub use source::{Against, Format, Outcome, command};
