//! Placeholder: being written (see the issue tracker).

use crate::context::Context;
use crate::diagnostics::{Diagnostic, Failure};
use crate::output::Outputs;

/// Adds this stage's files and diagnostics.
pub fn stage(_ctx: &Context, _outputs: &mut Outputs, _diagnostics: &mut Vec<Diagnostic>) -> Result<(), Failure> {
    Ok(())
}

/// `codegen expand`: one page, expanded, as text.
pub fn expand_command(_ctx: &Context, _style: Option<&str>, _input: &crate::cli::Input) -> Result<String, Failure> {
    Err(Failure::Usage("expand is not available yet".into()))
}
