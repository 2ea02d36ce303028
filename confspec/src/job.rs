//! The whole job: which stages run, in what order. Each stage lives with what it produces
//! ([`emit`] for the JSON Schema and the packages, [`crate::docs`] for pages and examples); this
//! module only orders them, runs them side by side and merges what they produce.

use std::time::{Duration, Instant};

use crate::context::Context;
use crate::diagnostics::{Diagnostic, Failure, Severity};
use crate::emit;
use crate::output::{Outputs, WriteReport};

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
pub type Stage = fn(&Context, &mut Outputs, &mut Vec<Diagnostic>) -> Result<(), Failure>;

/// The stages, in order. A package output (a language) is registered here with one line: its
/// [`emit::package::Emitter`] run by the generic [`emit::package::stage`].
pub const STAGES: &[(&str, Stage)] = &[
    ("json-schema", emit::json_schema::stage),
    ("pages", crate::docs::pages::stage),
    ("examples", crate::docs::examples::stage),
    ("typescript", |ctx, out, d| {
        emit::package::stage(&emit::typescript::TypeScript, ctx, out, d)
    }),
    ("python", |ctx, out, d| {
        emit::package::stage(&emit::python::Python, ctx, out, d)
    }),
    ("cli-page", emit::cli_page::stage),
];

/// The names of the stages, in order (what `codegen generate --only` accepts).
pub fn stage_names() -> impl Iterator<Item = &'static str> {
    STAGES.iter().map(|(name, _)| *name)
}

/// The stages to run: all of them, or only the one named `only`; an unknown name is a usage
/// error listing the stages.
pub fn select(only: Option<&str>) -> Result<Vec<(&'static str, Stage)>, Failure> {
    let Some(only) = only else {
        return Ok(STAGES.to_vec());
    };
    match STAGES.iter().find(|(name, _)| *name == only) {
        Some(stage) => Ok(vec![*stage]),
        None => Err(Failure::Usage(format!(
            "unknown stage `{only}`; the stages are: {}",
            stage_names().collect::<Vec<_>>().join(", ")
        ))),
    }
}

/// Produces every output in memory; fails on the first stage error or on any error diagnostic,
/// before anything is written.
pub fn produce(ctx: &Context) -> Result<(Outputs, Summary), Failure> {
    produce_stages(ctx, STAGES)
}

