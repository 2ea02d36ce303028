//! Runs the job after the registry once on a synthetic model of N types (default 10,000) and
//! one page per ten types, and prints each stage's time and the output sizes. For peak memory:
//!
//! ```sh
//! cargo build --release -p codegen --example scale
//! /usr/bin/time -v target/release/examples/scale 10000   # "Maximum resident set size"
//! ```
//!
//! `scale N --repeat K` runs the job K times and prints the median of each stage (the
//! benchmarks' scaling figures come from `cargo bench -p codegen --bench stages`).

#[path = "../benches/common/synthetic.rs"]
mod synthetic;

use std::time::{Duration, Instant};

use synthetic::Synthetic;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut types = 10_000;
    let mut repeat = 1;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--repeat" => {
                repeat = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("--repeat takes a number")
            }
            n => types = n.parse().expect("usage: scale [TYPES] [--repeat K]"),
        }
    }
    let started = Instant::now();
    let model = Synthetic::new(types);
    let dir = std::env::temp_dir().join(format!("codegen-scale-{}", std::process::id()));
    let ctx = model.context(&dir);
    let setup = started.elapsed();

    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); synthetic::STAGES.len()];
    let mut produced = (0, 0);
    for _ in 0..repeat {
        let mut outputs = codegen::output::Outputs::default();
        let mut diagnostics = Vec::new();
        for (i, (name, stage)) in synthetic::STAGES.iter().enumerate() {
            let start = Instant::now();
            stage(&ctx, &model, &mut outputs, &mut diagnostics)
                .unwrap_or_else(|f| panic!("stage {name} failed: {f:?}"));
            times[i].push(start.elapsed());
        }
        produced = (
            outputs.len(),
            outputs.files().map(|(_, bytes)| bytes.len()).sum::<usize>(),
        );
    }
    std::fs::remove_dir_all(&dir).ok();

    println!(
        "{} types, {} pages: model and pages built in {:.1} ms",
        ctx.model.types.len(),
        model.pages.len(),
        setup.as_secs_f64() * 1e3
    );
    let mut total = 0.0;
    for ((name, _), samples) in synthetic::STAGES.iter().zip(&mut times) {
        samples.sort();
        let median = samples[samples.len() / 2].as_secs_f64() * 1e3;
        total += median;
        println!("  {name:12} {median:9.2} ms");
    }
    println!("  {:12} {total:9.2} ms", "total");
    println!(
        "  outputs: {} files, {:.1} MiB",
        produced.0,
        produced.1 as f64 / (1024.0 * 1024.0)
    );
}
