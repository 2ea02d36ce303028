//! Runs the job after the registry on a synthetic model of N types (default 10,000) and one
//! page per ten types, and prints each stage's time (wall clock and, on Linux, the CPU time of
//! the thread, which a loaded machine does not inflate) and the output sizes. For peak memory:
//!
//! ```sh
//! cargo build --release -p codegen --example scale
//! /usr/bin/time -v target/release/examples/scale 10000   # "Maximum resident set size"
//! ```
//!
//! Each stage is timed alone, then the whole job (every stage in turn, as `codegen` runs them):
//! its wall time and the CPU time of the process.
//!
//! Options: `--repeat K` runs the job K times and prints the median of each stage;
//! `--stage NAME` runs only that stage (`json-schema`, `pages`, `typescript`, `python`), for a
//! profile of it (`valgrind --tool=callgrind`), or only the job (`--stage job`, for its peak
//! memory); `--templates DIR` overrides the embedded
//! templates file by file, as `codegen --templates DIR` does, to try a template's cost at scale.
//! The in-process benchmarks are `cargo bench -p codegen --bench stages`.

#[path = "../benches/common/synthetic.rs"]
mod synthetic;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use synthetic::Synthetic;

/// The CPU time of this thread so far, when the system tells it (Linux).
fn cpu_time() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// The CPU time of the whole process so far (every thread), in clock ticks of 10 ms (Linux).
fn process_cpu_time() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses: utime and stime are the
    // 12th and 13th of them.
    let fields: Vec<&str> = text.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn median(samples: &mut [Duration]) -> f64 {
    samples.sort();
    samples[samples.len() / 2].as_secs_f64() * 1e3
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut types = 10_000;
    let mut repeat = 1;
    let mut only: Option<String> = None;
    let mut templates: Option<PathBuf> = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--repeat" => {
                repeat = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("--repeat takes a number")
            }
            "--stage" => only = Some(args.next().expect("--stage takes a stage name")),
            "--templates" => {
                templates = Some(args.next().expect("--templates takes a directory").into())
            }
            n => {
                types = n
                    .parse()
                    .expect("usage: scale [TYPES] [--repeat K] [--stage NAME] [--templates DIR]")
            }
        }
    }
    let started = Instant::now();
    let mut model = Synthetic::new(types);
    let dir = std::env::temp_dir().join(format!("codegen-scale-{}", std::process::id()));
    let ctx = model.context_with(&dir, templates.as_deref());
    // The job holds the IR, not schemars' definitions.
    model.definitions = Vec::new();
    let setup = started.elapsed();

    let stages: Vec<&(&str, synthetic::Stage)> = synthetic::STAGES
        .iter()
        .filter(|(name, _)| only.as_deref().is_none_or(|o| o == *name))
        .collect();
    let job = only.as_deref().is_none_or(|o| o == "job");
    assert!(job || !stages.is_empty(), "unknown stage {only:?}");
    let mut wall: Vec<Vec<Duration>> = vec![Vec::new(); stages.len()];
    let mut cpu: Vec<Vec<Duration>> = vec![Vec::new(); stages.len()];
    let mut produced = (0, 0);
    for _ in 0..repeat {
        let mut outputs = confspec::output::Outputs::default();
        let mut diagnostics = Vec::new();
        for (i, (name, stage)) in stages.iter().enumerate() {
            let (start, start_cpu) = (Instant::now(), cpu_time());
            stage(&ctx, &mut outputs, &mut diagnostics)
                .unwrap_or_else(|f| panic!("stage {name} failed: {f:?}"));
            wall[i].push(start.elapsed());
            if let (Some(before), Some(after)) = (start_cpu, cpu_time()) {
                cpu[i].push(after - before);
            }
        }
        produced = (
            outputs.len(),
            outputs.files().map(|(_, bytes)| bytes.len()).sum::<usize>(),
        );
    }
    // The job as codegen runs it.
    let mut job_wall = Vec::new();
    let mut job_cpu = Vec::new();
    if job {
        for _ in 0..repeat {
            let (start, start_cpu) = (Instant::now(), process_cpu_time());
            let outputs = synthetic::run_job(&ctx);
            job_wall.push(start.elapsed());
            if let (Some(before), Some(after)) = (start_cpu, process_cpu_time()) {
                job_cpu.push(after - before);
            }
            assert!(stages.len() < synthetic::STAGES.len() || outputs.len() == produced.0);
            produced = (
                outputs.len(),
                outputs.files().map(|(_, bytes)| bytes.len()).sum::<usize>(),
            );
        }
    }
    std::fs::remove_dir_all(&dir).ok();

    println!(
        "{} types, {} pages: model and pages built in {:.1} ms",
        ctx.model.types.len(),
        model.pages.len(),
        setup.as_secs_f64() * 1e3
    );
    println!("  {:12} {:>9} {:>9}", "stage", "wall ms", "cpu ms");
    let (mut total, mut total_cpu) = (0.0, 0.0);
    for (((name, _), w), c) in stages.iter().zip(&mut wall).zip(&mut cpu) {
        let w = median(w);
        total += w;
        if c.is_empty() {
            println!("  {name:12} {w:9.2} {:>9}", "-");
        } else {
            let c = median(c);
            total_cpu += c;
            println!("  {name:12} {w:9.2} {c:9.2}");
        }
    }
    if stages.len() > 1 {
        println!("  {:12} {total:9.2} {total_cpu:9.2}", "sum");
    }
    if !job_wall.is_empty() {
        let cpu = if job_cpu.is_empty() {
            "-".to_owned()
        } else {
            format!("{:.0}", median(&mut job_cpu))
        };
        println!(
            "  {:12} {:9.2} {cpu:>9}   (CPU of the process, in 10 ms ticks)",
            "job",
            median(&mut job_wall)
        );
    }
    println!(
        "  outputs: {} files, {:.1} MiB",
        produced.0,
        produced.1 as f64 / (1024.0 * 1024.0)
    );
}
