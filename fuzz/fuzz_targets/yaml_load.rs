//! Fuzz target `yaml_load`: see `harness::yaml_load`.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::yaml_load(data));
