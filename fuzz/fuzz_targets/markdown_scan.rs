//! Fuzz target `markdown_scan`: see `harness::markdown_scan`.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::markdown_scan(data));
