//! The report: text lines at `file:line:column`, JSON for other tools, and diagnostics for
//! the job.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diagnostics::Diagnostic;

use super::{AcceptedExample, Example, ExampleFailure, Language, PageWarning, Report, Status};

impl Report {
    /// The examples that pass, with the value the model gives back.
    pub fn accepted(self) -> Vec<AcceptedExample> {
        self.examples
            .into_iter()
            .filter(|e| e.status == Status::Passed)
            .filter_map(|e| {
                Some(AcceptedExample {
                    root: e.root?,
                    file: e.file,
                    line: e.line,
                    value: e.value?,
                })
            })
            .collect()
    }

    /// Counts by verdict (the pages' own warnings counted with the blocks').
    pub fn summary(&self) -> Summary {
        let mut summary = Summary::of(&self.examples);
        summary.warnings += self.page_warnings.len();
        summary
    }

    /// Counts by verdict for each page: every page read, in order (a page without YAML
    /// blocks has a row of zeros), then any other page an example names.
    pub fn files(&self) -> Vec<FileSummary> {
        let mut files: Vec<&Path> = self.pages.iter().map(PathBuf::as_path).collect();
        for example in &self.examples {
            if !files.contains(&example.file.as_path()) {
                files.push(&example.file);
            }
        }
        files
            .into_iter()
            .map(|file| {
                let of_file: Vec<Example> = self
                    .examples
                    .iter()
                    .filter(|e| e.file == file)
                    .cloned()
                    .collect();
                FileSummary {
                    file: file.to_path_buf(),
                    summary: Summary::of(&of_file),
                }
            })
            .collect()
    }

    /// Whether the report fails the run: any failure, or with `strict` any block not checked
    /// (explicit opt-outs excepted).
    pub fn failed(&self, strict: bool) -> bool {
        self.examples
            .iter()
            .any(|e| e.status == Status::Failed || (strict && e.status == Status::NotChecked))
    }

    /// The report as text: one line per failure (`file:line:column: error: path: message`),
    /// one per block not checked and per mistake refused as its marker expects, a table of the
    /// counts of each page, and a summary line.
    pub fn to_text(&self, strict: bool) -> String {
        text(self, strict)
    }

    /// The report as JSON, for other tools.
    pub fn to_json(&self, strict: bool) -> String {
        json(self, strict)
    }

    /// One diagnostic per failure (and a warning per block not checked), for the job.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        diagnostics(self)
    }
}

/// Counts by verdict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Every YAML (and TOML) block found.
    pub blocks: usize,
    /// Blocks checked against a model.
    pub checked: usize,
    /// Checked blocks without failures.
    pub passed: usize,
    /// Checked blocks with failures (and unreadable markers, unclosed fences).
    pub failed: usize,
    /// Blocks no rule assigns a model to, and blocks opted out.
    pub not_checked: usize,
    /// Of those, the blocks opted out by a marker.
    pub opted_out: usize,
    /// Warnings (deprecated keys) over every block.
    pub warnings: usize,
}

/// The counts of one page: a row of the report's per-file table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileSummary {
    /// The page, as reported.
    pub file: PathBuf,
    /// Its counts.
    #[serde(flatten)]
    pub summary: Summary,
}

impl Summary {
    /// Counts the verdicts of `examples`.
    pub fn of(examples: &[Example]) -> Summary {
        let mut summary = Summary {
            blocks: examples.len(),
            ..Summary::default()
        };
        for example in examples {
            summary.warnings += example.warnings.len();
            match example.status {
                Status::Passed | Status::Refused => summary.passed += 1,
                Status::Failed => summary.failed += 1,
                Status::NotChecked => summary.not_checked += 1,
                Status::Skipped => {
                    summary.not_checked += 1;
                    summary.opted_out += 1;
                }
            }
        }
        summary.checked = summary.passed + summary.failed;
        summary
    }
}

/// `file:line:column`, the start of every line of the text report.
fn at(file: &std::path::Path, line: usize, column: usize) -> String {
    format!("{}:{line}:{column}", file.display())
}

fn failure_text(failure: &ExampleFailure) -> String {
    let mut text = String::new();
    if !failure.path.is_empty() {
        let _ = write!(text, "{}: ", failure.path);
    }
    text.push_str(&failure.message);
    if let Some(hint) = &failure.hint {
        let _ = write!(text, " ({hint})");
    }
    text
}

