//! In-process timings of each stage of the job, on the project's own model and on synthetic
//! models of 100, 1,000 and 10,000 types (`common/synthetic.rs`), with divan.
//!
//! ```sh
//! cargo bench -p codegen --bench stages                 # everything
//! cargo bench -p codegen --bench stages -- project      # the project's model only
//! cargo bench -p codegen --bench stages -- scaling      # the synthetic models only
//! ```
//!
//! The seed page is dstack's own reference page (`../shared/seed/server-config.yml.md`) when it
//! exists, else the project's reference page. Under `cargo test --all-targets` divan runs each
//! benchmark once without measuring, as a smoke test, and the scaling benchmarks only at 100
//! types. Whole processes are timed by `scripts/bench-compare.sh` (hyperfine).

#[path = "common/synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use confspec::context::{Context, LoadOptions};
use divan::Bencher;
use synthetic::Synthetic;

fn main() {
    divan::main();
}

/// Whether divan measures (`cargo bench`), rather than running each benchmark once as a test.
fn measuring() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// The model sizes of the scaling benchmarks (only the smallest when not measuring).
fn sizes() -> &'static [usize] {
    if measuring() {
        &[100, 1_000, 10_000]
    } else {
        &[100]
    }
}

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The project of this checkout, loaded once.
fn project() -> &'static Context {
    static CONTEXT: OnceLock<Context> = OnceLock::new();
    CONTEXT.get_or_init(|| {
        Context::load(&LoadOptions {
            start: Some(workspace()),
            templates: None,
            registry: codegen::registry(),
            invoked_as: None,
            changed_sources: Vec::new(),
            command_line: None,
        })
        .expect("the project loads")
    })
}

/// The seed page: its path and text.
fn seed() -> &'static (PathBuf, String) {
    static SEED: OnceLock<(PathBuf, String)> = OnceLock::new();
    SEED.get_or_init(|| {
        let shared = workspace().join("../shared/seed/server-config.yml.md");
        let path = if shared.is_file() {
            shared
        } else {
            eprintln!(
                "../shared/seed is absent: the seed benchmarks use the project's reference page"
            );
            workspace().join("site/pages/reference/server/config.yml.md")
        };
        let text = std::fs::read_to_string(&path).expect("the seed page reads");
        (path, text)
    })
}

/// Each stage on the project's own model and site.
mod project {
    use super::*;

    /// Registry and schema IR: every registered type's schemars schema, read into the IR.
    #[divan::bench]
    fn build_model() -> confspec::ir::Model {
        confspec::context::build_model(&codegen::registry()).expect("the model builds")
    }

    /// JSON Schema: every configured schema, from schemars to the reshaped text.
    #[divan::bench]
    fn json_schema(bencher: Bencher) {
        let ctx = project();
        bencher.bench(|| {
            ctx.config
                .schemas
                .iter()
                .map(|s| {
                    confspec::emit::json_schema::schema_text(ctx, &s.root)
                        .expect("the schema renders")
                        .len()
                })
                .sum::<usize>()
        });
    }

    /// Directive expansion of the seed page, in the hook's `compat` style and in the `default`
    /// style (the expander, which resolves paths and loads the style, built once per run).
    #[divan::bench(args = ["compat", "default"])]
    fn expand_seed(bencher: Bencher, style: &str) {
        let ctx = project();
        let (path, text) = seed();
        let expander =
            confspec::docs::pages::Expander::new(ctx, Some(style)).expect("the style loads");
        bencher.bench(|| {
            let expanded = expander.expand(path, text);
            assert!(!expanded.has_errors(), "{:?}", expanded.diagnostics);
            expanded.text.len()
        });
    }

    /// The YAML examples of the seed page, as one run checks them: rules read, the JSON Schema
    /// compiled, each block loaded, round-tripped and validated.
    #[divan::bench]
    fn examples_seed(bencher: Bencher) {
        let ctx = project();
        let (path, text) = seed();
        bencher.bench(|| {
            confspec::docs::examples::check_text(ctx, path, text)
                .expect("the check runs")
                .examples
                .len()
        });
    }

    /// The TypeScript package.
    #[divan::bench]
    fn typescript(bencher: Bencher) {
        let ctx = project();
        let settings = ctx
            .config
            .typescript
            .as_ref()
            .expect("[typescript] is configured");
        bencher.bench(|| {
            confspec::emit::typescript::render_package(&ctx.model, settings, &ctx.templates)
                .expect("the package renders")
                .len()
        });
    }

    /// The Python package.
    #[divan::bench]
    fn python(bencher: Bencher) {
        let ctx = project();
        let settings = ctx.config.python.as_ref().expect("[python] is configured");
        bencher.bench(|| {
            confspec::emit::python::package(&ctx.model, settings, &ctx.templates)
                .expect("the package renders")
                .len()
        });
    }
}

/// Synthetic models of growing size: each stage after the registry, and all of them together.
mod scaling {
    use super::*;

    /// A synthetic project of `types` types, its pages written to a temporary directory.
    struct Project {
        synthetic: Synthetic,
        ctx: Context,
        _dir: tempfile::TempDir,
    }

    fn project(types: usize) -> Project {
        let synthetic = Synthetic::new(types);
        let dir = tempfile::tempdir().expect("a temporary directory");
        let ctx = synthetic.context(dir.path());
        Project {
            synthetic,
            ctx,
            _dir: dir,
        }
    }

    fn stage(bencher: Bencher, types: usize, name: &str) {
        let p = project(types);
        let (_, stage) = synthetic::STAGES
            .iter()
            .find(|(n, _)| *n == name)
            .expect("a known stage");
        bencher.bench_local(|| synthetic::run_stage(&p.ctx, *stage));
    }

    /// The IR, from the draft-07 definitions.
    #[divan::bench(args = sizes(), sample_count = 10, sample_size = 1)]
    fn ir(bencher: Bencher, types: usize) {
        let synthetic = Synthetic::new(types);
        bencher.bench_local(|| black_box(synthetic.model()));
    }

    /// JSON Schema.
    #[divan::bench(args = sizes(), sample_count = 10, sample_size = 1)]
    fn json_schema(bencher: Bencher, types: usize) {
        stage(bencher, types, "json-schema");
    }

    /// Every page (one per ten types, seven directives each), read from disk and expanded.
    #[divan::bench(args = sizes(), sample_count = 10, sample_size = 1)]
    fn pages(bencher: Bencher, types: usize) {
        stage(bencher, types, "pages");
    }

    /// The TypeScript package.
    #[divan::bench(args = sizes(), sample_count = 10, sample_size = 1)]
    fn typescript(bencher: Bencher, types: usize) {
        stage(bencher, types, "typescript");
    }

    /// The Python package.
    #[divan::bench(args = sizes(), sample_count = 10, sample_size = 1)]
    fn python(bencher: Bencher, types: usize) {
        stage(bencher, types, "python");
    }

    /// Everything after the registry: the IR from the definitions, the templates, and every
    /// stage above.
    #[divan::bench(args = sizes(), sample_count = 10, sample_size = 1)]
    fn after_registry(bencher: Bencher, types: usize) {
        let p = project(types);
        let root: &Path = &p.ctx.root;
        bencher.bench_local(|| {
            let ctx = Context {
                root: root.to_path_buf(),
                config: p.ctx.config.clone(),
                model: p.synthetic.model(),
                templates: confspec::templates::environment(None).expect("the templates load"),
                types: &[],
                refresh: "codegen".to_owned(),
                json_schemas: Default::default(),
                validators: Default::default(),
                command_line: None,
            };
            synthetic::run_job(&ctx).len()
        });
    }
}
