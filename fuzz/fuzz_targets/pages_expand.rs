//! Fuzz target `pages_expand`: see `harness::pages_expand`.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::pages_expand(data));
