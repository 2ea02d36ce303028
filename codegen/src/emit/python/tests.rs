//! Unit tests of the Python emitter on hand-built models.

use super::*;

#[test]
fn strings_are_escaped() {
    assert_eq!(py_str(r#"a "b" \c"#), r#""a \"b\" \\c""#);
}