/// The text report.
pub fn text(report: &Report, strict: bool) -> String {
    let mut out = String::new();
    for example in &report.examples {
        // Errors and warnings of a block together, in page order.
        let mut lines: Vec<(&ExampleFailure, &str)> = example
            .failures
            .iter()
            .map(|f| (f, "error"))
            .chain(example.warnings.iter().map(|w| (w, "warning")))
            .collect();
        lines.sort_by_key(|(f, _)| (f.line, f.column));
        for (failure, label) in lines {
            let _ = writeln!(
                out,
                "{}: {label}: {}",
                at(&example.file, failure.line, failure.column),
                failure_text(failure)
            );
        }
        if example.status == Status::Refused {
            let _ = writeln!(
                out,
                "{}: note: {}",
                at(&example.file, example.line, example.column),
                example.reason.as_deref().unwrap_or("refused as expected")
            );
        }
        if matches!(example.status, Status::NotChecked | Status::Skipped) {
            let label = if strict && example.status == Status::NotChecked {
                "error"
            } else {
                "note"
            };
            let _ = writeln!(
                out,
                "{}: {label}: not checked: {}",
                at(&example.file, example.line, example.column),
                example
                    .reason
                    .as_deref()
                    .unwrap_or("no rule names its model")
            );
        }
    }
    for page in &report.page_warnings {
        let _ = writeln!(
            out,
            "{}: warning: {}",
            at(&page.file, page.warning.line, page.warning.column),
            failure_text(&page.warning)
        );
    }
    table(&mut out, report);
    let s = report.summary();
    let plural = if s.blocks == 1 { "example" } else { "examples" };
    let toml = report
        .examples
        .iter()
        .filter(|e| e.language == Language::Toml)
        .count();
    let blocks = if toml == 0 {
        format!("{} YAML {plural}", s.blocks)
    } else if toml == s.blocks {
        format!("{} TOML {plural}", s.blocks)
    } else {
        format!(
            "{} {plural} ({} YAML, {toml} TOML)",
            s.blocks,
            s.blocks - toml
        )
    };
    let _ = write!(
        out,
        "{blocks}: {} checked, {} passed, {} failed, {} not checked",
        s.checked, s.passed, s.failed, s.not_checked
    );
    if s.opted_out > 0 {
        let _ = write!(out, " ({} opted out)", s.opted_out);
    }
    if s.warnings > 0 {
        let plural = if s.warnings == 1 { "" } else { "s" };
        let _ = write!(out, "; {} warning{plural}", s.warnings);
    }
    out.push('\n');
    out
}

/// The per-file table: a row per page (blocks, passed, failed, not checked) and the total.
fn table(out: &mut String, report: &Report) {
    const HEADINGS: [&str; 4] = ["blocks", "passed", "failed", "not checked"];
    let files = report.files();
    let total = report.summary();
    let row = |s: &Summary| [s.blocks, s.passed, s.failed, s.not_checked];
    let mut rows: Vec<(String, [usize; 4])> = files
        .iter()
        .map(|f| (f.file.display().to_string(), row(&f.summary)))
        .collect();
    rows.push(("total".to_owned(), row(&total)));
    let name_width = rows
        .iter()
        .map(|(name, _)| name.chars().count())
        .chain(std::iter::once("file".len()))
        .max()
        .unwrap_or_default();
    if !out.is_empty() {
        out.push('\n');
    }
    let _ = write!(out, "{:<name_width$}", "file");
    for heading in HEADINGS {
        let _ = write!(out, "  {heading}");
    }
    out.push('\n');
    for (name, counts) in rows {
        let _ = write!(out, "{name:<name_width$}");
        for (heading, count) in HEADINGS.iter().zip(counts) {
            let _ = write!(out, "  {count:>width$}", width = heading.len());
        }
        out.push('\n');
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    summary: Summary,
    files: Vec<FileSummary>,
    strict: bool,
    failed: bool,
    examples: &'a [Example],
    #[serde(skip_serializing_if = "<[PageWarning]>::is_empty")]
    page_warnings: &'a [PageWarning],
}

/// The JSON report: `{summary, files: [...], strict, failed, examples: [...]}`: the counts over
/// every page, the counts of each page (`{file, blocks, checked, passed, failed, ...}`, the
/// text report's table), and each example with its span, model, rule, status, reason and
/// failures.
pub fn json(report: &Report, strict: bool) -> String {
    let value = JsonReport {
        summary: report.summary(),
        files: report.files(),
        strict,
        failed: report.failed(strict),
        examples: &report.examples,
        page_warnings: &report.page_warnings,
    };
    let mut text = serde_json::to_string_pretty(&value)
        .unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}"));
    text.push('\n');
    text
}

/// One error per failure, one warning per deprecated key and per block not checked (not for
/// opt-outs).
pub fn diagnostics(report: &Report) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for example in &report.examples {
        let model = example.root.as_deref().unwrap_or("YAML");
        let message = |f: &ExampleFailure| {
            let mut message = format!("{model} example: ");
            if !f.path.is_empty() {
                let _ = write!(message, "{}: ", f.path);
            }
            message.push_str(&f.message);
            message
        };
        for warning in &example.warnings {
            out.push(Diagnostic::warning(
                &example.file,
                warning.line,
                warning.column,
                message(warning),
            ));
        }
        for failure in &example.failures {
            let mut diagnostic = Diagnostic::error(
                &example.file,
                failure.line,
                failure.column,
                message(failure),
            );
            if let Some(hint) = &failure.hint {
                diagnostic = diagnostic.with_hint(hint.clone());
            }
            out.push(diagnostic);
        }
        if example.status == Status::NotChecked {
            out.push(
                Diagnostic::warning(
                    &example.file,
                    example.line,
                    example.column,
                    format!(
                        "{} example not checked: {}",
                        match example.language {
                            Language::Yaml => "YAML",
                            Language::Toml => "TOML",
                        },
                        example.reason.as_deref().unwrap_or("no rule names its model")
                    ),
                )
                .with_hint("if it is not a configuration of the model, put `<!-- codegen: skip -->` before it"),
            );
        }
    }
    for page in &report.page_warnings {
        let mut diagnostic = Diagnostic::warning(
            &page.file,
            page.warning.line,
            page.warning.column,
            page.warning.message.clone(),
        );
        if let Some(hint) = &page.warning.hint {
            diagnostic = diagnostic.with_hint(hint.clone());
        }
        out.push(diagnostic);
    }
    out
}
