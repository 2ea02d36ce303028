//! Reading pages: one markdown reader ([`markdown`]) serves both directive expansion
//! ([`pages`]) and the YAML examples check ([`examples`]), so both agree on what a page contains.
//! [`batch`] runs both on several pages at once, for tools that drive `codegen`.

pub mod anchors;
pub mod batch;
pub mod coverage;
pub mod examples;
pub mod files;
pub mod markdown;
pub mod pages;
