//! The command line described as data: every command with its usage, arguments, options,
//! defaults and accepted values, as [`crate::cli`] defines them. The command-line page of a
//! project's site ([`crate::emit::cli_page`]) is rendered from it, so the page cannot drift
//! from the binary.

use serde::Serialize;

/// The whole command line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommandLine {
    /// The command as a user types it (`codegen`).
    pub name: String,
    /// What it does, in one sentence.
    pub about: String,
    /// `codegen [OPTIONS] [COMMAND]`.
    pub usage: String,
    /// Options every command takes (`--root`, `-q`...).
    pub global: Vec<Arg>,
    /// Options of the command run without a subcommand (`--check`).
    pub own: Vec<Arg>,
    /// The subcommands, in the order `--help` lists them.
    pub commands: Vec<Subcommand>,
    /// What `--help` prints after the options (the exit codes).
    pub after_help: String,
}

/// One subcommand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subcommand {
    /// Its name (`expand`).
    pub name: String,
    /// What it does (the whole help text).
    pub about: String,
    /// `codegen expand [OPTIONS] [FILES]...`.
    pub usage: String,
    /// Its arguments and options, positional arguments first.
    pub args: Vec<Arg>,
}

/// One argument or option.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Arg {
    /// How it is written: `--style <STYLE>`, `-q, --quiet`, `[FILES]...`.
    pub syntax: String,
    /// What it does.
    pub help: String,
    /// Its default, when it has one.
    pub default: Option<String>,
    /// The values it accepts, when they are a closed set, each with its own help.
    pub values: Vec<Value>,
}

/// One accepted value of an argument.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Value {
    /// The value.
    pub name: String,
    /// What it means, when said.
    pub help: Option<String>,
}
