//! The `codegen` command: parse the arguments, run, map the outcome to an exit code.

fn main() {
    std::process::exit(codegen::cli::main());
}
