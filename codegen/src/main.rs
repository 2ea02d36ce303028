//! The `codegen` command of this workspace: confspec's command line on dstack's model, whose
//! crates register their own types (`codegen::registry`).

fn main() {
    std::process::exit(confspec::run(codegen::registry()));
}
