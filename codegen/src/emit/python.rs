//! Placeholder: the python emitter is being written (see the issue tracker).

use crate::context::Context;
use crate::diagnostics::{Diagnostic, Failure};
use crate::output::Outputs;

/// Adds this emitter's files to `outputs`.
pub fn stage(_ctx: &Context, _outputs: &mut Outputs, _diagnostics: &mut Vec<Diagnostic>) -> Result<(), Failure> {
    Ok(())
}
