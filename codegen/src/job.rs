//! The whole job: what is generated, in what order, into which files.

use std::path::Path;
use std::time::{Duration, Instant};

use schemars::generate::SchemaSettings;

use crate::context::Context;
use crate::diagnostics::{Diagnostic, Failure, Severity};
use crate::emit;
use crate::output::{Outputs, WriteReport};

/// The command that refreshes every generated file, quoted in `--check` messages.
pub const REFRESH: &str = "cargo run -p codegen";

/// What the job did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Files written, unchanged and removed (empty lists under `--check`).
    pub report: WriteReport,
    /// How many files the job produces.
    pub produced: usize,
    /// Warnings (errors fail the job instead).
    pub warnings: Vec<Diagnostic>,
    /// Time spent in each stage.
    pub stages: Vec<(&'static str, Duration)>,
}

/// A stage adds files to the outputs and diagnostics to the list.
type Stage = fn(&Context, &mut Outputs, &mut Vec<Diagnostic>) -> Result<(), Failure>;

/// The stages, in order.
pub const STAGES: &[(&str, Stage)] = &[
    ("json-schema", schema_stage),
    ("pages", crate::docs::pages::stage),
    ("examples", crate::docs::examples::stage),
    ("typescript", emit::typescript::stage),
    ("python", emit::python::stage),
];

/// Produces every output in memory; fails on the first stage error or on any error diagnostic,
/// before anything is written.
pub fn produce(ctx: &Context) -> Result<(Outputs, Summary), Failure> {
    let mut outputs = Outputs::default();
    let mut diagnostics = Vec::new();
    let mut summary = Summary::default();
    for (name, stage) in STAGES {
        let started = Instant::now();
        stage(ctx, &mut outputs, &mut diagnostics)?;
        summary.stages.push((name, started.elapsed()));
    }
    let (errors, warnings): (Vec<_>, Vec<_>) = diagnostics
        .into_iter()
        .partition(|d| d.severity == Severity::Error);
    if !errors.is_empty() {
        let mut all = warnings;
        all.extend(errors);
        return Err(Failure::Content(all));
    }
    summary.warnings = warnings;
    summary.produced = outputs.len();
    Ok((outputs, summary))
}

/// Runs the job: writes the outputs, or with `check` compares them with the files on disk.
pub fn run(ctx: &Context, check: bool) -> Result<Summary, Failure> {
    let (outputs, mut summary) = produce(ctx)?;
    if check {
        let problems = outputs.check(&ctx.root, REFRESH);
        if !problems.is_empty() {
            return Err(Failure::Content(problems));
        }
    } else {
        summary.report = outputs.write(&ctx.root)?;
    }
    Ok(summary)
}

/// The JSON Schema of the type named `name`, as the job writes it.
pub fn schema_text(ctx: &Context, name: &str) -> Result<String, Failure> {
    let registered = ctx
        .registered(name)
        .ok_or_else(|| unknown_type(ctx, name))?;
    let raw = (registered.root_schema)(SchemaSettings::draft07()).to_value();
    let configured = ctx.config.schemas.iter().find(|s| s.root == name);
    let meta = emit::json_schema::SchemaMeta {
        id: configured.map(|s| s.url.as_str()),
        title: configured.and_then(|s| s.title.as_deref()),
    };
    Ok(emit::json_schema::render(&ctx.model, name, raw, &meta))
}

/// An unknown type name, with the closest known names.
pub fn unknown_type(ctx: &Context, name: &str) -> Failure {
    let mut names: Vec<(f64, &str)> = ctx
        .model
        .names()
        .map(|n| {
            (
                strsim::jaro_winkler(&n.to_lowercase(), &name.to_lowercase()),
                n,
            )
        })
        .collect();
    names.sort_by(|a, b| b.0.total_cmp(&a.0));
    let close: Vec<String> = names
        .iter()
        .take(3)
        .map(|(_, n)| format!("`{n}`"))
        .collect();
    Failure::Usage(format!(
        "unknown type `{name}`; closest known: {}",
        close.join(", ")
    ))
}

fn schema_stage(
    ctx: &Context,
    outputs: &mut Outputs,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), Failure> {
    // Schema names schemars made unique with a number (`Page2`): every output uses them.
    diagnostics.extend(crate::context::name_warnings(&ctx.model));
    for schema in &ctx.config.schemas {
        if ctx.registered(&schema.root).is_none() {
            diagnostics.push(Diagnostic::error(
                Path::new(crate::config::FILE_NAME),
                0,
                0,
                format!("[[schemas]] root `{}` is not a model type", schema.root),
            ));
            continue;
        }
        outputs.add(&schema.output, schema_text(ctx, &schema.root)?);
    }
    Ok(())
}
