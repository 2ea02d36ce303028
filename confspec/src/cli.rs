//! The command line: subcommands, flags, summaries and exit codes.
//!
//! Exit codes: 0 success; 1 the content has a problem (stale file, failed check, bad directive,
//! undocumented field, template error); 2 the invocation is wrong (bad flag, unreadable file).

use std::io::{Read as _, Write as _};
use std::path::PathBuf;
use std::time::Instant;

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{CommandFactory as _, Parser, Subcommand, ValueEnum};

use crate::command_line::{self, CommandLine};
use crate::context::{Context, LoadOptions};
use crate::diagnostics::Failure;
use crate::emit::{json_schema, reference};
use crate::job;
use crate::registry::Registry;

/// Generates JSON Schema, reference pages, TypeScript and Python bindings from the Rust model,
/// and checks every YAML example of the docs against it.
#[derive(Debug, Parser)]
#[command(name = "codegen", version, about, long_about = None, after_help = EXIT_CODES)]
pub struct Args {
    /// Use templates from this directory instead of the built-in ones (file by file).
    #[arg(long, global = true, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// The project directory (where codegen.toml is); searched upwards from the working
    /// directory by default.
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print what each stage did and how long it took.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// With no subcommand: compare instead of writing, and fail if any file is stale.
    #[arg(long)]
    pub check: bool,
    /// What to do (the whole job when absent).
    #[command(subcommand)]
    pub command: Option<Command>,
}

const EXIT_CODES: &str = "Exit codes: 0 success; 1 the content has a problem (stale file, failed check, bad directive, undocumented field, template error); 2 the invocation is wrong (bad flag, unreadable file).";

/// The subcommands. Adding one: a variant here, an arm in [`run`] calling a function of its
/// own below (the only place that prints).
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The whole job: schema, pages, examples check, bindings.
    Generate {
        /// Compare instead of writing; fail naming each stale, missing or orphaned file.
        #[arg(long)]
        check: bool,
        /// Run only this stage (its files written or compared, nothing else).
        #[arg(long, value_name = "STAGE", value_parser = stage_names())]
        only: Option<String>,
    },
    /// Expand the directives of one page and print it (with `--format json`, of any number of
    /// pages, printed as one JSON document).
    Expand {
        /// The rendering style (the configured one by default).
        #[arg(long, value_parser = style_names())]
        style: Option<String>,
        /// Make warnings errors (compat reports what dstack's hook lets through as warnings).
        #[arg(long)]
        strict: bool,
        /// The name diagnostics give the page read from standard input (`<stdin>` by default).
        #[arg(long, value_name = "PATH")]
        stdin_name: Option<PathBuf>,
        /// `text`: the expanded page; `json`: each page's text and diagnostics (exit code 1
        /// when any page has an error).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Also check each page's YAML examples (as `codegen check` does).
        #[arg(long)]
        examples: bool,
        /// A source of the model edited since this binary was built (repeatable): when only
        /// the text of its types' and fields' `///` doc comments changed, the pages show the
        /// new text without a rebuild; any other change exits with code 2 (with `--format
        /// json`, `{"stale": why}` on standard output). The mkdocs plugin's quick path under
        /// `mkdocs serve`.
        #[arg(long, value_name = "FILE")]
        changed_source: Vec<PathBuf>,
        /// The pages (`-` or nothing for standard input; several only with `--format json`).
        files: Vec<PathBuf>,
    },
    /// Check the YAML examples of the docs against the model: each failure at its page's line
    /// and column, then a table of every page (blocks, passed, failed, not checked).
    Check {
        /// The report format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Make "not checked" examples errors.
        #[arg(long)]
        strict: bool,
        /// Pages or directories to check (every `*.md` page under a directory, recursively;
        /// every configured page by default).
        files: Vec<PathBuf>,
    },
    /// Compare the model's JSON Schemas with earlier ones: breaking changes, changes of meaning,
    /// compatible changes, deprecations. Exit code 1 on a breaking change not acknowledged in
    /// codegen-breaking.toml.
    Diff {
        /// A git revision (its checked-in schema files), a schema file or a directory of them.
        #[arg(long, value_name = "REF|FILE", default_value = "HEAD")]
        against: String,
        /// The report format.
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
    },
    /// Print the JSON Schema of a type (the first configured root by default).
    Schema {
        /// The type's name.
        r#type: Option<String>,
    },
}

