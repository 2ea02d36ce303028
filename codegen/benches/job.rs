//! In-process timings of the whole job and of its JSON Schema stage, with divan.
//!
//! `cargo bench -p codegen` runs them; `scripts/bench.sh` times the release binary from the
//! outside with hyperfine. Under `cargo test --all-targets` divan runs each benchmark once, as
//! a smoke test, without measuring.

use std::path::PathBuf;

use confspec::context::{Context, LoadOptions};

fn main() {
    divan::main();
}

/// The project of this checkout.
fn options() -> LoadOptions {
    LoadOptions {
        start: Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")),
        templates: None,
        registry: codegen::registry(),
        invoked_as: None,
        changed_sources: Vec::new(),
        command_line: None,
    }
}

/// What `codegen --check` does before comparing: load the project, produce every output.
#[divan::bench]
fn whole_job() -> usize {
    let ctx = Context::load(&options()).expect("the project loads");
    let (outputs, _) = confspec::job::produce(&ctx).expect("the job succeeds");
    outputs.len()
}

/// Loading alone: settings, the IR of every model type, the templates.
#[divan::bench]
fn context_load() -> Context {
    Context::load(&options()).expect("the project loads")
}

/// Every stage on a loaded project.
#[divan::bench]
fn produce(bencher: divan::Bencher) {
    let ctx = Context::load(&options()).expect("the project loads");
    bencher.bench_local(|| {
        // Each run makes the JSON Schema documents anew, as a process does.
        ctx.json_schemas.clear();
        ctx.validators.clear();
        confspec::job::produce(&ctx)
            .expect("the job succeeds")
            .0
            .len()
    });
}

/// The JSON Schema stage alone: every configured schema, from schemars to the reshaped text.
#[divan::bench]
fn json_schema_stage(bencher: divan::Bencher) {
    let ctx = Context::load(&options()).expect("the project loads");
    bencher.bench_local(|| {
        ctx.config
            .schemas
            .iter()
            .map(|s| {
                confspec::emit::json_schema::schema_text(&ctx, &s.root)
                    .expect("the schema renders")
                    .len()
            })
            .sum::<usize>()
    });
}
