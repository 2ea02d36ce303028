//! The command-line page (`[docs] cli-page`): every command, option, default and accepted value
//! of the binary, rendered through `templates/cli/page.md` from the command line as data
//! ([`crate::command_line`]), which the run was given by [`crate::cli`]. The page is a generated
//! output like the others: `--check` fails when it is stale.

use crate::context::Context;
use crate::diagnostics::{Diagnostic, Failure};
use crate::output::Outputs;
use crate::templates;

/// The template of the page.
pub const TEMPLATE: &str = "cli/page.md";

/// Writes the command-line page when `[docs] cli-page` asks for one. A run that was not given
/// the command line (a library call) leaves the page as it is.
pub fn stage(
    ctx: &Context,
    outputs: &mut Outputs,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), Failure> {
    let Some(docs) = &ctx.config.docs else {
        return Ok(());
    };
    let Some(page) = &docs.cli_page else {
        return Ok(());
    };
    let path = docs.output.join(page);
    let Some(command_line) = &ctx.command_line else {
        outputs.keep(path);
        return Ok(());
    };
    let view = minijinja::context! {
        cli => minijinja::Value::from(minijinja::value::Serde(command_line)),
        refresh => ctx.refresh.clone(),
    };
    match templates::render(&ctx.templates, TEMPLATE, view) {
        Ok(text) => outputs.add(path, text),
        Err(Failure::Content(found)) => diagnostics.extend(found),
        Err(failure) => return Err(failure),
    }
    Ok(())
}
