//! Placeholder: being written (see the issue tracker).

use crate::context::Context;
use crate::diagnostics::{Diagnostic, Failure};
use crate::output::Outputs;

/// Adds this stage's files and diagnostics.
pub fn stage(_ctx: &Context, _outputs: &mut Outputs, _diagnostics: &mut Vec<Diagnostic>) -> Result<(), Failure> {
    Ok(())
}

/// `codegen check`: the examples report. Returns the report text and whether it failed.
pub fn check_command(
    _ctx: &Context,
    _json: bool,
    _strict: bool,
    _files: &[std::path::PathBuf],
) -> Result<(String, bool), Failure> {
    Err(Failure::Usage("check is not available yet".into()))
}
