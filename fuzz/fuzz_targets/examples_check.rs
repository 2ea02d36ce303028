//! Fuzz target `examples_check`: see `harness::examples_check`.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::examples_check(data));