/// The values of `--only`: the job's stages.
fn stage_names() -> PossibleValuesParser {
    PossibleValuesParser::new(job::stage_names())
}

/// The values of `--style`: the built-in reference styles, with their descriptions.
fn style_names() -> PossibleValuesParser {
    PossibleValuesParser::new(
        reference::BUILT_IN_STYLES
            .iter()
            .map(|(name, help)| PossibleValue::new(*name).help(*help)),
    )
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `file:line:column: message` lines and a summary.
    Text,
    /// The same, as JSON.
    Json,
}

/// Formats of the `diff` report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Lines for the terminal.
    Text,
    /// JSON for tools.
    Json,
    /// Markdown for release notes and upgrading pages.
    Markdown,
}

/// A page to read: a file or standard input.
#[derive(Debug, Clone)]
pub struct Input {
    /// The name to report (the path, or `<stdin>`).
    pub name: PathBuf,
    /// The text.
    pub text: String,
    /// Whether it came from a file.
    pub from_file: bool,
}

impl Input {
    /// Reads `file`, or standard input (reported as `stdin_name`, `<stdin>` by default).
    fn read(file: Option<&PathBuf>, stdin_name: Option<&PathBuf>) -> Result<Input, Failure> {
        match file {
            Some(path) if path.as_os_str() != "-" => {
                let bytes = std::fs::read(path).map_err(|err| {
                    Failure::Usage(format!("cannot read {}: {err}", path.display()))
                })?;
                let text = crate::docs::files::decode(bytes, path)
                    .map_err(|d| Failure::Content(vec![d]))?;
                Ok(Input {
                    name: path.clone(),
                    text,
                    from_file: true,
                })
            }
            _ => {
                let mut bytes = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut bytes)
                    .map_err(|err| Failure::Usage(format!("cannot read standard input: {err}")))?;
                let name = stdin_name.map_or_else(|| PathBuf::from("<stdin>"), PathBuf::clone);
                let text = crate::docs::files::decode(bytes, &name)
                    .map_err(|d| Failure::Content(vec![d]))?;
                Ok(Input {
                    name,
                    text,
                    from_file: false,
                })
            }
        }
    }
}

/// The command line as data (every command, option, default and accepted value, as `--help`
/// says them), for the command-line page ([`crate::emit::cli_page`]).
pub fn command_line() -> CommandLine {
    let mut command = Args::command();
    command.build();
    let text = |s: Option<&clap::builder::StyledStr>| s.map(|s| s.to_string()).unwrap_or_default();
    let usage = |command: &mut clap::Command| {
        let usage = command.render_usage().to_string();
        usage.strip_prefix("Usage: ").unwrap_or(&usage).to_owned()
    };
    let args = |command: &clap::Command, global: Option<bool>| -> Vec<command_line::Arg> {
        let mut positional: Vec<command_line::Arg> = Vec::new();
        let mut options: Vec<command_line::Arg> = Vec::new();
        for arg in command.get_arguments().filter(|a| !a.is_hide_set()) {
            if global.is_some_and(|g| g != arg.is_global_set()) {
                continue;
            }
            let values = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| command_line::Value {
                    name: v.get_name().to_owned(),
                    help: v.get_help().map(ToString::to_string),
                })
                .collect();
            let syntax = match (arg.get_short(), arg.is_positional()) {
                (Some(short), false) => format!("-{short}, {arg}"),
                _ => arg.to_string(),
            };
            // A switch's `false` is no default worth saying.
            let default: Vec<String> = if arg.get_action().takes_values() {
                arg.get_default_values()
                    .iter()
                    .map(|v| v.to_string_lossy().into_owned())
                    .collect()
            } else {
                Vec::new()
            };
            let entry = command_line::Arg {
                syntax,
                help: text(arg.get_long_help().or(arg.get_help())),
                default: (!default.is_empty()).then(|| default.join(", ")),
                values,
            };
            if arg.is_positional() {
                positional.push(entry);
            } else {
                options.push(entry);
            }
        }
        positional.extend(options);
        positional
    };
    let commands = command
        .get_subcommands_mut()
        .filter(|c| !c.is_hide_set() && c.get_name() != "help")
        .map(|sub| command_line::Subcommand {
            name: sub.get_name().to_owned(),
            about: text(sub.get_long_about().or(sub.get_about())),
            usage: usage(sub),
            args: args(sub, Some(false)),
        })
        .collect();
    CommandLine {
        name: command.get_name().to_owned(),
        about: text(command.get_about()),
        usage: usage(&mut command),
        global: args(&command, Some(true)),
        own: args(&command, Some(false)),
        commands,
        after_help: text(command.get_after_help()),
    }
}

