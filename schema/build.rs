//! Lists the model's deprecated fields with their notes (schemars keeps only `"deprecated":
//! true`), so that [`load_with_warnings`](src/lib.rs) can say what replaces each one: those of
//! both model crates this crate re-exports.

use std::path::Path;

fn main() {
    confspec_build::write_deprecated_fields_of(&[
        Path::new("../schema-server/src"),
        Path::new("../schema-configurations/src"),
    ]);
}
