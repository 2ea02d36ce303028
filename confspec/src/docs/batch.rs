//! Expanding several pages in one run, for tools that drive `codegen` (the mkdocs plugin in
//! `integrations/mkdocs/`): `codegen expand --format json FILE...`.
//!
//! Every page is expanded with one [`Expander`] (and, when asked, its YAML examples checked with
//! one [`Checker`]), so a site costs one process, not one per page. The result is one JSON
//! document: each page's expanded text beside its diagnostics, located in the page as given.
//! A page with errors still has its text (the directives that failed are left as written), so a
//! caller can choose to warn instead of failing.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::context::Context;
use crate::diagnostics::{Diagnostic, Failure, Severity};

use super::examples::Checker;
use super::pages::Expander;

/// Every page of one batch, in the order given.
#[derive(Debug, Clone, Serialize)]
pub struct Batch {
    /// The style the pages were expanded with.
    pub style: String,
    /// Whether the YAML examples were checked too.
    pub examples: bool,
    /// Errors over all pages.
    pub errors: usize,
    /// Warnings over all pages.
    pub warnings: usize,
    /// The pages.
    pub pages: Vec<BatchPage>,
}

/// One page of a batch.
#[derive(Debug, Clone, Serialize)]
pub struct BatchPage {
    /// The page's name, as given (and as its diagnostics name it).
    pub file: PathBuf,
    /// The page with its directives expanded.
    pub text: String,
    /// Errors and warnings of the expansion and of the examples check, in page order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Batch {
    /// Whether any page has an error.
    pub fn has_errors(&self) -> bool {
        self.errors > 0
    }

    /// Every warning made an error (`codegen expand --strict`).
    pub fn warnings_as_errors(&mut self) {
        for page in &mut self.pages {
            for d in &mut page.diagnostics {
                d.severity = Severity::Error;
            }
        }
        self.errors += self.warnings;
        self.warnings = 0;
    }

    /// The batch as one JSON document (with a final newline).
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a batch serialises");
        text.push('\n');
        text
    }
}

/// Expands `pages` (`(name, text)`) with `style` (the configured one when `None`); with
/// `examples`, also checks each page's YAML examples. Fails only for what stops every page
/// (an unknown style, `[examples]` settings naming unknown types).
pub fn expand_pages(
    ctx: &Context,
    style: Option<&str>,
    pages: &[(&Path, &str)],
    examples: bool,
) -> Result<Batch, Failure> {
    let expander = Expander::new(ctx, style)?;
    let mut checker = if examples {
        Some(Checker::new(ctx)?)
    } else {
        None
    };
    let mut batch = Batch {
        style: expander.style().name.clone(),
        examples,
        errors: 0,
        warnings: 0,
        pages: Vec::with_capacity(pages.len()),
    };
    for &(file, text) in pages {
        let expanded = expander.expand(file, text);
        let mut diagnostics = expanded.diagnostics;
        if let Some(checker) = checker.as_mut() {
            diagnostics.extend(checker.check_named(file, text).diagnostics());
            diagnostics.sort_by_key(|d| (d.line, d.column));
        }
        for d in &diagnostics {
            match d.severity {
                Severity::Error => batch.errors += 1,
                Severity::Warning => batch.warnings += 1,
            }
        }
        batch.pages.push(BatchPage {
            file: file.to_path_buf(),
            text: expanded.text,
            diagnostics,
        });
    }
    Ok(batch)
}
