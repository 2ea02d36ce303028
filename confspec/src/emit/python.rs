//! The Python package: pydantic v2 models of the configured roots and every type they use,
//! written as an installable package (`[python]` in `codegen.toml`).
//!
//! The models accept exactly what the Rust model accepts: every model is strict (no coercion),
//! forbids unknown keys when Rust does, keeps Rust's required / optional / default / nullable
//! distinctions, selects tagged unions by their tag with a pydantic discriminator, and checks the
//! cross-field rules and numeric and string bounds the IR carries. Where Python cannot say a
//! shape exactly, the closest sound type is used and a comment in the output says so.
//!
//! This module turns the IR into a view (names, Python types as trees with their constraints,
//! notes by kind, defaults); the spelling of types and notes (`python/macros.j2`: `py_type`,
//! `note`), the layout of every file, the docstrings and the messages of the rules live in
//! `templates/python/`.

use std::borrow::Cow;
use std::path::PathBuf;

use minijinja::Environment;

use crate::config::{Config, PackageOutput};
use crate::diagnostics::Failure;
use crate::emit::package::{self, Emitter, Package, PackageFile};
use crate::ir::Model;

mod annotate;
mod builder;
mod names;
mod pytype;
#[cfg(test)]
mod tests;
mod view;

pub use names::{docstring_is_exact, import_name, py_comment, py_docstring, py_str};
pub use pytype::ecma_classes;
use view::ModuleView;

/// The Python package output (`[python]`), run by [`crate::emit::package::stage`].
pub struct Python;

impl Emitter for Python {
    fn name(&self) -> &'static str {
        "python"
    }

    fn settings<'c>(&'c self, config: &'c Config) -> Option<&'c PackageOutput> {
        config.python.as_ref()
    }

    /// The templates of the package and where each one's output goes (`{package}` is the
    /// import package's directory).
    fn files(&self) -> &'static [(&'static str, &'static str)] {
        &[
            ("python/pyproject.toml.j2", "pyproject.toml"),
            ("python/README.md.j2", "README.md"),
            ("python/__init__.py.j2", "{package}/__init__.py"),
            ("python/models.py.j2", "{package}/models.py"),
            ("python/py.typed.j2", "{package}/py.typed"),
        ]
    }

    fn owned(&self) -> &'static [&'static str] {
        &[".py", ".pyi", "py.typed", "pyproject.toml"]
    }

    fn environment<'e>(&self, env: &'e Environment<'static>) -> Cow<'e, Environment<'static>> {
        let mut env = env.clone();
        env.add_filter("py_str", |text: &str| py_str(text));
        env.add_filter("py_docstring", |text: &str| py_docstring(text));
        env.add_filter("py_comment", |text: &str| py_comment(text));
        Cow::Owned(env)
    }

    fn view(&self, package: &Package<'_>) -> Result<minijinja::Value, Failure> {
        let view = ModuleView::build(package)?;
        Ok(minijinja::Value::from(minijinja::value::Serde(&view)))
    }

    fn file_path(&self, path: &str, settings: &PackageOutput) -> PathBuf {
        PathBuf::from(path.replace("{package}", &import_name(&settings.name)))
    }
}

/// Renders the package of `settings` from `model`: its files in a fixed order.
pub fn package(
    model: &Model,
    settings: &PackageOutput,
    templates: &Environment<'static>,
) -> Result<Vec<PackageFile>, Failure> {
    package::render(&Python, model, settings, templates)
}
