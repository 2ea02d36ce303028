//! The emitter contract of package outputs (the TypeScript and Python bindings, and any
//! language added after them), and the one generic stage that runs them.
//!
//! An output language implements [`Emitter`]: its name (the `codegen.toml` table that
//! configures it), its files (template → path in the package), the file endings it owns in
//! its output directory and the view its templates read. The
//! generic [`stage`] does the rest, the same way for every language:
//! - the roots are checked once, each unknown root an error at its line in `codegen.toml`;
//! - the types are the closure of the roots, in the one order of every language
//!   ([`Model::closure`]: roots first, then depth first);
//! - the output directory is owned: a file there with an owned ending that the emitter does
//!   not produce is reported by `--check` and removed by the job;
//! - a template or view error becomes a diagnostic, so later stages still report theirs.
//!
//! Adding a language: a module implementing [`Emitter`], its templates under
//! `templates/<name>/`, and one line in [`crate::job::STAGES`].

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use minijinja::Environment;

use crate::config::{Config, FILE_NAME, PackageOutput};
use crate::context::Context;
use crate::diagnostics::{Diagnostic, Failure};
use crate::ir::{Model, TypeDef};
use crate::output::Outputs;

/// A file of a package, relative to the package directory: the one file-list type of every
/// package output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageFile {
    /// The path inside the package.
    pub path: PathBuf,
    /// The content.
    pub text: String,
}

/// What the generic stage hands an emitter: the model, the settings, and the types the
/// package declares (the closure of its roots, in [`Model::closure`]'s order).
pub struct Package<'a> {
    /// The whole model (for types behind references).
    pub model: &'a Model,
    /// The package's settings (`output`, `name`, `version`, `roots`).
    pub settings: &'a PackageOutput,
    /// The declared types, in output order.
    pub types: Vec<&'a TypeDef>,
}

/// One package output language.
pub trait Emitter: Sync {
    /// The language's name: its `codegen.toml` table (`[typescript]`) and its stage.
    fn name(&self) -> &'static str;

    /// Its settings: its table in `config` (`None`: the project does not ask for this
    /// package), or settings the emitter carries itself.
    fn settings<'c>(&'c self, config: &'c Config) -> Option<&'c PackageOutput>;

    /// The package's files: a template (as `templates/` names it) and the path it renders to
    /// (see [`Emitter::file_path`]), in a fixed order.
    fn files(&self) -> &'static [(&'static str, &'static str)];

    /// File endings the emitter owns in its output directory: a file with one of them that
    /// the emitter does not produce is stale.
    fn owned(&self) -> &'static [&'static str];

    /// The view every template of the package renders, built from `package`.
    fn view(&self, package: &Package<'_>) -> Result<minijinja::Value, Failure>;

    /// The template environment, with the language's own filters added (none by default).
    fn environment<'e>(&self, env: &'e Environment<'static>) -> Cow<'e, Environment<'static>> {
        Cow::Borrowed(env)
    }

    /// Where a file of [`Emitter::files`] goes in the package (the path as written by default).
    fn file_path(&self, path: &str, _settings: &PackageOutput) -> PathBuf {
        PathBuf::from(path)
    }
}

/// Renders every file of `emitter`'s package of `settings`, in [`Emitter::files`] order.
/// Fails with a content error naming `codegen.toml` when a root is not a model type (the
/// [`stage`] reports those at their line before rendering).
pub fn render(
    emitter: &dyn Emitter,
    model: &Model,
    settings: &PackageOutput,
    templates: &Environment<'static>,
) -> Result<Vec<PackageFile>, Failure> {
    let types = model.closure(&settings.roots).map_err(|root| {
        Failure::content(
            Path::new(FILE_NAME),
            0,
            0,
            format!("[{}] root `{root}` is not a model type", emitter.name()),
        )
    })?;
    let package = Package {
        model,
        settings,
        types,
    };
    let env = emitter.environment(templates);
    let view = emitter.view(&package)?;
    let mut files = Vec::with_capacity(emitter.files().len());
    for (template, path) in emitter.files() {
        files.push(PackageFile {
            path: emitter.file_path(path, settings),
            text: crate::templates::render(&env, template, view.clone())?,
        });
    }
    Ok(files)
}

/// The stage of one package output: see the module documentation.
pub fn stage(
    emitter: &dyn Emitter,
    ctx: &Context,
    outputs: &mut Outputs,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), Failure> {
    let Some(settings) = emitter.settings(&ctx.config) else {
        return Ok(());
    };
    let unknown = ctx.unknown_roots(&format!("[{}]", emitter.name()), &settings.roots);
    if !unknown.is_empty() {
        diagnostics.extend(unknown);
        return Ok(());
    }
    match render(emitter, &ctx.model, settings, &ctx.templates) {
        Ok(files) => {
            outputs.own_dir(&settings.output, emitter.owned());
            for file in files {
                outputs.add(settings.output.join(&file.path), file.text);
            }
            Ok(())
        }
        Err(Failure::Content(found)) => {
            diagnostics.extend(found);
            Ok(())
        }
        Err(other) => Err(other),
    }
}

/// `text` as an ASCII identifier: every character that is not an ASCII letter, digit, `_` or
/// one of `also` becomes `_`, and a leading digit (or nothing at all) gets a `_` before it.
/// The identifier rule TypeScript (`also` = `$`) and Python (none) share; each adds its own
/// reserved words.
pub fn ascii_identifier(text: &str, also: &[char]) -> String {
    let mut out: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || also.contains(&c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}