/// Runs the command line on the model of `registry` and returns the exit code.
pub fn main(registry: Registry) -> i32 {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(err) => {
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return code;
        }
    };
    let quiet = args.quiet;
    match run(args, registry) {
        Ok(code) => code,
        Err(failure) => {
            if !(quiet && matches!(failure, Failure::Content(ref d) if d.is_empty())) {
                eprintln!("{failure}");
            }
            failure.exit_code()
        }
    }
}

/// Options every subcommand reads.
struct Global {
    quiet: bool,
    verbose: bool,
    started: Instant,
}

/// Runs parsed arguments; returns the exit code of a run that did not fail outright.
pub fn run(args: Args, registry: Registry) -> Result<i32, Failure> {
    let global = Global {
        quiet: args.quiet,
        verbose: args.verbose,
        started: Instant::now(),
    };
    let invoked_as = std::env::args_os().next().and_then(|arg0| {
        let name = std::path::Path::new(&arg0).file_stem()?;
        Some(name.to_string_lossy().into_owned())
    });
    let options = LoadOptions {
        start: args.root.clone(),
        templates: args.templates.clone(),
        registry,
        invoked_as,
        changed_sources: Vec::new(),
        command_line: Some(command_line()),
    };
    let command = args.command.unwrap_or(Command::Generate {
        check: args.check,
        only: None,
    });
    let mut options = options;
    let mut stale_as_json = false;
    if let Command::Expand {
        changed_source,
        format,
        ..
    } = &command
    {
        options.changed_sources = changed_source.clone();
        stale_as_json = *format == Format::Json;
    }
    let ctx = match Context::load(&options) {
        // What the plugin reads to know it must rebuild the binary first.
        Err(Failure::Stale(why)) if stale_as_json => {
            println!("{}", serde_json::json!({ "stale": why }));
            return Ok(2);
        }
        loaded => loaded?,
    };
    let code = match command {
        Command::Generate { check, only } => {
            generate(&ctx, &global, check || args.check, only.as_deref())
        }
        Command::Expand {
            style,
            strict,
            stdin_name,
            format,
            examples,
            files,
            changed_source: _,
        } => {
            let inputs = expand_inputs(&files, stdin_name, format)?;
            expand(&ctx, style.as_deref(), inputs, format, examples, strict)
        }
        Command::Check {
            format,
            strict,
            files,
        } => check(&ctx, &global, format, strict, &files),
        Command::Diff { against, format } => diff(&ctx, &global, &against, format),
        Command::Schema { r#type } => schema(&ctx, r#type),
    };
    // The process ends next: freeing the model, the templates and the compiled schemas would
    // only cost time (a few percent of the job).
    std::mem::forget(ctx);
    code
}

/// `codegen [generate]`: the job, its warnings and its summary.
fn generate(
    ctx: &Context,
    global: &Global,
    check: bool,
    only: Option<&str>,
) -> Result<i32, Failure> {
    let stages = job::select(only)?;
    let summary = job::run_selected(ctx, &stages, check)?;
    if global.quiet {
        return Ok(0);
    }
    for warning in &summary.warnings {
        eprintln!("{warning}");
    }
    if global.verbose {
        for (stage, took) in &summary.stages {
            eprintln!("  {stage:<12} {:>8.2} ms", took.as_secs_f64() * 1e3);
        }
        for file in &summary.report.written {
            eprintln!("  wrote {}", file.display());
        }
        for file in &summary.report.removed {
            eprintln!("  removed {}", file.display());
        }
    }
    let took = global.started.elapsed().as_secs_f64() * 1e3;
    if check {
        eprintln!(
            "codegen: {} files up to date ({took:.1} ms)",
            summary.produced
        );
    } else {
        eprintln!(
            "codegen: {} files: {} written, {} unchanged, {} removed ({took:.1} ms)",
            summary.produced,
            summary.report.written.len(),
            summary.report.unchanged.len(),
            summary.report.removed.len()
        );
    }
    Ok(0)
}

/// `codegen expand`: one page, expanded, on standard output. Warnings go to standard error; any
/// error (with `strict`, any warning) fails the command (exit 1) with every diagnostic and
/// prints no page. With `--format json`, every page's text and diagnostics as one document
/// (exit 1 when any page has an error).
fn expand(
    ctx: &Context,
    style: Option<&str>,
    inputs: Vec<Input>,
    format: Format,
    examples: bool,
    strict: bool,
) -> Result<i32, Failure> {
    let pages: Vec<_> = inputs
        .iter()
        .map(|i| (i.name.as_path(), i.text.as_str()))
        .collect();
    let mut batch = crate::docs::batch::expand_pages(ctx, style, &pages, examples)?;
    if strict {
        batch.warnings_as_errors();
    }
    if format == Format::Json {
        write_stdout(batch.to_json().as_bytes())?;
        return Ok(if batch.has_errors() { 1 } else { 0 });
    }
    let page = batch.pages.swap_remove(0);
    if batch.has_errors() {
        return Err(Failure::Content(page.diagnostics));
    }
    for warning in &page.diagnostics {
        eprintln!("{warning}");
    }
    write_stdout(page.text.as_bytes())?;
    Ok(0)
}

/// The pages `codegen expand` reads: the files, or standard input (named `stdin_name`).
fn expand_inputs(
    files: &[PathBuf],
    stdin_name: Option<PathBuf>,
    format: Format,
) -> Result<Vec<Input>, Failure> {
    if files.len() > 1 && format == Format::Text {
        return Err(Failure::Usage(
            "expand prints one page as text: give one FILE, or --format json for several".into(),
        ));
    }
    let stdin = files.iter().filter(|f| f.as_os_str() == "-").count();
    if stdin > 1 {
        return Err(Failure::Usage(
            "standard input (`-`) can be given only once".into(),
        ));
    }
    if stdin_name.is_some() && stdin == 0 && !files.is_empty() {
        return Err(Failure::Usage(
            "--stdin-name names the page read from standard input: give `-` as FILE".into(),
        ));
    }
    let mut inputs = Vec::with_capacity(files.len().max(1));
    for file in files
        .iter()
        .map(Some)
        .chain(files.is_empty().then_some(None))
    {
        inputs.push(Input::read(file, stdin_name.as_ref())?);
    }
    Ok(inputs)
}

/// `codegen check`: the examples report on standard output (also under `--quiet` when it
/// failed); exit 1 when it failed.
fn check(
    ctx: &Context,
    global: &Global,
    format: Format,
    strict: bool,
    files: &[PathBuf],
) -> Result<i32, Failure> {
    let report = crate::docs::examples::check_files(ctx, files)?;
    let failed = report.failed(strict);
    let text = match format {
        Format::Json => report.to_json(strict),
        Format::Text => report.to_text(strict),
    };
    if !global.quiet || failed {
        write_stdout(text.as_bytes())?;
    }
    Ok(if failed { 1 } else { 0 })
}

/// `codegen diff`: the breaking-change report on standard output (also under `--quiet` when
/// it fails); exit 1 on a breaking change not acknowledged.
fn diff(ctx: &Context, global: &Global, against: &str, format: DiffFormat) -> Result<i32, Failure> {
    let format = match format {
        DiffFormat::Text => crate::diff::Format::Text,
        DiffFormat::Json => crate::diff::Format::Json,
        DiffFormat::Markdown => crate::diff::Format::Markdown,
    };
    let outcome = crate::diff::command(ctx, &crate::diff::Against::parse(Some(against)), format)?;
    if !global.quiet || outcome.failed {
        write_stdout(outcome.text.as_bytes())?;
    }
    Ok(if outcome.failed { 1 } else { 0 })
}

/// `codegen schema`: the JSON Schema of one type on standard output.
fn schema(ctx: &Context, name: Option<String>) -> Result<i32, Failure> {
    let name = match name {
        Some(name) => name,
        None => ctx
            .config
            .schemas
            .first()
            .map(|s| s.root.clone())
            .ok_or_else(|| Failure::Usage("no type given and no [[schemas]] configured".into()))?,
    };
    let text = json_schema::schema_text(ctx, &name)?;
    write_stdout(text.as_bytes())?;
    Ok(0)
}

fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|err| Failure::Usage(format!("cannot write to standard output: {err}")))
}
