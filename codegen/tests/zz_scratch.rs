#[test]
fn old_vs_new() {
    let before: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("/tmp/29b-old.json").unwrap()).unwrap();
    let after: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("/tmp/29b-new.json").unwrap()).unwrap();
    for c in confspec::diff::compare(&before, &after).unwrap() {
        println!("{c:?}");
    }
}
