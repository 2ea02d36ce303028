//! The command line: subcommands, flags, summaries and exit codes.
//!
//! Exit codes: 0 success; 1 the content has a problem (stale file, failed check, bad directive,
//! undocumented field, template error); 2 the invocation is wrong (bad flag, unreadable file).

use std::io::Read as _;
use std::path::PathBuf;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

use crate::context::{Context, LoadOptions};
use crate::diagnostics::Failure;
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

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The whole job: schema, pages, examples check, bindings.
    Generate {
        /// Compare instead of writing; fail naming each stale, missing or orphaned file.
        #[arg(long)]
        check: bool,
    },
    /// Expand the directives of one page and print it.
    Expand {
        /// The rendering style (the configured one by default).
        #[arg(long, value_enum)]
        style: Option<Style>,
        /// The page (`-` or nothing for standard input).
        file: Option<PathBuf>,
    },
    /// Check the YAML examples of the docs against the model.
    Check {
        /// The report format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Make "not checked" examples errors.
        #[arg(long)]
        strict: bool,
        /// Pages to check (every configured page by default).
        files: Vec<PathBuf>,
    },
    /// Print the JSON Schema of a type (the first configured root by default).
    Schema {
        /// The type's name.
        r#type: Option<String>,
    },
}

/// Reference rendering styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Style {
    /// dstack's hook format, byte for byte.
    Compat,
    /// Friendly types, explicit requiredness, real defaults, unique ids.
    Default,
}

impl Style {
    /// The style's name.
    pub fn name(self) -> &'static str {
        match self {
            Style::Compat => "compat",
            Style::Default => "default",
        }
    }
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `file:line:column: message` lines and a summary.
    Text,
    /// The same, as JSON.
    Json,
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
    fn read(file: Option<&PathBuf>) -> Result<Input, Failure> {
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
                let text = crate::docs::files::decode(bytes, std::path::Path::new("<stdin>"))
                    .map_err(|d| Failure::Content(vec![d]))?;
                Ok(Input {
                    name: PathBuf::from("<stdin>"),
                    text,
                    from_file: false,
                })
            }
        }
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

/// Runs parsed arguments; returns the exit code of a run that did not fail outright.
pub fn run(args: Args, registry: Registry) -> Result<i32, Failure> {
    let started = Instant::now();
    let invoked_as = std::env::args_os().next().and_then(|arg0| {
        let name = std::path::Path::new(&arg0).file_stem()?;
        Some(name.to_string_lossy().into_owned())
    });
    let options = LoadOptions {
        start: args.root.clone(),
        templates: args.templates.clone(),
        registry,
        invoked_as,
    };
    let command = args
        .command
        .unwrap_or(Command::Generate { check: args.check });
    let ctx = Context::load(&options)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match command {
        Command::Generate { check } => {
            let check = check || args.check;
            let summary = job::run(&ctx, check)?;
            if !args.quiet {
                for warning in &summary.warnings {
                    eprintln!("{warning}");
                }
                if args.verbose {
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
                let took = started.elapsed().as_secs_f64() * 1e3;
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
            }
            Ok(0)
        }
        Command::Expand { style, file } => {
            let input = Input::read(file.as_ref())?;
            let text = crate::docs::pages::expand_command(&ctx, style.map(Style::name), &input)?;
            write_stdout(&mut out, text.as_bytes())?;
            Ok(0)
        }
        Command::Check {
            format,
            strict,
            files,
        } => {
            let (report, failed) =
                crate::docs::examples::check_command(&ctx, format == Format::Json, strict, &files)?;
            if !args.quiet || failed {
                write_stdout(&mut out, report.as_bytes())?;
            }
            Ok(if failed { 1 } else { 0 })
        }
        Command::Schema { r#type } => {
            let name = match r#type {
                Some(name) => name,
                None => ctx
                    .config
                    .schemas
                    .first()
                    .map(|s| s.root.clone())
                    .ok_or_else(|| {
                        Failure::Usage("no type given and no [[schemas]] configured".into())
                    })?,
            };
            let text = job::schema_text(&ctx, &name)?;
            write_stdout(&mut out, text.as_bytes())?;
            Ok(0)
        }
    }
}

fn write_stdout(out: &mut impl std::io::Write, bytes: &[u8]) -> Result<(), Failure> {
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|err| Failure::Usage(format!("cannot write to standard output: {err}")))
}
