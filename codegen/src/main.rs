//! The `codegen` command of this workspace: confspec's command line on dstack's model, whose
//! types `build.rs` registers (as any project's binary does).

fn main() {
    std::process::exit(confspec::run(codegen::registry()));
}