/// [`produce`] with the given stages only.
pub fn produce_stages(
    ctx: &Context,
    stages: &[(&'static str, Stage)],
) -> Result<(Outputs, Summary), Failure> {
    let mut summary = Summary::default();
    let (outputs, mut diagnostics) = run_stages(ctx, stages, &mut summary.stages)?;
    // Stages that read the same page may find the same problem: each is reported once.
    let mut seen = crate::hash::HashSet::default();
    diagnostics.retain(|d| seen.insert(d.to_string()));
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

/// The stack of each stage's thread: as much as a main thread usually has (8 MiB) and more,
/// so that deeply nested input fails with the loaders' own limits, not a stack overflow.
const STAGE_STACK: usize = 16 << 20;

/// Runs `stages` side by side on as many threads as the machine has cores (this one and
/// helpers; each thread takes the next stage not yet taken), and merges what they produce in
/// the order of `stages`: the outputs, the diagnostics and the first failure are those of
/// running them in turn. Stages only read the context, so the result does not depend on which
/// finishes first. Each stage's wall time is pushed to `times`.
pub fn run_stages(
    ctx: &Context,
    stages: &[(&'static str, Stage)],
    times: &mut Vec<(&'static str, Duration)>,
) -> Result<(Outputs, Vec<Diagnostic>), Failure> {
    type Run = (Outputs, Vec<Diagnostic>, Duration, Result<(), Failure>);
    let next = std::sync::atomic::AtomicUsize::new(0);
    // Takes stages until none is left; returns each with its index.
    let work = || {
        let mut done: Vec<(usize, Run)> = Vec::new();
        loop {
            let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some((_, stage)) = stages.get(index) else {
                return done;
            };
            let started = Instant::now();
            let mut outputs = Outputs::default();
            let mut diagnostics = Vec::new();
            let result = stage(ctx, &mut outputs, &mut diagnostics);
            done.push((index, (outputs, diagnostics, started.elapsed(), result)));
        }
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(stages.len());
    let mut runs: Vec<(usize, Run)> = std::thread::scope(|scope| {
        // Helpers that cannot be started leave their share to the others.
        let helpers: Vec<_> = (1..threads)
            .filter_map(|i| {
                std::thread::Builder::new()
                    .name(format!("codegen stages {i}"))
                    .stack_size(STAGE_STACK)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        let mut runs = work();
        for helper in helpers {
            runs.extend(
                helper
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        runs
    });
    runs.sort_by_key(|(index, _)| *index);
    let runs = runs.into_iter().map(|(_, run)| run);
    let mut outputs = Outputs::default();
    let mut diagnostics = Vec::new();
    for ((name, _), (produced, found, elapsed, result)) in stages.iter().zip(runs) {
        // As if run in turn: a failing stage ends the job with what came before it.
        result?;
        diagnostics.extend(found);
        outputs.merge(produced);
        times.push((name, elapsed));
    }
    Ok((outputs, diagnostics))
}

/// Runs the job: writes the outputs, or with `check` compares them with the files on disk.
pub fn run(ctx: &Context, check: bool) -> Result<Summary, Failure> {
    run_selected(ctx, STAGES, check)
}

/// [`run`] with the given stages only (see [`select`]): only their files are written or
/// compared, only their owned directories searched for orphans.
pub fn run_selected(
    ctx: &Context,
    stages: &[(&'static str, Stage)],
    check: bool,
) -> Result<Summary, Failure> {
    let (outputs, mut summary) = produce_stages(ctx, stages)?;
    if check {
        let problems = outputs.check(&ctx.root, &ctx.refresh);
        if !problems.is_empty() {
            return Err(Failure::Content(problems));
        }
    } else {
        summary.report = outputs.write(&ctx.root)?;
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn context() -> Context {
        Context {
            root: std::path::PathBuf::from("."),
            config: crate::config::Config::default(),
            model: crate::context::build_model(&crate::registry::Registry::default())
                .expect("the model builds"),
            templates: minijinja::Environment::new(),
            types: &[],
            refresh: "codegen".to_owned(),
            json_schemas: Default::default(),
            validators: Default::default(),
            command_line: None,
        }
    }

    // Stages that finish in the reverse of their order: the slowest comes first.
    fn slow(_: &Context, out: &mut Outputs, d: &mut Vec<Diagnostic>) -> Result<(), Failure> {
        std::thread::sleep(Duration::from_millis(50));
        out.add("a", "first");
        out.add("shared", "from the first stage");
        d.push(Diagnostic::warning(Path::new("a"), 1, 1, "first"));
        Ok(())
    }
    fn fast(_: &Context, out: &mut Outputs, d: &mut Vec<Diagnostic>) -> Result<(), Failure> {
        out.add("b", "second");
        out.add("shared", "from the second stage");
        d.push(Diagnostic::warning(Path::new("b"), 1, 1, "second"));
        Ok(())
    }
    fn failing(_: &Context, _: &mut Outputs, _: &mut Vec<Diagnostic>) -> Result<(), Failure> {
        Err(Failure::Usage("the third stage failed".into()))
    }
    fn also_failing(_: &Context, _: &mut Outputs, _: &mut Vec<Diagnostic>) -> Result<(), Failure> {
        Err(Failure::Usage("the fourth stage failed".into()))
    }

    #[test]
    fn stages_merge_in_their_order_whichever_finishes_first() {
        let ctx = context();
        let mut times = Vec::new();
        let (outputs, diagnostics) =
            run_stages(&ctx, &[("slow", slow), ("fast", fast)], &mut times).unwrap();
        let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["first", "second"]);
        // A later stage's file replaces an earlier one's, as when they run in turn.
        assert_eq!(
            outputs.get(Path::new("shared")),
            Some(&b"from the second stage"[..])
        );
        assert_eq!(outputs.len(), 3);
        let names: Vec<&str> = times.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["slow", "fast"]);
    }

    #[test]
    fn the_first_failing_stage_in_order_fails_the_job() {
        let ctx = context();
        let stages: &[(&'static str, Stage)] = &[
            ("slow", slow),
            ("fast", fast),
            ("failing", failing),
            ("also", also_failing),
        ];
        match run_stages(&ctx, stages, &mut Vec::new()) {
            Err(Failure::Usage(message)) => assert_eq!(message, "the third stage failed"),
            other => panic!("expected the third stage's failure, got {other:?}"),
        }
    }
}
