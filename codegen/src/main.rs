//! The `codegen` command of this workspace: the library's command line on the dstack model,
//! whose types `build.rs` registers (as any project's codegen binary does).

fn main() {
    std::process::exit(codegen::run(codegen::types!()));
}
