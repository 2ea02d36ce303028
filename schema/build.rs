//! Lists the model's deprecated fields with their notes (schemars keeps only `"deprecated":
//! true`), so that [`load_with_warnings`](src/lib.rs) can say what replaces each one.

fn main() {
    confspec_build::write_deprecated_fields("src");
}
