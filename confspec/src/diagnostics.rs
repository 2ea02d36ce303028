//! Diagnostics located at `file:line:column`, and the failures that end a run with an exit code.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Reported; does not fail the run.
    Warning,
    /// Fails the run.
    Error,
}

/// A problem in the content the job reads, located in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// The file, relative to the project root where possible.
    pub file: PathBuf,
    /// Line, 1-based (0 when the whole file is meant).
    pub line: usize,
    /// Column, 1-based (0 when the whole line is meant).
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `file:line:column`.
    pub fn error(
        file: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line,
            column,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at `file:line:column`.
    pub fn warning(
        file: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, line, column, message)
        }
    }

    /// The same diagnostic with a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        let label = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, ": {label}: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Why a run failed, which decides the exit code.
#[derive(Debug)]
pub enum Failure {
    /// The content has problems (exit code 1): stale files, failed checks, bad directives,
    /// template errors.
    Content(Vec<Diagnostic>),
    /// The invocation is wrong (exit code 2): bad flags, unreadable files.
    Usage(String),
    /// The binary is older than the model's sources it was told changed, beyond the text of
    /// their doc comments (exit code 2): it must be rebuilt (`crate::fresh_docs`).
    Stale(String),
}

impl Failure {
    /// A content failure with one error.
    pub fn content(file: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Failure::Content(vec![Diagnostic::error(file, line, column, message)])
    }

    /// The exit code for this failure.
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::Content(_) => 1,
            Failure::Usage(_) | Failure::Stale(_) => 2,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Content(diagnostics) => {
                for (i, d) in diagnostics.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{d}")?;
                }
                Ok(())
            }
            Failure::Usage(message) => write!(f, "error: {message}"),
            Failure::Stale(why) => write!(
                f,
                "error: this binary is older than the model's sources ({why}): rebuild it"
            ),
        }
    }
}

impl std::error::Error for Failure {}
