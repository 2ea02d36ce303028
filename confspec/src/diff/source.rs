//! What `codegen diff` compares: the schemas the job would write now for each `[[schemas]]`
//! entry (in memory, nothing written) with the checked-in files at a git revision, or with
//! schema files given directly.
//!
//! A revision is read with the `git` command (`git show REV:./PATH`), the tool every checkout
//! that has a history to compare with already has; it reads exactly what is committed, packed or
//! not, shallow or not, with no library to keep in step with git's formats.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use super::acknowledge;
use super::change::{Change, Class, Kind};
use super::report::{self, Report, SchemaReport, Summary};
use crate::context::Context;
use crate::diagnostics::{Diagnostic, Failure};

/// What to compare with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Against {
    /// The checked-in schema files at a git revision.
    Revision(String),
    /// A schema file, or a directory of them.
    Path(PathBuf),
}

impl Against {
    /// `arg` as the command line gives it: an existing file or directory, else a revision
    /// (`HEAD` when absent).
    pub fn parse(arg: Option<&str>) -> Against {
        match arg {
            None => Against::Revision("HEAD".into()),
            Some(arg) if Path::new(arg).exists() => Against::Path(PathBuf::from(arg)),
            Some(arg) => Against::Revision(arg.to_owned()),
        }
    }

    fn label(&self) -> String {
        match self {
            Against::Revision(revision) => revision.clone(),
            Against::Path(path) => path.display().to_string(),
        }
    }
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Lines for the terminal.
    Text,
    /// JSON for tools.
    Json,
    /// Markdown for release notes.
    Markdown,
}

/// What `codegen diff` prints, and whether it fails.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The report, rendered.
    pub text: String,
    /// The report itself.
    pub report: Report,
    /// Whether a breaking change is not acknowledged (exit code 1).
    pub failed: bool,
}

/// Compares every configured schema with its old version and renders the report.
pub fn command(ctx: &Context, against: &Against, format: Format) -> Result<Outcome, Failure> {
    let report = run(ctx, against)?;
    let text = match format {
        Format::Text => report::text(&report),
        Format::Json => report::json(&report),
        Format::Markdown => report::markdown(&report),
    };
    Ok(Outcome {
        text,
        failed: report.summary.failed,
        report,
    })
}

/// Builds the report: compares, finds witnesses, applies the acknowledgements.
pub fn run(ctx: &Context, against: &Against) -> Result<Report, Failure> {
    if ctx.config.schemas.is_empty() {
        return Err(Failure::Usage(
            "no [[schemas]] configured in codegen.toml: nothing to compare".into(),
        ));
    }
    if let Against::Revision(revision) = against {
        verify_revision(&ctx.root, revision)?;
    }
    let acknowledgements = acknowledge::read(&ctx.root)?;
    let mut used = vec![false; acknowledgements.len()];
    let mut schemas = Vec::new();
    for configured in &ctx.config.schemas {
        if ctx.registered(&configured.root).is_none() {
            return Err(ctx.unknown_type(&configured.root));
        }
        let output = configured.output.to_string_lossy().replace('\\', "/");
        let current = crate::emit::json_schema::schema_text(ctx, &configured.root)?;
        let current: Value = serde_json::from_str(&current).map_err(|err| {
            Failure::Usage(format!("internal: the emitted schema is not JSON: {err}"))
        })?;
        let (before, mut changes) = match old_schema(ctx, against, &configured.output)? {
            Some((label, text)) => {
                let old = parse(&label, &text)?;
                let changes = super::compare(&old, &current).map_err(|err| {
                    Failure::Content(vec![Diagnostic::error(&label, 0, 0, err.message)])
                })?;
                (label, changes)
            }
            None => (
                format!("{} (absent)", against.label()),
                vec![Change {
                    class: Class::Compatible,
                    kind: Kind::SchemaAdded,
                    path: "(root)".into(),
                    before: None,
                    after: None,
                    witness: None,
                    acknowledged: None,
                }],
            ),
        };
        acknowledge::apply(&acknowledgements, &mut used, &output, &mut changes);
        schemas.push(SchemaReport {
            schema: output,
            root: configured.root.clone(),
            before,
            changes,
        });
    }
    let summary = Summary::of(schemas.iter().flat_map(|s| &s.changes));
    Ok(Report {
        against: against.label(),
        schemas,
        summary,
        stale: acknowledge::stale(&acknowledgements, &used)
            .iter()
            .map(ToString::to_string)
            .collect(),
    })
}

fn parse(label: &str, text: &str) -> Result<Value, Failure> {
    serde_json::from_str(text).map_err(|err| {
        Failure::Content(vec![Diagnostic::error(
            label,
            err.line(),
            err.column(),
            format!("not a JSON document: {err}"),
        )])
    })
}

/// The old text of the schema written to `output`, with where it was read; `None` when there
/// is none to compare with.
fn old_schema(
    ctx: &Context,
    against: &Against,
    output: &Path,
) -> Result<Option<(String, String)>, Failure> {
    match against {
        Against::Revision(revision) => {
            let spec = format!(
                "{revision}:./{}",
                output.to_string_lossy().replace('\\', "/")
            );
            let result = git(&ctx.root, &["show", &spec])?;
            Ok(result
                .ok()
                .map(|text| (format!("{revision}:{}", output.display()), text)))
        }
        Against::Path(path) if path.is_dir() => {
            let candidates = [
                Some(path.join(output)),
                output.file_name().map(|name| path.join(name)),
            ];
            for candidate in candidates.into_iter().flatten() {
                if candidate.is_file() {
                    return read(&candidate).map(Some);
                }
            }
            Ok(None)
        }
        Against::Path(path) => {
            let only_one = ctx.config.schemas.len() == 1;
            let same_name = path.file_name() == output.file_name();
            let any_named = ctx
                .config
                .schemas
                .iter()
                .any(|s| s.output.file_name() == path.file_name());
            if only_one || same_name {
                read(path).map(Some)
            } else if any_named {
                Ok(None)
            } else {
                Err(Failure::Usage(format!(
                    "{} names no configured schema (several are configured: give a file of the same name as an output, or a directory)",
                    path.display()
                )))
            }
        }
    }
}

fn read(path: &Path) -> Result<(String, String), Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| Failure::Usage(format!("cannot read {}: {err}", path.display())))?;
    Ok((path.display().to_string(), text))
}

/// Runs git in `root`: its standard output when it succeeds, its standard error when it fails;
/// a usage failure when git cannot be run.
fn git(root: &Path, args: &[&str]) -> Result<Result<String, String>, Failure> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|err| {
            Failure::Usage(format!(
                "cannot run git to read an earlier revision: {err} (give the old schema as a file instead)"
            ))
        })?;
    Ok(if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_owned())
    })
}

fn verify_revision(root: &Path, revision: &str) -> Result<(), Failure> {
    if revision.starts_with('-') {
        return Err(Failure::Usage(format!("`{revision}` is not a revision")));
    }
    let spec = format!("{revision}^{{commit}}");
    match git(root, &["rev-parse", "--verify", "--quiet", &spec])? {
        Ok(_) => Ok(()),
        Err(_) => Err(Failure::Usage(format!(
            "`{revision}` is neither a file nor a revision of the git repository at {} (a shallow clone may lack it: fetch more history)",
            root.display()
        ))),
    }
}
